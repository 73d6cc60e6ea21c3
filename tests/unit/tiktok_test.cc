#include <catch2/catch.hpp>

#include "ingest/importers.h"
#include "lib/log.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_tiktok) {}
  size_t count(const char* kind, const char* key, const char* value) const {
    size_t n = 0;
    for (const Record* r : out.of(kind)) n += r->data.value(key, "") == value;
    return n;
  }
};

}  // namespace

TEST_CASE("tiktok: probe", "[tiktok]") {
  Archive a({sample("tiktok")}), b({sample("tiktok-2024")}), x({sample("x")});
  CHECK(probe_tiktok(a) == 90);
  CHECK(probe_tiktok(b) == 90);
  CHECK(probe_tiktok(x) == 0);
}

TEST_CASE("tiktok: older user_data.json with its section names", "[tiktok]") {
  Run r(sample("tiktok"));
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.log.warnings() == 0);
  CHECK(r.out.fates.at("user_data.json").first == Fate::parsed);

  CHECK(r.count("activity", "action", "watch") == 2);
  const Record* watch = r.out.with("activity", "action", "watch");
  CHECK(watch->data["url"] == "https://www.tiktokv.com/share/video/6900000000000000005/");
  CHECK(format_rfc3339(*watch->time) == "2021-04-09T14:30:00Z");
  CHECK(r.count("activity", "action", "bookmark") == 3);  // video, sound, effect; hashtags null
  CHECK(r.out.with("activity", "title", "effect")->data["url"] == "https://www.tiktok.com/sticker/1234");
  CHECK(r.count("activity", "action", "search") == 2);
  CHECK(r.out.find("activity", [](const Record& a) { return a.data.value("action", "") == "search" && !a.data.contains("query"); }));
  const Record* share = r.out.with("activity", "action", "share");
  CHECK(share->data["raw"]["method"] == "chat_merge");

  REQUIRE(r.out.of("reaction").size() == 1);
  CHECK(r.out.of("reaction")[0]->data["url"] == "https://www.tiktokv.com/share/video/6900000000000000003/");
  CHECK(r.count("contact", "relation", "follower") == 2);
  CHECK(r.count("contact", "relation", "following") == 1);
  CHECK(r.out.with("contact", "relation", "blocked")->data["username"] == "spam.account");
  CHECK(r.out.with("contact", "username", "bridgefacts")->data["url"] == "https://www.tiktok.com/@bridgefacts");

  const Record* login = r.out.with("login", "ip", "198.51.100.23");
  REQUIRE(login);
  CHECK(login->data["device"] == "Pixel 4a");
  CHECK(login->data["raw"]["device_system"] == "Android 11");
  CHECK_FALSE(login->data["raw"].contains("carrier"));  // empty values are not stored
  CHECK(r.out.with("login", "method", "device status")->data["raw"]["gaid"] == "00000000-0000-0000-0000-000000000000");

  const Record* comment = r.out.of("comment").at(0);
  CHECK(comment->data["text"] == "Great span! 🌉");
  CHECK_FALSE(comment->data.contains("url"));

  const Record* own = r.out.of("post").at(0);
  CHECK(own->data["type"] == "video");
  CHECK(own->data["raw"]["likes"] == "42");

  auto dms = r.out.of("message");
  REQUIRE(dms.size() == 2);
  CHECK(dms[0]->data["thread_id"] == "bridgefacts");
  CHECK(dms[0]->data["direction"] == "sent");
  CHECK(dms[1]->data["direction"] == "received");
  CHECK(dms[1]->data["from"]["username"] == "bridgefacts");

  const json& p = r.out.of("profile").at(0)->data;
  CHECK(p["username"] == "ana.k");
  CHECK(p["birthday"] == "1990-03-14");
  CHECK(p["summary"] == "Bridges in 15 seconds");
  CHECK_FALSE(p.contains("phones"));
  CHECK(p["raw"]["likes_received"] == "42");
}

