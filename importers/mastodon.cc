// Mastodon account archive (docs/formats/mastodon.md): .tar.gz up to 4.0, .zip from 4.1, plus the CSV exports.
// [x] outbox.json Create/Note|Question -> post (HTML content and text, content warning,
//     visibility from to/cc, replies, polls, attachments with alt text, hashtags, mentions)
// [x] outbox.json Announce -> post (type share: a boost of the status URI)
// [x] outbox.json items of any other type -> activity (action: the type), kept whole in raw
// [x] actor.json -> profile (fields, avatar, header)
// [x] likes.json -> reaction (no time in the archive); bookmarks.json -> activity (bookmark)
// [x] media_attachments/... (any prefix, resolved by path suffix), avatar.*, header.*: every file
//     that is neither JSON nor a known CSV -> media store, linked from its status or the profile
// [x] following_accounts.csv, muted_accounts.csv, blocked_accounts.csv -> contact (full @user@host)
// [x] blocked_domains.csv -> contact (relation blocked_domain); bookmarks.csv -> activity (bookmark)
// [x] lists.csv -> group (the list) and contact (relation list_member)
// [ ] other .json files: kept as files
// [ ] followers, notifications, received DMs and edit history: not in the archive

#include <algorithm>
#include <set>

#include "importers/json_walk.h"
#include "ingest/csv_table.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/csv.h"
#include "lib/error.h"
#include "lib/html.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "mastodon";

// "https://social.example/users/alice" -> "social.example".
std::string host_of(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  url = url.substr(scheme + 3);
  return lower(url.substr(0, url.find_first_of("/?#")));
}

// The path of a URL without scheme and host ("https://h/a/b" -> "a/b"; "/a/b" -> "a/b").
std::string_view url_path(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    url = url.substr(scheme + 3);
    size_t slash = url.find('/');
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  while (!url.empty() && url[0] == '/') url.remove_prefix(1);
  return url;
}

bool is_outbox(const Archive& in, const Entry& e) {
  std::string head = in.head(e, 4096);
  return head.find("OrderedCollection") != std::string::npos && head.find("outbox.json") != std::string::npos;
}

// The account of the run: its actor URI and server, which name local accounts and the profile.
struct Account {
  bool known = false;
  std::string actor, host;
};

// Made on first use from the head of outbox.json (its first item names the actor; actor.json,
// read in an earlier pass, has the last word). The first use must come before a reader opens its
// entry, as reading another entry's head ends the stream open on the part: read_actor and
// read_outbox call it first, and they run in passes before the CSVs.
Account& account(ImportContext& c) {
  Account& a = c.state<Account>();
  if (a.known) return a;
  a.known = true;
  for (const Entry* e : c.in.find_suffix("outbox.json")) {
    if (!is_outbox(c.in, *e)) continue;
    std::string head = c.in.head(*e, 8192);
    size_t k = head.find("\"actor\"");
    if (k != std::string::npos) {
      size_t q1 = head.find('"', head.find(':', k) + 1), q2 = head.find('"', q1 + 1);
      if (q1 != std::string::npos && q2 != std::string::npos) a.actor = head.substr(q1 + 1, q2 - q1 - 1);
    }
    break;
  }
  a.host = host_of(a.actor);
  return a;
}

// An account address from the CSVs ("alice@social.example", "@alice@social.example", or a
// local "alice") as a contact's username and url; the full @user@host is kept for exporters.
void put_account(ImportContext& c, json& d, std::string_view acct) {
  acct = trim(acct);
  if (!acct.empty() && acct[0] == '@') acct.remove_prefix(1);
  std::string user(acct.substr(0, acct.find('@')));
  std::string host = acct.find('@') == std::string_view::npos ? account(c).host : lower(acct.substr(acct.find('@') + 1));
  d["username"] = "@" + user + (host.empty() ? "" : "@" + host);
  if (!host.empty()) d["url"] = "https://" + host + "/@" + user;
}

// to/cc are arrays, or a single string in hand-written or older documents.
std::vector<std::string> audience(JsonElement obj, std::string_view key) {
  std::vector<std::string> out;
  JsonElement v;
  if (!json_member(obj, key, v)) return out;
  simdjson::dom::array arr;
  if (!v.get_array().get(arr)) {
    for (JsonElement x : arr) out.push_back(json_text(x));
  } else {
    out.push_back(json_text(v));
  }
  return out;
}

