#include <catch2/catch.hpp>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/log.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_x) {}
};

const Record* post(const Run& r, const std::string& id) {
  return r.out.find("post", [&](const Record& p) { return p.data.value("url", "").find("/status/" + id) != std::string::npos; });
}

}  // namespace

TEST_CASE("x: probe recognises both archive generations and nothing else", "[x]") {
  Archive current({sample("x")}), old({sample("x-2019")}), other({sample("chatgpt")});
  CHECK(probe_x(current) == 100);
  CHECK(probe_x(old) == 90);
  CHECK(probe_x(other) == 0);
}

TEST_CASE("x: every file of the sample is parsed or deliberately ignored", "[x]") {
  Run r(sample("x"));
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.out.fates.at("data/tweet-headers.js").first == Fate::ignored);
  CHECK(r.out.fates.at("data/connected-application.js").first == Fate::ignored);
  CHECK(r.out.fates.at("data/tweets-part1.js").first == Fate::parsed);
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
}

TEST_CASE("x: tweets from every part, with entities, replies, retweets and quotes", "[x]") {
  Run r(sample("x"));
  // 3 in tweets.js + 3 in tweets-part1.js + 1 deleted + 1 community + 1 note without its tweet.
  CHECK(r.out.of("post").size() == 9);

  const Record* reply = post(r, "1750000000000000101");
  REQUIRE(reply);
  CHECK(reply->data["text"] == "@river_otter agreed & written up: https://example.org/notes");
  CHECK(reply->data["reply_to"] == "https://x.com/river_otter/status/1749999999999999001");
  CHECK(reply->data["url"] == "https://x.com/ana_kowal/status/1750000000000000101");
  CHECK(reply->data["mentions"] == json::array({"river_otter"}));
  CHECK(reply->data["raw"]["favorite_count"] == "3");
  CHECK(reply->data["raw"]["source"] == "Twitter Web App");
  CHECK(format_rfc3339(*reply->time) == "2024-01-24T14:02:11Z");

  const Record* rt = post(r, "900000000000000001");
  REQUIRE(rt);
  CHECK(rt->data["type"] == "share");

  const Record* old = post(r, "11111");
  REQUIRE(old);
  CHECK(format_rfc3339(*old->time) == "1997-03-04T08:00:00Z");

  // A reply whose screen name is missing still links to the replied tweet.
  const Record* quote = post(r, "1750000000000000103");
  REQUIRE(quote);
  CHECK(quote->data["reply_to"] == "https://x.com/i/web/status/1740000000000000999");
  CHECK(quote->data["type"] == "quote");
  CHECK(quote->data["quote_of"] == "https://twitter.com/bridgefacts/status/1740000000000000555");
}

TEST_CASE("x: a note tweet gives its tweet the full text; an orphan note becomes a post", "[x]") {
  Run r(sample("x"));
  const Record* joined = post(r, "1750000000000000103");
  REQUIRE(joined);
  std::string text = joined->data["text"];
  CHECK(text.find("So here is the whole checklist") != std::string::npos);
  CHECK(text.find("spring <3") != std::string::npos);
  CHECK(joined->data["note_tweet_id"] == "1750000000000777001");
  // A long reply: the tweet's text starts with the @mentions its note lacks.
  const Record* reply = post(r, "1750000000000000104");
  REQUIRE(reply);
  CHECK(reply->data["note_tweet_id"] == "1750000000000777003");
  CHECK(reply->data["text"] ==
        "@river_otter @bridgefacts Replying at length because the short answer misleads: bearings are replaced, not "
        "repaired, and the deck has to be jacked up a few millimetres while the traffic keeps going over the other half "
        "of the bridge, which is why the night shifts take a whole summer.");
  CHECK_FALSE(r.out.with("post", "note_tweet_id", "1750000000000777003") != reply);
  const Record* orphan = r.out.with("post", "note_tweet_id", "1750000000000777002");
  REQUIRE(orphan);
  CHECK(orphan->data["hashtags"] == json::array({"orphan"}));
  CHECK(format_rfc3339(*orphan->time) == "2024-02-01T07:00:00.000Z");
}

