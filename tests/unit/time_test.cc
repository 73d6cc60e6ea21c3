#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "lib/time.h"

using namespace dataport;

namespace {
std::string iso(std::optional<Timestamp> t) { return t ? format_iso_precision(*t) : "none"; }
}  // namespace

TEST_CASE("LinkedIn's per-file date formats", "[time]") {
  CHECK(iso(parse_time("08 Feb 2026", "%d %b %Y")) == "2026-02-08");
  CHECK(iso(parse_time("2025-06-01 14:03:22 UTC", "%Y-%m-%d %H:%M:%S %Z")) == "2025-06-01T14:03:22Z");
  CHECK(iso(parse_time("1/29/26, 2:37 PM", "%m/%d/%y, %I:%M %p")) == "2026-01-29T14:37:00Z");
  CHECK(iso(parse_time("1/29/26, 2:37\u202fPM", "%m/%d/%y, %I:%M %p")) == "2026-01-29T14:37:00Z");
  CHECK(iso(parse_time("12/01/25, 12:05 AM", "%m/%d/%y, %I:%M %p")) == "2025-12-01T00:05:00Z");
  CHECK(iso(parse_time("2024/02/01 15:02:55 UTC", "%Y/%m/%d %H:%M:%S %Z")) == "2024-02-01T15:02:55Z");
  CHECK(iso(parse_time("Jan 2024", "%b %Y")) == "2024-01");
  CHECK(iso(parse_time("September 2019", "%b %Y")) == "2019-09");
  CHECK(iso(parse_time("2019", "%Y")) == "2019");
}

TEST_CASE("precision follows the finest field", "[time]") {
  auto t = parse_time("Mar 2021", "%b %Y");
  REQUIRE(t);
  CHECK(t->precision == Precision::month);
  CHECK(format_rfc3339(*t) == "2021-03-01T00:00:00Z");
  CHECK(parse_time("2021-03-04", "%Y-%m-%d")->precision == Precision::day);
}

TEST_CASE("impossible dates and trailing junk are rejected", "[time]") {
  CHECK_FALSE(parse_time("30 Feb 2024", "%d %b %Y"));
  CHECK(parse_time("29 Feb 2024", "%d %b %Y"));
  CHECK_FALSE(parse_time("29 Feb 2023", "%d %b %Y"));
  CHECK_FALSE(parse_time("Jan 2024 extra", "%b %Y"));
  CHECK_FALSE(parse_time("13/01/24, 1:00 PM", "%m/%d/%y, %I:%M %p"));
  CHECK_FALSE(parse_time("", "%Y"));
  CHECK_FALSE(parse_time("Not Available", "%m/%d/%y, %I:%M %p"));
  CHECK_FALSE(parse_iso8601("2024-1-5"));
}

TEST_CASE("ISO 8601 with offsets and fractions", "[time]") {
  CHECK(iso(parse_iso8601("2024-01-31T12:34:56Z")) == "2024-01-31T12:34:56Z");
  CHECK(iso(parse_iso8601("2024-01-31T12:34:56.123456789Z")) == "2024-01-31T12:34:56.123456789Z");
  CHECK(iso(parse_iso8601("2024-01-31T14:34:56+02:00")) == "2024-01-31T12:34:56Z");
  CHECK(iso(parse_iso8601("2024-01-01T00:30:00-0130")) == "2024-01-01T02:00:00Z");
  CHECK(iso(parse_iso8601("2024-01-31 12:34")) == "2024-01-31T12:34:00Z");
  CHECK(iso(parse_iso8601("2024-03")) == "2024-03");
  CHECK(iso(parse_iso8601("1969-12-31T23:59:59Z")) == "1969-12-31T23:59:59Z");
}

TEST_CASE("Unix seconds, milliseconds and microseconds", "[time]") {
  CHECK(format_rfc3339(from_unix_seconds(0)) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(from_unix_millis(1700000000123)) == "2023-11-14T22:13:20.123Z");
  // A record's time: milliseconds always, finer fractions cut, so text order is time order.
  CHECK(format_record_time(from_unix_seconds(0)) == "1970-01-01T00:00:00.000Z");
  CHECK(format_record_time(*parse_iso8601("2024-01-31T12:34:56.5Z")) == "2024-01-31T12:34:56.500Z");
  CHECK(format_record_time(*parse_iso8601("2024-01-31T12:34:56.123456789+01:00")) == "2024-01-31T11:34:56.123Z");
  CHECK(format_record_time(*parse_iso8601("1969-12-31T23:59:59.999Z")) == "1969-12-31T23:59:59.999Z");
  CHECK(format_record_time(*parse_iso8601("2024")) == "2024-01-01T00:00:00.000Z");
  CHECK(format_rfc3339(from_unix_millis(1700000000000)) == "2023-11-14T22:13:20Z");
  CHECK(format_rfc3339(from_unix_micros(-1)) == "1969-12-31T23:59:59.999999Z");
  CHECK(days_from_civil(2000, 3, 1) == 11017);
}

