#include "lib/json_dump.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "lib/text.h"

namespace dataport {

namespace {

using json = nlohmann::json;

// A string that is not valid UTF-8 is written again by nlohmann, whose replacement rules (U+FFFD
// for what) are the ones to keep.
void string_value(std::string_view s, std::string& out) {
  const size_t start = out.size();
  if (append_json_string(out, s) && !valid_utf8(s)) {
    out.resize(start);
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

template <typename T>
void number_integer(T v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

// The most bytes number_float() writes: "-1.7976931348623157e+308" is 24.
constexpr size_t number_bytes = 32;

// Writes x as nlohmann's dump does at p (number_bytes free); returns the end.
char* number_float(double x, char* p) {
  if (!std::isfinite(x)) return std::copy_n("null", 4, p);
  // A whole number below 10^15 (an accuracy in metres, a count): nlohmann writes its digits and
  // ".0", which the integer's own digits give without the shortest-digits search.
  if (x == std::trunc(x) && std::fabs(x) < 1e15 && !(x == 0 && std::signbit(x))) {
    p = std::to_chars(p, p + 20, static_cast<int64_t>(x)).ptr;
    return std::copy_n(".0", 2, p);
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);  // what nlohmann's dump_float calls
  return std::copy(buf, std::min(end, buf + number_bytes), p);
}

void number_float(double x, std::string& out) {
  char buf[number_bytes];
  out.append(buf, static_cast<size_t>(number_float(x, buf) - buf));
}

}  // namespace

namespace {

constexpr uint64_t bytes_of(unsigned char c) { return 0x0101010101010101ULL * c; }
constexpr uint64_t high_bits = bytes_of(0x80);

// Whether one of the 8 bytes of w is a control character, a quote or a backslash: what must be
// escaped. Each test is exact for "some byte": a borrow starts only at a byte that matches.
bool needs_escape(uint64_t w) {
  uint64_t quote = w ^ bytes_of('"'), backslash = w ^ bytes_of('\\');
  return (((w - bytes_of(0x20)) & ~w) | ((quote - bytes_of(1)) & ~quote) | ((backslash - bytes_of(1)) & ~backslash)) &
         high_bits;
}

}  // namespace

bool append_json_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  unsigned char high = 0;
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none of them needs escaping.
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (needs_escape(w)) break;
      if (w & high_bits) high = 0x80;
      i += 8;
    }
    if (i >= s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    high |= c;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(u, sizeof u);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
  return high >= 0x80;
}

namespace {

bool skipped(std::string_view key, std::initializer_list<std::string_view> skip) {
  for (std::string_view k : skip)
    if (k == key) return true;
  return false;
}

void dump_object(const json::object_t& object, std::initializer_list<std::string_view> skip, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : object) {  // the map itself: no iter_impl
    if (skip.size() && skipped(key, skip)) continue;
    if (!first) out += ',';
    first = false;
    string_value(key, out);
    out += ':';
    dump_compact(value, out);
  }
  out += '}';
}

}  // namespace

void dump_compact_without(const json& object, std::initializer_list<std::string_view> skip, std::string& out) {
  if (object.is_object()) dump_object(object.get_ref<const json::object_t&>(), skip, out);
  else dump_compact(object, out);
}

void dump_compact(const json& j, std::string& out) {
  switch (j.type()) {
    case json::value_t::object: dump_object(j.get_ref<const json::object_t&>(), {}, out); return;
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& v : j.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        dump_compact(v, out);
      }
      out += ']';
      return;
    }
    case json::value_t::string: string_value(j.get_ref<const std::string&>(), out); return;
    case json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case json::value_t::number_integer: number_integer(j.get<int64_t>(), out); return;
    case json::value_t::number_unsigned: number_integer(j.get<uint64_t>(), out); return;
    case json::value_t::number_float: number_float(j.get<double>(), out); return;
    case json::value_t::null: out += "null"; return;
    case json::value_t::binary:
    case json::value_t::discarded: out += j.dump(-1, ' ', false, json::error_handler_t::replace); return;
  }
}

std::string dump_compact(const json& j) {
  std::string out;
  out.reserve(256);  // a typical record's data, without growing it five times
  dump_compact(j, out);
  return out;
}

namespace {
// The bytes a key needs escaped for (or, from 0x80 up, checked): a control, a quote, a backslash.
constexpr std::array<bool, 256> key_escapes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

// Key order as nlohmann's std::map keeps it (bytes as unsigned), deciding on the first byte
// where it can: the keys of one object nearly always differ there.
bool key_after(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0]) return static_cast<unsigned char>(a[0]) > static_cast<unsigned char>(b[0]);
  return a > b;
}
}  // namespace

