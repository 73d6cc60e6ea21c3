#include <catch2/catch.hpp>

#include "lib/error.h"
#include "lib/json.h"

using namespace dataport;

namespace {
std::vector<std::string> elements(const std::string& text, const std::string& key = "") {
  MemoryStream m(text);
  JsonArrayScanner s(m, "test.json", key);
  std::vector<std::string> out;
  std::string e;
  while (s.next(e)) out.push_back(e);
  return out;
}
}  // namespace

TEST_CASE("the scanner cuts a top-level array into elements", "[json]") {
  auto e = elements(" [ {\"a\":\"],[\\\"\"} , [1,2],\n 3 ,\"x\" ]");
  REQUIRE(e.size() == 4);
  CHECK(e[0] == "{\"a\":\"],[\\\"\"} ");
  CHECK(e[1] == "[1,2]");
  CHECK(elements("[]").empty());
}

TEST_CASE("the scanner skips a JavaScript prefix", "[json]") {
  auto e = elements("window.YTD.tweets.part0 = [ {\"id\":\"1\"}, {\"id\":\"2\"} ]");
  REQUIRE(e.size() == 2);
  CHECK(e[1] == "{\"id\":\"2\"} ");
}

TEST_CASE("the scanner finds the array under a top-level key", "[json]") {
  std::string text = R"({"meta":{"locations":[9]},"note":"\"locations\":[8]","locations":[{"x":1},{"x":2}],"after":[7]})";
  auto e = elements(text, "locations");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "{\"x\":1}");
  MemoryStream m(R"({"other":[1]})");
  JsonArrayScanner s(m, "t", "locations");
  std::string x;
  CHECK_FALSE(s.next(x));
  CHECK_FALSE(s.found());
}

TEST_CASE("malformed arrays are errors, not silent truncation", "[json]") {
  CHECK_THROWS_WITH(elements("[1, 2"), Catch::Contains("never closes"));
  CHECK_THROWS_WITH(elements("[1,,2]"), Catch::Contains("empty element"));
  CHECK_THROWS_WITH(elements("{\"a\":1}"), Catch::Contains("found an object"));
  MemoryStream m("[\"0123456789\"]");
  JsonArrayScanner s(m, "t", "", 5);
  std::string x;
  CHECK_THROWS_WITH(s.next(x), Catch::Contains("larger than"));
}

TEST_CASE("JsonParser and member helpers keep ids exact", "[json]") {
  JsonParser p;
  auto e = p.parse(R"({"id":1234567890123456789,"s":"42","f":1.5,"t":"Caf\u00e9","big":18446744073709551615})", "t");
  CHECK(json_string(e, "id") == "1234567890123456789");
  CHECK(*json_int(e, "s") == 42);
  CHECK(*json_double(e, "f") == 1.5);
  CHECK_FALSE(json_int(e, "missing"));
  CHECK(json_string(e, "t") == "Café");
  auto n = to_nlohmann(e);
  CHECK(n["id"] == "1234567890123456789");
  CHECK(n["big"] == "18446744073709551615");
  CHECK_THROWS_AS(p.parse("{nope", "bad.json"), Error);
  // The parser is reused: a second document parses into the same buffers.
  CHECK(json_string(p.parse(R"({"a":"b"})", "t"), "a") == "b");
}
