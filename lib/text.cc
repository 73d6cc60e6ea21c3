#include "lib/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <simdjson.h>

namespace dataport {

void cut_utf8_tail(std::string& s) {
  size_t i = s.size(), back = 0;
  while (i > 0 && back < 4 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) {
    --i;
    ++back;
  }
  if (i == 0) return;
  auto lead = static_cast<unsigned char>(s[i - 1]);
  size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (lead >= 0xC0 && back < want) s.resize(i - 1);
}

namespace {
// Length of the white-space character at s[i], 0 if none. U+00A0 and U+202F appear in
// locale-formatted dates ("2:37\u202fPM") and CSV cells copied from web pages.
size_t space_at(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0xAF)
    return 3;
  return 0;
}
}  // namespace

std::string_view trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t n = space_at(s, b);
    if (!n) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    // Every space ends in a byte of at most ' ', 0xA0 (U+00A0) or 0xAF (U+202F): the usual last
    // byte, a letter or a digit, ends the search at once.
    const unsigned char last = static_cast<unsigned char>(s[e - 1]);
    if (last > ' ' && last != 0xA0 && last != 0xAF) break;
    // Step back over one character: try 1, 2 and 3 byte spaces ending at e.
    if (space_at(s, e - 1) == 1) { --e; continue; }
    if (e >= b + 2 && space_at(s, e - 2) == 2) { e -= 2; continue; }
    if (e >= b + 3 && space_at(s, e - 3) == 3) { e -= 3; continue; }
    break;
  }
  return s.substr(b, e - b);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  each_field(s, sep, [&](std::string_view field) { out.emplace_back(field); });
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") return s.substr(3);
  return s;
}

namespace {
// Length of the well-formed UTF-8 sequence at s[i], 0 if malformed (RFC 3629 table).
size_t utf8_seq(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }
  else if (c >= 0xE1 && c <= 0xEC) n = 3;
  else if (c == 0xED) { n = 3; hi = 0x9F; }
  else if (c >= 0xEE && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) { n = 4; hi = 0x8F; }
  else return 0;
  if (i + n > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return n;
}
}  // namespace

// Every CSV cell and record string goes through here (a byte-wise walk was 2-3% of an ingest).
// An ASCII start is skipped eight bytes at a time (most strings end there). A short rest (under
// 64 bytes) is walked with utf8_seq's table; a longer one goes to simdjson's validator, which
// accepts exactly the same sequences (RFC 3629: no overlong forms, surrogates or code points past
// U+10FFFF) many bytes at a time, but costs about 35 ns a call whatever the length.
bool valid_utf8(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  for (uint64_t w; i + 8 <= n; i += 8) {
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) break;
  }
  while (i < n && static_cast<unsigned char>(p[i]) < 0x80) ++i;
  if (n - i >= 64) return simdjson::validate_utf8(p + i, n - i);
  for (size_t len; i < n; i += len)
    if ((len = utf8_seq(s, i)) == 0) return false;
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) append_utf8(out, static_cast<unsigned char>(ch));
  return out;
}

namespace {
thread_local int64_t replacements = 0;
}

int64_t utf8_replacements() { return replacements; }

void count_utf8_replacement() { ++replacements; }

std::string repair_utf8(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_seq(s, i);
    if (n) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++replacements;
      ++i;
    }
  }
  return out;
}

std::string snake_case(std::string_view label) {
  std::string out;
  bool pending_sep = false;
  for (size_t i = 0; i < label.size(); ++i) {
    char c = label[i];
    bool upper = c >= 'A' && c <= 'Z';
    bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      if (static_cast<unsigned char>(c) >= 0x80) {  // keep non-ASCII letters as they are
        if (pending_sep && !out.empty()) out += '_';
        pending_sep = false;
        out += c;
      } else {
        pending_sep = true;
      }
      continue;
    }
    // camelCase boundary: "profileUrl" -> "profile_url"
    bool boundary = upper && i > 0 && label[i - 1] >= 'a' && label[i - 1] <= 'z';
    if ((pending_sep || boundary) && !out.empty()) out += '_';
    pending_sep = false;
    out += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string ellipsize(std::string_view s, size_t n) {
  if (utf8_length(s) <= n) return std::string(s);
  if (n == 0) return "";
  size_t count = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n - 1) break;
      ++count;
    }
  }
  return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
}

std::string_view basename(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  size_t pos = s.find(from);
  if (pos == std::string::npos) return s;
  // Built anew, not replaced in place: each replace() moved the rest of the string, so a mail body
  // of n CRLF lines cost n times its size (100k lines: 4.5 s).
  std::string out;
  out.reserve(s.size());
  size_t done = 0;
  for (; pos != std::string::npos; pos = s.find(from, done)) {
    out.append(s, done, pos - done);
    out += to;
    done = pos + from.size();
  }
  out.append(s, done, std::string::npos);
  return out;
}

std::string human_bytes(int64_t n) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

void append_int(std::string& out, int64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

void append_fixed(std::string& out, double v, int digits) {
  // A number of at most `digits` decimals (a degree from an E7 integer, most coordinates) is the
  // integer r = v * 10^digits with the point put in. Exact, not a shortcut: v is r / 10^digits
  // rounded to a double, within half an ulp of it, and below 10^15 / 10^digits an ulp is under a
  // quarter of 10^-digits, so rounding v to `digits` decimals gives r back.
  static constexpr double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  if (digits >= 0 && digits <= 9) {
    double scaled = v * pow10[digits];
    if (std::fabs(scaled) < 1e15) {
      double r = std::nearbyint(scaled);
      if (r / pow10[digits] == v && !(r == 0 && std::signbit(v))) {
        char d[24], text[48];
        uint64_t u = static_cast<uint64_t>(std::fabs(r));
        const size_t n = static_cast<size_t>(std::to_chars(d, d + sizeof d, u).ptr - d);
        const size_t frac = static_cast<size_t>(digits);
        char* p = text;
        if (r < 0) *p++ = '-';
        if (n <= frac) {  // "0.000ddd"
          *p++ = '0';
          *p++ = '.';
          p = std::fill_n(p, frac - n, '0');
          p = std::copy_n(d, n, p);
        } else {
          p = std::copy_n(d, n - frac, p);
          if (frac > 0) *p++ = '.';
          p = std::copy_n(d + n - frac, frac, p);
        }
        out.append(text, static_cast<size_t>(p - text));
        return;
      }
    }
  }
  char buf[400];  // DBL_MAX in fixed notation is 309 digits, plus the sign, point and decimals
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, digits);
  if (r.ec != std::errc()) {
    int n = std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    out.append(buf, n > 0 ? std::min(static_cast<size_t>(n), sizeof buf - 1) : 0);
    return;
  }
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace dataport
