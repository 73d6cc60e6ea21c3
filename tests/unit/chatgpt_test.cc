#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "ingest/importers.h"
#include "lib/log.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_chatgpt) {}
  const Record* msg(const std::string& conv, const std::string& node) const {
    std::string id = make_record_id("chatgpt", "message", "message:" + conv + ":" + node);
    for (const Record& r : out.records)
      if (r.id == id) return &r;
    return nullptr;
  }
};

const std::string bridge = "665e1a00-1b2c-8000-9f00-aaaabbbbcccc";
const std::string cables = "67200000-0000-8000-a000-000000000002";
const std::string old_conv = "0a000000-0000-0000-0000-000000000003";

}  // namespace

TEST_CASE("chatgpt: probe", "[chatgpt]") {
  Archive a({sample("chatgpt")}), b({sample("chatgpt-2026")}), x({sample("x")});
  CHECK(probe_chatgpt(a) == 95);
  CHECK(probe_chatgpt(b) == 95);  // conversations-001.json starts with a BOM
  CHECK(probe_chatgpt(x) == 0);
}

TEST_CASE("chatgpt: every file is parsed or deliberately ignored", "[chatgpt]") {
  for (const char* name : {"chatgpt", "chatgpt-2026"}) {
    INFO(name);
    Run r(sample(name));
    CHECK(r.out.unclaimed(r.in).empty());
    CHECK(r.log.warnings() == 0);
  }
}

TEST_CASE("chatgpt: the visible thread is in order, other branches are kept and marked", "[chatgpt]") {
  Run r(sample("chatgpt"));
  // Thread u1, a1b, u2b, a3, a4, a5 (the empty hidden system prompt holds nothing).
  std::vector<std::string> thread = {"u1", "a1b", "u2b", "a3", "a4", "a5"};
  for (size_t i = 0; i < thread.size(); ++i) {
    INFO(thread[i]);
    const Record* m = r.msg(bridge, thread[i]);
    REQUIRE(m);
    CHECK(m->data["index"] == i);
    CHECK_FALSE(m->data.contains("branch"));
    CHECK(m->data["thread_id"] == bridge);
    CHECK(m->data["thread_title"] == "Bridge loads");
  }
  CHECK_FALSE(r.msg(bridge, "sys1"));
  REQUIRE(r.msg(bridge, "a1"));
  CHECK(r.msg(bridge, "a1")->data["branch"] == "regeneration");
  CHECK(r.msg(bridge, "u2")->data["branch"] == "edit");
  CHECK(r.msg(bridge, "a2")->data["branch"] == "edit");  // the answer to the edited-away prompt
  CHECK(r.msg(bridge, "a2")->data["parent"] == "u2");
  CHECK_FALSE(r.msg(bridge, "a1")->data.contains("index"));

  const Record* conv = r.out.with("conversation", "thread_id", bridge);
  REQUIRE(conv);
  CHECK(conv->data["message_count"] == 6);
  CHECK(conv->data["model"] == "gpt-4o");
  CHECK(conv->data["url"] == "https://chatgpt.com/c/" + bridge);
  CHECK(format_rfc3339(*conv->time) == "2024-06-03T16:00:00.123456Z");
  CHECK(r.out.of("conversation").size() == 3);
}

