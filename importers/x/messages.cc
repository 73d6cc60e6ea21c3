// X direct messages and Grok chats (see importers/x/x.cc for the checklist).

#include <algorithm>
#include <map>

#include "importers/x/x.h"
#include "lib/hash.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport::x {
namespace {

// One conversation being read: where it is, and the title its last rename gave it.
struct Thread {
  const Entry& e;
  std::string id, title;
  bool group;
};

// A messageCreate event.
void dm_message(ImportContext& c, const Thread& t, JsonElement ev, const std::string& mptr) {
  std::string id = json_text_any(ev, {"id"});
  if (id.empty()) return c.log.warn(where(c, t.e, mptr), "message without an id: skipped");
  Record r = make_record("message", platform, "dm:" + id, t.e.path, mptr);
  if (auto time = x_time(json_text_any(ev, {"createdAt"}))) set_time(r, *time);
  json& d = r.data;
  d["thread_id"] = t.id;
  put(d, "thread_title", t.title);
  std::string sender = json_text_any(ev, {"senderId"}), recipient = json_text_any(ev, {"recipientId"});
  d["from"] = person(c, sender);
  json to = person(c, recipient);
  if (!to.empty()) d["to"] = json::array({to});
  std::string text = json_text_any(ev, {"text"});
  json links = expand_urls(ev, text, {"url"}, {"expanded", "expandedUrl", "expanded_url"});
  put(d, "text", unescape(text));
  if (!links.empty()) d["links"] = std::move(links);
  const std::string& me = state(c).account_id;
  if (!me.empty()) d["direction"] = sender == me ? "sent" : "received";
  simdjson::dom::array arr;
  if (json_array(ev, "mediaUrls", arr) && arr.size() > 0) d["media_urls"] = json_texts(arr);
  attach_media(c, id, d, "attachments");
  if (json_array(ev, "reactions", arr) && arr.size() > 0) {
    json reactions = json::array();
    for (JsonElement rx : arr) {
      json one = {{"reaction", json_text_any(rx, {"reactionKey"})}, {"from", person(c, json_text_any(rx, {"senderId"}))}};
      if (auto rt = x_time(json_text_any(rx, {"createdAt"}))) one["time"] = format_rfc3339(*rt);
      reactions.push_back(std::move(one));
    }
    d["reactions"] = std::move(reactions);
  }
  if (t.group) d["group_chat"] = true;
  c.out.add(std::move(r));
}

// An event this importer does not know: kept in its thread with what it has.
void dm_unknown_event(ImportContext& c, const Thread& t, const std::string& type, JsonElement ev, const std::string& mptr) {
  json whole = to_nlohmann(ev);
  Record r = make_record("message", platform, "dm-event:" + t.id + ":" + type + ":" + whole.dump(), t.e.path, mptr);
  if (auto time = x_time(json_text_any(ev, {"createdAt"}))) set_time(r, *time);
  r.data["thread_id"] = t.id;
  r.data["event"] = snake_case(type);
  put(r.data, "thread_title", t.title);
  json from = person(c, json_text_any(ev, {"initiatingUserId", "senderId"}));
  if (!from.empty()) r.data["from"] = from;
  if (whole.is_object()) whole.erase("createdAt");
  if (!whole.empty()) r.data["raw"] = std::move(whole);
  if (t.group) r.data["group_chat"] = true;
  c.out.add(std::move(r));
}

// Membership and name changes: kept as messages of the thread, marked by `event` (`named`).
void dm_event(ImportContext& c, Thread& t, const std::string& type, const std::string& named, JsonElement ev,
              const std::string& mptr) {
  std::string users;
  simdjson::dom::array ids;
  if (json_array(ev, "userIds", ids) || json_array(ev, "participantsSnapshot", ids))
    for (JsonElement u : ids) users += (users.empty() ? "" : ",") + json_text(u);
  std::string by = json_text_any(ev, {"initiatingUserId"});
  std::string name = json_text_any(ev, {"name"});
  Record r = make_record("message", platform,
                         "dm-event:" + t.id + ":" + type + ":" + json_text_any(ev, {"createdAt"}) + ":" + by + ":" + users +
                             (name.empty() ? "" : ":" + name),
                         t.e.path, mptr);
  if (auto time = x_time(json_text_any(ev, {"createdAt"}))) set_time(r, *time);
  r.data["thread_id"] = t.id;
  r.data["event"] = named;
  if (named == "rename") t.title = name;
  put(r.data, "thread_title", t.title);
  json from = person(c, by);
  if (!from.empty()) r.data["from"] = from;
  if (!users.empty()) {
    json people = json::array();
    for (const std::string& u : split(users, ',')) people.push_back(person(c, u));
    r.data["to"] = std::move(people);
  }
  r.data["text"] = named == "rename"               ? "renamed the conversation to " + name
                   : named == "participants_leave" ? "left the conversation"
                                                   : "joined the conversation";
  if (t.group) r.data["group_chat"] = true;
  c.out.add(std::move(r));
}

void conversation_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr, bool group) {
  JsonElement conv;
  if (!json_member(item, "dmConversation", conv)) conv = item;
  Thread t{e, json_text_any(conv, {"conversationId"}), "", group};
  simdjson::dom::array messages;
  if (t.id.empty() || !json_array(conv, "messages", messages))
    return c.log.warn(where(c, e, ptr), "conversation without an id or messages: skipped");
  static const std::map<std::string, std::string> events_named = {{"joinConversation", "join"},
                                                                  {"participantsJoin", "participants_join"},
                                                                  {"participantsLeave", "participants_leave"},
                                                                  {"conversationNameUpdate", "rename"}};
  // Newest first in the file; walked oldest first so a renamed group titles what follows.
  std::vector<JsonElement> events(messages.begin(), messages.end());
  for (size_t k = events.size(); k-- > 0;) {
    std::string mptr = ptr + "/dmConversation/messages/" + std::to_string(k);
    auto obj = events[k].get_object();
    if (obj.error() || obj.value().size() == 0) {
      c.log.warn(where(c, e, mptr), "unreadable message event: skipped");
      continue;
    }
    auto field = *obj.value().begin();
    std::string type(field.key);
    auto named = events_named.find(type);
    if (type == "messageCreate") dm_message(c, t, field.value, mptr);
    else if (named != events_named.end()) dm_event(c, t, type, named->second, field.value, mptr);
    else dm_unknown_event(c, t, type, field.value, mptr);
  }
}

