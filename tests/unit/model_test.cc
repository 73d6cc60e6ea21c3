#include <catch2/catch.hpp>

#include <set>

#include "lib/dump.h"
#include "lib/error.h"
#include "lib/model.h"
#include "lib/schema.h"
#include "lib/store.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using dataport::test::TempDir;

namespace {

// The data of a record of `kind` with every required field set to its example.
json required_data(std::string_view kind) {
  json d = json::object();
  for (const FieldInfo* f : fields_of(kind))
    if (f->required) d[std::string(f->name)] = json::parse(f->example);
  return d;
}

bool mentions(const std::vector<std::string>& problems, const std::string& word) {
  for (const std::string& p : problems)
    if (p.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the field table covers every kind, once per field, with examples of its type", "[model]") {
  std::set<std::string> kinds;
  for (const KindInfo& k : kind_infos()) kinds.insert(std::string(k.name));
  CHECK(kinds.size() == record_kinds().size());
  for (std::string_view k : record_kinds()) CHECK(kinds.count(std::string(k)) == 1);
  std::set<std::string> seen;
  for (const FieldInfo& f : model_fields()) {
    INFO(f.kind << "." << f.name);
    CHECK((f.kind == "*" || kinds.count(std::string(f.kind)) == 1));
    CHECK(seen.insert(std::string(f.kind) + "." + std::string(f.name)).second);
    CHECK_FALSE(f.meaning.empty());
    if (f.kind == "*" || f.example.empty()) continue;
    json d = required_data(f.kind);
    d[std::string(f.name)] = json::parse(f.example);
    CHECK(check_data(f.kind, d).empty());
  }
  // Every kind has a field that says what the record is, and the view columns come from the table.
  for (const KindInfo& k : kind_infos()) {
    INFO(k.name);
    CHECK_FALSE(k.fields.empty());
    for (std::string_view c : k.fields) CHECK(find_field(k.name, c)->column);
  }
}

TEST_CASE("check_record names undeclared fields, wrong types and missing required fields", "[model]") {
  Record r = make_record("contact", "x", "k", "f.js", "/0");
  r.data = {{"relation", "following"}, {"name", "Ana"}};
  CHECK(check_record(r).empty());
  r.data["nickname_2"] = "A";
  CHECK(mentions(check_record(r), "contact has no field \"nickname_2\""));
  r.data.erase("nickname_2");
  r.data["emails"] = json::array({"ana@example.org"});  // strings, where the model says {address}
  CHECK(mentions(check_record(r), "contact.emails must be objects"));
  r.data["emails"] = json::array({{{"address", "ana@example.org"}}});
  r.data["show_boosts"] = "true";
  CHECK(mentions(check_record(r), "contact.show_boosts must be boolean"));
  r.data["show_boosts"] = true;
  CHECK(check_record(r).empty());
  r.data.erase("relation");
  CHECK(mentions(check_record(r), "lacks its required field \"relation\""));
  r.data["relation"] = "friend";
  r.data["time_precision"] = "week";
  CHECK(mentions(check_record(r), "time_precision must be year, month or day"));
  r.data["time_precision"] = "month";
  r.data["raw"] = {{"anything", {1, 2}}};  // raw is free-form
  CHECK(check_record(r).empty());
  r.kind = "tweet";
  CHECK(mentions(check_record(r), "unknown kind"));
  // A field of another kind is not a field of this one.
  CHECK(find_field("post", "relation") == nullptr);
  CHECK(find_field("post", "raw") != nullptr);
}

TEST_CASE("data of model version 1 takes version 2's names, and current data is left alone", "[model]") {
  json conv = {{"thread_id", "c1"}, {"updated", "2024-01-01T00:00:00Z"}};
  CHECK(upgrade_data("conversation", conv));
  CHECK(conv == json{{"thread_id", "c1"}, {"updated_at", "2024-01-01T00:00:00Z"}});
  CHECK_FALSE(upgrade_data("conversation", conv));

  json reaction = {{"reaction", "like"}, {"name", "Jordan Pike"}};
  CHECK(upgrade_data("reaction", reaction));
  CHECK(reaction == json{{"reaction", "like"}, {"owner", {{"name", "Jordan Pike"}}}});

  json tweet = {{"text", "hi"}, {"raw", {{"lang", "en"}, {"retweet_count", "0"}}}};
  CHECK(upgrade_data("post", tweet));
  CHECK(tweet == json{{"text", "hi"}, {"language", "en"}, {"raw", {{"retweet_count", "0"}}}});
  json undetermined = {{"text", "🙂"}, {"raw", {{"lang", "und"}}}};
  CHECK(upgrade_data("post", undetermined));
  CHECK(undetermined == json{{"text", "🙂"}});  // no language known, and raw emptied away

  json follow = {{"relation", "following"},
                 {"raw", {{"show_boosts", "FALSE"}, {"notify", "true"}, {"languages", "en, de"}}},
                 {"emails", {"a@example.org"}}};
  CHECK(upgrade_data("contact", follow));
  CHECK(follow == json{{"relation", "following"},
                       {"show_boosts", false},
                       {"notify", true},
                       {"languages", {"en", "de"}},
                       {"emails", {{{"address", "a@example.org"}}}}});
  CHECK(check_data("contact", follow).empty());

  json ev = {{"name", "Stand-up"}, {"raw", {{"uid", "u1@example.org"}, {"calendar", "Work"}}}};
  CHECK(upgrade_data("event", ev));
  CHECK(ev == json{{"name", "Stand-up"}, {"uid", "u1@example.org"}, {"raw", {{"calendar", "Work"}}}});

  json msg = {{"thread_id", "t"}, {"attachments", {"https://example.org/a"}}};
  CHECK(upgrade_data("message", msg));
  CHECK(msg["attachments"] == json::array({{{"url", "https://example.org/a"}}}));
  json profile = {{"handles", {"old_name", {{"service", "skype"}, {"username", "s"}}}}};
  CHECK(upgrade_data("profile", profile));
  CHECK(profile["handles"] == json::array({{{"username", "old_name"}}, {{"service", "skype"}, {"username", "s"}}}));
}

TEST_CASE("a dump names its model version first, and a newer one is refused", "[model][dump]") {
  CHECK(dump_header() == "{\"dataport\":\"dump\",\"model_version\":" + std::to_string(record_model_version) + "}");
  CHECK(dump_header_version(dump_header(), "d.ndjson line 1") == record_model_version);
  CHECK(dump_header_version("{\"id\":\"ab\",\"kind\":\"post\"}", "w") == 0);
  CHECK_THROWS_WITH(dump_header_version("{\"dataport\":\"dump\",\"model_version\":999}", "d.ndjson line 1"),
                    Catch::Contains("d.ndjson line 1") && Catch::Contains("model version 999"));
  CHECK_THROWS_WITH(dump_header_version("{\"dataport\":\"dump\"}", "w"), Catch::Contains("not a dump header"));
  // A "dataport" that is not a string: not a dump header (an Error, never nlohmann's type_error).
  for (const char* header : {R"({"dataport":5,"model_version":2})", R"({"dataport":["dump"],"model_version":2})"})
    CHECK_THROWS_WITH(dump_header_version(header, "d.ndjson line 1"), Catch::Contains("not a dump header"));
  // A version-1 line reads as this model.
  Record r = parse_dump_line(R"({"id":"0123456789abcdef0123456789abcdef","kind":"conversation","platform":"chatgpt",)"
                             R"("service":null,"time":null,"source":{"archive":"","path":"c.json","pointer":""},)"
                             R"("data":{"thread_id":"c1","updated":"2024-01-01T00:00:00Z"}})",
                             "w");
  CHECK(r.data == json{{"thread_id", "c1"}, {"updated_at", "2024-01-01T00:00:00Z"}});
}

TEST_CASE("a store of model version 1 is upgraded when opened", "[model][store]") {
  TempDir t;
  std::string db = t.path("v1.db");
  {
    Store s(db, Store::Mode::read_write);
    s.begin();
    int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "chatgpt", "chatgpt", "2026-01-01T00:00:00Z");
    Record r = make_record("conversation", "chatgpt", "c1", "conversations.json", "/0");
    r.data = {{"thread_id", "c1"}, {"updated", "2024-01-01T00:00:00Z"}};
    CHECK(s.insert_record(r, a));
    s.commit();
    int n = 0;
    s.select("UPDATE meta SET value = '1' WHERE key = 'model_version' RETURNING value", {}, [&](const Row&) { ++n; });
    CHECK(n == 1);
  }
  {  // a read-only command cannot migrate, but reads the records as this model's
    Store ro(db, Store::Mode::read_only);
    json seen;
    ro.each_record({}, [&](const Record& r) { seen = r.data; });
    CHECK(seen == json{{"thread_id", "c1"}, {"updated_at", "2024-01-01T00:00:00Z"}});
    std::string line;
    ro.each_dump_row({}, [&](const DumpRow& row) { line = dump_line(row); });
    CHECK(line.find("\"updated_at\"") != std::string::npos);
  }
  Store s(db, Store::Mode::read_write);
  std::string data;
  s.select("SELECT data FROM records", {}, [&](const Row& row) { data = row.values[0].get<std::string>(); });
  CHECK(json::parse(data) == json{{"thread_id", "c1"}, {"updated_at", "2024-01-01T00:00:00Z"}});
  std::string version;
  s.select("SELECT value FROM meta WHERE key = 'model_version'", {},
           [&](const Row& row) { version = row.values[0].get<std::string>(); });
  CHECK(version == std::to_string(record_model_version));
}

TEST_CASE("the JSON Schema of a kind declares its fields and closes data", "[model][schema]") {
  json s = kind_json_schema("event");
  CHECK(s["properties"]["kind"]["const"] == "event");
  const json& data = s["properties"]["data"];
  CHECK(data["additionalProperties"] == false);
  CHECK(data["properties"].contains("uid"));
  CHECK(data["properties"].contains("raw"));
  CHECK(data["properties"]["exdates"]["type"] == "array");
  CHECK_THROWS_AS(kind_json_schema("tweet"), Error);
  json all = record_json_schema();
  CHECK(all["$defs"].size() == record_kinds().size());
  CHECK(all["allOf"].size() == record_kinds().size());
  // The Markdown tables name every field of the table.
  std::string md = model_markdown();
  for (const FieldInfo& f : model_fields())
    if (f.kind != "*") CHECK(md.find("`" + std::string(f.name) + "`") != std::string::npos);
}
