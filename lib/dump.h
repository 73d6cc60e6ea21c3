#pragma once
// The dump format: one record per line as JSON, envelope keys in a fixed order
// (id, kind, platform, service, time, source, data), data keys sorted. Golden tests, the
// portable bundle and `query --format ndjson` all use it.

#include <string>
#include <string_view>

#include "lib/record.h"

namespace dataport {

/// A record's parts as text: the envelope, and `data` already as compact JSON with sorted keys
/// (as the store keeps it). An empty service or time is written as null.
struct DumpRow {
  std::string_view id, kind, platform, service, time, archive, path, pointer, data;
};

/// One record as a dump line (no trailing newline).
std::string dump_line(const Record& r);
/// The same line from parts already in text form.
std::string dump_line(const DumpRow& r);
/// The envelope and data as one JSON value (for --format json).
json record_to_json(const Record& r);
/// Parses a dump line back into a Record; throws Error(where, ...) when it is not one.
Record parse_dump_line(const std::string& line, const std::string& where);

}  // namespace dataport
