#include <catch2/catch.hpp>

#include "lib/hash.h"
#include "lib/record.h"
#include "lib/schema.h"

using namespace dataport;

TEST_CASE("record ids are deterministic and depend on every part", "[record]") {
  auto a = make_record_id("linkedin", "contact", "tomasreyes");
  CHECK(a.size() == 32);
  CHECK(a == make_record_id("linkedin", "contact", "tomasreyes"));
  CHECK(a != make_record_id("linkedin", "contact", "tomasreye"));
  CHECK(a != make_record_id("linkedin", "message", "tomasreyes"));
  CHECK(a != make_record_id("x", "contact", "tomasreyes"));
  // The separator keeps ("ab","c") and ("a","bc") apart.
  CHECK(make_record_id("ab", "c", "k") != make_record_id("a", "bc", "k"));
  // docs/schema.md's definition, spelled out: every store and dump made so far holds these ids.
  CHECK(a == sha256_hex(std::string("linkedin\0contact\0tomasreyes", 27)).substr(0, 32));
  CHECK(make_record_id("", "", "") == sha256_hex(std::string("\0\0", 2)).substr(0, 32));
}

TEST_CASE("unkeyed_record is make_record without the id", "[record]") {
  Record u = unkeyed_record("message", "linkedin", "messages.csv", "line 2");
  Record k = make_record("message", "linkedin", "key", "messages.csv", "line 2");
  CHECK(u.id.empty());
  CHECK(k.id == make_record_id("linkedin", "message", "key"));
  CHECK((u.kind == k.kind && u.platform == k.platform && u.source.path == k.source.path &&
         u.source.pointer == k.source.pointer && u.data == k.data));
}

TEST_CASE("set_time records coarse precision in data", "[record]") {
  Record r = make_record("position", "linkedin", "k", "Positions.csv", "line 2");
  set_time(r, *parse_time("Jan 2024", "%b %Y"));
  CHECK(r.data["time_precision"] == "month");
  CHECK(time_string(r) == "2024-01-01T00:00:00.000Z");
  set_time(r, from_unix_seconds(5));
  CHECK_FALSE(r.data.contains("time_precision"));
}

TEST_CASE("put trims, repairs and skips empty values", "[record]") {
  json d = json::object();
  put(d, "name", "  Zoë  ");
  put(d, "empty", "   ");
  put(d, "bad", "x\xFF");
  CHECK(d["name"] == "Zoë");
  CHECK_FALSE(d.contains("empty"));
  CHECK(d["bad"] == "x\xEF\xBF\xBD");
  CHECK(record_text(json{{"a", "one"}, {"b", {{"c", "two"}}}, {"n", 3}}) == "one two");
  // The index leaves out an html beside a text (the same words), and only that.
  json post = {{"html", "<p>Hi <b>there</b></p>"}, {"text", "Hi there"}, {"to", {{{"html", "<i>x</i>"}}}}};
  CHECK(record_text(post) == "<p>Hi <b>there</b></p> Hi there <i>x</i>");
  CHECK(search_text(post) == "Hi there <i>x</i>");
  CHECK(search_text(json{{"a", "one"}, {"b", {{"c", "two"}}}}) == "one two");
}

TEST_CASE("kinds agree between the model, the schema table and the JSON Schema", "[record]") {
  const auto& infos = kind_infos();
  REQUIRE(infos.size() == record_kinds().size());
  for (size_t i = 0; i < infos.size(); ++i) CHECK(infos[i].name == record_kinds()[i]);
  json schema = record_json_schema();
  CHECK(schema["properties"]["kind"]["enum"].size() == record_kinds().size());
  CHECK(is_record_kind("verification"));
  CHECK_FALSE(is_record_kind("tweet"));
  CHECK(record_summary(json{{"title", "T"}, {"text", "line\nbreak"}}) == "line break");
}
