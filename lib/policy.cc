#include "lib/policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "lib/error.h"
#include "credentials/jcs.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {

namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> xs) {
  return std::find(xs.begin(), xs.end(), s) != xs.end();
}

bool is_time_precision(std::string_view s) { return one_of(s, {"hour", "day", "week", "month", "year"}); }

// One action as written in a policy. `allowed` lists the words this place accepts; coarsen forms
// ("day", "geohash:5", "grid:0.1", "prefix", "range") are accepted where listed as "time",
// "coordinates", "ip", "age".
FieldRule parse_rule(const json& v, const std::string& where, std::initializer_list<std::string_view> allowed) {
  if (!v.is_string()) throw Error(where, "must be a string such as \"keep\" or \"drop\", not " + v.dump());
  std::string s = lower(v.get<std::string>());
  auto allows = [&](std::string_view w) { return std::find(allowed.begin(), allowed.end(), w) != allowed.end(); };
  FieldRule r;
  r.text = s;
  if (s == "pseudonymize") s = r.text = "pseudonymise";
  if (s == "keep" && allows("keep")) return r;
  if (s == "drop" && allows("drop")) {
    r.action = Action::drop;
    return r;
  }
  if (s == "pseudonymise" && allows("pseudonymise")) {
    r.action = Action::pseudonymise;
    return r;
  }
  r.action = Action::coarsen;
  if (allows("time") && is_time_precision(s)) {
    r.coarse.time = s;
    return r;
  }
  if (allows("coordinates") && s.rfind("geohash:", 0) == 0) {
    std::string n = s.substr(8);
    if (n.size() >= 1 && n.size() <= 2 && std::all_of(n.begin(), n.end(), ::isdigit)) {
      r.coarse.geohash = std::stoi(n);
      if (r.coarse.geohash >= 1 && r.coarse.geohash <= 12) return r;
    }
    throw Error(where, "geohash precision must be 1 to 12 characters, not '" + n + "'");
  }
  if (allows("coordinates") && s.rfind("grid:", 0) == 0) {
    std::string n = s.substr(5);
    char* end = nullptr;
    double g = std::strtod(n.c_str(), &end);
    if (!n.empty() && end && *end == '\0' && g >= 0.0001 && g <= 90) {
      r.coarse.grid = g;
      return r;
    }
    throw Error(where, "grid size must be a number of degrees from 0.0001 to 90, not '" + n + "'");
  }
  if (allows("ip") && s == "prefix") {
    r.coarse.ip_prefix = true;
    return r;
  }
  if (allows("age") && s == "range") {
    r.coarse.age_range = true;
    return r;
  }
  std::vector<std::string> words;
  for (std::string_view w : allowed) {
    if (w == "time") words.push_back("hour, day, week, month, year");
    else if (w == "coordinates") words.push_back("geohash:N, grid:DEGREES");
    else if (w == "ip") words.push_back("prefix");
    else if (w == "age") words.push_back("range");
    else words.emplace_back(w);
  }
  throw Error(where, "unknown action '" + v.get<std::string>() + "'", "use one of: " + join(words, ", "));
}

std::vector<std::string> string_list(const json& v, const std::string& where, bool lower_case = false) {
  if (!v.is_array()) throw Error(where, "must be a list of strings");
  std::vector<std::string> out;
  for (const json& x : v) {
    if (!x.is_string() || x.get<std::string>().empty()) throw Error(where, "must be a list of non-empty strings, not " + x.dump());
    out.push_back(lower_case ? lower(x.get<std::string>()) : x.get<std::string>());
  }
  return out;
}

int64_t parse_when(const json& v, const std::string& where) {
  if (v.is_string())
    if (auto t = parse_iso8601(v.get<std::string>())) return t->seconds;
  throw Error(where, "must be a date or time such as \"2024-01-31\" or \"2024-01-31T12:00:00Z\", not " + v.dump());
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string ymd(int64_t days) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  return std::to_string(y) + "-" + two(m) + "-" + two(d);
}

