// Telegram Desktop export (docs/formats/telegram.md): result.json, streamed, and the media beside it.
// [x] result.json of a full export and of a single chat, both generations (with and without
//     date_unixtime / text_entities); streamed member by member, each message parsed alone
// [x] chats, left_chats -> message (text as a string or an array of entities, links, replies,
//     forwards, edits, reactions, polls, shared contacts and places kept in raw) and group (the
//     groups and channels); service messages -> message with `event` (calls as `call`)
// [x] photos, files, stickers, voice and video messages, vCards, thumbnails -> attachments from
//     the media store; "(File not included...)" -> an attachment without bytes; absent -> missing
// [x] personal_information, profile_pictures -> profile (avatar, media)
// [x] contacts -> contact (relation contact); frequent_contacts -> contact (relation frequent_contact),
//     or for a group or channel its rating in the group record's raw.frequent
// [x] sessions, web_sessions -> login; stories -> post (type story); other_data -> note
// [x] every other file of the export -> media store (media records when no message names them)
// [ ] the HTML export (export_results.html, messages*.html, lists/*.html): recognised, skipped
//     with a note saying to export as JSON; its css/, js/, images/ ignored

#include <algorithm>
#include <map>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "telegram";

// The chat whose members the walk is in.
struct Chat {
  std::string name, type, id;
  bool grouped = false;  // its group record is out
  bool left = false;     // from left_chats
};

// One run: the person (personal_information comes before the chats), the chat being walked, and
// what the verdict counts.
struct State {
  std::string me;       // "user123": the from_id of the person's own messages
  std::string my_name;  // their display name
  Chat chat;
  Record profile;
  bool has_profile = false;
  json pictures = json::array();
  bool warned_local = false;
  std::map<std::string, json> frequent_chats;  // thread id -> {name, type, category, rating}: joined to its group
  bool html_known = false, html = false;  // whether the archive is the HTML export
  int64_t messages = 0, chats = 0, items = 0, bad = 0;
};

State& state(ImportContext& c) { return c.state<State>(); }

bool group_type(std::string_view t) { return t.find("group") != std::string_view::npos || t.find("channel") != std::string_view::npos; }

// A chat's thread id: the class of its peer (as from_id names peers) and its bare id, as the bare
// ids of users and of groups can coincide.
std::string thread_of(const Chat& ch) {
  std::string cls = ch.type == "private_group" ? "chat" : group_type(ch.type) ? "channel" : "user";
  return cls + ":" + ch.id;
}

// tdesktop writes a control character other than \n \r \t as "\xHH", which JSON does not have.
std::string repair_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      if (s[i + 1] == 'x') {
        out += "\\u00";
        ++i;
        continue;
      }
      out += s[i];
      out += s[++i];
      continue;
    }
    out += s[i];
  }
  return out;
}

JsonElement parse_item(ImportContext& c, std::string_view text, const std::string& where) {
  try {
    return c.parser.parse(text, where);
  } catch (const Error&) {
    if (text.find("\\x") == std::string_view::npos) throw;
  }
  return c.parser.parse(repair_escapes(text), where);
}

// The instant of a `key` / `key_unixtime` pair. Without the Unix time (the older generation) the
// local time of the exporting computer is read as UTC: warned once, the text kept in raw.
std::optional<Timestamp> when(ImportContext& c, const Entry& e, JsonElement o, const char* key, json* raw) {
  if (auto unix = json_int(o, std::string(key) + "_unixtime")) return from_unix_seconds(*unix);
  std::string local = json_text_any(o, {key});
  if (local.empty()) return std::nullopt;
  auto t = parse_iso8601(local);
  if (!t) return std::nullopt;
  if (raw) (*raw)[std::string(key) == "date" ? "local_time" : std::string(key) + "_local_time"] = local;
  State& s = state(c);
  if (!s.warned_local) {
    s.warned_local = true;
    c.log.warn(c.in.where(e), "the export gives local times without a zone (no date_unixtime): read as UTC");
  }
  return t;
}

// The text of a message, from a string or an array of plain runs and entity objects; the
// addresses of its links go to `links`.
std::string flatten(JsonElement text, json& links) {
  if (text.is_string()) return json_text(text);
  simdjson::dom::array arr;
  if (text.get_array().get(arr)) return "";
  std::string out;
  for (JsonElement part : arr) {
    if (part.is_string()) {
      out += json_text(part);
      continue;
    }
    std::string type = json_text_any(part, {"type"}), t = json_text_any(part, {"text"});
    out += t;
    std::string href = type == "text_link" ? json_text_any(part, {"href"}) : type == "link" ? t : "";
    if (!href.empty() && std::find(links.begin(), links.end(), href) == links.end()) links.push_back(href);
  }
  return out;
}

