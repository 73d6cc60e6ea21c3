#include <catch2/catch.hpp>

#include <set>

#include "ingest/importers.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

const std::string ig = SOURCE_DIR "/samples/instagram/";

struct Run : ImportRun {
  explicit Run(const std::vector<std::string>& paths) : ImportRun(paths, read_instagram) {}
  void all_claimed() const {
    CHECK(out.unclaimed(in).empty());
    for (const auto& [path, verdict] : out.fates) {
      INFO(path);
      CHECK(verdict.first != Fate::failed);
      if (verdict.first == Fate::ignored) CHECK_FALSE(verdict.second.empty());
    }
    CHECK_FALSE(log.is_partial());
  }
};

std::vector<std::string> accounts_center() {
  return {ig + "accounts-center-2024/instagram-ana.kovac-2024-06-10-XyZ12345",
          ig + "accounts-center-2024/instagram-ana.kovac-2024-06-10-XyZ12345-2"};
}

}  // namespace

TEST_CASE("instagram probe recognises every era, and Facebook does not claim it", "[instagram]") {
  for (const char* s : {"legacy-2019", "categories-2022", "media-2025"}) {
    Archive in({ig + s});
    INFO(s);
    CHECK(probe_instagram(in) >= 90);
    CHECK(probe_facebook(in) == 0);
  }
  CHECK(probe_instagram(Archive(accounts_center())) == 95);
  CHECK(probe_instagram(Archive({SOURCE_DIR "/samples/facebook/flat-2020"})) == 0);
  CHECK(probe_instagram(Archive({SOURCE_DIR "/samples/facebook/yfa-2024"})) == 0);
}

TEST_CASE("instagram 2018-20 root files", "[instagram]") {
  Run r({ig + "legacy-2019"});
  r.all_claimed();
  const Record* post = r.out.with("post", "text", "Fourvi\xC3\xA8re au coucher du soleil \xF0\x9F\x8C\x85");
  REQUIRE(post);
  CHECK(format_rfc3339(*post->time) == "2019-05-01T19:20:30Z");
  CHECK(post->data["media"][0]["mime"] == "image/jpeg");
  CHECK(post->data["place"]["name"] == "Basilique Notre-Dame de Fourvi\xC3\xA8re");
  CHECK(r.out.with("post", "type", "story"));
  CHECK(r.out.with("media", "title", "profile photo"));
  CHECK(r.out.find("post", [](const Record& x) { return x.data.contains("media_urls"); }));  // missing file kept
  CHECK(r.out.with("contact", "relation", "blocked"));
  CHECK(r.out.of("contact").size() == 7);  // dismissed suggestions are not connections
  CHECK(r.out.of("comment").size() == 2);
  CHECK(r.out.of("reaction").size() == 2);
  CHECK(r.out.of("message").size() == 4);
  const Record* profile = r.out.of("profile").at(0);
  CHECK(profile->data["username"] == "ana.kovac");
  CHECK(profile->data["registered_at"] == "2018-01-05T09:58:00Z");
  CHECK(r.out.with("activity", "query", "#lyon"));
  CHECK(r.out.with("login", "ip", "203.0.113.7"));
}

TEST_CASE("instagram 2020-22 category folders, Dutch labels", "[instagram]") {
  Run r({ig + "categories-2022"});
  r.all_claimed();
  // A two-photo post, mojibake repaired, GPS and cross-post source on the media.
  const Record* post = r.out.with("post", "text", "Lente in Lyon \xF0\x9F\x8C\xB7");
  REQUIRE(post);
  REQUIRE(post->data["media"].size() == 2);
  CHECK(post->data["media"][0]["lat"] == 45.7597);
  CHECK(post->data["media"][0]["cross_post_source"] == "FB");
  CHECK(post->data["media"][0]["mime"] == "image/webp");
  // Single-media post: the caption lives on the media item only.
  CHECK(r.out.with("post", "text", "Alleen het bijschrift van de media"));
  // A story without a file extension: found by name, typed from its bytes.
  const Record* story = r.out.with("post", "type", "story");
  REQUIRE(story);
  CHECK(story->data["media"][0]["mime"] == "video/mp4");
  CHECK(r.out.with("post", "type", "reel"));
  CHECK(r.out.find("post", [](const Record& x) { return x.data.value("archived", false); }));
  CHECK(r.out.with("contact", "relation", "close_friend"));
  CHECK(r.out.with("contact", "status", "unfollowed"));
  CHECK(r.out.of("reaction").size() == 2);
  const Record* saved = r.out.with("activity", "action", "save");  // "Opgeslagen op"
  REQUIRE(saved);
  CHECK(saved->data["url"] == "https://www.instagram.com/p/CcSaved1/");
  REQUIRE(saved->time);
  CHECK(r.out.with("activity", "query", "zoe.muller"));  // "Zoeken", "Tijd"
  const Record* profile = r.out.of("profile").at(0);
  CHECK(profile->data["username"] == "ana.kovac");                  // "Gebruikersnaam"
  CHECK(profile->data["name"] == "Ana Kova\xC4\x8D");               // "Naam", mojibake repaired
  CHECK(profile->data["birthday"] == "1990-03-14");                 // "Geboortedatum"
  CHECK(profile->data["media"][0]["path"] == "ana.kovac_20220915/media/profile/202101/166123456_n.jpg");
  CHECK(r.out.with("inference", "value", "Fietsen"));               // "Interesse"
  const Record* login = r.out.with("login", "ip", "203.0.113.7");   // "IP-adres"
  REQUIRE(login);
  CHECK(login->data["raw"]["cookie_name"] == "ZmFrZWNvb2tpZQ");     // "Cookienaam"
  const Record* dm = r.out.find("message", [](const Record& x) { return x.data.contains("share"); });
  REQUIRE(dm);
  CHECK(dm->data["share"]["owner"] == "ana.kovac");
  CHECK(dm->service.empty());
  CHECK(r.out.fates.at("ana.kovac_20220915/content/igtv_videos.json").first == Fate::ignored);  // 0 bytes
}