TEST_CASE("Times are written as the C library's calendar has them, in every year", "[time]") {
  // gmtime_r is the independent calendar; years outside 0 to 9999 take the slower path.
  std::mt19937_64 rng(7);
  std::vector<int64_t> seconds = {0, -1, 86399, 86400, -86400, -62167219200, -62167219201, 253402300799,
                                  253402300800, 951782400, 4107542400};  // years 0 and 9999 at their edges, 2000-02-29, 2100-03-01
  for (int i = 0; i < 20000; ++i)
    seconds.push_back(static_cast<int64_t>(rng() % 800000000000ULL) - 300000000000LL);  // about years -7500 to 27300
  for (int64_t s : seconds) {
    time_t tt = static_cast<time_t>(s);
    std::tm tm{};
    REQUIRE(gmtime_r(&tt, &tm));
    char whole[64];
    std::snprintf(whole, sizeof whole, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(tm.tm_year) + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    Timestamp t;
    t.seconds = s;
    t.nanos = static_cast<int32_t>(rng() % 1000000000);
    t.frac_digits = static_cast<int>(rng() % 10);
    char frac[16];
    std::snprintf(frac, sizeof frac, "%09d", t.nanos);
    std::string rfc = std::string(whole) + (t.frac_digits ? "." + std::string(frac, t.frac_digits) : "") + "Z";
    std::string record = std::string(whole) + "." + (t.frac_digits ? std::string(frac, 3) : "000") + "Z";
    if (format_rfc3339(t) != rfc) FAIL_CHECK(s << ": " << format_rfc3339(t) << " != " << rfc);
    if (format_record_time(t) != record) FAIL_CHECK(s << ": " << format_record_time(t) << " != " << record);
  }
}

TEST_CASE("--since/--until bounds cover whole periods", "[time]") {
  CHECK(*parse_bound("2024", false) == *parse_bound("2024-01-01T00:00:00Z", false));
  CHECK(*parse_bound("2024", true) == *parse_bound("2025-01-01", false));
  CHECK(*parse_bound("2024-12", true) == *parse_bound("2025-01-01", false));
  CHECK(*parse_bound("2024-02-29", true) == *parse_bound("2024-03-01", false));
  CHECK_FALSE(parse_bound("yesterday", false));
}

// Every record's time is formatted on its way into the store, so the formatter writes digits
// itself: held here to the C library's own calendar (gmtime) across the years 0001 to 10000+.
TEST_CASE("format_rfc3339 and format_record_time agree with gmtime", "[time]") {
  auto reference = [](int64_t s) {
    std::time_t t = static_cast<std::time_t>(s);
    std::tm tm{};
    REQUIRE(gmtime_r(&t, &tm));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
    return std::string(buf);
  };
  int checked = 0;
  for (int64_t s = -62135596800; s < 320000000000; s += 7919 * 3607 + checked % 86400) {
    Timestamp t;
    t.seconds = s;
    t.nanos = static_cast<int32_t>((s * 7) % 1000000000 + (s < 0 ? 1000000000 : 0)) % 1000000000;
    t.frac_digits = checked % 10;
    std::string whole = reference(s);
    char frac[16];
    std::snprintf(frac, sizeof frac, "%09d", t.nanos);
    std::string expected = whole + (t.frac_digits ? "." + std::string(frac, static_cast<size_t>(t.frac_digits)) : "") + "Z";
    INFO(s);
    REQUIRE(format_rfc3339(t) == expected);
    std::snprintf(frac, sizeof frac, ".%03d", t.frac_digits ? t.nanos / 1000000 : 0);
    REQUIRE(format_record_time(t) == whole + frac + "Z");
    ++checked;
  }
  CHECK(checked > 10000);
  Timestamp early;
  early.seconds = -62135596801;  // the last second of year 0
  CHECK(format_record_time(early) == "0000-12-31T23:59:59.000Z");
}
