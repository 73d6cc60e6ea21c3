#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "lib/json_dump.h"

using namespace dataport;
using json = nlohmann::json;

namespace {
std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A string of bytes from a pool that holds every escape, controls, DEL, valid UTF-8 of every
// length, and malformed UTF-8 (lone continuation, cut sequence, overlong, surrogate, past U+10FFFF).
std::string random_string(std::mt19937_64& rng) {
  static const std::vector<std::string> pool = {
      "a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
      "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbb\xbf", "\x80", "\xc3", "\xe2\x82", "\xc0\xaf",
      "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "lat", "https://x.example/in/a?b=c&d"};
  std::string s;
  for (size_t n = rng() % 8; n > 0; --n) s += pool[rng() % pool.size()];
  return s;
}

double random_double(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0: {  // any bit pattern: subnormals, NaNs, infinities, huge and tiny exponents
      uint64_t bits = rng();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    case 1: return std::round(std::uniform_real_distribution<double>(-180, 180)(rng) * 1e7) / 1e7;  // degrees
    case 2: return static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000);             // integral
    case 3: return std::uniform_real_distribution<double>(0, 1e-3)(rng);
    case 4: return std::ldexp(1.0, static_cast<int>(rng() % 200) - 100);
    default: return std::uniform_real_distribution<double>(-1e17, 1e17)(rng);
  }
}

json random_value(std::mt19937_64& rng, int depth) {
  switch (rng() % (depth < 4 ? 9 : 7)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<int64_t>(rng());
    case 3: return static_cast<uint64_t>(rng());
    case 4: return random_double(rng);
    case 5: return random_string(rng);
    case 6: return static_cast<int64_t>(rng() % 200) - 100;
    case 7: {
      json o = json::object();
      for (size_t n = rng() % 6; n > 0; --n) o[random_string(rng)] = random_value(rng, depth + 1);
      return o;
    }
    default: {
      json a = json::array();
      for (size_t n = rng() % 6; n > 0; --n) a.push_back(random_value(rng, depth + 1));
      return a;
    }
  }
}
}  // namespace

TEST_CASE("dump_compact writes what nlohmann's dump writes, byte for byte", "[json]") {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<json> cases = {
      json::object(), json::array(), nullptr, true, false, 0, -0.0, 0.0, 1.0, -1.5, 1e-5, 1e-4, 123456789012345.0,
      1234567890123456.0, 1e16, 1e300, 5e-324, std::nan(""), inf, -inf, std::numeric_limits<int64_t>::min(),
      std::numeric_limits<int64_t>::max(), std::numeric_limits<uint64_t>::max(), 41.4216106, -2.1684775, "",
      std::string("a\0b", 3), "\xc3\xa9t\xc3\xa9 \x7f \x1b", "bad \xc3( tail \xff", "\xed\xa0\x80",
      json::binary({1, 2, 3}), json{{"z", 1}, {"a", {{"\n", json::array({1, "x", nullptr})}}}, {"\xff", "k"}}};
  for (const json& j : cases) {
    INFO(reference(j));
    CHECK(dump_compact(j) == reference(j));
  }
  std::mt19937_64 rng(20261204);
  int differ = 0;
  for (int i = 0; i < 20000; ++i) {
    json j = random_value(rng, 0);
    if (dump_compact(j) != reference(j) && ++differ <= 5) FAIL_CHECK("differs: " << reference(j));
  }
  CHECK(differ == 0);
  std::string out = "prefix:";
  dump_compact(json{{"k", 1}}, out);  // appends
  CHECK(out == "prefix:{\"k\":1}");
}