bool is_public(const std::string& s) {
  return s == "https://www.w3.org/ns/activitystreams#Public" || s == "as:Public" || s == "Public";
}

// Mastodon's rule: #Public in to = public, in cc = unlisted, followers only = private, else direct.
std::string visibility(JsonElement activity) {
  auto to = audience(activity, "to"), cc = audience(activity, "cc");
  if (std::any_of(to.begin(), to.end(), is_public)) return "public";
  if (std::any_of(cc.begin(), cc.end(), is_public)) return "unlisted";
  auto followers = [](const std::string& s) { return s.size() > 10 && s.compare(s.size() - 10, 10, "/followers") == 0; };
  if (std::any_of(to.begin(), to.end(), followers) || std::any_of(cc.begin(), cc.end(), followers)) return "private";
  return "direct";
}

// An attachment url in the outbox: an archive path ("/media_attachments/files/..."), or the
// public URL in old archives; matched on what follows "media_attachments/" (stored under any
// prefix: opt/mastodon/public/system/... in samples/mastodon-2022), else on the path.
StoredMedia* find_media(ImportContext& c, std::string_view url) {
  size_t at = url.find("media_attachments/");
  if (at != std::string_view::npos)
    if (StoredMedia* m = c.media.find_suffix(url.substr(at))) return m;
  return c.media.find_suffix(url_path(url));
}