TEST_CASE("chatgpt: branch labels of random trees, chains and cycles match a walk up from each node", "[chatgpt]") {
  // The reference: from each node off the thread, up through the parents until the parent is on
  // the thread, missing, or already passed (a cycle); the role of where it stopped names the branch.
  std::mt19937_64 rng(42);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const char* roles[] = {"user", "assistant", "system", "tool"};
  nlohmann::json convs = nlohmann::json::array();
  std::map<std::string, std::map<std::string, std::string>> want;  // conversation -> node -> branch ("" on the thread)
  for (int c = 0; c < 150; ++c) {
    std::string conv = "conv-" + std::to_string(c);
    size_t n = 2 + pick(40);
    std::vector<std::string> parent(n), role(n);
    std::vector<bool> has(n);
    for (size_t i = 0; i < n; ++i) {
      size_t kind = pick(10);
      // Mostly chains (the shape a long edited-away branch has), some forks, missing parents, cycles.
      parent[i] = kind < 5 && i > 0 ? "n" + std::to_string(i - 1)
                  : kind < 8        ? "n" + std::to_string(pick(n))
                  : kind < 9        ? "gone"
                                    : "";
      role[i] = roles[pick(4)];
      has[i] = pick(8) != 0;
    }
    std::string current = "n" + std::to_string(pick(n));
    nlohmann::json mapping = nlohmann::json::object();
    for (size_t i = 0; i < n; ++i) {
      std::string id = "n" + std::to_string(i);
      nlohmann::json node = {{"id", id}, {"parent", parent[i].empty() ? nlohmann::json() : nlohmann::json(parent[i])},
                             {"children", nlohmann::json::array()}};
      node["message"] = has[i] ? nlohmann::json{{"id", id},
                                                {"author", {{"role", role[i]}}},
                                                {"create_time", 1700000000 + i},
                                                {"content", {{"content_type", "text"}, {"parts", {"words " + id}}}}}
                               : nlohmann::json();
      mapping[id] = node;
    }
    auto index = [&](const std::string& id) { return static_cast<size_t>(std::stoul(id.substr(1))); };
    auto exists = [&](const std::string& id) { return id.size() > 1 && id[0] == 'n' && index(id) < n; };
    std::set<std::string> on_thread;
    for (std::string cur = current; exists(cur) && on_thread.insert(cur).second;) cur = parent[index(cur)];
    for (size_t i = 0; i < n; ++i) {
      std::string id = "n" + std::to_string(i);
      if (!has[i]) continue;
      if (on_thread.count(id)) {
        want[conv][id] = "";
        continue;
      }
      std::string top = id;
      std::set<std::string> seen;
      while (seen.insert(top).second && exists(parent[index(top)]) && !on_thread.count(parent[index(top)]))
        top = parent[index(top)];
      std::string r = has[index(top)] ? role[index(top)] : "";
      want[conv][id] = r == "user" ? "edit" : r == "assistant" ? "regeneration" : "alternate";
    }
    convs.push_back({{"id", conv}, {"conversation_id", conv}, {"title", conv}, {"create_time", 1700000000},
                     {"current_node", current}, {"mapping", mapping}});
  }
  test::TempDir dir;
  dir.write("conversations.json", convs.dump());
  Run r(dir.path());
  std::map<std::string, int> labels;
  for (const auto& [conv, nodes] : want)
    for (const auto& [node, branch] : nodes) {
      INFO(conv << " " << node);
      const Record* m = r.msg(conv, node);
      REQUIRE(m);
      CHECK(m->data.value("branch", "") == branch);
      ++labels[branch];
    }
  for (const char* label : {"", "edit", "regeneration", "alternate"}) CHECK(labels[label] > 100);
}

