// X / Twitter archive (docs/formats/x.md): data/manifest.js and `window.YTD.<type>.partN = [...]` files.
// [x] data/manifest.js -> account id and user name; a listed file the archive lacks is reported missing
// [x] data files by name, with or without a manifest (2019-20 archives: files at the root), parts
//     included (tweets-part1.js): X names each file after its YTD type (dashes for underscores)
// [x] tweets.js, tweets-partN.js, tweet.js (<= mid-2022, items with or without {"tweet":...}) -> post
// [x] note-tweet.js -> full text joined to its tweet (same second, same text prefix), else post
// [x] deleted-tweets.js, community-tweet.js -> post (deleted_at, community_id)
// [x] like.js -> reaction (the archive gives no time)
// [x] follower.js, following.js, block.js, mute.js -> contact (relation)
// [x] lists-created.js, lists-member.js, lists-subscribed.js -> group
// [x] direct-messages.js, direct-messages-group.js (and the old direct-message*.js) -> message;
//     events of an unknown type -> message with `event` (the type) and the event in raw
// [x] account.js, profile.js, phone-number.js, manifest userInfo -> profile (profile_media/ avatar, header)
// [x] screen-name-change.js -> activity
// [x] personalization.js -> inference (interests, languages, gender, age, shows), advertiser
// [x] ad-impressions.js, ad-engagements.js -> activity, advertiser
// [x] ip-audit.js -> login
// [x] grok-chat-item.js -> conversation, message
// [x] tweets_media/, tweet_media/, direct_messages(_group)_media/, community_tweet_media/,
//     deleted_tweets_media/, profile_media/ -> media store, linked from their records
// [ ] tweet-headers.js, deleted-tweet-headers.js, direct-message(-group)-headers.js: ignored (subsets)
// [ ] other data types (connected-application, device-token, periscope-*...): left unknown, kept as
//     files (ignored when empty)

#include <algorithm>

