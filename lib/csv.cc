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

bool CsvReader::next(std::vector<std::string>& row) {
  row.clear();
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
        if (quoted) unterminated_ = true;
        row.push_back(std::move(field));
        return true;
      }
    }
    char c = buf_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ >= buf_.size()) fill();
        if (pos_ < buf_.size() && buf_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
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
      field += c;
    }
  }
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
