#include <catch2/catch.hpp>

#include "ingest/detect.h"
#include "ingest/importers.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_claude) {}
};

const std::string truss = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

const Record* message(const CollectSink& out, const std::string& conv, const std::string& uuid) {
  std::string id = make_record_id("claude", "message", "message:" + conv + ":" + uuid);
  for (const Record& r : out.records)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("claude: probe", "[claude]") {
  CHECK(probe_claude(Archive({sample("claude")})) == 95);
  CHECK(probe_claude(Archive({sample("claude-2024")})) == 95);
  CHECK(probe_claude(Archive({sample("claude-2026")})) == 95);
  CHECK(probe_claude(Archive({sample("chatgpt")})) == 0);
  CHECK(probe_claude(Archive({sample("whatsapp")})) == 0);
  CHECK(probe_chatgpt(Archive({sample("claude")})) == 0);
  Detection d = detect(Archive({sample("claude")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "claude");
  // An account without conversations is still Claude's, not ChatGPT's.
  test::TempDir dir;
  dir.write("conversations.json", "[]");
  dir.write("users.json", "[{\"uuid\": \"u1\", \"full_name\": \"Bo\"}]");
  Detection empty = detect(Archive({dir.path()}), "");
  REQUIRE(empty.chosen);
  CHECK(std::string(empty.chosen->name) == "claude");
}

TEST_CASE("claude: every file is read", "[claude]") {
  for (const char* name : {"claude", "claude-2024"}) {
    INFO(name);
    Run r(sample(name));
    CHECK(r.out.unclaimed(r.in).empty());
    CHECK(r.log.warnings() == 0);
    for (const auto& [path, fate] : r.out.fates) CHECK(fate.first == Fate::parsed);
  }
}

TEST_CASE("claude: conversations and their turns, block by block", "[claude]") {
  Run r(sample("claude"));
  auto convs = r.out.of("conversation");
  REQUIRE(convs.size() == 2);
  const Record* c = r.out.with("conversation", "thread_id", truss);
  REQUIRE(c);
  CHECK(c->data["title"] == "Truss loads for the footbridge 🌉");
  CHECK(c->data["url"] == "https://claude.ai/chat/" + truss);
  CHECK(c->data["message_count"] == 4);
  CHECK(c->data["updated_at"] == "2025-03-14T09:31:02.003114Z");
  CHECK(c->data["raw"]["summary"] == "Ana asks how to size the truss of a timber footbridge.");
  REQUIRE(c->time);
  CHECK(format_rfc3339(*c->time) == "2025-03-14T09:20:11.482917Z");
  const Record* empty = r.out.with("conversation", "thread_id", "a0c1b2d3-0000-4000-8000-00000000e000");
  REQUIRE(empty);
  CHECK(empty->data["message_count"] == 0);
  CHECK_FALSE(empty->data.contains("title"));

  const Record* q = message(r.out, truss, "0195e7a0-0001-7000-8000-000000000001");
  REQUIRE(q);
  CHECK(q->data["role"] == "user");
  CHECK(q->data["direction"] == "sent");
  CHECK_FALSE(q->data.contains("from"));
  CHECK(q->data["index"] == 0);
  CHECK(q->data["attachments"] == json::array({{{"uri", "loads – Lastannahmen.csv"}, {"type", "text/csv"}}, {{"uri", "sketch.png"}}}));
  CHECK(q->data["raw"]["attachments"][0]["extracted_content"] == "member,force_kN\nbottom chord,84.5\ndiagonal,31.2");
  CHECK(q->data["raw"]["attachments"][0]["file_size"] == 214);

  const Record* a = message(r.out, truss, "0195e7a0-0002-7000-8000-000000000002");
  REQUIRE(a);
  CHECK(a->data["role"] == "assistant");
  CHECK(a->data["from"] == json{{"name", "Claude"}});
  CHECK(a->data["text"] == "For 84.5 kN in tension, a 140 × 240 mm GL24h chord leaves a good margin.");
  CHECK(a->data["links"] == json::array({"https://example.org/ec5"}));
  CHECK(a->data["parent"] == "0195e7a0-0001-7000-8000-000000000001");
  CHECK(a->data["content_type"] == "tool_use");
  CHECK(a->data["raw"]["thinking"] == json::array({"The chord carries 84.5 kN in tension; check net section and splice."}));
  CHECK(a->data["raw"]["tool_use"][0] == json{{"name", "web_search"}, {"input", {{"query", "EN 1995 timber tension design"}}}});
  CHECK(a->data["raw"]["tool_result"][0]["name"] == "web_search");
  CHECK(a->data["raw"]["content"][0]["type"] == "artifact_preview");  // a block no one knows: kept whole

  // Two turns that differ by one character at the same second are two messages.
  const Record* m3 = message(r.out, truss, "0195e7a0-0003-7000-8000-000000000003");
  const Record* m4 = message(r.out, truss, "0195e7a0-0004-7000-8000-000000000004");
  REQUIRE(m3);
  REQUIRE(m4);
  CHECK(m4->data["text"] == "Merci ! And the splice??");
  CHECK(m4->data["raw"]["updated_at"] == "2025-03-14T09:31:02.003114Z");
  CHECK(id_collisions(r.out.records).empty());
}

TEST_CASE("claude: account, projects, documents, memories", "[claude]") {
  Run r(sample("claude"));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]->data["name"] == "Ana Kovač");
  CHECK(profiles[0]->data["emails"] == json::array({{{"address", "ana.kovac@example.org"}}}));
  CHECK(profiles[0]->data["phones"] == json::array({{{"number", "+385910000111"}}}));
  const Record* project = r.out.with("note", "title", "Footbridge Lyon");
  REQUIRE(project);
  CHECK(project->data["type"] == "project");
  CHECK(project->data["text"] == "Timber footbridge over the Saône, 12 m span.");
  CHECK(project->data["raw"]["prompt_template"] == "Answer with Eurocode references. Units: kN, mm.");
  const Record* doc = r.out.with("note", "title", "site-notes.md");
  REQUIRE(doc);
  CHECK(doc->data["type"] == "project_document");
  CHECK(doc->data["text"] == "# Site\nBanks: 1.8 m difference.\nAccess for a crane: north side only.");
  CHECK(doc->data["raw"]["project"] == "Footbridge Lyon");
  int memories = 0;
  for (const Record* n : r.out.of("note")) memories += n->data.value("type", "") == "memory";
  CHECK(memories == 2);
}

TEST_CASE("claude: the batched export, a file per project and per account's memories", "[claude]") {
  Run r(sample("claude-2026"));
  CHECK(r.log.warnings() == 0);  // projects/empty.json is 0 bytes: ignored, not read, no warning
  CHECK(r.out.fates.at("projects/empty.json").first == Fate::ignored);
  for (const char* path : {"projects/e1e1e1e1-0000-4000-8000-000000000026.json",
                           "projects/e1e1e1e1-0000-4000-8000-000000000027.json",
                           "memories/7c3d9e10-0000-4000-8000-00000000b002.json"}) {
    INFO(path);
    REQUIRE(r.out.fates.count(path));
    CHECK(r.out.fates.at(path).first == Fate::parsed);
  }
  // Two projects with one name are two projects; the document keeps its project.
  int projects = 0;
  for (const Record* n : r.out.of("note")) projects += n->data.value("type", "") == "project";
  CHECK(projects == 2);
  const Record* doc = r.out.with("note", "title", "močiutė.md");
  REQUIRE(doc);
  CHECK(doc->data["text"] == "Grandmother's kugelis: 2 kg potatoes.");
  const Record* general = r.out.with("note", "text", "Jūratė cooks for large family gatherings in Kaunas.");
  REQUIRE(general);
  CHECK(general->data["type"] == "memory");
  CHECK(general->data["raw"]["account_uuid"] == "7c3d9e10-0000-4000-8000-00000000b002");
  const Record* scoped = r.out.with("note", "text", "Recipes are scaled by weight, not by cups.");
  REQUIRE(scoped);
  CHECK(scoped->data["raw"]["project"] == "e1e1e1e1-0000-4000-8000-000000000026");
}

TEST_CASE("claude: memory files are kept, whatever their shape", "[claude]") {
  test::TempDir dir;
  dir.write("conversations.json", "[]");
  dir.write("users.json", "[{\"uuid\": \"u1\", \"full_name\": \"Bo\"}]");
  dir.write("memories/u1.json",
            "{\"conversations_memory\": \"\", \"project_memories\": {}, \"account_uuid\": \"u1\", \"memory_files\": "
            "[{\"file_name\": \"work.md\", \"content\": \"Bo edits maps.\"}, {\"path\": \"x\", \"size\": 3}]}");
  Run r(dir.path());
  CHECK(r.out.fates.at("memories/u1.json").first == Fate::parsed);
  const Record* named = r.out.with("note", "title", "work.md");
  REQUIRE(named);
  CHECK(named->data["text"] == "Bo edits maps.");
  CHECK(named->data["type"] == "memory");
  CHECK(named->data["raw"]["account_uuid"] == "u1");
  int files = 0;
  for (const Record* n : r.out.of("note")) files += n->data["raw"].contains("memory_file");
  CHECK(files == 2);  // the one of unknown shape is kept whole too
}

TEST_CASE("claude: the 2024 export, text only", "[claude]") {
  Run r(sample("claude-2024"));
  const std::string conv = "3b2a1c00-0000-4000-8000-000000002024";
  const Record* a = message(r.out, conv, "11111111-0000-4000-8000-000000000002");
  REQUIRE(a);
  CHECK(a->data["text"] == "Bien sûr. Voici une version plus directe :\n\nMadame, Monsieur, …");
  CHECK(a->data["content_type"] == "text");
  const Record* q = message(r.out, conv, "11111111-0000-4000-8000-000000000001");
  REQUIRE(q);
  CHECK(q->data["attachments"] == json::array({{{"uri", "lettre.txt"}, {"type", "txt"}}}));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK_FALSE(profiles[0]->data.contains("phones"));
}

TEST_CASE("claude: a broken file fails alone; distinct in, distinct out", "[claude]") {
  test::TempDir dir;
  dir.write("conversations.json", "[{\"uuid\": \"c1\", \"name\": \"x\", \"chat_messages\": []}]");
  dir.write("projects.json", "{\"not\": an array");
  dir.write("users.json", "[{\"uuid\": \"u1\", \"full_name\": \"Bo\"}]");
  Run r(dir.path());
  CHECK(r.out.fates.at("conversations.json").first == Fate::parsed);
  CHECK(r.out.fates.at("users.json").first == Fate::parsed);
  CHECK(r.out.fates.at("projects.json").first == Fate::failed);
  CHECK(r.log.is_partial());
  auto conv = [](const std::string& text) {
    return "{\"uuid\": \"c1\", \"chat_messages\": [{\"uuid\": \"m1\", \"sender\": \"human\", \"text\": \"" + text + "\"}]}";
  };
  CHECK(distinct_ids(read_claude, {{"conversations.json", "[" + conv("a") + ", {\"uuid\": \"c2\", \"chat_messages\": [{\"uuid\": \"m1\", \"sender\": \"human\", \"text\": \"a\"}]}]"}}, "message") == 2);
  CHECK(distinct_ids(read_claude, {{"conversations.json", "[" + conv("a") + "]"}, {"again/conversations.json", "[" + conv("a") + "]"}}, "message") == 1);
}
