#include <catch2/catch.hpp>

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
