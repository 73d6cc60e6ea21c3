// Mastodon: -o DIR gets the CSV files Mastodon's import page accepts (its own names and headers,
// no BOM, at most 20,000 rows / 20 MB each), and an account archive of the person's posts in the
// shape Sharkey, GoToSocial (slurp) and NeoDB import (archive/ unzipped, and archive.zip).
// [x] contact (following, friend, connection, contact, address_book) -> following_accounts.csv,
//     only with a fediverse address found honestly: a @user@host in the username, name, note, bio
//     or links, a profile URL (https://host/@user, https://host/users/user), or a DM from them
// [x] contact blocked -> blocked_accounts.csv; muted -> muted_accounts.csv; blocked_domain ->
//     blocked_domains.csv; list_member -> lists.csv; activity bookmark -> bookmarks.csv
// [x] address_sources.tsv: every mapped account and where its address came from (tab-separated,
//     led by the record id and by a first line Mastodon's CSV reader refuses as malformed, so it
//     cannot pass for an import);
//     unmapped_contacts.csv: the contacts with no address (never guessed)
// [x] post -> outbox.json (Create + embedded Note, arrays for to/cc/attachment/tag, RFC 3339,
//     HTML content with links and hashtags, alt text, media with unique basenames), actor.json
//     (array @context), likes.json, bookmarks.json, avatar and header
// [x] outbox oldest first, as Mastodon writes it and importers replay it
// [ ] reposts (data.repost: boosts, retweets, shares of another's post) and direct posts: not the
//     person's public words (reported)

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/html.h"
#include "lib/media.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

/// A fediverse address (user@host, lower-case host) in free text: "@user@host"; "" when none.
std::string find_fediverse_address(std::string_view text);
/// A fediverse address from a profile URL (https://host/@user, https://host/users/user); "" when none.
std::string address_from_profile_url(std::string_view url);

namespace {

constexpr size_t max_rows = 20000;
constexpr size_t max_bytes = 20 * 1000 * 1000;

bool user_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }
bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

// Sites whose /@name pages are not fediverse accounts.
bool not_fediverse(const std::string& host) {
  static const std::set<std::string> hosts = {
      "x.com", "twitter.com", "instagram.com", "facebook.com", "linkedin.com", "medium.com", "youtube.com",
      "m.youtube.com", "tiktok.com", "threads.net", "threads.com", "github.com", "substack.com", "bsky.app",
      "pinterest.com", "reddit.com", "google.com", "vimeo.com", "twitch.tv", "t.co"};
  std::string h = host.rfind("www.", 0) == 0 ? host.substr(4) : host;
  return hosts.count(h) > 0;
}

bool plausible_host(const std::string& h) {
  size_t dot = h.rfind('.');
  if (dot == std::string::npos || dot == 0 || h.size() - dot < 3) return false;
  for (size_t i = dot + 1; i < h.size(); ++i)
    if (!std::isalpha(static_cast<unsigned char>(h[i]))) return false;
  return !not_fediverse(h);
}

}  // namespace

std::string find_fediverse_address(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '@') continue;
    // "@user@host": the first @ must not follow a word character (that is an email or "a@b@c").
    if (i > 0 && (user_char(s[i - 1]) || s[i - 1] == '@' || s[i - 1] == '/')) continue;
    size_t u = i + 1;
    while (u < s.size() && user_char(s[u])) ++u;
    if (u == i + 1 || u >= s.size() || s[u] != '@') continue;
    size_t h = u + 1;
    while (h < s.size() && host_char(s[h])) ++h;
    std::string user(s.substr(i + 1, u - i - 1)), host = lower(s.substr(u + 1, h - u - 1));
    while (!host.empty() && (host.back() == '.' || host.back() == '-')) host.pop_back();
    while (!user.empty() && (user.back() == '.' || user.back() == '-')) user.pop_back();
    if (user.empty() || !plausible_host(host)) continue;
    return user + "@" + host;
  }
  return "";
}

