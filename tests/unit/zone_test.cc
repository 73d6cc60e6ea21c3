#include "lib/zone.h"

#include <catch2/catch.hpp>

#include "lib/time.h"

using namespace dataport;

namespace {
int64_t at(const char* iso) { return parse_iso8601(iso)->seconds; }
}  // namespace

TEST_CASE("zones from the system tz database", "[zone]") {
  auto berlin = Zone::load("Europe/Berlin");
  REQUIRE(berlin);
  CHECK(berlin->offset_at(at("2025-01-15T12:00:00Z")) == 3600);
  CHECK(berlin->offset_at(at("2025-07-15T12:00:00Z")) == 7200);
  // The change itself: 2025-03-30 01:00 UTC, and back on 2025-10-26 01:00 UTC.
  CHECK(berlin->offset_at(at("2025-03-30T00:59:59Z")) == 3600);
  CHECK(berlin->offset_at(at("2025-03-30T01:00:00Z")) == 7200);
  CHECK(berlin->offset_at(at("2025-10-26T00:59:59Z")) == 7200);
  CHECK(berlin->offset_at(at("2025-10-26T01:00:00Z")) == 3600);
  // Past the explicit transitions of the file, the footer rule goes on.
  CHECK(berlin->offset_at(at("2090-07-01T00:00:00Z")) == 7200);
  CHECK(berlin->offset_at(at("2090-12-01T00:00:00Z")) == 3600);
  // Local to UTC: a plain time, the first of an ambiguous hour, a time in the spring gap.
  CHECK(berlin->to_utc(at("2025-07-01T09:00:00Z")) == at("2025-07-01T07:00:00Z"));
  CHECK(berlin->to_utc(at("2025-10-26T02:30:00Z")) == at("2025-10-26T00:30:00Z"));
  CHECK(berlin->to_utc(at("2025-03-30T02:30:00Z")) == at("2025-03-30T01:30:00Z"));
  REQUIRE(berlin->has_rules());
  CHECK(berlin->dst_start().month == 3);
  CHECK(berlin->dst_start().week == 5);
  CHECK(berlin->std_start().time == 3 * 3600);
  auto ch = berlin->changes(at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
  REQUIRE(ch.size() == 2);
  CHECK(ch[0].at == at("2025-03-30T01:00:00Z"));
  CHECK(ch[0].dst);
  CHECK(ch[0].abbrev == "CEST");

  auto sydney = Zone::load("Australia/Sydney");  // southern hemisphere: daylight time over new year
  REQUIRE(sydney);
  CHECK(sydney->offset_at(at("2025-01-15T00:00:00Z")) == 11 * 3600);
  CHECK(sydney->offset_at(at("2080-01-15T00:00:00Z")) == 11 * 3600);
  CHECK(sydney->offset_at(at("2080-07-15T00:00:00Z")) == 10 * 3600);
  auto kolkata = Zone::load("Asia/Kolkata");
  REQUIRE(kolkata);
  CHECK(kolkata->offset_at(at("2025-06-01T00:00:00Z")) == 5 * 3600 + 1800);
  CHECK_FALSE(kolkata->has_rules());
}

TEST_CASE("zone names stay inside the tz database; junk is not a zone", "[zone]") {
  CHECK_FALSE(Zone::load("../../etc/passwd"));
  CHECK_FALSE(Zone::load("/etc/localtime"));
  CHECK_FALSE(Zone::load("Not/AZone"));
  CHECK_FALSE(Zone::load(""));
  CHECK_FALSE(Zone::parse("x", "TZif"));
  CHECK_FALSE(Zone::parse("x", std::string(100, '\0')));
  std::string t = "TZif2" + std::string(15, '\0');
  for (int i = 0; i < 6; ++i) t += std::string("\x7f\xff\xff\xff", 4);  // absurd counts
  CHECK_FALSE(Zone::parse("x", t));
}