size_t JsonObjectText::start(std::string_view key, char tag) {
  if (key.size() > UINT32_MAX) throw std::length_error("JsonObjectText: a key over 4 GiB");
  if (members_.empty()) members_.reserve(256);  // a fix's members and its raw object, without growing
  auto k = static_cast<uint32_t>(key.size());
  char head[64];  // a short key's size, key, tag and the value's size (set by end_value()) in one append
  if (key.size() + 9 <= sizeof head) {
    std::memcpy(head, &k, 4);
    std::memcpy(head + 4, key.data(), key.size());
    head[4 + key.size()] = tag;
    std::memset(head + 5 + key.size(), 0, 4);
    members_.append(head, key.size() + 9);
  } else {
    std::memcpy(head, &k, 4);
    members_.append(head, 4);
    members_.append(key);
    members_ += tag;
    members_.append(4, '\0');
  }
  return members_.size();
}

void JsonObjectText::end_value(size_t value_at) {
  size_t n = members_.size() - value_at;
  if (n > UINT32_MAX) throw std::length_error("JsonObjectText: a value over 4 GiB");
  auto v = static_cast<uint32_t>(n);
  std::memcpy(members_.data() + value_at - 4, &v, 4);
}

void JsonObjectText::number(std::string_view key, double v) {
  size_t at = start(key, 'n');
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  members_.append(bytes, sizeof v);
  end_value(at);
}

void JsonObjectText::string(std::string_view key, std::string_view v) {
  size_t at = start(key, 't');
  string_value(v, members_);
  end_value(at);
}

void JsonObjectText::value_text(std::string_view key, std::string_view text) {
  size_t at = start(key, 't');
  members_.append(text);
  end_value(at);
}

void JsonObjectText::object(std::string_view key, const JsonObjectText& members) {
  size_t at = start(key, 'o');
  members_.append(members.members_);
  end_value(at);
}

namespace {

// One member of a JsonObjectText's members().
struct Member {
  std::string_view key, value;
  char tag;  // n: a double's 8 bytes; t: JSON text; o: an object's members()
};

uint32_t read_u32(std::string_view s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

// Calls fn(member) for each member, in the order given.
template <typename Fn>
void each_member(std::string_view members, Fn fn) {
  for (size_t at = 0; at < members.size();) {
    Member m;
    m.key = members.substr(at + 4, read_u32(members, at));
    at += 4 + m.key.size();
    m.tag = members[at];
    m.value = members.substr(at + 5, read_u32(members, at + 1));
    at += 5 + m.value.size();
    fn(m);
  }
}

// The most bytes write_object() writes for these members: a key escaped is at most six times
// its bytes (\u00xx), a number number_bytes.
size_t object_bytes(std::string_view members) {
  size_t n = 2;
  each_member(members, [&](const Member& m) {
    n += 6 * m.key.size() + 4;  // quotes, colon, comma
    n += m.tag == 'n' ? number_bytes : m.tag == 'o' ? object_bytes(m.value) : m.value.size();
  });
  return n;
}

// Writes the object of `members` at p (object_bytes() free); returns the end.
char* write_object(std::string_view members, char* p) {
  // The members in key order, by insertion (an object has a handful): equal keys stay in the
  // order given, and only the last of them is written.
  size_t n = 0;
  each_member(members, [&](const Member&) { ++n; });
  Member few[16];
  std::vector<Member> many;
  Member* order = few;
  if (n > std::size(few)) {
    many.resize(n);
    order = many.data();
  }
  size_t i = 0;
  each_member(members, [&](const Member& m) {
    size_t j = i++;
    for (; j > 0 && key_after(order[j - 1].key, m.key); --j) order[j] = order[j - 1];
    order[j] = m;
  });
  char* const start = p;
  *p++ = '{';
  for (size_t k = 0; k < n; ++k) {
    if (k + 1 < n && order[k + 1].key == order[k].key) continue;  // a later value of the key follows
    const Member& m = order[k];
    if (p - start > 1) *p++ = ',';
    bool plain = true;
    for (char c : m.key) plain = plain && !key_escapes[static_cast<unsigned char>(c)];
    if (plain) {
      *p++ = '"';
      p = std::copy(m.key.begin(), m.key.end(), p);
      *p++ = '"';
    } else {
      std::string key;
      string_value(m.key, key);
      p = std::copy(key.begin(), key.end(), p);
    }
    *p++ = ':';
    if (m.tag == 'n') {
      double x;
      std::memcpy(&x, m.value.data(), sizeof x);
      p = number_float(x, p);
    } else if (m.tag == 'o') {
      p = write_object(m.value, p);
    } else {
      p = std::copy(m.value.begin(), m.value.end(), p);
    }
  }
  *p++ = '}';
  return p;
}

}  // namespace

std::string JsonObjectText::text_without(std::initializer_list<std::string_view> skip) const {
  std::string kept;
  kept.reserve(members_.size());
  size_t at = 0;
  each_member(members_, [&](const Member& m) {
    // A member's bytes run from its key size to the end of its value.
    size_t size = 4 + m.key.size() + 5 + m.value.size();
    if (!skipped(m.key, skip)) kept.append(members_, at, size);
    at += size;
  });
  return text_of(kept);
}

std::string JsonObjectText::text_of(std::string_view members) {
  std::string out(object_bytes(members), '\0');
  out.resize(static_cast<size_t>(write_object(members, out.data()) - out.data()));
  return out;
}

}  // namespace dataport
