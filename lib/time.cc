#include "lib/time.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "lib/text.h"

namespace dataport {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

struct Civil {
  int64_t y;
  unsigned m, d;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

const std::array<const char*, 12> month_names = {"january", "february", "march",     "april",
                                                 "may",     "june",     "july",      "august",
                                                 "september", "october", "november", "december"};

// Fields as they are read; -1 = absent.
struct Fields {
  int64_t year = -1;
  int month = -1, day = -1, hour = -1, minute = -1, second = -1;
  int32_t nanos = 0;
  int frac_digits = 0;
  int pm = -1;             // -1 none, 0 AM, 1 PM
  int offset_minutes = 0;  // east of UTC
};

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  // Reads 1..max digits (exactly `max` when fixed); returns -1 when none.
  int64_t digits(int min, int max) {
    size_t start = i_;
    int64_t v = 0;
    while (!done() && static_cast<int>(i_ - start) < max && s_[i_] >= '0' && s_[i_] <= '9')
      v = v * 10 + (s_[i_++] - '0');
    if (static_cast<int>(i_ - start) < min) {
      i_ = start;
      return -1;
    }
    return v;
  }
  bool literal(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // One or more spaces, counting U+00A0 and U+202F.
  bool spaces() {
    size_t start = i_;
    for (;;) {
      std::string_view rest = s_.substr(i_);
      if (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) ++i_;
      else if (rest.substr(0, 2) == "\xC2\xA0") i_ += 2;
      else if (rest.substr(0, 3) == "\xE2\x80\xAF") i_ += 3;
      else break;
    }
    return i_ > start;
  }
  std::string letters() {
    size_t start = i_;
    while (!done() && ((s_[i_] >= 'a' && s_[i_] <= 'z') || (s_[i_] >= 'A' && s_[i_] <= 'Z'))) ++i_;
    return lower(s_.substr(start, i_ - start));
  }
  size_t pos() const { return i_; }
  void set_pos(size_t p) { i_ = p; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool read_fraction(Scanner& sc, Fields& f) {
  if (sc.peek() != '.' && sc.peek() != ',') return true;  // optional
  size_t save = sc.pos();
  sc.literal(sc.peek());
  int n = 0;
  int64_t v = 0;
  while (!sc.done() && sc.peek() >= '0' && sc.peek() <= '9') {
    if (n < 9) {
      v = v * 10 + (sc.peek() - '0');
      ++n;
    }
    sc.set_pos(sc.pos() + 1);
  }
  if (n == 0) {
    sc.set_pos(save);
    return false;
  }
  f.frac_digits = n;
  for (int k = n; k < 9; ++k) v *= 10;
  f.nanos = static_cast<int32_t>(v);
  return true;
}

bool read_offset(Scanner& sc, Fields& f) {
  if (sc.literal('Z') || sc.literal('z')) return true;
  char sign = sc.peek();
  if (sign != '+' && sign != '-') return false;
  sc.set_pos(sc.pos() + 1);
  int64_t hh = sc.digits(2, 2);
  if (hh < 0) return false;
  sc.literal(':');
  int64_t mm = sc.digits(2, 2);
  if (mm < 0) mm = 0;
  if (hh > 23 || mm > 59) return false;
  f.offset_minutes = static_cast<int>((hh * 60 + mm) * (sign == '-' ? -1 : 1));
  return true;
}

std::optional<Timestamp> finish(const Fields& f) {
  if (f.year < 0) return std::nullopt;
  Timestamp t;
  int month = f.month < 0 ? 1 : f.month;
  int day = f.day < 0 ? 1 : f.day;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || static_cast<unsigned>(day) > days_in_month(f.year, static_cast<unsigned>(month)))
    return std::nullopt;
  int hour = f.hour < 0 ? 0 : f.hour;
  if (f.pm >= 0) {
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + (f.pm ? 12 : 0);
  }
  int minute = f.minute < 0 ? 0 : f.minute;
  int second = f.second < 0 ? 0 : f.second;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (second == 60) second = 59;  // a leap second folds onto the one before
  int64_t days = days_from_civil(f.year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  t.seconds = days * 86400 + hour * 3600 + minute * 60 + second - f.offset_minutes * 60;
  t.nanos = f.nanos;
  t.frac_digits = f.frac_digits;
  if (f.hour >= 0) t.precision = Precision::second;
  else if (f.day >= 0) t.precision = Precision::day;
  else if (f.month >= 0) t.precision = Precision::month;
  else t.precision = Precision::year;
  return t;
}

}  // namespace

Timestamp from_unix_seconds(int64_t s) {
  Timestamp t;
  t.seconds = s;
  return t;
}

Timestamp from_unix_millis(int64_t ms) {
  Timestamp t;
  int64_t s = ms / 1000, r = ms % 1000;
  if (r < 0) { r += 1000; --s; }
  t.seconds = s;
  t.nanos = static_cast<int32_t>(r * 1000000);
  t.frac_digits = r ? 3 : 0;
  return t;
}

Timestamp from_unix_micros(int64_t us) {
  Timestamp t;
  int64_t s = us / 1000000, r = us % 1000000;
  if (r < 0) { r += 1000000; --s; }
  t.seconds = s;
  t.nanos = static_cast<int32_t>(r * 1000);
  t.frac_digits = r ? 6 : 0;
  return t;
}

std::optional<Timestamp> parse_time(std::string_view input, std::string_view pattern) {
  Scanner sc(trim(input));
  Fields f;
  for (size_t p = 0; p < pattern.size(); ++p) {
    char c = pattern[p];
    if (c == ' ') {
      if (!sc.spaces()) return std::nullopt;
      continue;
    }
    if (c != '%' || p + 1 == pattern.size()) {
      if (!sc.literal(c)) return std::nullopt;
      continue;
    }
    char tok = pattern[++p];
    int64_t v;
    switch (tok) {
      case 'Y':
        if ((v = sc.digits(4, 4)) < 0) return std::nullopt;
        f.year = v;
        break;
      case 'y':
        if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
        f.year = v < 69 ? 2000 + v : 1900 + v;  // the POSIX pivot
        break;
      case 'm':
        if ((v = sc.digits(1, 2)) < 0) return std::nullopt;
        f.month = static_cast<int>(v);
        break;
      case 'd':
        if ((v = sc.digits(1, 2)) < 0) return std::nullopt;
        f.day = static_cast<int>(v);
        break;
      case 'H':
      case 'I':
        if ((v = sc.digits(1, 2)) < 0) return std::nullopt;
        f.hour = static_cast<int>(v);
        break;
      case 'M':
        if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
        f.minute = static_cast<int>(v);
        break;
      case 'S':
        if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
        f.second = static_cast<int>(v);
        break;
      case 'f':
        if (!read_fraction(sc, f)) return std::nullopt;
        break;
      case 'b': {
        std::string word = sc.letters();
        if (word.size() < 3) return std::nullopt;
        f.month = -1;
        for (size_t m = 0; m < month_names.size(); ++m) {
          std::string_view full = month_names[m];
          if (word == full || word == full.substr(0, 3) || (word == "sept" && m == 8)) {
            f.month = static_cast<int>(m + 1);
            break;
          }
        }
        if (f.month < 0) return std::nullopt;
        sc.literal('.');  // "Sept." in some locales
        break;
      }
      case 'p': {
        std::string word = sc.letters();
        if (word == "am" || word == "a") f.pm = 0;
        else if (word == "pm" || word == "p") f.pm = 1;
        else return std::nullopt;
        break;
      }
      case 'Z': {
        std::string word = sc.letters();
        if (word != "utc" && word != "gmt" && word != "z") return std::nullopt;
        break;
      }
      case 'z':
        if (!read_offset(sc, f)) return std::nullopt;
        break;
      case '%':
        if (!sc.literal('%')) return std::nullopt;
        break;
      default:
        return std::nullopt;
    }
  }
  if (!sc.done()) return std::nullopt;
  return finish(f);
}

std::optional<Timestamp> parse_iso8601(std::string_view input) {
  std::string_view s = trim(input);
  Scanner sc(s);
  Fields f;
  if ((f.year = sc.digits(4, 4)) < 0) return std::nullopt;
  if (sc.done()) return finish(f);
  if (!sc.literal('-')) return std::nullopt;
  int64_t v;
  if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
  f.month = static_cast<int>(v);
  if (sc.done()) return finish(f);
  if (!sc.literal('-')) return std::nullopt;
  if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
  f.day = static_cast<int>(v);
  if (sc.done()) return finish(f);
  if (!sc.literal('T') && !sc.literal('t') && !sc.literal(' ')) return std::nullopt;
  if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
  f.hour = static_cast<int>(v);
  if (!sc.literal(':')) return std::nullopt;
  if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
  f.minute = static_cast<int>(v);
  if (sc.literal(':')) {
    if ((v = sc.digits(2, 2)) < 0) return std::nullopt;
    f.second = static_cast<int>(v);
    if (!read_fraction(sc, f)) return std::nullopt;
  }
  if (!sc.done()) {
    sc.spaces();
    if (!read_offset(sc, f)) {
      std::string zone = sc.letters();
      if (zone != "utc" && zone != "gmt") return std::nullopt;
    }
  }
  if (!sc.done()) return std::nullopt;
  return finish(f);
}

std::optional<Timestamp> parse_any(std::string_view s, std::initializer_list<std::string_view> patterns) {
  for (std::string_view p : patterns)
    if (auto t = parse_time(s, p)) return t;
  return parse_iso8601(s);
}

namespace {

// `n` decimal digits of v, zero-padded, at p.
void put_digits(char* p, int64_t v, int n) {
  for (int i = n - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
}

// "YYYY-MM-DDTHH:MM:SS" of t's whole seconds, written at p (19 characters for years 0 to 9999,
// which take the quick path: every record's time is formatted on the way into the store; up to
// 40 for the others). Returns the end. The callers build their string once from the buffer.
char* put_seconds(char* p, int64_t seconds) {
  int64_t days = seconds / 86400, rem = seconds % 86400;
  if (rem < 0) { rem += 86400; --days; }
  Civil c = civil_from_days(days);
  if (c.y >= 0 && c.y <= 9999) {
    put_digits(p, c.y, 4);
    p[4] = '-';
    put_digits(p + 5, c.m, 2);
    p[7] = '-';
    put_digits(p + 8, c.d, 2);
    p[10] = 'T';
    put_digits(p + 11, rem / 3600, 2);
    p[13] = ':';
    put_digits(p + 14, rem / 60 % 60, 2);
    p[16] = ':';
    put_digits(p + 17, rem % 60, 2);
    return p + 19;
  }
  int n = std::snprintf(p, 41, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(c.y), c.m, c.d,
                        static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                        static_cast<long long>(rem % 60));
  return p + std::clamp(n, 0, 40);
}

}  // namespace

std::string format_rfc3339(const Timestamp& t) {
  std::string out;
  append_rfc3339(out, t);
  return out;
}

void append_rfc3339(std::string& out, const Timestamp& t) {
  char buf[64];
  char* p = put_seconds(buf, t.seconds);
  if (t.frac_digits > 0) {
    char frac[9];
    put_digits(frac, std::clamp(t.nanos, 0, 999999999), 9);
    *p++ = '.';
    size_t n = static_cast<size_t>(std::min(t.frac_digits, 9));
    std::memcpy(p, frac, n);
    p += n;
  }
  *p++ = 'Z';
  out.append(buf, static_cast<size_t>(p - buf));
}

std::string format_record_time(const Timestamp& t) {
  char buf[64];
  char* p = put_seconds(buf, t.seconds);
  char ms[5] = {'.', '0', '0', '0', 'Z'};
  if (t.frac_digits > 0) put_digits(ms + 1, std::clamp(t.nanos, 0, 999999999) / 1000000, 3);
  std::memcpy(p, ms, 5);
  return std::string(buf, static_cast<size_t>(p + 5 - buf));
}

std::string format_iso_precision(const Timestamp& t) {
  std::string full = format_rfc3339(t);
  switch (t.precision) {
    case Precision::year: return full.substr(0, 4);
    case Precision::month: return full.substr(0, 7);
    case Precision::day: return full.substr(0, 10);
    case Precision::second: break;
  }
  return full;
}

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::year: return "year";
    case Precision::month: return "month";
    case Precision::day: return "day";
    case Precision::second: break;
  }
  return "second";
}

std::optional<int64_t> parse_bound(std::string_view s, bool end) {
  auto t = parse_iso8601(s);
  if (!t) return std::nullopt;
  if (!end) return t->seconds;
  int64_t days = t->seconds / 86400;
  Civil c = civil_from_days(days);
  switch (t->precision) {
    case Precision::year: return days_from_civil(c.y + 1, 1, 1) * 86400;
    case Precision::month:
      return days_from_civil(c.m == 12 ? c.y + 1 : c.y, c.m == 12 ? 1 : c.m + 1, 1) * 86400;
    case Precision::day: return (days + 1) * 86400;
    case Precision::second: break;
  }
  return t->seconds + 1;
}

}  // namespace dataport
