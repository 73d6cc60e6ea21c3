// Instagram readers for the 2020-22 category folders, the 2023-24 your_instagram_activity/ tree
// and the 2025 layout: the files keep their item shapes across eras (docs/formats/instagram.md), only the
// folders move, so each reader is chosen by file name (instagram.cc).
#include "importers/instagram/instagram.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::instagram {

using meta::element;
using meta::str;

std::optional<Timestamp> Item::when() const {
  if (time) return time;
  for (const char* f : {"time", "saved_on"})
    if (const meta::LabelValue* x = meta::find_label(fields, f); x && x->time) return x->time;
  for (const meta::LabelValue& x : fields)
    if (x.time) return x.time;
  for (const ListEntry& l : list)
    if (l.time) return l.time;
  return std::nullopt;
}

Item read_item(element e) {
  Item it;
  if (!e.is_object()) {
    if (e.is_string()) it.title = meta::text(e);
    return it;
  }
  it.title = str(e, "title");
  it.time = meta::first_time(e, {"timestamp", "creation_timestamp"});
  it.fields = meta::read_label_values(e);
  for (meta::LabelValue& x : meta::read_string_map(e)) it.fields.push_back(std::move(x));
  simdjson::dom::array a;
  if (json_array(e, "string_list_data", a))
    for (element x : a) it.list.push_back({str(x, "href"), str(x, "value"), meta::time_of(x, "timestamp")});
  return it;
}

namespace {


// "https://www.instagram.com/_u/ana.k" -> "ana.k"
std::string user_from_href(std::string_view href) {
  while (!href.empty() && href.back() == '/') href.remove_suffix(1);
  size_t s = href.rfind('/');
  if (s == std::string_view::npos || href.find("instagram.com") == std::string_view::npos) return "";
  return std::string(href.substr(s + 1));
}

// One media item -> {sha256, path, mime, size, ...}; false (uri kept) when the file is missing.
bool media_item(Context& c, element m, json& item, json& unresolved) {
  if (!meta::media_item_base(c, m, item, unresolved)) return false;
  element md, pm, xs;
  if (json_object(m, "media_metadata", md) &&
      (json_object(md, "photo_metadata", pm) || json_object(md, "video_metadata", pm))) {
    simdjson::dom::array exif;
    if (json_array(pm, "exif_data", exif))
      for (element x : exif) {
        double lat = 0, lon = 0;
        if (!item.contains("lat") && meta::coordinates(x, lat, lon)) {
          item["lat"] = lat;
          item["lon"] = lon;
        }
        if (!item.contains("taken_at")) put(item, "taken_at", str(x, "date_time_original"));
        if (!item.contains("device")) put(item, "device", str(x, "device_id"));
      }
  }
  if (json_object(m, "cross_post_source", xs)) put(item, "cross_post_source", str(xs, "source_app"));
  return true;
}

}  // namespace

Verdict read_content(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string type = s.find("stor") != std::string::npos ? "story"
                     : s.find("reel") != std::string::npos ? "reel"
                     : s.find("igtv") != std::string::npos ? "igtv"
                                                            : "";
  bool archived = s.find("archived") != std::string::npos;
  bool deleted = s.find("deleted") != std::string::npos;
  bool profile_photo = s.find("profile_photo") != std::string::npos;
  int64_t n = 0, missing = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    // A post holds media[]; a story or profile photo is itself a media item.
    json media = json::array(), unresolved = json::array();
    simdjson::dom::array list;
    std::string caption = str(item, "title");
    auto t = meta::time_of(item, "creation_timestamp");
    auto take = [&](element m) {
      json it;
      if (media_item(c, m, it, unresolved)) media.push_back(std::move(it));
      if (caption.empty()) caption = str(m, "title");  // single-media posts keep the caption here
      if (!t) t = meta::time_of(m, "creation_timestamp");
    };
    if (json_array(item, "media", list))
      for (element m : list) take(m);
    else if (!str(item, "uri").empty())
      take(item);
    else {
      c.log.warn(c.in.where(e) + " " + pointer, "content item without media skipped");
      return;
    }
    missing += static_cast<int64_t>(unresolved.size());
    std::string first = !media.empty() ? std::string(basename(media[0].value("path", "")))
                        : !unresolved.empty() ? std::string(basename(unresolved[0].get<std::string>()))
                                              : "";
    Record r = rec(c, profile_photo ? "media" : "post", ts_key(t) + '\n' + first, e, pointer);
    if (t) set_time(r, *t);
    json& d = r.data;
    if (profile_photo) put(d, "title", "profile photo");
    else put(d, "text", caption);
    if (!media.empty()) d["media"] = std::move(media);
    if (!unresolved.empty()) d["media_urls"] = std::move(unresolved);
    put(d, "type", type);
    if (archived) d["archived"] = true;
    if (deleted) d["deleted"] = true;
    c.out.add(std::move(r));
    ++n;
  });
  if (missing > 0)
    c.log.warn(c.in.where(e), std::to_string(missing) + " media file(s) named here are not in the archive set; "
                                                        "their uri is kept in media_urls");
  return meta::verdict(items, std::to_string(n) + (profile_photo ? " profile photos" : " posts"));
}

