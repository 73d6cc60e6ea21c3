// Discord: account/user.json, ads/traits.json and the support tickets (docs/formats/discord.md).

#include <set>

#include "importers/discord/discord.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport::discord {
namespace {

// Relationship types (Discord API): 1 friend, 2 blocked, 3 incoming request, 4 outgoing, 5 implicit.
const char* relation_name(const std::string& type) {
  if (type == "1") return "friend";
  if (type == "2") return "blocked";
  if (type == "3" || type == "4") return "request";
  if (type == "5") return "implicit";
  if (type == "6") return "suggestion";
  return nullptr;
}

// Payment statuses (Discord API): 0 pending, 1 completed, 2 failed, 3 reversed, 4 refunded, 5 cancelled.
std::string payment_status(const std::string& s) {
  static const char* names[] = {"pending", "completed", "failed", "reversed", "refunded", "cancelled"};
  if (s.size() == 1 && s[0] >= '0' && s[0] <= '5') return names[s[0] - '0'];
  return s;
}

// The avatar beside user.json ("account/avatar.png"), or nullptr.
StoredMedia* avatar_of(ImportContext& c, const Entry& user) {
  std::string dir = user.path.substr(0, user.path.size() - basename(user.path).size());
  for (StoredMedia& m : c.media.all()) {
    const std::string& p = m.entry->path;
    if (p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p.find('/', dir.size()) == std::string::npos &&
        lower(basename(p)).rfind("avatar.", 0) == 0)
      return &m;
  }
  return nullptr;
}

// Each item of user.json's array `key` to fn(c, e, item, id, pointer), the id being the first
// non-empty of `id_keys`, else its `user`'s id (none asked: ""); an item without one is warned and
// skipped. Returns how many items fn read.
template <class Fn>
int64_t each_of(ImportContext& c, const Entry& e, JsonElement u, const char* key,
                std::initializer_list<std::string_view> id_keys, Fn fn) {
  simdjson::dom::array arr;
  if (!json_array(u, key, arr)) return 0;
  int64_t i = 0, n = 0;
  for (JsonElement item : arr) {
    std::string ptr = "/" + std::string(key) + "/" + std::to_string(i++), id;
    for (std::string_view k : id_keys)
      if (id.empty()) id = json_text_any(item, {k});
    if (id_keys.size() && id.empty()) id = json_path(item, {"user", "id"});
    if (id_keys.size() && id.empty()) {
      c.log.warn(c.in.where(e) + " " + ptr, std::string(key) + " item without an id: skipped");
      continue;
    }
    fn(c, e, item, id, ptr);
    ++n;
  }
  return n;
}

void add_relationship(ImportContext& c, const Entry& e, JsonElement rel, const std::string& id, const std::string& ptr) {
  std::string type = json_text_any(rel, {"type"});
  const char* relation = relation_name(type);
  Record r = c.record("contact", "relationship:" + id, e, ptr);
  json& d = r.data;
  d["relation"] = relation ? relation : "relationship_" + type;
  if (type == "3" || type == "4") {
    d["direction"] = type == "3" ? "received" : "sent";
    d["status"] = "pending";
  }
  JsonElement user;
  if (json_object(rel, "user", user)) {
    std::string h = handle(user);
    put(d, "username", h);
    put(d, "name", json_text_any(user, {"global_name"}));
    if (!h.empty()) c.state<State>().user_names[id] = h;
  }
  put(d, "nickname", json_text_any(rel, {"nickname"}));
  d["url"] = user_url(id);
  if (auto t = parse_discord_time(json_text_any(rel, {"since"}))) set_time(r, *t);
  d["raw"] = {{"id", id}, {"type", type}};
  c.out.add(std::move(r));
}

void add_payment(ImportContext& c, const Entry& e, JsonElement p, const std::string& id, const std::string& ptr) {
  Record r = c.record("activity", "payment:" + id, e, ptr);
  if (auto t = parse_discord_time(json_text_any(p, {"created_at"}))) set_time(r, *t);
  r.data["action"] = "purchase";
  put(r.data, "title", json_text_any(p, {"description"}));
  put(r.data, "status", payment_status(json_text_any(p, {"status"})));
  r.data["raw"] = to_nlohmann(p);
  c.out.add(std::move(r));
}

// user_sessions[]: {user_data: {creation_time, approx_last_used_time, client_info: {ip, os,
// platform, location}}}; older packages may give the fields without the user_data wrapper.
void add_session(ImportContext& c, const Entry& e, JsonElement s, const std::string&, const std::string& ptr) {
  JsonElement ud = s, ci;
  json_object(s, "user_data", ud);
  if (!json_object(ud, "client_info", ci)) ci = ud;
  json whole = to_nlohmann(s);
  Record r = c.record("login", "session:" + whole.dump(), e, ptr);
  if (auto t = parse_discord_time(json_text_any(ud, {"creation_time"}))) set_time(r, *t);
  json& d = r.data;
  d["method"] = "session";
  put(d, "ip", json_text_any(ci, {"ip"}));
  put(d, "device", json_text_any(ci, {"os"}));
  put(d, "session_type", json_text_any(ci, {"platform"}));
  put(d, "location", json_text_any(ci, {"location"}));
  if (auto t = parse_discord_time(json_text_any(ud, {"approx_last_used_time"}))) d["updated_at"] = format_rfc3339(*t);
  d["raw"] = std::move(whole);
  c.out.add(std::move(r));
}

// user_activity_application_statistics[]: the games Discord saw the person play.
void add_play(ImportContext& c, const Entry& e, JsonElement s, const std::string& app, const std::string& ptr) {
  Record r = c.record("activity", "play:" + app, e, ptr);
  if (auto t = parse_discord_time(json_text_any(s, {"last_played_at"}))) set_time(r, *t);
  r.data["action"] = "play";
  r.data["type"] = "application";
  r.data["name"] = app;
  r.data["raw"] = to_nlohmann(s);
  c.out.add(std::move(r));
}

}  // namespace

