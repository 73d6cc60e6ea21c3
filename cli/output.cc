#include "cli/output.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "ingest/importers.h"
#include "lib/csv.h"
#include "lib/json_dump.h"
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
  std::string near = closest(flag, {"ndjson", "json", "csv", "table"});
  throw CLI::ValidationError("--format", "must be ndjson, json, csv or table, not '" + flag + "'" +
                                             (near.empty() ? "" : "; did you mean '" + near + "'?"));
}

void add_format_option(CLI::App* cmd, FormatArg& f, bool json_alias) {
  cmd->add_option("--format", f.flag, "ndjson, json, csv or table (default: a table on a terminal, NDJSON when piped)");
  if (json_alias) cmd->add_flag("--json", f.json, "the same as --format json");
}

void print_document(const json& doc, Format f) {
  std::printf("%s\n", doc.dump(f == Format::json_doc ? 2 : -1, ' ', false, json::error_handler_t::replace).c_str());
}

void print_objects(const std::vector<json>& items, Format f) {
  if (f == Format::json_doc) return print_document(json(items), f);
  for (const json& j : items) {
    std::printf("%s\n", dump_compact(j).c_str());
    check_stdout();
  }
}

bool stdout_closed() {
  pollfd p{1, POLLOUT, 0};
  return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

void check_stdout() {
  if (std::ferror(stdout) && stdout_closed()) throw StdoutClosed{};
}

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      // C1 controls (U+0080..U+009F): CSI and OSC in their one-character forms.
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string w = lower(word), best;
  size_t best_d = 99;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(w, lower(c));
    // A word that starts the candidate (`med` for media) is as good as one typo.
    if (w.size() >= 3 && lower(c).rfind(w, 0) == 0) d = std::min<size_t>(d, 1);
    if (d < best_d) best_d = d, best = c;
  }
  size_t allowed = w.size() <= 3 ? 1 : w.size() <= 6 ? 2 : 3;
  return best_d <= allowed ? best : "";
}

std::string platform_alias(const std::string& name) {
  static const std::map<std::string, std::string> aliases = {
      {"twitter", "x"},         {"twitter.com", "x"},        {"x.com", "x"},
      {"fb", "facebook"},       {"meta", "facebook"},        {"messenger", "facebook"},
      {"ig", "instagram"},      {"insta", "instagram"},      {"takeout", "google"},
      {"google-takeout", "google"}, {"openai", "chatgpt"},   {"linked-in", "linkedin"},
      {"tik-tok", "tiktok"},    {"fediverse", "mastodon"},
  };
  std::string l = lower(name);
  auto it = aliases.find(l);
  if (it != aliases.end()) return it->second;
  for (const std::string& p : known_platforms())
    if (p == l) return p;
  return name;
}

std::string importer_name(const std::string& given, const std::string& option) {
  std::string name = platform_alias(given);
  std::vector<std::string> names;
  for (const Importer& i : importers()) {
    if (name == i.name) return name;
    names.emplace_back(i.name);
  }
  // A typo of a common name (twiter) suggests the platform it stands for.
  std::vector<std::string> with_aliases = names;
  for (const char* a : {"twitter", "takeout", "openai", "facebook", "instagram"}) with_aliases.emplace_back(a);
  std::string near = closest(name, with_aliases);
  if (!near.empty()) near = platform_alias(near);
  throw CLI::ValidationError(option, "no importer named '" + given + "'" +
                                         (near.empty() ? "; importers: " + join(names, ", ") : "; did you mean '" + near + "'?"));
}

std::vector<std::string> known_platforms() {
  std::vector<std::string> out;
  for (const Importer& i : importers())
    if (std::string_view(i.name) != "bundle" && std::string_view(i.name) != "dump") out.emplace_back(i.name);
  return out;
}

std::string display_time(const json& utc_time, bool utc) {
  if (!utc_time.is_string()) return "-";
  const std::string& t = utc_time.get_ref<const std::string&>();
  std::tm tm{};
  if (t.size() < 19 || !strptime(t.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return t;
  if (utc) return t.substr(0, 19) + "Z";
  std::time_t secs = timegm(&tm);
  std::tm local{};
  if (!localtime_r(&secs, &local)) return t.substr(0, 19) + "Z";
  char buf[48];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &local);
  return buf;
}

std::string cell_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return dump_compact(v);
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
        cells.push_back(terminal_safe(ellipsize(t, 60)));
      }
      buffered_.push_back(std::move(cells));
      break;
    }
  }
  first_ = false;
  check_stdout();
}

void RowPrinter::finish() {
  if (format_ == Format::json_doc) std::fputs(first_ ? "]\n" : "\n]\n", out_);
  if (format_ != Format::table) return;
  std::vector<size_t> width(columns_.size(), 0);
  for (auto& c : columns_) c = terminal_safe(c);
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
  cmd->add_option("--platform", a.platforms, "only records from this platform (aliases such as twitter for x work)")->delimiter(',');
  cmd->add_option("--since", a.since, "only records at or after DATE (2024, 2024-03, 2024-03-01, RFC 3339)");
  cmd->add_option("--until", a.until, "only records up to the end of DATE (same forms)");
  cmd->add_option("--search", a.search, "only records whose text matches: all these words; lyo* for a prefix; lyon OR oslo");
}

RecordFilter make_filter(const FilterArgs& a, Store* store) {
  RecordFilter f;
  std::vector<std::string> all_kinds;
  for (auto n : record_kinds()) all_kinds.emplace_back(n);
  for (const auto* list : {&a.kinds, &a.exclude_kinds})
    for (const std::string& k : *list)
      if (!is_record_kind(k)) {
        std::string near = closest(k, all_kinds);
        throw CLI::ValidationError(list == &a.kinds ? "--kind" : "--exclude-kind",
                                   "unknown kind '" + k + "'" +
                                       (near.empty() ? "; kinds: " + join(all_kinds, ", ") : "; did you mean '" + near + "'?"));
      }
  f.kinds = a.kinds;
  f.exclude_kinds = a.exclude_kinds;
  std::vector<std::string> known = known_platforms();
  for (const std::string& given : a.platforms) {
    std::string p = platform_alias(given);
    bool ok = std::find(known.begin(), known.end(), p) != known.end();
    if (!ok && store)
      store->select("SELECT 1 FROM records WHERE platform = ? LIMIT 1", {p}, [&](const Row&) { ok = true; });
    if (!ok) {
      std::string near = closest(p, known);
      throw CLI::ValidationError("--platform", "unknown platform '" + given + "'" +
                                                   (near.empty() ? "; platforms: " + join(known, ", ")
                                                                 : "; did you mean '" + near + "'?"));
    }
    f.platforms.push_back(p);
  }
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