TEST_CASE("chatgpt: content types, files and citations", "[chatgpt]") {
  Run r(sample("chatgpt"));
  const Record* a1b = r.msg(bridge, "a1b");
  CHECK(a1b->data["text"] == "Members carry axial tension or compression…");  // marker removed
  CHECK(a1b->data["links"] == json::array({"https://example.org/truss"}));
  CHECK(a1b->data["model"] == "gpt-4o");
  CHECK(a1b->data["role"] == "assistant");
  CHECK(a1b->data["from"]["name"] == "ChatGPT");
  CHECK(a1b->data["direction"] == "received");

  const Record* sketch = r.msg(bridge, "u2b");
  REQUIRE(sketch);
  CHECK(sketch->data["text"] == "And a Warren truss, like in my sketch?");
  REQUIRE(sketch->data["attachments"].size() == 2);  // pointer and metadata name the same file once
  CHECK(sketch->data["attachments"][0]["path"] == "file-Kx3pL9sQ2vB7-truss_sketch.png");
  CHECK(sketch->data["attachments"][0]["mime"] == "image/png");
  CHECK(sketch->data["attachments"][1]["url"] == "file-service://file-MissingFromExport");

  const Record* code = r.msg(bridge, "a3");
  CHECK(code->data["text"] == "print(sum([3, 4]))");
  CHECK(code->data["language"] == "python");
  CHECK(code->data["recipient"] == "python");
  const Record* out = r.msg(bridge, "a4");
  CHECK(out->data["text"] == "7");
  CHECK(out->data["from"]["name"] == "python");
  CHECK(out->data["content_type"] == "execution_output");

  // The hidden custom instructions are a setting of the person, not a turn of the chat.
  CHECK_FALSE(r.msg(cables, "ctx"));
  CHECK(r.msg(cables, "q")->data["index"] == 0);
  const Record* ctx = r.out.with("note", "type", "custom_instructions");
  REQUIRE(ctx);
  CHECK(ctx->data["text"] == "I am a structural engineer.\n\nAnswer briefly.");
  CHECK(ctx->data["raw"]["user_profile"] == "I am a structural engineer.");
  CHECK(ctx->data["raw"]["user_instructions"] == "Answer briefly.");
  CHECK(ctx->source.pointer == "/1/mapping/ctx");
  CHECK_FALSE(ctx->time.has_value());
  CHECK(r.out.of("note").size() == 1);
  CHECK(r.msg(cables, "th")->data["text"] == "Catenary vs parabola\n\nUniform deck load makes it a parabola.");
  CHECK(r.msg(cables, "rr")->data["text"] == "Thought for 4 seconds");
  CHECK(r.msg(cables, "br")->data["text"] == "# Suspension bridge - cable shape ...");
  const Record* unknown = r.msg(cables, "weird");
  REQUIRE(unknown);
  CHECK(unknown->data["raw"]["content"]["url"] == "https://example.org/cables");
  CHECK(r.out.media_copies == 1);
  CHECK(r.out.of("media").empty());
}

TEST_CASE("chatgpt: optional everything: no current_node, null times, no metadata", "[chatgpt]") {
  Run r(sample("chatgpt"));
  const Record* m1 = r.msg(old_conv, "m1");
  const Record* m2 = r.msg(old_conv, "m2");
  REQUIRE(m1);
  REQUIRE(m2);
  CHECK(m1->data["index"] == 0);
  CHECK(m2->data["index"] == 1);
  CHECK(m2->data["text"] == "Hi! How can I help?");
  const Record* conv = r.out.with("conversation", "thread_id", old_conv);
  REQUIRE(conv);
  CHECK_FALSE(conv->time.has_value());
  CHECK_FALSE(conv->data.contains("title"));
}

TEST_CASE("chatgpt: account, feedback and shares", "[chatgpt]") {
  Run r(sample("chatgpt"));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]->data["emails"][0]["address"] == "ana.kowal@example.org");
  CHECK_FALSE(profiles[0]->data.contains("phones"));
  const Record* down = r.out.with("reaction", "reaction", "thumbs_down");
  REQUIRE(down);
  CHECK(down->data["text"] == "The first draft got the forces wrong.");
  CHECK(down->data["tags"] == json::array({"not-factually-correct"}));
  CHECK(format_rfc3339(*down->time) == "2024-06-03T16:05:00.000000Z");
  CHECK(r.out.with("reaction", "reaction", "thumbs_up"));
  const Record* share = r.out.with("activity", "action", "share");
  REQUIRE(share);
  CHECK(share->data["url"] == "https://chatgpt.com/share/6650aaaa-0000-8000-9000-000000000001");
}

TEST_CASE("chatgpt: sharded 2026 export with sediment pointers and generated images", "[chatgpt]") {
  Run r(sample("chatgpt-2026"));
  CHECK(r.out.of("conversation").size() == 2);
  const std::string pier = "68a00000-0000-8000-b000-000000000010";
  const Record* photo = r.msg(pier, "n1");
  REQUIRE(photo);
  CHECK(photo->data["attachments"][0]["path"] == "user-Ab12Cd34Ef56Gh78/file_00000000a1b2c3d4e5f6-sanitized.jpeg");
  CHECK(photo->data["attachments"][0]["mime"] == "image/jpeg");
  const Record* drawing = r.msg(pier, "n3");
  REQUIRE(drawing);
  CHECK(drawing->data["from"]["name"] == "dalle.text2im");
  CHECK(drawing->data["attachments"][0]["path"].get<std::string>().rfind("dalle-generations/file-DaL1eGen42-", 0) == 0);
  CHECK(r.msg(pier, "n2")->data["channel"] == "final");
  const Record* polish = r.out.with("conversation", "title", "Zażółć gęślą jaźń — mosty");
  REQUIRE(polish);
  CHECK(r.out.of("media").empty());
  CHECK(r.out.of("profile")[0]->data["phones"][0]["number"] == "+48555000111");
}

