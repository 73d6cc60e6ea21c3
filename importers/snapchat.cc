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
#include <map>
#include <string>
#include <vector>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {
namespace {

constexpr const char* platform = "snapchat";

// What the run shares: the profile several files fill, the account's username, the media index.
struct State {
  Record profile;
  bool has_profile = false;
  std::string me;  // the account's username (account.json, read first)
  bool indexed = false;
  std::map<std::string, std::vector<StoredMedia*>> chat_media, memories;  // media id / mid -> files
  int json_files = -1;                                                     // json/*.json entries (-1: not counted)
};

State& state(ImportContext& c) { return c.state<State>(); }

Record& profile(ImportContext& c, const Entry& e) {
  State& s = state(c);
  if (!s.has_profile) {
    s.profile = c.record("profile", "profile", e, "");
    s.profile.data["raw"] = json::object();
    s.has_profile = true;
  }
  return s.profile;
}

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
    size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
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

using ItemFn = void (*)(ImportContext& c, const Entry& e, const std::string& section, JsonElement item,
                        const std::string& ptr);

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

// ---- chats and snaps ---------------------------------------------------------------------------

// The direction and the other side of a list of the older generation ("Received Saved Chat History").
bool legacy_list(const std::string& section, std::string& direction) {
  if (section.rfind("Received ", 0) == 0) direction = "received";
  else if (section.rfind("Sent ", 0) == 0) direction = "sent";
  else return false;
  return section.size() > 8 && section.compare(section.size() - 8, 8, " History") == 0;
}

struct ChatItem {
  std::string thread, title, direction, other, from;
  bool group = false;
};

// Who and where of one chat or snap item, in either generation; false when the item names nobody.
bool chat_item(ImportContext& c, const std::string& section, JsonElement x, ChatItem& out) {
  const std::string& me = state(c).me;
  std::string direction;
  if (legacy_list(section, direction)) {
    out.direction = direction;
    out.other = json_text_any(x, {direction == "sent" ? "To" : "From", "From", "To"});
    out.thread = out.other;
    out.from = direction == "sent" ? me : out.other;
  } else {
    JsonElement v;
    bool sender = json_member(x, "IsSender", v) && ((v.is_bool() && v.get_bool().value()) || json_text(v) == "true");
    out.direction = sender ? "sent" : "received";
    out.thread = section;
    out.title = text_of(x, {"Conversation Title"});
    out.group = !out.title.empty();
    out.from = json_text_any(x, {"From"});
    if (sender && out.from.empty()) out.from = me;
    out.other = out.group ? "" : section;
  }
  return !out.thread.empty();
}

std::string created_key(JsonElement x) {
  std::string us = json_text_any(x, {"Created(microseconds)"});
  return us.empty() ? json_text_any(x, {"Created"}) : us;
}

void set_created(Record& r, JsonElement x) {
  if (auto n = json_int(x, "Created(microseconds)"); n && *n > 0) {
    // Named microseconds, written as milliseconds in the downloads seen; both are told by size.
    set_time(r, *n > 100000000000000 ? from_unix_micros(*n) : from_unix_millis(*n));
    return;
  }
  set_snap_time(r, x);
}

void add_chat(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  ChatItem it;
  if (!x.is_object() || !chat_item(c, section, x, it)) return add_generic(c, e, section, x, ptr);
  std::string type = json_text_any(x, {"Media Type"});
  std::string text = text_of(x, {"Content", "Text"});
  std::string ids = json_text_any(x, {"Media IDs"});
  Record r = c.record("message", "chat:" + it.thread + "\n" + created_key(x) + "\n" + it.direction + "\n" + it.from + "\n" +
                                     type + "\n" + text + "\n" + ids,
                      e, ptr);
  set_created(r, x);
  json& d = r.data;
  d["thread_id"] = it.thread;
  d["thread_title"] = it.title.empty() ? it.thread : it.title;
  if (it.group) d["group_chat"] = true;
  d["direction"] = it.direction;
  if (!it.from.empty()) d["from"] = person(it.from);
  const std::string& me = state(c).me;
  if (it.direction == "sent" && !it.other.empty()) d["to"] = json::array({person(it.other)});
  else if (it.direction == "received" && !it.group && !me.empty()) d["to"] = json::array({person(me)});
  put(d, "text", text);
  put(d, "content_type", lower(type));
  json raw = json::object();
  put(raw, "media_type", type);
  JsonElement v;
  if (json_member(x, "IsSaved", v) && v.is_bool()) raw["saved"] = v.get_bool().value();
  if (section.find("Unsaved") != std::string::npos) raw["saved"] = false;
  else if (section.find("Saved") != std::string::npos) raw["saved"] = true;
  if (!ids.empty()) {
    index_media(c);
    State& s = state(c);
    json files = json::array(), missing = json::array();
    for (const std::string& id0 : split(ids, '|')) {
      std::string id(trim(id0));
      if (id.empty()) continue;
      auto m = s.chat_media.find(id);
      if (m == s.chat_media.end()) {
        missing.push_back(id);
        continue;
      }
      for (StoredMedia* f : m->second) files.push_back(c.media.use(*f));
    }
    if (!files.empty()) d["attachments"] = std::move(files);
    raw["media_ids"] = split(ids, '|').size() > 1 ? json(ids) : json(std::string(trim(ids)));
    if (!missing.empty()) raw["media_not_in_export"] = std::move(missing);
  }
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void add_snap(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  ChatItem it;
  if (!x.is_object() || !chat_item(c, section, x, it)) return add_generic(c, e, section, x, ptr);
  std::string type = json_text_any(x, {"Media Type"});
  Record r = c.record("activity", "snap:" + it.thread + "\n" + created_key(x) + "\n" + it.direction + "\n" + it.from + "\n" + type, e, ptr);
  set_created(r, x);
  json& d = r.data;
  d["action"] = "snap";
  d["direction"] = it.direction;
  put(d, "type", lower(type));
  std::string who = it.direction == "received" ? it.from : it.other;
  if (!who.empty()) d["person"] = person(who);
  put(d, "name", it.title);
  json raw = {{"conversation", it.thread}};
  if (!it.from.empty()) raw["from"] = it.from;
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void add_call(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (!x.is_object()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("activity", "call:" + section + "\n" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = "call";
  put(r.data, "type", snake_case(section));
  std::string who = json_text_any(x, {"Recipient", "Caller", "From", "To", "Username", "Conversation"});
  if (!who.empty()) r.data["person"] = person(who);
  std::string lowered = lower(section);
  if (lowered.find("outgoing") != std::string::npos) r.data["direction"] = "sent";
  if (lowered.find("incoming") != std::string::npos) r.data["direction"] = "received";
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

// ---- friends and subscriptions -----------------------------------------------------------------

void add_friend(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  struct Relation {
    const char* section;
    const char* relation;
    const char* direction;
    const char* status;
  };
  static constexpr Relation relations[] = {
      {"Friends", "friend", "", ""},
      {"Friend Requests Sent", "request", "sent", "pending"},
      {"Pending Requests", "request", "received", "pending"},
      {"Ignored Snapchatters", "request", "received", "ignored"},
      {"Blocked Users", "blocked", "", ""},
      {"Deleted Friends", "friend", "", "removed"},
      {"Hidden Friend Suggestions", "suggestion", "", "hidden"},
  };
  std::string user = x.is_object() ? json_text_any(x, {"Username"}) : "";
  if (section == "Shortcuts" && x.is_object()) {
    std::string name = text_of(x, {"Shortcut Name"});
    if (name.empty()) return add_generic(c, e, section, x, ptr);
    Record r = c.record("group", "shortcut:" + name + "\n" + json_text_any(x, {"Created"}), e, ptr);
    set_snap_time(r, x);
    r.data["name"] = name;
    r.data["type"] = "shortcut";
    r.data["role"] = "owner";
    c.out.add(std::move(r));
    return;
  }
  const Relation* rel = nullptr;
  for (const Relation& x2 : relations)
    if (section == x2.section) rel = &x2;
  if (!rel || user.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("contact", section + ":" + user, e, ptr);
  if (auto t = snap_time(json_text_any(x, {"Creation Timestamp"}))) set_time(r, *t);
  json& d = r.data;
  d["relation"] = rel->relation;
  put(d, "direction", rel->direction);
  put(d, "status", rel->status);
  d["username"] = user;
  put(d, "name", text_of(x, {"Display Name"}));
  d["url"] = "https://www.snapchat.com/add/" + user;
  json raw = json::object();
  put(raw, "source", json_text_any(x, {"Source"}));
  if (auto t = snap_time(json_text_any(x, {"Last Modified Timestamp"}))) raw["modified"] = format_rfc3339(*t);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void add_subscription(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string name = x.is_object() ? text_of(x, {"Name", "Display Name", "Title", "Publisher", "Username"}) : item_text(x);
  if (name.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("contact", "subscription:" + section + "\n" + name, e, ptr);
  set_snap_time(r, x);
  r.data["relation"] = "following";
  r.data["name"] = name;
  put(r.data, "type", snake_case(section));
  if (x.is_object()) r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

// ---- where the person was ----------------------------------------------------------------------

void add_inference(ImportContext& c, const Entry& e, const std::string& category, const std::string& value,
                   const std::string& description, JsonElement x, const std::string& ptr) {
  Record r = c.record("inference", category + ":" + description + "\n" + value, e, ptr);
  set_snap_time(r, x);
  r.data["category"] = category;
  r.data["value"] = value;
  r.data["description"] = description;
  if (x.is_object() || x.is_array()) r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

void add_location(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Location History") {
    std::string when, where;
    if (x.is_array()) {
      simdjson::dom::array a = x.get_array().value();
      if (a.size() >= 2) when = json_text(a.at(0).value()), where = json_text(a.at(1).value());
    } else if (x.is_object()) {
      when = json_text_any(x, {"Time", "Date", "Created"});
      where = json_text_any(x, {"Latitude, Longitude", "Location", "Coordinates"});
    }
    double lat = 0, lon = 0, accuracy = -1;
    auto t = snap_time(when);
    if (!t || !lat_lon(where, lat, lon, accuracy))
      throw Error(c.in.where(e) + " " + ptr, "a location without a readable time and position ('" + when + "', '" + where + "')");
    Record r = c.record("location", "fix:" + when + "\n" + where, e, ptr);
    set_time(r, *t);
    r.data["lat"] = lat;
    r.data["lon"] = lon;
    if (accuracy >= 0) r.data["accuracy"] = accuracy;
    r.data["type"] = "fix";
    c.out.add(std::move(r));
    return;
  }
  std::string desc = "Snapchat's \"" + section + "\"";
  if (x.is_object() && (section.find("Home") == 0 || section.find("Businesses") == 0)) {
    // {Home: "...", Work: "..."} or {<business id>: [...]}: one inference per member.
    simdjson::dom::object obj = x.get_object().value();
    for (auto [k, v] : obj) {
      std::string value = item_text(v);
      if (value.empty()) continue;
      add_inference(c, e, "location", section.find("Home") == 0 ? std::string(k) + ": " + value : value, desc, v,
                    ptr + "/" + std::string(k));
    }
    return;
  }
  std::string value = item_text(x);
  if (value.empty()) return add_generic(c, e, section, x, ptr);
  add_inference(c, e, "location", value, desc, x, ptr);
}

// ---- the account -------------------------------------------------------------------------------

void add_login(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  Record r = c.record("login", section + "\n" + key_of(x), e, ptr);
  json& d = r.data;
  if (section == "Login History") {
    set_snap_time(r, x);
    d["method"] = "login";
    put(d, "ip", json_text_any(x, {"IP", "IP Address"}));
    put(d, "location", json_text_any(x, {"Country", "Location"}));
    put(d, "device", text_of(x, {"Device"}));
  } else if (section == "Password Change") {
    set_snap_time(r, x);
    d["method"] = "password_change";
  } else {  // Device History, Device Information
    if (auto t = snap_time(json_text_any(x, {"Start Time", "Date", "Created"}))) set_time(r, *t);
    d["method"] = "device";
    std::vector<std::string> name;
    for (const char* k : {"Make", "Model Name", "Model"}) {
      std::string v = text_of(x, {k});
      if (!v.empty() && std::find(name.begin(), name.end(), v) == name.end()) name.push_back(v);
    }
    put(d, "device", join(name, " "));
  }
  d["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

void add_account(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Login History" || section == "Device History" || section == "Password Change" ||
      (section == "Device Information" && x.is_object()))
    return add_login(c, e, section, x, ptr);
  if (section == "Basic Information" && x.is_object()) {
    json& d = profile(c, e).data;
    std::string user = json_text_any(x, {"Username"});
    put(d, "username", user);
    if (!user.empty()) {
      d["url"] = "https://www.snapchat.com/add/" + user;
      state(c).me = user;
    }
    put(d, "name", text_of(x, {"Name", "Display Name"}));
    if (auto t = snap_time(json_text_any(x, {"Creation Date", "Creation Time"}))) d["registered_at"] = format_rfc3339(*t);
    put(d, "registration_ip", json_text_any(x, {"Registration IP"}));
    put(d, "location", json_text_any(x, {"Country"}));
    if (auto t = snap_time(json_text_any(x, {"Last Active"}))) d["raw"]["last_active"] = format_rfc3339(*t);
    return;
  }
  add_generic(c, e, section, x, ptr);
}

void add_bitmoji(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Basic Information" && x.is_object()) {
    json& d = profile(c, e).data;
    put(d, "first_name", text_of(x, {"First Name"}));
    put(d, "last_name", text_of(x, {"Last Name"}));
    std::string email = json_text_any(x, {"Email"}), phone = json_text_any(x, {"Phone Number"});
    if (!email.empty() && !d.contains("emails")) d["emails"] = json::array({{{"address", email}}});
    if (!phone.empty() && !d.contains("phones")) d["phones"] = json::array({{{"number", phone}}});
    d["raw"]["bitmoji"] = raw_of(x);
    return;
  }
  if (section == "Analytics" && x.is_object()) {
    profile(c, e).data["raw"]["bitmoji_analytics"] = raw_of(x);
    return;
  }
  add_generic(c, e, section, x, ptr);
}

// ---- what Snapchat made of the person ----------------------------------------------------------

void add_profile_section(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  static const std::map<std::string, std::string, std::less<>> lists = {
      {"Interest Categories", "interest"},          {"Content Categories", "content_interest"},
      {"Content Interests", "content_interest"},    {"Breakdown of Time Spent on App", "time_spent"},
      {"Geographic Information", "location"},       {"Lifestyle Categories", "interest"},
  };
  json& raw = profile(c, e).data["raw"];
  if (section == "App Profile" && x.is_object()) {
    json& d = profile(c, e).data;
    if (!d.contains("location")) put(d, "location", json_text_any(x, {"Country"}));
    if (auto t = snap_time(json_text_any(x, {"Creation Time"})); t && !d.contains("registered_at"))
      d["registered_at"] = format_rfc3339(*t);
    raw["app_profile"] = raw_of(x);
    return;
  }
  if ((section == "Demographics" || section == "Interactions") && x.is_object()) {
    simdjson::dom::object obj = x.get_object().value();
    for (auto [k, v] : obj) {
      std::string key(k);
      std::string category = section == "Demographics" ? "demographic" : snake_case(key.substr(0, key.find(' '))) + "_interaction";
      if (v.is_array()) {
        int64_t i = 0;
        simdjson::dom::array arr = v.get_array().value();
        for (JsonElement one : arr) {
          std::string value = item_text(one);
          if (!value.empty()) add_inference(c, e, category, value, "Snapchat's \"" + key + "\"", one, ptr + "/" + key + "/" + std::to_string(i));
          ++i;
        }
      } else if (std::string value = item_text(v); !value.empty()) {
        add_inference(c, e, category, value, "Snapchat's \"" + key + "\"", v, ptr + "/" + key);
      }
    }
    return;
  }
  if (section == "Statistics" && x.is_object()) {
    raw["statistics"] = raw_of(x);
    return;
  }
  if (section == "Mobile Ad Id") {
    put(raw, "mobile_ad_id", json_text(x));
    return;
  }
  if (section == "Engagement" && x.is_object()) {
    std::string event = text_of(x, {"Event"}), n = json_text_any(x, {"Occurrences"});
    if (!event.empty())
      return add_inference(c, e, "engagement", event + ": " + n, "how many times Snapchat counted this event", x, ptr);
  }
  if (section == "Discover Channels Viewed") {
    std::string name = x.is_object() ? text_of(x, {"Channel Name", "Name"}) : item_text(x);
    if (!name.empty()) {
      Record r = c.record("activity", "discover:" + name + "\n" + key_of(x), e, ptr);
      set_snap_time(r, x);
      r.data["action"] = "view";
      r.data["type"] = "channel";
      r.data["name"] = name;
      if (x.is_object()) r.data["raw"] = raw_of(x);
      c.out.add(std::move(r));
      return;
    }
  }
  if (section == "Ads You Interacted With") {
    std::string name = x.is_object() ? text_of(x, {"Advertiser Name", "Advertiser", "Name"}) : item_text(x);
    if (!name.empty()) {
      Record r = c.record("advertiser", "ad:" + name + "\n" + key_of(x), e, ptr);
      set_snap_time(r, x);
      r.data["name"] = name;
      r.data["relation"] = "interacted";
      put(r.data, "action", x.is_object() ? text_of(x, {"Action", "Interaction"}) : "");
      if (x.is_object()) r.data["raw"] = raw_of(x);
      c.out.add(std::move(r));
      return;
    }
  }
  if (auto l = lists.find(section); l != lists.end()) {
    std::string value = item_text(x);
    if (!value.empty()) return add_inference(c, e, l->second, value, "Snapchat's \"" + section + "\"", x, ptr);
  }
  if (section == "Subscriptions") return add_subscription(c, e, section, x, ptr);
  add_generic(c, e, section, x, ptr);
}

// ---- memories, searches, stories ---------------------------------------------------------------

void add_memory(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string link = json_text_any(x, {"Download Link", "Media Download Url"});
  std::string date = json_text_any(x, {"Date"});
  if (!x.is_object() || (link.empty() && date.empty())) return add_generic(c, e, section, x, ptr);
  std::string mid = query_param(link, "mid");
  if (mid.empty()) mid = query_param(json_text_any(x, {"Media Download Url"}), "mid");
  Record r = c.record("media", "memory:" + (mid.empty() ? date + "\n" + link : mid), e, ptr);
  auto t = snap_time(date);
  if (t) set_time(r, *t);
  json& d = r.data;
  std::string type = lower(json_text_any(x, {"Media Type"}));
  d["type"] = type == "image" || type == "photo" ? "photo" : type;
  d["album"] = "Memories";
  if (t) d["taken_at"] = format_rfc3339(*t);
  double lat = 0, lon = 0, accuracy = -1;
  std::string where = json_text_any(x, {"Location"});
  if (lat_lon(where, lat, lon, accuracy) && !(lat == 0 && lon == 0)) d["lat"] = lat, d["lon"] = lon;
  json files = json::array();
  if (!mid.empty()) {
    index_media(c);
    auto m = state(c).memories.find(mid);
    if (m != state(c).memories.end())
      for (StoredMedia* f : m->second) files.push_back(c.media.use(*f));
  }
  if (files.empty() && !link.empty()) files.push_back({{"url", link}});  // the file was not downloaded
  if (!files.empty()) d["media"] = std::move(files);
  json raw = json::object();
  put(raw, "mid", mid);
  put(raw, "download_link", json_text_any(x, {"Download Link"}));
  put(raw, "media_download_url", json_text_any(x, {"Media Download Url"}));
  put(raw, "location", where);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void add_search(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string query = x.is_object() ? text_of(x, {"Search Term", "Search Query", "Query", "Term"}) : "";
  if (query.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("activity", "search:" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = "search";
  r.data["query"] = query;
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

void add_story(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string who = x.is_object() ? json_text_any(x, {"View", "Story Owner", "Username"}) : "";
  if (section != "Friend and Public Story Views" || who.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("activity", "story_view:" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = "view";
  r.data["type"] = "story";
  r.data["person"] = person(who);
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

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
  if (s.has_profile) {
    if (s.profile.data["raw"].empty()) s.profile.data.erase("raw");
    c.out.add(std::move(s.profile));
  }
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
        if (has_suffix(path, std::string("html/") + page)) ++pages;
  }
  if (pages >= 2) score = std::max(score, 70);
  return score;
}

void read_snapchat(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
