#include "lib/json.h"

#include <nlohmann/json.hpp>

#include "lib/error.h"
#include "lib/next_block.h"
#include "lib/text.h"

namespace dataport {

static_assert(max_json_depth == simdjson::DEFAULT_MAX_DEPTH, "one depth limit for simdjson and nlohmann");

void check_json_depth(std::string_view text, const std::string& where) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth)
        throw Error(where, "json nested deeper than " + std::to_string(max_json_depth) + " levels (at byte " +
                               std::to_string(i) + ")");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

nlohmann::json parse_json(std::string_view text, const std::string& where) {
  check_json_depth(text, where);
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, std::string("not valid json: ") + e.what());
  }
}

simdjson::dom::element JsonParser::parse(std::string_view text, const std::string& where) {
  size_t need = text.size() + simdjson::SIMDJSON_PADDING;
  if (buffer_.size() < need) buffer_.resize(need);
  std::memcpy(buffer_.data(), text.data(), text.size());
  std::memset(buffer_.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::dom::element e;
  auto err = parser_.parse(reinterpret_cast<const uint8_t*>(buffer_.data()), text.size(), false).get(e);
  if (err) throw Error(where, std::string("invalid JSON: ") + simdjson::error_message(err));
  return e;
}

JsonArrayScanner::JsonArrayScanner(Stream& s, std::string where, std::string key, size_t max_element)
    : s_(s), where_(std::move(where)), key_(std::move(key)), max_element_(max_element) {}

bool JsonArrayScanner::get(char& c) {
  if (pos_ >= buf_.size() && !next_block(s_, buf_, pos_, eof_)) return false;
  c = buf_[pos_++];
  return true;
}

// Walks to the '[' that opens the wanted array. With a key, tracks depth and strings so that
// only a key of the top-level object matches.
bool JsonArrayScanner::find_start() {
  char c;
  if (key_.empty()) {
    bool in_string = false, escape = false;
    while (get(c)) {
      if (in_string) {
        if (escape) escape = false;
        else if (c == '\\') escape = true;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '[') return true;
      else if (c == '{') throw Error(where_, "expected a JSON array, found an object");
    }
    return false;
  }
  int depth = 0;
  bool in_string = false, escape = false, want_value = false;
  std::string str;
  std::string last_key;
  while (get(c)) {
    if (in_string) {
      if (escape) { escape = false; str += c; }
      else if (c == '\\') { escape = true; str += c; }
      else if (c == '"') in_string = false;
      else str += c;
      continue;
    }
    switch (c) {
      case '"': in_string = true; str.clear(); break;
      case ':': if (depth == 1) { last_key = str; want_value = last_key == key_; } break;
      case '{': ++depth; want_value = false; break;
      case '}': --depth; break;
      case '[':
        if (depth == 1 && want_value) return true;
        ++depth;
        break;
      case ']': --depth; break;
      case ',': want_value = false; break;
      default: break;
    }
  }
  return false;
}

bool JsonArrayScanner::next(std::string& element) {
  element.clear();
  if (done_) return false;
  if (!in_array_) {
    if (!find_start()) {
      done_ = true;
      missing_ = true;
      if (key_.empty()) throw Error(where_, "no JSON array found");
      return false;
    }
    in_array_ = true;
  }
  int depth = 0;
  bool in_string = false, escape = false, cutting = false;
  size_t string_start = 0;
  int escape_left = 0;  // hex digits of a \\u escape still to come
  truncated_ = 0;
  char c;
  while (get(c)) {
    if (in_string) {
      // A string longer than max_kept_string keeps its head, cut where a character (a whole
      // escape, a whole UTF-8 sequence) begins, and drops the rest up to its closing quote.
      bool plain = !escape && escape_left == 0;
      bool closing = false;
      if (escape) {
        escape = false;
        escape_left = c == 'u' ? 4 : 0;
      } else if (escape_left > 0) {
        --escape_left;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        closing = true;
        in_string = cutting = false;
      }
      bool char_start = plain && (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      if (!closing && !cutting && char_start && element.size() - string_start >= max_kept_string) {
        cutting = true;
        ++truncated_;
      }
      if (cutting) continue;
      element += c;
      if (element.size() > max_element_)
        throw Error(where_, "array element " + std::to_string(index_) + " is larger than " +
                                std::to_string(max_element_) + " bytes");
      continue;
    }
    if (depth == 0) {
      if (c == ',' ) {
        if (trim(element).empty()) throw Error(where_, "malformed JSON array: empty element");
        ++index_;
        return true;
      }
      if (c == ']') {
        done_ = true;
        if (trim(element).empty()) {
          if (index_ > 0) throw Error(where_, "malformed JSON array: trailing comma");
          return false;
        }
        ++index_;
        return true;
      }
    }
    if (c == '"') {
      in_string = true;
      string_start = element.size() + 1;
    } else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth < 0) throw Error(where_, "malformed JSON array: unbalanced brackets");
    }
    if (depth == 0 && element.empty() && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) continue;
    element += c;
    if (element.size() > max_element_)
      throw Error(where_, "array element " + std::to_string(index_) + " is larger than " +
                              std::to_string(max_element_) + " bytes");
  }
  throw Error(where_, "truncated JSON: the array never closes");
}

