#include <catch2/catch.hpp>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/car.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/car_writer.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;
using test::cbor;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_bluesky) {}
};

const std::string me = "did:plc:anakovacexample234567abc";

json post(const std::string& text, const std::string& at) {
  return {{"$type", "app.bsky.feed.post"}, {"text", text}, {"createdAt", at}};
}

// A repository written by tests/unit/car_writer.h into a folder, read by the importer.
struct RepoRun {
  test::TempDir dir;
  std::unique_ptr<ImportRun> run;
  RepoRun(const std::map<std::string, json>& records, std::function<void(const std::string&, std::string&)> tamper = nullptr,
          size_t cut = 0) {
    std::string car = test::repo_car(me, records, std::move(tamper));
    dir.write("repo.car", car.substr(0, car.size() - cut));
    run = std::make_unique<ImportRun>(std::vector<std::string>{dir.path()}, read_bluesky);
  }
};

}  // namespace

TEST_CASE("bluesky: probe recognises a repository export and nothing else", "[bluesky]") {
  CHECK(probe_bluesky(Archive({sample("bluesky")})) == 100);
  CHECK(probe_bluesky(Archive({sample("bluesky-2023")})) == 100);
  CHECK(probe_bluesky(Archive({sample("mastodon")})) == 0);
  CHECK(probe_bluesky(Archive({sample("reddit")})) == 0);
  Detection d = detect(Archive({sample("bluesky")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "bluesky");
}

TEST_CASE("bluesky: every block checked, every record read, blobs linked", "[bluesky]") {
  Run r(sample("bluesky"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  CHECK(r.out.fates.at("repo.car").first == Fate::parsed);
  CHECK_THAT(r.out.fates.at("repo.car").second, Catch::Contains("29 records of " + me) && Catch::Contains("12 app.bsky.feed.post"));
  CHECK(r.out.unclaimed(r.in).empty());
  // Six blobs beside the CAR: five linked from records, one kept as a media record of its own.
  REQUIRE(r.out.of("media").size() == 1);
}

TEST_CASE("bluesky: posts with facets, embeds, replies, langs and labels", "[bluesky]") {
  Run r(sample("bluesky"));
  REQUIRE(r.out.of("post").size() == 13);  // 12 posts and a repost
  const Record* first = r.out.with("post", "text", "Premier post ici. Bonjour Bluesky ☀️");
  REQUIRE(first);
  CHECK(first->data["url"] == "https://bsky.app/profile/" + me + "/post/3lbqta2ad2k2a");
  CHECK(first->data["language"] == "fr");
  CHECK(first->data["visibility"] == "public");
  REQUIRE(first->time);
  CHECK(format_rfc3339(*first->time) == "2024-11-20T08:15:00.000Z");
  CHECK(first->data["raw"]["uri"] == "at://" + me + "/app.bsky.feed.post/3lbqta2ad2k2a");

  const Record* ride = r.out.find("post", [](const Record& p) { return p.data.value("text", "").rfind("Ride with", 0) == 0; });
  REQUIRE(ride);
  CHECK(ride->data["mentions"] == json::array({"@jordan.example.com"}));
  CHECK(ride->data["links"] == json::array({"https://example.org/velo/map?city=lyon"}));  // not the shortened text
  CHECK(ride->data["hashtags"] == json::array({"vélo", "cycling"}));
  CHECK(ride->data["raw"]["langs"] == json::array({"en", "fr"}));

  const Record* reply = r.out.with("post", "text", "Мост красивый, правда!");
  REQUIRE(reply);
  CHECK(reply->data["reply_to"] == "https://bsky.app/profile/did:plc:jordanpikeexample234567a/post/3lbqsaaaaaa2b");
  CHECK(reply->data["raw"]["reply_root"] == "at://did:plc:olenaexample234567abcdef/app.bsky.feed.post/3lbqs9aaaaa2a");

  const Record* photos = r.out.with("post", "text", "Deux photos du pont");
  REQUIRE(photos);
  REQUIRE(photos->data["media"].size() == 1);  // the second image's blob was not downloaded
  CHECK(photos->data["media"][0]["alt"] == "Le pont Lafayette au lever du soleil");
  CHECK(photos->data["media"][0]["mime"] == "image/jpeg");
  REQUIRE(photos->data["media_urls"].size() == 1);
  CHECK(photos->data["media_urls"][0].get<std::string>().rfind("bafkrei", 0) == 0);

  const Record* card = r.out.find("post", [](const Record& p) { return p.data.value("link_title", "") == "Why cafés matter"; });
  REQUIRE(card);
  CHECK(card->data["links"] == json::array({"https://example.org/cafes"}));
  CHECK(card->data["media"].size() == 1);  // the card's thumbnail
  CHECK_FALSE(card->data.contains("text"));

  const Record* quote = r.out.with("post", "text", "This 👇");
  REQUIRE(quote);
  CHECK(quote->data["quote_of"] == "https://bsky.app/profile/did:web:zoe.example.org/post/3lbqszzzzzz2z");
  const Record* both = r.out.with("post", "text", "自転車で通勤しました 🚲");
  REQUIRE(both);
  CHECK(both->data["quote_of"] == "https://bsky.app/profile/did:plc:jordanpikeexample234567a/post/3lbqsbbbbbb2c");
  CHECK(both->data["media"][0]["alt"] == "駐輪場");
  const Record* clip = r.out.with("post", "text", "Short clip of the quay");
  REQUIRE(clip);
  CHECK(clip->data["media"][0]["mime"] == "video/mp4");
  const Record* crash = r.out.with("post", "text", "Crash photo from today's race (no one hurt)");
  REQUIRE(crash);
  CHECK(crash->data["sensitive"] == true);
  CHECK(crash->data["content_warning"] == "graphic-media");
  const Record* odd = r.out.with("post", "text", "see link");
  REQUIRE(odd);  // its facet runs past the text: the link is kept
  CHECK(odd->data["links"] == json::array({"https://example.org/x"}));
  CHECK(r.out.find("post", [](const Record& p) { return p.data.value("text", "") == "gm"; }));
}

TEST_CASE("bluesky: likes, reposts, follows, blocks, lists, gates, profile, other collections", "[bluesky]") {
  Run r(sample("bluesky"));
  auto likes = r.out.of("reaction");
  REQUIRE(likes.size() == 2);
  const Record* liked = r.out.with("reaction", "url", "https://bsky.app/profile/did:web:zoe.example.org/post/3lbqszzzzzz2z");
  REQUIRE(liked);
  CHECK(liked->data["reaction"] == "like");
  CHECK(liked->data["raw"]["via"] == "at://did:plc:jordanpikeexample234567a/app.bsky.feed.repost/3lbqsrrrrrr2r");
  const Record* repost = r.out.find("post", [](const Record& p) { return p.data.value("repost", false); });
  REQUIRE(repost);
  CHECK(repost->data["type"] == "share");
  CHECK(repost->data["url"] == "https://bsky.app/profile/did:plc:olenaexample234567abcdef/post/3lbqs9aaaaa2a");

  const Record* zoe = r.out.find("contact", [](const Record& c) {
    return c.data["relation"] == "following" && c.data["username"] == "did:web:zoe.example.org";
  });
  REQUIRE(zoe);
  CHECK(zoe->data["url"] == "https://bsky.app/profile/did:web:zoe.example.org");
  CHECK(r.out.with("contact", "relation", "blocked"));
  auto members = r.out.find("contact", [](const Record& c) {
    return c.data["relation"] == "list_member" && c.data["username"] == "did:plc:olenaexample234567abcdef";
  });
  REQUIRE(members);
  CHECK(members->data["list"] == "Vélo Lyon 🚲");  // listitems come after lists whatever the block order
  const Record* list = r.out.with("group", "name", "Vélo Lyon 🚲");
  REQUIRE(list);
  CHECK(list->data["type"] == "curatelist");
  CHECK(list->data["url"] == "https://bsky.app/profile/" + me + "/lists/3lbquq1gg1g2g");
  CHECK(r.out.with("group", "type", "modlist"));

  const Record* tg = r.out.with("activity", "action", "reply_controls");
  REQUIRE(tg);
  CHECK(tg->data["text"] == "replies from: mentioned accounts, members of Vélo Lyon 🚲");
  CHECK(tg->data["url"] == "https://bsky.app/profile/" + me + "/post/3lbqtd3ab5y2d");
  const Record* pg = r.out.with("activity", "action", "quote_controls");
  REQUIRE(pg);
  CHECK(pg->data["text"] == "quotes disabled");

  const Record* feed = r.out.with("activity", "type", "app.bsky.feed.generator");
  REQUIRE(feed);
  CHECK(feed->data["name"] == "Cafés de Lyon");
  CHECK(feed->data["url"] == "https://bsky.app/profile/" + me + "/feed/cafes");
  const Record* blog = r.out.with("activity", "type", "com.whtwnd.blog.entry");
  REQUIRE(blog);
  CHECK(blog->data["raw"]["content"] == "# Un an\nBeaucoup de pluie.");
  CHECK(r.out.with("activity", "type", "chat.bsky.actor.declaration"));

  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  const json& p = profiles[0]->data;
  CHECK(p["name"] == "Ana Kovač 🚲");
  CHECK(p["username"] == me);
  CHECK(p["summary"] == "Lyon · vélo · café\nhttps://ana.example.org");
  CHECK(p["avatar"]["mime"] == "image/jpeg");
  CHECK_FALSE(p.contains("header"));  // the banner's blob is not in the sample
  CHECK(p["raw"]["banner_cid"].get<std::string>().rfind("bafkrei", 0) == 0);
  CHECK(p["raw"]["rev"] == "3lbquz2222222");
  CHECK(p["raw"]["version"] == 3);
  CHECK(p["raw"]["pinned_post"] == "at://" + me + "/app.bsky.feed.post/3lbqta2ad2k2a");
  CHECK(p["raw"]["sig"].get<std::string>().size() == 88);  // 64 bytes in base64
}

TEST_CASE("bluesky: the CAR file given alone, as the app saves it", "[bluesky]") {
  Run r(sample("bluesky") + "/repo.car");
  CHECK(probe_bluesky(r.in) == 100);
  CHECK(r.out.fates.at("repo.car").first == Fate::parsed);
  CHECK(r.out.of("post").size() == 13);
  CHECK(r.out.of("profile")[0]->data["raw"].contains("avatar_cid"));  // no blobs beside it
  CHECK(r.out.of("media").empty());
}

TEST_CASE("bluesky: the 2023 generation (v2 commit, legacy blobs, stale and repeated blocks)", "[bluesky]") {
  Run r(sample("bluesky-2023"));
  CHECK(r.log.warnings() == 0);
  CHECK(r.out.fates.at("repo.car").first == Fate::parsed);
  CHECK_THAT(r.out.fates.at("repo.car").second, Catch::Contains("1 blocks no record path names, 1 blocks repeated"));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]->data["raw"]["version"] == 2);
  CHECK_FALSE(profiles[0]->data["raw"].contains("rev"));
  CHECK(profiles[0]->data["avatar"]["mime"] == "image/jpeg");  // {cid, mimeType}
  const Record* img = r.out.with("post", "text", "old-style image post");
  REQUIRE(img);
  CHECK(img->data["media"][0]["alt"] == "a cat");
  CHECK(r.out.of("post").size() == 3);
  const Record* hello = r.out.with("post", "text", "hello world");
  REQUIRE(hello);
  CHECK(format_rfc3339(*hello->time) == "2023-04-28T12:00:00.000Z");
  CHECK(r.out.of("media").empty());
}

TEST_CASE("bluesky: a bad block is named, its record missing, the rest read", "[bluesky]") {
  std::map<std::string, json> recs = {{"app.bsky.feed.post/3kaaaaaaaaa2a", post("one", "2024-01-01T00:00:00Z")},
                                      {"app.bsky.feed.post/3kbbbbbbbbb2b", post("two", "2024-01-02T00:00:00Z")}};
  RepoRun good(recs);
  CHECK(good.run->out.of("post").size() == 2);
  CHECK_FALSE(good.run->log.is_partial());

  RepoRun bad(recs, [](const std::string& key, std::string& data) {
    if (key.find("3kbb") != std::string::npos) data[data.size() - 3] ^= 1;
  });
  REQUIRE(bad.run->out.of("post").size() == 1);
  CHECK(bad.run->out.of("post")[0]->data["text"] == "one");
  CHECK(bad.run->out.fates.at("repo.car").first == Fate::partial);
  CHECK_THAT(bad.run->out.fates.at("repo.car").second, Catch::Contains("1 bad") && Catch::Contains("1 records missing"));
  bool named = false;
  for (const std::string& w : bad.run->log.kept())
    if (w.find("block 4 at byte") != std::string::npos && w.find("bad block") != std::string::npos) named = true;
  CHECK(named);

  // A root block that is not a commit (its "data" a plain map, not a link) fails the file alone.
  {
    std::string commit = cbor({{"did", me}, {"data", {{"$link", 5}}}}), cid = cid_of(commit);
    std::string header = cbor({{"version", 1}, {"roots", json::array({test::link(cid)})}});
    test::TempDir dir;
    dir.write("repo.car", test::uvarint(header.size()) + header + test::car_block(cid, commit));
    ImportRun run({dir.path()}, read_bluesky);
    CHECK(run.out.fates.at("repo.car").first == Fate::failed);
    CHECK(run.log.is_partial());
  }
  // A file cut short fails alone; the blobs beside it are still stored.
  RepoRun cut(recs, nullptr, 5);
  CHECK(cut.run->out.fates.at("repo.car").first == Fate::failed);
  CHECK(cut.run->out.of("post").empty());
  CHECK(cut.run->log.is_partial());
}

TEST_CASE("bluesky: records alike but in one field stay two; the same record twice is one", "[bluesky]") {
  auto ids = [](const std::map<std::string, json>& recs) {
    return distinct_ids(read_bluesky, {{"repo.car", test::repo_car(me, recs)}}, "post");
  };
  CHECK(ids({{"app.bsky.feed.post/3kaaaaaaaaa2a", post("gm", "2024-01-01T00:00:00Z")},
             {"app.bsky.feed.post/3kbbbbbbbbb2b", post("gm", "2024-01-01T00:00:00Z")}}) == 2);
  // Two exports of one repository: the same record twice is one record.
  std::map<std::string, json> one = {{"app.bsky.feed.post/3kaaaaaaaaa2a", post("gm", "2024-01-01T00:00:00Z")}};
  CHECK(distinct_ids(read_bluesky, {{"a/repo.car", test::repo_car(me, one)}, {"b/repo.car", test::repo_car(me, one)}}, "post") == 1);
}