void grok_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement g = item;
  json_member(item, "grokChatItem", g);
  std::string chat = json_text_any(g, {"chatId"}), at = json_text_any(g, {"createdAt"});
  std::string sender = json_path(g, {"sender", "name"}), text = json_text_any(g, {"message"});
  if (chat.empty()) return c.log.warn(where(c, e, ptr), "grok item without a chatId: skipped");
  bool user = lower(sender) == "user";
  Record r = make_record("message", platform, "grok:" + chat + ":" + at + ":" + sender + ":" + sha256_hex(text), e.path, ptr);
  r.service = "grok";
  auto t = x_time(at);
  if (t) set_time(r, *t);
  r.data["thread_id"] = chat;
  r.data["role"] = user ? "user" : "assistant";
  r.data["from"] = user ? person(c, state(c).account_id) : json{{"name", "Grok"}};
  r.data["direction"] = user ? "sent" : "received";
  put(r.data, "text", text);
  put(r.data, "model", json_path(g, {"grokMode", "name"}));
  simdjson::dom::array ids;
  if (json_array(g, "postIds", ids)) {
    json links = json::array();
    for (JsonElement id : ids) {
      std::string url = status_url("", json_text(id));
      if (std::find(links.begin(), links.end(), url) == links.end()) links.push_back(url);
    }
    if (!links.empty()) r.data["links"] = std::move(links);
  }
  Grok& conv = state(c).groks[chat];
  if (conv.path.empty()) conv.path = e.path, conv.pointer = ptr;
  if (t && (!conv.time || t->seconds < conv.time->seconds)) conv.time = t;
  if (user && conv.title.empty()) conv.title = ellipsize(text, 80);
  c.out.add(std::move(r));
}

}  // namespace

Verdict read_dms(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "direct_messages", [&](JsonElement i, const std::string& p) { conversation_item(c, e, i, p, false); });
}
Verdict read_group_dms(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "direct_messages_group", [&](JsonElement i, const std::string& p) { conversation_item(c, e, i, p, true); });
}
Verdict read_grok(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "grok_chat_item", [&](JsonElement i, const std::string& p) { grok_item(c, e, i, p); });
}

void emit_groks(ImportContext& c) {
  for (auto& [chat, g] : state(c).groks) {
    Record r = make_record("conversation", platform, "grok:" + chat, g.path, g.pointer);
    r.service = "grok";
    if (g.time) set_time(r, *g.time);
    put(r.data, "title", g.title);
    r.data["thread_id"] = chat;
    c.out.add(std::move(r));
  }
}

}  // namespace dataport::x