std::string address_from_profile_url(std::string_view url) {
  std::string u(trim(url));
  size_t scheme = u.find("://");
  if (scheme == std::string::npos || (u.rfind("https://", 0) != 0 && u.rfind("http://", 0) != 0)) return "";
  std::string rest = u.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return "";
  std::string host = lower(rest.substr(0, slash)), path = rest.substr(slash + 1);
  if (!path.empty() && path.back() == '/') path.pop_back();
  if (!plausible_host(host)) return "";
  std::string user;
  if (path.size() > 1 && path[0] == '@') user = path.substr(1);
  else if (path.rfind("users/", 0) == 0) user = path.substr(6);
  else return "";
  if (user.empty()) return "";
  for (char c : user)
    if (!user_char(c)) return "";  // a status page (/@user/123) or anything deeper is not a profile
  if (user.find('@') != std::string::npos) return "";
  return user + "@" + (host.rfind("www.", 0) == 0 ? host.substr(4) : host);
}

namespace {

// A status URI another server can resolve: https, a fediverse host, a status-shaped path.
bool status_uri(const std::string& u) {
  if (u.rfind("https://", 0) != 0) return false;
  std::string rest = u.substr(8);
  size_t slash = rest.find('/');
  if (slash == std::string::npos || !plausible_host(lower(rest.substr(0, slash)))) return false;
  std::string path = rest.substr(slash);
  if (path.find("/statuses/") != std::string::npos || path.find("/notes/") != std::string::npos ||
      path.find("/objects/") != std::string::npos)
    return true;
  // https://host/@user/123456
  size_t at = path.find("/@");
  if (at == std::string::npos) return false;
  size_t s2 = path.find('/', at + 2);
  if (s2 == std::string::npos || s2 + 1 >= path.size()) return false;
  for (size_t i = s2 + 1; i < path.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(path[i]))) return false;
  return true;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  return "\"" + replace_all(s, "\"", "\"\"") + "\"";
}

// One kind of Mastodon CSV, split into files of at most 20,000 rows and 20 MB.
class CsvOut {
 public:
  /// `tsv`: tab-separated STEM.tsv (a report for people, not a file Mastodon imports).
  CsvOut(std::string stem, std::string header, bool tsv = false)
      : stem_(std::move(stem)), header_(std::move(header)), tsv_(tsv) {}
  void add(const std::vector<std::string>& cells) {
    std::vector<std::string> c;
    for (const std::string& x : cells) {
      std::string v = x;
      if (tsv_)
        for (char& ch : v)
          if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
      c.push_back(tsv_ ? v : csv_cell(x));
    }
    std::string line = join(c, tsv_ ? "\t" : ",") + "\n";
    if (files_.empty() || rows_ + (header_.empty() ? 0 : 1) >= max_rows || files_.back().size() + line.size() > max_bytes) {
      files_.push_back(header_.empty() ? "" : header_ + "\n");
      rows_ = 0;
    }
    files_.back() += line;
    ++rows_;
    ++total_;
  }
  void write(AtomicDir& dir) const {
    for (size_t i = 0; i < files_.size(); ++i) {
      std::string name = stem_ + (i == 0 ? "" : "-" + std::to_string(i + 1)) + (tsv_ ? ".tsv" : ".csv");
      std::ofstream f(dir.file(name), std::ios::binary);
      f << files_[i];
      if (!f) throw Error(dir.path() + "/" + name, "write failed");
    }
  }
  size_t total() const { return total_; }
  size_t files() const { return files_.size(); }

 private:
  std::string stem_, header_;
  bool tsv_ = false;
  std::vector<std::string> files_;
  size_t rows_ = 0, total_ = 0;
};

// The strings of a contact where an address may honestly be written, with a label for the report.
std::vector<std::pair<std::string, std::string>> address_places(const json& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* k : {"username", "name", "note", "description", "summary", "bio"})
    if (!field(d, k).empty()) out.emplace_back(k, field(d, k));
  for (const char* k : {"links", "urls", "websites"})
    if (d.contains(k) && d[k].is_array())
      for (const json& x : d[k])
        if (x.is_string()) out.emplace_back(k, x.get<std::string>());
  return out;
}

