#pragma once
// Printing results and parsing the filters every command shares. stdout carries data: NDJSON
// when piped, a table on a terminal; stderr carries talk.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "lib/record.h"
#include "lib/store.h"

namespace dataport {

/// Output formats. The one rule: a table on a terminal, NDJSON when piped, --format to choose.
/// Lists (query, sql, key list, credential list) print one object per line in NDJSON and an array
/// in JSON; reports (stats, inspect, verify, ingest) print their document on one line in NDJSON,
/// indented in JSON, their main table in CSV.
enum class Format { ndjson, json_doc, csv, table };

/// True when stdout (fd 1) or stderr (fd 2) is a terminal.
bool is_terminal(int fd);
/// Resolves --format ("" = table on a terminal, NDJSON otherwise); throws CLI::ValidationError.
Format pick_format(const std::string& flag);
/// The --format option (and, with `json_alias`, --json meaning --format json) as every command has it.
struct FormatArg {
  std::string flag;
  bool json = false;
  /// What was asked for; `fallback` when neither option was given ("" = the one rule).
  Format get(const std::string& fallback = "") const { return pick_format(json ? "json" : flag.empty() ? fallback : flag); }
  bool given() const { return json || !flag.empty(); }
};
/// Adds --format (and --json as its alias when `json_alias`) to a command.
void add_format_option(CLI::App* cmd, FormatArg& f, bool json_alias = true);
/// Prints a list of whole objects: JSON an indented array, NDJSON one per line.
void print_objects(const std::vector<json>& items, Format f);
/// Prints a report document: JSON indented, NDJSON on one line.
void print_document(const json& doc, Format f);

/// Thrown when the reader of stdout has gone (`| head`): main exits 0 quietly, like ripgrep and jq.
struct StdoutClosed {};
/// True when stdout is a pipe or socket whose reader has gone.
bool stdout_closed();
/// Throws StdoutClosed when a write to stdout failed because its reader has gone.
void check_stdout();

/// Text safe to show on a terminal: control characters (ESC, BEL, C1, DEL...) become visible
/// escapes (\x1b, \u009b), so archive data cannot retitle, clear or write the clipboard.
std::string terminal_safe(std::string_view s);

/// The closest of `candidates` to `word` (a typo or a plural), or "" when none is close.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);
/// A platform name for what people also call it (twitter -> x, takeout -> google), else `name`.
std::string platform_alias(const std::string& name);
/// The importer --from names, aliases resolved; throws CLI::ValidationError with a suggestion.
std::string importer_name(const std::string& given, const std::string& option);
/// The platforms --platform and --from know.
std::vector<std::string> known_platforms();

/// How a table shows a stored UTC time: in the local zone (the person's), or UTC with --utc.
std::string display_time(const json& utc_time, bool utc);

/// Streams rows of named columns in one format. Tables are buffered to size their columns.
class RowPrinter {
 public:
  RowPrinter(Format f, std::vector<std::string> columns, std::FILE* out = stdout);
  void add(const std::vector<json>& values);
  /// Ends the output (closes the JSON array, prints the table).
  void finish();

 private:
  Format format_;
  std::vector<std::string> columns_;
  std::FILE* out_;
  std::vector<std::vector<std::string>> buffered_;
  bool first_ = true;
};

/// A JSON value as a plain cell (strings unquoted).
std::string cell_text(const json& v);

/// The shared filters as given on the command line.
struct FilterArgs {
  std::vector<std::string> kinds, exclude_kinds, platforms;
  std::string since, until, search;
  int64_t limit = -1;
};
/// Adds --kind, --exclude-kind, --platform, --since, --until, --search to a command.
void add_filter_options(CLI::App* cmd, FilterArgs& args);
/// Checks and converts them; throws CLI::ValidationError (exit 2, with a suggestion) for an
/// unknown kind or platform or a bad date. A platform that is no importer's name is still
/// accepted when `store` holds records of it (dumps carry any platform).
RecordFilter make_filter(const FilterArgs& args, Store* store = nullptr);

/// A count with thousands separators ("12,345").
std::string with_commas(int64_t n);

}  // namespace dataport