std::string json_string(simdjson::dom::element obj, std::string_view key) {
  simdjson::dom::element v;
  if (obj.at_key(key).get(v)) return "";
  switch (v.type()) {
    case simdjson::dom::element_type::STRING: return repair_utf8(std::string_view(v.get_string().value()));
    case simdjson::dom::element_type::INT64: return std::to_string(v.get_int64().value());
    case simdjson::dom::element_type::UINT64: return std::to_string(v.get_uint64().value());
    case simdjson::dom::element_type::BOOL: return v.get_bool().value() ? "true" : "false";
    case simdjson::dom::element_type::DOUBLE: return simdjson::minify(v);
    default: return "";
  }
}

std::optional<int64_t> json_int(simdjson::dom::element obj, std::string_view key) {
  simdjson::dom::element v;
  if (obj.at_key(key).get(v)) return std::nullopt;
  if (v.is_int64()) return v.get_int64().value();
  if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64().value());
  if (v.is_double()) return static_cast<int64_t>(v.get_double().value());
  if (v.is_string()) {
    std::string_view s = v.get_string().value();
    if (s.empty()) return std::nullopt;
    int64_t n = 0;
    bool neg = s[0] == '-';
    for (size_t i = neg ? 1 : 0; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      n = n * 10 + (s[i] - '0');
    }
    return neg ? -n : n;
  }
  return std::nullopt;
}

std::optional<double> json_double(simdjson::dom::element obj, std::string_view key) {
  simdjson::dom::element v;
  if (obj.at_key(key).get(v)) return std::nullopt;
  if (v.is_double()) return v.get_double().value();
  if (v.is_int64()) return static_cast<double>(v.get_int64().value());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64().value());
  if (v.is_string()) {
    std::string s(v.get_string().value());
    try {
      size_t used = 0;
      double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (...) {
    }
  }
  return std::nullopt;
}

nlohmann::json to_nlohmann(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      nlohmann::json a = nlohmann::json::array();
      // Take the array into a local: `e.get_array().value()` on the temporary result dangles.
      simdjson::dom::array arr;
      if (e.get_array().get(arr)) return a;
      for (simdjson::dom::element x : arr) a.push_back(to_nlohmann(x));
      return a;
    }
    case element_type::OBJECT: {
      nlohmann::json o = nlohmann::json::object();
      simdjson::dom::object obj;
      if (e.get_object().get(obj)) return o;
      for (simdjson::dom::key_value_pair field : obj) o[repair_utf8(field.key)] = to_nlohmann(field.value);
      return o;
    }
    case element_type::STRING: return repair_utf8(std::string_view(e.get_string().value()));
    case element_type::INT64: {
      int64_t v = e.get_int64().value();
      // Past 2^53 a consumer reading JSON numbers as doubles would lose digits: keep a string.
      if (v > (int64_t{1} << 53) || v < -(int64_t{1} << 53)) return std::to_string(v);
      return v;
    }
    case element_type::UINT64: return std::to_string(e.get_uint64().value());
    case element_type::DOUBLE: return e.get_double().value();
    case element_type::BOOL: return e.get_bool().value();
    case element_type::NULL_VALUE: return nullptr;
  }
  return nullptr;
}

}  // namespace dataport
