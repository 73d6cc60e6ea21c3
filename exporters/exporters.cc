#include "exporters/exporters.h"

#include "lib/dump.h"

namespace dataport {

const std::vector<Exporter>& exporters() {
  static const std::vector<Exporter> table = {
      {"dump", "NDJSON of whole records, the format golden tests and bundles use", export_dump},
  };
  return table;
}

void export_dump(Store& store, const RecordFilter& filter, std::ostream& out) {
  store.each_record(filter, [&](const Record& r) { out << dump_line(r) << '\n'; });
}

}  // namespace dataport
