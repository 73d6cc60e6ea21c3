// Tables for spreadsheets and scripts: -o DIR gets one file per kind.
// [x] csv: RFC 4180 (CRLF, quoted when needed), flat columns: the envelope (id, platform, service,
//     time, source_path, source_pointer), then every data field seen in that kind, nested objects
//     as dotted names (person.name), arrays as JSON text
// [x] ndjson: whole records, one per line, in the dump shape
// [x] spreadsheet formula guarding: a cell starting with = + - @, tab or CR (not a plain number)
//     gets a leading ' (OWASP's CSV injection advice); --raw keeps cells exact for scripts

#include <fstream>
#include <set>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/csv.h"
#include "lib/dump.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {
namespace {

void flatten(const json& v, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (v.is_object() && !v.empty()) {
    for (auto it = v.begin(); it != v.end(); ++it) flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
  } else if (v.is_string()) {
    out[prefix] = v.get<std::string>();
  } else if (!v.is_null()) {
    out[prefix] = v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

std::map<std::string, std::string> row_of(const Record& r) {
  std::map<std::string, std::string> row;
  flatten(r.data, "", row);
  return row;
}

// The writers of one folder: one open stream per kind, files named KIND.EXT.
class KindFiles {
 public:
  KindFiles(AtomicDir& dir, const char* ext) : dir_(dir), ext_(ext) {}
  std::ofstream& operator[](const std::string& kind) {
    auto it = files_.find(kind);
    if (it != files_.end()) return it->second;
    std::ofstream& f = files_[kind];
    f.open(dir_.file(safe_component(kind) + ext_), std::ios::binary);
    if (!f) throw Error(dir_.path(), "cannot write " + kind + ext_);
    return f;
  }
  void close() {
    for (auto& [kind, f] : files_) {
      f.close();
      if (!f) throw Error(dir_.path() + "/" + kind + ext_, "write failed (disk full?)");
    }
  }

 private:
  AtomicDir& dir_;
  const char* ext_;
  std::map<std::string, std::ofstream> files_;
};

}  // namespace

void export_csv(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  // Two passes keep memory flat: the first finds each kind's columns, the second writes rows.
  std::map<std::string, std::set<std::string>> columns;
  store.each_record(opt.filter, [&](const Record& r) {
    std::set<std::string>& c = columns[r.kind];
    for (const auto& [k, v] : row_of(r)) c.insert(k);
  });
  AtomicDir dir(opt.output);
  KindFiles files(dir, ".csv");
  const bool guard = opt.param("raw") != "1";
  static const std::vector<std::string> envelope = {"id", "platform", "service", "time", "source_path", "source_pointer"};
  for (const auto& [kind, cols] : columns) {
    std::vector<std::string> head = envelope;
    for (const std::string& c : cols) head.push_back(csv_cell(c, guard));
    files[kind] << join(head, ",") << "\r\n";
  }
  store.each_record(opt.filter, [&](const Record& r) {
    std::map<std::string, std::string> row = row_of(r);
    std::vector<std::string> cells = {r.id, r.platform, r.service, time_string(r), r.source.path, r.source.pointer};
    for (std::string& c : cells) c = csv_cell(c, guard);
    for (const std::string& c : columns[r.kind]) {
      auto it = row.find(c);
      cells.push_back(it == row.end() ? "" : csv_cell(it->second, guard));
    }
    files[r.kind] << join(cells, ",") << "\r\n";
    rep.wrote(r.kind + " rows");
  });
  files.close();
  dir.commit();
  rep.print(log, "csv", opt.output);
}

void export_ndjson(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  AtomicDir dir(opt.output);
  KindFiles files(dir, ".ndjson");
  store.each_record(opt.filter, [&](const Record& r) {
    files[r.kind] << dump_line(r) << "\n";
    rep.wrote(r.kind + " records");
  });
  files.close();
  dir.commit();
  rep.print(log, "ndjson", opt.output);
}

}  // namespace dataport
