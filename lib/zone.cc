// TZif (RFC 8536) reader. Version 2+ files carry 64-bit transitions and a POSIX TZ footer
// ("CET-1CEST,M3.5.0,M10.5.0/3") that continues them; Debian ships "fat" files whose explicit
// transitions run to 2037, other systems "slim" ones that stop at the last rule change, so both
// halves are used.

#include "lib/zone.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lib/time.h"

namespace dataport {
namespace {

int64_t be(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<size_t>(i)]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

int64_t year_of(int64_t utc) {
  // Civil year of a day count (Howard Hinnant's days_from_civil inverse).
  int64_t z = (utc >= 0 ? utc / 86400 : (utc - 86399) / 86400) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (m <= 2 ? 1 : 0);
}

// POSIX TZ pieces. Each returns false when the text does not match.
bool tz_name(std::string_view& s, std::string& out) {
  if (!s.empty() && s[0] == '<') {
    size_t e = s.find('>');
    if (e == std::string_view::npos) return false;
    out = std::string(s.substr(1, e - 1));
    s.remove_prefix(e + 1);
    return true;
  }
  size_t n = 0;
  while (n < s.size() && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))) ++n;
  if (n < 3) return false;
  out = std::string(s.substr(0, n));
  s.remove_prefix(n);
  return true;
}

bool tz_number(std::string_view& s, int& out) {
  size_t n = 0;
  out = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
    if (n == 6) return false;  // no hour, day or offset of a TZ rule has more digits (and int cannot overflow)
    out = out * 10 + (s[n++] - '0');
  }
  s.remove_prefix(n);
  return n > 0;
}

// [+-]hh[:mm[:ss]] as seconds.
bool tz_hms(std::string_view& s, int32_t& out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  int h = 0, m = 0, sec = 0;
  if (!tz_number(s, h)) return false;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    if (!tz_number(s, m)) return false;
    if (!s.empty() && s[0] == ':') {
      s.remove_prefix(1);
      if (!tz_number(s, sec)) return false;
    }
  }
  out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool tz_rule(std::string_view& s, ZoneRule& r) {
  if (s.empty() || s[0] != 'M') return false;  // Jn and n forms: not used by tzdata zones
  s.remove_prefix(1);
  if (!tz_number(s, r.month) || s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!tz_number(s, r.week) || s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!tz_number(s, r.weekday)) return false;
  r.time = 7200;
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    if (!tz_hms(s, r.time)) return false;
  }
  return r.month >= 1 && r.month <= 12 && r.week >= 1 && r.week <= 5 && r.weekday >= 0 && r.weekday <= 6;
}

// Local seconds (as if UTC) at which `r` fires in `year`.
int64_t rule_local(const ZoneRule& r, int64_t year) {
  int64_t first = days_from_civil(year, static_cast<unsigned>(r.month), 1);
  int64_t wd = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  int64_t day = first + (r.weekday - wd + 7) % 7 + 7 * (r.week - 1);
  int64_t next_month = r.month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, static_cast<unsigned>(r.month + 1), 1);
  while (day >= next_month) day -= 7;  // week 5 = the last one
  return day * 86400 + r.time;
}

}  // namespace

std::optional<Zone> Zone::load(std::string_view name) {
  // Only a plain relative name inside the database: no absolute path, no "..".
  if (name.empty() || name[0] == '/' || name.find("..") != std::string_view::npos || name.find('\0') != std::string_view::npos)
    return std::nullopt;
  const char* dir = std::getenv("TZDIR");
  std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return parse(name, s.str());
}

