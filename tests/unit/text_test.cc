#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "lib/text.h"

using namespace dataport;

TEST_CASE("trim removes ASCII and Unicode spaces", "[text]") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("\xC2\xA0x\xE2\x80\xAF") == "x");
  CHECK(trim("   ").empty());
}

TEST_CASE("snake_case turns labels into field names", "[text]") {
  CHECK(snake_case("Connected On") == "connected_on");
  CHECK(snake_case("inviterProfileUrl") == "inviter_profile_url");
  CHECK(snake_case("CONVERSATION ID") == "conversation_id");
  CHECK(snake_case("Date/Time") == "date_time");
}

TEST_CASE("UTF-8 validation and repair", "[text]") {
  CHECK(valid_utf8("Tomás 李雷 🎉"));
  CHECK_FALSE(valid_utf8("bad \xC3"));
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  CHECK(repair_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(repair_utf8("Zoë") == "Zoë");
  CHECK(strip_bom("\xEF\xBB\xBFx") == "x");
}

TEST_CASE("ellipsize never splits a character", "[text]") {
  CHECK(ellipsize("héllo wörld", 5) == "héll…");
  CHECK(ellipsize("short", 10) == "short");
  CHECK(utf8_length("李雷") == 2);
}

TEST_CASE("split, join, basename, replace_all, iequals", "[text]") {
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(join({"a", "b"}, ", ") == "a, b");
  CHECK(dataport::basename("a/b/c.csv") == "c.csv");
  CHECK(replace_all("aXbXc", "X", "--") == "a--b--c");
  CHECK(iequals("Connections.CSV", "connections.csv"));
  CHECK(lower("ÀB") == "Àb");
}

TEST_CASE("append_fixed writes what printf's %.Nf writes", "[text]") {
  auto printf_fixed = [](double v, int digits) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return std::string(buf);
  };
  std::mt19937_64 rng(42);
  std::vector<double> values = {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.00000005, 0.00000015, -0.00000004, 41.4216106,
                                -2.1684775, 180.0, -179.9999999, 1e300, -1e-300, 5e-324, 1.7976931348623157e308,
                                std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (int i = 0; i < 20000; ++i) {
    int64_t e7 = static_cast<int64_t>(rng() % 3600000001) - 1800000000;  // every E7 coordinate's kind
    values.push_back(static_cast<double>(e7) / 1e7);
    uint64_t bits = rng();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) values.push_back(any);
  }
  for (double v : values)
    for (int digits : {0, 1, 7}) {
      std::string out = "x";
      append_fixed(out, v, digits);
      if (out != "x" + printf_fixed(v, digits)) FAIL_CHECK(printf_fixed(v, digits) << " became " << out);
    }
}
