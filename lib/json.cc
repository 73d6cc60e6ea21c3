#include "lib/json.h"

#include <array>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

nlohmann::json parse_json_reference(std::string_view text, const std::string& where) {
  check_json_depth(text, where);
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, std::string("not valid json: ") + e.what());
  }
}

namespace {

// simdjson's tree as nlohmann's parser would have built it from the same text: a non-negative
// integer is unsigned and a negative one signed, as nlohmann's lexer types them. False for a
// -0.0, to be sure of it (the caller then parses with nlohmann).
bool as_parsed(simdjson::dom::element e, nlohmann::json& out) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      out = nlohmann::json::array();
      simdjson::dom::array arr;
      if (e.get_array().get(arr)) return false;
      auto& a = out.get_ref<nlohmann::json::array_t&>();
      a.reserve(arr.size());
      for (simdjson::dom::element x : arr) {
        a.emplace_back();
        if (!as_parsed(x, a.back())) return false;
      }
      return true;
    }
    case element_type::OBJECT: {
      out = nlohmann::json::object();
      simdjson::dom::object obj;
      if (e.get_object().get(obj)) return false;
      auto& o = out.get_ref<nlohmann::json::object_t&>();
      // A repeated key keeps its last value, as nlohmann's parser does.
      for (simdjson::dom::key_value_pair field : obj)
        if (!as_parsed(field.value, o[std::string(field.key)])) return false;
      return true;
    }
    case element_type::STRING: out = std::string(e.get_string().value()); return true;
    case element_type::INT64: {
      int64_t v = e.get_int64().value();
      if (v >= 0) out = static_cast<uint64_t>(v);
      else out = v;
      return true;
    }
    case element_type::UINT64: out = e.get_uint64().value(); return true;
    case element_type::DOUBLE: {
      double d = e.get_double().value();
      if (d == 0 && std::signbit(d)) return false;
      out = d;
      return true;
    }
    case element_type::BOOL: out = e.get_bool().value(); return true;
    case element_type::NULL_VALUE: out = nullptr; return true;
  }
  return false;
}

// Whether the text may hold the number -0 (an integer to nlohmann, signed; simdjson reads it as
// the 0 that "0" is, unsigned to nlohmann): a "-0" not followed by a fraction, exponent or digit.
// Dates ("2024-03-05") are not; the rare string that is only costs the slower parse.
bool may_hold_minus_zero(std::string_view text) {
  for (size_t i = text.find("-0"); i != std::string_view::npos; i = text.find("-0", i + 2)) {
    char next = i + 2 < text.size() ? text[i + 2] : ' ';
    if (next != '.' && next != 'e' && next != 'E' && (next < '0' || next > '9')) return true;
  }
  return false;
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& where) {
  // Texts of up to 1 MiB (a record's data, a line of a dump) go through simdjson, several times
  // faster than nlohmann's own lexer; a larger one, or one simdjson refuses or could read
  // otherwise, through nlohmann, whose result and errors are the reference.
  constexpr size_t fast_limit = size_t{1} << 20;
  if (text.size() <= fast_limit && !may_hold_minus_zero(text)) {
    thread_local JsonParser parser;
    simdjson::dom::element e;
    nlohmann::json out;
    if (!parser.try_parse(text, e) && as_parsed(e, out)) return out;
  }
  return parse_json_reference(text, where);
}

