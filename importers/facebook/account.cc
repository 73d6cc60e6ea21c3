// Facebook: the profile, connections, and what Meta logged or inferred (searches, location,
// logins; ads and off-Meta activity are read by importers/meta/readers.cc, which Instagram
// shares). Old flat exports use the same item shapes under keys without the `_v2` suffix;
// 2024+ files increasingly hold generic `label_values` records (docs/formats/facebook.md).
#include "importers/facebook/facebook.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport::facebook {

using meta::element;
using meta::str;

namespace {

// The first member among `keys` that exists (an era's key for the same data).
bool member(element doc, std::initializer_list<const char*> keys, element& out) {
  for (const char* k : keys)
    if (doc.is_object() && !doc.at_key(k).get(out)) return true;
  return false;
}

std::string date_of(element d) {
  auto y = json_int(d, "year"), m = json_int(d, "month"), day = json_int(d, "day");
  if (!y || *y <= 0) {
    if (m && *m > 0 && day && *day > 0) {  // a birthday without a year
      char buf[16];
      std::snprintf(buf, sizeof buf, "--%02d-%02d", int(*m), int(*day));
      return buf;
    }
    return "";
  }
  char buf[16];
  if (m && *m > 0 && day && *day > 0) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", int(*y), int(*m), int(*day));
  else if (m && *m > 0) std::snprintf(buf, sizeof buf, "%04d-%02d", int(*y), int(*m));
  else std::snprintf(buf, sizeof buf, "%04d", int(*y));
  return buf;
}

// "2019-01-01T00:00:00Z" from a start/end_timestamp, cut to the day (Meta stores dates of jobs
// and schools as midnight timestamps).
std::string day_of(element obj, const char* key) {
  auto t = meta::time_of(obj, key);
  if (!t) return "";
  Timestamp d = *t;
  d.precision = Precision::day;
  return format_iso_precision(d);
}

// 2025+: the profile as generic label_values records.
Verdict profile_from_labels(Context& c, const Entry& e, element doc) {
  auto lv = meta::read_label_values(doc);
  if (lv.empty()) throw Error(c.in.where(e), "no profile_v2 object");
  Record r = rec(c, "profile", "profile", e, "");
  json x = meta::labels_to_json(lv);
  for (const char* k : {"name", "username", "email", "bio", "birthday", "gender"}) {
    if (!x.contains(k)) continue;
    if (std::string(k) == "email") r.data["emails"] = json::array({json{{"address", x[k]}}});
    else r.data[k] = x[k];
    x.erase(k);
  }
  if (!x.empty()) r.data["raw"] = x;
  c.out.add(std::move(r));
  return {Fate::parsed, "profile (label_values)"};
}

// The person's own fields of a profile_v2 object: names, emails, phones, dates, places.
void profile_fields(element p, json& d) {
  element v;
  if (json_object(p, "name", v)) {
    put(d, "name", str(v, "full_name"));
    put(d, "first_name", str(v, "first_name"));
    put(d, "middle_name", str(v, "middle_name"));
    put(d, "last_name", str(v, "last_name"));
  }
  if (json_object(p, "emails", v)) {
    json emails = json::array();
    static const std::pair<const char*, const char*> lists[] = {
        {"emails", ""}, {"previous_emails", "previous"}, {"pending_emails", "pending"}, {"ad_account_emails", "ads"}};
    for (auto [key, status] : lists) {
      simdjson::dom::array a;
      if (!json_array(v, key, a)) continue;
      for (element x : a) {
        std::string addr = meta::text(x);
        if (addr.empty()) continue;
        json em = {{"address", addr}};
        if (*status) em["status"] = status;
        else if (emails.empty()) em["primary"] = true;
        emails.push_back(std::move(em));
      }
    }
    if (!emails.empty()) d["emails"] = std::move(emails);
  }
  simdjson::dom::array a;
  if (json_array(p, "phone_numbers", a)) {
    json phones = json::array();
    for (element x : a) {
      json ph = json::object();
      put(ph, "number", str(x, "phone_number"));
      put(ph, "type", lower(str(x, "phone_type")));
      if (json_flag(x, "verified")) ph["verified"] = true;
      if (ph.contains("number")) phones.push_back(std::move(ph));
    }
    if (!phones.empty()) d["phones"] = std::move(phones);
  }
  if (json_object(p, "birthday", v)) put(d, "birthday", date_of(v));
  if (json_object(p, "gender", v)) {
    put(d, "gender", lower(str(v, "gender_option")));
    put(d, "pronoun", lower(str(v, "pronoun")));
  }
  if (json_object(p, "current_city", v)) put(d, "location", str(v, "name"));
  if (json_object(p, "hometown", v)) put(d, "hometown", str(v, "name"));
  put(d, "username", str(p, "username"));
  put(d, "url", str(p, "profile_uri"));
  put(d, "summary", str(p, "intro_bio"));
  if (auto t = meta::time_of(p, "registration_timestamp")) d["registered_at"] = format_rfc3339(*t);
  if (json_array(p, "websites", a)) {
    json ws = json::array();
    for (element x : a)
      if (!str(x, "address").empty()) ws.push_back(str(x, "address"));
    if (!ws.empty()) d["websites"] = std::move(ws);
  }
}

// Relationship and the name and language lists, kept in raw.
void profile_raw(element p, json& d) {
  simdjson::dom::array a;
  element v;
  json raw = json::object();
  if (json_object(p, "relationship", v)) {
    json rel = json::object();
    put(rel, "status", str(v, "status"));
    put(rel, "partner", str(v, "partner"));
    if (!rel.empty()) raw["relationship"] = rel;
  }
  for (const char* list : {"previous_names", "other_names", "languages", "interested_in"}) {
    if (!json_array(p, list, a)) continue;
    json out = json::array();
    for (element x : a) {
      std::string s = x.is_string() ? meta::text(x) : str(x, "name");
      if (!s.empty()) out.push_back(s);
    }
    if (!out.empty()) raw[list] = out;
  }
  if (!raw.empty()) d["raw"] = std::move(raw);
}

// The jobs of a profile_v2 object as position records; how many.
int64_t read_work(Context& c, const Entry& e, element p, const std::string& top) {
  int64_t extra = 0;
  simdjson::dom::array a;
  if (json_array(p, "work_experiences", a)) {
    int64_t i = 0;
    for (element x : a) {
      std::string ptr = top + "/work_experiences/" + std::to_string(i++);
      Record w = rec(c, "position", str(x, "employer") + '\n' + str(x, "title") + '\n' + day_of(x, "start_timestamp"), e, ptr);
      put(w.data, "company", str(x, "employer"));
      put(w.data, "title", str(x, "title"));
      put(w.data, "description", str(x, "description"));
      put(w.data, "location", str(x, "location"));
      put(w.data, "start", day_of(x, "start_timestamp"));
      put(w.data, "end", day_of(x, "end_timestamp"));
      w.data["type"] = "job";
      if (!w.data.contains("end") && w.data.contains("start")) w.data["current"] = true;
      if (!w.data.contains("company")) continue;
      c.out.add(std::move(w));
      ++extra;
    }
  }
  return extra;
}

// The schools of a profile_v2 object as education records; how many.
int64_t read_schools(Context& c, const Entry& e, element p, const std::string& top) {
  int64_t extra = 0;
  simdjson::dom::array a;
  if (json_array(p, "education_experiences", a)) {
    int64_t i = 0;
    for (element x : a) {
      std::string ptr = top + "/education_experiences/" + std::to_string(i++);
      Record s = rec(c, "education", str(x, "name") + '\n' + day_of(x, "start_timestamp"), e, ptr);
      put(s.data, "school", str(x, "name"));
      put(s.data, "degree", str(x, "degree"));
      simdjson::dom::array conc;
      if (json_array(x, "concentrations", conc)) {
        std::vector<std::string> fields;
        for (element f : conc)
          if (!meta::text(f).empty()) fields.push_back(meta::text(f));
        put(s.data, "field", join(fields, ", "));
      }
      put(s.data, "notes", str(x, "description"));
      put(s.data, "start", day_of(x, "start_timestamp"));
      put(s.data, "end", day_of(x, "end_timestamp"));
      put(s.data, "school_type", lower(str(x, "school_type")));
      s.data["type"] = "school";
      if (json_flag(x, "graduated")) s.data["graduated"] = true;
      if (!s.data.contains("school")) continue;
      c.out.add(std::move(s));
      ++extra;
    }
  }
  return extra;
}

// The family members of a profile_v2 object as contact records; how many.
int64_t read_family(Context& c, const Entry& e, element p, const std::string& top) {
  int64_t extra = 0;
  simdjson::dom::array a;
  if (json_array(p, "family_members", a)) {
    int64_t i = 0;
    for (element x : a) {
      std::string name = str(x, "name");
      if (name.empty()) continue;
      Record f = rec(c, "contact", "family\n" + name, e, top + "/family_members/" + std::to_string(i++));
      f.data["relation"] = "family";
      f.data["name"] = name;
      put(f.data, "note", str(x, "relation"));
      if (auto t = meta::time_of(x, "timestamp")) set_time(f, *t);
      c.out.add(std::move(f));
      ++extra;
    }
  }
  return extra;
}

}  // namespace