TEST_CASE("tiktok: 2024 user_data_tiktok.json with renamed sections and lower-case keys", "[tiktok]") {
  Run r(sample("tiktok-2024"));
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.log.warnings() == 0);
  CHECK(r.count("activity", "action", "watch") == 1);
  CHECK(r.out.with("activity", "query", "cable-stayed bridge"));
  REQUIRE(r.out.of("reaction").size() == 1);  // "date"/"link" in lower case
  CHECK(format_rfc3339(*r.out.of("reaction")[0]->time) == "2024-06-11T09:00:00Z");
  CHECK(r.out.with("comment", "text", "Beautiful cables")->data["url"] == "https://www.tiktokv.com/share/video/7380000000000000004/");
  CHECK(r.out.with("contact", "relation", "follower")->data["username"] == "river.otter");
  const Record* off = r.out.of("off_platform").at(0);
  CHECK(off->data["app"] == "HardHatShop");
  CHECK(off->data["event"] == "Purchase");
  CHECK(format_rfc3339(*off->time) == "2024-05-30T11:00:00Z");
  CHECK(r.count("inference", "category", "ad_interest") == 2);
  CHECK(r.out.with("inference", "category", "gender")->data["value"] == "female");
  CHECK(r.out.with("activity", "action", "purchase")->data["raw"]["price"] == "0.99 USD");
  const Record* video = r.out.of("post").at(0);
  CHECK(video->data["text"] == "Timelapse of the new footbridge");
  CHECK(video->data["type"] == "video");
  CHECK(video->data["raw"]["who_can_view"] == "Everyone");
  // A photo-mode post: its images are a list, typed photo; "N/A" and "None" are no value.
  const Record* photos = r.out.of("post").at(1);
  CHECK(photos->data["type"] == "photo");
  CHECK(photos->data["media_urls"] == json::array({"https://p16-sign-va.tiktokcdn.com/obj/photomode-deck-1.jpeg",
                                                    "https://p16-sign-va.tiktokcdn.com/obj/photomode-deck-2.jpeg",
                                                    "https://p16-sign-va.tiktokcdn.com/obj/photomode-deck-3.jpeg"}));
  CHECK_FALSE(photos->data.contains("url"));
  CHECK(photos->data["raw"] == json({{"likes", "5"}, {"who_can_view", "Everyone"}}));
  // A list this importer does not know is kept, its fields in raw.
  const Record* tag = r.out.with("activity", "action", "hashtag_list");
  REQUIRE(tag);
  CHECK(tag->data["raw"]["hashtag_name"] == "bridgeengineering");
  const json& p = r.out.of("profile").at(0)->data;
  CHECK(p["name"] == "Ana K 🌉");
  CHECK(p["phones"][0]["number"] == "+48555000111");
  CHECK(p["raw"]["videos_watched_to_the_end_since_account_registration"] == "250");
  CHECK_FALSE(p["raw"].contains("inferred_gender"));
  auto dms = r.out.of("message");
  REQUIRE(dms.size() == 2);
  CHECK(dms[1]->data["direction"] == "sent");
  // The same account in two exports is one profile record.
  Run old(sample("tiktok"));
  CHECK(old.out.of("profile")[0]->id == r.out.of("profile")[0]->id);
}

