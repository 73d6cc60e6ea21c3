#pragma once
// The record model as data: every kind with its main fields. One source for the store's
// per-kind views, the JSON Schema shipped with the program and in bundles, and `formats`.

#include <string>
#include <string_view>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// One kind of record and the data fields worth a column in its view.
struct KindInfo {
  std::string_view name;
  std::string_view description;
  std::vector<std::string_view> fields;  ///< scalar data fields shown as view columns
};

/// Every kind, in the order of docs/schema.md.
const std::vector<KindInfo>& kind_infos();
/// The JSON Schema (draft 2020-12) of a dump line, as docs/record.schema.json holds it.
json record_json_schema();
/// docs/schema.md, embedded at build time (bundles carry it beside the JSON Schema).
const char* schema_markdown();
/// A one-line summary of a record for tables: its most telling text field.
std::string record_summary(const json& data);

}  // namespace dataport
