// TikTok "Download your data" JSON export (docs/formats/tiktok.md): user_data.json (older) and
// user_data_tiktok.json (2024+). The nesting is Section -> Subsection -> ListKey -> [records],
// and section names drift between generations ("Activity" / "Your Activity", "Video Browsing
// History" / "Watch History"...), so the importer walks the whole tree and dispatches on the
// list key, using the section path only where one list key means two things (VideoList).
// [x] VideoList under Video Browsing History | Watch History -> activity (watch)
// [x] VideoList under Post(s) | Video(s) | Recently Deleted -> post (type video, or photo)
// [x] ItemFavoriteList (Like List) -> reaction
// [x] FavoriteVideoList, FavoriteSoundList, FavoriteEffectsList, FavoriteHashtagList -> activity (bookmark)
// [x] FansList, Following, BlockList -> contact (follower, following, blocked)
// [x] SearchList -> activity (search); ShareHistoryList -> activity (share)
// [x] CommentsList -> comment; LoginHistoryList, Status List (device) -> login
// [x] BuyGifts, SendGifts -> activity (purchase)
// [x] OffTikTokActivityDataList -> off_platform; AdInterestCategories -> inference
// [x] ChatHistory {"Chat History with <user>:": [...]} -> message
// [x] ProfileMap -> profile (inferred gender -> inference); ActivitySummaryMap -> profile raw
// [x] other lists (purchases, live, shop...): activity named after the list, fields in raw
// [x] photo-mode posts (Link holds one image URL a line) -> post type photo, media_urls[]
// [x] placeholders ("N/A", "None", "null") are no value
// [ ] the very old .txt folder exports and the HTML exports

#include <algorithm>
#include <set>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "tiktok";

// The walk of one user_data file, over the run's ImportContext.
struct Ctx {
  Ctx(ImportContext& c, const Entry& f) : in(c.in), out(c.out), log(c.log), e(f) {}
  const Archive& in;
  Sink& out;
  Log& log;
  const Entry& e;
  std::string username;
  std::vector<std::string> generic;  // lists of a shape this importer does not know, kept as activity
  int64_t items = 0, bad = 0;         // list items read, and those that could not be
};

std::string pointer_of(const std::vector<std::string>& path) { return JsonTreeWalker::pointer(path); }

bool path_has(const std::vector<std::string>& path, std::initializer_list<std::string_view> names) {
  for (const std::string& k : path)
    for (std::string_view n : names)
      if (iequals(k, n)) return true;
  return false;
}

// "2024-06-10 14:30:00" (UTC per most parsers), sometimes ISO, sometimes a Unix time.
std::optional<Timestamp> tiktok_time(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (auto t = parse_iso8601(s)) return t;
  if (std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) && s.size() >= 9)
    return s.size() >= 13 ? from_unix_millis(std::stoll(std::string(s))) : from_unix_seconds(std::stoll(std::string(s)));
  return std::nullopt;
}

// TikTok writes "N/A", "None" or "null" where a field has no value: those are not values. What
// the person wrote (a title, comment, search, message, bio) is read as it is.
bool placeholder(std::string_view v) {
  v = trim(v);
  return v.empty() || iequals(v, "N/A") || iequals(v, "None") || iequals(v, "null");
}

std::string text_any(JsonElement item, std::initializer_list<std::string_view> keys) {
  std::string v = json_text_any(item, keys);
  return placeholder(v) ? std::string() : v;
}

std::string date_of(JsonElement item) { return text_any(item, {"Date", "date", "TimeStamp", "Timestamp", "time"}); }
std::string link_of(JsonElement item) {
  return text_any(item, {"Link", "link", "VideoLink", "Video Link", "EffectLink", "SoundLink", "Url", "url"});
}

Record make(Ctx& c, const char* kind, const std::string& key, const std::string& ptr, JsonElement item) {
  Record r = make_record(kind, platform, key, c.e.path, ptr);
  std::string date = date_of(item);
  if (auto t = tiktok_time(date)) set_time(r, *t);
  else if (!date.empty()) c.log.warn(c.in.where(c.e) + " " + ptr, "unreadable date '" + date + "'");
  return r;
}

