#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <random>

#include "lib/error.h"
#include "importers/json_walk.h"
#include "lib/json.h"
#include "tests/unit/zip_writer.h"

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

TEST_CASE("json_int: only what fits in 64 signed bits is an integer", "[json]") {
  JsonParser p;
  auto e = p.parse(R"({"max":"9223372036854775807","min":"-9223372036854775808","over":"9223372036854775808",
    "long":"7943542013952000227777777777777777777777","dash":"-","neg":"-12","bad":"12a","u":18446744073709551615,
    "d":1e300,"dn":-1e300,"ok":1.0e3})", "t");
  CHECK(*json_int(e, "max") == std::numeric_limits<int64_t>::max());
  CHECK(*json_int(e, "min") == std::numeric_limits<int64_t>::min());
  CHECK(*json_int(e, "neg") == -12);
  CHECK(*json_int(e, "ok") == 1000);
  for (const char* k : {"over", "long", "dash", "bad", "u", "d", "dn"}) {
    INFO(k);
    CHECK_FALSE(json_int(e, k));
  }
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

namespace {
// Walks `text` descending into everything: "pointer=text" for each value taken (every scalar).
std::vector<std::string> walked(const std::string& text, size_t max_value = size_t{64} << 20) {
  MemoryStream m(text);
  JsonTreeWalker w(m, "t.json", max_value);
  std::vector<std::string> out;
  w.take = [&](const JsonTreeWalker::Path& p, std::string_view v) { out.push_back(JsonTreeWalker::pointer(p) + "=" + std::string(v)); };
  w.run();
  return out;
}
}  // namespace

TEST_CASE("the tree walker gives every scalar with its path", "[json][walker]") {
  auto v = walked("\xEF\xBB\xBF { \"a\" : [1, {\"b\":\"x\\\"y\"}, [true, null]], \"c/d~\": -2.5e3 , \"e\":{} }");
  REQUIRE(v.size() == 5);
  CHECK(v[0] == "/a/0=1");
  CHECK(v[1] == "/a/1/b=\"x\\\"y\"");
  CHECK(v[2] == "/a/2/0=true");
  CHECK(v[3] == "/a/2/1=null");
  CHECK(v[4] == "/c~1d~0=-2.5e3");
  CHECK(walked("\"just a string\"") == std::vector<std::string>{"=\"just a string\""});
}

TEST_CASE("the tree walker decodes escaped keys", "[json][walker]") {
  auto v = walked(R"({"Caf\u00e9 \ud83d\ude00 \/ \"q\"":1})");
  REQUIRE(v.size() == 1);
  CHECK(v[0] == "/Caf\xC3\xA9 \xF0\x9F\x98\x80 ~1 \"q\"=1");
}

TEST_CASE("the tree walker takes, skips and stops where it is told", "[json][walker]") {
  MemoryStream m(R"({"skip":[1,[2,{"x":"]}"}]],"Profile":{"ProfileMap":{"userName":"a b"}},"list":[{"k":1},{"k":2}],"after":{"y":1}})");
  JsonTreeWalker w(m, "t.json");
  std::vector<std::string> taken, closes;
  w.visit = [&](const JsonTreeWalker::Path& p, char opens) {
    if (!p.empty() && p.back() == "skip") return JsonTreeWalker::Visit::skip;
    if (!p.empty() && p.back() == "ProfileMap") return JsonTreeWalker::Visit::take;
    if (w.in_array()) return JsonTreeWalker::Visit::take;
    if (!p.empty() && p.back() == "after") return JsonTreeWalker::Visit::stop;
    return opens == '{' || opens == '[' ? JsonTreeWalker::Visit::descend : JsonTreeWalker::Visit::skip;
  };
  w.take = [&](const JsonTreeWalker::Path& p, std::string_view v) { taken.push_back(JsonTreeWalker::pointer(p) + "=" + std::string(v)); };
  w.closed = [&](const JsonTreeWalker::Path& p, bool array, int64_t n) {
    closes.push_back(JsonTreeWalker::pointer(p) + (array ? "[" : "{") + std::to_string(n));
  };
  w.run();
  CHECK(taken == std::vector<std::string>{"/Profile/ProfileMap={\"userName\":\"a b\"}", "/list/0={\"k\":1}", "/list/1={\"k\":2}"});
  CHECK(closes == std::vector<std::string>{"/Profile{1", "/list[2"});  // the root never closes: the walk stopped
}