TEST_CASE("JsonObjectText writes what dump_compact writes for the same object built as a tree", "[json]") {
  std::mt19937_64 rng(99);
  const std::vector<std::string> keys = {"lat", "lon", "type", "raw", "a", "A", "", "\xc3\xa9", "time_precision",
                                         "accuracy", "a\"b", "\x01", "zz", "bad\xff",
                                         std::string(60, 'k') + "long", std::string(55, 'k')};  // past a short key's buffer, and its edge
  for (int i = 0; i < 5000; ++i) {
    JsonObjectText text, inner_text;
    json tree = json::object(), inner = json::object();
    for (size_t n = rng() % 8; n > 0; --n) {  // keys repeat: the last value stays, in both
      const std::string& k = keys[rng() % keys.size()];
      switch (rng() % 3) {
        case 0: {
          double v = random_double(rng);
          text.number(k, v);
          tree[k] = v;
          break;
        }
        case 1: {
          std::string v = random_string(rng);
          text.string(k, v);
          tree[k] = v;
          break;
        }
        default: {
          std::string v = random_string(rng);
          inner_text.string(k, v);
          inner[k] = v;
        }
      }
    }
    if (!inner_text.empty()) {  // as text already written, or as members written with the outer object
      if (i % 2) text.value_text("raw", inner_text.text());
      else text.object("raw", inner_text);
      tree["raw"] = inner;
    }
    std::string got = text.text();
    if (got != dump_compact(tree)) FAIL_CHECK(got << " != " << dump_compact(tree));
    CHECK(dump_compact(json::parse(got)) == got);  // what the store keeps reads back to the same text
    // Without some keys (what a repeat is compared on): as the tree with them erased, from the
    // members and from the tree alike. A key the object lacks is skipped as well.
    const std::string& other = keys[rng() % keys.size()];
    json erased = tree;
    erased.erase("raw");
    erased.erase("time_precision");
    erased.erase(other);
    std::string without = text.text_without({"raw", "time_precision", other});
    if (without != dump_compact(erased)) FAIL_CHECK(without << " != " << dump_compact(erased) << " from " << got);
    std::string from_tree = "kept:";
    dump_compact_without(tree, {"raw", "time_precision", other}, from_tree);
    CHECK(from_tree == "kept:" + dump_compact(erased));
  }
  CHECK(JsonObjectText().text() == "{}");
  CHECK(JsonObjectText().text_without({"raw"}) == "{}");
  std::string whole;
  dump_compact_without(json::array({1, "raw"}), {"raw"}, whole);  // not an object: written whole
  CHECK(whole == R"([1,"raw"])");
}

// append_json_string looks at eight bytes at a time while none needs escaping: every byte that
// does (and one of 0x80 or more, which it reports) at every place of strings of many lengths.
TEST_CASE("append_json_string escapes a byte wherever it falls in a word", "[json]") {
  const std::string specials[] = {"\"", "\\", std::string(1, '\0'), "\x01", "\x1f", "\n", "\x7f", " ", "\xc3\xa9"};
  for (const std::string& special : specials) {
    for (size_t len = 0; len <= 24; ++len) {
      for (size_t at = 0; at <= len; ++at) {
        std::string s = std::string(at, 'a') + special + std::string(len - at, 'b');
        INFO("special " << json(special).dump(-1, ' ', true) << " at " << at << " of " << s.size());
        std::string out;
        bool high = append_json_string(out, s);
        CHECK(out == reference(s));
        CHECK(high == ((special[0] & 0x80) != 0));
      }
    }
  }
}

// Objects of more members than text() orders on its stack, keys repeated, plain or not.
TEST_CASE("JsonObjectText of many members writes what dump_compact writes", "[json]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    JsonObjectText text;
    json tree = json::object();
    bool plain = i % 2 == 0;
    for (size_t n = 17 + rng() % 30; n > 0; --n) {
      std::string k = "k" + std::to_string(rng() % 25) + (plain || rng() % 4 ? "" : "\"q");
      std::string v = random_string(rng);
      text.string(k, v);
      tree[k] = v;
    }
    CHECK(text.text() == dump_compact(tree));
  }
}

// Whole numbers below 10^15 are written from their integer digits: nlohmann's text for every
// magnitude, both signs and the edges (10^15 itself, 2^53, -0.0 and 0.0 go the other way).
TEST_CASE("dump_compact writes whole numbers as nlohmann does, at every magnitude", "[json]") {
  std::vector<double> xs = {0.0, -0.0, 1.0, -1.0, 999999999999999.0, -999999999999999.0, 1e15, -1e15, 1e15 + 2,
                            9007199254740992.0, 1e14, 123456789.0, 1580.0, 5e-324, 0.5, -2.5, 1e300};
  std::mt19937_64 rng(15);
  for (int i = 0; i < 20000; ++i) {
    double magnitude = std::pow(10.0, static_cast<double>(rng() % 18));
    double x = std::trunc(std::uniform_real_distribution<double>(-magnitude, magnitude)(rng));
    xs.push_back(x);
    xs.push_back(x + 0.25);
  }
  int differ = 0;
  for (double x : xs) {
    json j = x;
    if (dump_compact(j) != reference(j) && ++differ <= 5) FAIL_CHECK(reference(j) << " written as " << dump_compact(j));
    JsonObjectText t;
    t.number("n", x);
    if (t.text() != "{\"n\":" + reference(j) + "}" && ++differ <= 5) FAIL_CHECK("JsonObjectText: " << t.text());
  }
  CHECK(differ == 0);
}