// The fields of an item that the record does not name, kept in raw (snake_case keys).
void keep_raw(Record& r, JsonElement item, std::initializer_list<std::string_view> used) {
  simdjson::dom::object obj;
  if (item.get_object().get(obj)) return;
  json raw = json::object();
  for (auto f : obj) {
    std::string_view k = f.key;
    if (std::any_of(used.begin(), used.end(), [&](std::string_view u) { return iequals(u, k); })) continue;
    std::string v = json_text(f.value);
    if (!placeholder(v)) put(raw, snake_case(k).c_str(), v);
  }
  if (!raw.empty()) r.data["raw"] = std::move(raw);
}

// A VideoList item: a video watched (under Video Browsing History / Watch History), or one of the
// person's own videos and photo-mode posts.
void read_video(Ctx& c, const std::vector<std::string>& path, JsonElement item, const std::string& ptr) {
  std::string date = date_of(item), link = link_of(item);
  if (path_has(path, {"Video Browsing History", "Watch History"})) {
    Record r = make(c, "activity", "watch:" + date + ":" + link, ptr, item);
    r.data["action"] = "watch";
    put(r.data, "url", link);
    keep_raw(r, item, {"Date", "Link", "VideoLink"});
    return c.out.add(std::move(r));
  }
  std::string text = json_text_any(item, {"Title", "title", "Description"});
  // A photo-mode post lists its images, one URL a line, where a video has its one link.
  std::vector<std::string> images;
  for (const std::string& u : split(link, '\n'))
    if (!trim(u).empty()) images.emplace_back(trim(u));
  bool photos = images.size() > 1;
  Record r = make(c, "post", "video:" + date + ":" + link + (link.empty() ? ":" + text : ""), ptr, item);
  if (photos) {
    r.data["type"] = "photo";
    r.data["media_urls"] = images;
  } else {
    put(r.data, "url", link);
    r.data["type"] = "video";
  }
  put(r.data, "text", text);
  if (path_has(path, {"Recently Deleted", "Recently Deleted Posts"})) r.data["deleted"] = true;
  keep_raw(r, item, {"Date", "Link", "VideoLink", "Title", "Description"});
  c.out.add(std::move(r));
}

