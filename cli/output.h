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

/// Output formats of query and sql.
enum class Format { ndjson, json_doc, csv, table };

/// True when stdout (fd 1) or stderr (fd 2) is a terminal.
bool is_terminal(int fd);
/// Resolves --format ("" = table on a terminal, NDJSON otherwise); throws CLI::ValidationError.
Format pick_format(const std::string& flag);

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
/// Checks and converts them; throws CLI::ValidationError for a bad kind or date.
RecordFilter make_filter(const FilterArgs& args);

/// A count with thousands separators ("12,345").
std::string with_commas(int64_t n);

}  // namespace dataport
