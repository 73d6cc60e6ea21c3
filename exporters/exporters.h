#pragma once
// The exporter table. An exporter reads the Store (never an archive), is deterministic, and
// writes only to the output the user named.

#include <ostream>
#include <string>
#include <vector>

#include "lib/store.h"

namespace dataport {

/// One output format.
struct Exporter {
  const char* name;
  const char* description;
  /// Writes the records matching the filter to out.
  void (*write)(Store& store, const RecordFilter& filter, std::ostream& out);
};

/// Every exporter.
const std::vector<Exporter>& exporters();

/// The dump format: one record per line (lib/dump.h), ordered by time then id.
void export_dump(Store& store, const RecordFilter& filter, std::ostream& out);

}  // namespace dataport