// An item of a known list (known_list), dispatched on the list's key.
void read_item(Ctx& c, const std::string& list, const std::vector<std::string>& path, JsonElement item, const std::string& ptr) {
  if (list == "VideoList") return read_video(c, path, item, ptr);
  std::string date = date_of(item), link = link_of(item);
  if (list == "ItemFavoriteList") {
    Record r = make(c, "reaction", "like:" + date + ":" + link, ptr, item);
    r.data["reaction"] = "like";
    put(r.data, "url", link);
    return c.out.add(std::move(r));
  }
  if (list == "FavoriteVideoList" || list == "FavoriteSoundList" || list == "FavoriteEffectsList" ||
      list == "FavoriteHashtagList") {
    Record r = make(c, "activity", "bookmark:" + list + ":" + date + ":" + link, ptr, item);
    r.data["action"] = "bookmark";
    put(r.data, "url", link);
    r.data["title"] = list == "FavoriteVideoList" ? "video" : list == "FavoriteSoundList" ? "sound"
                      : list == "FavoriteEffectsList"                   ? "effect"
                                                                        : "hashtag";
    return c.out.add(std::move(r));
  }
  if (list == "FansList" || list == "Following" || list == "BlockList") {
    const char* relation = list == "FansList" ? "follower" : list == "Following" ? "following" : "blocked";
    std::string user = text_any(item, {"UserName", "userName", "Username", "username"});
    if (user.empty()) return c.log.warn(c.in.where(c.e) + " " + ptr, "account without a user name: skipped");
    Record r = make(c, "contact", std::string(relation) + ":" + user, ptr, item);
    r.data["relation"] = relation;
    r.data["username"] = user;
    r.data["url"] = "https://www.tiktok.com/@" + user;
    return c.out.add(std::move(r));
  }
  if (list == "SearchList") {
    std::string term = json_text_any(item, {"SearchTerm", "searchTerm", "Search Term"});
    Record r = make(c, "activity", "search:" + date + ":" + term, ptr, item);
    r.data["action"] = "search";
    put(r.data, "query", term);
    return c.out.add(std::move(r));
  }
  if (list == "ShareHistoryList") {
    std::string method = text_any(item, {"Method"});  // one video sent by chat and copied as a link
    Record r = make(c, "activity", "share:" + date + ":" + link + (method.empty() ? "" : ":" + method), ptr, item);
    r.data["action"] = "share";
    put(r.data, "url", link);
    put(r.data, "title", text_any(item, {"SharedContent"}));
    keep_raw(r, item, {"Date", "Link", "SharedContent"});
    return c.out.add(std::move(r));
  }
  if (list == "CommentsList") {
    std::string text = json_text_any(item, {"Comment", "comment", "Comments"});
    std::string url = text_any(item, {"Url", "url", "Link"});  // the same words under two videos
    Record r = make(c, "comment", "comment:" + date + ":" + text + (url.empty() ? "" : ":" + url), ptr, item);
    put(r.data, "text", text);
    put(r.data, "url", url);
    keep_raw(r, item, {"Date", "Comment", "Comments", "Url", "Link"});
    return c.out.add(std::move(r));
  }
  if (list == "LoginHistoryList") {
    std::string ip = text_any(item, {"IP", "ip"});
    std::string device = text_any(item, {"DeviceModel"});  // two devices behind one address
    Record r = make(c, "login", "login:" + date + ":" + ip + (device.empty() ? "" : ":" + device), ptr, item);
    put(r.data, "ip", ip);
    put(r.data, "device", device);
    keep_raw(r, item, {"Date", "IP", "DeviceModel"});
    return c.out.add(std::move(r));
  }
  if (list == "Status List") {  // the device and app the export was requested from
    Record r = make_record("login", platform, "device:" + text_any(item, {"App Version"}) + ":" +
                                                  text_any(item, {"Resolution"}), c.e.path, ptr);
    r.data["method"] = "device status";
    keep_raw(r, item, {});
    return c.out.add(std::move(r));
  }
  if (list == "BuyGifts" || list == "SendGifts") {
    Record r = make(c, "activity", list + ":" + date + ":" + text_any(item, {"Price"}), ptr, item);
    r.data["action"] = "purchase";
    r.data["title"] = list == "BuyGifts" ? "coins" : "gift";
    keep_raw(r, item, {"Date"});
    return c.out.add(std::move(r));
  }
  if (list == "OffTikTokActivityDataList") {
    std::string source = text_any(item, {"Source", "AppName"}), event = text_any(item, {"Event"});
    Record r = make(c, "off_platform", "off:" + date + ":" + source + ":" + event, ptr, item);
    put(r.data, "app", source);
    put(r.data, "event", event);
    return c.out.add(std::move(r));
  }
}

// An item of a list this importer does not know: an activity named after the list, with the
// time it gives and every other field in raw, so nothing is lost.
void read_unknown_item(Ctx& c, const std::string& list, JsonElement item, const std::string& ptr) {
  json whole = to_nlohmann(item);
  if (whole.is_null() || (whole.is_object() && whole.empty())) return;
  Record r = make(c, "activity", "list:" + list + ":" + whole.dump(), ptr, item);
  r.data["action"] = snake_case(list);
  if (item.is_object()) keep_raw(r, item, {"Date", "date", "TimeStamp", "Timestamp", "time"});
  else if (!placeholder(json_text(item))) r.data["raw"] = {{"value", json_text(item)}};
  if (r.data.size() == 1 && !r.time) return;  // nothing but placeholders
  c.out.add(std::move(r));
}

