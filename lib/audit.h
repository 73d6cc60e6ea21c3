#pragma once
// `dataport audit`: what the platforms hold about the person, as figures. compute_audit() only
// reads the store (aggregating in SQL) and returns a JSON document whose shape is documented in
// docs/audit.md and docs/audit.schema.json; the renderers below only format that document, so
// `--format json` and the HTML report always show the same figures.

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "lib/record.h"
#include "lib/store.h"

namespace dataport {

/// The version of the figures' JSON shape (docs/audit.schema.json); bumped when a field changes meaning.
inline constexpr int audit_version = 2;

/// The lists that grow with the records (inferences and their sensitive flags), written out as
/// they are read instead of held, one JSON line per item in an unnamed temporary file, so that
/// `--max-items 0` keeps memory flat at any size. write_audit_json() puts them back in place.
struct AuditSpool {
  AuditSpool();
  ~AuditSpool();
  AuditSpool(const AuditSpool&) = delete;
  AuditSpool& operator=(const AuditSpool&) = delete;
  std::FILE* inferences = nullptr;
  std::FILE* sensitive = nullptr;
};

/// What the report covers and how much of each long list it shows.
struct AuditOptions {
  /// --platform, --since, --until as `query` takes them (kinds, search and limit are not used).
  RecordFilter filter;
  /// At most this many items in each long list (inferences, flags, advertisers, companies,
  /// addresses, devices, people, unread files); 0 = every item. Counts are always whole.
  int64_t max_items = 500;
  /// Called after each section with its name and the seconds it took (for -v and the bench).
  std::function<void(const char* section, double seconds)> timed;
  /// With max_items 0: "inferences" and "sensitive" go here, and stay empty in the figures.
  AuditSpool* spool = nullptr;
};

/// Every figure of the report, computed from the store in one read transaction.
json compute_audit(Store& store, const AuditOptions& options = {});

/// The harmonised class of an inference from the platform's label ("Member Age" -> "age",
/// "ad_interest" -> "interest"): interest, age, gender, language, location, professional,
/// audience, media, other. `group` is the label's group where the export gives one.
std::string inference_class(const std::string& label, const std::string& group);

/// The figures as JSON (indented by 2, as json::dump(2) writes them), with the spooled lists (if
/// any) in their place, handed to `write` piece by piece; memory stays that of the figures.
void write_audit_json(const json& audit, AuditSpool* spool, const std::function<void(std::string_view)>& write);

/// The report as one self-contained HTML page (inline CSS and SVG, no script, a CSP forbidding any fetch).
std::string render_audit_html(const json& audit);
/// The same, with the spooled lists (if any) streamed into their tables, handed to `write` piece by piece.
void write_audit_html(const json& audit, AuditSpool* spool, const std::function<void(std::string_view)>& write);
/// The report as Markdown (headings and tables), for a terminal or a text editor.
std::string render_audit_markdown(const json& audit);
/// The same, with the spooled lists (if any) streamed into their tables, handed to `write` piece by piece.
void write_audit_markdown(const json& audit, AuditSpool* spool, const std::function<void(std::string_view)>& write);
/// The figures as NDJSON: one line per item, each with its "section".
std::string render_audit_ndjson(const json& audit);
/// The same, with the spooled lists (if any) as their lines, handed to `write` piece by piece.
void write_audit_ndjson(const json& audit, AuditSpool* spool, const std::function<void(std::string_view)>& write);

/// Every item of a spooled list, in the order it was kept (the write_audit_* functions read them).
void each_spooled(std::FILE* file, const std::function<void(json)>& fn);

}  // namespace dataport