// The folder of result.json, which the media paths are relative to.
std::string base_of(const Entry& e) { return e.path.substr(0, e.path.size() - basename(e.path).size()); }

// A file a record names: from the media store, or an attachment without bytes (the sentence tdesktop
// writes instead of a path for a file left out; a missing row for a path the archive lacks).
json file_ref(ImportContext& c, const Entry& e, const std::string& path, const std::string& type, const std::string& name) {
  json a;
  if (!path.empty() && path[0] == '(') {
    a = json{{"name", name.empty() ? type : name}, {"note", path}};
  } else if (StoredMedia* m = c.media.find(base_of(e) + path); m || (m = c.media.find_suffix(path))) {
    a = c.media.use(*m);
    put(a, "name", name);
  } else {
    c.out.missing(base_of(e) + path, "named by " + e.path + "; the export does not hold it");
    a = json{{"uri", path}};
    put(a, "name", name);
  }
  put(a, "type", type);
  return a;
}

// A person as a message names them: {name}; the person's own name when it is their id.
json person(const std::string& name) { return name.empty() ? json{{"name", "Deleted Account"}} : json{{"name", name}}; }

// The event of a service message in words ("Ana Kovač invited Jordan Pike").
std::string event_text(const std::string& actor, const std::string& action, JsonElement m) {
  std::string who = actor.empty() ? "Someone" : actor;
  simdjson::dom::array arr;
  std::string members;
  if (json_array(m, "members", arr)) {
    std::vector<std::string> names;
    for (JsonElement x : arr) names.push_back(x.is_null() ? "Deleted Account" : json_text(x));
    members = join(names, ", ");
  }
  std::string title = json_text_any(m, {"title", "new_title"});
  if (action == "create_group" || action == "create_channel") return who + " created «" + title + "»" + (members.empty() ? "" : " with " + members);
  if (action == "edit_group_title") return who + " renamed the group to «" + title + "»";
  if (action == "invite_members") return who + " invited " + members;
  if (action == "remove_members") return who + " removed " + members;
  if (action == "join_group_by_link") return who + " joined the group by a link";
  if (action == "phone_call" || action == "group_call") {
    std::string reason = json_text_any(m, {"discard_reason"});
    return who + (action == "phone_call" ? " called" : " started a group call") + (reason.empty() ? "" : " (" + reason + ")");
  }
  if (action == "pin_message") return who + " pinned message " + json_text_any(m, {"message_id"});
  if (action.empty()) return json_text_any(m, {"information_text"});
  return who + ": " + replace_all(action, "_", " ");
}

// A message's reactions: the recent senders by name; the counts stay in raw.
json reactions_of(JsonElement m) {
  json list = json::array();
  simdjson::dom::array reactions;
  if (json_array(m, "reactions", reactions))
    for (JsonElement x : reactions) {
      std::string emoji = json_text_any(x, {"emoji", "document_id", "type"});
      simdjson::dom::array recent;
      if (json_array(x, "recent", recent))
        for (JsonElement who : recent) list.push_back({{"actor", person(json_text_any(who, {"from"}))}, {"reaction", emoji}});
    }
  return list;
}

// Everything else a message says, into raw under its own names (empty values left out).
void keep_unread(JsonElement m, json& raw) {
  static constexpr const char* read_keys[] = {"id", "type", "date", "date_unixtime", "from", "from_id", "actor", "actor_id",
                                              "text", "text_entities", "photo", "file", "thumbnail", "contact_vcard",
                                              "file_name", "members", "edited", "edited_unixtime"};
  simdjson::dom::object obj;
  if (m.get_object().get(obj)) return;
  for (auto field : obj) {
    std::string_view k = field.key;
    if (std::find(std::begin(read_keys), std::end(read_keys), k) != std::end(read_keys)) continue;
    json v = to_nlohmann(field.value);
    if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) raw[std::string(k)] = std::move(v);
  }
}