TEST_CASE("the tree walker refuses malformed, truncated and too deep input, naming where", "[json][walker]") {
  CHECK_THROWS_WITH(walked(R"({"a":{"b":[1,2)"), Catch::Contains("t.json") && Catch::Contains("never closes") && Catch::Contains("/a/b"));
  CHECK_THROWS_WITH(walked(R"({"a":{"b":"unterminated)"), Catch::Contains("string never closes") && Catch::Contains("/a/b"));
  CHECK_THROWS_WITH(walked(R"({"a":1,})"), Catch::Contains("a key"));
  CHECK_THROWS_WITH(walked(R"({"a" 1})"), Catch::Contains("':' expected"));
  CHECK_THROWS_WITH(walked(R"([1 2])"), Catch::Contains("',' or ']'"));
  CHECK_THROWS_WITH(walked(R"({"a":1} x)"), Catch::Contains("after the end"));
  CHECK_THROWS_WITH(walked(""), Catch::Contains("empty"));
  std::string deep = "{\"a\":" + std::string(2000, '[') + std::string(2000, ']') + "}";
  CHECK_THROWS_WITH(walked(deep), Catch::Contains("deeper than 1024"));
  // deep inside a value that is skipped or taken whole is refused too
  MemoryStream m(deep);
  JsonTreeWalker w(m, "t.json");
  w.visit = [](const JsonTreeWalker::Path&, char) { return JsonTreeWalker::Visit::skip; };
  CHECK_THROWS_WITH(w.run(), Catch::Contains("deeper than 1024"));
  MemoryStream m2(R"({"a":[1,{"b":]}]})");
  JsonTreeWalker w2(m2, "t.json");
  w2.visit = [](const JsonTreeWalker::Path& p, char) { return p.empty() ? JsonTreeWalker::Visit::descend : JsonTreeWalker::Visit::skip; };
  CHECK_THROWS_WITH(w2.run(), Catch::Contains("unbalanced"));
}

TEST_CASE("the tree walker bounds a value and cuts a huge string", "[json][walker]") {
  CHECK_THROWS_WITH(walked(R"({"a":"0123456789"})", 8), Catch::Contains("larger than 8 bytes") && Catch::Contains("/a"));
  // a string of 16 MiB + 3 bytes, 'é' straddling the cut: kept up to the last whole character
  std::string big(max_kept_string - 1, 'x');
  big += "\xC3\xA9zz";
  MemoryStream m("{\"s\":\"" + big + "\",\"t\":\"short\"}");
  JsonTreeWalker w(m, "t.json");
  std::vector<std::pair<std::string, int64_t>> got;
  w.take = [&](const JsonTreeWalker::Path&, std::string_view v) { got.emplace_back(std::string(v), w.truncated()); };
  w.run();
  REQUIRE(got.size() == 2);
  CHECK(got[0].first.size() == max_kept_string - 1 + 2);  // the quotes, no half 'é'
  CHECK(got[0].second == 1);
  CHECK(got[1] == std::pair<std::string, int64_t>{"\"short\"", 0});
}

TEST_CASE("read_one_record reads a one-record file whole, and refuses one over its limit naming it", "[json]") {
  test::TempDir dir;
  dir.write("export/user.json", "\xEF\xBB\xBF{\"id\": \"u1\"}");
  Archive in({dir.path("export")});
  struct {
    const Archive& in;
    JsonParser parser;
  } c{in, {}};
  REQUIRE(in.entries().size() == 1);
  Entry e = in.entries()[0];
  CHECK(json_text_any(read_one_record(c, e), {"id"}) == "u1");
  e.size = max_one_record + 1;  // as a file of 64 MiB and more declares itself
  CHECK_THROWS_WITH(read_one_record(c, e), Catch::Contains("user.json") && Catch::Contains("too large for a file of one record"));
}

// parse_json reads through simdjson where it can: what it returns must be, value and type, what
// nlohmann's own parser returns, and it must refuse what that refuses.
TEST_CASE("parse_json gives nlohmann's tree and errors, whichever parser read the text", "[json]") {
  auto same = [](const std::string& text) {
    INFO(text);
    json fast, ref;
    bool fast_ok = true, ref_ok = true;
    try {
      fast = parse_json(text, "t");
    } catch (const Error&) {
      fast_ok = false;
    }
    try {
      ref = parse_json_reference(text, "t");
    } catch (const Error&) {
      ref_ok = false;
    }
    REQUIRE(fast_ok == ref_ok);
    if (!fast_ok) return;
    CHECK(fast.dump() == ref.dump());
    // Types too: nlohmann reads 5 as unsigned and -5 as signed; code asks is_number_unsigned().
    std::function<void(const json&, const json&)> types = [&](const json& a, const json& b) {
      REQUIRE(a.type() == b.type());
      if (a.is_object())
        for (auto it = a.begin(); it != a.end(); ++it) types(it.value(), b.at(it.key()));
      if (a.is_array())
        for (size_t i = 0; i < a.size(); ++i) types(a[i], b[i]);
    };
    types(fast, ref);
  };
  for (const char* t :
       {R"({"a":1,"b":-1,"c":1.5,"d":-0.0,"e":-0,"f":0,"g":1e300,"h":1E-5,"i":true,"j":null,"k":"x"})",
        R"({"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775808,"negger":-9223372036854775809})",
        R"({"dup":1,"dup":2,"o":{"dup":"a","dup":{"x":[1,2]}}})", R"(["\u0000","\ud83d\ude00","é","\"\\\/\b\f\n\r\t"])",
        R"({"":{"":[[],{}]}})", "  [1, 2 ,3 ]  ", "0.1", "\"s\"", "123456789012345678901234567890", "-0", "2.5e-324",
        "", " ", "{", "[1,]", R"({"a":1}x)", "{\"a\":\"\xff\"}", R"(["\ud800"])", "nul", "01", "1.", "+1", "NaN",
        R"({"a":1,})", "[1]\n[2]"})
    same(t);
  // Depth: nesting to the limit parses, one level more is refused, by both.
  same(std::string(max_json_depth, '[') + std::string(max_json_depth, ']'));
  same(std::string(max_json_depth + 1, '[') + std::string(max_json_depth + 1, ']'));
  // Over 1 MiB nlohmann reads it: the same tree either way.
  same("[\"" + std::string(size_t{1} << 20, 'x') + "\",1]");
}

