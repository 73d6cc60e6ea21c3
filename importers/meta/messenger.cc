// Messenger threads, shared by Facebook and Instagram: the DYI `message_N.json` files and the
// separate end-to-end encrypted ("secure storage") download, merged without duplicates.
//
// A message's natural key is (the thread's participants, sender, time in ms, trimmed text): the
// same message read from a DYI `e2ee_cutover/` thread, from an older export's `inbox/`, or from the
// E2EE download gets the same id, whatever folder or thread name it sits under (docs/formats/facebook.md),
// while one share sent at the same millisecond to two threads stays two messages.
#include <algorithm>

#include "importers/meta/meta.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::meta {

namespace {

// "jordanpike_10153029279158403" -> "10153029279158403": the suffix is the stable thread id;
// names in the folder change when people rename themselves.
std::string thread_id_of(std::string_view folder) {
  size_t u = folder.rfind('_');
  if (u != std::string_view::npos && folder.size() - u - 1 >= 6) return std::string(folder.substr(u + 1));
  return std::string(folder);
}

std::string participants_key(std::vector<std::string> names) {
  for (std::string& n : names) n = lower(n);
  std::sort(names.begin(), names.end());
  return "p:" + join(names, "|");
}

json person(const std::string& name) { return json{{"name", name}}; }

std::string message_key(const std::string& participants, const std::string& sender, int64_t ms, std::string_view text) {
  return participants + '\n' + sender + '\n' + std::to_string(ms) + '\n' + std::string(trim(text));
}

json recipients(const std::vector<std::string>& participants, const std::string& sender) {
  json to = json::array();
  for (const std::string& p : participants)
    if (p != sender) to.push_back(person(p));
  return to;
}

// Copies one attachment; an unresolved one keeps its uri so nothing is lost.
json attachment(MessengerContext& ctx, const std::string& uri, const char* type, int64_t& missing) {
  json a;
  if (auto m = ctx.media.copy(uri)) a = *m;
  else {
    a["uri"] = uri;
    if (uri.find("://") == std::string::npos) ++missing;
  }
  a["type"] = type;
  return a;
}

}  // namespace

void read_messenger_thread(MessengerContext& ctx, const Entry& e, element doc) {
  std::string where = ctx.in.where(e);
  std::string thread_dir = parent_dir(e.path);
  std::vector<std::string> parts = split(e.path, '/');
  std::string folder = parts.size() >= 3 ? parts[parts.size() - 3] : "";
  std::string thread_path = str(doc, "thread_path");
  std::string thread_id = thread_id_of(thread_path.empty() ? thread_dir : std::string(basename(thread_path)));
  std::string title = str(doc, "title");

  std::vector<std::string> participants;
  simdjson::dom::array arr;
  if (array_of(doc, "participants", arr))
    for (element p : arr) {
      std::string n = p.is_string() ? text(p) : str(p, "name");
      if (!n.empty()) participants.push_back(n);
    }
  if (!title.empty()) ctx.thread_by_key.emplace("t:" + lower(title), thread_id);
  std::string people = participants_key(participants);
  if (!participants.empty()) ctx.thread_by_key.emplace(people, thread_id);

  if (!array_of(doc, "messages", arr)) throw Error(where, "no messages array in a Messenger thread file");
  int64_t missing = 0, index = -1;
  std::string thread_type = str(doc, "thread_type");
  for (element m : arr) {
    ++index;
    std::string pointer = "/messages/" + std::to_string(index);
    std::string sender = str(m, "sender_name");
    auto ms = json_int(m, "timestamp_ms");
    if (!ms) {
      ctx.log.warn(where + " " + pointer, "message without timestamp_ms skipped");
      continue;
    }
    std::string content = str(m, "content");
    Record r = make_record("message", ctx.platform, message_key(people, sender, *ms, content), e.path, pointer);
    r.service = ctx.service;
    if (folder == "e2ee_cutover") ctx.cutover_ids.insert(r.id);
    if (*ms > 0) set_time(r, from_unix_millis(*ms));  // 0 means unknown
    json& d = r.data;
    d["thread_id"] = thread_id;
    put(d, "thread_title", title);
    put(d, "folder", folder);
    if (!sender.empty()) d["from"] = person(sender);
    json to = recipients(participants, sender);
    if (!to.empty()) d["to"] = to;
    put(d, "text", content);
    put(d, "thread_type", thread_type);

    json atts = json::array();
    static const std::pair<const char*, const char*> kinds[] = {
        {"photos", "photo"}, {"videos", "video"}, {"gifs", "gif"}, {"audio_files", "audio"}, {"files", "file"}};
    for (auto [key, type] : kinds) {
      simdjson::dom::array list;
      if (!array_of(m, key, list)) continue;
      for (element a : list) {
        json att = attachment(ctx, str(a, "uri"), type, missing);
        if (auto t = time_of(a, "creation_timestamp")) att["created_at"] = format_rfc3339(*t);
        atts.push_back(std::move(att));
      }
    }
    element sticker;
    if (object_of(m, "sticker", sticker) && !str(sticker, "uri").empty())
      atts.push_back(attachment(ctx, str(sticker, "uri"), "sticker", missing));
    if (!atts.empty()) d["attachments"] = std::move(atts);

    element share;
    if (object_of(m, "share", share)) {
      json s = json::object();
      put(s, "url", str(share, "link"));
      put(s, "text", str(share, "share_text"));
      put(s, "owner", str(share, "original_content_owner"));
      if (!s.empty()) d["share"] = std::move(s);
    }
    simdjson::dom::array reactions;
    if (array_of(m, "reactions", reactions)) {
      json rs = json::array();
      for (element x : reactions) {
        json rx = json::object();
        put(rx, "reaction", str(x, "reaction"));
        std::string actor = str(x, "actor");
        if (!actor.empty()) rx["actor"] = person(actor);
        if (auto t = time_of(x, "timestamp")) rx["time"] = format_rfc3339(*t);
        if (!rx.empty()) rs.push_back(std::move(rx));
      }
      if (!rs.empty()) d["reactions"] = std::move(rs);
    }
    if (auto dur = json_int(m, "call_duration")) {
      json call = {{"duration", *dur}};
      if (flag(m, "missed")) call["missed"] = true;
      d["call"] = std::move(call);
    }
    if (flag(m, "is_unsent")) d["unsent"] = true;
    simdjson::dom::array users;
    if (array_of(m, "users", users)) {
      json us = json::array();
      for (element u : users)
        if (!str(u, "name").empty()) us.push_back(person(str(u, "name")));
      if (!us.empty()) d["users"] = std::move(us);
    }
    std::string type = str(m, "type");  // dropped by 2024; kept when present
    if (!type.empty()) d["raw"]["type"] = type;
    if (flag(m, "is_geoblocked_for_viewer")) d["raw"]["is_geoblocked_for_viewer"] = true;
    ctx.out.add(std::move(r));
  }
  if (missing > 0)
    ctx.log.warn(where, std::to_string(missing) + " attachment(s) not found in the archive set; their uri is kept");
}