bool known_list(const std::string& k) {
  static const std::set<std::string> lists = {
      "VideoList",  "ItemFavoriteList", "FavoriteVideoList", "FavoriteSoundList", "FavoriteEffectsList",
      "FavoriteHashtagList", "FansList", "Following", "BlockList", "SearchList", "ShareHistoryList",
      "CommentsList", "LoginHistoryList", "OffTikTokActivityDataList", "Status List", "BuyGifts", "SendGifts"};
  return lists.count(k) > 0;
}

// One message of a "Chat History with <user>:" list.
void read_message(Ctx& c, const std::string& label, JsonElement m, const std::string& ptr) {
  std::string who = label;
  for (std::string_view prefix : {"Chat History with ", "chat history with "})
    if (who.rfind(prefix, 0) == 0) who = who.substr(prefix.size());
  if (!who.empty() && who.back() == ':') who.pop_back();
  std::string from = text_any(m, {"From", "from"}), text = json_text_any(m, {"Content", "content"});
  Record r = make(c, "message", "dm:" + who + ":" + date_of(m) + ":" + from + ":" + text, ptr, m);
  r.data["thread_id"] = who;
  r.data["thread_title"] = who;
  if (!from.empty()) r.data["from"] = {{"username", from}};
  put(r.data, "text", text);
  if (!c.username.empty() && !from.empty()) r.data["direction"] = from == c.username ? "sent" : "received";
  c.out.add(std::move(r));
}

void read_profile(Ctx& c, JsonElement map, const std::vector<std::string>& path, const JsonElement* summary) {
  Record r = make_record("profile", platform, "profile:" + c.username, c.e.path, pointer_of(path));
  json& d = r.data;
  put(d, "username", text_any(map, {"userName", "UserName"}));
  put(d, "name", text_any(map, {"displayName", "nickName", "Nickname"}));
  put(d, "summary", json_text_any(map, {"bioDescription", "bio"}));
  std::string birth = text_any(map, {"birthDate", "BirthDate"});
  if (auto t = parse_any(birth, {"%d-%b-%Y", "%b %d, %Y"})) d["birthday"] = format_iso_precision(*t);
  else put(d, "birthday", birth);
  std::string email = text_any(map, {"emailAddress", "email"}), phone = text_any(map, {"telephoneNumber"});
  if (!email.empty()) d["emails"] = json::array({{{"address", email}}});
  if (!phone.empty()) d["phones"] = json::array({{{"number", phone}}});
  if (!c.username.empty()) d["url"] = "https://www.tiktok.com/@" + c.username;
  Record tmp;
  keep_raw(tmp, map, {"userName", "UserName", "displayName", "nickName", "Nickname", "bioDescription", "bio",
                      "birthDate", "BirthDate", "emailAddress", "email", "telephoneNumber", "inferredGender"});
  if (tmp.data.contains("raw")) d["raw"] = tmp.data["raw"];
  simdjson::dom::object counts;
  if (summary && !summary->get_object().get(counts))
    for (auto f : counts) put(d["raw"], snake_case(f.key).c_str(), json_text(f.value));
  c.out.add(std::move(r));
  std::string gender = text_any(map, {"inferredGender"});
  if (!gender.empty()) {
    Record g = make_record("inference", platform, "inference:gender:" + gender, c.e.path, pointer_of(path) + "/inferredGender");
    g.data["category"] = "gender";
    g.data["value"] = gender;
    c.out.add(std::move(g));
  }
}

void add_interests(Ctx& c, JsonElement v, const std::vector<std::string>& path) {
  std::vector<std::string> names;
  simdjson::dom::array arr;
  if (!v.get_array().get(arr)) {
    for (JsonElement x : arr) names.push_back(json_text(x));
  } else {
    names = split(json_text(v), ',');
  }
  for (std::string& n : names) {
    std::string value(trim(n));
    if (value.empty() || value == ",") continue;
    Record r = make_record("inference", platform, "inference:ad_interest:" + value, c.e.path, pointer_of(path));
    r.data["category"] = "ad_interest";
    r.data["value"] = value;
    c.out.add(std::move(r));
  }
}