TEST_CASE("chatgpt: a conversation of an unknown shape is kept, a truncated file makes the run partial", "[chatgpt]") {
  test::TempDir dir;
  dir.write("conversations.json",
            R"([{"id":"c1","title":"ok","current_node":"b","mapping":{"a":{"id":"a","message":null,"parent":null,"children":["b"]},)"
         R"("b":{"id":"b","parent":"a","children":[],"message":{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]}}}}},)"
         R"({"title":"no mapping"},{"id":"c3","mapping":{"x":)");
  Run r(dir.path());
  CHECK(r.msg("c1", "b"));
  CHECK(r.out.fates.at("conversations.json").first == Fate::partial);
  CHECK(r.log.is_partial());
  CHECK(r.log.warnings() >= 1);
  const Record* kept = r.out.with("conversation", "title", "no mapping");
  REQUIRE(kept);
  CHECK(kept->data["raw"]["title"] == "no mapping");
}

TEST_CASE("chatgpt: distinct in, distinct out", "[chatgpt][distinct]") {
  auto feedback = [](const std::string& a, const std::string& b) {
    // Legacy message_feedback.json items: a message_id, no id of their own.
    auto item = [](const std::string& message) {
      return R"({"conversation_id": "c1", "message_id": ")" + message +
             R"(", "rating": "thumbsUp", "create_time": "2023-05-01T10:00:00+00:00", "content": "{}"})";
    };
    return std::vector<std::pair<std::string, std::string>>{
        {"conversations.json", "[]"}, {"message_feedback.json", "[" + item(a) + "," + item(b) + "]"}};
  };
  CHECK(distinct_ids(read_chatgpt, feedback("m1", "m2"), "reaction") == 2);
  CHECK(distinct_ids(read_chatgpt, feedback("m1", "m1"), "reaction") == 1);

  auto shares = [](const std::string& a, const std::string& b) {
    auto item = [](const std::string& conv) { return R"({"conversation_id": ")" + conv + R"(", "title": "t"})"; };
    return std::vector<std::pair<std::string, std::string>>{
        {"conversations.json", "[]"}, {"shared_conversations.json", "[" + item(a) + "," + item(b) + "]"}};
  };
  CHECK(distinct_ids(read_chatgpt, shares("c1", "c2"), "activity") == 2);
  CHECK(distinct_ids(read_chatgpt, shares("c1", "c1"), "activity") == 1);

  auto instructions = [](const std::string& a, const std::string& b) {
    auto conv = [](const std::string& id, const std::string& text) {
      return R"({"id": ")" + id + R"(", "title": "x", "current_node": "q", "mapping": {)"
             R"("ctx": {"parent": null, "children": ["q"], "message": {"author": {"role": "user"},)"
             R"( "content": {"content_type": "user_editable_context", "user_profile": "I bake.",)"
             R"( "user_instructions": ")" + text + R"("}}},)"
             R"("q": {"parent": "ctx", "children": [], "message": {"author": {"role": "user"},)"
             R"( "content": {"content_type": "text", "parts": ["hi"]}}}}})";
    };
    return std::vector<std::pair<std::string, std::string>>{
        {"conversations.json", "[" + conv("c1", a) + "," + conv("c2", b) + "]"}};
  };
  // Instructions copied into two chats are one setting; changed instructions are another.
  CHECK(distinct_ids(read_chatgpt, instructions("Be brief.", "Be brief."), "note") == 1);
  CHECK(distinct_ids(read_chatgpt, instructions("Be brief.", "Explain at length."), "note") == 2);
  CHECK(distinct_ids(read_chatgpt, instructions("Be brief.", "Be brief."), "message") == 2);
}
