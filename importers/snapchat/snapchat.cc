// Snapchat "My Data" download (docs/formats/snapchat.md): json/, chat_media/, memories/, html/.
// [x] chat_history.json (per conversation 2022+; Received/Sent [Saved|Unsaved] Chat History older)
//     -> message (attachments from chat_media/ by Media ID)
// [x] snap_history.json (both generations) -> activity (snap); talk_history.json -> activity (call)
// [x] friends.json -> contact (friend, request, blocked, removed, ignored, hidden suggestion); Shortcuts -> group
// [x] location_history.json: Location History -> location (fix); the places Snapchat derived -> inference (location)
// [x] account.json -> profile, login (logins, devices); account_history.json -> activity, login (password changes)
// [x] user_profile.json -> profile, inference (demographic, engagement, interests, time spent...), activity
//     (Discover channels viewed), advertiser (ads interacted with); ranking.json -> profile raw, inference
// [x] memories_history.json -> media (the file from memories/ by its mid, else the download link as {url})
// [x] search_history.json -> activity (search); subscriptions.json -> contact (following);
//     story_history.json -> activity (story views); bitmoji.json -> profile, activity
// [x] every other json file and section (snapchat_ai, shared_story, purchase_history, in_app_surveys,
//     communities, terms_history...) -> activity, one per item, the item in raw
// [ ] the HTML export (index.html, html/*.html) without json/: recognised, skipped with the way to
//     get JSON; beside json/ it is ignored (a rendering of the same data)

#include <algorithm>
#include <cstdlib>

#include "importers/snapchat/snapchat.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::snapchat {

Record& profile(ImportContext& c, const Entry& e) { return state(c).profile.get(c, e); }

// ---- values ------------------------------------------------------------------------------------

// "2024-03-04 12:34:56 UTC", older "2019/06/01 08:15:00 UTC", a bare date, or ISO 8601.
std::optional<Timestamp> snap_time(std::string s) {
  s = std::string(trim(s));
  if (s.empty()) return std::nullopt;
  std::replace(s.begin(), s.end(), '/', '-');
  if (auto t = parse_any(s, {"%Y-%m-%d %H:%M:%S%f %Z", "%Y-%m-%d %H:%M:%S%f", "%Y-%m-%d %H:%M %Z"})) return t;
  return parse_iso8601(s);
}

// Snapchat writes some texts with HTML entities (`&#39;`, `&amp;`): decoded, nothing else touched
// (a "<3" in a message is not markup).
std::string unescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t semi = s[i] == '&' ? s.substr(i, 11).find(';') : std::string_view::npos;  // near, or none
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    semi += i;
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long cp = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end && *end == 0 && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
        append_utf8(out, static_cast<uint32_t>(cp));
        done = true;
      }
    } else {
      for (auto& [n, v] : named)
        if (name == n) out += v, done = true;
    }
    if (done) i = semi;
    else out += s[i];
  }
  return out;
}

std::string text_of(JsonElement x, std::initializer_list<std::string_view> keys) { return unescape(json_text_any(x, keys)); }

const std::initializer_list<std::string_view> time_keys = {
    "Date", "Created", "Timestamp", "Time", "Start Time", "Creation Timestamp", "Story Date", "Purchase Date",
    "Acceptance Date", "Date Created", "Event Time", "Date and Time"};

// An item's words as one line: a string, or the non-empty scalar values of an object (its time
// left out) or array.
std::string item_text(JsonElement x) {
  if (x.is_object()) {
    std::vector<std::string> parts;
    simdjson::dom::object obj = x.get_object().value();
    for (auto [k, v] : obj) {
      if (std::find(time_keys.begin(), time_keys.end(), k) != time_keys.end()) continue;  // the record's time
      std::string t = unescape(json_text(v));
      if (!t.empty()) parts.push_back(t);
    }
    return join(parts, ", ");
  }
  if (x.is_array()) {
    std::vector<std::string> parts;
    simdjson::dom::array arr = x.get_array().value();
    for (JsonElement v : arr) {
      std::string t = item_text(v);
      if (!t.empty()) parts.push_back(t);
    }
    return join(parts, ", ");
  }
  return unescape(json_text(x));
}


