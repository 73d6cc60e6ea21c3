#include "lib/csv.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

constexpr size_t chunk = 256 * 1024;
constexpr size_t sample_size = 64 * 1024;

// Windows-1252 bytes 0x80-0x9F; 0 where the code page has no character.
constexpr uint16_t cp1252_high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// True when `head` is UTF-8 (a sequence cut by the end of the sample does not count against it).
bool utf8_head(std::string_view head) {
  for (size_t cut = 0; cut < 4 && cut < head.size(); ++cut)
    if (valid_utf8(head.substr(0, head.size() - cut))) return true;
  return head.empty();
}

// True when `head` holds at least one well-formed multi-byte UTF-8 sequence: a file that is UTF-8
// with a stray byte, not Latin-1 text (whose accented letters are lone high bytes).
bool has_utf8_sequence(std::string_view head) {
  for (size_t i = 0; i + 1 < head.size(); ++i) {
    auto c = static_cast<unsigned char>(head[i]);
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > head.size()) continue;
    if (valid_utf8(head.substr(i, n))) return true;
  }
  return false;
}

// UTF-16 without a BOM: text that is mostly ASCII has a NUL in every other byte.
CsvEncoding guess_utf16(std::string_view head) {
  size_t n = std::min<size_t>(head.size(), 1024) & ~size_t{1};
  if (n < 8) return CsvEncoding::utf8;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    even += head[i] == 0;
    odd += head[i + 1] == 0;
  }
  size_t pairs = n / 2;
  if (odd * 10 >= pairs * 7 && even * 20 < pairs) return CsvEncoding::utf16le;
  if (even * 10 >= pairs * 7 && odd * 20 < pairs) return CsvEncoding::utf16be;
  return CsvEncoding::utf8;
}

// Field counts of the first records of `text` split by `sep`, quotes honoured. The last record
// is dropped when the text was cut inside it.
std::vector<size_t> field_counts(std::string_view text, char sep, bool complete) {
  std::vector<size_t> counts;
  size_t fields = 1;
  bool quoted = false, any = false, field_start = true;
  for (size_t i = 0; i < text.size() && counts.size() < 40; ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"' && field_start) {
      quoted = any = true;
      field_start = false;
    } else if (c == sep) {
      ++fields;
      field_start = true;
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any) counts.push_back(fields);
      fields = 1;
      any = false;
      field_start = true;
    } else {
      if (c != ' ') any = true;
      field_start = false;
    }
  }
  if (any && complete && !quoted) counts.push_back(fields);
  return counts;
}

}  // namespace

char sniff_separator(std::string_view text) {
  bool complete = text.size() < sample_size;
  text = text.substr(0, sample_size);
  char best = ',';
  size_t best_freq = 0, best_cols = 0;
  for (char sep : {',', '\t', ';'}) {
    std::map<size_t, size_t> freq;
    for (size_t n : field_counts(text, sep, complete))
      if (n >= 2) ++freq[n];
    for (const auto& [cols, f] : freq)
      if (f > best_freq || (f == best_freq && cols > best_cols)) {
        best = sep;
        best_freq = f;
        best_cols = cols;
      }
  }
  return best;
}

std::string not_text_reason(std::string_view text) {
  text = text.substr(0, sample_size);
  if (text.empty()) return "";
  size_t nul = 0, control = 0, invalid = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) ++nul;
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ++control;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::string_view rest = text.substr(i, std::min<size_t>(4, text.size() - i));
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n && rest.size() < n && i + rest.size() == text.size()) break;  // cut at the sample's end
    if (n && rest.size() >= n && valid_utf8(rest.substr(0, n))) {
      i += n;
    } else {
      ++invalid;
      ++i;
    }
  }
  if (nul) return "it holds NUL bytes (binary data, or UTF-16 without a byte order mark)";
  if (control * 200 > text.size()) return "it holds control characters (binary data)";
  if (invalid * 4 > text.size()) return "most of it is not UTF-8 text";
  return "";
}

CsvReader::CsvReader(Stream& s, std::string where, char sep) : s_(s), where_(std::move(where)), sep_(sep) {}

