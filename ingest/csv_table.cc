#include "ingest/csv_table.h"

#include <algorithm>

#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

using Row = std::vector<std::string>;

// A column name compared whatever its case and spacing: "Connected On", "connected_on",
// "ConnectedOn" and " CONNECTED ON\xC2\xA0" are one name.
std::string fold_name(std::string_view s) {
  s = strip_bom(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
      ++i;
      continue;
    }
    if (ch == ' ' || ch == '_' || ch == '\t') continue;
    out += ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : static_cast<char>(ch);
  }
  return out;
}

bool names_one_of(std::string_view bar_list, const std::string& folded) {
  while (!bar_list.empty()) {
    size_t bar = bar_list.find('|');
    if (fold_name(bar_list.substr(0, bar)) == folded) return true;
    bar_list = bar == std::string_view::npos ? "" : bar_list.substr(bar + 1);
  }
  return false;
}

// Renames the first cell that is `canonical` under another name (`older`, or the canonical name
// in another case or spacing), unless the row already carries the canonical name as written.
void rename_column(Row& names, std::string_view canonical, std::string_view older) {
  for (const std::string& n : names)
    if (iequals(trim(strip_bom(n)), canonical)) return;
  std::string want = fold_name(canonical);
  for (std::string& n : names) {
    std::string f = fold_name(n);
    if (f == want || (!older.empty() && names_one_of(older, f))) {
      n = std::string(canonical);
      return;
    }
  }
}

bool is_header(const CsvTable& table, const CsvHeader& h) {
  for (std::string_view r : table.required)
    if (!h.has(r)) return false;
  return true;
}

}  // namespace

std::vector<std::string> csv_canonical_names(const CsvTable& table, std::vector<std::string> names) {
  if (table.translate)
    for (std::string& n : names) n = table.translate(n);
  for (const CsvAlias& a : table.aliases) rename_column(names, a.canonical, a.older);
  for (std::string_view r : table.required) rename_column(names, r, "");
  return names;
}

std::string CsvRows::where() const { return in.where(entry) + " line " + std::to_string(line); }

void CsvRows::skip(const std::string& why) {
  ++skipped;
  log.warn(where(), why + ", row skipped");
}

int64_t CsvRows::met(std::string_view key) {
  auto [n, fresh] = seen.try_emplace(std::hash<std::string_view>{}(key), 1);
  return fresh ? 1 : static_cast<int64_t>(++*n);
}

std::string CsvRows::unique(const std::string& key) {
  int64_t n = met(key);
  return n == 1 ? key : key + "#" + std::to_string(n);
}

void CsvRows::add(Record r) {
  ++records;
  out.add(std::move(r));
}

// The header is found by scanning for its columns, never by skipping a fixed count of lines:
// LinkedIn's Connections.csv and Member_Follows.csv start with a "Notes:" preamble.
Verdict read_csv_table(const Archive& in, Sink& out, Log& log, const Entry& e, const CsvTable& table,
                       const CsvRowFn& fn) {
  auto stream = in.open(e);
  CsvReader reader(*stream, in.where(e));
  CsvRows t(in, out, log, e);
  const std::string what = table.what;
  Row row, first, raw_header;
  CsvHeader header;
  bool found = false, pending = false;  // pending: the row in `row` is data (a file without header)
  int64_t nonblank = 0;
  for (int scanned = 0; !found && scanned <= table.preamble && reader.next(row); ++scanned) {
    if (blank_row(row)) continue;
    if (nonblank++ == 0) first = row;
    CsvHeader h(csv_canonical_names(table, row));
    if (is_header(table, h)) {
      header = std::move(h);
      raw_header = row;
      found = true;
    } else if (!table.columns.empty()) {  // no header: this row is already data
      header = CsvHeader(std::vector<std::string>(table.columns.begin(), table.columns.end()));
      found = pending = true;
    }
  }
  if (!found) {
    bool more = false;
    while (!more && reader.next(row)) more = !blank_row(row);
    if (nonblank == 0) return {Fate::parsed, "0 " + what + " (empty file)"};
    if (nonblank == 1 && !more && first.size() == 1)  // "No conversations found"
      return {Fate::parsed, "0 " + what + " (file says \"" + std::string(trim(first[0])) + "\")"};
    if (table.otherwise) return {Fate::ignored, table.otherwise};
    std::string want = table.required.empty() ? "" : std::string(table.required[0]);
    log.partial(in.where(e), "no header row with column \"" + want + "\" found");
    return {Fate::failed, "header row not found"};
  }
  int64_t data_rows = 0;
  bool new_table = false;
  while (pending || reader.next(row)) {
    pending = false;
    if (blank_row(row)) {
      new_table = table.sections;
      continue;
    }
    if (new_table) {
      new_table = false;
      header = CsvHeader(csv_canonical_names(table, row));
      raw_header = row;
      continue;
    }
    if (row == raw_header) continue;  // the header again: files pasted together
    ++data_rows;
    t.line = reader.line();
    if (reader.truncated())
      log.partial(t.where(), "a field longer than 16 MiB kept only its first 16 MiB");
    size_t columns = header.names().size();
    if (table.join_extra && columns > 0 && row.size() > columns) {
      for (size_t i = columns; i < row.size(); ++i) row[columns - 1] += "," + row[i];
      row.resize(columns);
    }
    if (row.size() < columns) row.resize(columns);
    fn(header, row, t);
  }
  if (reader.unterminated()) {
    log.partial(in.where(e) + " line " + std::to_string(t.line), "file ends inside a quoted field");
    return {Fate::partial, std::to_string(t.records) + " " + what + ", last row cut"};
  }
  if (data_rows > 0 && t.records == 0 && t.passed == 0) {
    log.partial(in.where(e), std::to_string(data_rows) + " rows but none could be read");
    return {Fate::failed, "no row could be read"};
  }
  CsvVerdict v = csv_verdict(t.records, t.skipped, what);
  return {v.fate, v.note};
}

}  // namespace dataport