struct Found {
  std::string address, how;
};

Found address_of(const json& d) {
  for (const auto& [where, text] : address_places(d)) {
    // A Mastodon username is already "@user@host".
    std::string a = find_fediverse_address(text.size() && text[0] != '@' && where == "username" ? "@" + text : text);
    if (!a.empty()) return {a, "@address in the contact's " + where};
  }
  for (const char* k : {"url"})
    if (std::string a = address_from_profile_url(field(d, k)); !a.empty()) return {a, "profile URL " + field(d, k)};
  for (const auto& [where, text] : address_places(d))
    for (const std::string& word : split(replace_all(replace_all(text, "\n", " "), "\t", " "), ' '))
      if (std::string a = address_from_profile_url(word); !a.empty()) return {a, "profile URL in the contact's " + where};
  return {};
}

// True when a profile is a fediverse account's own: its username is a full @user@host address,
// or its URL a fediverse profile's (what the model says, not which platform made the record).
bool fediverse_profile(const json& p) {
  std::string u = field(p, "username");
  return (u.size() > 1 && u[0] == '@' && !find_fediverse_address(u).empty()) || !address_from_profile_url(field(p, "url")).empty();
}

// Keys that say a message came from this contact.
std::vector<std::string> person_keys(const json& p) {
  std::vector<std::string> k;
  for (const char* f : {"url", "username", "email"})
    if (!field(p, f).empty()) k.push_back(lower(field(p, f)));
  return k;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

bool tag_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Plain text to Mastodon-style HTML: paragraphs, <br>, links and hashtag links.
std::string text_to_html(const std::string& text, const std::string& base, std::vector<std::string>& tags) {
  std::string out = "<p>";
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 8, "https://") == 0 || text.compare(i, 7, "http://") == 0) {
      size_t e = i;
      while (e < text.size() && !std::isspace(static_cast<unsigned char>(text[e])) && text[e] != '<' && text[e] != '>' &&
             text[e] != '"')
        ++e;
      while (e > i && std::string_view(".,;:!?)").find(text[e - 1]) != std::string_view::npos) --e;
      std::string url = text.substr(i, e - i);
      out += "<a href=\"" + html_escape(url) + "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">" +
             html_escape(url) + "</a>";
      i = e;
    } else if (text[i] == '#' && (i == 0 || !tag_char(static_cast<unsigned char>(text[i - 1]))) && i + 1 < text.size() &&
               tag_char(static_cast<unsigned char>(text[i + 1]))) {
      size_t e = i + 1;
      while (e < text.size() && tag_char(static_cast<unsigned char>(text[e]))) ++e;
      std::string tag = text.substr(i + 1, e - i - 1);
      tags.push_back(tag);
      out += "<a href=\"" + html_escape(base + "/tags/" + lower(tag)) + "\" class=\"mention hashtag\" rel=\"tag\">#<span>" +
             html_escape(tag) + "</span></a>";
      i = e;
    } else if (text.compare(i, 2, "\n\n") == 0) {
      size_t e = i;
      while (e < text.size() && (text[e] == '\n' || text[e] == '\r')) ++e;
      out += "</p><p>";
      i = e;
    } else if (text[i] == '\n') {
      out += "<br>";
      ++i;
    } else {
      out += html_escape(std::string_view(&text[i], 1));
      ++i;
    }
  }
  return out + "</p>";
}

std::string rfc3339_seconds(int64_t s) { return format_rfc3339(from_unix_seconds(s)); }

void write_file(AtomicDir& dir, const std::string& name, const std::string& text) {
  std::ofstream f(dir.file(name), std::ios::binary);
  f << text;
  if (!f) throw Error(dir.path() + "/" + name, "write failed");
}

void copy_file(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error(to, "cannot copy media: " + ec.message());
}

