// Snapchat: chats, snaps, calls, friends and subscriptions (docs/formats/snapchat.md).

#include <algorithm>

#include "importers/snapchat/snapchat.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::snapchat {

// ---- chats and snaps ---------------------------------------------------------------------------

namespace {

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

}  // namespace

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

}  // namespace dataport::snapchat