using Path = JsonTreeWalker::Path;
using Visit = JsonTreeWalker::Visit;

// The two maps the first pass captures: ProfileMap (the user name decides DM direction, and
// "Direct Messages" comes before "Profile" in the file) and ActivitySummaryMap.
struct Maps {
  std::string profile, summary;
  Path profile_path, summary_path;
  bool has_profile = false, has_summary = false;
};

// Pass 1: the first ProfileMap and ActivitySummaryMap, found depth-first through objects (not
// inside lists); everything else is read past without being kept, and the pass stops once both
// are found.
Maps find_maps(ImportContext& ic, const Entry& e) {
  Maps m;
  auto stream = ic.in.open(e);
  JsonTreeWalker w(*stream, ic.in.where(e));
  w.visit = [&](const Path& p, char opens) {
    if (m.has_profile && m.has_summary) return Visit::stop;
    if (p.empty()) return opens == '{' ? Visit::descend : Visit::stop;
    if ((p.back() == "ProfileMap" && !m.has_profile) || (p.back() == "ActivitySummaryMap" && !m.has_summary))
      return Visit::take;
    return opens == '{' ? Visit::descend : Visit::skip;
  };
  w.take = [&](const Path& p, std::string_view text) {
    bool profile = p.back() == "ProfileMap";
    (profile ? m.profile : m.summary) = text;
    (profile ? m.profile_path : m.summary_path) = p;
    (profile ? m.has_profile : m.has_summary) = true;
  };
  try {
    w.run();
  } catch (const Error&) {
    // the second pass meets the same break and says so; what came before it is still read
  }
  return m;
}

void read_maps(Ctx& c, ImportContext& ic, const Maps& m) {
  if (!m.has_profile) return;
  std::string where = ic.in.where(c.e);
  JsonParser summary_parser;  // the summary and the profile are read together: two documents
  JsonElement summary, profile;
  bool has_summary = false;
  if (m.has_summary) {
    try {
      summary = summary_parser.parse(m.summary, where + " " + pointer_of(m.summary_path));
      has_summary = true;
    } catch (const Error& err) {
      c.log.warn(where + " " + pointer_of(m.summary_path), err.message());
    }
  }
  try {
    profile = ic.parser.parse(m.profile, where + " " + pointer_of(m.profile_path));
  } catch (const Error& err) {
    ++c.bad;
    return c.log.warn(where + " " + pointer_of(m.profile_path), err.message());
  }
  c.username = text_any(profile, {"userName", "UserName"});
  read_profile(c, profile, m.profile_path, has_summary ? &summary : nullptr);
}

// What the second pass walks into: the array being read, and how its items are read.
enum class ListKind { none, known, unknown, chat };

// An item of the list being read, parsed on its own.
void read_list_item(Ctx& c, ImportContext& ic, ListKind kind, const Path& p, std::string_view text, int64_t cut) {
  std::string ptr = pointer_of(p);
  std::string where = ic.in.where(c.e) + " " + ptr;
  if (cut) c.log.partial(where, std::to_string(cut) + " strings longer than 16 MiB kept only their first 16 MiB");
  ++c.items;
  try {
    JsonElement item = ic.parser.parse(text, where);
    const std::string& list = p[p.size() - 2];
    if (kind == ListKind::chat) return read_message(c, list, item, ptr);
    if (kind == ListKind::unknown) return read_unknown_item(c, list, item, ptr);
    Path parent(p.begin(), p.end() - 1);
    read_item(c, list, parent, item, ptr);
  } catch (const Error& err) {
    ++c.bad;
    c.log.warn(where, err.message());
  }
}