// Appends n raw bytes to buf_ as UTF-8; returns how many bytes were consumed into text.
size_t CsvReader::decode(const char* p, size_t n) {
  if (encoding_ == CsvEncoding::utf8) {
    buf_.append(p, n);
    return n;
  }
  if (encoding_ == CsvEncoding::cp1252) {
    for (size_t i = 0; i < n; ++i) {
      auto c = static_cast<unsigned char>(p[i]);
      uint32_t cp = c < 0x80 || c >= 0xA0 ? c : cp1252_high[c - 0x80];
      if (!cp) count_utf8_replacement();  // a byte cp1252 leaves undefined
      append_utf8(buf_, cp ? cp : 0xFFFD);
    }
    return n;
  }
  rest_.append(p, n);
  bool le = encoding_ == CsvEncoding::utf16le;
  auto unit = [&](size_t i) {
    auto a = static_cast<unsigned char>(rest_[i]), b = static_cast<unsigned char>(rest_[i + 1]);
    return static_cast<uint32_t>(le ? a | (b << 8) : (a << 8) | b);
  };
  size_t i = 0;
  while (i + 1 < rest_.size()) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= rest_.size()) {
        if (eof_) {
          count_utf8_replacement();
          append_utf8(buf_, 0xFFFD);
          i += 2;
          continue;
        }
        break;  // the low half comes with the next read
      }
      uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        append_utf8(buf_, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 4;
        continue;
      }
      count_utf8_replacement();
      append_utf8(buf_, 0xFFFD);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      count_utf8_replacement();
      append_utf8(buf_, 0xFFFD);
    } else {
      append_utf8(buf_, u);
    }
    i += 2;
  }
  rest_.erase(0, i);
  if (eof_ && !rest_.empty()) {  // an odd trailing byte
    count_utf8_replacement();
    append_utf8(buf_, 0xFFFD);
    rest_.clear();
  }
  return n;
}

// Appends decoded text to buf_; false when the input is done and nothing was added. Reads again
// when a short read gave only part of a UTF-16 character, so a caller peeking one character
// ahead (the second quote of "") always sees it.
bool CsvReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  raw_.resize(chunk);
  size_t before = buf_.size();
  while (buf_.size() == before && !eof_) {
    size_t n = s_.read(raw_.data(), chunk);
    if (n == 0) eof_ = true;
    decode(raw_.data(), n);
  }
  return buf_.size() > before;
}

// Reads enough to see the BOM and a sample, decides the encoding and the separator, and refuses
// what is not text.
void CsvReader::start() {
  started_ = true;
  std::string head;
  raw_.resize(chunk);
  while (head.size() < sample_size) {
    size_t n = s_.read(raw_.data(), chunk);
    if (n == 0) {
      eof_ = true;
      break;
    }
    head.append(raw_.data(), n);
  }
  size_t skip = 0;
  if (head.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    skip = 3;
  } else if (head.compare(0, 2, "\xFF\xFE") == 0) {
    encoding_ = CsvEncoding::utf16le;
    skip = 2;
  } else if (head.compare(0, 2, "\xFE\xFF") == 0) {
    encoding_ = CsvEncoding::utf16be;
    skip = 2;
  } else {
    encoding_ = guess_utf16(head);
    if (encoding_ == CsvEncoding::utf8 && head.find('\0') == std::string::npos &&
        !utf8_head(std::string_view(head).substr(0, sample_size)) &&
        !has_utf8_sequence(std::string_view(head).substr(0, sample_size)))
      encoding_ = CsvEncoding::cp1252;
  }
  bool at_end = eof_;
  eof_ = false;
  decode(head.data() + skip, head.size() - skip);
  eof_ = at_end;
  if (eof_ && !rest_.empty()) decode("", 0);
  std::string why = not_text_reason(buf_);
  if (!why.empty()) throw Error(where_, "not a readable CSV file: " + why);
  if (!sep_) sep_ = sniff_separator(std::string_view(buf_).substr(0, eof_ ? buf_.size() : sample_size));
}