Verdict read_comments(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    std::string text = it.get("comment");
    if (text.empty() && !it.list.empty()) text = it.list[0].value;
    std::string owner = it.get("owner");
    if (owner.empty()) owner = it.title;
    auto t = it.when();
    if (text.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "comment without text skipped");
      return;
    }
    // "nice!" on two accounts' posts in one second is two comments: whose post it was joins the key.
    Record r = rec(c, "comment", ts_key(t) + '\n' + text + (owner.empty() ? "" : '\n' + owner), e, pointer);
    if (t) set_time(r, *t);
    r.data["text"] = text;
    if (!owner.empty()) r.data["owner"] = json{{"username", owner}};
    if (s.find("reel") != std::string::npos) r.data["type"] = "reel";
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " comments");
}

Verdict read_likes(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string on = s.find("comment") != std::string::npos ? "comment" : s.find("stor") != std::string::npos ? "story" : "post";
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    std::string owner = it.title;
    if (owner.empty()) owner = it.get("username");
    if (owner.empty()) owner = it.get("owner");
    if (owner.empty()) owner = it.get("name");
    std::string url = it.list.empty() ? "" : it.list[0].href;
    if (url.empty()) url = it.get("url");
    std::string value = it.list.empty() ? "" : it.list[0].value;  // a reaction emoji, or the old "👍"
    auto t = it.when();
    if (owner.empty() && url.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "like without owner or link skipped");
      return;
    }
    Record r = rec(c, "reaction", on + '\n' + ts_key(t) + '\n' + owner + '\n' + url, e, pointer);
    if (t) set_time(r, *t);
    r.data["reaction"] = "like";
    put(r.data, "url", url);
    if (!owner.empty()) r.data["owner"] = json{{"username", owner}};
    r.data["type"] = on;
    if (!value.empty() && value != owner) r.data["raw"]["value"] = value;
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " likes");
}

Verdict read_saved(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    const meta::LabelValue* saved = meta::find_label(it.fields, "saved_on");
    std::string url = saved ? saved->href : "";
    if (url.empty()) url = it.get("url");
    if (url.empty() && !it.list.empty()) url = it.list[0].href;
    std::string owner = it.title.empty() ? it.get("username") : it.title;
    auto t = it.when();
    if (owner.empty() && url.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "saved item without owner or link skipped");
      return;
    }
    Record r = rec(c, "activity", "save\n" + ts_key(t) + '\n' + url + '\n' + owner, e, pointer);
    if (t) set_time(r, *t);
    r.data["action"] = "save";
    put(r.data, "url", url);
    if (!owner.empty()) r.data["person"] = json{{"username", owner}};
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " saved items");
}

Verdict read_contacts(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string relation = "following", direction, status;
  if (s.find("follower") != std::string::npos) relation = "follower";
  if (s.find("close_friend") != std::string::npos) relation = "close_friend";
  if (s.find("blocked") != std::string::npos) relation = "blocked";
  if (s.find("restricted") != std::string::npos) relation = "restricted";
  if (s.find("pending_follow_request") != std::string::npos || s.find("recent_follow_request") != std::string::npos)
    relation = "request", direction = "sent";
  if (s.find("requests_you_ve_received") != std::string::npos) relation = "request", direction = "received";
  if (s.find("unfollowed") != std::string::npos) status = "unfollowed";
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    // Old: {title:"", string_list_data:[{href, value:"user"}]}; newer: the name in title, no value.
    std::string user = !it.list.empty() ? it.list[0].value : "";
    if (user.empty()) user = it.title;
    if (user.empty()) user = it.get("username");
    std::string url = !it.list.empty() ? it.list[0].href : it.get("url");
    if (user.empty()) user = user_from_href(url);
    if (user.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "account without a username skipped");
      return;
    }
    Record r = rec(c, "contact", relation + '\n' + direction + '\n' + status + '\n' + user, e, pointer);
    if (auto t = it.when()) set_time(r, *t);
    r.data["relation"] = relation;
    r.data["username"] = user;
    put(r.data, "url", url);
    put(r.data, "direction", direction);
    put(r.data, "status", status);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " accounts (" + relation + ")");
}