TEST_CASE("x: media files are linked to their tweet and DMs; unused ones kept", "[x]") {
  Run r(sample("x"));
  const Record* photo = post(r, "1750000000000000102");
  REQUIRE(photo);
  REQUIRE(photo->data["media"].size() == 2);
  CHECK(photo->data["media"][0]["path"].get<std::string>().find("tweets_media/1750000000000000102-") != std::string::npos);
  CHECK(photo->data["media"][0]["mime"] == "image/png");
  CHECK(photo->data["text"] == "Two spans, one day #bridges");  // the t.co media link is gone
  auto urls = photo->data["media_urls"];
  CHECK(std::find(urls.begin(), urls.end(), "https://video.twimg.com/ext_tw_video/1750000000000000901/pu/vid/1280x720/high.mp4") != urls.end());

  const Record* dm = r.out.find("message", [](const Record& m) { return m.data.contains("attachments") && !m.data.contains("group_chat"); });
  REQUIRE(dm);
  CHECK(dm->data["attachments"][0]["path"] == "data/direct_messages_media/1760000000000000003-Kq9rTt2n.png");

  auto media = r.out.of("media");
  REQUIRE(media.size() == 1);
  CHECK(media[0]->data["media"][0]["path"] == "data/tweets_media/1699999999999999999-Orphan1AAAA.png");
  CHECK(r.out.media_copies == 7);
}

TEST_CASE("x: likes, relations and lists", "[x]") {
  Run r(sample("x"));
  auto likes = r.out.of("reaction");
  REQUIRE(likes.size() == 2);
  for (const Record* l : likes) {
    CHECK_FALSE(l->time.has_value());
    CHECK(l->data["note"] == "the X archive gives no time for likes");
  }
  CHECK(r.out.with("reaction", "url", "https://x.com/i/web/status/1700000000000000321"));
  auto rel = [&](const char* relation) {
    size_t n = 0;
    for (const Record* c : r.out.of("contact")) n += c->data["relation"] == relation;
    return n;
  };
  CHECK(rel("follower") == 2);
  CHECK(rel("following") == 1);
  CHECK(rel("blocked") == 1);
  CHECK(rel("muted") == 1);
  // A follower and a following of the same account are two records.
  CHECK(r.out.of("contact").size() == 5);
  const Record* owner = r.out.with("group", "role", "owner");
  REQUIRE(owner);
  CHECK(owner->data["name"] == "1500000000000000444");
}

TEST_CASE("x: direct messages 1:1 and group, with reactions, joins, leaves and renames", "[x]") {
  Run r(sample("x"));
  const Record* got = r.out.find("message", [](const Record& m) { return m.data.value("text", "").find("got the guide") == 0; });
  REQUIRE(got);
  CHECK(got->data["text"] == "got the guide? https://example.org/inspection-guide.pdf > page 4");
  CHECK(got->data["thread_id"] == "222000111-4400110022");
  CHECK(got->data["direction"] == "received");
  CHECK(got->data["to"][0]["username"] == "ana_kowal");
  CHECK(format_rfc3339(*got->time) == "2024-02-10T09:58:00.000Z");

  const Record* sent = r.out.find("message", [](const Record& m) { return m.data.contains("reactions") && !m.data.contains("group_chat"); });
  REQUIRE(sent);
  CHECK(sent->data["direction"] == "sent");
  CHECK(sent->data["reactions"][0]["reaction"] == "like");
  CHECK(format_rfc3339(*sent->time) == "2024-02-10T10:00:05.120Z");

  const Record* photos = r.out.find("message", [](const Record& m) { return m.data.value("text", "") == "site photos 📷"; });
  REQUIRE(photos);
  CHECK(photos->data["thread_title"] == "Bridge crew");  // renamed before this message
  CHECK(photos->data["group_chat"] == true);
  CHECK(photos->data["attachments"].size() == 1);
  CHECK_FALSE(photos->data.contains("to"));

  for (const char* ev : {"join", "participants_join", "participants_leave", "rename"}) {
    INFO(ev);
    CHECK(r.out.with("message", "event", ev));
  }
  CHECK_FALSE(r.out.with("message", "event", "participants_join")->data.contains("thread_title"));
  CHECK(r.out.with("message", "event", "participants_leave")->data["thread_title"] == "Bridge crew");
}