bool set_snap_time(Record& r, JsonElement x) {
  if (!x.is_object()) return false;
  if (auto t = snap_time(json_text_any(x, time_keys))) {
    set_time(r, *t);
    return true;
  }
  return false;
}

json raw_of(JsonElement x) {
  json v = to_nlohmann(x);
  return v.is_object() ? v : json{{"value", std::move(v)}};
}

std::string key_of(JsonElement x) { return std::string(simdjson::minify(x)); }

json person(const std::string& username) { return json{{"username", username}}; }

namespace {

// "52.52 ± 14.05 meters" -> 52.52 and the accuracy 14.05 (also "+/-", "+-"), or false.
bool coordinate(std::string_view s, double& value, double& accuracy) {
  std::string t(trim(s));
  char* end = nullptr;
  value = std::strtod(t.c_str(), &end);
  if (end == t.c_str()) return false;
  std::string rest(trim(std::string_view(end)));
  for (std::string_view sign : {"\xC2\xB1", "+/-", "+-"})
    if (rest.rfind(sign, 0) == 0) {
      std::string a(trim(std::string_view(rest).substr(sign.size())));
      char* e2 = nullptr;
      double acc = std::strtod(a.c_str(), &e2);
      if (e2 != a.c_str()) accuracy = acc;
      return true;
    }
  return rest.empty() || rest.rfind("meters", 0) == 0 || rest.rfind("m", 0) == 0;
}

}  // namespace

// "52.52 ± 14.05 meters, 13.40 ± 14.05 meters", "52.52, 13.40", "Latitude, Longitude: 52.52, 13.40".
bool lat_lon(std::string_view s, double& lat, double& lon, double& accuracy) {
  size_t colon = s.rfind(':');
  if (colon != std::string_view::npos) s = s.substr(colon + 1);
  size_t comma = s.find(',');
  if (comma == std::string_view::npos) return false;
  double a1 = -1, a2 = -1;
  if (!coordinate(s.substr(0, comma), lat, a1) || !coordinate(s.substr(comma + 1), lon, a2)) return false;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  accuracy = std::max(a1, a2);
  return true;
}

// ---- the walk: a file is an object of sections (lists, objects or values) or one list ----------


// Calls fn for each element of a section that is a list and once for a section that is an object
// or a value (section "" for the elements of a file that is one list), streamed (walk_items).
Verdict read_sections(ImportContext& c, const Entry& e, ItemFn fn, const char* what) {
  using Path = JsonTreeWalker::Path;
  using Visit = JsonTreeWalker::Visit;
  if (trim(strip_bom(c.in.head(e, 64))).empty()) return {Fate::parsed, std::string(what) + ", empty file"};
  char top = 0;
  auto visit = [&](const Path& p, char opens, bool) {
    if (p.empty()) {
      top = opens;
      return opens == '{' || opens == '[' ? Visit::descend : Visit::stop;
    }
    if (p.size() == 1 && top == '{' && opens == '[') return Visit::descend;
    return Visit::take;
  };
  ItemsRead r = walk_items(c.in, c.log, c.parser, e, visit,
                           [&](const Path& p, JsonElement item, const std::string& ptr) {
                             fn(c, e, top == '[' ? std::string() : p[0], item, ptr);
                           });
  if (!r.broken.empty()) return {r.items ? Fate::partial : Fate::failed, r.broken};
  if (top != '{' && top != '[') throw Error(c.in.where(e), "not a JSON object of sections or a JSON array");
  std::string note = std::string(what) + ", " + std::to_string(r.items) + " items";
  if (r.bad) return {Fate::partial, note + " (" + std::to_string(r.bad) + " unreadable)"};
  return {Fate::parsed, note};
}