simdjson::error_code JsonParser::try_parse(std::string_view text, simdjson::dom::element& out) {
  size_t need = text.size() + simdjson::SIMDJSON_PADDING;
  if (buffer_.size() < need) buffer_.resize(need);
  std::memcpy(buffer_.data(), text.data(), text.size());
  std::memset(buffer_.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return parser_.parse(reinterpret_cast<const uint8_t*>(buffer_.data()), text.size(), false).get(out);
}

simdjson::dom::element JsonParser::parse(std::string_view text, const std::string& where) {
  simdjson::dom::element e;
  if (auto err = try_parse(text, e)) throw Error(where, std::string("invalid JSON: ") + simdjson::error_message(err));
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

namespace {
// The bytes JsonArrayScanner::next must look at one by one: in a string, and outside one below
// the top level of an element.
constexpr auto stop_table(std::string_view stops) {
  std::array<bool, 256> t{};
  for (char c : stops) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> string_stops_table = stop_table("\"\\");
constexpr std::array<bool, 256> nested_stops_table = stop_table("\"{}[]");
const bool* const string_stops = string_stops_table.data();
const bool* const nested_stops = nested_stops_table.data();

// The first byte from i up to `stop` that changes the walk's state (or `stop`): in a string, a
// quote or a backslash; outside one, a quote or a bracket. Sixteen bytes at a time where the
// CPU has SSE2 (every x86-64), the rest through the tables. Brackets are found with one compare
// each for both kinds: '[' and ']' are '{' and '}' without bit 0x20, and no other byte is.
inline __attribute__((always_inline)) size_t skip_plain(const char* b, size_t i, size_t stop, bool in_string) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), open = _mm_set1_epi8('{'),
                close = _mm_set1_epi8('}'), bit = _mm_set1_epi8(0x20);
  for (; i + 16 <= stop; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    __m128i hit = _mm_cmpeq_epi8(v, quote);
    if (in_string) {
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, backslash));
    } else {
      const __m128i folded = _mm_or_si128(v, bit);
      hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
    }
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  const bool* table = in_string ? string_stops : nested_stops;
  while (i < stop && !table[static_cast<unsigned char>(b[i])]) ++i;
  return i;
}
}  // namespace

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
  auto too_large = [&] {
    return Error(where_, "array element " + std::to_string(index_) + " is larger than " + std::to_string(max_element_) +
                             " bytes");
  };
  // A byte at a time over each block, but the bytes kept are appended a run at a time: `run` is
  // where the bytes not yet appended begin, so the element's length so far is
  // element.size() + (i - run).
  while (pos_ < buf_.size() || next_block(s_, buf_, pos_, eof_)) {
    const char* b = buf_.data();
    const size_t n = buf_.size();
    size_t i = pos_, run = pos_;
    auto flush = [&](size_t end) {
      element.append(b + run, end - run);
      run = end;
      if (element.size() > max_element_) throw too_large();
    };
    // A byte inside a string, for its escapes: true when it is the closing quote.
    auto string_byte = [&](char c) {
      if (escape) {
        escape = false;
        escape_left = c == 'u' ? 4 : 0;
      } else if (escape_left > 0) {
        --escape_left;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        return true;
      }
      return false;
    };
    // A byte outside strings that does not end the element: a string opens, or the depth changes;
    // true when it is white space before the element, which is not kept.
    auto structural_byte = [&](char c, size_t at) {
      if (c == '"') {
        in_string = true;
        string_start = element.size() + (at - run) + 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth < 0) throw Error(where_, "malformed JSON array: unbalanced brackets");
      }
      return depth == 0 && element.empty() && run == at && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    };
    // Where no limit can be reached before the block's end (nearly always), the same walk goes
    // without the checks that decide the limits, up to the byte that ends the element, which the
    // loop below then takes.
    if (!cutting && element.size() + (n - i) < std::min(max_element_, max_kept_string)) {
      for (; i < n; ++i) {
        if (in_string) {
          if (!escape && escape_left == 0) {
            i = skip_plain(b, i, n, true);
            if (i == n) break;
          }
          if (string_byte(b[i])) in_string = false;
          continue;
        }
        if (depth > 0) {
          i = skip_plain(b, i, n, false);
          if (i == n) break;
        }
        char c = b[i];
        if (depth == 0 && (c == ',' || c == ']')) break;
        if (structural_byte(c, i)) run = i + 1;
      }
    }
    for (; i < n; ++i) {
      // Runs that change no state are skipped whole: inside a string, up to a quote or backslash;
      // outside one and nested, up to a quote or bracket. Never past the byte where the string
      // reaches max_kept_string or the element max_element_, which the byte-wise path decides.
      if (i + 1 < n && (in_string ? !escape && escape_left == 0 && !cutting : depth > 0)) {
        size_t len = element.size() + (i - run);
        size_t room = max_element_ > len ? max_element_ - len : 0;
        if (in_string) {
          size_t kept = len - string_start;
          room = std::min(room, kept < max_kept_string ? max_kept_string - kept : size_t{0});
        }
        size_t stop = i + std::min(room, n - i);
        i = skip_plain(b, i, stop, in_string);
        if (i == n) break;
      }
      char c = b[i];
      if (in_string) {
        // A string longer than max_kept_string keeps its head, cut where a character (a whole
        // escape, a whole UTF-8 sequence) begins, and drops the rest up to its closing quote.
        bool plain = !escape && escape_left == 0;
        bool closing = string_byte(c);
        if (closing) in_string = cutting = false;
        bool char_start = plain && (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (!closing && !cutting && char_start && element.size() + (i - run) - string_start >= max_kept_string) {
          flush(i);
          cutting = true;
          ++truncated_;
        }
        if (cutting) run = i + 1;
        else if (element.size() + (i + 1 - run) > max_element_) throw too_large();
        continue;
      }
      if (depth == 0 && (c == ',' || c == ']')) {
        flush(i);
        pos_ = i + 1;
        bool blank = trim(element).empty();
        if (c == ',') {
          if (blank) throw Error(where_, "malformed JSON array: empty element");
        } else {
          done_ = true;
          if (blank) {
            if (index_ > 0) throw Error(where_, "malformed JSON array: trailing comma");
            return false;
          }
        }
        ++index_;
        return true;
      }
      if (structural_byte(c, i)) {
        run = i + 1;
        continue;
      }
      if (element.size() + (i + 1 - run) > max_element_) throw too_large();
    }
    flush(n);
    pos_ = n;
  }
  throw Error(where_, "truncated JSON: the array never closes");
}

