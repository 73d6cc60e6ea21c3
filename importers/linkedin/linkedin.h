#pragma once
// Internals of the LinkedIn importer (importers/linkedin/*.cc), shared by its files only: the
// public pair probe_linkedin/read_linkedin is declared in ingest/importers.h.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/csv.h"
#include "lib/log.h"
#include "lib/record.h"
#include "lib/sink.h"
#include "lib/time.h"

namespace dataport::linkedin {

using Row = std::vector<std::string>;
inline constexpr const char* platform = "linkedin";

// ---- values (table.cc) ----

/// Any of the date formats LinkedIn writes ("08 Feb 2026", "Jan 2024", "1/29/26, 2:37 PM", ...), in UTC.
std::optional<Timestamp> li_time(std::string_view s);
/// True for an empty cell and LinkedIn's placeholders ("Not Available", "N/A", "-").
bool no_value(std::string_view s);
/// True for "Yes", "true", "1".
bool yes(std::string_view s);
/// A URL with "https://" added when the cell has no scheme ("www.linkedin.com/in/x").
std::string full_url(std::string_view s);
/// The member slug of a /in/ profile URL, lower case ("" when there is none).
std::string profile_slug(std::string_view url);
/// Every http(s) URL in a cell.
std::vector<std::string> find_urls(std::string_view s);
/// Splits on `sep`, trims, drops empty parts.
std::vector<std::string> split_trim(std::string_view s, char sep);
/// Sets data at a dotted path ("person.url").
void put_path(json& data, std::string_view path, const json& value);
/// Adds "name" to a person object from its first and last names.
void complete_person(json& p);
/// A stable hash of a row's non-empty cells by header name (order-independent): a fallback key.
std::string content_hash(const CsvHeader& h, const Row& row);

// ---- file names and column aliases (table.cc) ----

/// "Company_Follows.csv", "Company Follows.csv" -> "companyfollows"; "Job Applications_1.csv" -> "jobapplications".
std::string file_key(std::string_view path);
/// A header row with older layouts' column names replaced by today's (the alias table in table.cc).
std::vector<std::string> canonical_headers(const std::string& file, std::vector<std::string> names);

// ---- reading one CSV (table.cc) ----

/// The state of one read: where it goes, and the profile that several files fill.
struct Ctx {
  Ctx(const Archive& a, Sink& s, Log& l) : in(a), out(s), log(l) {}
  const Archive& in;
  Sink& out;
  Log& log;
  json profile = json::object();
  std::string profile_path, profile_pointer;
};

/// What one file gave: counted while its rows are read, turned into the file's verdict.
struct Tally {
  Tally(Ctx& c, const Entry& e) : ctx(c), entry(e) {}
  Ctx& ctx;
  const Entry& entry;
  int64_t line = 0;                 ///< physical line of the current row
  int64_t records = 0, skipped = 0;
  std::map<std::string, int> seen;  ///< natural keys met in this file

  /// "archive: path line N" for the current row.
  std::string where() const;
  /// Counts and warns about a row that cannot be read.
  void skip(const std::string& why);
  /// A key unique within this file: an identical second row gets "#2" (never a row number alone).
  std::string unique(const std::string& key);
  /// Hands a record to the sink and counts it.
  void add(Record r);
};

/// Handles one data row.
using RowFn = std::function<void(const CsvHeader&, const Row&, Tally&)>;

/// Finds the header row by scanning for the `required` columns (preambles are skipped; older
/// column names are aliased first), hands each non-blank row to `fn`, and gives the file its
/// verdict ("N <what>"); a file that is not text fails alone.
void read_table(Ctx& ctx, const Entry& e, std::vector<std::string_view> required, const RowFn& fn,
                const char* what = "records");
/// read_table without the error boundary.
void read_rows(Ctx& ctx, const Entry& e, std::vector<std::string_view> required, const RowFn& fn,
               const char* what);

// ---- the table-driven files (specs.cc) ----

/// True when `name` (a normalised base name, see linkedin.cc) is one of the table's files.
bool has_spec(const std::string& name);
/// Reads a table-driven file; false when `name` is not one.
bool read_spec_file(Ctx& ctx, const Entry& e, const std::string& name);

// ---- files with their own shape (files.cc) ----

void connection_row(const CsvHeader& h, const Row& row, Tally& t);
void address_book_row(const CsvHeader& h, const Row& row, Tally& t);
void message_row(const std::string& service, const CsvHeader& h, const Row& row, Tally& t);
void ad_targeting_row(const CsvHeader& h, const Row& row, Tally& t);
/// Merges a row of one of the profile files (`file` is its normalised name) into ctx.profile.
void profile_row(const std::string& file, const CsvHeader& h, const Row& row, Tally& t);
/// Emits the one profile record once every file is read (nothing when no profile file was found).
void emit_profile(Ctx& ctx);
/// Articles/Articles/*.html -> post (type article).
void read_article(Ctx& ctx, const Entry& e);

}  // namespace dataport::linkedin