bool digits(std::string_view s, size_t from, size_t n) {
  if (s.size() < from + n) return false;
  for (size_t i = from; i < from + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

std::string_view field_class_name(FieldClass c) {
  switch (c) {
    case FieldClass::person: return "person";
    case FieldClass::text: return "text";
    case FieldClass::time: return "time";
    case FieldClass::place: return "place";
    case FieldClass::coordinate: return "coordinate";
    case FieldClass::ip: return "ip";
    case FieldClass::age: return "age";
    case FieldClass::media: return "media";
    case FieldClass::id: return "id";
    case FieldClass::url: return "url";
    case FieldClass::other: return "other";
  }
  return "other";
}

FieldClass field_class(std::string_view kind, std::string_view key) {
  bool person_kind = kind == "profile" || kind == "contact";
  if (one_of(key, {"from", "to", "cc", "bcc", "person", "endorser", "author", "participants", "recipients", "sender",
                   "members", "mentions", "people", "tagged"}))
    return FieldClass::person;
  if (person_kind && one_of(key, {"name", "first_name", "last_name", "middle_name", "maiden_name", "nickname",
                                  "name_prefix", "name_suffix", "username", "email", "emails", "phones", "url",
                                  "handles", "websites", "display_name"}))
    return FieldClass::person;
  if (one_of(key, {"birthday", "age", "birth_date"})) return FieldClass::age;
  if (one_of(key, {"lat", "lon", "latitude", "longitude", "altitude"})) return FieldClass::coordinate;
  if (one_of(key, {"ip", "ip_address", "ips"}) || (key.size() > 3 && key.substr(key.size() - 3) == "_ip")) return FieldClass::ip;
  if (one_of(key, {"address", "addresses", "postal_code", "location"}) || ((kind == "place" || kind == "location") && key == "name"))
    return FieldClass::place;
  if (one_of(key, {"start", "end", "taken_at", "registered_at", "verified_at", "expires", "date", "exdates", "created",
                   "updated", "created_at", "updated_at", "timestamp"}))
    return FieldClass::time;
  if (one_of(key, {"media", "attachments", "avatar", "photo", "header", "media_urls", "thumbnail"}) ||
      (kind == "file" && one_of(key, {"sha256", "path"})))
    return FieldClass::media;
  if (one_of(key, {"thread_id", "reply_to", "parent", "conversation_id", "in_reply_to", "license_number", "number"}))
    return FieldClass::id;
  if (one_of(key, {"url", "urls", "links"})) return FieldClass::url;
  if (one_of(key, {"text", "html", "description", "summary", "note", "notes", "title", "subject", "thread_title",
                   "query", "headline", "activities", "caption", "attachment_texts", "attachment_names", "body",
                   "comment", "bio", "value", "labels"}))
    return FieldClass::text;
  return FieldClass::other;
}

std::string Policy::kind_mode(std::string_view kind) const {
  auto it = kind_rules.find(std::string(kind));
  if (it != kind_rules.end()) return it->second.mode == "fields" ? "keep" : it->second.mode;
  auto all = kind_rules.find("*");
  if (all != kind_rules.end() && all->second.mode != "fields") return all->second.mode;
  return default_kind;
}

FieldRule Policy::rule_for(std::string_view kind, std::string_view key) const {
  FieldClass c = field_class(kind, key);
  std::string cls = "@" + std::string(field_class_name(c));
  // `raw` (source fields the model does not name, so of no known class) follows only a rule that
  // names it, or the policy's "raw".
  bool raw = key == "raw";
  for (const std::string& k : {std::string(kind), std::string("*")}) {
    auto it = kind_rules.find(k);
    if (it == kind_rules.end()) continue;
    const auto& f = it->second.fields;
    if (auto x = f.find(std::string(key)); x != f.end()) return x->second;
    if (raw) continue;
    if (auto x = f.find(cls); x != f.end()) return x->second;
    if (auto x = f.find("*"); x != f.end()) return x->second;
  }
  if (raw) {
    FieldRule r;
    if (!keep_raw) r.action = Action::drop;
    r.text = keep_raw ? "keep" : "drop";
    return r;
  }
  switch (c) {
    case FieldClass::person: return people;
    case FieldClass::time: return time;
    case FieldClass::coordinate: return coordinates;
    case FieldClass::place: return places;
    case FieldClass::ip: return ip;
    case FieldClass::age: return age;
    case FieldClass::id: return ids;
    case FieldClass::media: {
      FieldRule r;
      r.action = media == "strip" || (media.empty() && !pseudonymises_people()) ? Action::keep : Action::drop;
      r.text = r.action == Action::keep ? "strip" : "drop";
      return r;
    }
    default: return text_fields;
  }
}

bool Policy::may_pseudonymise_text() const {
  auto fields = [](const std::string& mode) { return mode != "count" && mode != "drop"; };
  bool any_fields = fields(default_kind);
  for (const auto& [kind, kr] : kind_rules) any_fields = any_fields || fields(kr.mode);
  if (!any_fields) return false;
  for (const FieldRule* r : {&people, &time, &coordinates, &places, &ip, &age, &text_fields, &ids})
    if (r->action == Action::pseudonymise) return true;
  for (const auto& [kind, kr] : kind_rules)
    for (const auto& [key, r] : kr.fields)
      if (r.action == Action::pseudonymise) return true;
  return false;
}

namespace {

// "filter": the records that go out at all (platforms, kinds, a time window, terms).
void parse_filter(Policy& p, const json& f, const std::string& w) {
  if (!f.is_object()) throw Error(w, "must be an object");
  for (const auto& [k, v] : f.items()) {
    if (k == "platforms") p.platforms = string_list(v, w + ".platforms", true);
    else if (k == "kinds") p.kinds = string_list(v, w + ".kinds");
    else if (k == "exclude_kinds") p.exclude_kinds = string_list(v, w + ".exclude_kinds");
    else if (k == "exclude_terms") p.exclude_terms = string_list(v, w + ".exclude_terms", true);
    else if (k == "since") p.since = parse_when(v, w + ".since");
    else if (k == "until") p.until = parse_when(v, w + ".until");
    else throw Error(w + "." + k, "unknown key", "filter keys are: platforms, kinds, exclude_kinds, since, until, exclude_terms");
  }
  for (const auto& k : p.kinds)
    if (!is_record_kind(k)) throw Error(w + ".kinds", "unknown kind '" + k + "'");
  for (const auto& k : p.exclude_kinds)
    if (!is_record_kind(k)) throw Error(w + ".exclude_kinds", "unknown kind '" + k + "'");
}

// One kind's rules: "keep", "drop", "count", or an object of field (or "@class") -> rule.
Policy::KindRules parse_kind_rules(const json& v, const std::string& w) {
  Policy::KindRules kr;
  if (v.is_string()) {
    kr.mode = v.get<std::string>();
    if (!one_of(kr.mode, {"keep", "drop", "count"})) throw Error(w, "must be keep, drop, count or an object of field rules");
  } else if (v.is_object()) {
    for (const auto& [field, r] : v.items()) {
      std::string fw = w + "." + field;
      if (field.empty()) throw Error(fw, "empty field name");
      if (field[0] == '@') {
        static const std::set<std::string> classes = {"@person", "@text", "@time", "@place", "@coordinate",
                                                      "@ip", "@age", "@media", "@id", "@url", "@other"};
        if (!classes.count(field))
          throw Error(fw, "unknown field class", "classes are @person, @text, @time, @place, @coordinate, @ip, @age, @media, @id, @url, @other");
      }
      kr.fields[field] = parse_rule(r, fw, {"keep", "drop", "pseudonymise", "time", "coordinates", "ip", "age"});
    }
  } else {
    throw Error(w, "must be keep, drop, count or an object of field rules");
  }
  return kr;
}

// "kinds": kind (or "*") -> its rules.
void parse_kinds(Policy& p, const json& ks, const std::string& where) {
  if (!ks.is_object()) throw Error(where, "must be an object of kind -> rules");
  for (const auto& [kind, v] : ks.items()) {
    std::string w = where + "." + kind;
    if (kind != "*" && !is_record_kind(kind)) throw Error(w, "unknown kind", "the kinds are listed in docs/schema.md");
    p.kind_rules[kind] = parse_kind_rules(v, w);
  }
}

}  // namespace

Policy parse_policy(std::string_view text, const std::string& name, const std::string& where) {
  Policy p;
  p.name = name;
  p.text = std::string(text);
  p.doc = parse_json_strict(text, where);
  if (!p.doc.is_object()) throw Error(where, "a policy is a JSON object (man dataport-policy)");
  const json& d = p.doc;
  // Defaults: pseudonymise people (and people named in free text), everything else as it is.
  p.people = parse_rule(json("pseudonymise"), where, {"pseudonymise"});
  p.text_fields = p.people;
  p.ids = p.people;
  p.time.text = p.coordinates.text = p.places.text = p.ip.text = p.age.text = "keep";
  static const std::set<std::string> known = {"policy", "description", "version", "people", "time", "coordinates",
                                              "places", "ip", "age", "text", "ids", "media", "source", "raw",
                                              "filter", "kinds", "default"};
  for (const auto& [k, v] : d.items())
    if (!known.count(k))
      throw Error(where + ": " + k, "unknown key", "policy keys are: " + join(std::vector<std::string>(known.begin(), known.end()), ", "));
  auto str = [&](const char* k) -> std::string {
    if (!d.contains(k)) return "";
    if (!d[k].is_string()) throw Error(where + ": " + k, "must be a string");
    return d[k].get<std::string>();
  };
  if (d.contains("version") && d["version"] != 1) throw Error(where + ": version", "this dataport reads policy version 1");
  if (std::string n = str("policy"); !n.empty()) p.name = n;
  p.description = str("description");
  auto rule = [&](const char* k, FieldRule& out, std::initializer_list<std::string_view> allowed) {
    if (d.contains(k)) out = parse_rule(d[k], where + ": " + k, allowed);
  };
  rule("people", p.people, {"keep", "drop", "pseudonymise"});
  p.text_fields = p.ids = p.people.action == Action::pseudonymise ? p.people : FieldRule{};
  p.text_fields.text = p.ids.text = p.people.action == Action::pseudonymise ? "pseudonymise" : "keep";
  rule("text", p.text_fields, {"keep", "drop", "pseudonymise"});
  rule("ids", p.ids, {"keep", "drop", "pseudonymise"});
  rule("time", p.time, {"keep", "drop", "time"});
  rule("coordinates", p.coordinates, {"keep", "drop", "coordinates"});
  rule("places", p.places, {"keep", "drop", "pseudonymise"});
  rule("ip", p.ip, {"keep", "drop", "ip"});
  rule("age", p.age, {"keep", "drop", "age"});
  if (std::string m = str("media"); !m.empty()) {
    if (m != "drop" && m != "strip") throw Error(where + ": media", "must be \"drop\" or \"strip\", not '" + m + "'");
    p.media = m;
  }
  if (std::string s = str("source"); !s.empty()) {
    if (s != "keep" && s != "drop") throw Error(where + ": source", "must be \"keep\" or \"drop\", not '" + s + "'");
    p.keep_source_path = s == "keep";
  }
  if (std::string s = str("raw"); !s.empty()) {
    if (s != "keep" && s != "drop") throw Error(where + ": raw", "must be \"keep\" or \"drop\", not '" + s + "'");
    p.keep_raw = s == "keep";
  }
  if (std::string s = str("default"); !s.empty()) {
    if (!one_of(s, {"keep", "drop", "count"})) throw Error(where + ": default", "must be keep, drop or count, not '" + s + "'");
    p.default_kind = s;
  }
  if (d.contains("filter")) parse_filter(p, d["filter"], where + ": filter");
  if (d.contains("kinds")) parse_kinds(p, d["kinds"], where + ": kinds");
  return p;
}

Policy load_policy(const std::string& name_or_path) {
  const auto& shipped = shipped_policies();
  if (auto it = shipped.find(name_or_path); it != shipped.end())
    return parse_policy(it->second, it->first, "policy " + it->first);
  namespace fs = std::filesystem;
  std::error_code ec;
  if (name_or_path.find('/') == std::string::npos && !fs::exists(name_or_path, ec)) {
    std::vector<std::string> names;
    for (const auto& [n, t] : shipped) names.push_back(n);
    throw Error("--policy " + name_or_path, "no shipped policy of that name (" + join(names, ", ") + ") and no such file",
                "give a shipped policy's name or the path of a policy file (man dataport-policy)");
  }
  if (!fs::is_regular_file(name_or_path, ec)) throw Error(name_or_path, "no such policy file");
  std::ifstream f(name_or_path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  if (!f && !f.eof()) throw Error(name_or_path, "cannot read the policy file");
  std::string stem = fs::path(name_or_path).filename().string();
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0) stem.resize(stem.size() - 5);
  return parse_policy(ss.str(), stem, name_or_path);
}

int64_t coarsen_seconds(int64_t s, std::string_view precision) {
  int64_t days = floor_div(s, 86400);
  if (precision == "hour") return floor_div(s, 3600) * 3600;
  if (precision == "day") return days * 86400;
  if (precision == "week") return (days - ((days + 3) % 7 + 7) % 7) * 86400;  // 1970-01-01 was a Thursday
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (precision == "month") return days_from_civil(y, m, 1) * 86400;
  if (precision == "year") return days_from_civil(y, 1, 1) * 86400;
  return s;
}

std::string coarsen_date(std::string_view s, std::string_view precision) {
  if (!digits(s, 0, 4)) return "";
  if (s.size() == 4) return std::string(s);
  if (s.size() == 7 && s[4] == '-' && digits(s, 5, 2)) return precision == "year" ? std::string(s.substr(0, 4)) : std::string(s);
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 5, 2) || !digits(s, 8, 2)) return "";
  if (precision == "year") return std::string(s.substr(0, 4));
  if (precision == "month") return std::string(s.substr(0, 7));
  if (precision == "week") {
    int64_t days = days_from_civil(std::stoll(std::string(s.substr(0, 4))), static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2)))),
                                   static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2)))));
    // A full time with a zone is moved to UTC first, so the week is the UTC one.
    if (s.size() > 10)
      if (auto t = parse_iso8601(s)) days = floor_div(t->seconds, 86400);
    return ymd(coarsen_seconds(days * 86400, "week") / 86400);
  }
  if (s.size() == 10) return std::string(s);
  bool zoned = s.back() == 'Z' || s.find('+', 10) != std::string_view::npos || s.find('-', 10) != std::string_view::npos;
  if (zoned)
    if (auto t = parse_iso8601(s)) {
      int64_t c = coarsen_seconds(t->seconds, precision == "hour" ? "hour" : "day");
      std::string out = format_rfc3339(from_unix_seconds(c));
      return precision == "hour" ? out : out.substr(0, 10);
    }
  // A floating local time: cut in its own clock. Only after a 'T' or a space: whatever else follows
  // the date (a byte of a UTF-8 character, in the fuzz finding) is not kept.
  if (precision == "hour" && (s[10] == 'T' || s[10] == ' ') && digits(s, 11, 2))
    return std::string(s.substr(0, 13)) + ":00:00";
  return std::string(s.substr(0, 10));
}