// profile_information.json: the profile record, then its jobs, schools and family members.
Verdict read_profile(Context& c, const Entry& e) {
  element doc = read_one_record(c, e);
  element p;
  std::string top = json_object(doc, "profile_v2", p) ? "/profile_v2" : "/profile";
  if (!member(doc, {"profile_v2", "profile"}, p) || !p.is_object()) return profile_from_labels(c, e, doc);
  Record r = rec(c, "profile", "profile", e, top);
  profile_fields(p, r.data);
  profile_raw(p, r.data);
  c.out.add(std::move(r));
  int64_t extra = read_work(c, e, p, top);  // in this order (the records' order)
  extra += read_schools(c, e, p, top);
  extra += read_family(c, e, p, top);
  return {Fate::parsed, "profile, " + std::to_string(extra) + " positions, schools and family members"};
}

Verdict read_connections(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  std::string relation = "friend", direction, status;
  if (s.find("sent_friend_request") != std::string::npos) relation = "request", direction = "sent", status = "pending";
  else if (s.find("received_friend_request") != std::string::npos) relation = "request", direction = "received", status = "pending";
  else if (s.find("rejected_friend_request") != std::string::npos) relation = "request", direction = "received", status = "rejected";
  else if (s.find("removed_friends") != std::string::npos || s.find("deleted_friends") != std::string::npos) status = "removed";
  else if (s.find("follower") != std::string::npos || s == "people_who_followed_you") relation = "follower";
  else if (s.find("follow") != std::string::npos) relation = "following";
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    std::string name = item.is_string() ? meta::text(item) : str(item, "name");
    auto lv = item.is_object() ? meta::read_label_values(item) : std::vector<meta::LabelValue>{};
    if (name.empty()) name = meta::label_text(lv, "name");
    if (name.empty() && item.is_object()) name = str(item, "title");
    if (name.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "connection without a name skipped");
      return;
    }
    // Friends have names only, and names collide: the time keeps two namesakes apart.
    auto t = item.is_object() ? meta::time_of(item, "timestamp") : std::nullopt;
    std::string key = relation + '\n' + direction + '\n' + status + '\n' + name + '\n' + ts_key(t);
    Record r = rec(c, "contact", key, e, pointer);
    r.data["relation"] = relation;
    r.data["name"] = name;
    put(r.data, "direction", direction);
    put(r.data, "status", status);
    if (item.is_object()) {
      put(r.data, "email", str(item, "contact_info"));
      put(r.data, "url", meta::label_text(lv, "url"));
      if (t) set_time(r, *t);
      else if (auto lt = meta::find_label(lv, "time"); lt && lt->time) set_time(r, *lt->time);
    }
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " contacts (" + relation + (status.empty() ? "" : ", " + status) + ")");
}