TEST_CASE("instagram 2023-24 Accounts Center export in two parts, Spanish labels", "[instagram]") {
  Run r(accounts_center());
  r.all_claimed();
  const Record* post = r.out.with("post", "text", "Atardecer en Praia da Luz \xF0\x9F\x8C\x85");
  REQUIRE(post);
  CHECK(post->data["media"].size() == 2);  // media in the second part
  CHECK(post->data["media"][0]["mime"] == "image/heic");
  const Record* comment = r.out.with("comment", "text", "\xC2\xA1Precioso! \xF0\x9F\x98\x8D");  // "Comentario"
  REQUIRE(comment);
  CHECK(comment->data["owner"]["username"] == "zoe.muller");  // "Propietario del contenido multimedia"
  CHECK(r.out.with("comment", "type", "reel"));
  // Both follower shapes: the name in string_list_data value, or only in title/href.
  CHECK(r.out.with("contact", "username", "emile.durand"));
  CHECK(r.out.with("contact", "username", "jordan.pike"));
  CHECK(r.out.with("contact", "username", "troll.lyon"));  // from the href alone
  CHECK(r.out.with("contact", "direction", "received"));
  CHECK(r.out.with("activity", "query", "praia da luz"));  // "Búsqueda" written as mojibake
  CHECK(r.out.with("advertiser", "name", "V\xC3\xA9los Rh\xC3\xB4ne SARL"));
  CHECK(r.out.with("inference", "category", "topic"));
  CHECK(r.out.with("off_platform", "event", "purchase"));
  CHECK(r.out.with("login", "ip", "198.51.100.23"));  // "Dirección IP"
  CHECK(r.out.of("message").size() == 2);
  CHECK(r.out.of("profile").at(0)->data["emails"][0]["address"] == "ana.kovac@example.com");
}

TEST_CASE("instagram 2025 layout: media/posts_1.json and label_values likes", "[instagram]") {
  Run r({ig + "media-2025"});
  r.all_claimed();
  CHECK(r.out.of("post").size() == 2);
  const Record* noext = r.out.with("post", "text", "Sans extension");
  REQUIRE(noext);
  CHECK(noext->data["media"][0]["mime"] == "image/jpeg");
  const Record* like = r.out.of("reaction").at(0);
  CHECK(like->data["url"] == "https://www.instagram.com/p/DFabc/");
  CHECK(like->data["owner"]["username"] == "zoe.muller");  // "Nom d'utilisateur" inside a dict
  const Record* coll = r.out.with("activity", "action", "saved_collections");  // generic reader
  REQUIRE(coll);
  REQUIRE(coll->time);  // "Heure de création"
}