// Zips the files of `root` (sorted, fixed times) into `zip`: the same input gives the same bytes.
void write_zip(const std::string& root, const std::vector<std::string>& files, const std::string& zip, int64_t mtime) {
  AtomicFile out(zip);
  ArchiveWriter w(out, ArchiveWriter::Kind::zip, mtime);
  ChunkBuffer buf(size_t{1} << 16);
  for (const std::string& rel : files) {
    std::string path = root + "/" + rel;
    w.begin(rel, static_cast<int64_t>(fs::file_size(path)));
    std::ifstream in(path, std::ios::binary);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (in.gcount() > 0) w.write(buf.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(path, "read failed");
  }
  w.finish();
  out.commit();
}

// What the export gathers from the store before it writes anything: the CSV files, the likes and
// bookmarks, the profile, and the addresses contacts wrote in DMs (the posts are read as written).
struct Gathered {
  explicit Gathered(const ExportOptions& o) : opt(o) {}
  const ExportOptions& opt;
  Report rep;
  std::map<std::string, std::pair<std::string, std::string>> dm_address;  // person key -> address, when
  int64_t newest = 0;
  CsvOut following{"following_accounts", "Account address,Show boosts,Notify on new posts,Languages"};
  CsvOut blocks{"blocked_accounts", ""}, mutes{"muted_accounts", "Account address,Hide notifications"};
  CsvOut domains{"blocked_domains", ""}, bookmarks_csv{"bookmarks", ""}, lists{"lists", ""};
  // Not an import, and unmistakably so: named .tsv, tab-separated, led by the record id, and opened
  // by a line with a quote inside an unquoted field, which Mastodon's strict CSV reader refuses as
  // malformed whatever import type is chosen ("Illegal quoting in line 1"), so the import page
  // rejects the file instead of accepting it and importing nothing.
  CsvOut sources{"address_sources",
                 "# \"address_sources\" is a dataport report of where each account address was found: "
                 "not a Mastodon import file\n"
                 "Record\tAccount address\tImport file\tName\tPlatform\tRelation\tFound in",
                 true};
  CsvOut unmapped{"unmapped_contacts", "Name,Platform,Relation,URL,Record"};
  std::set<std::string> seen_follow, seen_block, seen_mute, seen_domain, seen_list, seen_bookmark;
  int64_t follows_unmapped = 0;  // accounts the person follows or knows, with no fediverse address
  json likes = json::array(), bookmarks = json::array();
  std::set<std::string> seen_like;
  std::optional<Record> profile;

  // Who said what in DMs: an address written by a contact in a message to the person. Streamed:
  // only the addresses found are kept.
  void dm_addresses(Store& store) {
    store.each_record(with_kinds(opt.filter, {"message"}), [&](const Record& r) {
      if (r.time) newest = std::max(newest, r.time->seconds);
      if (!r.data.contains("from")) return;
      std::string a = find_fediverse_address(field(r.data, "text"));
      if (a.empty()) return;
      for (const std::string& k : person_keys(r.data["from"]))
        if (!dm_address.count(k)) dm_address[k] = {a, time_string(r)};
    });
  }

  // Streamed too: activity holds every search and page visit of a Google takeout.
  void records(Store& store) {
    store.each_record(with_kinds(opt.filter, {"profile", "contact", "post", "reaction", "activity"}), [&](const Record& r) {
      if (r.time) newest = std::max(newest, r.time->seconds);
      if (r.kind == "profile") take_profile(r);
      else if (r.kind == "post") return;  // read again as the outbox is written (AccountArchive::outbox)
      else if (r.kind == "reaction") like(r.data);
      else if (r.kind == "activity") bookmark(r.data);
      else if (r.kind == "contact") contact(r);
    });
  }

  // The profile of a fediverse account names the account; otherwise the richest profile leads.
  void take_profile(const Record& r) {
    if (!profile || (fediverse_profile(r.data) && !fediverse_profile(profile->data)) ||
        (!fediverse_profile(profile->data) && r.data.size() > profile->data.size()))
      profile = r;
  }

  void like(const json& d) {
    std::string u = field(d, "url");
    if (field(d, "reaction") != "like" && !field(d, "reaction").empty()) return;
    if (status_uri(u)) {
      if (seen_like.insert(u).second) likes.push_back(u);
    } else {
      rep.dropped("likes of things that are not fediverse statuses (no URI another server resolves)");
    }
  }

  void bookmark(const json& d) {
    if (field(d, "action") != "bookmark") return;
    std::string u = field(d, "url");
    if (!status_uri(u)) {
      rep.dropped("bookmarks that are not fediverse statuses (web pages and other platforms' posts)");
      return;
    }
    if (seen_bookmark.insert(u).second) {
      bookmarks.push_back(u);
      bookmarks_csv.add({u});
    }
  }

  void contact(const Record& r) {
    const json& d = r.data;
    std::string rel = field(d, "relation");
    if (rel == "blocked_domain") {
      std::string dom = lower(field(d, "name"));
      if (dom.empty()) dom = lower(address_from_profile_url(field(d, "url")));
      if (!dom.empty() && seen_domain.insert(dom).second) domains.add({dom});
      return;
    }
    if (rel == "follower" || rel == "request") {
      rep.dropped("contacts with relation " + rel + " (they follow the person; following back is the person's choice)");
      return;
    }
    Found f = address_of(d);
    if (f.address.empty())
      for (const std::string& k : person_keys(d))
        if (dm_address.count(k)) {
          f = {dm_address[k].first, "a direct message from them (" + dm_address[k].second + ")"};
          break;
        }
    if (f.address.empty()) {
      if (rel != "blocked" && rel != "muted" && rel != "list_member") ++follows_unmapped;
      unmapped.add({person_name(d), r.platform, rel, field(d, "url"), r.id});
      rep.dropped("contacts without a fediverse address (listed in unmapped_contacts.csv)");
      return;
    }
    std::string file = file_contact(d, rel, f.address);
    if (!file.empty()) sources.add({r.id, f.address, file + ".csv", person_name(d), r.platform, rel, f.how});
  }

  // Adds a contact with an address to the import file its relation names; that file's stem, or ""
  // when it was there already.
  std::string file_contact(const json& d, const std::string& rel, const std::string& address) {
    if (rel == "blocked") {
      if (!seen_block.insert(address).second) return "";
      blocks.add({address});
      return "blocked_accounts";
    }
    if (rel == "muted") {
      if (!seen_mute.insert(address).second) return "";
      std::string hide = field(d, "hide_notifications");
      mutes.add({address, hide.empty() ? "true" : hide});
      return "muted_accounts";
    }
    if (rel == "list_member") {
      std::string list = field(d, "list");
      if (list.empty() || !seen_list.insert(list + "\n" + address).second) return "";
      lists.add({list, address});
      return "lists";
    }
    if (!seen_follow.insert(address).second) return "";
    std::vector<std::string> languages;
    if (d.contains("languages") && d["languages"].is_array())
      for (const json& l : d["languages"])
        if (l.is_string()) languages.push_back(l.get<std::string>());
    std::string boosts = field(d, "show_boosts"), notify = field(d, "notify");
    following.add({address, boosts.empty() ? "true" : boosts, notify.empty() ? "false" : notify, join(languages, ", ")});
    return "following_accounts";
  }
};

// The account name: the profile's username without '@' or host, kept to [A-Za-z0-9_], or --username.
std::string account_name(const ExportOptions& opt, const std::optional<Record>& profile) {
  std::string user = profile ? field(profile->data, "username") : "";
  if (!user.empty() && user[0] == '@') user = user.substr(1);
  user = user.substr(0, user.find('@'));
  std::string clean;
  for (char c : user)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') clean += c;
  return opt.param("username", clean.empty() ? "me" : clean);
}

json collection(const char* id, json list) {
  json c = {{"@context", "https://www.w3.org/ns/activitystreams"}, {"id", id}, {"type", "OrderedCollection"}};
  c["totalItems"] = list.size();
  c["orderedItems"] = std::move(list);
  return c;
}

// The account archive (archive/ and archive.zip): outbox, actor, likes, bookmarks and media.
struct AccountArchive {
  AccountArchive(const ExportOptions& opt, Store& store, std::string base_url, std::string username, Report& report)
      : base(std::move(base_url)), user(std::move(username)), actor(base + "/users/" + user), rep(report),
        dir(opt.output), media(store.media_dir()) {}
  std::string base, user, actor;
  Report& rep;
  AtomicDir dir;
  MediaStore media;
  std::vector<std::string> files;
  std::set<std::string> copied;

  // Media under the Mastodon layout, named by SHA-256 so every basename is unique.
  std::string put_media(const json& m) {
    std::string sha = field(m, "sha256");
    if (sha.size() < 9) return "";
    std::string src = media.path_of(sha);
    if (!fs::exists(src)) return "";
    std::string rel = "media_attachments/files/" + sha.substr(0, 3) + "/" + sha.substr(3, 3) + "/" + sha.substr(6, 3) +
                      "/original/" + sha + mime_extension(field(m, "mime"));
    if (copied.insert(rel).second) {
      copy_file(src, dir.file("archive/" + rel));
      files.push_back(rel);
    }
    return rel;
  }

  // Oldest first, as Mastodon's own archive lists them: importers replay the outbox in order. The
  // file is what one dump(2) of the collection writes (its keys in order: the items before their
  // count), written an item at a time as the posts are read: 200k posts took 1.7 GB as one tree.
  void outbox(Store& store, const ExportOptions& opt) {
    json ctx = json::array({"https://www.w3.org/ns/activitystreams",
                            {{"sensitive", "as:sensitive"}, {"Hashtag", "as:Hashtag"}}});
    auto whole = [&](size_t n) {
      return json{{"@context", ctx}, {"id", "outbox.json"}, {"type", "OrderedCollection"}, {"totalItems", n},
                  {"orderedItems", json::array()}}
          .dump(2, ' ', false, json::error_handler_t::replace);
    };
    const std::string empty = "\"orderedItems\": []";
    std::string head = whole(0);
    std::string path = dir.file("archive/outbox.json");
    std::ofstream f(path, std::ios::binary);
    f << head.substr(0, head.find(empty) + empty.size() - 1);  // up to the '['
    size_t n = 0;
    store.each_record(with_kinds(opt.filter, {"post"}), [&](const Record& r) {
      if (!shared(r)) return;
      std::string item = create(r).dump(2, ' ', false, json::error_handler_t::replace);
      f << (n++ ? ",\n    " : "\n    ") << replace_all(item, "\n", "\n    ");  // an item's lines, 4 deeper
      rep.wrote("posts");
    });
    std::string tail = whole(n);
    f << (n ? "\n  " : "") << tail.substr(tail.find(empty) + empty.size() - 1) << "\n";  // from the ']'
    if (!f) throw Error(path, "write failed");
  }

  // Whether a post belongs in the outbox (the person's own, dated, not direct); reports why not.
  bool shared(const Record& r) {
    if (r.data.value("repost", false)) {
      rep.dropped("boosts and reposts (another account's post)");
      return false;
    }
    if (lower(field(r.data, "visibility")) == "direct") {
      rep.dropped("direct posts (private conversations; see the mbox export)");
      return false;
    }
    if (!r.time) {
      rep.dropped("posts without a date");
      return false;
    }
    return true;
  }

  // The Create activity of one post, with its Note embedded.
  json create(const Record& r) {
    const json& d = r.data;
    const std::string as_public = "https://www.w3.org/ns/activitystreams#Public";
    std::string vis = lower(field(d, "visibility"));
    std::string id = actor + "/statuses/" + r.id, published = rfc3339_seconds(r.time->seconds);
    json to = json::array(), cc = json::array();
    std::string followers = actor + "/followers";
    if (vis.empty() || vis == "public" || vis == "anyone" || vis == "everyone") to.push_back(as_public), cc.push_back(followers);
    else if (vis == "unlisted") to.push_back(followers), cc.push_back(as_public);
    else to.push_back(followers);  // followers, connections, friends, private...
    std::vector<std::string> tags;
    std::string content = content_of(d, tags);
    std::string reply = field(d, "reply_to");
    std::string cw = field(d, "content_warning");
    json note = {{"id", id},
                 {"type", "Note"},
                 {"summary", cw.empty() ? json(nullptr) : json(cw)},
                 {"inReplyTo", reply.rfind("http", 0) == 0 ? json(reply) : json(nullptr)},
                 {"published", published},
                 {"url", base + "/@" + user + "/" + r.id},
                 {"attributedTo", actor},
                 {"to", to},
                 {"cc", cc},
                 {"sensitive", d.value("sensitive", false) || !cw.empty()},
                 {"content", content},
                 {"attachment", attachments(d)},
                 {"tag", hashtags(d, tags)}};
    std::string lang = field(d, "language");
    if (!lang.empty()) note["contentMap"] = {{lang, content}};
    return {{"id", id + "/activity"},
            {"type", "Create"},
            {"actor", actor},
            {"published", published},
            {"to", to},
            {"cc", cc},
            {"object", std::move(note)}};
  }

  // The post's HTML: its own when it has some, else its title and text made HTML (hashtags found
  // in the text go to `tags`).
  std::string content_of(const json& d, std::vector<std::string>& tags) {
    std::string text = field(d, "text"), html = field(d, "html");
    if (!html.empty() && looks_like_html(html)) return html;
    std::string body = text;
    if (!field(d, "title").empty()) body = field(d, "title") + (body.empty() ? "" : "\n\n" + body);
    return body.empty() ? "" : text_to_html(body, base, tags);
  }

  // The Hashtag objects of the tags found in the text and the post's own hashtags, once each.
  json hashtags(const json& d, std::vector<std::string> tags) {
    if (d.contains("hashtags") && d["hashtags"].is_array())
      for (const json& h : d["hashtags"])
        if (h.is_string()) tags.push_back(h.get<std::string>());
    json tag = json::array();
    std::set<std::string> seen_tag;
    for (const std::string& t : tags)
      if (seen_tag.insert(lower(t)).second)
        tag.push_back({{"type", "Hashtag"}, {"href", base + "/tags/" + lower(t)}, {"name", "#" + t}});
    return tag;
  }

  json attachments(const json& d) {
    json attachment = json::array();
    if (d.contains("media") && d["media"].is_array())
      for (const json& m : d["media"]) {
        std::string rel = put_media(m);
        if (rel.empty()) {
          rep.dropped("attachments missing from the media store");
          continue;
        }
        json a = {{"type", "Document"}, {"mediaType", field(m, "mime")}, {"url", rel}};
        a["name"] = field(m, "alt").empty() ? json(nullptr) : json(field(m, "alt"));
        attachment.push_back(a);
        rep.wrote("attachments");
      }
    if (d.contains("media_urls") && d["media_urls"].is_array() && attachment.empty() && !d["media_urls"].empty())
      rep.dropped("attachments known only by a URL (the export did not include the file)");
    return attachment;
  }

  // actor.json: the Person, with the profile's name, bio, date, avatar and header.
  json person(const std::optional<Record>& profile) {
    json doc = {{"@context", json::array({"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"})},
               {"id", actor},
               {"type", "Person"},
               {"following", actor + "/following"},
               {"followers", actor + "/followers"},
               {"inbox", actor + "/inbox"},
               {"outbox", "outbox.json"},
               {"likes", "likes.json"},
               {"bookmarks", "bookmarks.json"},
               {"preferredUsername", user},
               {"url", base + "/@" + user}};
    if (!profile) return doc;
    const json& p = profile->data;
    if (!person_name(p).empty()) doc["name"] = person_name(p);
    std::string bio = field(p, "summary").empty() ? field(p, "headline") : field(p, "summary");
    if (!bio.empty()) {
      std::vector<std::string> ignored;
      doc["summary"] = text_to_html(bio, base, ignored);
    }
    if (auto t = parse_iso8601(field(p, "registered_at"))) doc["published"] = rfc3339_seconds(t->seconds);
    for (auto [key, as] : {std::pair{"avatar", "icon"}, std::pair{"header", "image"}}) {
      if (!p.contains(key) || !p[key].is_object()) continue;
      std::string sha = field(p[key], "sha256");
      if (sha.empty() || !fs::exists(media.path_of(sha))) continue;
      std::string name = std::string(key) + mime_extension(field(p[key], "mime"));
      copy_file(media.path_of(sha), dir.file("archive/" + name));
      files.push_back(name);
      doc[as] = {{"type", "Image"}, {"mediaType", field(p[key], "mime")}, {"url", name}};
    }
    return doc;
  }

  // archive/ and archive.zip, every file stamped `stamp` in the zip.
  void write(Store& store, Gathered& g, int64_t stamp) {
    outbox(store, g.opt);
    json actor_json = person(g.profile);
    rep.wrote("likes", static_cast<int64_t>(g.likes.size()));
    write_file(dir, "archive/actor.json", actor_json.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    write_file(dir, "archive/likes.json", collection("likes.json", std::move(g.likes)).dump(2) + "\n");
    write_file(dir, "archive/bookmarks.json", collection("bookmarks.json", std::move(g.bookmarks)).dump(2) + "\n");
    for (const char* f : {"outbox.json", "actor.json", "likes.json", "bookmarks.json"}) files.push_back(f);
    std::sort(files.begin(), files.end());
    write_zip(dir.file("archive"), files, dir.file("archive.zip"), std::max<int64_t>(stamp, 315532800));  // zip times start in 1980
  }
};

std::string base_url(const ExportOptions& opt) {
  std::string base = opt.param("base-url", "https://dataport.invalid");
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0)
    throw Error("--base-url", "must be an http(s) URL, not '" + base + "'");
  return base;
}

void notes(Log& log, const Gathered& g) {
  log.note("mastodon: import the CSV files under Preferences > Import and export > Import; archive.zip "
           "(Sharkey, NeoDB) and archive/ (GoToSocial slurp) carry the posts; where each address came from is "
           "in address_sources.tsv (a report, not an import)");
  if (g.following.total() == 0 && g.follows_unmapped > 0)
    log.note("mastodon: no following_accounts.csv: none of the " + std::to_string(g.follows_unmapped) +
             " accounts followed or known has a fediverse address in the data (an X archive, for one, names them "
             "by numeric id only). They are listed with their profile URLs in unmapped_contacts.csv: open each, look "
             "for a @user@server address in their bio or pinned post, and follow it from the new account (or add "
             "the addresses to a following_accounts.csv and import that)");
}

}  // namespace

void export_mastodon(Store& store, const ExportOptions& opt, Log& log) {
  std::string base = base_url(opt);
  Gathered g(opt);
  g.dm_addresses(store);
  g.records(store);
  AccountArchive archive(opt, store, base, account_name(opt, g.profile), g.rep);
  archive.write(store, g, export_epoch(opt, g.newest));
  for (auto [csv, what] : {std::pair{&g.following, "follows"}, std::pair{&g.blocks, "blocks"}, std::pair{&g.mutes, "mutes"},
                           std::pair{&g.domains, "domain blocks"}, std::pair{&g.bookmarks_csv, "bookmarks"},
                           std::pair{&g.lists, "list entries"}}) {
    csv->write(archive.dir);
    g.rep.wrote(what, static_cast<int64_t>(csv->total()));
  }
  g.sources.write(archive.dir);
  g.unmapped.write(archive.dir);
  archive.dir.commit();
  g.rep.print(log, "mastodon", opt.output);
  notes(log, g);
}

}  // namespace dataport