void read_note(ImportContext& c, const Entry& e, JsonElement act, JsonElement obj, const std::string& ptr) {
  std::string id = json_text_any(obj, {"id"});
  if (id.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "status without an id: skipped");
  Record r = make_record("post", platform, "status:" + id, e.path, ptr);
  json& d = r.data;
  auto time = parse_iso8601(json_text_any(obj, {"published"}));
  if (!time) time = parse_iso8601(json_text_any(act, {"published"}));
  if (time) set_time(r, *time);
  std::string html = json_text_any(obj, {"content"});
  put(d, "html", html);
  put(d, "text", html_to_text(html));
  std::string url = json_text_any(obj, {"url"});
  d["url"] = url.empty() ? id : url;
  d["visibility"] = visibility(act);
  put(d, "content_warning", json_text_any(obj, {"summary"}));
  if (json_path(obj, {"sensitive"}) == "true") d["sensitive"] = true;
  put(d, "reply_to", json_text_any(obj, {"inReplyTo"}));

  simdjson::dom::array arr;
  json media = json::array(), media_urls = json::array(), hashtags = json::array(), mentions = json::array();
  if (json_array(obj, "attachment", arr))
    for (JsonElement a : arr) {
      std::string u = json_text_any(a, {"url"});
      if (u.empty()) continue;
      std::string alt = json_text_any(a, {"name"});
      if (StoredMedia* file = find_media(c, u)) {
        json m = c.media.use(*file);
        put(m, "alt", alt);
        media.push_back(std::move(m));
      } else {
        media_urls.push_back(u);
        c.log.debug(c.in.where(e) + " " + ptr + ": attachment " + u + " is not in the archive");
      }
    }
  if (json_array(obj, "tag", arr))
    for (JsonElement t : arr) {
      std::string type = json_text_any(t, {"type"}), name = json_text_any(t, {"name"});
      if (name.empty()) continue;
      if (type == "Hashtag") {
        hashtags.push_back(name[0] == '#' ? name.substr(1) : name);
      } else if (type == "Mention") {
        // A local mention is "@bob": the server comes from its href.
        if (std::count(name.begin(), name.end(), '@') == 1) name += "@" + host_of(json_text_any(t, {"href"}));
        mentions.push_back(name[0] == '@' ? name : "@" + name);
      }
    }
  if (!media.empty()) d["media"] = std::move(media);
  if (!media_urls.empty()) d["media_urls"] = std::move(media_urls);
  if (!hashtags.empty()) d["hashtags"] = std::move(hashtags);
  if (!mentions.empty()) d["mentions"] = std::move(mentions);

  // Polls: a Question with oneOf (single choice) or anyOf (multiple).
  bool multiple = json_array(obj, "anyOf", arr);
  if (multiple || json_array(obj, "oneOf", arr)) {
    json options = json::array();
    for (JsonElement o : arr) {
      json one = {{"title", json_text_any(o, {"name"})}};
      JsonElement replies;
      if (json_member(o, "replies", replies))
        if (auto votes = json_int(replies, "totalItems")) one["votes"] = *votes;
      options.push_back(std::move(one));
    }
    json poll = {{"options", std::move(options)}, {"multiple", multiple}};
    if (auto end = parse_iso8601(json_text_any(obj, {"endTime", "closed"}))) poll["end"] = format_rfc3339(*end);
    if (auto voters = json_int(obj, "votersCount")) poll["voters"] = *voters;
    d["poll"] = std::move(poll);
  }
  json raw = json::object();
  put(raw, "uri", id);
  put(raw, "conversation", json_text_any(obj, {"conversation"}));
  JsonElement langs;
  simdjson::dom::object langs_obj;
  if (json_member(obj, "contentMap", langs) && !langs.get_object().get(langs_obj) && langs_obj.size() > 0)
    put(d, "language", std::string((*langs_obj.begin()).key));
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void read_item(ImportContext& c, const Entry& e, JsonElement act, const std::string& ptr) {
  std::string type = json_text_any(act, {"type"});
  JsonElement obj;
  bool embedded = json_member(act, "object", obj) && obj.is_object();
  if (type == "Create" && embedded) return read_note(c, e, act, obj, ptr);
  if (type == "Announce") {
    std::string id = json_text_any(act, {"id"});
    std::string target = embedded ? json_text_any(obj, {"id"}) : json_path(act, {"object"});
    Record r = make_record("post", platform, "boost:" + id, e.path, ptr);
    if (auto t = parse_iso8601(json_text_any(act, {"published"}))) set_time(r, *t);
    r.data["type"] = "share";
    r.data["repost"] = true;  // a boost of someone's status
    put(r.data, "url", target);
    r.data["visibility"] = visibility(act);
    r.data["raw"] = {{"uri", id}};
    return c.out.add(std::move(r));
  }
  // An item of a type this importer does not know: an activity named after its type, kept whole.
  json whole = to_nlohmann(act);
  if (!whole.is_object() || whole.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "empty outbox item: skipped");
  std::string id = json_text_any(act, {"id"});
  Record r = make_record("activity", platform, "outbox:" + (id.empty() ? whole.dump() : id), e.path, ptr);
  if (auto t = parse_iso8601(json_text_any(act, {"published"}))) set_time(r, *t);
  r.data["action"] = type.empty() ? "unknown" : snake_case(type);
  put(r.data, "url", id);
  r.data["raw"] = std::move(whole);
  c.out.add(std::move(r));
}

Verdict read_outbox(ImportContext& c, const Entry& e) {
  account(c);  // before the outbox is opened: see account()
  return scan_items(c, e, "orderedItems", "mastodon outbox",
                    [&](JsonElement item, const std::string& ptr) { read_item(c, e, item, ptr); });
}

Verdict read_uri_list(ImportContext& c, const Entry& e, bool likes) {
  return scan_items(c, e, "orderedItems", likes ? "mastodon likes" : "mastodon bookmarks", [&](JsonElement v, const std::string& ptr) {
    std::string uri = json_text(v);
    if (uri.empty()) uri = json_text_any(v, {"id"});
    if (uri.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "item without a status URI: skipped");
    if (likes) {
      Record r = make_record("reaction", platform, "like:" + uri, e.path, ptr);
      r.data["reaction"] = "like";
      r.data["url"] = uri;
      r.data["note"] = "the Mastodon archive gives no time for likes";
      c.out.add(std::move(r));
    } else {
      Record r = make_record("activity", platform, "bookmark:" + uri, e.path, ptr);
      r.data["action"] = "bookmark";
      r.data["url"] = uri;
      c.out.add(std::move(r));
    }
  });
}

Verdict read_likes(ImportContext& c, const Entry& e) { return read_uri_list(c, e, true); }
Verdict read_bookmarks(ImportContext& c, const Entry& e) { return read_uri_list(c, e, false); }

Verdict read_actor(ImportContext& c, const Entry& e) {
  Account& me = account(c);  // before actor.json is opened: see account()
  JsonElement a = read_one_record(c, e);
  std::string id = json_text_any(a, {"id"});
  if (!id.empty()) me.actor = id, me.host = host_of(id);
  Record r = make_record("profile", platform, "profile:" + me.actor, e.path, "");
  json& d = r.data;
  std::string user = json_text_any(a, {"preferredUsername"});
  if (!user.empty()) d["username"] = "@" + user + (me.host.empty() ? "" : "@" + me.host);
  put(d, "name", json_text_any(a, {"name"}));
  put(d, "summary", html_to_text(json_text_any(a, {"summary"})));
  put(d, "url", json_text_any(a, {"url"}));
  if (auto t = parse_iso8601(json_text_any(a, {"published"}))) d["registered_at"] = format_rfc3339(*t);
  simdjson::dom::array arr;
  json fields = json::array(), websites = json::array();
  if (json_array(a, "attachment", arr))
    for (JsonElement f : arr) {
      if (json_text_any(f, {"type"}) != "PropertyValue") continue;
      std::string value = html_to_text(json_text_any(f, {"value"}));
      fields.push_back({{"name", json_text_any(f, {"name"})}, {"value", value}});
      if (value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) websites.push_back(value);
    }
  if (!fields.empty()) d["fields"] = std::move(fields);
  if (!websites.empty()) d["websites"] = std::move(websites);
  // avatar.png beside actor.json; else a file whose path ends the URL's path.
  std::string base = e.path.substr(0, e.path.size() - basename(e.path).size());
  for (auto [key, field] : {std::pair{"icon", "avatar"}, std::pair{"image", "header"}}) {
    std::string u = json_path(a, {key, "url"});
    if (u.empty()) continue;
    StoredMedia* m = c.media.find(base + std::string(url_path(u)));
    if (!m) m = c.media.find_suffix(url_path(u));
    if (m) d[field] = c.media.use(*m);
    else put(d, (std::string(field) + "_url").c_str(), u);
  }
  json raw = json::object();
  put(raw, "id", id);
  for (const char* k : {"manuallyApprovesFollowers", "discoverable", "indexable", "memorial"}) put(raw, snake_case(k).c_str(), json_path(a, {k}));
  if (json_array(a, "alsoKnownAs", arr) && arr.size() > 0) raw["also_known_as"] = json_texts(arr);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
  return {Fate::parsed, "mastodon actor"};
}

// ---- CSV exports ----------------------------------------------------------------------------

enum class Csv { following, muted, blocked, domains, bookmarks, lists };

std::optional<Csv> csv_kind(std::string_view base) {
  if (base == "following_accounts.csv" || base == "follows.csv") return Csv::following;
  if (base == "muted_accounts.csv" || base == "mutes.csv") return Csv::muted;
  if (base == "blocked_accounts.csv" || base == "blocks.csv") return Csv::blocked;
  if (base == "blocked_domains.csv" || base == "domain_blocks.csv") return Csv::domains;
  if (base == "bookmarks.csv") return Csv::bookmarks;
  if (base == "lists.csv") return Csv::lists;
  return std::nullopt;
}

// One rule row for every CSV export; the kind comes from the file name.
Verdict read_csv(ImportContext& c, const Entry& e) {
  Csv kind = *csv_kind(lower(basename(e.path)));
  // Mastodon writes a header for follows and mutes only; imports accept both ways, so each file
  // names its columns in the order Mastodon writes them.
  static const CsvTable tables[] = {
      {.required = {"Account address"}, .what = "accounts",
       .columns = {"Account address", "Show boosts", "Notify on new posts", "Languages"}},
      {.required = {"Account address"}, .what = "accounts", .columns = {"Account address", "Hide notifications"}},
      {.required = {"Account address"}, .what = "accounts", .columns = {"Account address"}},
      {.required = {"#domain"}, .what = "domains", .columns = {"#domain"}},
      {.required = {"#uri"}, .what = "bookmarks", .columns = {"#uri"}},
      {.required = {"List name"}, .what = "list entries", .columns = {"List name", "Account address"}},
  };
  std::set<std::string> lists;
  Verdict v = read_csv_table(c.in, c.out, c.log, e, tables[static_cast<int>(kind)],
                             [&](const CsvHeader& h, const std::vector<std::string>& row, CsvRows& t) {
    std::string account = h.get(row, "Account address");
    switch (kind) {
      case Csv::following:
      case Csv::muted:
      case Csv::blocked: {
        const char* relation = kind == Csv::following ? "following" : kind == Csv::muted ? "muted" : "blocked";
        if (account.empty()) return t.skip("row without an account address");
        Record r = make_record("contact", platform, std::string(relation) + ":" + lower(account), e.path, t.pointer());
        r.data["relation"] = relation;
        put_account(c, r.data, account);
        if (kind == Csv::following) {
          put_flag(r.data, "show_boosts", h.get(row, "Show boosts"));
          put_flag(r.data, "notify", h.get(row, "Notify on new posts"));
          put_list(r.data, "languages", h.get(row, "Languages"));
        } else if (kind == Csv::muted) {
          put_flag(r.data, "hide_notifications", h.get(row, "Hide notifications"));
        }
        return t.add(std::move(r));
      }
      case Csv::domains: {
        std::string domain = lower(h.get(row, "#domain"));
        if (domain.empty()) return t.skip("row without a domain");
        Record r = make_record("contact", platform, "blocked_domain:" + domain, e.path, t.pointer());
        r.data["relation"] = "blocked_domain";
        r.data["name"] = domain;
        r.data["url"] = "https://" + domain;
        return t.add(std::move(r));
      }
      case Csv::bookmarks: {
        std::string uri = h.get(row, "#uri");
        if (uri.empty()) return t.skip("row without a URI");
        Record r = make_record("activity", platform, "bookmark:" + uri, e.path, t.pointer());
        r.data["action"] = "bookmark";
        r.data["url"] = uri;
        return t.add(std::move(r));
      }
      case Csv::lists: {
        std::string list = h.get(row, "List name");
        if (list.empty() || account.empty()) return t.skip("list row without a list name or an account");
        if (lists.insert(list).second) {  // the list itself, once (not counted as an entry)
          Record g = make_record("group", platform, "list:" + list, e.path, t.pointer());
          g.data["name"] = list;
          g.data["type"] = "list";
          g.data["role"] = "owner";
          t.out.add(std::move(g));
        }
        Record r = make_record("contact", platform, "list_member:" + list + ":" + lower(account), e.path, t.pointer());
        r.data["relation"] = "list_member";
        r.data["list"] = list;
        put_account(c, r.data, account);
        return t.add(std::move(r));
      }
    }
  });
  return v;
}

void finish(ImportContext& c) { c.media.emit_unused(c.out, platform); }

// First match wins. actor.json is read first: it names the account's server (local accounts in
// the CSVs; the outbox's head names the actor when it does not). Then the archive's JSON files,
// before the CSV exports: a status in both bookmarks.json and bookmarks.csv keeps the archive as
// its source, as it always has.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/actor.json", .read = read_actor, .kinds = "profile", .pass = -2},
            {.match = "**/outbox.json", .sniff = "OrderedCollection", .read = read_outbox, .kinds = "post, activity", .pass = -1},
            {.match = "**/likes.json", .read = read_likes, .kinds = "reaction", .pass = -1},
            {.match = "**/bookmarks.json", .read = read_bookmarks, .kinds = "activity", .pass = -1},
            {.match = "**/following_accounts.csv|**/follows.csv|**/muted_accounts.csv|**/mutes.csv|**/blocked_accounts.csv|"
                      "**/blocks.csv|**/blocked_domains.csv|**/domain_blocks.csv|**/bookmarks.csv|**/lists.csv",
             .read = read_csv,
             .kinds = "contact, activity, group"},
            {.match = "**/*.json", .kinds = "file", .fate = Fate::unknown},
            {.match = "**/*", .kinds = "media", .media = true, .note = "mastodon media file"},
        },
    .finish = finish,
};

}  // namespace

int probe_mastodon(const Archive& in) {
  for (const Entry* e : in.find_suffix("outbox.json"))
    if (is_outbox(in, *e)) return in.first_suffix("actor.json") ? 95 : 70;
  if (const Entry* f = in.first_suffix("following_accounts.csv"))
    if (lower(in.head(*f, 64)).find("account address") != std::string::npos) return 60;
  return 0;
}

void read_mastodon(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