// Any item no reader knows: an activity named after its section, the item whole in raw.
void add_generic(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string stem(basename(e.path));
  stem = stem.substr(0, stem.rfind('.'));
  std::string action = snake_case(section.empty() ? stem : section);
  Record r = c.record("activity", stem + "\n" + section + "\n" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = action.empty() ? stem : action;
  std::string text = x.is_object() ? text_of(x, {"Content", "Text", "Name", "Title", "Display Name", "Email Address",
                                                 "Mobile Number", "Status", "Version"})
                                   : item_text(x);
  if (text.empty() && x.is_object()) text = item_text(x);
  put(r.data, "text", text);
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

// ---- media -------------------------------------------------------------------------------------

// "2024-02-24_b~EigS.jpg" -> "b~EigS"; the date prefix and the extension off.
std::string media_stem(std::string_view path) {
  std::string base(basename(path));
  if (base.size() > 11 && base[4] == '-' && base[7] == '-' && base[10] == '_') base = base.substr(11);
  size_t dot = base.rfind('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

void index_media(ImportContext& c) {
  State& s = state(c);
  if (s.indexed) return;
  s.indexed = true;
  for (StoredMedia& m : c.media.all()) {
    std::string path = lower(m.entry->path);
    std::string stem = media_stem(m.entry->path);
    if (path.find("chat_media/") != std::string::npos) {
      s.chat_media[stem].push_back(&m);
      for (std::string_view p : {"media~", "overlay~", "thumbnail~"})
        if (stem.rfind(p, 0) == 0) s.chat_media[stem.substr(p.size())].push_back(&m);
    } else if (path.find("memories/") != std::string::npos) {
      for (std::string_view suffix : {"-main", "-overlay", "_main", "_overlay"})
        if (stem.size() > suffix.size() && stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0)
          stem.resize(stem.size() - suffix.size());
      s.memories[stem].push_back(&m);
    }
  }
}

// The query parameter `name` of a link ("" when absent).
std::string query_param(std::string_view url, std::string_view name) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  for (const std::string& kv : split(url.substr(q + 1), '&'))
    if (kv.size() > name.size() && kv.compare(0, name.size(), name) == 0 && kv[name.size()] == '=')
      return kv.substr(name.size() + 1);
  return "";
}

namespace {

// ---- readers -----------------------------------------------------------------------------------

Verdict read_chats(ImportContext& c, const Entry& e) { return read_sections(c, e, add_chat, "snapchat chat history"); }
Verdict read_snaps(ImportContext& c, const Entry& e) { return read_sections(c, e, add_snap, "snapchat snap history"); }
Verdict read_calls(ImportContext& c, const Entry& e) { return read_sections(c, e, add_call, "snapchat call history"); }
Verdict read_friends(ImportContext& c, const Entry& e) { return read_sections(c, e, add_friend, "snapchat friends"); }
Verdict read_locations(ImportContext& c, const Entry& e) { return read_sections(c, e, add_location, "snapchat location history"); }
Verdict read_account(ImportContext& c, const Entry& e) { return read_sections(c, e, add_account, "snapchat account"); }
Verdict read_bitmoji(ImportContext& c, const Entry& e) { return read_sections(c, e, add_bitmoji, "snapchat bitmoji"); }
Verdict read_profile(ImportContext& c, const Entry& e) { return read_sections(c, e, add_profile_section, "snapchat profile"); }
Verdict read_memories(ImportContext& c, const Entry& e) { return read_sections(c, e, add_memory, "snapchat memories"); }
Verdict read_searches(ImportContext& c, const Entry& e) { return read_sections(c, e, add_search, "snapchat searches"); }
Verdict read_subscriptions(ImportContext& c, const Entry& e) { return read_sections(c, e, add_subscription, "snapchat subscriptions"); }
Verdict read_stories(ImportContext& c, const Entry& e) { return read_sections(c, e, add_story, "snapchat story history"); }
Verdict read_other(ImportContext& c, const Entry& e) { return read_sections(c, e, add_generic, "snapchat data"); }

// ---- the HTML export ---------------------------------------------------------------------------

// The pages of the HTML export when the download has no json/ folder ("" otherwise).
std::string html_only(ImportContext& c, const Entry& e) {
  State& s = state(c);
  if (s.json_files < 0) {
    s.json_files = 0;
    for (const Entry& x : c.in.entries())
      if (!x.junk && path_matches("**/json/*.json", x.path)) ++s.json_files;
  }
  return s.json_files == 0 ? e.path : "";
}

void finish(ImportContext& c) {
  State& s = state(c);
  s.profile.add_to(c.out);
  c.media.emit_unused(c.out, platform);
}

constexpr const char* html_note =
    "a page of Snapchat's HTML export, not imported: request your data again with \"Export JSON Files\" ticked "
    "(accounts.snapchat.com > My Data)";

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/json/account.json", .read = read_account, .kinds = "profile, login", .pass = -1},
            {.match = "**/json/account_history.json", .read = read_account, .kinds = "login, activity"},
            {.match = "**/json/chat_history.json", .read = read_chats, .kinds = "message"},
            {.match = "**/json/snap_history.json", .read = read_snaps, .kinds = "activity"},
            {.match = "**/json/talk_history.json", .read = read_calls, .kinds = "activity"},
            {.match = "**/json/friends.json", .read = read_friends, .kinds = "contact, group"},
            {.match = "**/json/location_history.json", .read = read_locations, .kinds = "location, inference"},
            {.match = "**/json/user_profile.json|**/json/ranking.json", .read = read_profile,
             .kinds = "profile, inference, activity, advertiser"},
            {.match = "**/json/bitmoji.json", .read = read_bitmoji, .kinds = "profile, activity"},
            {.match = "**/json/memories_history.json", .read = read_memories, .kinds = "media"},
            {.match = "**/json/search_history.json", .read = read_searches, .kinds = "activity"},
            {.match = "**/json/subscriptions.json", .read = read_subscriptions, .kinds = "contact"},
            {.match = "**/json/story_history.json", .read = read_stories, .kinds = "activity"},
            {.match = "**/json/*.json", .read = read_other, .kinds = "activity"},
            {.match = "**/index.html|**/html/*.html", .name = html_only, .kinds = "(none: the HTML export is recognised, not read)",
             .note = html_note, .fate = Fate::skipped},
            {.match = "**/index.html|**/html/*.html|**/html/**/*", .note = "Snapchat's HTML rendering of the JSON files",
             .fate = Fate::ignored},
            {.match = "**/chat_media/*|**/memories/*|**/shared_story/*", .kinds = "media", .media = true,
             .note = "snapchat media file"},
        },
    .finish = finish,
};

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace
}  // namespace dataport::snapchat

namespace dataport {

int probe_snapchat(const Archive& in) {
  int score = 0, pages = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    std::string path = lower(e.path);
    std::string base(basename(path));
    if (path_matches("**/json/*.json", path)) {
      auto sniff = [&](std::initializer_list<const char*> keys) {
        std::string h = in.head(e, 4096);
        for (const char* k : keys)
          if (h.find(k) != std::string::npos) return true;
        return false;
      };
      if ((base == "chat_history.json" || base == "snap_history.json") && sniff({"\"Media Type\""})) return 95;
      if (base == "friends.json" && sniff({"\"Friend Requests Sent\"", "\"Ignored Snapchatters\"", "\"Deleted Friends\""})) return 95;
      if (base == "memories_history.json" && sniff({"\"Saved Media\""})) return 90;
      if (base == "account.json" && sniff({"\"Registration IP\""})) score = std::max(score, 80);
      if (base == "user_profile.json" && sniff({"\"App Profile\"", "\"Discover Channels Viewed\""})) score = std::max(score, 80);
    }
    if (path_matches("**/html/*.html", path))
      for (const char* page : {"chat_history.html", "snap_history.html", "friends.html", "memories_history.html",
                               "location_history.html", "account_history.html"})
        if (snapchat::has_suffix(path, std::string("html/") + page)) ++pages;
  }
  if (pages >= 2) score = std::max(score, 70);
  return score;
}

void read_snapchat(const Archive& in, Sink& out, Log& log) { run_rules(snapchat::rules, in, out, log); }


}  // namespace dataport
