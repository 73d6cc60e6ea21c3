#include <catch2/catch.hpp>

#include "lib/mojibake.h"

using namespace dataport;

TEST_CASE("fix_mojibake decodes Meta's byte-per-code-point strings", "[mojibake]") {
  // "Caf\u00c3\u00a9" as JSON decodes to C3 83 C2 A9 in UTF-8.
  CHECK(fix_mojibake("Caf\xC3\x83\xC2\xA9") == "Caf\xC3\xA9");                                  // Café
  CHECK(fix_mojibake("l\xC3\xA2\xC2\x80\xC2\x99" "article") == "l\xE2\x80\x99" "article");           // l’article
  CHECK(fix_mojibake("See you \xC3\xB0\xC2\x9F\xC2\x98\xC2\x85") == "See you \xF0\x9F\x98\x85");  // 😅 whole
  CHECK(fix_mojibake("Kova\xC3\x84\xC2\x8D") == "Kova\xC4\x8D");                                   // Kovač
  CHECK(is_mojibake("Caf\xC3\x83\xC2\xA9"));
}

TEST_CASE("fix_mojibake leaves correct text untouched", "[mojibake]") {
  CHECK(fix_mojibake("plain ascii") == "plain ascii");
  CHECK(fix_mojibake("") == "");
  // Correct Latin-1 range text: "Café" with U+00E9 gives the lone byte E9, not UTF-8.
  CHECK(fix_mojibake("Caf\xC3\xA9") == "Caf\xC3\xA9");
  CHECK_FALSE(is_mojibake("Caf\xC3\xA9"));
  CHECK(fix_mojibake("na\xC3\xAFve caf\xC3\xA9") == "na\xC3\xAFve caf\xC3\xA9");
  // Anything above U+00FF cannot be mojibake of this kind.
  CHECK(fix_mojibake("\xE2\x80\x99 Kova\xC4\x8D \xF0\x9F\x98\x85") == "\xE2\x80\x99 Kova\xC4\x8D \xF0\x9F\x98\x85");
  CHECK(fix_mojibake("\xE4\xB8\xAD\xE6\x96\x87") == "\xE4\xB8\xAD\xE6\x96\x87");
  // A broken sequence (Ã followed by ASCII) stays as it was.
  CHECK(fix_mojibake("\xC3\x83(") == "\xC3\x83(");
  // Repairing twice changes nothing more.
  std::string once = fix_mojibake("Caf\xC3\x83\xC2\xA9");
  CHECK(fix_mojibake(once) == once);
}