// Pass 2: every list of the tree, one item at a time, dispatched on its key.
void walk(Ctx& c, ImportContext& ic) {
  auto stream = ic.in.open(c.e);
  JsonTreeWalker w(*stream, ic.in.where(c.e));
  ListKind kind = ListKind::none;  // lists are not walked into lists: one is read at a time
  w.visit = [&](const Path& p, char opens) {
    if (p.empty()) return opens == '{' ? Visit::descend : Visit::skip;
    if (w.in_array()) return Visit::take;
    const std::string& key = p.back();
    if (p.size() >= 2 && p[p.size() - 2] == "ChatHistory") {  // "Chat History with <user>:": [messages]
      if (opens != '[') return Visit::skip;
      kind = ListKind::chat;
      return Visit::descend;
    }
    if (key == "ChatHistory") return opens == '{' ? Visit::descend : Visit::skip;
    // ProfileMap was read up front; settings: nothing further down is a list of records
    if (key == "ProfileMap" || key == "ActivitySummaryMap" || key == "SettingsMap") return Visit::skip;
    if (key == "AdInterestCategories") return Visit::take;  // a list or a comma-separated string
    if (opens == '[') {
      kind = known_list(key) ? ListKind::known : ListKind::unknown;
      return Visit::descend;
    }
    return opens == '{' ? Visit::descend : Visit::skip;
  };
  w.take = [&](const Path& p, std::string_view text) {
    if (!w.in_array()) {  // AdInterestCategories
      try {
        return add_interests(c, ic.parser.parse(text, ic.in.where(c.e) + " " + pointer_of(p)), p);
      } catch (const Error& err) {
        ++c.bad;
        return c.log.warn(ic.in.where(c.e) + " " + pointer_of(p), err.message());
      }
    }
    read_list_item(c, ic, kind, p, text, w.truncated());
  };
  w.closed = [&](const Path& p, bool array, int64_t n) {
    if (array && kind == ListKind::unknown && n > 0) c.generic.push_back(pointer_of(p) + " (" + std::to_string(n) + " items)");
    if (array) kind = ListKind::none;
  };
  w.run();
}

// Two streaming passes over the one tree (JsonTreeWalker): the profile maps, then every list.
Verdict read_user_data(ImportContext& ic, const Entry& e) {
  Ctx c(ic, e);
  read_maps(c, ic, find_maps(ic, e));
  std::string broken;
  try {
    walk(c, ic);
  } catch (const Error& err) {
    broken = err.message();
    c.log.partial(describe(err), "the rest of the file is not read");
  }
  std::string note = c.generic.empty() ? "tiktok export" : "tiktok export; read as generic activity: " + join(c.generic, ", ");
  if (!broken.empty()) return {c.items ? Fate::partial : Fate::failed, broken};
  if (c.bad) {
    c.log.partial(ic.in.where(e), std::to_string(c.bad) + " items could not be read");
    return {Fate::partial, note + "; " + std::to_string(c.bad) + " items could not be read"};
  }
  return {Fate::parsed, note};
}

// One tree holds the whole export; its lists are dispatched by read_item and walk above.
const RuleSet rules = {
    .platform = platform,
    .rules = {
        {.match = "**/user_data.json|**/user_data_tiktok.json",
         .read = read_user_data,
         .kinds = "profile, post, activity, reaction, contact, comment, login, message, inference, off_platform"},
    },
};

bool is_user_data(std::string_view base) { return base == "user_data.json" || base == "user_data_tiktok.json"; }

}  // namespace

int probe_tiktok(const Archive& in) {
  for (const Entry& e : in.entries()) {
    if (e.junk || !is_user_data(lower(basename(e.path)))) continue;
    std::string head = in.head(e, 4096);
    for (const char* key : {"\"Activity\"", "\"Your Activity\"", "\"Profile\"", "\"Video\"", "\"Direct Messages\"",
                            "\"Ads and data\"", "\"Profile And Settings\"", "\"Likes and Favorites\""})
      if (head.find(key) != std::string::npos) return 90;
    return 60;
  }
  return 0;
}

void read_tiktok(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
