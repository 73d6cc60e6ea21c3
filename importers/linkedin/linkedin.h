#pragma once
// Internals of the LinkedIn importer (importers/linkedin/*.cc), shared by its files only: the
// public pair probe_linkedin/read_linkedin is declared in ingest/importers.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/csv_table.h"
#include "ingest/rules.h"
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
/// The table of a file: its header's `required` columns, the older layouts' names of its
/// columns (the alias table in table.cc), and what its rows are, for the shared CSV reader.
CsvTable table_for(const std::string& file, std::vector<std::string_view> required, const char* what = "records");

// ---- the run ----------------------------------------------------------------------------------

/// What several files of one run share (ImportContext::state): the profile that several files
/// fill, and how many files the rules claimed.
struct State {
  json profile = json::object();
  std::string profile_path, profile_pointer;
  int64_t claimed = 0;
};

// ---- the table-driven files (specs.cc) ----

/// True when `name` (normalised, see file_key) is one of the table's files.
bool has_spec(const std::string& name);
/// Every file name (normalised, see file_key) of the table, '|'-separated: the rule's match.
const char* spec_names();
/// Reads a table-driven file (the rule of spec_names()).
Verdict read_spec_file(ImportContext& c, const Entry& e);

// ---- files with their own shape (files.cc) ----

void connection_row(const CsvHeader& h, const Row& row, CsvRows& t);
void address_book_row(const CsvHeader& h, const Row& row, CsvRows& t);
void message_row(const std::string& service, const CsvHeader& h, const Row& row, CsvRows& t);
void ad_targeting_row(const CsvHeader& h, const Row& row, CsvRows& t);
/// Merges a row of one of the profile files (`file` is its normalised name) into the profile.
void profile_row(State& s, const std::string& file, const CsvHeader& h, const Row& row, CsvRows& t);
/// Emits the one profile record once every file is read (nothing when no profile file was found).
void emit_profile(ImportContext& c);
/// Articles/Articles/*.html -> post (type article).
Verdict read_article(ImportContext& c, const Entry& e);

}  // namespace dataport::linkedin