#include "importers/x/x.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {
namespace x {

// "Wed Jan 24 14:02:11 +0000 2024" (tweets), else ISO 8601 ("2024-01-24T14:02:11.000Z", DMs).
std::optional<Timestamp> x_time(std::string_view s) {
  s = trim(s);
  if (s.size() > 4 && s[3] == ' ') {
    if (auto t = parse_time(s.substr(4), "%b %d %H:%M:%S %z %Y")) return t;
  }
  return parse_iso8601(s);
}

// full_text is HTML-escaped with exactly these three entities.
std::string unescape(std::string s) {
  s = replace_all(std::move(s), "&lt;", "<");
  s = replace_all(std::move(s), "&gt;", ">");
  return replace_all(std::move(s), "&amp;", "&");
}

std::string status_url(const std::string& user, const std::string& id) {
  return "https://x.com/" + (user.empty() ? std::string("i/web") : user) + "/status/" + id;
}

json person(ImportContext& c, const std::string& id) {
  json p = json::object();
  if (id.empty() || id == "0") return p;
  p["url"] = "https://x.com/i/user/" + id;
  State& s = state(c);
  if (id == s.account_id && !s.username.empty()) p["username"] = s.username;
  return p;
}

void attach_media(ImportContext& c, const std::string& id, json& data, const char* key) {
  State& s = state(c);
  auto it = s.media_by_id.find(id);
  if (it == s.media_by_id.end()) return;
  json arr = json::array();
  for (StoredMedia* m : it->second) arr.push_back(c.media.use(*m));
  data[key] = std::move(arr);
}

// Replaces t.co links by their targets; returns the targets.
json expand_urls(JsonElement urls_owner, std::string& text, std::initializer_list<std::string_view> short_keys,
                 std::initializer_list<std::string_view> long_keys) {
  json links = json::array();
  simdjson::dom::array urls;
  if (!json_array(urls_owner, "urls", urls)) return links;
  for (JsonElement u : urls) {
    std::string shorty = json_text_any(u, short_keys), target = json_text_any(u, long_keys);
    if (target.empty()) continue;
    if (!shorty.empty()) text = replace_all(std::move(text), shorty, target);
    links.push_back(target);
  }
  return links;
}

std::string where(ImportContext& c, const Entry& e, const std::string& ptr) { return c.in.where(e) + " " + ptr; }

// tweets_media/<tweet id>-<name>, direct_messages_media/<message id>-<name>; profile_media/ holds
// the avatar and header, matched by name in profile.js.
State& state(ImportContext& c) {
  State& s = c.state<State>();
  if (s.media_indexed) return s;
  s.media_indexed = true;
  for (StoredMedia& m : c.media.all()) {
    if (m.entry->path.find("profile_media/") != std::string::npos) {
      s.profile_media.push_back(&m);
      continue;
    }
    std::string_view name = basename(m.entry->path);
    size_t dash = name.find('-');
    s.media_by_id[std::string(name.substr(0, dash == std::string_view::npos ? name.find('.') : dash))].push_back(&m);
  }
  return s;
}

namespace {

// The type part of `window.YTD.<type>.partN = [` ("" when the text does not start so).
std::string ytd_type(std::string_view head) {
  head = strip_bom(head);
  head = trim(head);
  for (std::string_view prefix : {"window.YTD.", "YTD."}) {
    if (head.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = head.substr(prefix.size());
    size_t dot = rest.find(".part");
    if (dot == std::string_view::npos || dot == 0) return "";
    return std::string(rest.substr(0, dot));
  }
  return "";
}


// `window.__THAR_CONFIG = {...}`: the account, and the files of every data type; a file it lists
// that the archive does not hold is reported missing.
Verdict read_manifest(ImportContext& c, const Entry& m) {
  State& s = state(c);
  std::string text = read_one_record_text(c.in, m);
  size_t eq = text.find('=');
  if (eq == std::string::npos) throw Error(c.in.where(m), "manifest.js has no '='");
  std::string_view body = trim(std::string_view(text).substr(eq + 1));
  if (!body.empty() && body.back() == ';') body.remove_suffix(1);
  JsonElement root = c.parser.parse(body, c.in.where(m));
  s.account_id = json_path(root, {"userInfo", "accountId"});
  s.username = json_path(root, {"userInfo", "userName"});
  put(s.profile, "username", s.username);
  put(s.profile, "name", json_path(root, {"userInfo", "displayName"}));
  if (!s.account_id.empty()) s.profile["raw"]["account_id"] = s.account_id;
  s.profile_path = m.path;
  // The listed names are relative to the folder holding data/.
  std::string_view p = m.path;
  p.remove_suffix(std::string_view("manifest.js").size());
  if (p.size() >= 5 && p.substr(p.size() - 5) == "data/") p.remove_suffix(5);
  std::string root_dir(p);
  JsonElement types;
  simdjson::dom::object type_map;
  if (json_member(root, "dataTypes", types) && !types.get_object().get(type_map))
    for (auto t : type_map) {
      simdjson::dom::array arr;
      if (!json_array(t.value, "files", arr)) continue;
      for (JsonElement f : arr) {
        std::string name = json_text_any(f, {"fileName"});
        if (name.empty()) continue;
        std::vector<const Entry*> held = c.in.find_suffix(name);
        if (std::any_of(held.begin(), held.end(), [&](const Entry* e) { return e->path == root_dir + name; })) continue;
        c.log.warn(c.in.name(), "the manifest lists " + name + " but the archive does not hold it");
        c.out.missing(root_dir + name, "listed in data/manifest.js; the archive does not hold it");
      }
    }
  return {Fate::parsed, "x archive manifest"};
}

// The data file names of X archives (2019 to now), for archives whose files say nothing.
const std::set<std::string>& data_file_names() {
  static const std::set<std::string> names = {
      "tweets.js", "tweet.js", "tweet-headers.js", "note-tweet.js", "account.js", "profile.js", "follower.js",
      "following.js", "like.js", "block.js", "mute.js", "direct-messages.js", "direct-messages-group.js",
      "direct-message-headers.js", "ad-impressions.js", "ad-engagements.js", "ip-audit.js", "personalization.js",
      "ageinfo.js", "account-creation-ip.js", "screen-name-change.js", "email-address-change.js", "phone-number.js",
      "lists-created.js", "lists-member.js", "connected-application.js", "device-token.js", "verified.js",
      "deleted-tweets.js", "community-tweet.js", "periscope-account-information.js", "manifest.js"};
  return names;
}

// A .js file no row above names: a data type this importer does not read (connected-application.js,
// device-token.js, ageinfo.js...), kept as a file unless it is empty.
Verdict read_other(ImportContext& c, const Entry& e) {
  std::string head = c.in.head(e, 256);
  std::string type = ytd_type(head);
  if (type.empty()) {
    // A real 2022 tree has whole archives of 0-byte data files.
    if (e.size == 0 && data_file_names().count(lower(basename(e.path)))) return {Fate::ignored, "empty x data file"};
    return {Fate::unknown, ""};
  }
  size_t eq = head.find('=');
  std::string_view body = eq == std::string::npos ? std::string_view() : trim(std::string_view(head).substr(eq + 1));
  if (body == "[ ]" || body == "[]") return {Fate::ignored, "empty x " + type};
  c.log.debug("x: data type " + type + " is not imported (" + e.path + " kept as a file)");
  return {Fate::unknown, ""};
}

void finish(ImportContext& c) {
  emit_unused_notes(c);
  emit_groks(c);
  emit_profile(c);
  c.media.emit_unused(c.out, platform);
}

// First match wins. Media rows first (a .js under tweets_media/ is a media file), then the viewer,
// then the data files by name: X names each file after its data type (window.YTD.<type>.partN,
// dashes for underscores, -partN for the parts), in the manifest and in 2019 archives without one.
// Passes: the manifest, then the account files (the user name every status URL carries, the
// account id that tells sent from received), then the note tweets (joined to their tweets), then
// the rest in listing order.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/tweets_media/**/*|**/tweet_media/**/*|**/deleted_tweets_media/**/*|**/community_tweet_media/**/*|"
                      "**/direct_messages_media/**/*|**/direct_message_media/**/*|**/direct_messages_group_media/**/*|"
                      "**/direct_message_group_media/**/*|**/profile_media/**/*|**/moments_media/**/*|"
                      "**/moments_tweets_media/**/*",
             .kinds = "media",
             .media = true,
             .note = "x media file"},
            {.match = "**/Your archive.html", .note = "the archive's HTML viewer of the same data"},
            {.match = "**/assets/**/*", .note = "assets of the archive viewer"},
            {.match = "**/README.txt", .note = "X's description of the archive files"},
            {.match = "**/manifest.js", .sniff = "__THAR_CONFIG", .read = read_manifest, .kinds = "profile", .pass = -3},
            {.match = "**/account.js|**/account-part*.js", .read = read_account, .kinds = "profile", .pass = -2},
            {.match = "**/profile.js|**/profile-part*.js", .read = read_profile, .kinds = "profile", .pass = -2},
            {.match = "**/phone-number.js", .read = read_phone, .kinds = "profile", .pass = -2},
            {.match = "**/note-tweet.js|**/note-tweet-part*.js", .read = read_notes, .kinds = "post", .pass = -1},
            {.match = "**/tweet-headers.js|**/tweet-headers-part*.js|**/deleted-tweet-headers.js",
             .note = "ids and times of the tweets in tweets.js"},
            {.match = "**/direct-message-headers.js|**/direct-message-headers-part*.js|**/direct-message-group-headers.js|"
                      "**/direct-message-group-headers-part*.js",
             .note = "ids and times of the messages in direct-messages.js"},
            {.match = "**/tweets.js|**/tweets-part*.js|**/tweet.js|**/tweet-part*.js", .read = read_tweets, .kinds = "post"},
            {.match = "**/deleted-tweets.js|**/deleted-tweets-part*.js", .read = read_deleted_tweets, .kinds = "post"},
            {.match = "**/community-tweet.js|**/community-tweet-part*.js", .read = read_community_tweets, .kinds = "post"},
            {.match = "**/like.js|**/like-part*.js", .read = read_likes, .kinds = "reaction"},
            {.match = "**/follower.js|**/follower-part*.js", .read = read_followers, .kinds = "contact"},
            {.match = "**/following.js|**/following-part*.js", .read = read_following, .kinds = "contact"},
            {.match = "**/block.js|**/block-part*.js", .read = read_blocks, .kinds = "contact"},
            {.match = "**/mute.js|**/mute-part*.js", .read = read_mutes, .kinds = "contact"},
            {.match = "**/lists-created.js", .read = read_lists_created, .kinds = "group"},
            {.match = "**/lists-member.js", .read = read_lists_member, .kinds = "group"},
            {.match = "**/lists-subscribed.js", .read = read_lists_subscribed, .kinds = "group"},
            {.match = "**/direct-messages-group.js|**/direct-messages-group-part*.js|**/direct-message-group.js|"
                      "**/direct-message-group-part*.js",
             .read = read_group_dms,
             .kinds = "message"},
            {.match = "**/direct-messages.js|**/direct-messages-part*.js|**/direct-message.js|**/direct-message-part*.js",
             .read = read_dms,
             .kinds = "message"},
            {.match = "**/screen-name-change.js", .read = read_screen_name_changes, .kinds = "activity"},
            {.match = "**/personalization.js", .read = read_personalization, .kinds = "inference, advertiser"},
            {.match = "**/ad-impressions.js|**/ad-impressions-part*.js", .read = read_ad_impressions, .kinds = "activity, advertiser"},
            {.match = "**/ad-engagements.js|**/ad-engagements-part*.js", .read = read_ad_engagements, .kinds = "activity, advertiser"},
            {.match = "**/ip-audit.js|**/ip-audit-part*.js", .read = read_ip_audit, .kinds = "login"},
            {.match = "**/grok-chat-item.js|**/grok-chat-item-part*.js", .read = read_grok, .kinds = "conversation, message"},
            {.match = "**/*.js", .read = read_other, .kinds = "file"},
        },
    .finish = finish,
};

}  // namespace
}  // namespace x

