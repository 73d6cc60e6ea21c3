// Messenger threads, shared by Facebook and Instagram: the DYI `message_N.json` files and the
// separate end-to-end encrypted ("secure storage") download, merged without duplicates.
//
// A message's natural key is (the thread's participants, sender, time in ms, trimmed text): the
// same message read from a DYI `e2ee_cutover/` thread, from an older export's `inbox/`, or from the
// E2EE download gets the same id, whatever folder or thread name it sits under (docs/formats/facebook.md),
// while one share sent at the same millisecond to two threads stays two messages.
#include <algorithm>
#include <unordered_map>

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

json person(const std::string& name) {
  json o = json::object();
  o["name"] = name;
  return o;
}

std::string message_key(const std::string& participants, const std::string& sender, int64_t ms, std::string_view text) {
  return participants + '\n' + sender + '\n' + std::to_string(ms) + '\n' + std::string(trim(text));
}

json recipients(const std::vector<std::string>& participants, const std::string& sender) {
  json to = json::array();
  for (const std::string& p : participants)
    if (p != sender) to.push_back(person(p));
  return to;
}

// A message's `from` and `to` depend only on its sender: a thread's thousands of messages come
// from a handful of people, so each sender's pair is made once and copied into each message
// (building `to` anew for every message of a group thread was a tenth of reading it). What is kept
// is bounded (a broken or hostile file may name thousands of senders and participants): past
// `max_kept_people` people in the kept pairs, the other senders' pairs are made for each message.
class Parties {
 public:
  explicit Parties(const std::vector<std::string>& participants) : participants_(participants) {}
  /// Sets d["from"] (a non-empty sender) and d["to"] (the other participants, when any).
  void put_into(json& d, const std::string& sender) {
    auto it = made_.find(sender);
    if (it == made_.end()) {
      std::pair<json, json> made{sender.empty() ? json() : person(sender), recipients(participants_, sender)};
      size_t people = 1 + made.second.size();
      if (kept_people_ + people > max_kept_people) return assign(d, std::move(made.first), std::move(made.second));
      kept_people_ += people;
      it = made_.emplace(sender, std::move(made)).first;
    }
    assign(d, it->second.first, it->second.second);
  }

 private:
  static constexpr size_t max_kept_people = size_t{1} << 16;
  size_t kept_people_ = 0;
  static void assign(json& d, json from, json to) {
    if (!from.is_null()) d["from"] = std::move(from);
    if (!to.empty()) d["to"] = std::move(to);
  }
  const std::vector<std::string>& participants_;
  std::unordered_map<std::string, std::pair<json, json>> made_;
};

// Links one attachment; an unresolved one keeps its uri so nothing is lost.
json attachment(Context& c, const std::string& uri, const char* type, int64_t& missing) {
  json a;
  if (auto m = use_media(c, uri)) a = *m;
  else {
    a["uri"] = uri;
    if (uri.find("://") == std::string::npos) ++missing;
  }
  a["type"] = type;
  return a;
}

// Streams the messages of a thread file; a file without them is an error of the file.
ItemsRead each_message(Context& c, const Entry& e, KeyedFile& f, const char* what,
                       const std::function<void(element, const std::string&)>& fn) {
  ItemsRead r = each_keyed(c, e, f, "messages", fn);
  if (!r.found) throw Error(c.in.where(e), std::string("no messages array in ") + what);
  return r;
}

// What an E2EE attachment is, from its file name.
const char* e2ee_type(const std::string& uri) {
  std::string ext = lower(uri.substr(uri.rfind('.') == std::string::npos ? uri.size() : uri.rfind('.')));
  if (ext == ".mp4" || ext == ".mov") return "video";
  if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".heic") return "photo";
  if (ext == ".gif") return "gif";
  if (ext == ".m4a" || ext == ".mp3" || ext == ".aac" || ext == ".wav") return "audio";
  return "file";
}

