#pragma once
// RFC 4180 CSV, streamed record by record: quoted fields may hold separators, doubled quotes and
// newlines; CRLF and LF both end records. Lenient where real exports are sloppy: a stray quote
// inside an unquoted field is kept as a character.
//
// The encoding and the separator are sniffed, so every importer reads every CSV the same way:
// a UTF-8 BOM is dropped; UTF-16LE and UTF-16BE (with a BOM, or without one when the NUL bytes
// give them away) are decoded to UTF-8 as the stream goes (LinkedIn 2018 Logins.csv and 2022
// Endorsement_Received_Info.csv are UTF-16LE with TAB separators); a start that is not valid
// UTF-8 is read as Windows-1252 (what spreadsheet programs save); the separator is the one of
// comma, TAB and semicolon that splits the first rows into the same number of columns. A file
// that decodes to no text (NUL bytes, control characters, mostly invalid UTF-8) throws Error at
// the first next(): it must never be "parsed" into records of garbage.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/archive.h"
#include "lib/sink.h"

namespace dataport {

/// The text encoding a CsvReader found.
enum class CsvEncoding { utf8, utf16le, utf16be, cp1252 };

/// Reads rows from a Stream.
class CsvReader {
 public:
  /// `where` names the file in errors; `sep` 0 sniffs comma, TAB or semicolon.
  explicit CsvReader(Stream& s, std::string where = "", char sep = 0);
  /// Next row; false at the end. Blank lines come back as one empty field. Throws Error when
  /// the file is not text.
  bool next(std::vector<std::string>& row);
  /// 1-based physical line where the row last returned starts.
  int64_t line() const { return row_line_; }
  /// True when the input ended inside a quoted field (the last row is then suspect).
  bool unterminated() const { return unterminated_; }
  /// The separator in use (known after the first next()).
  char separator() const { return sep_; }
  /// The encoding found (known after the first next()).
  CsvEncoding encoding() const { return encoding_; }
  /// True when a field of the row last returned was longer than max_kept_string and was cut.
  bool truncated() const { return truncated_; }

 private:
  bool fill();
  void start();
  size_t decode(const char* p, size_t n);
  void keep(std::string& field, const char* p, size_t n);
  Stream& s_;
  std::string where_;
  char sep_;
  CsvEncoding encoding_ = CsvEncoding::utf8;
  std::string raw_;   // one read's bytes
  std::string buf_;   // decoded UTF-8
  std::string rest_;  // undecoded tail of a UTF-16 read (odd byte, lone high surrogate)
  size_t pos_ = 0;
  bool eof_ = false, started_ = false, unterminated_ = false, truncated_ = false, cutting_ = false;
  int64_t line_ = 1, row_line_ = 0;
};

/// The separator (',', '\t' or ';') that splits the first records of `text` into the same
/// number of columns most often (ties: more columns, then comma, TAB, semicolon); ',' when none.
char sniff_separator(std::string_view text);
/// Why `text` (the start of a decoded file) is not text, or "" when it reads as text.
std::string not_text_reason(std::string_view text);

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
  /// The names as looked up: trimmed, without a byte order mark, in lower case.
  const std::vector<std::string>& keys() const { return keys_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;  // trimmed lower-case
  /// The columns of a name as given to find(), get() or all() (any case), in order. Found once per name
  /// and header: an importer asks for the same dozen names on each of millions of rows. (So a
  /// header is read by one thread at a time, as an importer reads its file.)
  const std::vector<size_t>& columns(std::string_view name) const;
  mutable std::vector<std::pair<std::string, std::vector<size_t>>> columns_;
};

/// One CSV cell, quoted when it must be (RFC 4180). With `guard_formulas`, a cell a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR, and not a plain number) gets a
/// leading ' as OWASP recommends, so opening an export never runs what the platform's data says.
std::string csv_cell(std::string_view s, bool guard_formulas = false);

/// True when a row is empty or all its cells are blank.
bool blank_row(const std::vector<std::string>& row);

/// The verdict on a CSV file from what its reader counted, one rule for every importer: every
/// data row read -> parsed; some rows skipped -> partial; rows but none read -> failed. A file
/// whose rows were all skipped is never "parsed", so the run that lost them exits 3.
struct CsvVerdict {
  Fate fate;
  std::string note;
};
CsvVerdict csv_verdict(int64_t read, int64_t skipped, std::string_view what);

}  // namespace dataport
