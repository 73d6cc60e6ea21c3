#pragma once
// IANA time zones read from the system's compiled tz database (TZif files under $TZDIR or
// /usr/share/zoneinfo): the UTC offset at any instant, local time to UTC, and the list of
// transitions an iCalendar VTIMEZONE needs. No process-wide TZ is touched.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dataport {

/// One change of UTC offset: at `at` (Unix seconds, UTC) the offset goes from `before` to `after`.
struct ZoneChange {
  int64_t at = 0;
  int32_t before = 0, after = 0;  ///< seconds east of UTC
  bool dst = false;               ///< the new offset is daylight-saving time
  std::string abbrev;             ///< "CEST"
};

/// A yearly rule of the POSIX TZ footer ("M3.5.0/2"): month, week 1..5 (5 = last), weekday 0 = Sunday,
/// and the local time of the change in seconds (may be negative or past 24 h).
struct ZoneRule {
  int month = 0, week = 0, weekday = 0;
  int32_t time = 7200;
};

/// One zone: its explicit transitions and the rule that continues them.
class Zone {
 public:
  /// Loads `name` ("Europe/Berlin"); nullopt when it is not a zone of the system database.
  static std::optional<Zone> load(std::string_view name);
  /// Builds a zone from TZif bytes (tests, and `load`); nullopt when they are not TZif.
  static std::optional<Zone> parse(std::string_view name, std::string_view tzif);

  const std::string& name() const { return name_; }
  /// Offset from UTC in seconds at a UTC instant.
  int32_t offset_at(int64_t utc) const;
  /// The UTC instant of a local wall time (seconds since the epoch as if local were UTC). In a gap
  /// the time before the change is used; in an overlap the first occurrence.
  int64_t to_utc(int64_t local) const;
  /// Every change in [from, to), explicit and from the yearly rules.
  std::vector<ZoneChange> changes(int64_t from, int64_t to) const;
  /// True when the zone has yearly daylight-saving rules (the POSIX footer has two rules).
  bool has_rules() const { return has_dst_rule_; }
  /// The yearly rules: start of daylight time and start of standard time.
  const ZoneRule& dst_start() const { return dst_start_; }
  const ZoneRule& std_start() const { return std_start_; }
  /// Offsets and names of standard and daylight time in the footer.
  int32_t std_offset() const { return std_offset_; }
  int32_t dst_offset() const { return dst_offset_; }
  const std::string& std_abbrev() const { return std_abbrev_; }
  const std::string& dst_abbrev() const { return dst_abbrev_; }
  /// The last explicit transition of the file (the yearly rules govern after it); INT64_MIN when none.
  int64_t last_explicit() const;
  /// The two changes the yearly rules make in `year` (UTC instants), daylight start first.
  std::pair<int64_t, int64_t> rule_changes(int64_t year) const;

 private:
  std::string name_;
  std::vector<ZoneChange> explicit_;
  int32_t initial_ = 0;  // offset before the first transition
  bool has_footer_ = false, has_dst_rule_ = false;
  int32_t std_offset_ = 0, dst_offset_ = 0;
  std::string std_abbrev_, dst_abbrev_;
  ZoneRule dst_start_, std_start_;
};

}  // namespace dataport