JsonTreeWalker::JsonTreeWalker(Stream& s, std::string where, size_t max_value)
    : s_(s), where_(std::move(where)), max_value_(max_value) {}

std::string JsonTreeWalker::pointer(const Path& path) {
  std::string p;
  for (const std::string& k : path) {
    p += '/';
    for (char ch : k) {
      if (ch == '~') p += "~0";
      else if (ch == '/') p += "~1";
      else p += ch;
    }
  }
  return p;
}

void JsonTreeWalker::fail(const std::string& what) {
  throw Error(where_, what + " at " + (path_.empty() ? std::string("the top") : pointer(path_)) + " (byte " +
                          std::to_string(offset_ + static_cast<int64_t>(pos_)) + ")");
}

// The next block of the stream; false at its end.
bool JsonTreeWalker::fill() {
  if (pos_ < end_) return true;
  if (eof_) return false;
  if (buf_.size() != 256 * 1024) buf_.resize(256 * 1024);
  offset_ += static_cast<int64_t>(end_);
  pos_ = 0;
  end_ = s_.read(buf_.data(), buf_.size());
  if (end_ == 0) eof_ = true;
  return end_ > 0;
}

int JsonTreeWalker::peek() { return pos_ < end_ || fill() ? static_cast<unsigned char>(buf_[pos_]) : -1; }

void JsonTreeWalker::skip_space() {
  for (int c = peek(); c == ' ' || c == '\n' || c == '\r' || c == '\t'; c = peek()) ++pos_;
}

void JsonTreeWalker::expect(char c, const char* what) {
  skip_space();
  int got = peek();
  if (got < 0) fail(std::string("truncated JSON: the file ends where ") + what + " was expected");
  if (got != c) fail(std::string("malformed JSON: ") + what + " expected, found '" + static_cast<char>(got) + "'");
  ++pos_;
}

// Appends n bytes of a value being taken, within max_value.
void JsonTreeWalker::keep(std::string* out, const char* p, size_t n) {
  if (!out) return;
  out->append(p, n);
  if (out->size() > max_value_) fail("a value larger than " + std::to_string(max_value_) + " bytes");
}

// From after a string's opening quote to its closing quote, kept in `out` (when given) with its
// escapes as they are; past max_kept_string the rest is dropped, cut where a character begins.
void JsonTreeWalker::string_rest(std::string* out) {
  size_t kept = 0;
  bool cutting = false;
  for (;;) {
    if (!fill()) fail("truncated JSON: a string never closes");
    size_t start = pos_;
    while (pos_ < end_ && buf_[pos_] != '"' && buf_[pos_] != '\\') ++pos_;
    size_t n = pos_ - start;
    if (out && !cutting && n) {
      if (kept + n > max_kept_string) {
        n = max_kept_string - kept;
        while (n > 0 && (static_cast<unsigned char>(buf_[start + n]) & 0xC0) == 0x80) --n;
        cutting = true;
        ++truncated_;
      }
      keep(out, buf_.data() + start, n);
      kept += n;
    }
    if (pos_ == end_) continue;
    char c = buf_[pos_++];
    if (c == '"') {
      keep(out, "\"", 1);
      return;
    }
    char esc[6] = {'\\'};  // an escape: the backslash, its letter and a \u's four hex digits
    size_t len = 2;
    for (size_t i = 1; i < len; ++i) {
      if (!fill()) fail("truncated JSON: a string never closes");
      esc[i] = buf_[pos_++];
      if (i == 1 && esc[1] == 'u') len = 6;
    }
    if (out && !cutting && kept + len > max_kept_string) {
      cutting = true;
      ++truncated_;
    }
    if (out && !cutting) {
      keep(out, esc, len);
      kept += len;
    }
  }
}

