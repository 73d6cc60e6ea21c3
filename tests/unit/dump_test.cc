#include <catch2/catch.hpp>

#include "lib/dump.h"
#include "lib/error.h"

using namespace dataport;

TEST_CASE("dump lines have a fixed envelope order and round-trip", "[dump]") {
  Record r = make_record("position", "linkedin", "k", "Positions.csv", "line 2");
  r.source.archive = "abc";
  set_time(r, *parse_time("Jan 2024", "%b %Y"));
  r.data["title"] = "Engineer, Platform";
  r.data["company"] = "Contoso";
  std::string line = dump_line(r);
  CHECK(line.rfind("{\"id\":\"" + r.id + "\",\"kind\":\"position\",\"platform\":\"linkedin\",\"service\":null,"
                   "\"time\":\"2024-01-01T00:00:00Z\",\"source\":{\"archive\":\"abc\",\"path\":\"Positions.csv\","
                   "\"pointer\":\"line 2\"},\"data\":{\"company\"",
                   0) == 0);
  Record back = parse_dump_line(line, "x");
  CHECK(dump_line(back) == line);
  CHECK(back.time->precision == Precision::month);
}

TEST_CASE("broken dump lines are errors naming the place", "[dump]") {
  CHECK_THROWS_WITH(parse_dump_line("{oops", "d.ndjson line 3"), Catch::Contains("d.ndjson line 3"));
  CHECK_THROWS_WITH(parse_dump_line(R"({"id":"a","kind":"tweet","platform":"x"})", "w"), Catch::Contains("unknown kind"));
  CHECK_THROWS_WITH(parse_dump_line(R"({"id":"a","kind":"post"})", "w"), Catch::Contains("platform"));
  CHECK_THROWS_WITH(parse_dump_line(R"({"id":"a","kind":"post","platform":"x","time":"yesterday"})", "w"),
                    Catch::Contains("bad time"));
}
