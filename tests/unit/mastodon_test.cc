#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ingest/importers.h"
#include "lib/log.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
namespace fs = std::filesystem;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_mastodon) {}
};

// The sample folder packed as Mastodon packs it: a .tar.gz up to 4.0, a .zip from 4.1.
std::string pack(const test::TempDir& dir, const char* name, const std::string& type) {
  std::vector<test::FakeEntry> entries;
  fs::path root = sample(name);
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    entries.emplace_back(fs::relative(f.path(), root).generic_string(), bytes.str());
  }
  std::string file = dir.path(std::string("archive.") + type);
  test::write_archive(file, entries, type);
  return file;
}

const Record* status(const Run& r, const std::string& id) {
  return r.out.find("post", [&](const Record& p) { return p.data.contains("raw") && p.data["raw"].value("uri", "").find(id) != std::string::npos; });
}

size_t relation_count(const Run& r, const char* relation) {
  size_t n = 0;
  for (const Record* c : r.out.of("contact")) n += c->data["relation"] == relation;
  return n;
}

}  // namespace

TEST_CASE("mastodon: probe", "[mastodon]") {
  Archive a({sample("mastodon")}), b({sample("mastodon-2022")}), x({sample("x")});
  CHECK(probe_mastodon(a) == 95);
  CHECK(probe_mastodon(b) == 95);
  CHECK(probe_mastodon(x) == 0);
}

TEST_CASE("mastodon: every file of both generations is parsed", "[mastodon]") {
  for (const char* name : {"mastodon", "mastodon-2022"}) {
    INFO(name);
    Run r(sample(name));
    CHECK(r.out.unclaimed(r.in).empty());
    CHECK(r.log.warnings() == 0);
    for (const auto& [path, fate] : r.out.fates) {
      INFO(path);
      CHECK(fate.first == Fate::parsed);
    }
  }
}

TEST_CASE("mastodon: statuses with html, content warnings, visibility, media and tags", "[mastodon]") {
  Run r(sample("mastodon"));
  CHECK(r.out.of("post").size() == 6);
  const Record* first = status(r, "111000000000000001");
  REQUIRE(first);
  const json& d = first->data;
  CHECK(d["visibility"] == "public");
  CHECK(d["content_warning"] == "bridge photo, heights");
  CHECK(d["sensitive"] == true);
  CHECK(d["text"] == "New footbridge over the Vistula & a view from the top #bridges cc @bob 🌉");
  CHECK(d["html"].get<std::string>().rfind("<p>New footbridge", 0) == 0);
  CHECK(d["url"] == "https://social.example/@ana/111000000000000001");
  CHECK(d["hashtags"] == json::array({"bridges"}));
  CHECK(d["mentions"] == json::array({"@bob@other.example"}));
  REQUIRE(d["media"].size() == 1);
  CHECK(d["media"][0]["alt"] == "A steel footbridge seen from below, grey sky");
  CHECK(d["media"][0]["path"] == "media_attachments/files/111/000/969/389/195/221/original/f264dc16c1ce2a45.png");
  CHECK(d["media_urls"] == json::array({"/media_attachments/files/111/000/969/389/195/222/original/gone.mp4"}));
  CHECK(d["language"] == "en");
  CHECK(format_rfc3339(*first->time) == "2024-01-15T09:00:00Z");

  const Record* reply = status(r, "111000000000000002");
  REQUIRE(reply);
  CHECK(reply->data["visibility"] == "unlisted");
  CHECK(reply->data["reply_to"] == "https://social.example/users/bob/statuses/110999999999999999");
  CHECK(reply->data["mentions"] == json::array({"@bob@social.example"}));  // a local mention gets its server
  CHECK(reply->data["text"] == "@bob thanks!\nSee you at 8 <3");
  CHECK(status(r, "111000000000000003")->data["visibility"] == "private");
  CHECK(status(r, "111000000000000004")->data["visibility"] == "direct");

  const Record* poll = status(r, "111000000000000005");
  REQUIRE(poll);
  CHECK(poll->data["poll"]["multiple"] == false);
  CHECK(poll->data["poll"]["options"][0] == json({{"title", "Warren"}, {"votes", 5}}));
  CHECK(poll->data["poll"]["end"] == "2024-03-02T12:00:00Z");

  const Record* boost = r.out.with("post", "type", "share");
  REQUIRE(boost);
  CHECK(boost->data["url"] == "https://other.example/users/bob/statuses/111000000000009999");
  CHECK(boost->data["visibility"] == "public");
}

