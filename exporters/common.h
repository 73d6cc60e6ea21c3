#pragma once
// Helpers shared by the exporters: reading records of some kinds, the date an output must carry,
// the text folding and escaping of vCard and iCalendar, and the stderr report of what was written
// and what could not be carried over.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporters.h"
#include "lib/record.h"

namespace dataport {

/// The user's filter narrowed to `kinds` (intersected with any --kind given).
RecordFilter with_kinds(const RecordFilter& f, const std::vector<std::string>& kinds);
/// Every record of those kinds that passes the filter, ordered by time then id.
std::vector<Record> load_kinds(Store& store, const ExportOptions& opt, const std::vector<std::string>& kinds);

/// data[key] as a string ("" when absent or not a string; numbers and booleans printed).
std::string field(const json& data, std::string_view key);
/// The display name of a person object or contact data: name, else first + last, else username.
std::string person_name(const json& p);

/// Seconds to write where a format needs "now": SOURCE_DATE_EPOCH, else `fallback` (never the clock).
int64_t export_epoch(const ExportOptions& opt, int64_t fallback);
/// The newest envelope time among records (0 when none has one): a deterministic "now".
int64_t newest_time(const std::vector<Record>& records);

/// RFC 5545/6350 text escaping: backslash, comma, semicolon, newline.
std::string escape_text(std::string_view s);
/// One content line folded at 75 octets (never inside a UTF-8 sequence), ending in CRLF, without
/// the control characters a content line cannot hold (all but the tab).
std::string fold_line(std::string_view line);

/// A date cut to YYYY, YYYY-MM or YYYY-MM-DD, or "" when `s` does not start with one.
std::string short_date(std::string_view s);

/// What an export wrote and what it could not carry over, said on stderr at the end.
class Report {
 public:
  /// Counts one thing written ("contacts", "events").
  void wrote(const std::string& what, int64_t n = 1) { wrote_[what] += n; }
  /// Counts one thing left out, with the reason ("3 contacts: no fediverse address").
  void dropped(const std::string& why, int64_t n = 1) { dropped_[why] += n; }
  /// Prints "wrote ... to PATH" and one line per reason things were left out.
  void print(Log& log, const std::string& format, const std::string& path) const;
  int64_t written(const std::string& what) const;

 private:
  std::map<std::string, int64_t> wrote_, dropped_;
};

/// The exporters of issue 8 (one file each under exporters/).
void export_jsonresume(Store& store, const ExportOptions& opt, Log& log);
void export_vcard(Store& store, const ExportOptions& opt, Log& log);
void export_ical(Store& store, const ExportOptions& opt, Log& log);
void export_csv(Store& store, const ExportOptions& opt, Log& log);
void export_ndjson(Store& store, const ExportOptions& opt, Log& log);
void export_mastodon(Store& store, const ExportOptions& opt, Log& log);
void export_mbox(Store& store, const ExportOptions& opt, Log& log);
void export_gpx(Store& store, const ExportOptions& opt, Log& log);
void export_geojson(Store& store, const ExportOptions& opt, Log& log);
/// Photos and videos as a folder tree with their metadata written in (exporters/photos.cc).
void export_photos(Store& store, const ExportOptions& opt, Log& log);
/// The portable bundle (exporters/bundle.cc).
void export_bundle(Store& store, const ExportOptions& opt, Log& log);

}  // namespace dataport
