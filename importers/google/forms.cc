// The value forms Google Takeout writes: HTML display dates with export-time zone names, E7
// and degree-sign coordinates, the Records.json timestamp zoo, YouTube comment cells.

#include <cmath>
#include <cstdlib>

#include "importers/google/google.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport::google {

namespace {

// A DST rule for the generic zone names (US: second Sunday of March to first Sunday of November,
// 02:00 local; EU: last Sunday of March to last Sunday of October, 01:00 UTC).
enum class Rule { none, us, eu };

struct Zone {
  const char* abbr;
  int offset;  // minutes east of UTC (standard time for the generic names)
  Rule rule;   // none: the name says the offset; us/eu: generic name, DST from the export time
};

// Zone names seen in My Activity HTML since 2020. A specific name (BST, PDT, MESZ) is the offset
// the export was rendered in, whatever the event's own date: "Jan 15, 2021, 6:54:12 PM BST" is
// 17:54:12Z (google_takeout_parser html_time_utils). A generic name (PT, ET) says only the
// region, so the DST state at export time decides.
constexpr Zone zones[] = {
    {"UTC", 0, Rule::none},     {"GMT", 0, Rule::none},     {"Z", 0, Rule::none},
    {"BST", 60, Rule::none},    {"WET", 0, Rule::none},     {"WEST", 60, Rule::none},
    {"CET", 60, Rule::none},    {"CEST", 120, Rule::none},  {"MEZ", 60, Rule::none},
    {"MESZ", 120, Rule::none},  {"EET", 120, Rule::none},   {"EEST", 180, Rule::none},
    {"OEZ", 120, Rule::none},   {"OESZ", 180, Rule::none},  {"WEZ", 0, Rule::none},
    {"WESZ", 60, Rule::none},   {"MSK", 180, Rule::none},   {"IST", 330, Rule::none},
    {"EST", -300, Rule::none},  {"EDT", -240, Rule::none},  {"CST", -360, Rule::none},
    {"CDT", -300, Rule::none},  {"MST", -420, Rule::none},  {"MDT", -360, Rule::none},
    {"PST", -480, Rule::none},  {"PDT", -420, Rule::none},  {"AKST", -540, Rule::none},
    {"AKDT", -480, Rule::none}, {"HST", -600, Rule::none},  {"JST", 540, Rule::none},
    {"KST", 540, Rule::none},   {"HKT", 480, Rule::none},   {"SGT", 480, Rule::none},
    {"AWST", 480, Rule::none},  {"ACST", 570, Rule::none},  {"ACDT", 630, Rule::none},
    {"AEST", 600, Rule::none},  {"AEDT", 660, Rule::none},  {"NZST", 720, Rule::none},
    {"NZDT", 780, Rule::none},  {"ET", -300, Rule::us},     {"CT", -360, Rule::us},
    {"MT", -420, Rule::us},     {"PT", -480, Rule::us},
};

// Day of month of the nth (1-based; 0 = last) Sunday of a month.
int64_t sunday(int64_t year, unsigned month, int nth) {
  if (nth > 0) {
    int64_t first = days_from_civil(year, month, 1);
    int64_t wd = (first + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
    if (wd < 0) wd += 7;
    return first + (7 - wd) % 7 + 7 * (nth - 1);
  }
  unsigned next_m = month == 12 ? 1 : month + 1;
  int64_t next_y = month == 12 ? year + 1 : year;
  int64_t last = days_from_civil(next_y, next_m, 1) - 1;
  int64_t wd = (last + 4) % 7;
  if (wd < 0) wd += 7;
  return last - wd;
}

bool in_dst(Rule rule, int offset, int64_t utc) {
  int64_t days = utc / 86400;
  // Year of the instant: walk from a civil estimate.
  int64_t year = 1970 + days / 365;
  while (days_from_civil(year, 1, 1) > days) --year;
  while (days_from_civil(year + 1, 1, 1) <= days) ++year;
  if (rule == Rule::eu) {
    int64_t start = sunday(year, 3, 0) * 86400 + 3600;
    int64_t end = sunday(year, 10, 0) * 86400 + 3600;
    return utc >= start && utc < end;
  }
  // US: 02:00 local standard time, 02:00 local daylight time.
  int64_t start = sunday(year, 3, 2) * 86400 + 2 * 3600 - offset * 60;
  int64_t end = sunday(year, 11, 1) * 86400 + 2 * 3600 - (offset + 60) * 60;
  return utc >= start && utc < end;
}

// German month names (and their abbreviations) to English, so parse_time's %b reads them.
std::string english_months(std::string s) {
  static const std::pair<const char*, const char*> names[] = {
      {"Januar", "Jan"}, {"Jänner", "Jan"}, {"Februar", "Feb"}, {"März", "Mar"},   {"Mär", "Mar"},
      {"Mai", "May"},    {"Juni", "Jun"},   {"Juli", "Jul"},    {"Oktober", "Oct"}, {"Okt", "Oct"},
      {"Dezember", "Dec"}, {"Dez", "Dec"}};
  for (const auto& [de, en] : names) {
    size_t at = s.find(de);
    if (at == std::string::npos) continue;
    size_t end = at + std::string_view(de).size();
    bool word_end = end == s.size() || !std::isalpha(static_cast<unsigned char>(s[end]));
    if (word_end) s.replace(at, end - at, en);
  }
  return s;
}

}  // namespace

std::optional<int> zone_offset_minutes(std::string_view abbr, std::optional<int64_t> at, bool* generic) {
  if (generic) *generic = false;
  std::string a(abbr);
  for (char& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // "GMT+1", "GMT-05:00", "UTC+5:30"
  if ((a.rfind("GMT", 0) == 0 || a.rfind("UTC", 0) == 0) && a.size() > 3 && (a[3] == '+' || a[3] == '-')) {
    std::string rest = a.substr(4);
    int h = 0, m = 0;
    size_t colon = rest.find(':');
    if (rest.empty() || rest.size() > 5) return std::nullopt;
    for (char c : rest)
      if (c != ':' && !std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    h = std::atoi(rest.substr(0, colon).c_str());
    if (colon != std::string::npos) m = std::atoi(rest.substr(colon + 1).c_str());
    if (h > 14 || m > 59) return std::nullopt;
    return (a[3] == '-' ? -1 : 1) * (h * 60 + m);
  }
  for (const Zone& z : zones) {
    if (a != z.abbr) continue;
    if (z.rule == Rule::none) return z.offset;
    if (generic) *generic = true;
    if (!at) return z.offset;
    return in_dst(z.rule, z.offset, *at) ? z.offset + 60 : z.offset;
  }
  return std::nullopt;
}

std::optional<Timestamp> parse_html_date(std::string_view raw, std::optional<int64_t> export_time,
                                         std::string* zone_note) {
  std::string s = replace_all(replace_all(std::string(trim(raw)), "\xC2\xA0", " "), "\xE2\x80\xAF", " ");
  // The zone is the last word when it is not AM/PM or a digit group.
  std::string zone;
  size_t sp = s.rfind(' ');
  if (sp != std::string::npos) {
    std::string last = s.substr(sp + 1);
    std::string l = lower(last);
    bool is_zone = !last.empty() && l != "am" && l != "pm" && !std::isdigit(static_cast<unsigned char>(last[0]));
    if (is_zone) {
      zone = last;
      s = std::string(trim(s.substr(0, sp)));
    }
  }
  s = english_months(s);
  auto t = parse_any(s, {"%b %d, %Y, %I:%M:%S %p", "%b %d, %Y, %H:%M:%S", "%d %b %Y, %H:%M:%S",
                         "%d %b %Y, %I:%M:%S %p", "%d.%m.%Y, %H:%M:%S", "%d. %b %Y, %H:%M:%S",
                         "%d.%m.%y, %H:%M:%S", "%d/%m/%Y, %H:%M:%S"});
  if (!t) return std::nullopt;
  if (zone.empty()) return t;  // pre-2018 exports print UTC without saying so
  bool generic = false;
  auto off = zone_offset_minutes(zone, export_time, &generic);
  if (!off) {
    if (zone_note) *zone_note = "unknown time zone \"" + zone + "\"; times taken as UTC";
    return t;
  }
  if (generic && !export_time && zone_note)
    *zone_note = "time zone \"" + zone + "\" needs the export date, which the archive name does not give; "
                 "standard time assumed";
  t->seconds -= static_cast<int64_t>(*off) * 60;
  return t;
}

double e7_to_degrees(int64_t e7, bool longitude) {
  // Some exports wrote the E7 value as an unsigned 32-bit integer: a latitude past 90° or a
  // longitude past 180° is a negative number that wrapped (Location History/Records.json).
  int64_t limit = longitude ? 1800000000 : 900000000;
  if (e7 > limit) e7 -= int64_t{1} << 32;
  return static_cast<double>(e7) / 1e7;
}

std::optional<std::pair<double, double>> parse_lat_lng(std::string_view raw) {
  std::string s(trim(raw));
  if (s.rfind("geo:", 0) == 0) s = s.substr(4);
  s = replace_all(s, "\xC2\xB0", "");  // the degree sign
  size_t comma = s.find(',');
  if (comma == std::string::npos) return std::nullopt;
  std::string a(trim(s.substr(0, comma))), b(trim(s.substr(comma + 1)));
  size_t semi = b.find(';');  // geo: URIs may carry ";u=35"
  if (semi != std::string::npos) b = b.substr(0, semi);
  char* end = nullptr;
  double lat = std::strtod(a.c_str(), &end);
  if (a.empty() || *end) return std::nullopt;
  double lon = std::strtod(b.c_str(), &end);
  if (b.empty() || *end) return std::nullopt;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return std::nullopt;
  return std::make_pair(lat, lon);
}

std::optional<Timestamp> fix_time(simdjson::dom::element fix) {
  simdjson::dom::element v;
  if (!fix.at_key("timestamp").get(v)) {
    if (v.is_string()) return parse_iso8601(std::string_view(v.get_string().value()));
    if (auto n = json_int(fix, "timestamp")) return *n > 100000000000 ? from_unix_millis(*n) : from_unix_seconds(*n);
  }
  if (auto ms = json_int(fix, "timestampMs")) return from_unix_millis(*ms);
  if (auto us = json_int(fix, "timestampUsec")) return from_unix_micros(*us);
  return std::nullopt;
}

json degrees(double d) { return std::round(d * 1e7) / 1e7; }

std::string youtube_comment_text(JsonParser& parser, std::string_view cell, const std::string& where,
                                 std::vector<std::string>* links) {
  std::string c(trim(cell));
  if (c.empty()) return "";
  if (c[0] != '{') return c;  // plain text (hand-edited exports, or a future format)
  // The CSV cell keeps raw newlines inside the JSON strings, which JSON forbids.
  c = replace_all(replace_all(c, "\r\n", "\\n"), "\n", "\\n");
  std::string wrapped = c.rfind("{\"takeoutSegments\"", 0) == 0 ? c : "[" + c + "]";
  simdjson::dom::element doc;
  try {
    doc = parser.parse(wrapped, where);
  } catch (const std::exception&) {
    return c;  // keep the cell as it is rather than lose it
  }
  simdjson::dom::array segs;
  if (doc.is_object()) {
    if (doc.at_key("takeoutSegments").get(segs)) return "";
  } else {
    segs = doc.get_array().value();
  }
  std::string text;
  for (simdjson::dom::element seg : segs) {
    if (!seg.is_object()) continue;
    text += json_string(seg, "text");
    simdjson::dom::element link;
    if (links && !seg.at_key("link").get(link) && link.is_object()) {
      std::string url = json_string(link, "linkUrl");
      if (!url.empty()) links->push_back(url);
    }
  }
  return text;
}

bool split_numbering(std::string_view name, std::string& base, std::string& number) {
  size_t dot = name.rfind('.');
  std::string_view stem = dot == std::string_view::npos ? name : name.substr(0, dot);
  std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot);
  if (stem.size() < 3 || stem.back() != ')') return false;
  size_t open = stem.rfind('(');
  if (open == std::string_view::npos || open + 2 >= stem.size()) return false;
  for (size_t i = open + 1; i + 1 < stem.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(stem[i]))) return false;
  number = std::string(stem.substr(open));
  base = std::string(stem.substr(0, open)) + std::string(ext);
  return true;
}

}  // namespace dataport::google