TEST_CASE("x: profile, inferences, ads, logins and grok", "[x]") {
  Run r(sample("x"));
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  const json& p = profiles[0]->data;
  CHECK(p["username"] == "ana_kowal");
  CHECK(p["emails"][0]["address"] == "ana.kowal@example.org");
  CHECK(p["phones"][0]["number"] == "+48555000111");
  CHECK(p["registered_at"] == "2011-03-14T09:26:53.000Z");
  CHECK(p["location"] == "Kraków / Łódź");
  CHECK(p["handles"] == json::array({{{"username", "anakowal_eng"}}}));
  CHECK(p["avatar"]["path"] == "data/profile_media/4400110022-Av4t4rXy_400x400.png");
  CHECK(p["header"]["path"] == "data/profile_media/4400110022-1500000000.png");

  const Record* interest = r.out.with("inference", "value", "Cats");
  REQUIRE(interest);
  CHECK(interest->data["category"] == "interest");
  CHECK(interest->data["disabled"] == true);
  CHECK(r.out.with("inference", "value", "25-34"));
  CHECK(r.out.with("advertiser", "name", "@SteelCo")->data["relation"] == "lookalike_audience");

  const Record* imp = r.out.with("activity", "action", "ad_impression");
  REQUIRE(imp);
  CHECK(imp->data["organization"] == "Hard Hat Shop");
  CHECK(imp->data["targeting"].size() == 2);
  CHECK(format_rfc3339(*imp->time) == "2024-02-05T18:04:11Z");
  size_t engagements = 0;
  for (const Record* a : r.out.of("activity")) engagements += a->data["action"] == "ad_engagement";
  CHECK(engagements == 2);

  CHECK(r.out.of("login").size() == 2);
  CHECK(r.out.with("login", "ip", "2001:db8::1"));

  auto convs = r.out.of("conversation");
  REQUIRE(convs.size() == 1);
  CHECK(convs[0]->service == "grok");
  CHECK(convs[0]->data["title"] == "What is the longest suspension bridge?");
  const Record* answer = r.out.with("message", "role", "assistant");
  REQUIRE(answer);
  CHECK(answer->data["links"].size() == 1);  // the duplicated post id listed once
  CHECK(answer->id != r.out.with("message", "role", "user")->id);
}

TEST_CASE("x: 2019 archive without manifest, old file names and bare tweets", "[x]") {
  Run r(sample("x-2019"));
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.log.warnings() == 0);
  CHECK(r.out.of("post").size() == 2);
  const Record* first = post(r, "1100000000000000042");
  REQUIRE(first);
  CHECK(first->data["url"] == "https://x.com/anakowal_eng/status/1100000000000000042");
  CHECK(first->data["text"] == "First day on site 🚧");
  CHECK(first->data["media"].size() == 1);
  const Record* reply = post(r, "1100000000000000044");
  REQUIRE(reply);
  CHECK(reply->data["text"] == "@old_friend see you at 8 <—");
  CHECK(reply->data["reply_to"] == "https://x.com/i/web/status/1000000000000000001");
  const Record* dm = r.out.with("message", "thread_id", "123456-4400110022");
  REQUIRE(dm);
  CHECK(dm->data["attachments"].size() == 1);
  CHECK(r.out.of("profile")[0]->data["phones"][0]["number"] == "+48555000111");
  CHECK(r.out.fates.at("ageinfo.js").first == Fate::ignored);
}

