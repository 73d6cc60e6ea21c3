// dataport's own dump: JSON Lines of whole records (lib/dump.h), as `query --format ndjson`
// prints them and bundles carry them under data/records/. Ingesting a dump restores the same
// records with the same ids and sources, so dump -> ingest -> dump is byte-identical.
//
// [x] *.ndjson / *.jsonl whose lines are dump records -> records of every kind, each checked
//     against the record model (lib/model.h); a first line {"dataport":"dump","model_version":N}
//     (export dump writes it) names the model, and a newer one than ours is refused
// (a whole bundle, with its media and checksums, is the bundle importer's: importers/bundle.cc)

#include <utility>

#include "ingest/importers.h"
#include "lib/dump.h"
#include "lib/error.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {

namespace {

bool dump_name(const Entry& e) {
  std::string n = lower(e.path);
  auto ends = [&](std::string_view x) { return n.size() >= x.size() && n.substr(n.size() - x.size()) == x; };
  return !e.junk && !e.link && (ends(".ndjson") || ends(".jsonl"));
}

// A dump starts with its header line (export dump) or a record, envelope in its fixed order.
bool dump_head(const std::string& head) {
  return head.rfind("{\"dataport\":\"dump\"", 0) == 0 ||
         (head.rfind("{\"id\":\"", 0) == 0 && head.find("\"kind\":\"") != std::string::npos);
}

}  // namespace

int probe_dump(const Archive& in) {
  int found = 0;
  for (const Entry& e : in.entries()) {
    if (!dump_name(e)) continue;
    if (e.size == 0) continue;
    if (!dump_head(in.head(e, 256))) return 0;  // some other NDJSON: not ours
    ++found;
  }
  return found ? 95 : 0;
}

void read_dump(const Archive& in, Sink& out, Log& log) {
  for (const Entry& e : in.entries()) {
    if (!dump_name(e)) continue;
    auto s = in.open(e);
    LineReader lines(*s);
    std::string line;
    int64_t n = 0, bad = 0, off_model = 0;
    bool first = true;
    while (lines.next(line)) {
      if (trim(line).empty()) continue;
      std::string where = in.where(e) + " line " + std::to_string(lines.line_number());
      if (lines.truncated()) {  // a cut line is no longer JSON: say why it is skipped
        ++bad;
        log.warn(where, "longer than 16 MiB: record skipped");
        continue;
      }
      if (std::exchange(first, false)) {
        try {
          if (dump_header_version(line, where)) continue;
        } catch (const Error& err) {  // a newer model's dump: none of its lines can be trusted
          log.partial(describe(err), "file skipped");
          bad = -1;
          break;
        }
      }
      try {
        Record r = parse_dump_line(line, where);
        // Kept whatever the model says (nothing is lost), but a record the model does not
        // describe makes the run partial: the golden tests read every dump back this way.
        std::vector<std::string> problems = check_record(r);
        if (!problems.empty()) {
          log.partial(where, "record " + r.id + " does not fit the record model: " + join(problems, "; "));
          ++off_model;
        }
        out.add(std::move(r));
        ++n;
      } catch (const Error& err) {
        log.partial(describe(err), "record skipped");
        ++bad;
      }
    }
    if (bad < 0) {
      out.file(e, Fate::failed, "a dump of a newer record model");
      continue;
    }
    std::string note = std::to_string(n) + " records";
    if (bad) note += ", " + std::to_string(bad) + " unreadable lines";
    if (off_model) note += ", " + std::to_string(off_model) + " outside the record model";
    out.file(e, bad || off_model ? Fate::partial : Fate::parsed, note);
  }
}

}  // namespace dataport
