// Instagram 2018-20 exports: JSON files at the root (docs/formats/instagram.md), times as ISO 8601 strings,
// media named by `path` relative to the root (photos/201805/...).
#include <algorithm>
#include <functional>

#include "importers/instagram/instagram.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport::instagram {

using meta::element;
using meta::str;

namespace {

std::optional<Timestamp> iso(std::string_view s) { return s.empty() ? std::nullopt : parse_iso8601(s); }

std::string at(element arr, size_t i) {
  simdjson::dom::element v;
  if (arr.at(i).get(v)) return "";
  return meta::text(v);
}

int64_t read_media(Context& c, const Entry& e, element doc) {
  int64_t n = 0;
  static const std::pair<const char*, const char*> lists[] = {
      {"photos", ""}, {"videos", ""}, {"stories", "story"}, {"profile", "profile"}, {"direct", "direct"}};
  for (auto [key, type] : lists) {
    simdjson::dom::array a;
    if (!json_array(doc, key, a)) continue;
    int64_t i = 0;
    for (element m : a) {
      std::string pointer = std::string("/") + key + "/" + std::to_string(i++);
      std::string path = str(m, "path");
      auto t = iso(str(m, "taken_at"));
      bool is_post = std::string(type).empty() || std::string(type) == "story";
      Record r = rec(c, is_post ? "post" : "media", ts_key(t) + '\n' + std::string(basename(path)), e, pointer);
      if (t) set_time(r, *t);
      put(r.data, is_post ? "text" : "title", is_post ? str(m, "caption") : std::string(type) == "profile" ? "profile photo" : "direct");
      if (std::string(type) == "story") r.data["type"] = "story";
      if (!str(m, "location").empty()) r.data["place"] = json{{"name", str(m, "location")}};
      if (auto ref = meta::use_media(c, path)) r.data["media"] = json::array({*ref});
      else if (!path.empty()) {
        r.data["media_urls"] = json::array({path});
        c.log.warn(c.in.where(e) + " " + pointer, "media file not in the archive set: " + path);
      }
      c.out.add(std::move(r));
      ++n;
    }
  }
  return n;
}

int64_t read_pairs(Context& c, const Entry& e, element doc, const char* list_key, const char* kind,
                   const std::function<void(Record&, element)>& fill) {
  simdjson::dom::array a;
  if (!json_array(doc, list_key, a)) return 0;
  int64_t n = 0, i = 0;
  for (element x : a) {
    std::string pointer = std::string("/") + list_key + "/" + std::to_string(i++);
    if (!x.is_array()) {  // a shape this reader does not know: kept whole
      json whole = to_nlohmann(x);
      if (whole.is_null() || (whole.is_object() && whole.empty())) continue;
      Record r = rec(c, kind, std::string(list_key) + '\n' + whole.dump(), e, pointer);
      r.data["raw"] = std::move(whole);
      c.out.add(std::move(r));
      ++n;
      continue;
    }
    auto t = iso(at(x, 0));
    Record r = rec(c, kind, std::string(list_key) + '\n' + ts_key(t) + '\n' + at(x, 1) + '\n' + at(x, 2), e, pointer);
    if (t) set_time(r, *t);
    fill(r, x);
    c.out.add(std::move(r));
    ++n;
  }
  return n;
}

int64_t read_connections(Context& c, const Entry& e, element doc) {
  static const std::pair<const char*, const char*> groups[] = {
      {"followers", "follower"},       {"following", "following"},     {"blocked_users", "blocked"},
      {"restricted_users", "restricted"}, {"close_friends", "close_friend"}, {"follow_requests_sent", "request"},
      {"following_hashtags", "following"}};
  int64_t n = 0;
  for (auto [key, relation] : groups) {
    element obj;
    if (!json_object(doc, key, obj)) continue;
    for (auto [user, when] : obj.get_object()) {
      std::string u = repair_utf8(user);
      Record r = rec(c, "contact", std::string(relation) + '\n' + key + '\n' + u, e, std::string("/") + key + "/" + u);
      std::string_view ts;
      if (!when.get_string().get(ts))
        if (auto t = iso(ts)) set_time(r, *t);
      r.data["relation"] = relation;
      r.data["username"] = u;
      if (std::string(key) == "follow_requests_sent") r.data["direction"] = "sent";
      if (std::string(key) == "following_hashtags") r.data["type"] = "hashtag";
      c.out.add(std::move(r));
      ++n;
    }
  }
  return n;
}

// One conversation of messages.json (`at_pointer` is its place in the list): its messages.
int64_t read_conversation(Context& c, const Entry& e, element conv, const std::string& at_pointer) {
  int64_t n = 0;
  std::vector<std::string> participants;
  simdjson::dom::array a;
  if (json_array(conv, "participants", a))
    for (element p : a) participants.push_back(meta::text(p));
  std::vector<std::string> sorted = participants;
  std::sort(sorted.begin(), sorted.end());
  std::string thread_id = "legacy:" + join(sorted, ",");
  if (!json_array(conv, "conversation", a)) return 0;
  int64_t mi = 0;
  for (element m : a) {
    std::string pointer = at_pointer + "/conversation/" + std::to_string(mi++);
    std::string sender = str(m, "sender");
    auto t = iso(str(m, "created_at"));
    std::string text = str(m, "text");
    // Every field that tells two messages apart: the same post shared to two threads in one
    // second is two messages.
    std::string key = thread_id + '\n' + sender + '\n' + str(m, "created_at") + '\n' + std::string(trim(text)) + '\n' +
                      str(m, "media_share_url") + '\n' + str(m, "media_url") + '\n' + str(m, "heart");
    Record r = rec(c, "message", key, e, pointer);
    if (t) set_time(r, *t);
    json& d = r.data;
    d["thread_id"] = thread_id;
    if (!sender.empty()) d["from"] = json{{"username", sender}};
    json to = json::array();
    for (const std::string& p : participants)
      if (p != sender) to.push_back(json{{"username", p}});
    if (!to.empty()) d["to"] = to;
    put(d, "text", text);
    if (!str(m, "media_share_url").empty()) d["share"] = json{{"url", str(m, "media_share_url")}};
    if (!str(m, "media_url").empty()) d["attachments"] = json::array({json{{"type", "photo"}, {"uri", str(m, "media_url")}}});
    if (!str(m, "heart").empty()) d["text"] = str(m, "heart");
    simdjson::dom::array likes;
    if (json_array(m, "likes", likes)) {
      json rs = json::array();
      for (element l : likes) rs.push_back(json{{"reaction", "like"}, {"actor", json{{"username", str(l, "username")}}}});
      if (!rs.empty()) d["reactions"] = rs;
    }
    c.out.add(std::move(r));
    ++n;
  }
  return n;
}

}  // namespace

