// Every text exporter end to end over records the fuzzer writes as dump lines (the seeds are the
// golden dumps of the samples): vCard, iCalendar, CSV, NDJSON, JSON Resume, Mastodon, mbox,
// GPX, GeoJSON, and the audit page. What they write must be what its format allows: content
// lines of vCard and iCalendar end in CRLF, stay within 75 octets and hold no control character;
// every CSV row has its header's columns; every JSON file parses.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exporters/exporters.h"
#include "fuzz/fuzz.h"
#include "lib/audit.h"
#include "lib/csv.h"
#include "lib/dump.h"
#include "credentials/jcs.h"
#include "lib/store.h"
#include "lib/text.h"

namespace fs = std::filesystem;
using namespace dataport;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void check_content_lines(const fs::path& p) {
  std::string text = slurp(p);
  size_t from = 0;
  for (size_t at; (at = text.find('\n', from)) != std::string::npos; from = at + 1) {
    if (at == 0 || text[at - 1] != '\r') fuzz::finding(p.filename().string() + ": a line does not end in CRLF");
    std::string_view line(text.data() + from, at - 1 - from);
    if (line.size() > 75) fuzz::finding(p.filename().string() + ": a content line of " + std::to_string(line.size()) + " octets");
    for (unsigned char c : line)
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        fuzz::finding(p.filename().string() + ": control character " + std::to_string(c) + " in a content line");
  }
  if (from != text.size()) fuzz::finding(p.filename().string() + ": the file does not end with a line break");
  if (!valid_utf8(text)) fuzz::finding(p.filename().string() + ": not UTF-8");
}

void check_csv(const fs::path& p) {
  MemoryStream s{slurp(p)};
  CsvReader reader(s, p.string(), ',');
  std::vector<std::string> header, row;
  try {
    if (!reader.next(header)) return;
    while (reader.next(row))
      if (row.size() != header.size())
        fuzz::finding(p.filename().string() + ": a row of " + std::to_string(row.size()) + " cells under " +
                      std::to_string(header.size()) + " columns");
  } catch (const Error& e) {
    fuzz::finding(p.filename().string() + ": does not read back: " + e.message());
  }
}

void check_output(const fs::path& p) {
  std::vector<fs::path> files;
  if (fs::is_directory(p)) {
    for (const auto& de : fs::recursive_directory_iterator(p))
      if (de.is_regular_file()) files.push_back(de.path());
  } else if (fs::exists(p)) {
    files.push_back(p);
  }
  for (const fs::path& f : files) {
    std::string ext = f.extension().string();
    if (ext == ".vcf" || ext == ".ics") check_content_lines(f);
    if (ext == ".csv") check_csv(f);
    if (ext == ".json" || ext == ".geojson") {
      try {
        parse_json_strict(slurp(f), f.string());
      } catch (const Error& e) {
        fuzz::finding(f.filename().string() + ": not JSON: " + e.message());
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  fs::path root = fuzz::fresh_dir("export");
  fs::create_directories(root / "out");
  Log log = fuzz::quiet_log();
  Store store((root / "db.sqlite").string(), Store::Mode::read_write);
  store.begin();
  int64_t archive = store.upsert_archive("fuzz", "fuzz", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  int lines = 0;
  for (const std::string& line : split(text, '\n')) {
    if (++lines > 64) break;
    try {
      Record r = parse_dump_line(line, "fuzz.ndjson");
      store.insert_record(r, archive);
    } catch (const Error&) {
    }
  }
  store.commit();
  const char* wanted[] = {"vcard", "ical", "csv", "ndjson", "jsonresume", "mastodon", "mbox", "gpx", "geojson"};
  for (const Exporter& x : exporters()) {
    if (std::find_if(std::begin(wanted), std::end(wanted), [&](const char* w) { return std::string(w) == x.name; }) ==
        std::end(wanted))
      continue;
    ExportOptions opt;
    std::string ext = std::string(x.name) == "vcard" ? ".vcf" : std::string(x.name) == "ical" ? ".ics"
                      : std::string(x.name) == "geojson" || std::string(x.name) == "jsonresume" ? ".json" : "";
    opt.output = (root / "out" / (std::string(x.name) + ext)).string();
    opt.source_date_epoch = 1767225600;
    try {
      x.write(store, opt, log);
    } catch (const Error&) {
      continue;
    }
    check_output(opt.output);
  }
  json audit = compute_audit(store);
  render_audit_html(audit);
  render_audit_markdown(audit);
  render_audit_ndjson(audit);
  return 0;
}