void read_message(ImportContext& c, const Entry& e, JsonElement m, const std::string& ptr) {
  State& s = state(c);
  const Chat& ch = s.chat;
  std::string id = json_text_any(m, {"id"});
  if (id.empty()) throw Error(c.in.where(e) + " " + ptr, "message without an id");
  std::string thread = thread_of(ch);
  Record r = c.record("message", "message:" + thread + ":" + id, e, ptr);
  json& d = r.data;
  json raw = json::object();
  if (auto t = when(c, e, m, "date", &raw)) set_time(r, *t);
  d["thread_id"] = thread;
  std::string title = !ch.name.empty() ? ch.name : ch.type == "saved_messages" ? "Saved Messages" : ch.type == "replies" ? "Replies" : "";
  put(d, "thread_title", title);
  put(d, "thread_type", ch.type);
  if (group_type(ch.type)) d["group_chat"] = true;
  raw["id"] = id;
  std::string type = json_text_any(m, {"type"});
  bool service = type == "service";
  std::string from_id = json_text_any(m, {service ? "actor_id" : "from_id"});
  if (!from_id.empty() && std::all_of(from_id.begin(), from_id.end(), [](char k) { return k >= '0' && k <= '9'; }))
    from_id = "user" + from_id;  // the older generation wrote a user's bare id as a number
  JsonElement from;
  bool has_from = json_member(m, service ? "actor" : "from", from);
  if (has_from) d["from"] = person(json_text(from));
  put(raw, "from_id", from_id);
  // The person's own messages: by their id; in a one-to-one chat, whatever its peer did not send
  // (a single-chat export has no personal information to name the person).
  bool personal = ch.type == "personal_chat" || ch.type == "bot_chat";
  bool sent = ch.type == "saved_messages" || (!s.me.empty() && from_id == s.me) ||
              (s.me.empty() && personal && !from_id.empty() && from_id != "user" + ch.id);
  if (sent) d["direction"] = "sent";
  else if (!from_id.empty() && (!s.me.empty() || personal)) d["direction"] = "received";
  if (sent && s.my_name.empty() && has_from && from.is_string()) s.my_name = json_text(from);
  if (personal && !from_id.empty()) {
    if (sent && !ch.name.empty()) d["to"] = json::array({person(ch.name)});
    else if (!sent && !s.my_name.empty()) d["to"] = json::array({person(s.my_name)});
  }
  json links = json::array();
  JsonElement text;
  std::string words = json_any(m, {"text_entities", "text"}, text) ? flatten(text, links) : "";
  if (type == "unsupported") raw["note"] = "Telegram Desktop could not export this message";
  if (service) {
    std::string action = json_text_any(m, {"action"});
    d["event"] = action.empty() ? "custom" : action;
    simdjson::dom::array arr;
    if (json_array(m, "members", arr) && arr.size() > 0) {
      json users = json::array();
      for (JsonElement x : arr) users.push_back(person(x.is_null() ? "" : json_text(x)));
      d["users"] = std::move(users);
    }
    if (action == "phone_call" || action == "group_call") {
      json call = json::object();
      if (auto secs = json_int(m, action == "phone_call" ? "duration_seconds" : "duration")) call["duration"] = *secs;
      if (json_text_any(m, {"discard_reason"}) == "missed") call["missed"] = true;
      d["call"] = std::move(call);
    }
    if (words.empty()) words = event_text(d.contains("from") ? d["from"].value("name", "") : "", action, m);
  }
  put(d, "text", words);
  if (!links.empty()) d["links"] = std::move(links);

  // Files: the photo, or the document with its type; the thumbnail and a shared contact's vCard.
  json attachments = json::array();
  std::string media_type = json_text_any(m, {"media_type"});
  std::string file_name = json_text_any(m, {"file_name"});
  for (auto [key, kind] : {std::pair{"photo", "photo"}, std::pair{"file", ""}, std::pair{"thumbnail", "thumbnail"},
                           std::pair{"contact_vcard", "vcard"}}) {
    std::string path = json_text_any(m, {key});
    if (path.empty()) continue;
    std::string t = *kind ? kind : media_type.empty() ? "file" : media_type;
    attachments.push_back(file_ref(c, e, path, t, std::string(key) == "file" ? file_name : ""));
    if (path[0] == '(') raw[std::string(key) + "_note"] = path;
  }
  if (!attachments.empty()) d["attachments"] = std::move(attachments);

  json reactions = reactions_of(m);
  if (!reactions.empty()) d["reactions"] = std::move(reactions);
  keep_unread(m, raw);
  if (auto ed = when(c, e, m, "edited", &raw)) raw["edited"] = format_rfc3339(*ed);
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
  ++s.messages;
}

