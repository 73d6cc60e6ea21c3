#include <catch2/catch.hpp>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_reddit) {}
};

}  // namespace

TEST_CASE("reddit: probe recognises the export and nothing else", "[reddit]") {
  CHECK(probe_reddit(Archive({sample("reddit")})) == 90);
  CHECK(probe_reddit(Archive({sample("linkedin")})) == 0);
  CHECK(probe_reddit(Archive({sample("mastodon")})) == 0);
  Detection d = detect(Archive({sample("reddit")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "reddit");
}

TEST_CASE("reddit: every file is read, ignored as a subset, or kept", "[reddit]") {
  Run r(sample("reddit"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  for (const char* f : {"posts.csv", "comments.csv", "messages_archive.csv", "chat_history.csv", "post_votes_1.csv",
                        "post_votes_2.csv", "statistics.csv", "ip_logs.csv", "friends.csv"})
    CHECK(r.out.fates.at(f).first == Fate::parsed);
  for (const char* f : {"post_headers.csv", "comment_headers.csv", "messages_archive_headers.csv", "checkfile.csv"})
    CHECK(r.out.fates.at(f).first == Fate::ignored);
  // Files no rule reads are left to be kept whole as `file` records.
  auto unclaimed = r.out.unclaimed(r.in);
  std::sort(unclaimed.begin(), unclaimed.end());
  CHECK(unclaimed == std::vector<std::string>{"birthdate.csv", "gilded_content.csv", "user_preferences.csv"});
}

TEST_CASE("reddit: posts and comments with their quirks", "[reddit]") {
  Run r(sample("reddit"));
  REQUIRE(r.out.of("post").size() == 3);
  const Record* truss = r.out.with("post", "title", "Truss loads, explained (with a sketch)");
  REQUIRE(truss);
  REQUIRE(truss->time);
  CHECK(format_rfc3339(*truss->time) == "2025-05-18T04:35:32Z");
  CHECK(truss->data["text"] == "Line one, with a comma.\nLine two with \"quotes\" and a 🌉.");
  CHECK_FALSE(truss->data.contains("links"));  // a self post links to itself
  CHECK(truss->data["raw"]["subreddit"] == "r/bridges");
  const Record* link = r.out.with("post", "title", "New span opened in Gdańsk");
  REQUIRE(link);
  CHECK(link->data["links"] == json::array({"https://example.org/news/gdansk-span"}));
  CHECK_FALSE(link->data.contains("text"));
  const Record* gone = r.out.with("post", "title", "An old question");
  REQUIRE(gone);
  CHECK(gone->data["deleted"] == true);
  CHECK_FALSE(gone->data.contains("text"));
  // The header repeated inside comments.csv is not a comment.
  REQUIRE(r.out.of("comment").size() == 3);
  const Record* reply = r.out.find("comment", [](const Record& c) { return c.data.value("parent", "") == "t1_kw0zzz"; });
  REQUIRE(reply);
  CHECK(reply->data["group"] == "r/AskEngineers");
  CHECK(reply->data["url"] == "https://www.reddit.com/r/AskEngineers/comments/9z9z9z/why_expansion_joints/");
  const Record* with_media = r.out.with("comment", "text", "Thanks all — adding a diagram.");
  REQUIRE(with_media);
  CHECK(with_media->data["media_urls"] == json::array({"https://i.redd.it/abcd1234efgh.png"}));
  const Record* removed = r.out.find("comment", [](const Record& c) { return !c.data.contains("text"); });
  REQUIRE(removed);
  CHECK(removed->data["raw"]["removed"] == true);
}

TEST_CASE("reddit: messages, chat, votes, saves, subreddits, friends, profile, logins", "[reddit]") {
  Run r(sample("reddit"));
  const Record* sent = r.out.with("message", "text", "Of course, credit welcome.");
  REQUIRE(sent);
  CHECK(sent->data["direction"] == "sent");  // statistics.csv comes after messages_archive.csv, yet names the account
  CHECK(sent->data["thread_id"] == "2m3n4o");
  CHECK(sent->data["to"][0]["username"] == "river_otter");
  // A deleted account's message is kept, its sender unknown.
  const Record* spam = r.out.with("message", "text", "(spam)");
  REQUIRE(spam);
  CHECK_FALSE(spam->data.contains("from"));
  CHECK(spam->data["direction"] == "received");
  const Record* chat = r.out.with("message", "parent", "c1");
  REQUIRE(chat);
  CHECK(chat->data["thread_title"] == "bridge_fan_42");
  CHECK(chat->data["direction"] == "sent");
  // Split vote files are one family; a withdrawn vote ("none") is counted, not kept.
  CHECK(r.out.of("reaction").size() == 4);
  CHECK(r.out.with("reaction", "reaction", "downvote"));
  CHECK(r.out.fates.at("post_votes_2.csv").second.find("1 withdrawn") != std::string::npos);
  CHECK(r.out.of("activity").size() == 3);
  CHECK(r.out.with("activity", "action", "hide"));
  CHECK(r.out.of("group").size() == 4);
  CHECK(r.out.with("group", "name", "r/civilengineering"));  // "r/" given or not, one form
  CHECK(r.out.with("group", "role", "moderator"));
  CHECK(r.out.of("contact").size() == 2);
  CHECK(r.out.with("contact", "note", "met at the Gdańsk conference"));
  REQUIRE(r.out.of("profile").size() == 1);
  const json& p = r.out.of("profile")[0]->data;
  CHECK(p["username"] == "ana_kowal_eng");
  CHECK(p["emails"][0]["address"] == "ana.kowal@example.org");
  CHECK(p["registered_at"] == "2019-04-02T18:20:11Z");
  CHECK(p["registration_ip"] == "198.51.100.7");
  CHECK(r.out.of("login").size() == 2);
  CHECK(r.out.with("login", "ip", "2001:db8::42"));
}

TEST_CASE("reddit: a broken file fails alone; a file without its key column fails", "[reddit]") {
  test::TempDir dir;
  dir.write("statistics.csv", "statistic,value\naccount name,u\n");
  dir.write("posts.csv", "id,permalink,date,ip,subreddit,gildings,title,url,body\np1,,2025-01-01 00:00:00 UTC,,a,0,t,,\"unterminated");
  dir.write("friends.csv", "name,note\nx,\n");
  dir.write("comments.csv", "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n,,,,,,,,orphan,\nc1,,,,,,,,kept,\n");
  Run r(dir.path());
  CHECK(r.out.fates.at("posts.csv").first == Fate::partial);
  CHECK(r.out.fates.at("friends.csv").first == Fate::failed);
  CHECK(r.out.fates.at("comments.csv").first == Fate::partial);  // the row without an id: warned, skipped
  CHECK(r.out.of("comment").size() == 1);
  CHECK(r.log.is_partial());
  CHECK(r.out.of("profile").size() == 1);
}

TEST_CASE("reddit: distinct in, distinct out", "[reddit][distinct]") {
  auto posts = [](const std::string& a, const std::string& b) {
    std::string head = "id,permalink,date,ip,subreddit,gildings,title,url,body\n";
    return std::vector<std::pair<std::string, std::string>>{
        {"statistics.csv", "statistic,value\naccount name,u\n"},
        {"posts.csv", head + a + ",,2025-01-01 00:00:00 UTC,,s,0,t,,body\n" + b + ",,2025-01-01 00:00:00 UTC,,s,0,t,,body\n"}};
  };
  CHECK(distinct_ids(read_reddit, posts("p1", "p2"), "post") == 2);
  CHECK(distinct_ids(read_reddit, posts("p1", "p1"), "post") == 1);
}