TEST_CASE("x: ids are deterministic across runs", "[x]") {
  Run a(sample("x")), b(sample("x"));
  REQUIRE(a.out.records.size() == b.out.records.size());
  for (size_t i = 0; i < a.out.records.size(); ++i) CHECK(a.out.records[i].id == b.out.records[i].id);
}

TEST_CASE("x: a truncated data file makes the run partial and keeps what was read", "[x]") {
  test::TempDir dir;
  dir.write("data/account.js", "window.YTD.account.part0 = [ { \"account\" : { \"username\" : \"u\", \"accountId\" : \"1\" } } ]");
  dir.write("data/tweets.js",
            "window.YTD.tweets.part0 = [ { \"tweet\" : { \"id_str\" : \"5\", \"created_at\" : \"Wed Jan 24 14:02:11 +0000 2024\", "
            "\"full_text\" : \"kept\" } }, { \"tweet\" : { \"id_str\" : \"6\", ");
  dir.write("data/like.js", "window.YTD.like.part0 = [ { \"like\" : { } }, { \"like\" : { \"tweetId\" : \"9\" } } ]");
  Run r(dir.path());
  CHECK(probe_x(r.in) == 90);
  CHECK(r.out.fates.at("data/tweets.js").first == Fate::partial);
  CHECK(r.log.is_partial());
  REQUIRE(r.out.of("post").size() == 1);
  CHECK(r.out.of("post")[0]->data["url"] == "https://x.com/u/status/5");
  // A like without its tweet id is a warning, not a silent drop.
  CHECK(r.out.of("reaction").size() == 1);
  CHECK(r.log.warnings() >= 2);
}

TEST_CASE("x: an archive whose data files are all empty is still an X archive", "[x]") {
  Archive empty({sample("x-empty")});
  CHECK(probe_x(empty) >= 85);
  Detection d = detect(empty, "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "x");
  Run r(sample("x-empty"));
  CHECK(r.out.records.empty());
  CHECK(r.out.unclaimed(r.in).empty());  // every empty data file has a verdict
  // Names alone, without the viewer page or the manifest: only many of them count.
  test::TempDir few, many;
  for (const char* n : {"data/tweets.js", "data/like.js"}) few.write(n, "");
  for (const char* n : {"data/tweets.js", "data/like.js", "data/account.js", "data/follower.js", "data/following.js"})
    many.write(n, "");
  CHECK(probe_x(Archive({few.path()})) == 0);
  CHECK(probe_x(Archive({many.path()})) == 70);
}

TEST_CASE("x: distinct in, distinct out", "[x][distinct]") {
  auto files = [](const std::string& name, const std::string& global, const std::string& items) {
    return std::vector<std::pair<std::string, std::string>>{
        {"data/account.js", R"(window.YTD.account.part0 = [ { "account" : { "username" : "u", "accountId" : "1" } } ])"},
        {"data/" + name, "window.YTD." + global + ".part0 = [ " + items + " ]"}};
  };
  auto tweets = [&](const std::string& a, const std::string& b) {
    auto t = [](const std::string& id) {
      return R"({ "tweet" : { "id_str" : ")" + id + R"(", "created_at" : "Wed Jan 24 14:02:11 +0000 2024", "full_text" : "same" } })";
    };
    return files("tweets.js", "tweets", t(a) + ", " + t(b));
  };
  CHECK(distinct_ids(read_x, tweets("5", "6"), "post") == 2);
  CHECK(distinct_ids(read_x, tweets("5", "5"), "post") == 1);
  // Two renames of a group at one time, and an event of a type this importer does not know.
  auto events = [&](const std::string& a, const std::string& b) {
    auto rename = [](const std::string& name) {
      return R"({ "conversationNameUpdate" : { "initiatingUserId" : "1", "name" : ")" + name +
             R"(", "createdAt" : "2024-01-01T10:00:00.000Z" } })";
    };
    return files("direct-messages-group.js", "direct_messages_group",
                 R"({ "dmConversation" : { "conversationId" : "g1", "messages" : [ )" + rename(a) + ", " + rename(b) +
                     R"(, { "pollCreate" : { "senderId" : "1", "question" : "Friday?", "createdAt" : "2024-01-01T09:00:00.000Z" } } ] } })");
  };
  CHECK(distinct_ids(read_x, events("Bridge club", "Truss club"), "message") == 3);
  CHECK(distinct_ids(read_x, events("Bridge club", "Bridge club"), "message") == 2);

  test::TempDir dir;
  for (const auto& [path, text] : events("a", "b")) dir.write(path, text);
  Run r(dir.path());
  const Record* poll = r.out.with("message", "event", "poll_create");
  REQUIRE(poll);
  CHECK(poll->data["raw"]["question"] == "Friday?");
  CHECK(poll->data["thread_id"] == "g1");
  CHECK(format_rfc3339(*poll->time) == "2024-01-01T09:00:00.000Z");
}

