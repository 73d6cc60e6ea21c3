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

// One photo, video, story, profile photo or direct photo of media.json (`key` its list).
bool read_media_item(Context& c, const Entry& e, const std::string& key, element m, const std::string& pointer) {
  static const std::pair<const char*, const char*> lists[] = {
      {"photos", ""}, {"videos", ""}, {"stories", "story"}, {"profile", "profile"}, {"direct", "direct"}};
  std::string type;
  for (auto [k, t] : lists)
    if (key == k) type = t;
  std::string path = str(m, "path");
  auto t = iso(str(m, "taken_at"));
  bool is_post = type.empty() || type == "story";
  Record r = rec(c, is_post ? "post" : "media", ts_key(t) + '\n' + std::string(basename(path)), e, pointer);
  if (t) set_time(r, *t);
  put(r.data, is_post ? "text" : "title", is_post ? str(m, "caption") : type == "profile" ? "profile photo" : "direct");
  if (type == "story") r.data["type"] = "story";
  if (!str(m, "location").empty()) r.data["place"] = json{{"name", str(m, "location")}};
  if (auto ref = meta::use_media(c, path)) r.data["media"] = json::array({*ref});
  else if (!path.empty()) {
    r.data["media_urls"] = json::array({path});
    c.log.warn(c.in.where(e) + " " + pointer, "media file not in the archive set: " + path);
  }
  c.out.add(std::move(r));
  return true;
}

// One [time, text, user] triple of a list (`list_key`) of comments.json, likes.json or
// saved.json; `fill` sets what the list's triples mean. Another shape is kept whole in raw.
bool read_pair(Context& c, const Entry& e, element x, const std::string& list_key, const char* kind,
               const std::string& pointer, const std::function<void(Record&, element)>& fill) {
  if (!x.is_array()) {  // a shape this reader does not know: kept whole
    json whole = to_nlohmann(x);
    if (whole.is_null() || (whole.is_object() && whole.empty())) return false;
    Record r = rec(c, kind, list_key + '\n' + whole.dump(), e, pointer);
    r.data["raw"] = std::move(whole);
    c.out.add(std::move(r));
    return true;
  }
  auto t = iso(at(x, 0));
  Record r = rec(c, kind, list_key + '\n' + ts_key(t) + '\n' + at(x, 1) + '\n' + at(x, 2), e, pointer);
  if (t) set_time(r, *t);
  fill(r, x);
  c.out.add(std::move(r));
  return true;
}

// One account of connections.json: `user` under the group `key` ({"followers": {"user": time}}).
bool read_connection(Context& c, const Entry& e, const std::string& key, const std::string& user, element when,
                     const std::string& pointer) {
  static const std::pair<const char*, const char*> groups[] = {
      {"followers", "follower"},       {"following", "following"},     {"blocked_users", "blocked"},
      {"restricted_users", "restricted"}, {"close_friends", "close_friend"}, {"follow_requests_sent", "request"},
      {"following_hashtags", "following"}};
  std::string relation;
  for (auto [k, rel] : groups)
    if (key == k) relation = rel;
  std::string u = repair_utf8(user);
  Record r = rec(c, "contact", relation + '\n' + key + '\n' + u, e, pointer);
  std::string_view ts;
  if (!when.get_string().get(ts))
    if (auto t = iso(ts)) set_time(r, *t);
  r.data["relation"] = relation;
  r.data["username"] = u;
  if (key == "follow_requests_sent") r.data["direction"] = "sent";
  if (key == "following_hashtags") r.data["type"] = "hashtag";
  c.out.add(std::move(r));
  return true;
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

// One search of searches.json (a top-level list).
bool read_search(Context& c, const Entry& e, element s, const std::string& pointer) {
  std::string q = str(s, "search_click");
  auto t = iso(str(s, "time"));
  std::optional<Record> r = meta::search_record(c, e, pointer, q, t);
  if (!r) return false;
  put(r->data, "type", str(s, "type"));
  c.out.add(std::move(*r));
  return true;
}

// One login of account_history.json's login_history.
bool read_login(Context& c, const Entry& e, element l, const std::string& pointer) {
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
  return true;
}

// profile.json: one record.
void read_profile(Context& c, const Entry& e, element doc) {
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
  // The other root files hold lists and maps under several top-level keys: streamed.
  ItemsRead items;
  auto each = [&](std::initializer_list<std::string_view> keys, auto fn) {
    items = each_keyed_item(c.in, c.log, c.parser, e, keys, [&](const std::string& key, const std::string& member,
                                                                  element x, const std::string& pointer) {
      if (fn(key, member, x, pointer)) ++n;
    });
  };
  if (name == "media.json") {
    each({"photos", "videos", "stories", "profile", "direct"},
         [&](const std::string& key, const std::string&, element m, const std::string& pointer) {
           return read_media_item(c, e, key, m, pointer);
         });
  } else if (name == "comments.json") {
    each({"media_comments", "live_comments"}, [&](const std::string& k, const std::string&, element x, const std::string& p) {
      return read_pair(c, e, x, k, "comment", p, [&](Record& r, element y) {
        put(r.data, "text", at(y, 1));
        if (!at(y, 2).empty()) r.data["owner"] = json{{"username", at(y, 2)}};
        if (k == "live_comments") r.data["type"] = "live";
      });
    });
  } else if (name == "likes.json") {
    each({"media_likes", "comment_likes"}, [&](const std::string& k, const std::string&, element x, const std::string& p) {
      return read_pair(c, e, x, k, "reaction", p, [&](Record& r, element y) {
        r.data["reaction"] = "like";
        if (!at(y, 1).empty()) r.data["owner"] = json{{"username", at(y, 1)}};
        r.data["type"] = k == "comment_likes" ? "comment" : "post";
      });
    });
  } else if (name == "saved.json") {
    each({"saved_media"}, [&](const std::string& k, const std::string&, element x, const std::string& p) {
      return read_pair(c, e, x, k, "activity", p, [&](Record& r, element y) {
        r.data["action"] = "save";
        if (!at(y, 1).empty()) r.data["person"] = json{{"username", at(y, 1)}};
      });
    });
  } else if (name == "connections.json") {
    each({"followers", "following", "blocked_users", "restricted_users", "close_friends", "follow_requests_sent",
          "following_hashtags"},
         [&](const std::string& key, const std::string& user, element when, const std::string& pointer) {
           return read_connection(c, e, key, user, when, pointer);
         });
  } else if (name == "searches.json") {
    each({""}, [&](const std::string&, const std::string&, element s, const std::string& pointer) {
      return read_search(c, e, s, pointer);
    });
    if (!items.found && items.broken.empty()) throw Error(c.in.where(e), "searches.json: expected a list");
  } else if (name == "account_history.json") {
    each({"login_history"}, [&](const std::string&, const std::string&, element l, const std::string& pointer) {
      return read_login(c, e, l, pointer);
    });
  } else if (name == "profile.json") {  // one record: read whole (bounded)
    read_profile(c, e, read_one_record(c, e));
    return {Fate::parsed, "1 records (2018-20 layout)"};
  } else {
    return {Fate::unknown, ""};
  }
  return meta::verdict(items, std::to_string(n) + " records (2018-20 layout)");
}

}  // namespace dataport::instagram