TEST_CASE("mastodon: profile, likes, bookmarks", "[mastodon]") {
  Run r(sample("mastodon"));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  const json& p = profiles[0]->data;
  CHECK(p["username"] == "@ana@social.example");
  CHECK(p["summary"] == "Bridges & trusses. She/her.");
  CHECK(p["fields"][1] == json({{"name", "Pronouns"}, {"value", "she/her"}}));
  CHECK(p["websites"] == json::array({"https://ana.example.org"}));
  CHECK(p["avatar"]["path"] == "avatar.png");
  CHECK(p["header"]["mime"] == "image/jpeg");
  CHECK(p["registered_at"] == "2022-11-05T00:00:00Z");

  auto likes = r.out.of("reaction");
  REQUIRE(likes.size() == 2);
  CHECK_FALSE(likes[0]->time.has_value());
  // bookmarks.json and bookmarks.csv name the same status once (same id); the CSV adds one more.
  std::set<std::string> ids;
  for (const Record* b : r.out.of("activity")) ids.insert(b->id);
  CHECK(ids.size() == 2);
  CHECK(r.out.of("media").empty());  // every media file is used
}

TEST_CASE("mastodon: CSV exports keep the full @user@host account", "[mastodon]") {
  Run r(sample("mastodon"));
  CHECK(relation_count(r, "following") == 3);
  const Record* carol = r.out.find("contact", [](const Record& c) {
    return c.data["relation"] == "following" && c.data.value("username", "") == "@carol@other.example";
  });
  REQUIRE(carol);
  CHECK(carol->data["url"] == "https://other.example/@carol");
  CHECK(carol->data["show_boosts"] == false);
  CHECK(carol->data["notify"] == true);
  CHECK(carol->data["languages"] == json::array({"en", "de"}));
  CHECK_FALSE(carol->data.contains("raw"));
  CHECK(r.out.find("contact", [](const Record& c) { return c.data.value("username", "") == "@dee@third.example"; }));
  CHECK(r.out.with("contact", "relation", "muted")->data["hide_notifications"] == true);
  CHECK(r.out.with("contact", "relation", "blocked")->data["username"] == "@spam@bad.example");
  CHECK(relation_count(r, "blocked_domain") == 2);
  CHECK(r.out.with("contact", "name", "spam.example"));
  CHECK(relation_count(r, "list_member") == 3);
  CHECK(r.out.of("group").size() == 2);
  CHECK(r.out.with("group", "name", "Friends, close"));
  CHECK(r.out.with("contact", "list", "Friends, close")->data["username"] == "@dee@third.example");
}

TEST_CASE("mastodon: pre-4.1 archive with signatures, public URLs and an odd media prefix", "[mastodon]") {
  Run r(sample("mastodon-2022"));
  const Record* intro = status(r, "108400000000000001");
  REQUIRE(intro);
  CHECK(intro->data["visibility"] == "public");  // `to` given as a single string
  CHECK_FALSE(intro->data.contains("content_warning"));
  REQUIRE(intro->data["media"].size() == 1);
  CHECK(intro->data["media"][0]["alt"] == "Me on a bridge");
  CHECK(intro->data["language"] == "pl");
  const Record* poll = status(r, "108400000000000002");
  REQUIRE(poll);
  CHECK(poll->data["poll"]["multiple"] == true);
  CHECK(poll->data["reply_to"] == "https://mastodon.example/users/ana_k/statuses/108400000000000001");
  const json& p = r.out.of("profile")[0]->data;
  CHECK(p["username"] == "@ana_k@mastodon.example");
  CHECK_FALSE(p.contains("name"));
  CHECK(p["header_url"] == "header.jpg");
  // A local account in the CSV gets the archive's server.
  CHECK(r.out.find("contact", [](const Record& c) { return c.data.value("username", "") == "@local_friend@mastodon.example"; }));
}

TEST_CASE("mastodon: .tar.gz and .zip give the same records as the folder", "[mastodon]") {
  test::TempDir dir;
  struct Case {
    const char* sample;
    const char* type;
  };
  for (Case k : {Case{"mastodon-2022", "tar.gz"}, Case{"mastodon", "zip"}}) {
    INFO(k.type);
    Run folder(sample(k.sample));
    Run packed(pack(dir, k.sample, k.type));
    CHECK(probe_mastodon(packed.in) == 95);
    CHECK(packed.out.unclaimed(packed.in).empty());
    // Entry order differs between a folder and an archive; the records must not.
    auto by_id = [](const CollectSink& s) {
      std::map<std::string, json> m;
      for (const Record& rec : s.records) m[rec.id] = rec.data;
      return m;
    };
    CHECK(packed.out.records.size() == folder.out.records.size());
    CHECK(by_id(packed.out) == by_id(folder.out));
  }
}

