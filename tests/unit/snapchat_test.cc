#include <catch2/catch.hpp>

#include "ingest/detect.h"
#include "ingest/importers.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_snapchat) {}
};

const std::string root = "mydata~1733000000000/";

}  // namespace

TEST_CASE("snapchat: probe recognises the JSON generations and the HTML-only export, and nothing else", "[snapchat]") {
  CHECK(probe_snapchat(Archive({sample("snapchat")})) == 95);
  CHECK(probe_snapchat(Archive({sample("snapchat-2019")})) == 95);
  CHECK(probe_snapchat(Archive({sample("snapchat-html")})) == 70);
  CHECK(probe_snapchat(Archive({sample("telegram")})) == 0);
  CHECK(probe_snapchat(Archive({sample("spotify")})) == 0);
  CHECK(probe_snapchat(Archive({sample("facebook/html-2024")})) == 0);
  for (const char* s : {"snapchat", "snapchat-2019", "snapchat-html"}) {
    Detection d = detect(Archive({sample(s)}), "");
    REQUIRE(d.chosen);
    CHECK(std::string(d.chosen->name) == "snapchat");
  }
}

TEST_CASE("snapchat: every file of the JSON export is read, its HTML ignored", "[snapchat]") {
  Run r(sample("snapchat"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  for (const char* f : {"account.json", "account_history.json", "chat_history.json", "snap_history.json", "talk_history.json",
                        "friends.json", "location_history.json", "user_profile.json", "ranking.json", "memories_history.json",
                        "search_history.json", "subscriptions.json", "story_history.json", "bitmoji.json", "snapchat_ai.json",
                        "shared_story.json", "purchase_history.json", "in_app_surveys.json", "communities.json",
                        "terms_history.json"})
    CHECK(r.out.fates.at(root + "json/" + f).first == Fate::parsed);
  CHECK(r.out.fates.at(root + "index.html").first == Fate::ignored);
  CHECK(r.out.fates.at(root + "html/chat_history.html").first == Fate::ignored);
  CHECK(r.out.unclaimed(r.in).empty());
}

TEST_CASE("snapchat: chats of the per-conversation generation, with their media", "[snapchat]") {
  Run r(sample("snapchat"));
  REQUIRE(r.out.of("message").size() == 8);
  const Record* coffee = r.out.with("message", "text", "Jesi li za kavu sutra? ☕");
  REQUIRE(coffee);
  CHECK(format_rfc3339(*coffee->time) == "2024-02-24T21:09:01Z");
  CHECK(coffee->data["direction"] == "received");
  CHECK(coffee->data["from"] == json{{"username", "marko_p"}});
  CHECK(coffee->data["to"] == json::array({{{"username", "ana.kovac90"}}}));
  CHECK(coffee->data["thread_id"] == "marko_p");
  CHECK_FALSE(coffee->data.contains("group_chat"));
  // Entities decoded, a "<3" left alone.
  const Record* cake = r.out.with("message", "text", "Može! I'll bring the <3 cake");
  REQUIRE(cake);
  CHECK(cake->data["direction"] == "sent");
  CHECK(cake->data["to"] == json::array({{{"username", "marko_p"}}}));
  // The media of a saved message, found in chat_media/ by its id; one not in the export is named.
  const Record* photo = r.out.find("message", [](const Record& m) { return m.data.contains("attachments"); });
  REQUIRE(photo);
  CHECK(photo->data["attachments"][0]["path"] ==
        root + "chat_media/2024-02-24_b~EigSFWFYRmhrc1dlY2ZLeVhSZU9aNkRnMTICBH1IAlAfWgUIwNu4AWAB.jpg");
  CHECK(photo->data["raw"]["saved"] == true);
  const Record* gone = r.out.find("message", [](const Record& m) { return m.data["thread_id"] == "marko_p" && m.data["raw"].contains("media_not_in_export"); });
  REQUIRE(gone);
  CHECK(gone->data["raw"]["saved"] == false);
  // Two messages alike but for the millisecond are two messages.
  int oks = 0;
  for (const Record* m : r.out.of("message")) oks += m->data.value("text", "") == "ok";
  CHECK(oks == 2);
  // A group: its title, no `to`, a voice note with one of its two files.
  const Record* note = r.out.with("message", "content_type", "note");
  REQUIRE(note);
  CHECK(note->data["thread_title"] == "Planinari 🏔️");
  CHECK(note->data["group_chat"] == true);
  CHECK_FALSE(note->data.contains("to"));
  CHECK(note->data["attachments"].size() == 1);
  CHECK(note->data["raw"]["media_not_in_export"] == json::array({"b~NoteNoteNoteNoteNoteNoteNote02"}));
  // The chat media no message names is kept.
  CHECK(r.out.with("media", "title", "2024-01-01_b~OrphanOrphanOrphanOrphan.png"));
}

TEST_CASE("snapchat: snaps, calls, friends, locations, account, inferences, memories", "[snapchat]") {
  Run r(sample("snapchat"));
  auto actions = [&](const char* a) {
    std::vector<const Record*> out;
    for (const Record* x : r.out.of("activity"))
      if (x->data.value("action", "") == a) out.push_back(x);
    return out;
  };
  REQUIRE(actions("snap").size() == 3);
  const Record* sent = r.out.find("activity", [](const Record& a) { return a.data.value("action", "") == "snap" && a.data["direction"] == "sent"; });
  REQUIRE(sent);
  CHECK(sent->data["type"] == "video");
  CHECK(sent->data["person"] == json{{"username", "marko_p"}});
  REQUIRE(actions("call").size() == 2);
  REQUIRE(actions("search").size() == 2);
  CHECK(r.out.with("activity", "query", "Яна"));

  REQUIRE(r.out.of("contact").size() == 11);  // 9 of friends.json, 2 subscriptions
  const Record* marko = r.out.with("contact", "username", "marko_p");
  REQUIRE(marko);
  CHECK(marko->data["relation"] == "friend");
  CHECK(marko->data["name"] == "Marko Perić");
  CHECK(marko->data["url"] == "https://www.snapchat.com/add/marko_p");
  CHECK(format_rfc3339(*marko->time) == "2016-05-14T10:00:00Z");
  CHECK(r.out.with("contact", "username", "old.friend")->data["status"] == "removed");
  CHECK(r.out.with("contact", "username", "spam_bot_77")->data["relation"] == "blocked");
  CHECK(r.out.with("contact", "username", "random_adder")->data["status"] == "ignored");
  // The same person in two lists (a request sent and one received) is two records.
  int lena = 0;
  for (const Record* x : r.out.of("contact")) lena += x->data.value("username", "") == "lena.h";
  CHECK(lena == 2);
  CHECK(r.out.with("group", "name", "Hiking 🥾"));

  REQUIRE(r.out.of("location").size() == 2);
  const Record* fix = r.out.of("location")[0];
  CHECK(fix->data["lat"] == 45.80);
  CHECK(fix->data["lon"] == 15.95);
  CHECK(fix->data["accuracy"] == 14.05);
  CHECK(r.out.with("inference", "value", "Home: Trešnjevka, Zagreb"));
  CHECK(r.out.with("inference", "value", "Zagreb, HR, City of Zagreb"));
  CHECK(r.out.with("inference", "value", "Lifestyle: Outdoor Enthusiasts")->data["category"] == "interest");
  CHECK(r.out.with("inference", "value", "Female 25-34")->data["category"] == "demographic");
  CHECK(r.out.with("inference", "value", "Application Opens: 4812")->data["category"] == "engagement");
  CHECK(r.out.with("inference", "value", "Outdoor Adventure")->data["category"] == "content_interest");
  CHECK(r.out.with("inference", "value", "planinarska-oprema.example.org")->data["category"] == "web_interaction");
  CHECK(r.out.with("advertiser", "name", "Planinarska Oprema d.o.o."));

  REQUIRE(r.out.of("profile").size() == 1);
  const Record& p = *r.out.of("profile")[0];
  CHECK(p.data["username"] == "ana.kovac90");
  CHECK(p.data["registered_at"] == "2016-05-14T09:21:07Z");
  CHECK(p.data["registration_ip"] == "192.0.2.44");
  CHECK(p.data["last_name"] == "Kovač");
  CHECK(p.data["raw"]["statistics"]["Snapscore"] == "48213");
  CHECK(p.data["raw"]["mobile_ad_id"] == "00000000-1111-4222-8333-444444444444");

  const Record* login = r.out.with("login", "ip", "2001:db8::7");
  REQUIRE(login);
  CHECK(login->data["method"] == "login");
  CHECK(login->data["raw"]["Status"] == "failure");
  CHECK(r.out.with("login", "method", "password_change"));
  CHECK(r.out.with("login", "device", "Google Pixel 7"));

  // A memory with its file (and overlay) from memories/; one not downloaded keeps its link.
  const Record* kept = r.out.find("media", [](const Record& m) { return m.data.value("album", "") == "Memories" && m.data["type"] == "photo"; });
  REQUIRE(kept);
  CHECK(kept->data["media"].size() == 2);
  CHECK(kept->data["lat"] == 45.81);
  const Record* link = r.out.find("media", [](const Record& m) { return m.data.value("album", "") == "Memories" && m.data["type"] == "video"; });
  REQUIRE(link);
  CHECK(link->data["media"][0]["url"].get<std::string>().find("mid=1c2d3e4f-aaaa-4bbb-8ccc-000000000002") != std::string::npos);
  CHECK_FALSE(link->data.contains("lat"));  // 0, 0 is Snapchat's "no location"
}

TEST_CASE("snapchat: the older generation, lists by direction", "[snapchat]") {
  Run r(sample("snapchat-2019"));
  CHECK(r.log.warnings() == 0);
  REQUIRE(r.out.of("message").size() == 4);
  const Record* sent = r.out.with("message", "text", "Klar, ich bring Salat & Brot");
  REQUIRE(sent);
  CHECK(sent->data["direction"] == "sent");
  CHECK(sent->data["from"] == json{{"username", "jonas_m"}});
  CHECK(sent->data["to"] == json::array({{{"username", "lisa.w"}}}));
  CHECK(sent->data["thread_id"] == "lisa.w");
  CHECK(sent->data["raw"]["saved"] == true);
  const Record* unsaved = r.out.find("message", [](const Record& m) { return m.data["thread_id"] == "tom_k"; });
  REQUIRE(unsaved);
  CHECK(unsaved->data["raw"]["saved"] == false);
  CHECK(r.out.of("location").size() == 2);
  CHECK(format_rfc3339(*r.out.of("location")[0]->time) == "2019-06-01T08:15:00Z");
  CHECK(r.out.with("activity", "query", "biergarten"));
  int snaps = 0;
  for (const Record* a : r.out.of("activity")) snaps += a->data.value("action", "") == "snap";
  CHECK(snaps == 3);  // one video sent to two friends at once is two snaps
  const Record* memory = r.out.with("media", "album", "Memories");
  REQUIRE(memory);
  CHECK(memory->data["type"] == "photo");
  CHECK(memory->data["media"][0].contains("url"));
}

TEST_CASE("snapchat: the HTML-only export is recognised and explained", "[snapchat]") {
  Run r(sample("snapchat-html"));  // skipped files make `ingest` exit 3 (partial)
  const std::string at = "mydata~1700000000000/";
  for (const char* f : {"index.html", "html/chat_history.html", "html/friends.html", "html/account.html"}) {
    CHECK(r.out.fates.at(at + f).first == Fate::skipped);
    CHECK(r.out.fates.at(at + f).second.find("Export JSON Files") != std::string::npos);
  }
  CHECK(r.out.of("message").empty());
  CHECK(r.out.of("media").size() == 1);  // its chat media still kept
}

TEST_CASE("snapchat: a broken file fails alone, a bad item is warned", "[snapchat]") {
  test::TempDir dir;
  dir.write("json/chat_history.json", "{\"friend\": [{\"From\": \"friend\", \"Media Type\": \"TEXT\", \"Created\": \"2024-01-01 10:00:00 UTC\", \"Content\": \"hi\", \"IsSender\": false}");
  dir.write("json/location_history.json", R"({"Location History": [["2024-01-01 10:00:00 UTC", "45.8, 15.9"], ["never", "nowhere"]]})");
  dir.write("json/friends.json", R"({"Friends": [{"Username": "friend", "Display Name": "F"}]})");
  dir.write("json/ranking.json", "\"a string\"");
  Run r(dir.path());
  CHECK(r.out.fates.at("json/chat_history.json").first == Fate::partial);
  CHECK(r.out.fates.at("json/location_history.json").first == Fate::partial);
  CHECK(r.out.fates.at("json/friends.json").first == Fate::parsed);
  CHECK(r.out.fates.at("json/ranking.json").first == Fate::failed);
  CHECK(r.out.of("location").size() == 1);
  CHECK(r.out.of("contact").size() == 1);
  CHECK(r.log.is_partial());
}

TEST_CASE("snapchat: distinct in, distinct out", "[snapchat][distinct]") {
  auto chats = [](const std::string& a, const std::string& b) {
    auto m = [](const std::string& text) {
      return R"({"From": "f", "Media Type": "TEXT", "Created": "2024-01-01 10:00:00 UTC", "Content": ")" + text + R"(", "IsSender": false})";
    };
    return std::vector<std::pair<std::string, std::string>>{{"json/chat_history.json", "{\"f\": [" + m(a) + ", " + m(b) + "]}"}};
  };
  CHECK(distinct_ids(read_snapchat, chats("hi", "ho"), "message") == 2);
  CHECK(distinct_ids(read_snapchat, chats("hi", "hi"), "message") == 1);
  auto fixes = [](const std::string& a, const std::string& b) {
    return std::vector<std::pair<std::string, std::string>>{
        {"json/location_history.json", R"({"Location History": [["2024-01-01 10:00:00 UTC", ")" + a + R"("], ["2024-01-01 10:00:00 UTC", ")" + b + "\"]]}"}};
  };
  CHECK(distinct_ids(read_snapchat, fixes("45.8, 15.9", "45.8, 15.8"), "location") == 2);
  CHECK(distinct_ids(read_snapchat, fixes("45.8, 15.9", "45.8, 15.9"), "location") == 1);
}