namespace {
// A stream that hands out at most `chunk` bytes a read: the scanner's blocks then end anywhere,
// inside a string, an escape or a UTF-8 sequence.
class ChunkStream : public Stream {
 public:
  ChunkStream(std::string data, size_t chunk) : data_(std::move(data)), chunk_(chunk) {}
  size_t read(char* buf, size_t n) override {
    n = std::min({n, chunk_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t chunk_, pos_ = 0;
};

std::vector<std::string> chunked_elements(const std::string& text, size_t chunk, const std::string& key = "",
                                          size_t max_element = size_t{64} << 20, int64_t* truncated = nullptr) {
  ChunkStream m(text, chunk);
  JsonArrayScanner s(m, "test.json", key, max_element);
  std::vector<std::string> out;
  std::string e;
  while (s.next(e)) {
    CHECK(s.index() == static_cast<int64_t>(out.size()));
    if (truncated) *truncated += s.truncated();
    out.push_back(e);
  }
  return out;
}
}  // namespace

TEST_CASE("the scanner gives each element's exact text, wherever its blocks end", "[json]") {
  // Elements with nested brackets in and out of strings, escapes (\" \\ \u), UTF-8, and the
  // whitespace of a pretty-printed Records.json between and inside them.
  const std::vector<std::string> kinds = {
      R"({"latitudeE7": 414216106, "longitudeE7": -21684775, "activity": [{"activity": [{"type": "STILL"}]}]})",
      "{\n    \"timestamp\": \"2014-01-01T00:00:00Z\",\n    \"source\": \"WIFI\"\n  }",
      R"("a \"quoted\" ], [ { string \\ with \u00e9 and \\\" end")", R"([1, [2, [3, {"k": "]"}]], "x"])",
      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "-1.5e-7", "true", "null", R"({})", R"([])", R"("\\")"};
  std::mt19937 rng(7);
  const std::vector<std::string> spaces = {"", " ", "\n  ", "\r\n\t", "   "};
  std::string text = "[" + spaces[2];
  std::vector<std::string> want;
  for (int i = 0; i < 300; ++i) {
    std::string e = kinds[rng() % kinds.size()] + spaces[rng() % spaces.size()];  // kept: up to the comma
    want.push_back(e);
    text += e + (i + 1 < 300 ? "," + spaces[rng() % spaces.size()] : "]");
  }
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{64}, size_t{1} << 20}) {
    INFO("chunk " << chunk);
    CHECK(chunked_elements(text, chunk) == want);
    CHECK(chunked_elements("{\"a\": {\"locations\": [0]}, \"locations\": " + text + "}", chunk, "locations") == want);
  }
}

