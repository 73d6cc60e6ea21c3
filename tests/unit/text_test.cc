#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
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
  // A view that ends inside a character, though the bytes after it would complete it.
  const std::string whole = "ab李🎉";
  for (size_t cut : {3, 4, 6, 7, 8})
    CHECK_FALSE(valid_utf8(std::string_view(whole).substr(0, cut)));
  CHECK(valid_utf8(std::string_view(whole).substr(0, 5)));
  CHECK(repair_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(repair_utf8("Zoë") == "Zoë");
  CHECK(strip_bom("\xEF\xBB\xBFx") == "x");
}

namespace {
// RFC 3629 by code point (not by valid_utf8's byte ranges): a sequence is well formed when its
// continuation bytes are there, and it decodes to a scalar value in the shortest form.
bool reference_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}
}  // namespace

TEST_CASE("valid_utf8 is RFC 3629: every string of 1 to 3 bytes, and random longer ones", "[text]") {
  std::string s;
  int64_t valid = 0, differ = 0;
  for (uint32_t v = 0; v < (1u << 24); ++v) {
    for (size_t len = 1; len <= 3; ++len) {
      if (len < 3 && (v >> (8 * len)) != 0) continue;  // each shorter string once
      s.assign(len, '\0');
      for (size_t k = 0; k < len; ++k) s[k] = static_cast<char>(v >> (8 * k));
      bool want = reference_utf8(s);
      valid += want;
      differ += valid_utf8(s) != want;
    }
  }
  CHECK(differ == 0);
  // Valid ones: 128 of one byte; 128 * 128 + 1,920 (U+0080..U+07FF) of two; of three, ASCII
  // only, a two-byte character before or after one ASCII byte, or one of the 61,440 three-byte
  // characters (U+0800..U+FFFF less the 2,048 surrogates).
  CHECK(valid == 128 + (128 * 128 + 1920) + (128 * 128 * 128 + 2 * 128 * 1920 + 61440));
  // Four bytes: every lead from 0xF0 and second byte, with the edges of the last two (a short
  // string is checked one character at a time, a long one by simdjson: both, with a long tail).
  int64_t valid4 = 0;
  const unsigned char edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF};
  const std::string tail(80, 'x');
  for (unsigned lead = 0xF0; lead <= 0xFF; ++lead)
    for (unsigned second = 0; second <= 0xFF; ++second)
      for (unsigned char third : edges)
        for (unsigned char fourth : edges) {
          s = {static_cast<char>(lead), static_cast<char>(second), static_cast<char>(third), static_cast<char>(fourth)};
          bool want = reference_utf8(s);
          valid4 += want;
          differ += valid_utf8(s) != want;
          differ += valid_utf8(s + tail) != want;
        }
  CHECK(differ == 0);
  // U+10000..U+10FFFF: leads F0 (second 90-BF), F1-F3 (80-BF), F4 (80-8F); third and fourth from
  // 80, 8F, 90, BF.
  CHECK(valid4 == (48 + 3 * 64 + 16) * 4 * 4);
  // Longer strings: whole characters (the edges of each length among them), then in half of
  // them one byte overwritten with a lead, a continuation or a byte never allowed, so that the
  // validator's block boundaries fall inside good and broken sequences alike.
  std::mt19937 rng(20261205);
  const char* chars[] = {"a", " ", "\x7F", "\xC2\x80", "é", "\xDF\xBF", "\xE0\xA0\x80", "李", "\xED\x9F\xBF",
                         "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "🎉", "\xF4\x8F\xBF\xBF"};
  const unsigned char bytes[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::string text;
  int64_t long_valid = 0, long_broken = 0;
  for (int t = 0; t < 20000; ++t) {
    text.clear();
    size_t len = 1 + rng() % 200;
    while (text.size() < len) text += chars[rng() % (sizeof chars / sizeof *chars)];
    if (t % 2) text[rng() % text.size()] = static_cast<char>(bytes[rng() % sizeof bytes]);
    bool want = reference_utf8(text);
    (want ? long_valid : long_broken) += 1;
    REQUIRE(valid_utf8(text) == want);
    // A four-byte character put before it shifts every boundary.
    REQUIRE(valid_utf8("\xF0\x9F\x8E\x89" + text) == want);
  }
  CHECK(long_broken > 5000);
  CHECK(long_valid > 100);
}

TEST_CASE("ellipsize never splits a character", "[text]") {
  CHECK(ellipsize("héllo wörld", 5) == "héll…");
  CHECK(ellipsize("short", 10) == "short");
  CHECK(utf8_length("李雷") == 2);
}

TEST_CASE("split, join, basename, replace_all, iequals", "[text]") {
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string>{""});  // one empty field, as each_field gives it
  CHECK(split("a,", ',') == std::vector<std::string>{"a", ""});
  CHECK(split(",", ',') == std::vector<std::string>{"", ""});
  CHECK(join({"a", "b"}, ", ") == "a, b");
  CHECK(dataport::basename("a/b/c.csv") == "c.csv");
  CHECK(replace_all("aXbXc", "X", "--") == "a--b--c");
  CHECK(replace_all("\r\nfirst\r\n\r\nlast\r\n", "\r\n", "\n") == "\nfirst\n\nlast\n");
  CHECK(replace_all("aaaaa", "aa", "b") == "bba");  // left to right, matches do not overlap
  CHECK(replace_all("abab", "a", "aa") == "aabaab");  // what is put in is not searched again
  CHECK(replace_all("abc", "x", "y") == "abc");
  CHECK(replace_all("", "x", "y").empty());
  CHECK(replace_all("abc", "", "y") == "abc");
  CHECK(replace_all("abc", "abc", "") == "");
  CHECK(iequals("Connections.CSV", "connections.csv"));
  CHECK(lower("ÀB") == "Àb");
}

