#include "lib/json_tree.h"

#include "lib/error.h"
#include "lib/next_block.h"

namespace dataport {

JsonTreeScanner::JsonTreeScanner(Stream& s, std::string where, size_t max_value)
    : s_(s), where_(std::move(where)), max_value_(max_value) {}

bool JsonTreeScanner::peek(char& c) {
  if (pos_ >= buf_.size()) {
    offset_ += static_cast<int64_t>(buf_.size());
    if (!next_block(s_, buf_, pos_, eof_)) return false;
  }
  c = buf_[pos_];
  return true;
}

char JsonTreeScanner::take() {
  char c;
  if (!peek(c)) throw Error(where_, "truncated JSON: the document ends at byte " + std::to_string(offset_ + static_cast<int64_t>(pos_)));
  ++pos_;
  return c;
}

void JsonTreeScanner::skip_space() {
  char c;
  while (peek(c) && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) ++pos_;
}

void JsonTreeScanner::expect(char want) {
  skip_space();
  int64_t at = offset_ + static_cast<int64_t>(pos_);
  char c = take();
  if (c != want)
    throw Error(where_, std::string("malformed JSON at byte ") + std::to_string(at) + ": expected '" + want + "', found '" + c + "'");
}

// An object key, unescaped only as far as keys need (\" and \\; others kept as written).
std::string JsonTreeScanner::key() {
  expect('"');
  std::string k;
  for (;;) {
    char c = take();
    if (c == '"') return k;
    if (c == '\\') c = take();
    k += c;
    if (k.size() > 4096) throw Error(where_, "malformed JSON: an object key longer than 4 KiB");
  }
}

// Hands one value whole: strings, escapes and nesting tracked so that only its end stops it.
void JsonTreeScanner::capture(Path& p) {
  text_.clear();
  int depth = 0;
  bool in_string = false, escape = false;
  char c;
  while (peek(c)) {
    if (in_string) {
      ++pos_;
      text_ += c;
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') {
        in_string = false;
        if (depth == 0) break;
      }
    } else {
      if (depth == 0 && !text_.empty() && (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'))
        break;
      ++pos_;
      text_ += c;
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') {
        if (--depth < 0) throw Error(where_, "malformed JSON: unbalanced brackets at " + pointer(p));
        if (depth == 0) break;
      }
    }
    if (text_.size() > max_value_)
      throw Error(where_, "the value at " + pointer(p) + " is larger than " + std::to_string(max_value_) + " bytes");
  }
  if (in_string || depth > 0) throw Error(where_, "truncated JSON: the value at " + pointer(p) + " never ends");
  (*on_value_)(p, text_);
}

void JsonTreeScanner::value(Path& p) {
  skip_space();
  char c;
  if (!peek(c)) throw Error(where_, "truncated JSON: no value at " + pointer(p));
  if ((c != '{' && c != '[') || !(*descend_)(p, c)) return capture(p);
  ++pos_;
  char close = c == '{' ? '}' : ']';
  skip_space();
  if (peek(c) && c == close) {
    ++pos_;
    return;
  }
  for (int64_t i = 0;; ++i) {
    p.push_back(close == '}' ? key() : std::to_string(i));
    if (close == '}') expect(':');
    value(p);
    p.pop_back();
    skip_space();
    int64_t at = offset_ + static_cast<int64_t>(pos_);
    char next = take();
    if (next == close) return;
    if (next != ',')
      throw Error(where_, "malformed JSON at byte " + std::to_string(at) + ": expected ',' or '" + close + "' in " + pointer(p));
  }
}

void JsonTreeScanner::walk(const std::function<bool(const Path&, char)>& descend,
                           const std::function<void(const Path&, std::string_view)>& on_value) {
  descend_ = &descend;
  on_value_ = &on_value;
  // A UTF-8 byte order mark before the document.
  char c;
  if (peek(c) && c == '\xEF') {
    for (char want : {'\xEF', '\xBB', '\xBF'})
      if (take() != want) throw Error(where_, "malformed JSON: a stray byte before the document");
  }
  Path p;
  value(p);
  skip_space();
  if (peek(c)) throw Error(where_, "malformed JSON: more after the end of the document");
}

std::string JsonTreeScanner::pointer(const Path& p) {
  std::string out;
  for (const std::string& k : p) {
    out += '/';
    for (char ch : k) {
      if (ch == '~') out += "~0";
      else if (ch == '/') out += "~1";
      else out += ch;
    }
  }
  return out;
}

}  // namespace dataport