// Appends n bytes unless the field is full: a field keeps its first max_kept_string bytes, then
// the rest of the UTF-8 sequence in progress, and is cut at the next character.
void CsvReader::keep(std::string& field, const char* p, size_t n) {
  if (cutting_) return;
  size_t room = field.size() < max_kept_string ? max_kept_string - field.size() : 0;
  if (n <= room) {
    field.append(p, n);
    return;
  }
  size_t i = room;
  while (i < n && (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80) ++i;
  field.append(p, i);
  if (i < n) cutting_ = truncated_ = true;
}

namespace {

// Whether a byte ends a run of plain bytes in an unquoted field, besides the separator: a line
// end, or a quote (which opens a quoted field when it comes first).
constexpr bool stops_unquoted(unsigned char c) { return c == '\n' || c == '\r' || c == '"'; }

}  // namespace

bool CsvReader::next(std::vector<std::string>& row) {
  truncated_ = false;
  if (!started_) start();
  if (pos_ >= buf_.size() && !fill()) {
    if (pos_ >= buf_.size()) {
      row.clear();
      return false;
    }
  }
  row_line_ = line_;
  // The row's strings are reused from the last row: a file of many rows allocates no field. A
  // buffer grown past 1 MiB by a long field is let go, so that what stays allocated is the
  // current row's, as when every row had new strings.
  size_t fields = 0;
  auto next_field = [&]() -> std::string& {
    if (fields == row.size()) row.emplace_back();
    std::string& f = row[fields];
    if (f.capacity() > (size_t{1} << 20)) std::string().swap(f);
    else f.clear();
    return f;
  };
  auto end_row = [&]() {
    row.resize(++fields);
    return true;
  };
  std::string* field = &next_field();
  bool quoted = false, was_quoted = false;
  for (;;) {
    if (pos_ >= buf_.size()) {
      if (!fill() && pos_ >= buf_.size()) {
        cutting_ = false;
        if (quoted) unterminated_ = true;
        return end_row();
      }
    }
    const char* data = buf_.data();
    size_t size = buf_.size();
    if (quoted) {
      // Everything up to the next quote is the field's, line ends included.
      const void* q = std::memchr(data + pos_, '"', size - pos_);
      size_t end = q ? static_cast<size_t>(static_cast<const char*>(q) - data) : size;
      line_ += std::count(data + pos_, data + end, '\n');
      keep(*field, data + pos_, end - pos_);
      pos_ = end;
      if (!q) continue;
      ++pos_;
      if (pos_ >= buf_.size()) fill();
      if (pos_ < buf_.size() && buf_[pos_] == '"') {
        keep(*field, "\"", 1);
        ++pos_;
      } else {
        quoted = false;
      }
      continue;
    }
    char c = data[pos_];
    if (c != sep_ && !stops_unquoted(static_cast<unsigned char>(c))) {
      size_t end = pos_ + 1;
      while (end < size && data[end] != sep_ && !stops_unquoted(static_cast<unsigned char>(data[end]))) ++end;
      keep(*field, data + pos_, end - pos_);
      pos_ = end;
      continue;
    }
    ++pos_;
    if (cutting_ && (c == sep_ || c == '\n' || c == '\r')) cutting_ = false;  // the field ends
    if (c == sep_) {
      ++fields;
      field = &next_field();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (pos_ >= buf_.size()) fill();
        if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
      }
      ++line_;
      return end_row();
    } else if (field->empty() && !was_quoted) {  // a quote opening the field
      quoted = was_quoted = true;
    } else {
      keep(*field, &c, 1);
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
  const std::vector<size_t>& at = columns(name);
  return nth >= 0 && static_cast<size_t>(nth) < at.size() ? static_cast<int>(at[static_cast<size_t>(nth)]) : -1;
}

// keys_ are lower-case, so iequals(key, name) is key == lower(name), without making the copy.
const std::vector<size_t>& CsvHeader::columns(std::string_view name) const {
  for (const auto& [given, at] : columns_)
    if (given == name) return at;
  std::vector<size_t> at;
  for (size_t i = 0; i < keys_.size(); ++i)
    if (iequals(keys_[i], name)) at.push_back(i);
  return columns_.emplace_back(std::string(name), std::move(at)).second;
}

std::string CsvHeader::get(const std::vector<std::string>& row, std::string_view name) const {
  for (size_t i : columns(name)) {
    if (i >= row.size()) break;
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
  for (size_t i : columns(name)) {
    if (i >= row.size()) break;
    std::string_view v = trim(row[i]);
    if (!v.empty()) out.push_back(repair_utf8(v));
  }
  return out;
}

CsvVerdict csv_verdict(int64_t read, int64_t skipped, std::string_view what) {
  std::string note = std::to_string(read) + " " + std::string(what);
  if (skipped == 0) return {Fate::parsed, note};
  if (read == 0) return {Fate::failed, std::to_string(skipped) + " rows but none could be read"};
  return {Fate::partial, note + ", " + std::to_string(skipped) + " rows skipped"};
}

bool blank_row(const std::vector<std::string>& row) {
  for (const std::string& c : row)
    if (!trim(c).empty()) return false;
  return true;
}

}  // namespace dataport