std::optional<Zone> Zone::parse(std::string_view name, std::string_view b) {
  auto header = [&](size_t at, int64_t c[6]) {
    if (b.size() < at + 44 || b.substr(at, 4) != "TZif") return false;
    for (int i = 0; i < 6; ++i) c[i] = be(b, at + 20 + 4 * static_cast<size_t>(i), 4);
    for (int i = 0; i < 6; ++i)
      if (c[i] < 0 || c[i] > 100000) return false;
    return true;
  };
  // counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  int64_t c[6];
  if (!header(0, c)) return std::nullopt;
  auto block = [](const int64_t* k, int tsize) {
    return static_cast<size_t>(k[3] * tsize + k[3] + k[4] * 6 + k[5] + k[2] * (tsize + 4) + k[1] + k[0]);
  };
  size_t at = 44;
  int tsize = 4;
  if (b[4] >= '2') {  // skip the 32-bit block, read the 64-bit one
    at += block(c, 4);
    if (!header(at, c)) return std::nullopt;
    at += 44;
    tsize = 8;
  }
  if (b.size() < at + block(c, tsize) || c[4] == 0) return std::nullopt;
  Zone z;
  z.name_ = std::string(name);
  size_t times = at, idx = times + static_cast<size_t>(c[3] * tsize), types = idx + static_cast<size_t>(c[3]);
  size_t chars = types + static_cast<size_t>(c[4] * 6);
  auto type = [&](int64_t i, int32_t& off, bool& dst, std::string& abbr) {
    size_t p = types + static_cast<size_t>(i) * 6;
    off = static_cast<int32_t>(be(b, p, 4));
    dst = b[p + 4] != 0;
    size_t a = static_cast<unsigned char>(b[p + 5]);
    abbr = a < static_cast<size_t>(c[5]) ? std::string(b.substr(chars + a).substr(0, b.substr(chars + a).find('\0'))) : "";
  };
  bool d0;
  std::string a0;
  type(0, z.initial_, d0, a0);
  int32_t prev = z.initial_;
  for (int64_t i = 0; i < c[3]; ++i) {
    int64_t ti = static_cast<unsigned char>(b[idx + static_cast<size_t>(i)]);
    if (ti >= c[4]) return std::nullopt;
    ZoneChange ch;
    ch.at = be(b, times + static_cast<size_t>(i * tsize), tsize);
    type(ti, ch.after, ch.dst, ch.abbrev);
    ch.before = prev;
    prev = ch.after;
    z.explicit_.push_back(ch);
  }
  // Footer: "\nTZ\n" after the 64-bit block.
  size_t foot = at + block(c, tsize);
  if (tsize == 8 && foot < b.size() && b[foot] == '\n') {
    size_t e = b.find('\n', foot + 1);
    std::string_view s = b.substr(foot + 1, e == std::string_view::npos ? std::string_view::npos : e - foot - 1);
    int32_t west = 0;
    if (tz_name(s, z.std_abbrev_) && tz_hms(s, west)) {
      z.std_offset_ = -west;
      z.dst_offset_ = z.std_offset_;
      z.has_footer_ = true;
      if (!s.empty()) {
        z.has_footer_ = false;
        if (tz_name(s, z.dst_abbrev_)) {
          z.dst_offset_ = z.std_offset_ + 3600;
          if (!s.empty() && s[0] != ',' && tz_hms(s, west)) z.dst_offset_ = -west;
          if (!s.empty() && s[0] == ',') {
            s.remove_prefix(1);
            if (tz_rule(s, z.dst_start_) && !s.empty() && s[0] == ',') {
              s.remove_prefix(1);
              if (tz_rule(s, z.std_start_) && s.empty()) z.has_footer_ = z.has_dst_rule_ = true;
            }
          }
        }
      }
    }
  }
  return z;
}

int64_t Zone::last_explicit() const { return explicit_.empty() ? INT64_MIN : explicit_.back().at; }

std::pair<int64_t, int64_t> Zone::rule_changes(int64_t year) const {
  return {rule_local(dst_start_, year) - std_offset_, rule_local(std_start_, year) - dst_offset_};
}

int32_t Zone::offset_at(int64_t utc) const {
  if (has_footer_ && (explicit_.empty() || utc >= explicit_.back().at)) {
    if (!has_dst_rule_) return std_offset_;
    auto [a, b] = rule_changes(year_of(utc));
    bool dst = a < b ? (utc >= a && utc < b) : (utc >= a || utc < b);
    return dst ? dst_offset_ : std_offset_;
  }
  auto it = std::upper_bound(explicit_.begin(), explicit_.end(), utc, [](int64_t t, const ZoneChange& ch) { return t < ch.at; });
  return it == explicit_.begin() ? initial_ : std::prev(it)->after;
}

int64_t Zone::to_utc(int64_t local) const {
  int32_t before = offset_at(local - 86400), after = offset_at(local + 86400);
  int64_t ua = local - before, ub = local - after;
  bool va = offset_at(ua) == before, vb = offset_at(ub) == after;
  if (va && vb) return std::min(ua, ub);
  if (vb) return ub;
  return ua;  // valid, or in a gap: read with the offset before the change
}

std::vector<ZoneChange> Zone::changes(int64_t from, int64_t to) const {
  std::vector<ZoneChange> out;
  for (const ZoneChange& ch : explicit_)
    if (ch.at >= from && ch.at < to) out.push_back(ch);
  if (!has_dst_rule_) return out;
  int64_t last = last_explicit();
  for (int64_t y = year_of(std::max(from, last == INT64_MIN ? from : last)); y <= year_of(to); ++y) {
    auto [a, b] = rule_changes(y);
    if (a > last && a >= from && a < to) out.push_back({a, std_offset_, dst_offset_, true, dst_abbrev_});
    if (b > last && b >= from && b < to) out.push_back({b, dst_offset_, std_offset_, false, std_abbrev_});
  }
  std::sort(out.begin(), out.end(), [](const ZoneChange& x, const ZoneChange& y) { return x.at < y.at; });
  return out;
}

}  // namespace dataport
