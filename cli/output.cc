#include "cli/output.h"

#include <unistd.h>

#include <algorithm>

#include "lib/csv.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {

bool is_terminal(int fd) { return isatty(fd) == 1; }

Format pick_format(const std::string& flag) {
  if (flag.empty()) return is_terminal(1) ? Format::table : Format::ndjson;
  if (flag == "ndjson" || flag == "jsonl") return Format::ndjson;
  if (flag == "json") return Format::json_doc;
  if (flag == "csv") return Format::csv;
  if (flag == "table") return Format::table;
  throw CLI::ValidationError("--format", "must be ndjson, json, csv or table, not '" + flag + "'");
}

std::string cell_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

RowPrinter::RowPrinter(Format f, std::vector<std::string> columns, std::FILE* out)
    : format_(f), columns_(std::move(columns)), out_(out) {
  if (format_ == Format::csv) {
    std::vector<std::string> cells;
    for (const auto& c : columns_) cells.push_back(csv_cell(c));
    std::fprintf(out_, "%s\n", join(cells, ",").c_str());
  } else if (format_ == Format::json_doc) {
    std::fputs("[", out_);
  }
}

void RowPrinter::add(const std::vector<json>& values) {
  switch (format_) {
    case Format::ndjson:
    case Format::json_doc: {
      // Keep column order: build the object text by hand.
      std::string line = "{";
      for (size_t i = 0; i < columns_.size() && i < values.size(); ++i) {
        if (i) line += ",";
        line += json(columns_[i]).dump() + ":" + values[i].dump(-1, ' ', false, json::error_handler_t::replace);
      }
      line += "}";
      if (format_ == Format::json_doc) std::fprintf(out_, "%s\n%s", first_ ? "" : ",", line.c_str());
      else std::fprintf(out_, "%s\n", line.c_str());
      break;
    }
    case Format::csv: {
      std::vector<std::string> cells;
      for (const auto& v : values) cells.push_back(csv_cell(cell_text(v)));
      std::string line = join(cells, ",") + "\n";
      std::fwrite(line.data(), 1, line.size(), out_);  // by length: a NUL in a value does not end the row
      break;
    }
    case Format::table: {
      std::vector<std::string> cells;
      for (const auto& v : values) {
        std::string t = replace_all(replace_all(cell_text(v), "\n", " "), "\r", "");
        cells.push_back(ellipsize(t, 60));
      }
      buffered_.push_back(std::move(cells));
      break;
    }
  }
  first_ = false;
}

void RowPrinter::finish() {
  if (format_ == Format::json_doc) std::fputs(first_ ? "]\n" : "\n]\n", out_);
  if (format_ != Format::table) return;
  std::vector<size_t> width(columns_.size(), 0);
  for (size_t i = 0; i < columns_.size(); ++i) width[i] = utf8_length(columns_[i]);
  for (const auto& row : buffered_)
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], utf8_length(row[i]));
  auto print = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size() && i < width.size(); ++i) {
      line += cells[i];
      if (i + 1 < cells.size()) line += std::string(width[i] - utf8_length(cells[i]) + 2, ' ');
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out_);  // by length: a NUL in a value does not end the row
  };
  print(columns_);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  print(rule);
  for (const auto& row : buffered_) print(row);
  buffered_.clear();
}

void add_filter_options(CLI::App* cmd, FilterArgs& a) {
  cmd->add_option("--kind", a.kinds, "only records of this kind (repeatable, or comma-separated)")->delimiter(',');
  cmd->add_option("--exclude-kind", a.exclude_kinds, "leave out records of this kind")->delimiter(',');
  cmd->add_option("--platform", a.platforms, "only records from this platform")->delimiter(',');
  cmd->add_option("--since", a.since, "only records at or after DATE (2024, 2024-03, 2024-03-01, RFC 3339)");
  cmd->add_option("--until", a.until, "only records up to the end of DATE (same forms)");
  cmd->add_option("--search", a.search, "only records whose text contains all these words");
}

RecordFilter make_filter(const FilterArgs& a) {
  RecordFilter f;
  for (const auto* list : {&a.kinds, &a.exclude_kinds})
    for (const std::string& k : *list)
      if (!is_record_kind(k)) {
        std::vector<std::string> all;
        for (auto n : record_kinds()) all.emplace_back(n);
        throw CLI::ValidationError("--kind", "unknown kind '" + k + "'; kinds: " + join(all, ", "));
      }
  f.kinds = a.kinds;
  f.exclude_kinds = a.exclude_kinds;
  f.platforms = a.platforms;
  if (!a.since.empty()) {
    f.since = parse_bound(a.since, false);
    if (!f.since) throw CLI::ValidationError("--since", "not a date: '" + a.since + "' (use 2024, 2024-03, 2024-03-01 or RFC 3339)");
  }
  if (!a.until.empty()) {
    f.until = parse_bound(a.until, true);
    if (!f.until) throw CLI::ValidationError("--until", "not a date: '" + a.until + "' (use 2024, 2024-03, 2024-03-01 or RFC 3339)");
  }
  f.search = a.search;
  f.limit = a.limit;
  return f;
}

std::string with_commas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace dataport