TEST_CASE("instagram: distinct in, distinct out", "[instagram][distinct]") {
  using Files = std::vector<std::pair<std::string, std::string>>;
  // The same share sent at the same millisecond to two threads.
  auto thread = [](const std::string& other) {
    return R"({"participants": [{"name": ")" + other + R"("}, {"name": "ana.kovac"}], "title": ")" + other +
           R"(", "thread_path": "inbox/)" + other + R"(_17800000000000001", "messages": [{"sender_name": "ana.kovac",)"
           R"( "timestamp_ms": 1700000000123, "content": "", "share": {"link": "https://www.instagram.com/p/Cx1/"}}]})";
  };
  auto threads = [&](const std::string& a, const std::string& b) {
    return Files{{"your_instagram_activity/messages/inbox/" + a + "_17800000000000001/message_1.json", thread(a)},
                 {"your_instagram_activity/messages/inbox/" + b + "_17800000000000002/message_1.json", thread(b)}};
  };
  CHECK(distinct_ids(read_instagram, threads("bo.lind", "cy.moss"), "message") == 2);
  // "nice!" on two accounts' posts in one second.
  auto comment = [](const std::string& owner) {
    return R"({"string_map_data": {"Comment": {"value": "nice!"}, "Media Owner": {"value": ")" + owner +
           R"("}, "Time": {"timestamp": 1700000000}}})";
  };
  auto comments = [&](const std::string& a, const std::string& b) {
    return Files{{"your_instagram_activity/comments/post_comments_1.json", "[" + comment(a) + "," + comment(b) + "]"}};
  };
  CHECK(distinct_ids(read_instagram, comments("bo.lind", "cy.moss"), "comment") == 2);
  CHECK(distinct_ids(read_instagram, comments("bo.lind", "bo.lind"), "comment") == 1);
  // 2019 messages.json: one share to two conversations in one second.
  auto legacy = [](const std::string& a, const std::string& b) {
    auto conv = [](const std::string& who) {
      return R"({"participants": ["ana.kovac", ")" + who + R"("], "conversation": [{"sender": "ana.kovac",)"
             R"( "created_at": "2019-03-01T10:00:00.123456+00:00", "media_share_url": "https://www.instagram.com/p/B1/"}]})";
    };
    return Files{{"media.json", "{}"}, {"connections.json", R"({"followers": {}})"},
                 {"messages.json", "[" + conv(a) + "," + conv(b) + "]"}};
  };
  CHECK(distinct_ids(read_instagram, legacy("bo.lind", "cy.moss"), "message") == 2);
  CHECK(distinct_ids(read_instagram, legacy("bo.lind", "bo.lind"), "message") == 1);
}

TEST_CASE("instagram: items of an unknown shape are kept with what they have", "[instagram]") {
  test::TempDir dir;
  // videos_watched: only a time per item.
  dir.write("ads_information/ads_and_topics/videos_watched.json",
            R"({"impressions_history_videos_watched": [{"string_map_data": {"Time": {"timestamp": 1700000000}}},)"
            R"( {"string_map_data": {"Time": {"timestamp": 1700000060}}}]})");
  dir.write("your_instagram_activity/followers_and_following/following.json", "[]");
  ImportRun run({dir.path()}, read_instagram);
  auto watched = run.out.of("activity");
  REQUIRE(watched.size() == 2);
  CHECK(watched[0]->data["action"] == "videos_watched");
  CHECK(format_rfc3339(*watched[1]->time) == "2023-11-14T22:14:20Z");
  CHECK(run.out.fates.at("ads_information/ads_and_topics/videos_watched.json").first == Fate::parsed);
}

TEST_CASE("instagram 2018-20: root files stream; a broken one keeps its items before the break", "[instagram]") {
  test::TempDir dir;
  dir.write("a/connections.json", R"({"followers": {"bo.lind": "2019-01-01T10:00:00+00:00", "cy.moss": "2019-01-02T10:00:00+00:00"},)"
                                  R"( "skipped_key": [[1, 2]], "following_hashtags": {"bridges": "2019-01-03T10:00:00+00:00"}})");
  dir.write("a/comments.json", R"({"live_comments": [["2019-02-01T10:00:00", "live one", "bo.lind"]],)"
                               R"( "media_comments": [["2019-02-02T10:00:00", "nice", "cy.moss"], ["2019-02-03T10:00:00", "cut)");
  dir.write("a/searches.json", R"([{"search_click": "bridges", "time": "2019-03-01T10:00:00"}, {"search_click": "", "time": "x"}])");
  dir.write("a/media.json", "{}");
  ImportRun r({dir.path("a")}, read_instagram);
  auto contacts = r.out.of("contact");
  REQUIRE(contacts.size() == 3);
  const Record* tag = r.out.with("contact", "username", "bridges");
  REQUIRE(tag);
  CHECK(tag->data["type"] == "hashtag");
  CHECK(tag->source.pointer == "/following_hashtags/bridges");
  CHECK(r.out.fates.at("connections.json").first == Fate::parsed);
  // comments.json breaks off inside its second list: the comments before the break are kept.
  CHECK(r.out.of("comment").size() == 2);
  CHECK(r.out.with("comment", "text", "live one")->data["type"] == "live");
  auto fate = r.out.fates.at("comments.json");
  CHECK(fate.first == Fate::partial);
  CHECK(fate.second.find("/media_comments/1") != std::string::npos);
  CHECK(r.out.of("activity").size() == 1);  // the search without text is skipped
  CHECK(r.out.fates.at("searches.json").first == Fate::parsed);
}
