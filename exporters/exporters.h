#pragma once
// The exporter table. An exporter reads the Store (never an archive), is deterministic (the same
// store and options give byte-identical output; dates it must write come from SOURCE_DATE_EPOCH),
// writes only to the output the user named (exporters/output.h makes that atomic), and says on
// stderr what it wrote and what it could not carry over.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lib/log.h"
#include "lib/store.h"

namespace dataport {

/// An option particular to one exporter (`--vcard-version 4`, `--base-url URL`, `--no-media`).
struct ExporterOption {
  const char* name;  ///< without dashes: "vcard-version"
  const char* help;
  bool flag;         ///< true: takes no value ("1" when given)
};

/// What `dataport export FORMAT` was asked for.
struct ExportOptions {
  std::string output;                          ///< -o PATH: a file or a folder, per exporter
  RecordFilter filter;                         ///< the common filters
  std::map<std::string, std::string> params;   ///< exporter options given, by name
  std::optional<int64_t> source_date_epoch;    ///< $SOURCE_DATE_EPOCH, for any date to write
  /// When set, long exporters (bundle) report bytes written so far, the expected total and the file.
  std::function<void(int64_t, int64_t, const std::string&)> progress;
  bool force = false;                          ///< --force: an existing regular file at -o may be replaced
  /// Under --policy (exporters/minimise.h): the policy document as given, its name, and the summary
  /// of what it removed; the store the exporter reads then holds only what the policy lets out.
  std::string policy_text, policy_name;
  json policy_summary;
  /// An option's value, or `fallback` when it was not given.
  std::string param(const std::string& name, const std::string& fallback = "") const {
    auto it = params.find(name);
    return it == params.end() ? fallback : it->second;
  }
};

/// One output format.
struct Exporter {
  const char* name;
  const char* description;
  /// Writes the output; throws Error (leaving nothing behind) when it cannot.
  void (*write)(Store& store, const ExportOptions& opt, Log& log);
  std::vector<ExporterOption> options;
};

/// Every exporter.
const std::vector<Exporter>& exporters();

/// The dump format (lib/dump.h): one record per line, ordered by time then id.
void export_dump(Store& store, const ExportOptions& opt, Log& log);

}  // namespace dataport
