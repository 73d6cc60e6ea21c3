// Every importer's entry readers (JSON, CSV, HTML, mbox, ics, vcf, JavaScript wrappers, and
// nested zips) through its public entry point, over a small archive the input describes:
//
//   <importer name>\n<path>\n<bytes>[\n--8<-- <path>\n<bytes>]...
//
// The entries are written to a folder that the archive reader opens like an unpacked export;
// every probe runs on it, then the named importer reads it into a sink that writes each record
// as a dump line (which throws on a string that is not UTF-8) and hashes each media file.
// Seeds: fuzz/seeds.sh turns every file of samples/ into one such input.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "ingest/importers.h"
#include "lib/archive.h"
#include "lib/dump.h"
#include "lib/json_dump.h"
#include "lib/record.h"
#include "lib/text.h"

namespace fs = std::filesystem;
using namespace dataport;

namespace {

class FuzzSink : public Sink {
 public:
  void add(Record r) override {
    resolve_id(r);
    if (r.id.empty()) fuzz::finding("a record without an id or a key to make it from");
    if (!r.data_object.empty()) {  // data given member by member: its text is what the tree dumps to
      std::string text = r.data_object.text();
      expand_data(r);
      if (dump_compact(r.data) != text) fuzz::finding("a record's data_object is not what its tree dumps to: " + text);
    }
    if (!is_record_kind(r.kind)) fuzz::finding("a record of unknown kind " + r.kind);
    if (!r.data.is_object()) fuzz::finding("a record whose data is not an object");
    dump_line(r);
    record_text(r.data);
  }
  MediaRef media(const Archive& in, const Entry& e) override {
    auto s = in.open(e);
    return media_stream(*s, e.path);
  }
  void file(const Entry&, Fate, std::string) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  if (nl == std::string::npos) return 0;
  const Importer* importer = find_importer(text.substr(0, nl));
  if (!importer) return 0;

  fs::path root = fuzz::fresh_dir("archive");
  std::set<std::string> names;
  std::string_view rest = std::string_view(text).substr(nl + 1);
  static const std::string_view cut = "\n--8<-- ";
  for (int n = 0; n < 16 && !rest.empty(); ++n) {
    size_t end = rest.find('\n');
    if (end == std::string_view::npos) break;
    std::string raw(rest.substr(0, end));
    rest.remove_prefix(end + 1);
    size_t next = rest.find(cut);
    std::string_view bytes = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + cut.size());
    std::string path;
    try {
      path = normalise_entry_path(raw, "fuzz");
    } catch (const Error&) {
      continue;
    }
    if (path.empty() || path.size() > 512 || !names.insert(path).second) continue;
    bool too_long = false;
    for (const std::string& c : split(path, '/')) too_long |= c.size() > 200;
    if (too_long) continue;
    fuzz::write_file((root / path).string(), bytes);
  }
  if (names.empty()) return 0;

  ArchiveLimits limits;
  limits.max_entry_size = 8 << 20;
  limits.max_total_size = 32 << 20;
  limits.ratio_after = 1 << 20;
  limits.max_read_whole = 8 << 20;
  Log log = fuzz::quiet_log();
  try {
    Archive in({root.string()}, limits);
    for (const Importer& i : importers()) {
      try {
        i.probe(in);
      } catch (const Error&) {
      } catch (const std::exception& e) {
        fuzz::finding(std::string("probe_") + i.name + " let an exception that is not an Error escape: " + e.what());
      }
    }
    FuzzSink sink;
    importer->read(in, sink, log);
  } catch (const Error&) {
  } catch (const std::exception& e) {
    // Only Error is a refusal; anything else escaping an importer is a defect: say which.
    fuzz::finding(std::string("an exception that is not an Error escaped: ") + e.what());
  }
  return 0;
}