Verdict read_searches(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    std::string query;
    simdjson::dom::array data;
    if (json_array(item, "data", data))
      for (element x : data)
        if (query.empty()) query = str(x, "text");
    auto lv = meta::read_label_values(item);
    if (query.empty()) query = meta::label_text(lv, "query");
    if (query.empty()) query = meta::label_text(lv, "text");
    if (!t)
      if (auto lt = meta::find_label(lv, "time"); lt && lt->time) t = lt->time;
    std::optional<Record> r = meta::search_record(c, e, pointer, meta::unquote(query), t);
    if (!r) return;
    put(r->data, "title", str(item, "title"));
    c.out.add(std::move(*r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " searches");
}

Verdict read_location(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  if (s == "location_history") {
    int64_t n = 0;
    ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
      element co;
      double lat = 0, lon = 0;
      if (!json_object(item, "coordinate", co) || !meta::coordinates(co, lat, lon)) {
        c.log.warn(c.in.where(e) + " " + pointer, "location without coordinates skipped");
        return;
      }
      auto t = meta::time_of(item, "creation_timestamp");
      Record r = rec(c, "location", ts_key(t) + '\n' + json(lat).dump() + ',' + json(lon).dump(), e, pointer);
      if (t) set_time(r, *t);
      r.data["lat"] = lat;
      r.data["lon"] = lon;
      put(r.data, "name", str(item, "name"));
      c.out.add(std::move(r));
      ++n;
    });
    return meta::verdict(items, std::to_string(n) + " locations");
  }
  element doc = read_one_record(c, e);
  std::string value;
  json raw = json::object();
  element v;
  if (member(doc, {"timezone_v2", "timezone"}, v) && v.is_string()) {
    value = meta::text(v);
  } else if (member(doc, {"primary_location_v2", "primary_location"}, v)) {
    simdjson::dom::array pairs, zips;
    if (json_array(v, "city_region_pairs", pairs))
      for (element pr : pairs) {
        std::vector<std::string> parts;
        simdjson::dom::array pa;
        if (!pr.get_array().get(pa))
          for (element x : pa)
            if (!meta::text(x).empty()) parts.push_back(meta::text(x));
        if (value.empty()) value = join(parts, ", ");
      }
    if (json_array(v, "zipcode", zips)) {
      json z = json::array();
      for (element x : zips)
        if (!meta::text(x).empty()) z.push_back(meta::text(x));
      if (!z.empty()) raw["zipcode"] = z;
    }
  } else if (member(doc, {"primary_public_location_v2", "primary_public_location"}, v)) {
    std::vector<std::string> parts;
    for (const char* k : {"city", "region", "country"})
      if (!str(v, k).empty()) parts.push_back(str(v, k));
    value = join(parts, ", ");
  } else {
    auto lv = meta::read_label_values(doc);
    if (lv.empty()) throw Error(c.in.where(e), "unknown location file shape");
    // The first entry is the location (a value, or city/region pairs as a vec); the rest is kept.
    for (const meta::LabelValue& x : lv) {
      if (!value.empty()) break;
      if (!x.value.empty()) value = x.value;
      std::vector<std::string> parts;
      for (const meta::LabelValue& y : x.vec)
        if (!y.value.empty()) parts.push_back(y.value);
      if (value.empty()) value = join(parts, ", ");
    }
    raw = meta::labels_to_json(lv);
  }
  if (value.empty()) return {Fate::parsed, "no location given"};
  Record r = rec(c, "inference", s + '\n' + value, e, "");
  r.data["category"] = s;  // primary_location, primary_public_location, timezone
  r.data["value"] = value;
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
  return {Fate::parsed, s};
}