// What a DYI message holds beside its text: attachments, share, reactions, call, unsent, users.
void message_details(Context& c, element m, json& d, int64_t& missing) {
  json atts = json::array();
  static const std::pair<const char*, const char*> kinds[] = {
      {"photos", "photo"}, {"videos", "video"}, {"gifs", "gif"}, {"audio_files", "audio"}, {"files", "file"}};
  for (auto [key, type] : kinds) {
    simdjson::dom::array list;
    if (!json_array(m, key, list)) continue;
    for (element a : list) {
      json att = attachment(c, str(a, "uri"), type, missing);
      if (auto t = time_of(a, "creation_timestamp")) att["created_at"] = format_rfc3339(*t);
      atts.push_back(std::move(att));
    }
  }
  element sticker;
  if (json_object(m, "sticker", sticker) && !str(sticker, "uri").empty())
    atts.push_back(attachment(c, str(sticker, "uri"), "sticker", missing));
  if (!atts.empty()) d["attachments"] = std::move(atts);

  element share;
  if (json_object(m, "share", share)) {
    json s = json::object();
    put(s, "url", str(share, "link"));
    put(s, "text", str(share, "share_text"));
    put(s, "owner", str(share, "original_content_owner"));
    if (!s.empty()) d["share"] = std::move(s);
  }
  simdjson::dom::array reactions;
  if (json_array(m, "reactions", reactions)) {
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
    if (json_flag(m, "missed")) call["missed"] = true;
    d["call"] = std::move(call);
  }
  if (json_flag(m, "is_unsent")) d["unsent"] = true;
  simdjson::dom::array users;
  if (json_array(m, "users", users)) {
    json us = json::array();
    for (element u : users)
      if (!str(u, "name").empty()) us.push_back(person(str(u, "name")));
    if (!us.empty()) d["users"] = std::move(us);
  }
}

}  // namespace

Verdict read_messenger_thread(Context& c, const Entry& e) {
  State& st = state(c);
  KeyedFile th;
  open_keyed(c, e, "messages", th);
  element doc = th.doc;
  std::string where = c.in.where(e);
  std::string thread_dir = parent_dir(e.path);
  std::vector<std::string> parts = split(e.path, '/');
  std::string folder = parts.size() >= 3 ? parts[parts.size() - 3] : "";
  std::string thread_path = str(doc, "thread_path");
  std::string thread_id = thread_id_of(thread_path.empty() ? thread_dir : std::string(basename(thread_path)));
  std::string title = str(doc, "title");

  std::vector<std::string> participants;
  simdjson::dom::array arr;
  if (json_array(doc, "participants", arr))
    for (element p : arr) {
      std::string n = p.is_string() ? text(p) : str(p, "name");
      if (!n.empty()) participants.push_back(n);
    }
  if (!title.empty()) st.thread_by_key.emplace("t:" + lower(title), thread_id);
  std::string people = participants_key(participants);
  if (!participants.empty()) st.thread_by_key.emplace(people, thread_id);

  int64_t missing = 0;
  std::string thread_type = str(doc, "thread_type");
  Parties parties(participants);
  ItemsRead items = each_message(c, e, th, "a Messenger thread file", [&](element m, const std::string& pointer) {
    std::string sender = str(m, "sender_name");
    auto ms = json_int(m, "timestamp_ms");
    if (!ms) {
      c.log.warn(where + " " + pointer, "message without timestamp_ms skipped");
      return;
    }
    std::string content = str(m, "content");
    Record r = make_record("message", c.platform, message_key(people, sender, *ms, content), e.path, pointer);
    r.service = st.service;
    if (folder == "e2ee_cutover") st.cutover_ids.insert(r.id);
    if (*ms > 0) set_time(r, from_unix_millis(*ms));  // 0 means unknown
    json& d = r.data;
    d["thread_id"] = thread_id;
    put(d, "thread_title", title);
    put(d, "folder", folder);
    parties.put_into(d, sender);
    put(d, "text", content);
    put(d, "thread_type", thread_type);

    message_details(c, m, d, missing);
    std::string type = str(m, "type");  // dropped by 2024; kept when present
    if (!type.empty()) d["raw"]["type"] = type;
    if (json_flag(m, "is_geoblocked_for_viewer")) d["raw"]["is_geoblocked_for_viewer"] = true;
    c.out.add(std::move(r));
  });
  if (missing > 0)
    c.log.warn(where, std::to_string(missing) + " attachment(s) not found in the archive set; their uri is kept");
  return verdict(items, *st.service ? "Messenger thread" : "direct messages thread");
}

