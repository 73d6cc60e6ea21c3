#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "lib/mojibake.h"
#include "lib/text.h"

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

namespace {
// The repair as first written, a byte at a time: what fix_mojibake must still return.
std::string fix_mojibake_bytewise(std::string_view s) {
  std::string bytes;
  bool high = false, ok = true;
  for (size_t i = 0; i < s.size() && ok;) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
      ++i;
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      bytes += static_cast<char>(((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F));
      high = true;
      i += 2;
    } else {
      ok = false;
    }
  }
  return ok && high && valid_utf8(bytes) ? bytes : std::string(s);
}
}  // namespace

TEST_CASE("fix_mojibake agrees with the byte-wise repair on random strings", "[mojibake]") {
  // Pieces: ASCII runs, mojibake of real UTF-8 (C3 83 C2 A9 for é), correct Latin-1 letters,
  // other UTF-8, lone and cut lead bytes, stray continuation bytes.
  const std::vector<std::string> pieces = {"a",        "plain words ", "\xC3\x83\xC2\xA9", "\xC3\xA2\xC2\x80\xC2\x99",
                                           "\xC3\xA9", "\xC2\xA0",     "\xC4\x8D",         "\xF0\x9F\x98\x85",
                                           "\xC3",     "\xC2",         "\x80",             "\xC3\x28",
                                           "\xE2\x80", "0123456789abcdefghij"};
  std::mt19937 rng(20261206);
  int repaired = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (int k = static_cast<int>(rng() % 8); k > 0; --k) s += pieces[rng() % pieces.size()];
    std::string want = fix_mojibake_bytewise(s);
    INFO(s);
    REQUIRE(fix_mojibake(s) == want);
    REQUIRE(is_mojibake(s) == (want != s));
    repaired += want != s;
  }
  CHECK(repaired > 300);  // the repair itself was exercised, not only the strings left alone
}