Verdict read_user(ImportContext& c, const Entry& e) {
  State& s = c.state<State>();
  JsonElement u = c.parser.parse(c.in.read(e), c.in.where(e));
  if (!u.is_object()) throw Error(c.in.where(e), "user.json is not an object");
  s.user_id = json_text_any(u, {"id"});
  s.username = handle(u);
  s.name = json_text_any(u, {"global_name"});
  if (s.name.empty()) s.name = json_text_any(u, {"username"});

  Record p = c.record("profile", "profile:" + s.user_id, e, "");
  json& d = p.data;
  put(d, "name", s.name);
  put(d, "username", s.username);
  if (!s.user_id.empty()) {
    d["url"] = user_url(s.user_id);
    if (auto t = snowflake_time(s.user_id)) d["registered_at"] = format_rfc3339(*t);
  }
  std::string email = json_text_any(u, {"email"});
  if (!email.empty()) {
    json em = {{"address", email}};
    JsonElement v;
    bool b = false;
    if (json_member(u, "verified", v) && !v.get_bool().get(b)) em["confirmed"] = b;
    d["emails"] = json::array({em});
  }
  std::string phone = json_text_any(u, {"phone"});
  if (!phone.empty()) d["phones"] = json::array({{{"number", phone}}});
  if (StoredMedia* m = avatar_of(c, e)) d["avatar"] = c.media.use(*m);

  simdjson::dom::array arr;
  json handles = json::array();
  if (json_array(u, "connections", arr))
    for (JsonElement conn : arr) {
      std::string name = json_text_any(conn, {"name"}), type = json_text_any(conn, {"type"});
      if (!name.empty()) handles.push_back({{"service", type}, {"username", name}});
    }
  if (!handles.empty()) d["handles"] = std::move(handles);

  int64_t contacts = each_of(c, e, u, "relationships", {"id"}, add_relationship);
  int64_t payments = each_of(c, e, u, "payments", {"id"}, add_payment);
  int64_t sessions = each_of(c, e, u, "user_sessions", {}, add_session);
  int64_t plays = each_of(c, e, u, "user_activity_application_statistics", {"application_id"}, add_play);
  int64_t notes = 0;
  JsonElement note_map;
  simdjson::dom::object notes_obj;
  if (json_member(u, "notes", note_map) && !note_map.get_object().get(notes_obj))
    for (auto [key, value] : notes_obj) {
      std::string id(key), text = json_text(value);
      if (text.empty()) continue;
      Record r = c.record("note", "user_note:" + id, e, "/notes/" + id);
      json who = user_person(c, id);
      r.data["type"] = "user_note";
      r.data["title"] = "Note about " + who.value("username", id);
      put(r.data, "text", text);
      r.data["raw"] = {{"user_id", id}};
      c.out.add(std::move(r));
      ++notes;
    }

  // Nothing is dropped: every other member of user.json is kept whole in the profile's raw.
  static const std::set<std::string, std::less<>> mapped = {
      "username", "discriminator", "global_name", "email", "phone", "relationships", "payments",
      "user_sessions", "user_activity_application_statistics", "notes"};
  json raw = json::object();
  simdjson::dom::object all;
  if (!u.get_object().get(all))
    for (auto [key, value] : all)
      if (!mapped.count(key)) {
        json v = to_nlohmann(value);
        if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) raw[snake_case(key)] = std::move(v);
      }
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(p));
  return {Fate::parsed, "profile, " + std::to_string(contacts) + " relationships, " + std::to_string(payments) +
                            " payments, " + std::to_string(notes) + " notes, " + std::to_string(sessions) + " sessions, " +
                            std::to_string(plays) + " application statistics"};
}