TEST_CASE("x: the manifest and note tweets are read before files listed earlier; a listed file that is absent is missing", "[x]") {
  test::TempDir dir;
  // direct-messages.js and deleted-tweets.js come before manifest.js and note-tweet.js in listing
  // order, yet need the account (direction, user name) and the note (full text).
  dir.write("data/manifest.js",
            "window.__THAR_CONFIG = { \"userInfo\" : { \"accountId\" : \"1\", \"userName\" : \"ana\" }, \"dataTypes\" : { "
            "\"tweets\" : { \"files\" : [ { \"fileName\" : \"data/tweets.js\", \"globalName\" : \"YTD.tweets.part0\" } ] } } }");
  dir.write("data/direct-messages.js",
            "window.YTD.direct_messages.part0 = [ { \"dmConversation\" : { \"conversationId\" : \"1-2\", \"messages\" : [ "
            "{ \"messageCreate\" : { \"id\" : \"9\", \"senderId\" : \"1\", \"recipientId\" : \"2\", \"text\" : \"hello\", "
            "\"createdAt\" : \"2024-01-24T14:02:11.000Z\" } } ] } } ]");
  dir.write("data/deleted-tweets.js",
            "window.YTD.deleted_tweets.part0 = [ { \"tweet\" : { \"id_str\" : \"6\", \"created_at\" : \"Wed Jan 24 14:02:11 +0000 2024\", "
            "\"full_text\" : \"a long thought that goes\" } } ]");
  dir.write("data/note-tweet.js",
            "window.YTD.note_tweet.part0 = [ { \"noteTweet\" : { \"noteTweetId\" : \"77\", \"createdAt\" : \"2024-01-24T14:02:11.000Z\", "
            "\"core\" : { \"text\" : \"a long thought that goes on past the limit\" } } } ]");
  Run r(dir.path());
  const Record* dm = r.out.with("message", "thread_id", "1-2");
  REQUIRE(dm);
  CHECK(dm->data["direction"] == "sent");
  CHECK(dm->data["from"]["username"] == "ana");
  const Record* deleted = post(r, "6");
  REQUIRE(deleted);
  CHECK(deleted->data["url"] == "https://x.com/ana/status/6");
  CHECK(deleted->data["text"] == "a long thought that goes on past the limit");
  CHECK(deleted->data["note_tweet_id"] == "77");
  CHECK(r.out.of("post").size() == 1);  // the note went into its tweet
  // data/tweets.js is listed but absent: a warning, the run not partial.
  CHECK(r.log.warnings() == 1);
  CHECK(r.out.missing_paths == std::vector<std::string>{"data/tweets.js"});
  CHECK_FALSE(r.log.is_partial());
  CHECK(r.out.unclaimed(r.in).empty());
}
