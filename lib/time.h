#pragma once
// Time values: parsing the timestamp zoo of platform exports into UTC, and printing RFC 3339.
// No clock is read here: importers and exporters stay deterministic.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dataport {

/// How much of a timestamp is known. `second` covers minute-precision sources too.
enum class Precision { year, month, day, second };

/// A point in UTC: seconds since the epoch, an optional fraction, and its precision.
struct Timestamp {
  int64_t seconds = 0;       ///< Unix seconds, UTC
  int32_t nanos = 0;         ///< fraction of a second, 0..999999999
  int frac_digits = 0;       ///< digits of fraction given in the source (kept on output), 0..9
  Precision precision = Precision::second;
};

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/// A Timestamp from Unix seconds.
Timestamp from_unix_seconds(int64_t s);
/// A Timestamp from Unix milliseconds (fraction kept as 3 digits when non-zero).
Timestamp from_unix_millis(int64_t ms);
/// A Timestamp from Unix microseconds (fraction kept as 6 digits when non-zero).
Timestamp from_unix_micros(int64_t us);

/// Parses `s` against a strptime-like pattern. Tokens: %Y %y %m %d %b (English month name,
/// short or long) %H %I %M %S %f (optional ".digits") %p (AM/PM) %Z (UTC/GMT/Z) %z (+HH:MM,
/// +HHMM, Z). A space matches one or more spaces (incl. U+00A0, U+202F). Times without a zone are
/// taken as UTC. The whole string must match. Precision follows the finest field present.
std::optional<Timestamp> parse_time(std::string_view s, std::string_view pattern);
/// Parses ISO 8601 / RFC 3339: "2024", "2024-01", "2024-01-31", "2024-01-31T12:34:56[.f][Z|±hh:mm]",
/// with a space allowed instead of "T"; no zone means UTC.
std::optional<Timestamp> parse_iso8601(std::string_view s);
/// Tries each pattern in turn, then ISO 8601.
std::optional<Timestamp> parse_any(std::string_view s, std::initializer_list<std::string_view> patterns);

/// RFC 3339 in UTC with "Z", fraction printed with its source digits: "2024-01-31T12:34:56Z".
std::string format_rfc3339(const Timestamp& t);
/// format_rfc3339(t) appended to out.
void append_rfc3339(std::string& out, const Timestamp& t);
/// A record's `time` in its one fixed form, milliseconds always: "2024-01-31T12:34:56.000Z", so
/// text order and comparison agree with time_unix (a finer fraction is cut to milliseconds).
std::string format_record_time(const Timestamp& t);
/// ISO 8601 cut to the precision: "2024", "2024-01", "2024-01-31", or RFC 3339 for `second`.
std::string format_iso_precision(const Timestamp& t);
/// "year", "month", "day" or "second".
const char* precision_name(Precision p);

/// A --since/--until bound: ISO 8601 of any precision; `end` gives the first second after the
/// period ("2024-01" as an end is 2024-02-01T00:00:00Z), so `until` includes the whole period.
std::optional<int64_t> parse_bound(std::string_view s, bool end);

}  // namespace dataport