// The scanner skips runs sixteen bytes at a time: a quote, backslash or bracket at every place
// in those sixteen bytes, after runs of every length, is still found; bytes one bit away from a
// bracket ('[' and ']' differ from '{' and '}' by 0x20 alone) are not taken for one.
TEST_CASE("the scanner finds each quote, backslash and bracket wherever it falls in a run", "[json]") {
  const std::string near = "z|~^Z;KkDd\x7f\xdb\xfb\xdd\xfd\x5a\x7a\x5e\x7e\x0b";  // no stop among them
  for (size_t run = 0; run <= 40; ++run) {
    INFO("run " << run);
    const std::string pad(run, 'x'), spaces(run, ' ');
    std::vector<std::string> want = {
        "\"" + pad + "\\\"" + near + "[{" + pad + "\\\\\"",             // an escaped quote, then an escaped backslash
        "[" + spaces + "{\"k\":" + spaces + "[" + pad + near + "]}" + spaces + "]",  // brackets after runs outside strings
        "{\"" + pad + "\":\"]}" + near + "\"," + spaces + "\"b\":[" + spaces + "1]}",  // brackets inside a string
        "\"" + std::string(run, 'y') + "\\u00e9" + pad + "\""};
    std::string text = "[";
    for (size_t i = 0; i < want.size(); ++i) text += (i ? "," : "") + want[i];
    text += "]";
    for (size_t chunk : {size_t{17}, size_t{64}, size_t{1} << 20}) {
      INFO("chunk " << chunk);
      CHECK(chunked_elements(text, chunk) == want);
    }
  }
}

TEST_CASE("the scanner bounds an element to the byte, wherever its blocks end", "[json]") {
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{7}, size_t{4096}}) {
    INFO("chunk " << chunk);
    // 20 bytes each: within a bound of 20, past a bound of 19; the leading space is not counted.
    for (const std::string e : {R"({"a": "0123456789a"})", R"("012345678901234567")", R"([1, 2, 3, 4, 5, 6,7])"}) {
      REQUIRE(e.size() == 20);
      CHECK(chunked_elements("[ " + e + "]", chunk, "", 20) == std::vector<std::string>{e});
      CHECK_THROWS_WITH(chunked_elements("[ " + e + "]", chunk, "", 19), Catch::Contains("larger than 19 bytes"));
    }
  }
}

TEST_CASE("the scanner cuts a string past max_kept_string where a character begins", "[json]") {
  // "a" then é (two bytes) over and over: characters begin at odd offsets, so the cut falls one
  // byte past the limit, not inside an é. An escape is one character: it is never split.
  std::string head = "a";
  while (head.size() < max_kept_string + 40) head += "\xc3\xa9";
  std::string escaped = std::string(max_kept_string - 2, 'x') + "\\u00e9yz";
  for (size_t chunk : {size_t{4093}, size_t{1} << 20}) {
    INFO("chunk " << chunk);
    int64_t truncated = 0;
    auto got = chunked_elements("[{\"t\": \"" + head + "\", \"n\": 1}, \"" + escaped + "\", \"" +
                                    std::string(max_kept_string, 'k') + "\"]",
                                chunk, "", size_t{64} << 20, &truncated);
    REQUIRE(got.size() == 3);
    CHECK(got[0] == "{\"t\": \"" + head.substr(0, max_kept_string + 1) + "\", \"n\": 1}");
    CHECK(got[1] == "\"" + escaped.substr(0, max_kept_string - 2) + "\\u00e9\"");
    CHECK(got[2] == "\"" + std::string(max_kept_string, 'k') + "\"");  // exactly the limit: whole
    CHECK(truncated == 2);
  }
}