std::string geohash(double lat, double lon, int chars) {
  static const char* base32 = "0123456789bcdefghjkmnpqrstuvwxyz";
  double la[2] = {-90, 90}, lo[2] = {-180, 180};
  std::string out;
  int bit = 0, ch = 0;
  bool even = true;
  while (static_cast<int>(out.size()) < chars) {
    double* r = even ? lo : la;
    double v = even ? lon : lat;
    double mid = (r[0] + r[1]) / 2;
    if (v >= mid) {
      ch |= 1 << (4 - bit);
      r[0] = mid;
    } else {
      r[1] = mid;
    }
    even = !even;
    if (++bit == 5) {
      out += base32[ch];
      bit = ch = 0;
    }
  }
  return out;
}

std::pair<double, double> coarsen_point(double lat, double lon, const Coarse& c) {
  auto round6 = [](double x) { return std::round(x * 1e6) / 1e6; };
  if (c.geohash > 0) {
    double la[2] = {-90, 90}, lo[2] = {-180, 180};
    bool even = true;
    for (int i = 0; i < c.geohash * 5; ++i) {
      double* r = even ? lo : la;
      double v = even ? lon : lat;
      double mid = (r[0] + r[1]) / 2;
      if (v >= mid) r[0] = mid;
      else r[1] = mid;
      even = !even;
    }
    return {round6((la[0] + la[1]) / 2), round6((lo[0] + lo[1]) / 2)};
  }
  if (c.grid > 0) {
    auto cell = [&](double v) { return round6(std::floor(v / c.grid) * c.grid + c.grid / 2); };
    return {cell(lat), cell(lon)};
  }
  return {lat, lon};
}

std::string coarsen_ip(std::string_view s) {
  std::string a(trim(s));
  unsigned char buf[16];
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, a.c_str(), buf) == 1) {
    buf[3] = 0;
    inet_ntop(AF_INET, buf, out, sizeof out);
    return std::string(out) + "/24";
  }
  if (inet_pton(AF_INET6, a.c_str(), buf) == 1) {
    std::fill(buf + 6, buf + 16, 0);
    inet_ntop(AF_INET6, buf, out, sizeof out);
    return std::string(out) + "/48";
  }
  return "";
}

std::string age_range(int64_t y) {
  if (y < 13) return "under 13";
  if (y < 18) return "13-17";
  if (y < 25) return "18-24";
  if (y < 35) return "25-34";
  if (y < 45) return "35-44";
  if (y < 55) return "45-54";
  if (y < 65) return "55-64";
  return "65+";
}

}  // namespace dataport
