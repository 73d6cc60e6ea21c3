#pragma once
// RFC 4180 CSV, streamed record by record: quoted fields may hold separators, doubled quotes and
// newlines; a UTF-8 BOM is dropped; CRLF and LF both end records. Lenient where real exports
// are sloppy: a stray quote inside an unquoted field is kept as a character.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"

namespace dataport {

/// Reads rows from a Stream.
class CsvReader {
 public:
  explicit CsvReader(Stream& s, char sep = ',');
  /// Next row; false at the end. Blank lines come back as one empty field.
  bool next(std::vector<std::string>& row);
  /// 1-based physical line where the row last returned starts.
  int64_t line() const { return row_line_; }
  /// True when the input ended inside a quoted field (the last row is then suspect).
  bool unterminated() const { return unterminated_; }
  /// True when a field of the row last returned was longer than max_kept_string and was cut.
  bool truncated() const { return truncated_; }

 private:
  bool fill();
  void keep(std::string& field, char c);
  Stream& s_;
  char sep_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, started_ = false, unterminated_ = false, truncated_ = false, cutting_ = false;
  int64_t line_ = 1, row_line_ = 0;
};

/// Column lookup by header name (trimmed, case-insensitive), duplicates kept in order.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(std::vector<std::string> names);
  /// Index of the nth column named `name`, or -1.
  int find(std::string_view name, int nth = 0) const;
  /// True when a column of that name exists.
  bool has(std::string_view name) const { return find(name) >= 0; }
  /// The trimmed cell under `name` (the first column of that name with a value), or "".
  std::string get(const std::vector<std::string>& row, std::string_view name) const;
  /// The first non-empty value among several candidate names (header variants across eras).
  std::string any(const std::vector<std::string>& row, std::initializer_list<std::string_view> names) const;
  /// Every non-empty cell under a repeated header.
  std::vector<std::string> all(const std::vector<std::string>& row, std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;  // trimmed lower-case
};

/// One CSV cell, quoted when it must be (RFC 4180). With `guard_formulas`, a cell a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR, and not a plain number) gets a
/// leading ' as OWASP recommends, so opening an export never runs what the platform's data says.
std::string csv_cell(std::string_view s, bool guard_formulas = false);

/// True when a row is empty or all its cells are blank.
bool blank_row(const std::vector<std::string>& row);

}  // namespace dataport