// A group or channel the person is (or was) in, once per chat.
void group_of(ImportContext& c, const Entry& e, const std::string& ptr) {
  State& s = state(c);
  Chat& ch = s.chat;
  if (ch.grouped) return;
  ch.grouped = true;
  ++s.chats;
  if (!group_type(ch.type)) return;
  Record g = c.record("group", "chat:" + thread_of(ch), e, ptr);
  g.data["name"] = ch.name.empty() ? "(unnamed " + ch.type + ")" : ch.name;
  g.data["type"] = ch.type;
  g.data["role"] = ch.left ? "left" : "member";
  g.data["raw"] = {{"id", ch.id}};
  auto f = s.frequent_chats.find(thread_of(ch));
  if (f != s.frequent_chats.end()) {
    g.data["raw"]["frequent"] = f->second["ratings"];
    s.frequent_chats.erase(f);
  }
  c.out.add(std::move(g));
}

// The groups and channels Telegram rates as frequent whose chats the export left out.
void frequent_groups(ImportContext& c, const Entry& e) {
  for (auto& [thread, f] : state(c).frequent_chats) {
    Record g = c.record("group", "chat:" + thread, e, "/frequent_contacts");
    g.data["name"] = f.value("name", "").empty() ? "(unnamed " + f.value("type", "") + ")" : f.value("name", "");
    g.data["type"] = f["type"];
    g.data["raw"] = {{"id", thread.substr(thread.find(':') + 1)}, {"frequent", f["ratings"]}};
    c.out.add(std::move(g));
  }
  state(c).frequent_chats.clear();
}

void read_personal(ImportContext& c, const Entry& e, JsonElement p, const std::string& ptr) {
  State& s = state(c);
  std::string uid = json_text_any(p, {"user_id"});
  if (!uid.empty()) s.me = "user" + uid;
  Record r = c.record("profile", "profile:" + (uid.empty() ? json_text_any(p, {"phone_number"}) : uid), e, ptr);
  json& d = r.data;
  put(d, "first_name", json_text_any(p, {"first_name"}));
  put(d, "last_name", json_text_any(p, {"last_name"}));
  s.my_name = std::string(trim(json_text_any(p, {"first_name"}) + " " + json_text_any(p, {"last_name"})));
  put(d, "name", s.my_name);
  std::string user = json_text_any(p, {"username"});
  put(d, "username", user);
  if (user.size() > 1 && user[0] == '@') d["url"] = "https://t.me/" + user.substr(1);
  std::string phone = json_text_any(p, {"phone_number"});
  if (!phone.empty()) d["phones"] = json::array({{{"number", phone}}});
  put(d, "summary", json_text_any(p, {"bio"}));
  if (!uid.empty()) d["raw"] = {{"user_id", uid}};
  s.profile = std::move(r);
  s.has_profile = true;
}