Verdict read_searches(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    std::string query = it.get("query");
    if (query.empty()) query = it.get("name");
    if (query.empty()) query = it.get("text");
    if (query.empty() && !it.list.empty()) query = it.list[0].value;
    if (query.empty()) query = it.title;
    query = meta::unquote(query);
    auto t = it.when();
    if (query.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "search without text skipped");
      return;
    }
    Record r = rec(c, "activity", "search\n" + ts_key(t) + '\n' + query, e, pointer);
    if (t) set_time(r, *t);
    r.data["action"] = "search";
    r.data["query"] = query;
    r.data["type"] = s.find("tag") != std::string::npos       ? "tag"
                     : s.find("keyword") != std::string::npos  ? "keyword"
                     : s.find("word") != std::string::npos     ? "keyword"
                     : s.find("profile") != std::string::npos || s.find("account") != std::string::npos ? "account"
                                                                 : "search";
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " searches");
}

Verdict read_profile(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    if (it.fields.empty()) return;
    Record r = rec(c, "profile", "profile", e, pointer);
    json& d = r.data;
    put(d, "username", it.get("username"));
    put(d, "name", it.get("name"));
    put(d, "summary", it.get("bio"));
    put(d, "gender", lower(it.get("gender")));
    put(d, "birthday", it.get("birthday"));
    if (!it.get("email").empty()) d["emails"] = json::array({json{{"address", it.get("email")}}});
    if (!it.get("phone").empty()) d["phones"] = json::array({json{{"number", it.get("phone")}}});
    if (!it.get("url").empty()) d["websites"] = json::array({it.get("url")});
    json raw = meta::labels_to_json(it.fields);
    for (const char* k : {"username", "name", "bio", "gender", "birthday", "email", "phone", "url"}) raw.erase(k);
    element mm;
    if (json_object(x, "media_map_data", mm)) {
      for (auto [k, v] : mm.get_object()) {
        (void)k;
        if (auto ref = meta::use_media(c, str(v, "uri"))) d["media"] = json::array({*ref});
      }
    }
    if (!raw.empty()) d["raw"] = std::move(raw);
    c.out.add(std::move(r));
    ++n;
  });
  if (n == 0) throw Error(c.in.where(e), "no profile fields found");
  return meta::verdict(items, "profile");
}

Verdict read_interests(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string category = s.find("topic") != std::string::npos ? "topic" : "ad_interest";
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    std::vector<std::string> values;
    if (x.is_string()) values.push_back(meta::text(x));
    Item it = read_item(x);
    for (const meta::LabelValue& f : it.fields) {
      if (!f.value.empty()) values.push_back(f.value);
      for (const meta::LabelValue& v : f.vec)
        if (!v.value.empty()) values.push_back(v.value);
    }
    for (const ListEntry& l : it.list)
      if (!l.value.empty()) values.push_back(l.value);
    if (values.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "interest without a value skipped");
      return;
    }
    for (const std::string& v : values) {
      Record r = rec(c, "inference", category + '\n' + v, e, pointer);
      r.data["category"] = category;
      r.data["value"] = v;
      c.out.add(std::move(r));
      ++n;
    }
  });
  return meta::verdict(items, std::to_string(n) + " " + category + "s");
}

Verdict read_logins(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string method = s.find("logout") != std::string::npos           ? "logout"
                       : s.find("password") != std::string::npos        ? "password_change"
                       : s.find("signup") != std::string::npos          ? "signup"
                       : s.find("device") != std::string::npos          ? "device"
                       : s.find("login") != std::string::npos           ? "login"
                                                                        : s;
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element x, const std::string& pointer) {
    Item it = read_item(x);
    auto t = it.when();
    json d = {{"method", method}};
    put(d, "ip", it.get("ip"));
    put(d, "user_agent", it.get("user_agent"));
    put(d, "device", it.get("device"));
    put(d, "location", it.get("location"));
    json raw = meta::labels_to_json(it.fields);
    for (const char* k : {"ip", "user_agent", "device", "location", "time"}) raw.erase(k);
    if (!raw.empty()) d["raw"] = raw;
    if (d.size() == 1 && !t) {
      c.log.warn(c.in.where(e) + " " + pointer, "login record without fields skipped");
      return;
    }
    Record r = rec(c, "login", method + '\n' + ts_key(t) + '\n' + d.value("ip", "") + '\n' + d.value("user_agent", "") +
                                  '\n' + d.value("device", ""),
                   e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " logins");
}

}  // namespace dataport::instagram
