#include "lib/csv.h"

#include "lib/text.h"

namespace dataport {

CsvReader::CsvReader(Stream& s, char sep) : s_(s), sep_(sep) {}

bool CsvReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + 256 * 1024);
  size_t n = s_.read(buf_.data() + old, 256 * 1024);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  if (!started_ && buf_.size() >= 3) {
    started_ = true;
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) buf_.erase(0, 3);
  }
  return n > 0;
}

// Appends one byte unless the field is full; a cut ends after the UTF-8 sequence in progress.
void CsvReader::keep(std::string& field, char c) {
  if (cutting_) return;
  if (field.size() < max_kept_string || (static_cast<unsigned char>(c) & 0xC0) == 0x80) {
    field += c;
    return;
  }
  cutting_ = truncated_ = true;
}

bool CsvReader::next(std::vector<std::string>& row) {
  row.clear();
  truncated_ = false;
  if (pos_ >= buf_.size() && !fill()) {
    if (!started_ && !buf_.empty()) started_ = true;
    if (pos_ >= buf_.size()) return false;
  }
  row_line_ = line_;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (;;) {
    if (pos_ >= buf_.size()) {
      if (!fill()) {
        cutting_ = false;
        if (quoted) unterminated_ = true;
        row.push_back(std::move(field));
        return true;
      }
    }
    char c = buf_[pos_++];
    if (cutting_ && !quoted && (c == sep_ || c == '\n' || c == '\r')) cutting_ = false;  // the field ends
    if (quoted) {
      if (c == '"') {
        if (pos_ >= buf_.size()) fill();
        if (pos_ < buf_.size() && buf_[pos_] == '"') {
          keep(field, '"');
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        keep(field, c);
      }
      continue;
    }
    if (c == sep_) {
      row.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (pos_ >= buf_.size()) fill();
        if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
      }
      ++line_;
      row.push_back(std::move(field));
      return true;
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else {
      keep(field, c);
    }
  }
}

namespace {

// "-12", "+3.5", "1e-7": a number, which a spreadsheet reads as a number, not a formula.
bool plain_number(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::string csv_cell(std::string_view s, bool guard_formulas) {
  std::string text;
  if (guard_formulas && !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos && !plain_number(s))
    text = "'";
  text += s;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return "\"" + replace_all(text, "\"", "\"\"") + "\"";
}

CsvHeader::CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {
  for (const std::string& n : names_) keys_.push_back(lower(trim(strip_bom(n))));
}

int CsvHeader::find(std::string_view name, int nth) const {
  std::string key = lower(name);
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key && nth-- == 0) return static_cast<int>(i);
  return -1;
}

std::string CsvHeader::get(const std::vector<std::string>& row, std::string_view name) const {
  std::string key = lower(name);
  for (size_t i = 0; i < keys_.size() && i < row.size(); ++i) {
    if (keys_[i] != key) continue;
    std::string_view v = trim(row[i]);
    if (!v.empty()) return repair_utf8(v);
  }
  return "";
}

std::string CsvHeader::any(const std::vector<std::string>& row, std::initializer_list<std::string_view> names) const {
  for (std::string_view n : names) {
    std::string v = get(row, n);
    if (!v.empty()) return v;
  }
  return "";
}

std::vector<std::string> CsvHeader::all(const std::vector<std::string>& row, std::string_view name) const {
  std::vector<std::string> out;
  std::string key = lower(name);
  for (size_t i = 0; i < keys_.size() && i < row.size(); ++i) {
    if (keys_[i] != key) continue;
    std::string_view v = trim(row[i]);
    if (!v.empty()) out.push_back(repair_utf8(v));
  }
  return out;
}

bool blank_row(const std::vector<std::string>& row) {
  for (const std::string& c : row)
    if (!trim(c).empty()) return false;
  return true;
}

}  // namespace dataport
