#include <catch2/catch.hpp>

#include <bit>
#include <cstring>
#include <fstream>
#include <sstream>

#include "credentials/jcs.h"
#include "lib/base.h"
#include "lib/error.h"

using namespace dataport;

static std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST_CASE("JCS reproduces the RFC 8785 test data byte for byte", "[jcs]") {
  const std::string dir = SOURCE_DIR "/tests/vectors/jcs-rfc8785/";
  for (const char* name : {"arrays", "french", "structures", "unicode", "values", "weird"}) {
    INFO(name);
    json in = parse_json_strict(slurp(dir + "input/" + name + ".json"), name);
    std::string expected = slurp(dir + "output/" + name + ".json");
    CHECK(jcs(in) == expected);
    std::string hex = slurp(dir + "outhex/" + name + ".txt");
    std::string bytes;
    std::istringstream hs(hex);
    std::string tok;
    while (hs >> tok) bytes += static_cast<char>(std::stoi(tok, nullptr, 16));
    CHECK(jcs(in) == bytes);
  }
}

TEST_CASE("JCS numbers match the 10,000 ES6 Number.toString lines", "[jcs]") {
  std::ifstream f(SOURCE_DIR "/tests/vectors/jcs-rfc8785/es6-numbers-10000.csv");
  REQUIRE(f);
  std::string line;
  int lines = 0, bad = 0;
  while (std::getline(f, line)) {
    auto comma = line.find(',');
    REQUIRE(comma != std::string::npos);
    uint64_t bits = std::stoull(line.substr(0, comma), nullptr, 16);
    double d = std::bit_cast<double>(bits);
    std::string expected = line.substr(comma + 1);
    if (jcs_number(d) != expected) {
      if (++bad < 10) FAIL_CHECK(line.substr(0, comma) << ": got " << jcs_number(d) << ", want " << expected);
    }
    ++lines;
  }
  CHECK(lines == 10000);
  CHECK(bad == 0);
}

TEST_CASE("JCS numbers: the cases nlohmann's dump gets wrong", "[jcs]") {
  CHECK(jcs(json::parse("1.0")) == "1");
  CHECK(jcs(json::parse("1e-7")) == "1e-7");
  CHECK(jcs(json::parse("1e15")) == "1000000000000000");
  CHECK(jcs(json::parse("1e21")) == "1e+21");
  CHECK(jcs(json::parse("-0.0")) == "0");
  CHECK(jcs(json::parse("9007199254740993")) == "9007199254740992");
  CHECK(jcs(json::parse("0.000001")) == "0.000001");
  CHECK(jcs_number(5e-324) == "5e-324");
  CHECK_THROWS_AS(jcs_number(std::numeric_limits<double>::quiet_NaN()), Error);
  CHECK_THROWS_AS(jcs_number(std::numeric_limits<double>::infinity()), Error);
}

TEST_CASE("JCS sorts members by UTF-16 code units and escapes only what it must", "[jcs]") {
  // U+1F602 (D83D DE02) before U+FB33 in UTF-16, although its UTF-8 bytes sort after.
  json j = json::parse(R"({"\ufb33":1,"\ud83d\ude02":2,"a/b":"</script>","c":"\u000f\n"})");
  CHECK(jcs(j) == "{\"a/b\":\"</script>\",\"c\":\"\\u000f\\n\",\"\xf0\x9f\x98\x82\":2,\"\xef\xac\xb3\":1}");
  CHECK(jcs(json::parse(R"([1, {"b":[],"a":null}, true])")) == R"([1,{"a":null,"b":[]},true])");
}

TEST_CASE("strict parsing rejects duplicate names and lone surrogates", "[jcs]") {
  CHECK_THROWS_AS(parse_json_strict(R"({"a":1,"a":2})", "t"), Error);
  CHECK_THROWS_AS(parse_json_strict(R"({"x":{"a":1,"a":1}})", "t"), Error);
  CHECK_THROWS_AS(parse_json_strict(R"(["\ud800"])", "t"), Error);
  CHECK_THROWS_AS(parse_json_strict("{\"a\":\"\xff\"}", "t"), Error);
  CHECK_THROWS_AS(parse_json_strict("{\"a\":1", "t"), Error);
  CHECK(parse_json_strict(R"({"a":{"b":1},"b":{"b":2}})", "t")["b"]["b"] == 2);  // same name, other objects
}