TEST_CASE("trim agrees with stripping whole spaces off both ends, on strings of look-alike bytes", "[text]") {
  // The reference strips the eight spaces' encodings as whole prefixes, then as whole suffixes.
  const std::vector<std::string> spaces = {" ", "\t", "\r", "\n", "\f", "\v", "\xC2\xA0", "\xE2\x80\xAF"};
  auto reference = [&](std::string_view s) {
    for (bool cut = true; cut;) {
      cut = false;
      for (const auto& sp : spaces)
        if (s.substr(0, sp.size()) == sp) { s.remove_prefix(sp.size()); cut = true; break; }
    }
    for (bool cut = true; cut;) {
      cut = false;
      for (const auto& sp : spaces)
        if (s.size() >= sp.size() && s.substr(s.size() - sp.size()) == sp) {
          s.remove_suffix(sp.size());
          cut = true;
          break;
        }
    }
    return s;
  };
  // Spaces, their loose bytes, characters that end in the same bytes (U+00AF, U+20A0, U+2000) and letters.
  const std::vector<std::string> pieces = {" ",        "\t",       "\n",        "\xC2\xA0", "\xE2\x80\xAF", "\xC2",
                                           "\xA0",     "\xAF",     "\xE2\x80",  "\xC2\xAF", "\xE2\x82\xA0", "\xE2\x80\x80",
                                           "a",        "Z",        "\x01",      "\x1F",     "!",            "\xC3\xA9"};
  std::mt19937_64 rng(11);
  for (int i = 0; i < 50000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 7); n > 0; --n) s += pieces[rng() % pieces.size()];
    if (trim(s) != reference(s)) FAIL_CHECK("trim of [" << s << "] is [" << trim(s) << "]");
  }
}

TEST_CASE("append_int appends what std::to_string writes", "[text]") {
  std::mt19937_64 rng(3);
  std::vector<int64_t> ns = {0, 1, -1, 9, 10, -10, 999999, std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min()};
  for (int i = 0; i < 1000; ++i) ns.push_back(static_cast<int64_t>(rng()) >> (rng() % 63));
  for (int64_t n : ns) {
    std::string out = "/locations/";
    append_int(out, n);
    CHECK(out == "/locations/" + std::to_string(n));
  }
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
  // Decimals of exactly 0 to 9 places, the ones written from their integer, at every magnitude up
  // to past the 10^15 / 10^digits edge of that path, each printed with 0 to 12 places.
  std::vector<double> decimals = {1e15 - 1, 1e15, 1e15 + 2, -(1e15 - 1), 999999999999999.9, 99999999999999.99,
                                  0.1, 0.01, -0.001, 1e-9, -1e-9, 123456789.123456789};
  for (int i = 0; i < 20000; ++i) {
    int places = static_cast<int>(rng() % 10);
    int64_t whole = static_cast<int64_t>(rng() >> (rng() % 64));  // every magnitude
    double v = static_cast<double>(whole % 2000000000000000) / std::pow(10.0, places);
    decimals.push_back(rng() % 2 ? -v : v);
  }
  for (double v : decimals)
    for (int digits = 0; digits <= 12; ++digits) {
      std::string out;
      append_fixed(out, v, digits);
      if (out != printf_fixed(v, digits))
        FAIL_CHECK(printf_fixed(v, digits) << " became " << out << " (" << digits << " places)");
    }
}