TEST_CASE("tiktok: lists of an unknown shape are kept as activity; broken JSON fails the file", "[tiktok]") {
  test::TempDir dir;
  dir.write("a/user_data.json",
            R"({"Activity":{"Live History":{"LiveList":[{"Date":"2024-01-01 00:00:00"}]},)"
            R"("Video Browsing History":{"VideoList":[{"Date":"not a date","VideoLink":"https://v/1"}]}}})");
  dir.write("b/user_data_tiktok.json", R"({"Your Activity":{"Watch History":{"VideoList":[{"Date":)");
  {
    Run r(dir.path("a"));
    CHECK(r.log.warnings() == 1);  // the unreadable date
    CHECK_FALSE(r.log.is_partial());
    CHECK(r.out.fates.at("user_data.json").second.find("/Activity/Live History/LiveList") != std::string::npos);
    REQUIRE(r.out.of("activity").size() == 2);
    const Record* live = r.out.with("activity", "action", "live_list");
    REQUIRE(live);
    CHECK(format_rfc3339(*live->time) == "2024-01-01T00:00:00Z");
    CHECK_FALSE(r.out.with("activity", "action", "watch")->time.has_value());
  }
  Run r(dir.path("b"));
  CHECK(r.out.fates.at("user_data_tiktok.json").first == Fate::failed);
  CHECK(r.log.is_partial());
}

TEST_CASE("tiktok: placeholders are no value", "[tiktok]") {
  test::TempDir dir;
  dir.write("user_data_tiktok.json",
            R"({"Comment":{"Comments":{"CommentsList":[{"date":"2024-01-01 10:00:00","comment":"None of it","photo":"N/A","url":"None"}]}},)"
            R"("Your Activity":{"Login History":{"LoginHistoryList":[{"Date":"2024-01-01 11:00:00","IP":"N/A","DeviceModel":"None","NetworkType":"null"}]}}})");
  Run r(dir.path());
  const Record* c = r.out.of("comment").at(0);
  CHECK(c->data["text"] == "None of it");  // what the person wrote is kept as written
  CHECK_FALSE(c->data.contains("url"));
  CHECK_FALSE(c->data.contains("raw"));
  const Record* login = r.out.of("login").at(0);
  CHECK_FALSE(login->data.contains("ip"));
  CHECK_FALSE(login->data.contains("device"));
  CHECK_FALSE(login->data.contains("raw"));
}

TEST_CASE("tiktok: distinct in, distinct out", "[tiktok][distinct]") {
  auto posts = [](const std::string& a, const std::string& b) {
    // Photo-mode posts of one minute with no link of their own: the text tells them apart.
    auto item = [](const std::string& title) { return R"({"Date":"2024-01-01 10:00:00","Link":"","Title":")" + title + R"("})"; };
    return std::vector<std::pair<std::string, std::string>>{
        {"user_data_tiktok.json", R"({"Post":{"Posts":{"VideoList":[)" + item(a) + "," + item(b) + "]}}}"}};
  };
  CHECK(distinct_ids(read_tiktok, posts("deck", "pier"), "post") == 2);
  CHECK(distinct_ids(read_tiktok, posts("deck", "deck"), "post") == 1);
  auto lists = [](const std::string& a, const std::string& b) {
    auto item = [](const std::string& tag) { return R"({"HashtagName":")" + tag + R"("})"; };
    return std::vector<std::pair<std::string, std::string>>{
        {"user_data_tiktok.json", R"({"Your Activity":{"Hashtag":{"HashtagList":[)" + item(a) + "," + item(b) + "]}}}"}};
  };
  CHECK(distinct_ids(read_tiktok, lists("a", "b"), "activity") == 2);
  CHECK(distinct_ids(read_tiktok, lists("a", "a"), "activity") == 1);
}

TEST_CASE("tiktok: user_data streams; DMs before the profile know the user; a break keeps what came before", "[tiktok]") {
  test::TempDir dir;
  // "Direct Messages" before "Profile" (as real files have it); one item not valid JSON.
  std::string head =
      R"({"Direct Messages":{"Chat History":{"ChatHistory":{"Chat History with pia:":[)"
      R"({"Date":"2024-01-01 10:00:00","From":"me.here","Content":"hi"},{"Date":"2024-01-01 10:01:00","From":"pia","Content":"yo"}]}}},)"
      R"("Your Activity":{"Watch History":{"VideoList":[{"Date":"2024-01-02 10:00:00","Link":"https://v/1"},)"
      R"({"Date":"2024-01-02 10:01:00","Link":"https://v/2"})";
  dir.write("a/user_data_tiktok.json", head + R"(]}},"Profile":{"Profile Info":{"ProfileMap":{"userName":"me.here"}}}})");
  dir.write("b/user_data_tiktok.json", head + R"(,{"Date":"2024-01-02 10:02:00","Link":"https://v/3")");  // cut off
  {
    Run r(dir.path("a"));
    CHECK(r.out.fates.at("user_data_tiktok.json").first == Fate::parsed);
    CHECK(r.out.with("message", "text", "hi")->data["direction"] == "sent");
    CHECK(r.out.with("message", "text", "yo")->data["direction"] == "received");
    CHECK(r.out.with("message", "text", "yo")->source.pointer == "/Direct Messages/Chat History/ChatHistory/Chat History with pia:/1");
    CHECK(r.out.of("activity").size() == 2);
    CHECK(r.out.of("profile").size() == 1);
  }
  Run r(dir.path("b"));
  auto fate = r.out.fates.at("user_data_tiktok.json");
  CHECK(fate.first == Fate::partial);
  CHECK(fate.second.find("/Your Activity/Watch History/VideoList") != std::string::npos);  // where it broke
  CHECK(r.out.of("message").size() == 2);
  CHECK(r.out.of("activity").size() == 2);  // the two whole items before the break
  CHECK(r.log.is_partial());
}

TEST_CASE("tiktok: an item that is not JSON is warned and the rest is read", "[tiktok]") {
  test::TempDir dir;
  dir.write("user_data_tiktok.json",
            R"({"Your Activity":{"Watch History":{"VideoList":[{"Date":"2024-01-02 10:00:00","Link":"https://v/1"},)"
            R"({"Date":"2024-01-02 10:01:00","Link":tru},{"Date":"2024-01-02 10:02:00","Link":"https://v/3"}]}}})");
  Run r(dir.path());
  CHECK(r.out.fates.at("user_data_tiktok.json").first == Fate::partial);
  CHECK(r.out.of("activity").size() == 2);
  CHECK(r.log.warnings() >= 1);
}
