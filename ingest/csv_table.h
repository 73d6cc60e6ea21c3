#pragma once
// THE CSV table reader: every importer reads its CSV files through it (LinkedIn, the Google
// Takeout CSVs, Mastodon's). lib/csv decodes (UTF-8 with or without a BOM, UTF-16 LE/BE with or
// without a BOM, cp1252) and splits (comma, TAB or semicolon); this reader finds the header row
// (after a preamble, by its columns, whatever their case and spacing, older or localised names
// aliased to today's), hands each data row to the importer's function, warns per row that
// cannot be read (archive, path and line) and goes on, and gives the file its verdict:
//
//   0 bytes or only blank lines        -> parsed, "0 <what> (empty file)"
//   one line of one cell, no header    -> parsed, "0 <what> (file says "No messages")"
//   no header row found                -> failed, "header row not found" (or CsvTable::otherwise)
//   a header and no rows               -> parsed, "0 <what>"
//   some rows skipped / all skipped    -> partial / failed (csv_verdict)
//   ends inside a quoted field         -> partial, "N <what>, last row cut"
//   not text at all                    -> the reader throws Error: the rule's boundary fails it
//
// A row that repeats the header (split files pasted together) is not data and is passed over.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/rules.h"
#include "lib/csv.h"
#include "lib/flat_map.h"

namespace dataport {

/// A column under today's name and the names it had ('|'-separated): older layouts' headers,
/// the same column in another language.
struct CsvAlias {
  const char* canonical;
  const char* older;
};

/// How one family of CSV files is read.
struct CsvTable {
  /// The columns that make a row the header (compared case- and space-insensitively, after the
  /// aliases): rows before it are a preamble ("Notes:" in Connections.csv) and are passed over.
  /// Empty: the first non-blank row is the header.
  std::vector<std::string_view> required = {};
  /// Older and localised names of columns. A header cell is renamed to the canonical name only
  /// when the file does not carry the canonical column too.
  std::vector<CsvAlias> aliases = {};
  /// Optional: a column name in the account's language to the one the reader asks for (a table
  /// too large or too shared for `aliases`, as Google's); applied before the aliases.
  std::string (*translate)(std::string_view) = nullptr;
  /// What a row is, for the verdict ("12 connections").
  const char* what = "rows";
  /// How many non-header rows may come before the header.
  int preamble = 40;
  /// For files written with or without a header (Mastodon's blocks.csv has none, its
  /// following_accounts.csv has one): when the first row is not the header, every row is data
  /// under these column names, in order.
  std::vector<const char*> columns = {};
  /// More cells than header columns are joined with ',' into the last column (free text with
  /// unquoted commas: LinkedIn Comments.csv). Otherwise the extra cells are kept, unnamed.
  bool join_extra = false;
  /// A blank row ends a table and the next non-blank row is a new header (YouTube's older
  /// playlist CSVs: a metadata block, a blank line, then the videos under their own header).
  bool sections = false;
  /// When set, a file whose header is not found is not of this family: its verdict is
  /// Fate::ignored with this note, and nothing is warned.
  const char* otherwise = nullptr;
};

/// One file being read: where its current row is, and what its rows gave.
class CsvRows {
 public:
  CsvRows(const Archive& a, Sink& s, Log& l, const Entry& e) : in(a), out(s), log(l), entry(e) {}
  const Archive& in;
  Sink& out;
  Log& log;
  const Entry& entry;
  int64_t line = 0;  ///< physical line where the current row starts
  int64_t records = 0, skipped = 0;
  int64_t passed = 0;  ///< rows read that make no record by design (a metadata block)
  /// The natural keys met in this file (see met()), by their 64-bit hash: a file of millions of
  /// rows keeps 16 bytes a slot, not each key.
  FlatU64Map seen;

  /// "archive: path line N" for the current row.
  std::string where() const;
  /// "line N": the current row's pointer for a record.
  std::string pointer() const { return "line " + std::to_string(line); }
  /// Counts and warns about the current row, which cannot be read ("<why>, row skipped").
  void skip(const std::string& why);
  /// Counts the current row as read though it makes no record (a metadata row).
  void pass() { ++passed; }
  /// How many times `key` was met in this file, this time included.
  int64_t met(std::string_view key);
  /// A key unique within the file: an identical second row gets "#2" (never a row number alone).
  std::string unique(const std::string& key);
  /// Hands a record to the sink and counts it.
  void add(Record r);
};

/// Handles one data row (at least as many cells as the header has columns).
using CsvRowFn = std::function<void(const CsvHeader&, const std::vector<std::string>&, CsvRows&)>;

/// Reads entry `e` as `table` says, `fn` for every data row; the file's verdict (see the top).
Verdict read_csv_table(const Archive& in, Sink& out, Log& log, const Entry& e, const CsvTable& table,
                       const CsvRowFn& fn);
inline Verdict read_csv_table(ImportContext& c, const Entry& e, const CsvTable& table, const CsvRowFn& fn) {
  return read_csv_table(c.in, c.out, c.log, e, table, fn);
}

/// A header row with the table's translations and aliases applied, and every cell that names a
/// required column in another case or spacing ("ConnectedOn", "connected  on") named as
/// `required` writes it.
std::vector<std::string> csv_canonical_names(const CsvTable& table, std::vector<std::string> names);

}  // namespace dataport
