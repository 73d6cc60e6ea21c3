#include <catch2/catch.hpp>

#include "ingest/detect.h"
#include "ingest/importers.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_spotify) {}
};

const std::string account = "my_spotify_data/Spotify Account Data/";

}  // namespace

TEST_CASE("spotify: probe recognises both packages and both generations, and nothing else", "[spotify]") {
  CHECK(probe_spotify(Archive({sample("spotify")})) == 95);
  CHECK(probe_spotify(Archive({sample("spotify-2019")})) == 95);
  CHECK(probe_spotify(Archive({sample("spotify-extended")})) == 95);
  CHECK(probe_spotify(Archive({sample("telegram")})) == 0);
  CHECK(probe_spotify(Archive({sample("tiktok")})) == 0);
  Detection d = detect(Archive({sample("spotify")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "spotify");
}

TEST_CASE("spotify: every file of the account data is read or kept", "[spotify]") {
  Run r(sample("spotify"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  for (const char* f : {"StreamingHistory_music_0.json", "StreamingHistory_podcast_0.json", "YourLibrary.json", "Playlist1.json",
                        "SearchQueries.json", "Inferences.json", "Marquee.json", "Userdata.json", "Identity.json", "Follow.json",
                        "Payments.json"})
    CHECK(r.out.fates.at(account + f).first == Fate::parsed);
  auto unclaimed = r.out.unclaimed(r.in);
  std::sort(unclaimed.begin(), unclaimed.end());
  CHECK(unclaimed == std::vector<std::string>{account + "Read_Me_First.pdf", account + "Wrapped2023.json"});
}

TEST_CASE("spotify: plays, library, playlists, searches, inferences, profile", "[spotify]") {
  Run r(sample("spotify"));
  REQUIRE(r.out.of("activity").size() == 7);  // 4 songs, 1 episode, 2 searches
  const Record* joga = r.out.with("activity", "title", "Jóga");
  REQUIRE(joga);
  CHECK(format_rfc3339(*joga->time) == "2023-12-05T16:52:00Z");
  CHECK(joga->data["action"] == "listen");
  CHECK(joga->data["person"] == json{{"name", "Björk"}});
  CHECK(joga->data["raw"]["ms_played"] == 305000);
  // Two plays of one song in the same minute that differ in msPlayed are two plays.
  CHECK(r.out.find("activity", [](const Record& a) { return a.data.value("title", "") == "First Love"; }));
  int first_love = 0;
  for (const Record* a : r.out.of("activity")) first_love += a->data.value("title", "") == "First Love";
  CHECK(first_love == 2);
  const Record* episode = r.out.with("activity", "type", "episode");
  REQUIRE(episode);
  CHECK(episode->data["title"] == "Выпуск 12: Велосипеды 🚲");
  CHECK(episode->data["person"]["name"] == "Радио Свобода — Подкаст");
  const Record* search = r.out.with("activity", "query", "björk joga");
  REQUIRE(search);
  CHECK(format_rfc3339(*search->time) == "2023-11-01T10:00:00.000Z");
  CHECK(search->data["source"] == "ANDROID");
  CHECK(search->data["raw"]["clicked"] == json::array({"https://open.spotify.com/track/0aAaAaAaAaAaAaAaAaAaA1"}));

  REQUIRE(r.out.of("reaction").size() == 6);
  const Record* live = r.out.find("reaction", [](const Record& x) { return x.data["raw"].value("album", "") == "Homogenic (Live)"; });
  REQUIRE(live);
  CHECK(live->data["reaction"] == "like");
  CHECK(live->data["url"] == "https://open.spotify.com/track/0aAaAaAaAaAaAaAaAaAaA2");
  CHECK(r.out.with("reaction", "title", "Too Loud")->data["reaction"] == "dislike");
  REQUIRE(r.out.of("contact").size() == 2);
  CHECK(r.out.with("contact", "name", "Björk")->data["relation"] == "following");
  CHECK(r.out.with("contact", "name", "Loud Band")->data["relation"] == "blocked");

  REQUIRE(r.out.of("post").size() == 2);  // two playlists of one name, told apart by their date
  const Record* tour = r.out.find("post", [](const Record& p) { return p.data.contains("text"); });
  REQUIRE(tour);
  CHECK(tour->data["title"] == "Radtour 🚲");
  CHECK(tour->data["time_precision"] == "day");
  REQUIRE(tour->data["raw"]["items"].size() == 3);
  CHECK(tour->data["raw"]["items"][1]["type"] == "episode");
  CHECK(tour->data["raw"]["items"][2]["type"] == "local_track");

  REQUIRE(r.out.of("inference").size() == 5);
  CHECK(r.out.with("inference", "value", "3P_Cat_Outdoor_Enthusiasts")->data["category"] == "ad_segment");
  CHECK(r.out.with("inference", "value", "宇多田ヒカル: Light listeners")->data["category"] == "marquee");

  REQUIRE(r.out.of("profile").size() == 1);
  const Record& me = *r.out.of("profile")[0];
  CHECK(me.data["name"] == "Ana Kovač");
  CHECK(me.data["username"] == "anakovac90");
  CHECK(me.data["emails"] == json::array({{{"address", "ana.kovac@example.org"}}}));
  CHECK(me.data["birthday"] == "1990-03-14");
  CHECK(me.data["registered_at"] == "2014-07-09T00:00:00Z");
  CHECK(me.data["raw"]["followers"] == 3);
  CHECK(me.data["raw"]["payment"]["payment_method"] == "PayPal");
}

TEST_CASE("spotify: the older account data and endsong files", "[spotify]") {
  Run r(sample("spotify-2019"));
  CHECK(r.log.warnings() == 0);
  REQUIRE(r.out.of("contact").size() == 4);
  CHECK(r.out.find("contact", [](const Record& c) { return c.data["relation"] == "follower" && c.data["username"] == "zoe.adeyemi"; }));
  CHECK(r.out.with("contact", "username", "spam4you")->data["relation"] == "blocked");
  REQUIRE(r.out.of("activity").size() == 5);
  const Record* offline = r.out.find("activity", [](const Record& a) { return a.data.value("type", "") == "episode" && a.data.contains("url"); });
  REQUIRE(offline);
  CHECK(offline->data["raw"]["offline_at"] == "2019-03-03T07:43:20Z");
  CHECK(offline->data["raw"]["ip"] == "198.51.100.7");
  CHECK(offline->data["raw"]["username"] == "anakovac90");
  // The places plays came from: one login per IP, client and country.
  REQUIRE(r.out.of("login").size() == 2);
  const Record* pixel = r.out.with("login", "ip", "198.51.100.7");
  REQUIRE(pixel);
  CHECK(pixel->data["raw"]["plays"] == 2);
  CHECK(pixel->data["updated_at"] == "2019-03-03T07:45:02Z");
  CHECK(format_rfc3339(*pixel->time) == "2019-03-02T21:04:11Z");
  CHECK(r.out.of("profile")[0]->data["gender"] == "female");
}

TEST_CASE("spotify: the extended streaming history of today: audiobooks, unnamed plays", "[spotify]") {
  Run r(sample("spotify-extended"));
  CHECK(r.log.warnings() == 0);
  REQUIRE(r.out.of("activity").size() == 4);
  const Record* book = r.out.with("activity", "type", "audiobook_chapter");
  REQUIRE(book);
  CHECK(book->data["title"] == "Κεφάλαιο 1");
  CHECK(book->data["person"]["name"] == "Ο Μικρός Πρίγκιπας");
  CHECK(book->data["raw"]["offline_at"] == "2024-01-02T06:15:00Z");
  CHECK(r.out.with("activity", "type", "unknown"));
  const Record* skipped = r.out.find("activity", [](const Record& a) { return a.data["raw"].value("skipped", false); });
  REQUIRE(skipped);
  CHECK_FALSE(skipped->data["raw"].contains("offline_at"));
  CHECK(r.out.of("login").size() == 2);
}

TEST_CASE("spotify: a broken file fails alone", "[spotify]") {
  test::TempDir dir;
  dir.write("MyData/StreamingHistory0.json", R"([{"endTime": "2020-01-01 10:00", "artistName": "A", "trackName": "T", "msPlayed": 1}, {"endTime": "never"}])");
  dir.write("MyData/YourLibrary.json", "{\"tracks\": [");
  dir.write("MyData/Userdata.json", R"({"username": "u"})");
  Run r(dir.path());
  CHECK(r.out.fates.at("MyData/StreamingHistory0.json").first == Fate::partial);
  CHECK(r.out.fates.at("MyData/YourLibrary.json").first == Fate::failed);
  CHECK(r.out.fates.at("MyData/Userdata.json").first == Fate::parsed);
  CHECK(r.out.of("activity").size() == 1);
  CHECK(r.log.is_partial());
}

TEST_CASE("spotify: distinct in, distinct out", "[spotify][distinct]") {
  auto plays = [](const std::string& a, const std::string& b) {
    auto p = [](const std::string& uri) {
      return R"({"ts": "2023-01-01T00:00:00Z", "ms_played": 5, "master_metadata_track_name": "T", "spotify_track_uri": ")" + uri + "\"}";
    };
    return std::vector<std::pair<std::string, std::string>>{{"Streaming_History_Audio_2023_0.json", "[" + p(a) + ", " + p(b) + "]"}};
  };
  CHECK(distinct_ids(read_spotify, plays("spotify:track:a", "spotify:track:b"), "activity") == 2);
  CHECK(distinct_ids(read_spotify, plays("spotify:track:a", "spotify:track:a"), "activity") == 1);
}
