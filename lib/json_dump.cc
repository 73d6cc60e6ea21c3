#include "lib/json_dump.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

namespace dataport {

namespace {

using json = nlohmann::json;

// A string that is not valid UTF-8 is written again by nlohmann, whose replacement rules (U+FFFD
// for what) are the ones to keep.
void string_value(const std::string& s, std::string& out) {
  const size_t start = out.size();
  if (append_json_string(out, s) && !simdjson::validate_utf8(s.data(), s.size())) {
    out.resize(start);
    out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

void number_float(double x, std::string& out) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);  // what nlohmann's dump_float calls
  out.append(buf, static_cast<size_t>(end - buf));
}

template <typename T>
void number_integer(T v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace

bool append_json_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  unsigned char high = 0;
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
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

}  // namespace dataport