Verdict read_e2ee_thread(Context& c, const Entry& e) {
  // Real UTF-8 here: strings are read with json_string, not the mojibake-repairing str().
  State& st = state(c);
  KeyedFile th;
  open_keyed(c, e, "messages", th);
  element doc = th.doc;
  element v;
  // A file that only mentions threadName is not a thread of the E2EE download: kept as a file.
  if (!json_member(doc, "threadName", v) || !json_member(doc, "messages", v)) return {Fate::unknown, ""};
  std::string where = c.in.where(e);
  std::string title = json_string(doc, "threadName");
  std::vector<std::string> participants;
  simdjson::dom::array arr;
  if (json_array(doc, "participants", arr))
    for (element p : arr) {
      std::string_view s;
      std::string n = !p.get_string().get(s) ? repair_utf8(s) : json_string(p, "name");
      if (!n.empty()) participants.push_back(n);
    }
  std::string people = participants_key(participants);
  // Join the DYI thread of the same conversation: by title first, then by participants.
  std::string thread_id;
  auto it = st.thread_by_key.find("t:" + lower(title));
  if (it == st.thread_by_key.end() && !participants.empty()) it = st.thread_by_key.find(people);
  if (it != st.thread_by_key.end()) thread_id = it->second;
  else thread_id = "e2ee:" + (title.empty() ? std::string(basename(e.path)) : title);

  int64_t missing = 0;
  Parties parties(participants);
  ItemsRead items = each_message(c, e, th, "an E2EE thread file", [&](element m, const std::string& pointer) {
    std::string sender = json_string(m, "senderName");
    auto ms = json_int(m, "timestamp");
    if (!ms || *ms <= 0) {
      c.log.warn(where + " " + pointer, "message without timestamp skipped");
      return;
    }
    std::string body = json_string(m, "text");
    Record r = make_record("message", c.platform, message_key(people, sender, *ms, body), e.path, pointer);
    if (st.cutover_ids.contains(r.id)) {  // already read from the DYI export's e2ee_cutover/ thread
      ++st.merged;
      return;
    }
    r.service = st.service;
    set_time(r, *ms >= 100'000'000'000LL ? from_unix_millis(*ms) : from_unix_seconds(*ms));
    json& d = r.data;
    d["thread_id"] = thread_id;
    put(d, "thread_title", title);
    d["folder"] = "e2ee";
    parties.put_into(d, sender);
    put(d, "text", body);
    simdjson::dom::array media;
    if (json_array(m, "media", media)) {
      json atts = json::array();
      for (element a : media) {
        std::string uri = json_string(a, "uri");
        atts.push_back(attachment(c, uri, e2ee_type(uri), missing));
      }
      if (!atts.empty()) d["attachments"] = std::move(atts);
    }
    simdjson::dom::array reactions;
    if (json_array(m, "reactions", reactions)) {
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
    if (json_flag(m, "isUnsent")) d["unsent"] = true;
    std::string type = json_string(m, "type");
    if (!type.empty()) d["raw"]["type"] = type;
    c.out.add(std::move(r));
  });
  if (missing > 0)
    c.log.warn(where, std::to_string(missing) + " attachment(s) not found in the archive set; their uri is kept");
  return verdict(items, "end-to-end encrypted Messenger thread (secure storage download)");
}

Verdict defer_e2ee(Context& c, const Entry& e) {
  state(c).e2ee.push_back(&e);
  return {Fate::unknown, ""};
}

void finish_e2ee(Context& c) {
  State& st = state(c);
  for (const Entry* e : st.e2ee) read_guarded(c.in, c.out, c.log, *e, [&] { return read_e2ee_thread(c, *e); });
  if (st.merged > 0)
    c.log.note(std::to_string(st.merged) +
               " message(s) of the end-to-end encrypted download were already in the DYI export and were merged");
}

}  // namespace dataport::meta
