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
                   "\"time\":\"2024-01-01T00:00:00.000Z\",\"source\":{\"archive\":\"abc\",\"path\":\"Positions.csv\","
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
  // A source field of another type is an Error naming it, never nlohmann's type_error escaping
  // (found by the export fuzz target: "path" an array).
  for (const char* key : {"archive", "path", "pointer"})
    for (const char* value : {"[1]", "{}", "7", "true"}) {
      std::string line = std::string(R"({"id":"a","kind":"post","platform":"x","source":{")") + key + "\":" + value + "}}";
      INFO(line);
      CHECK_THROWS_WITH(parse_dump_line(line, "d.ndjson line 9"),
                        Catch::Contains("d.ndjson line 9") && Catch::Contains(std::string("\"") + key + "\" must be a string"));
    }
  // Null or absent is no source field, as before.
  Record r = parse_dump_line(R"({"id":"a","kind":"post","platform":"x","source":{"path":null,"pointer":"/1"}})", "w");
  CHECK(r.source.path.empty());
  CHECK(r.source.pointer == "/1");
}

TEST_CASE("a dump line from stored text equals the one from the parsed record", "[dump]") {
  Record r = make_record("message", "facebook", "k", "messages/inbox/a \"b\"\\c/message_1.json", "/messages/0");
  r.source.archive = std::string(64, 'f');
  r.data["text"] = "Café \"quoted\" \x01 tab\t 😀";
  r.data["n"] = 1.5;
  r.data["list"] = json::array({1, "x", nullptr});
  std::string data = r.data.dump(-1, ' ', false, json::error_handler_t::replace);
  DumpRow row{r.id, r.kind, r.platform, "", "", r.source.archive, r.source.path, r.source.pointer, data};
  CHECK(dump_line(row) == dump_line(r));
  r.service = "messenger";
  set_time(r, *parse_iso8601("2024-02-03T04:05:06.250Z"));
  std::string t = format_rfc3339(*r.time);
  row.service = r.service;
  row.time = t;
  CHECK(dump_line(row) == dump_line(r));
  CHECK(parse_dump_line(dump_line(row), "x").data == r.data);
}