int probe_x(const Archive& in) {
  if (const Entry* m = in.first_suffix("manifest.js"))
    if (in.head(*m, 64).find("__THAR_CONFIG") != std::string::npos) return 100;
  for (const char* name : {"tweets.js", "tweet.js", "account.js", "like.js", "follower.js"})
    if (const Entry* e = in.first_suffix(name))
      if (!x::ytd_type(in.head(*e, 128)).empty()) return 90;
  // A real 2022 tree can hold only empty data files (an account with nothing in it, or a
  // download cut short): the names are the evidence then. `Your archive.html` beside
  // data/manifest.js or data files with X's names; or many of those names on their own.
  const std::set<std::string>& names = x::data_file_names();
  bool viewer = false, manifest = false;
  int known = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string base = lower(basename(e.path));
    bool in_data = e.path == "data/" + std::string(basename(e.path)) || e.path.find("/data/") != std::string::npos;
    if (base == "your archive.html") viewer = true;
    else if (in_data && base == "manifest.js") manifest = true;
    else if (in_data && names.count(base)) ++known;
  }
  if (viewer && (manifest || known >= 2)) return 90;
  if (manifest && known >= 2) return 85;
  if (known >= 5) return 70;
  return 0;
}

void read_x(const Archive& in, Sink& out, Log& log) { run_rules(x::rules, in, out, log); }

}  // namespace dataport