void read_contact(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr) {
  std::string uid = json_text_any(x, {"user_id"}), phone = json_text_any(x, {"phone_number"});
  std::string first = json_text_any(x, {"first_name"}), last = json_text_any(x, {"last_name"});
  json raw = json::object();
  auto t = when(c, e, x, "date", &raw);
  std::string key = !uid.empty() ? "user:" + uid : !phone.empty() ? "phone:" + phone : "";
  if (key.empty() && first.empty() && last.empty())  // a contact Telegram no longer names: only its date
    key = "dated:" + (t ? format_rfc3339(*t) : std::string("?"));
  else if (key.empty())
    key = "name:" + first + "\n" + last;
  Record r = c.record("contact", "contact:" + key, e, ptr);
  if (t) set_time(r, *t);
  json& d = r.data;
  d["relation"] = "contact";
  put(d, "first_name", first);
  put(d, "last_name", last);
  put(d, "name", std::string(trim(first + " " + last)));
  if (!phone.empty()) d["phones"] = json::array({{{"number", phone}}});
  if (first.empty() && last.empty() && phone.empty()) d["note"] = "Telegram exported this contact with its date only";
  put(raw, "user_id", uid);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

// Telegram's ranking of whom the person talks to, uses and calls most: contacts with the rating,
// not inferences (the values are chat names, not what Telegram thinks the person is about).
void read_frequent(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr) {
  std::string id = json_text_any(x, {"id"}), category = json_text_any(x, {"category"}), type = json_text_any(x, {"type"});
  std::string name = json_text_any(x, {"name"}), rating = json_text_any(x, {"rating"});
  if (type != "user" && !type.empty()) {  // a group or channel: its rating goes with its group record
    Chat chat;
    chat.type = type;
    chat.id = id;
    json& f = state(c).frequent_chats[thread_of(chat)];
    f["name"] = name;
    f["type"] = type;
    f["ratings"].push_back({{"category", category}, {"rating", rating}});
    return;
  }
  Record r = c.record("contact", "frequent:" + category + ":" + type + ":" + id, e, ptr);
  r.data["relation"] = "frequent_contact";
  put(r.data, "name", name);
  std::string among = category == "inline_bots" ? "the inline bots the person uses most"
                      : category == "calls"     ? "the people the person calls most"
                                                : "the chats the person talks in most";
  r.data["note"] = "Telegram's rating among " + among + (rating.empty() ? "" : ": " + rating);
  r.data["raw"] = {{"id", id}, {"category", category}, {"type", type}, {"rating", rating}};
  c.out.add(std::move(r));
}

void read_session(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr, bool web) {
  json raw = json::object();
  auto created = when(c, e, x, "created", &raw);
  auto active = when(c, e, x, "last_active", &raw);
  std::string ip = json_text_any(x, {"last_ip"});
  std::string app = web ? json_text_any(x, {"bot_username"}) : std::string(trim(json_text_any(x, {"application_name"}) + " " + json_text_any(x, {"application_version"})));
  std::string device = web ? json_text_any(x, {"browser"}) : json_text_any(x, {"device_model"});
  Record r = c.record("login", std::string(web ? "web_session:" : "session:") + ip + ":" + app + ":" + device + ":" +
                                   (created ? format_rfc3339(*created) : ""), e, ptr);
  if (created) set_time(r, *created);
  else if (active) set_time(r, *active);
  json& d = r.data;
  d["method"] = web ? "web_session" : "session";
  put(d, "ip", ip);
  put(d, "device", device);
  put(d, "app", app);
  if (web) put(d, "site", json_text_any(x, {"domain_name"}));
  std::vector<std::string> where;
  for (const char* k : {"last_region", "last_country"})
    if (std::string v = json_text_any(x, {k}); !v.empty()) where.push_back(v);
  put(d, "location", join(where, ", "));
  d["session_type"] = web ? "web" : "app";
  if (active) d["updated_at"] = format_rfc3339(*active);
  put(raw, "platform", json_text_any(x, {"platform"}));
  put(raw, "system_version", json_text_any(x, {"system_version"}));
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void read_story(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr) {
  json raw = json::object();
  auto t = when(c, e, x, "date", &raw);
  std::string path = json_text_any(x, {"media"});
  Record r = c.record("post", "story:" + (t ? format_rfc3339(*t) : std::string()) + ":" + path, e, ptr);
  if (t) set_time(r, *t);
  r.data["type"] = "story";
  if (!path.empty()) {
    json f = file_ref(c, e, path, "story", "");
    if (f.contains("sha256")) r.data["media"] = json::array({f});
    else r.data["media_urls"] = json::array({path});
  }
  if (auto ex = when(c, e, x, "expires", &raw)) raw["expires"] = format_rfc3339(*ex);
  if (json_flag(x, "pinned")) raw["pinned"] = true;
  r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void read_picture(ImportContext& c, const Entry& e, JsonElement x, const std::string&) {
  std::string path = json_text_any(x, {"photo"});
  if (path.empty()) return;
  json f = file_ref(c, e, path, "profile_picture", "");
  if (f.contains("sha256")) {
    if (auto t = when(c, e, x, "date", nullptr)) f["created_at"] = format_rfc3339(*t);
    state(c).pictures.push_back(std::move(f));
  }
}

// A member of other_data (its shape is the server's), or a section this importer does not know:
// a note holding it whole.
void read_other(ImportContext& c, const Entry& e, const std::string& name, JsonElement v, const std::string& ptr) {
  json whole = to_nlohmann(v);
  if (whole.is_null() || (whole.is_string() && whole.get<std::string>().empty())) return;
  Record r = c.record("note", "other:" + ptr, e, ptr);
  r.data["title"] = name;
  r.data["type"] = "other_data";
  r.data["text"] = whole.is_string() ? whole.get<std::string>() : whole.dump(1);
  r.data["raw"] = {{"value", std::move(whole)}};
  c.out.add(std::move(r));
}

bool is_list(const std::string& k) {
  return k == "contacts" || k == "frequent_contacts" || k == "sessions" || k == "web_sessions" || k == "chats" || k == "left_chats";
}

Verdict read_result(ImportContext& c, const Entry& e) {
  State& s = state(c);
  s = State{};
  std::string where = c.in.where(e);
  using Path = JsonTreeWalker::Path;
  // Walked into: the top object; each list section and its list; each chat and its messages;
  // the top-level arrays; other_data. Every other value comes whole.
  auto descend = [&](const Path& p, char open) {
    size_t n = p.size();
    if (n == 0) return open == '{';
    const std::string& top = p[0];
    if (n == 1 && open == '[' && top == "messages") {  // a single-chat export: the chat is the document
      group_of(c, e, "");
      return true;
    }
    if (n == 1) return (open == '{' && (is_list(top) || top == "other_data")) ||
                       (open == '[' && (top == "profile_pictures" || top == "stories"));
    if (!is_list(top)) return false;
    if (n == 2) return open == '[' && p[1] == "list";
    bool chats = top == "chats" || top == "left_chats";
    if (chats && n == 3 && open == '{') {
      s.chat = Chat{};
      s.chat.left = top == "left_chats";
      return true;
    }
    if (chats && n == 4 && p[3] == "messages" && open == '[') {
      group_of(c, e, JsonTreeWalker::pointer(Path(p.begin(), p.end() - 1)));
      return true;
    }
    return false;
  };
  auto on_value = [&](const Path& p, std::string_view text) {
    std::string ptr = JsonTreeWalker::pointer(p);
    size_t n = p.size();
    const std::string& top = p.empty() ? "" : p[0];
    const std::string& last = p.empty() ? "" : p.back();
    bool chats = top == "chats" || top == "left_chats";
    bool header = (n == 1 || (chats && n == 4)) && (last == "name" || last == "type" || last == "id");
    if (n == 0 || top == "about" || (n == 2 && is_list(top) && last == "about")) return;
    ++s.items;
    try {
      JsonElement v = parse_item(c, text, where + " " + ptr);
      if (header) {
        std::string t = json_text(v);
        (last == "name" ? s.chat.name : last == "type" ? s.chat.type : s.chat.id) = t;
        return;
      }
      if (n == 2 && top == "messages") return read_message(c, e, v, ptr);
      if (chats && n == 5 && p[3] == "messages") return read_message(c, e, v, ptr);
      if (n == 1 && top == "personal_information") return read_personal(c, e, v, ptr);
      if (n == 2 && top == "profile_pictures") return read_picture(c, e, v, ptr);
      if (n == 2 && top == "stories") return read_story(c, e, v, ptr);
      if (n == 3 && top == "contacts") return read_contact(c, e, v, ptr);
      if (n == 3 && top == "frequent_contacts") return read_frequent(c, e, v, ptr);
      if (n == 3 && (top == "sessions" || top == "web_sessions")) return read_session(c, e, v, ptr, top == "web_sessions");
      if (n == 2 && top == "other_data") return read_other(c, e, last, v, ptr);
      if (chats && n == 4) return;  // another member of a chat: none is known besides name, type, id, messages
      read_other(c, e, last, v, ptr);  // a section this reader does not know: kept whole
    } catch (const Error& err) {
      ++s.bad;
      c.log.warn(where + " " + ptr, err.message());
    }
  };
  std::string broken;
  try {
    auto stream = c.in.open(e);
    JsonTreeWalker walk(*stream, where);
    walk.visit = [&](const Path& p, char opens) {
      bool container = opens == '{' || opens == '[';
      return container && descend(p, opens) ? JsonTreeWalker::Visit::descend : JsonTreeWalker::Visit::take;
    };
    walk.take = on_value;
    walk.run();
  } catch (const Error& err) {
    broken = err.message();
    c.log.partial(describe(err), "the rest of the file is not read");
  }
  frequent_groups(c, e);
  if (s.has_profile) {
    if (!s.pictures.empty()) {
      s.profile.data["avatar"] = s.pictures[0];  // tdesktop lists the newest first
      s.profile.data["media"] = s.pictures;
    }
    c.out.add(std::move(s.profile));
  } else if (!s.pictures.empty()) {
    for (json& f : s.pictures) c.log.debug(where + ": profile picture " + f.value("path", "") + " without personal information");
  }
  auto count = [](int64_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  std::string what = "telegram export, " + count(s.messages, "message", "messages") + " in " + count(s.chats, "chat", "chats") +
                     ", " + count(s.items, "item", "items");
  if (!broken.empty()) return {s.items ? Fate::partial : Fate::failed, broken};
  if (s.bad) {
    c.log.partial(where, std::to_string(s.bad) + " items could not be read");
    return {Fate::partial, what + " (" + std::to_string(s.bad) + " unreadable)"};
  }
  return {Fate::parsed, what};
}

// ---- the HTML export -------------------------------------------------------------------------

bool html_export(ImportContext& c) {
  State& s = state(c);
  if (!s.html_known) {
    s.html_known = true;
    for (const char* f : {"export_results.html", "messages.html"})
      for (const Entry* x : c.in.find_suffix(f))
        if (c.in.head(*x, 4096).find("Exported Data") != std::string::npos) s.html = true;
  }
  return s.html;
}

// The messages of a page: its `<div class="message ..." id="messageN">` blocks; the date dividers
// are service blocks too, with negative ids (id="message-1").
int64_t messages_on(std::string_view text) {
  int64_t n = 0;
  constexpr std::string_view block = "class=\"message ", id = "id=\"message";
  for (size_t at = text.find(block); at != std::string_view::npos; at = text.find(block, at + block.size())) {
    size_t i = text.find(id, at);
    if (i != std::string_view::npos && i < text.find('>', at) && i + id.size() < text.size() && text[i + id.size()] != '-') ++n;
  }
  return n;
}

Verdict read_html(ImportContext& c, const Entry& e) {
  std::string text = c.in.read(e);
  int64_t messages = messages_on(text);
  std::string what = messages ? std::to_string(messages) + " messages of Telegram's HTML export" : "a page of Telegram's HTML export";
  return {Fate::skipped, what + ", not imported: export again with Format: Machine-readable JSON (Telegram Desktop > "
                                "Settings > Advanced > Export Telegram data)"};
}

// The interface files of the HTML export (css/style.css, js/script.js, images/*.png).
std::string html_asset(ImportContext& c, const Entry& e) { return html_export(c) ? e.path : ""; }

// The files no record named become media records; a 0-byte one is not data (the pipeline gives
// it `ignored`), so it gets no record either.
void finish(ImportContext& c) { c.media.emit_unused(c.out, platform); }

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/result.json", .sniff = "\"about\"|\"messages\"", .read = read_result,
             .kinds = "message, group, profile, contact, login, post, note"},
            {.match = "**/export_results.html|**/messages*.html|**/lists/*.html", .sniff = "Exported Data", .read = read_html,
             .kinds = "(none: the HTML export is recognised, not read)"},
            {.match = "**/css/*|**/js/*|**/images/*", .name = html_asset,
             .note = "the stylesheet, script and icons of Telegram's HTML export", .fate = Fate::ignored},
            {.match = "**/*.json", .kinds = "file", .fate = Fate::unknown},
            {.match = "**/*", .kinds = "media", .media = true, .note = "telegram media file"},
        },
    .finish = finish,
};

}  // namespace

int probe_telegram(const Archive& in) {
  for (const Entry* e : in.find_suffix("result.json")) {
    std::string h = in.head(*e, 4096);
    if (h.find("\"about\"") != std::string::npos &&
        (h.find("\"personal_information\"") != std::string::npos || h.find("\"chats\"") != std::string::npos ||
         h.find("\"contacts\"") != std::string::npos || h.find("\"sessions\"") != std::string::npos))
      return 100;
    if (h.find("\"messages\"") != std::string::npos &&
        (h.find("\"personal_chat\"") != std::string::npos || h.find("_group\"") != std::string::npos ||
         h.find("_supergroup\"") != std::string::npos || h.find("_channel\"") != std::string::npos ||
         h.find("\"saved_messages\"") != std::string::npos || h.find("\"bot_chat\"") != std::string::npos))
      return 90;
  }
  for (const char* f : {"export_results.html", "messages.html"})
    for (const Entry* e : in.find_suffix(f)) {
      std::string h = in.head(*e, 4096);
      if (h.find("Exported Data") != std::string::npos && h.find("css/style.css") != std::string::npos) return 80;
    }
  return 0;
}

void read_telegram(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