TEST_CASE("mastodon: an unknown outbox item is kept as activity, a truncated outbox is partial", "[mastodon]") {
  test::TempDir dir;
  dir.write("actor.json", R"({"id":"https://h.example/users/u","preferredUsername":"u"})");
  dir.write("outbox.json",
            R"({"id":"outbox.json","type":"OrderedCollection","orderedItems":[)"
            R"({"type":"Update","id":"x"},)"
            R"({"type":"Create","actor":"https://h.example/users/u","object":{"id":"https://h.example/users/u/statuses/1","content":"<p>hi</p>","to":[]}},)"
            R"({"type":"Create","object":{"id":)");
  Run r(dir.path());
  CHECK(r.out.of("post").size() == 1);
  CHECK(r.out.fates.at("outbox.json").first == Fate::partial);
  CHECK(r.log.is_partial());
  CHECK(r.log.warnings() >= 1);
  const Record* update = r.out.with("activity", "action", "update");
  REQUIRE(update);
  CHECK(update->data["raw"]["id"] == "x");
  CHECK(r.out.of("profile")[0]->data["username"] == "@u@h.example");
}

TEST_CASE("mastodon: distinct in, distinct out", "[mastodon][distinct]") {
  auto outbox = [](const std::string& a, const std::string& b) {
    auto item = [](const std::string& n) {
      return R"({"type":"Create","object":{"id":"https://h.example/users/u/statuses/)" + n + R"(","content":"<p>hi</p>","to":[]}})";
    };
    return std::vector<std::pair<std::string, std::string>>{
        {"actor.json", R"({"id":"https://h.example/users/u","preferredUsername":"u"})"},
        {"outbox.json", R"({"id":"outbox.json","type":"OrderedCollection","orderedItems":[)" + item(a) + "," + item(b) + "]}"}};
  };
  CHECK(distinct_ids(read_mastodon, outbox("1", "2"), "post") == 2);
  CHECK(distinct_ids(read_mastodon, outbox("1", "1"), "post") == 1);
  auto unknown = [](const std::string& a, const std::string& b) {
    auto item = [](const std::string& v) { return R"({"type":"Flag","published":"2024-01-01T00:00:00Z","content":")" + v + R"("})"; };
    return std::vector<std::pair<std::string, std::string>>{
        {"actor.json", R"({"id":"https://h.example/users/u","preferredUsername":"u"})"},
        {"outbox.json", R"({"id":"outbox.json","type":"OrderedCollection","orderedItems":[)" + item(a) + "," + item(b) + "]}"}};
  };
  CHECK(distinct_ids(read_mastodon, unknown("spam", "abuse"), "activity") == 2);
}

TEST_CASE("mastodon: CSVs with and without a header, any encoding, a bad row warned", "[mastodon]") {
  test::TempDir dir;
  // following_accounts.csv in UTF-16LE with a BOM, its header in another case; a row without
  // an address is warned and skipped.
  std::string text = "account address,show boosts,Notify on new posts,Languages\r\nana@social.example,true,false,\r\n,true,false,\r\n";
  std::string utf16 = "\xFF\xFE";
  for (char ch : text) {
    utf16 += ch;
    utf16 += '\0';
  }
  dir.write("following_accounts.csv", utf16);
  dir.write("blocked_domains.csv", "spam.example\nAds.Example\n");  // no header: Mastodon writes none
  dir.write("lists.csv", "Friends,bo@other.example\nFriends,cy@other.example\n");
  ImportRun run({dir.path()}, read_mastodon);
  const Record* ana = run.out.with("contact", "relation", "following");
  REQUIRE(ana);
  CHECK(ana->data["show_boosts"] == true);
  CHECK(ana->data["notify"] == false);
  CHECK(run.out.fates.at("following_accounts.csv") ==
        std::make_pair(Fate::partial, std::string("1 accounts, 1 rows skipped")));
  CHECK(run.log.kept().size() >= 1);
  CHECK(run.out.fates.at("blocked_domains.csv") == std::make_pair(Fate::parsed, std::string("2 domains")));
  CHECK(run.out.with("contact", "name", "ads.example"));
  CHECK(run.out.of("group").size() == 1);
  CHECK(run.out.fates.at("lists.csv") == std::make_pair(Fate::parsed, std::string("2 list entries")));
}

TEST_CASE("mastodon: actor.json names the server of the CSVs' local accounts wherever it is listed", "[mastodon]") {
  test::TempDir dir;
  // The CSV export beside the unpacked archive: following_accounts.csv is listed before
  // archive/actor.json, yet its local account "bob" takes the actor's server.
  dir.write("following_accounts.csv", "Account address,Show boosts,Notify on new posts,Languages\nbob,true,false,\ncat@other.example,true,false,\n");
  dir.write("archive/actor.json", R"({"id":"https://h.example/users/u","preferredUsername":"u"})");
  dir.write("archive/outbox.json", R"({"id":"outbox.json","type":"OrderedCollection","orderedItems":[]})");
  Run r(dir.path());
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.out.with("contact", "username", "@bob@h.example"));
  CHECK(r.out.with("contact", "username", "@cat@other.example"));
  CHECK(r.out.of("profile")[0]->data["username"] == "@u@h.example");
  // Without the archive, a local account has no server to name.
  test::TempDir alone;
  alone.write("following_accounts.csv", "Account address,Show boosts\nbob,true\n");
  Run csv_only(alone.path());
  CHECK(csv_only.out.with("contact", "username", "@bob"));
  CHECK(csv_only.out.of("profile").empty());
}
