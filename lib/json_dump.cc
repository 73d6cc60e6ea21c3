#include "lib/json_dump.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace dataport {

namespace {

using json = nlohmann::json;

// A string that is not valid UTF-8 is written again by nlohmann, whose replacement rules (U+FFFD
// for what) are the ones to keep.
void string_value(std::string_view s, std::string& out) {
  const size_t start = out.size();
  if (append_json_string(out, s) && !simdjson::validate_utf8(s.data(), s.size())) {
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

void number_float(double x, std::string& out) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  // A whole number below 10^15 (an accuracy in metres, a count): nlohmann writes its digits and
  // ".0", which the integer's own digits give without the shortest-digits search.
  if (x == std::trunc(x) && std::fabs(x) < 1e15 && !(x == 0 && std::signbit(x))) {
    number_integer(static_cast<int64_t>(x), out);
    out += ".0";
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);  // what nlohmann's dump_float calls
  out.append(buf, static_cast<size_t>(end - buf));
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

void dump_compact(const json& j, std::string& out) {
  switch (j.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : j.get_ref<const json::object_t&>()) {  // the map itself: no iter_impl
        if (!first) out += ',';
        first = false;
        string_value(key, out);
        out += ':';
        dump_compact(value, out);
      }
      out += '}';
      return;
    }
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

void JsonObjectText::start(std::string_view key) {
  if (members_ == 0) buf_.reserve(256);  // a fix's members and its raw object, without growing
  Member m{buf_.size(), key.size(), 0, 0};
  buf_.append(key);
  m.value_at = buf_.size();
  if (members_ < std::size(few_)) few_[members_] = m;
  else many_.push_back(m);
  ++members_;
  for (char c : key) plain_keys_ = plain_keys_ && !key_escapes[static_cast<unsigned char>(c)];
}

void JsonObjectText::number(std::string_view key, double v) {
  start(key);
  number_float(v, buf_);
  end_value();
}

void JsonObjectText::string(std::string_view key, std::string_view v) {
  start(key);
  string_value(v, buf_);
  end_value();
}

void JsonObjectText::value_text(std::string_view key, std::string_view text) {
  start(key);
  buf_.append(text);
  end_value();
}

std::string JsonObjectText::text() const {
  // The members in key order, by insertion (an object has a handful): equal keys stay in the
  // order given, and only the last of them is written. (Plain pointers and sizes: an array of
  // them needs no initialising.)
  struct Sorted {
    const char* key;
    size_t key_size;
    const char* value;
    size_t value_size;
    std::string_view name() const { return {key, key_size}; }
  };
  Sorted few[16];
  std::vector<Sorted> many;
  Sorted* order = few;
  if (members_ > std::size(few)) {
    many.resize(members_);
    order = many.data();
  }
  size_t bytes = 2;
  for (size_t i = 0; i < members_; ++i) {
    const Member& m = member(i);
    const Sorted x{buf_.data() + m.key_at, m.key_size, buf_.data() + m.value_at, m.value_size};
    size_t j = i;
    for (; j > 0 && key_after(order[j - 1].name(), x.name()); --j) order[j] = order[j - 1];
    order[j] = x;
    bytes += m.key_size + m.value_size + 4;
  }
  // True when a later member of the same key follows the k-th: its value is written instead.
  auto overridden = [&](size_t k) { return k + 1 < members_ && order[k + 1].name() == order[k].name(); };
  std::string out;
  if (plain_keys_) {  // no key needs escaping: the text is laid out without string_value
    // `bytes` bounds the text: each member is its key, its value, two quotes, a colon and a comma.
    out.resize(bytes);
    char* p = out.data();
    *p++ = '{';
    for (size_t k = 0; k < members_; ++k) {
      if (overridden(k)) continue;
      const Sorted& m = order[k];
      if (p - out.data() > 1) *p++ = ',';
      *p++ = '"';
      std::memcpy(p, m.key, m.key_size);
      p += m.key_size;
      *p++ = '"';
      *p++ = ':';
      std::memcpy(p, m.value, m.value_size);
      p += m.value_size;
    }
    *p++ = '}';
    out.resize(static_cast<size_t>(p - out.data()));
    return out;
  }
  out.reserve(bytes);
  out += '{';
  for (size_t k = 0; k < members_; ++k) {
    if (overridden(k)) continue;
    if (out.size() > 1) out += ',';
    string_value(order[k].name(), out);
    out += ':';
    out.append(order[k].value, order[k].value_size);
  }
  out += '}';
  return out;
}

}  // namespace dataport