// Reads past one value (skipped when `out` is null, else its text kept there): a string, a
// scalar up to the byte that ends it, or an object or array up to its closing bracket.
void JsonTreeWalker::scan(std::string* out) {
  open_.clear();
  for (;;) {
    if (!fill()) {
      if (open_.empty()) return;  // a scalar at the end of the file
      fail("truncated JSON: the file ends inside a value");
    }
    char c = buf_[pos_];
    switch (c) {
      case '"':
        ++pos_;
        keep(out, "\"", 1);
        string_rest(out);
        if (open_.empty()) return;
        break;
      case '{':
      case '[':
        if (path_.size() + open_.size() + 1 > max_json_depth)
          fail("json nested deeper than " + std::to_string(max_json_depth) + " levels");
        open_.push_back(c);
        keep(out, &c, 1);
        ++pos_;
        break;
      case '}':
      case ']':
        if (open_.empty()) return;
        if (open_.back() != (c == '}' ? '{' : '[')) fail(std::string("malformed JSON: unbalanced '") + c + "'");
        open_.pop_back();
        keep(out, &c, 1);
        ++pos_;
        if (open_.empty()) return;
        break;
      case ',':
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        if (open_.empty()) return;
        if (c == ',') keep(out, &c, 1);
        ++pos_;
        break;
      default:
        keep(out, &c, 1);
        ++pos_;
    }
  }
}

// An object key, its escapes decoded (as simdjson gives keys).
std::string JsonTreeWalker::key() {
  expect('"', "a key");
  std::string raw;
  string_rest(&raw);
  raw.pop_back();
  std::string k;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      k += raw[i];
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'b': k += '\b'; break;
      case 'f': k += '\f'; break;
      case 'n': k += '\n'; break;
      case 'r': k += '\r'; break;
      case 't': k += '\t'; break;
      case 'u': {
        auto hex = [&](size_t at, uint32_t& v) {
          if (at + 4 > raw.size()) return false;
          v = 0;
          for (size_t j = at; j < at + 4; ++j) {
            char h = raw[j];
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) return false;
            v = v * 16 + static_cast<uint32_t>(d);
          }
          return true;
        };
        uint32_t cp = 0, lo = 0;
        if (!hex(i + 1, cp)) fail("malformed JSON: a bad \\u escape in a key");
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
            hex(i + 3, lo) && lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        } else if (cp >= 0xD800 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        append_utf8(k, cp);
        break;
      }
      default: k += e;  // \" \\ \/
    }
  }
  return k;
}

void JsonTreeWalker::value() {
  skip_space();
  int c = peek();
  if (c < 0) fail("truncated JSON: the file ends where a value was expected");
  if (c == ',' || c == ':' || c == '}' || c == ']') fail(std::string("malformed JSON: a value expected, found '") + static_cast<char>(c) + "'");
  bool container = c == '{' || c == '[';
  Visit v = visit ? visit(path_, static_cast<char>(c)) : container ? Visit::descend : Visit::take;
  if (v == Visit::descend && !container) v = Visit::take;
  switch (v) {
    case Visit::stop: stopped_ = true; return;
    case Visit::skip: scan(nullptr); return;
    case Visit::take:
      value_.clear();
      truncated_ = 0;
      scan(&value_);
      if (take) take(path_, value_);
      return;
    case Visit::descend:
      if (path_.size() + 1 > max_json_depth) fail("json nested deeper than " + std::to_string(max_json_depth) + " levels");
      return members(c == '[');
  }
}

// An object's members or an array's elements, one loop for both: an object's member starts with
// its key and ':', an array's element with its index; each is visited with its path.
void JsonTreeWalker::members(bool array) {
  const char close = array ? ']' : '}';
  ++pos_;
  int64_t n = 0;
  skip_space();
  if (peek() == close) {
    ++pos_;
  } else {
    for (;;) {
      if (array) {
        path_.push_back(std::to_string(n));
      } else {
        std::string k = key();
        expect(':', "':'");
        path_.push_back(std::move(k));
      }
      in_array_ = array;
      value();
      path_.pop_back();
      if (stopped_) return;
      ++n;
      skip_space();
      int c = peek();
      if (c == close) { ++pos_; break; }
      if (c != ',') {
        fail(c < 0 ? std::string("truncated JSON: ") + (array ? "an array" : "an object") + " never closes"
                   : std::string("malformed JSON: ',' or '") + close + "' expected");
      }
      ++pos_;
    }
  }
  if (closed) closed(path_, array, n);
}

void JsonTreeWalker::run() {
  if (fill() && end_ >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
  skip_space();
  if (peek() < 0) fail("no JSON value: the file is empty");
  value();
  if (stopped_) return;
  skip_space();
  if (peek() >= 0) fail("malformed JSON: data after the end of the value");
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
  // A value that does not fit in 64 signed bits is not an integer here (the fuzzer's json target
  // found a 100-digit id string overflowing the old digit loop: undefined behaviour).
  if (v.is_int64()) return v.get_int64().value();
  if (v.is_uint64()) {
    uint64_t u = v.get_uint64().value();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_double()) {
    double d = v.get_double().value();
    // -2^63 is exact as a double; 2^63 is the first value past the range (NaN fails both tests).
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  if (v.is_string()) {
    std::string_view s = v.get_string().value();
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return n;
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