// ads/traits.json: one inference per trait, one per element of a list.
Verdict read_traits(ImportContext& c, const Entry& e) {
  JsonElement t = c.parser.parse(c.in.read(e), c.in.where(e));
  simdjson::dom::object obj;
  if (t.get_object().get(obj)) throw Error(c.in.where(e), "traits.json is not an object");
  auto day = parse_discord_time(json_text_any(t, {"day_pt"}));
  int64_t n = 0;
  auto add = [&](const std::string& trait, const std::string& value, const std::string& ptr) {
    if (value.empty()) return;
    Record r = c.record("inference", "trait:" + trait + ":" + value, e, ptr);
    if (day) set_time(r, *day);
    r.data["category"] = trait;
    r.data["value"] = value;
    r.data["description"] = "a trait Discord targets ads with";
    r.data["raw"] = {{"category", "ad traits"}};
    c.out.add(std::move(r));
    ++n;
  };
  for (auto [key, value] : obj) {
    std::string k(key);
    if (k == "user_id" || k == "day_pt") continue;
    simdjson::dom::array arr;
    if (!value.get_array().get(arr)) {
      int64_t i = 0;
      for (JsonElement x : arr) add(k, json_text(x), "/" + k + "/" + std::to_string(i++));
    } else {
      add(k, json_text(value), "/" + k);
    }
  }
  return {Fate::parsed, std::to_string(n) + " ad traits"};
}

// A support ticket (Zendesk's record): its description, then its comments, as one thread.
namespace {
int64_t add_ticket(ImportContext& c, const Entry& e, JsonElement t, const std::string& prefix) {
  std::string id = json_text_any(t, {"id", "ticket_id"});
  if (id.empty()) id = folder_id(e.path);
  std::string subject = json_text_any(t, {"subject", "title", "raw_subject"});
  std::string thread = "ticket:" + id;
  int64_t n = 0;
  auto add = [&](const std::string& key, const std::string& text, const std::string& when, const std::string& ptr,
                 const json& from) {
    if (text.empty()) return;
    Record r = c.record("message", thread + ":" + key, e, ptr);
    if (auto tm = parse_discord_time(when)) set_time(r, *tm);
    json& d = r.data;
    d["thread_id"] = thread;
    put(d, "thread_title", subject);
    d["thread_type"] = "support_ticket";
    put(d, "subject", subject);
    put(d, "text", text);
    d["folder"] = "support";
    if (!from.empty()) d["from"] = from;
    c.out.add(std::move(r));
    ++n;
  };
  add("description", json_text_any(t, {"description"}), json_text_any(t, {"created_at"}), prefix + "description", json::object());
  simdjson::dom::array comments;
  if (json_array(t, "comments", comments)) {
    int64_t i = 0;
    for (JsonElement cm : comments) {
      std::string ptr = prefix + "comments/" + std::to_string(i++);
      std::string cid = json_text_any(cm, {"id"});
      json from = json::object();
      std::string author = json_text_any(cm, {"author", "author_name"});
      if (author.empty()) author = json_path(cm, {"author", "name"});
      if (!author.empty()) from["name"] = author;
      add(cid.empty() ? ptr : "comment:" + cid, json_text_any(cm, {"plain_body", "body", "comment", "html_body"}),
          json_text_any(cm, {"created_at"}), ptr, from);
    }
  }
  return n;
}
}  // namespace

Verdict read_ticket(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  simdjson::dom::array tickets;
  int64_t n = 0, seen = 0;
  auto one = [&](JsonElement t, const std::string& prefix) {
    if (!json_text_any(t, {"subject", "description"}).empty() || json_array(t, "comments", tickets)) {
      ++seen;
      n += add_ticket(c, e, t, prefix);
    }
  };
  simdjson::dom::array arr;
  if (!doc.get_array().get(arr)) {
    int64_t i = 0;
    for (JsonElement t : arr) one(t, "/" + std::to_string(i++) + "/");
  } else if (json_array(doc, "tickets", arr)) {
    int64_t i = 0;
    for (JsonElement t : arr) one(t, "/tickets/" + std::to_string(i++) + "/");
  } else {
    JsonElement inner;
    one(json_object(doc, "ticket", inner) ? inner : doc, json_object(doc, "ticket", inner) ? "/ticket/" : "/");
  }
  if (!seen) return {Fate::unknown, ""};  // not a ticket this reader knows: kept as a file
  return {Fate::parsed, std::to_string(seen) + " support tickets, " + std::to_string(n) + " messages"};
}

}  // namespace dataport::discord