bool is_e2ee_thread(element doc) {
  element v;
  return doc.is_object() && !doc.at_key("threadName").get(v) && !doc.at_key("messages").get(v);
}

void read_e2ee_thread(MessengerContext& ctx, const Entry& e, element doc) {
  // Real UTF-8 here: strings are read with json_string, not the mojibake-repairing str().
  std::string where = ctx.in.where(e);
  std::string title = json_string(doc, "threadName");
  std::vector<std::string> participants;
  simdjson::dom::array arr;
  if (array_of(doc, "participants", arr))
    for (element p : arr) {
      std::string_view s;
      std::string n = !p.get_string().get(s) ? repair_utf8(s) : json_string(p, "name");
      if (!n.empty()) participants.push_back(n);
    }
  std::string people = participants_key(participants);
  // Join the DYI thread of the same conversation: by title first, then by participants.
  std::string thread_id;
  auto it = ctx.thread_by_key.find("t:" + lower(title));
  if (it == ctx.thread_by_key.end() && !participants.empty()) it = ctx.thread_by_key.find(people);
  if (it != ctx.thread_by_key.end()) thread_id = it->second;
  else thread_id = "e2ee:" + (title.empty() ? std::string(basename(e.path)) : title);

  if (!array_of(doc, "messages", arr)) throw Error(where, "no messages array in an E2EE thread file");
  int64_t missing = 0, index = -1;
  for (element m : arr) {
    ++index;
    std::string pointer = "/messages/" + std::to_string(index);
    std::string sender = json_string(m, "senderName");
    auto ms = json_int(m, "timestamp");
    if (!ms || *ms <= 0) {
      ctx.log.warn(where + " " + pointer, "message without timestamp skipped");
      continue;
    }
    std::string body = json_string(m, "text");
    Record r = make_record("message", ctx.platform, message_key(people, sender, *ms, body), e.path, pointer);
    if (ctx.cutover_ids.count(r.id)) {  // already read from the DYI export's e2ee_cutover/ thread
      ++ctx.merged;
      continue;
    }
    r.service = ctx.service;
    set_time(r, *ms >= 100'000'000'000LL ? from_unix_millis(*ms) : from_unix_seconds(*ms));
    json& d = r.data;
    d["thread_id"] = thread_id;
    put(d, "thread_title", title);
    d["folder"] = "e2ee";
    if (!sender.empty()) d["from"] = person(sender);
    json to = recipients(participants, sender);
    if (!to.empty()) d["to"] = to;
    put(d, "text", body);
    simdjson::dom::array media;
    if (array_of(m, "media", media)) {
      json atts = json::array();
      for (element a : media) {
        std::string uri = json_string(a, "uri");
        std::string ext = lower(uri.substr(uri.rfind('.') == std::string::npos ? uri.size() : uri.rfind('.')));
        const char* type = ext == ".mp4" || ext == ".mov" ? "video"
                           : ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".heic"
                               ? "photo"
                           : ext == ".gif" ? "gif"
                           : ext == ".m4a" || ext == ".mp3" || ext == ".aac" || ext == ".wav" ? "audio"
                                                                                                : "file";
        atts.push_back(attachment(ctx, uri, type, missing));
      }
      if (!atts.empty()) d["attachments"] = std::move(atts);
    }
    simdjson::dom::array reactions;
    if (array_of(m, "reactions", reactions)) {
      json rs = json::array();
      for (element x : reactions) {
        json rx = json::object();
        put(rx, "reaction", json_string(x, "reaction"));
        std::string actor = json_string(x, "actor");
        if (actor.empty()) actor = json_string(x, "reactor");
        if (actor.empty()) actor = json_string(x, "senderName");
        if (!actor.empty()) rx["actor"] = person(actor);
        if (!rx.empty()) rs.push_back(std::move(rx));
      }
      if (!rs.empty()) d["reactions"] = std::move(rs);
    }
    if (flag(m, "isUnsent")) d["unsent"] = true;
    std::string type = json_string(m, "type");
    if (!type.empty()) d["raw"]["type"] = type;
    ctx.out.add(std::move(r));
  }
  if (missing > 0)
    ctx.log.warn(where, std::to_string(missing) + " attachment(s) not found in the archive set; their uri is kept");
}

}  // namespace dataport::meta