Verdict read_logins(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    json d = json::object();
    auto lv = meta::read_label_values(item);
    element session;
    element src = json_object(item, "session", session) ? session : item;  // login_protection_data
    std::string ip = str(src, "ip_address");
    if (ip.empty()) ip = str(src, "ip");
    if (ip.empty()) ip = meta::label_text(lv, "ip");
    put(d, "ip", ip);
    put(d, "user_agent", str(src, "user_agent"));
    if (!d.contains("user_agent")) put(d, "user_agent", meta::label_text(lv, "user_agent"));
    std::string method = str(item, "action");
    if (method.empty()) method = meta::label_text(lv, "action");
    if (method.empty() && s.find("logged_in") != std::string::npos) method = "session";
    if (method.empty()) method = str(item, "name");
    put(d, "method", method);
    put(d, "device", str(src, "device"));
    if (!d.contains("device")) put(d, "device", meta::label_text(lv, "device"));
    std::string location = str(src, "location");
    if (location.empty()) {
      std::vector<std::string> parts;
      for (const char* k : {"city", "region", "country"})
        if (!str(src, k).empty()) parts.push_back(str(src, k));
      location = join(parts, ", ");
    }
    if (location.empty()) location = meta::label_text(lv, "location");
    put(d, "location", location);
    put(d, "app", str(src, "app"));
    put(d, "site", str(src, "site_name"));
    if (!d.contains("site")) put(d, "site", str(src, "site"));
    put(d, "session_type", str(src, "session_type"));
    if (!str(src, "datr_cookie").empty()) d["raw"]["datr_cookie"] = str(src, "datr_cookie");
    auto t = meta::first_time(src, {"timestamp", "created_timestamp", "updated_timestamp"});
    if (!t)
      if (auto lt = meta::find_label(lv, "time"); lt && lt->time) t = lt->time;
    if (auto u = meta::time_of(src, "updated_timestamp")) d["updated_at"] = format_rfc3339(*u);
    if (!d.contains("ip") && !d.contains("device") && !d.contains("user_agent") && !t) {
      c.log.warn(c.in.where(e) + " " + pointer, "login record without ip, device or time skipped");
      return;
    }
    Record r = rec(c, "login", s + '\n' + ts_key(t) + '\n' + d.value("ip", "") + '\n' + d.value("method", "") + '\n' +
                                d.value("user_agent", "") + '\n' + d.value("device", ""),
                   e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " logins and sessions");
}

}  // namespace dataport::facebook