Verdict read_legacy(Context& c, const Entry& e) {
  std::string name = meta::file_name(e.path);
  int64_t n = 0;
  if (name == "messages.json") {  // a list of conversations, streamed one at a time when big
    ItemsRead items = each_item(
        c.in, c.log, c.parser, e, std::string(),
        [&](element conv, const std::string& pointer) { n += read_conversation(c, e, conv, pointer); },
        meta::whole_below);
    return meta::verdict(items, std::to_string(n) + " records (2018-20 layout)");
  }
  std::string body = c.in.read(e);
  element doc = c.parser.parse(strip_bom(body), c.in.where(e));
  if (name == "media.json") {
    n = read_media(c, e, doc);
  } else if (name == "comments.json") {
    for (const char* k : {"media_comments", "live_comments"})
      n += read_pairs(c, e, doc, k, "comment", [&](Record& r, element x) {
        put(r.data, "text", at(x, 1));
        if (!at(x, 2).empty()) r.data["owner"] = json{{"username", at(x, 2)}};
        if (std::string_view(k) == "live_comments") r.data["type"] = "live";
      });
  } else if (name == "likes.json") {
    for (const char* k : {"media_likes", "comment_likes"})
      n += read_pairs(c, e, doc, k, "reaction", [&](Record& r, element x) {
        r.data["reaction"] = "like";
        if (!at(x, 1).empty()) r.data["owner"] = json{{"username", at(x, 1)}};
        r.data["type"] = std::string_view(k) == "comment_likes" ? "comment" : "post";
      });
  } else if (name == "saved.json") {
    n = read_pairs(c, e, doc, "saved_media", "activity", [&](Record& r, element x) {
      r.data["action"] = "save";
      if (!at(x, 1).empty()) r.data["person"] = json{{"username", at(x, 1)}};
    });
  } else if (name == "connections.json") {
    n = read_connections(c, e, doc);
  } else if (name == "searches.json") {
    simdjson::dom::array searches;
    if (doc.get_array().get(searches)) throw Error(c.in.where(e), "searches.json: expected a list");
    int64_t i = 0;
    for (element s : searches) {
      std::string pointer = "/" + std::to_string(i++);
      std::string q = str(s, "search_click");
      auto t = iso(str(s, "time"));
      if (q.empty()) {
        c.log.warn(c.in.where(e) + " " + pointer, "search without text skipped");
        continue;
      }
      Record r = rec(c, "activity", "search\n" + ts_key(t) + '\n' + q, e, pointer);
      if (t) set_time(r, *t);
      r.data["action"] = "search";
      r.data["query"] = q;
      put(r.data, "type", str(s, "type"));
      c.out.add(std::move(r));
      ++n;
    }
  } else if (name == "profile.json") {
    Record r = rec(c, "profile", "profile", e, "");
    json& d = r.data;
    put(d, "username", str(doc, "username"));
    put(d, "name", str(doc, "name"));
    put(d, "summary", str(doc, "biography"));
    put(d, "gender", lower(str(doc, "gender")));
    put(d, "birthday", str(doc, "date_of_birth"));
    if (!str(doc, "email").empty()) d["emails"] = json::array({json{{"address", str(doc, "email")}}});
    if (!str(doc, "phone_number").empty()) d["phones"] = json::array({json{{"number", str(doc, "phone_number")}}});
    if (!str(doc, "website").empty()) d["websites"] = json::array({str(doc, "website")});
    if (auto t = iso(str(doc, "date_joined"))) d["registered_at"] = format_rfc3339(*t);
    if (json_flag(doc, "private_account")) d["raw"]["private_account"] = true;
    put(d, "photo_url", str(doc, "profile_pic_url"));
    c.out.add(std::move(r));
    n = 1;
  } else if (name == "account_history.json") {
    simdjson::dom::array a;
    if (json_array(doc, "login_history", a)) {
      int64_t i = 0;
      for (element l : a) {
        std::string pointer = "/login_history/" + std::to_string(i++);
        auto t = iso(str(l, "timestamp"));
        Record r = rec(c, "login", "login\n" + ts_key(t) + '\n' + str(l, "ip_address"), e, pointer);
        if (t) set_time(r, *t);
        r.data["method"] = "login";
        put(r.data, "ip", str(l, "ip_address"));
        put(r.data, "user_agent", str(l, "user_agent"));
        put(r.data, "device", str(l, "device_id"));
        if (!str(l, "cookie_name").empty()) r.data["raw"]["cookie_name"] = str(l, "cookie_name");
        if (!str(l, "language_code").empty()) r.data["raw"]["language_code"] = str(l, "language_code");
        c.out.add(std::move(r));
        ++n;
      }
    }
  } else {
    return {Fate::unknown, ""};
  }
  return {Fate::parsed, std::to_string(n) + " records (2018-20 layout)"};
}

}  // namespace dataport::instagram
