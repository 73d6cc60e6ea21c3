#include <catch2/catch.hpp>

#include <algorithm>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_discord) {}
};

const std::string pkg = "discord-zofia_k-20250610/";

}  // namespace

TEST_CASE("discord: probe recognises both generations and nothing else", "[discord]") {
  CHECK(probe_discord(Archive({sample("discord")})) == 100);  // README.txt names the package
  CHECK(probe_discord(Archive({sample("discord-2021")})) == 95);
  CHECK(probe_discord(Archive({sample("chatgpt")})) == 0);  // a user.json at the root is not account/user.json
  CHECK(probe_discord(Archive({sample("reddit")})) == 0);
  CHECK(probe_discord(Archive({sample("mastodon")})) == 0);
  for (const char* s : {"discord", "discord-2021"}) {
    Detection d = detect(Archive({sample(s)}), "");
    REQUIRE(d.chosen);
    CHECK(std::string(d.chosen->name) == "discord");
  }
}

TEST_CASE("discord: every file is read, ignored, or kept", "[discord]") {
  Run r(sample("discord"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  CHECK(r.out.fates.at(pkg + "Account/user.json").first == Fate::parsed);
  CHECK(r.out.fates.at(pkg + "README.txt").first == Fate::ignored);
  CHECK(r.out.fates.at(pkg + "Activity/analytics/events-2025-00000-of-00001.json").second ==
        "6 events, 2 activity, 1 inference, 2 login, 1 off_platform");
  auto unclaimed = r.out.unclaimed(r.in);
  std::sort(unclaimed.begin(), unclaimed.end());
  CHECK(unclaimed == std::vector<std::string>{pkg + "Account/applications/1041760652089364582/application.json",
                                              pkg + "Activities/Activities_1/poker/poker.json",
                                              pkg + "Ads/quests_user_status.json",
                                              pkg + "Programs/hypesquad/application.json"});
}

TEST_CASE("discord: the account: profile, relationships, payments, notes, sessions", "[discord]") {
  Run r(sample("discord"));
  REQUIRE(r.out.of("profile").size() == 1);
  const json& p = r.out.of("profile")[0]->data;
  CHECK(p["name"] == "Zofia Kowalczyk 🌻");
  CHECK(p["username"] == "zofia_k");  // the tag "0" of the 2023 usernames is not a tag
  CHECK(p["registered_at"] == "2019-02-11T08:30:00Z");  // from the id's snowflake
  CHECK(p["emails"][0]["address"] == "zofia.k@example.org");
  CHECK(p["handles"][0] == json({{"service", "steam"}, {"username", "zofia_plays"}}));
  CHECK(p["avatar"]["mime"] == "image/png");
  CHECK(p["raw"]["settings"]["locale"] == "pl");  // unmapped members kept whole
  CHECK(p["raw"]["ip"] == "203.0.113.77");
  CHECK(r.out.of("contact").size() == 4);
  const Record* friend_ = r.out.with("contact", "relation", "friend");
  REQUIRE(friend_);
  CHECK(friend_->data["nickname"] == "Kasia 🐈");
  CHECK(friend_->data["name"] == "Katarzyna Wiśniewska");
  const Record* incoming = r.out.with("contact", "username", "山田太郎");
  REQUIRE(incoming);
  CHECK(incoming->data["relation"] == "request");
  CHECK(incoming->data["direction"] == "received");
  CHECK(r.out.with("contact", "relation", "blocked"));
  const Record* refund = r.out.with("activity", "status", "refunded");
  REQUIRE(refund);
  CHECK(refund->data["action"] == "purchase");
  CHECK(refund->data["raw"]["amount_refunded"] == 999);
  const Record* note = r.out.with("note", "title", "Note about katarzyna.w");
  REQUIRE(note);
  CHECK(note->data["text"] == "met at the Gdańsk meetup — likes climbing");
  const Record* session = r.out.find("login", [](const Record& x) { return x.data.value("method", "") == "session" && x.data.value("device", "") == "Android"; });
  REQUIRE(session);
  CHECK(session->data["ip"] == "2001:db8:77::1");
  CHECK(session->data["updated_at"] == "2025-06-09T21:15:00Z");
}

TEST_CASE("discord: messages in JSON and CSV, named by the index and the channels", "[discord]") {
  Run r(sample("discord"));
  REQUIRE(r.out.of("message").size() == 10);  // 7 messages, 3 of a support ticket
  const Record* hi = r.out.with("message", "text", "Cześć! Idziesz jutro na ściankę? 🧗");
  REQUIRE(hi);
  REQUIRE(hi->time);
  CHECK(format_rfc3339(*hi->time) == "2025-06-01T19:04:05Z");
  CHECK(hi->data["thread_type"] == "DM");
  CHECK(hi->data["group_chat"] == false);
  CHECK(hi->data["thread_title"] == "Direct Message with katarzyna.w#0");
  CHECK(hi->data["direction"] == "sent");
  CHECK(hi->data["from"]["username"] == "zofia_k");
  CHECK(hi->data["to"] == json::array({{{"url", "https://discord.com/users/452078862336000001"}, {"username", "katarzyna.w"}}}));
  // The ID is a bare JSON number past 2^53: kept to the digit.
  CHECK(hi->data["raw"]["id"] == "1378811358740480101");
  const Record* pics = r.out.find("message", [](const Record& m) { return m.data.contains("attachments"); });
  REQUIRE(pics);
  CHECK(pics->data["attachments"].size() == 2);
  CHECK_FALSE(pics->data.contains("text"));
  const Record* guild = r.out.with("message", "thread_title", "ogólny in Kraków Climbing");
  REQUIRE(guild);
  CHECK(guild->data["raw"]["guild"] == "Kraków Climbing");
  CHECK(guild->data["raw"]["url"] == "https://discord.com/channels/510966890496000031/572935215513600023/1081184197017600301");

  Run old(sample("discord-2021"));
  CHECK(old.log.warnings() == 0);
  const Record* catan = old.out.with("message", "text", "Hallo Jörg, \"Catan\" heute?\nZweite Zeile 🎲");
  REQUIRE(catan);
  CHECK(format_rfc3339(*catan->time) == "2020-08-25T22:54:05.726000Z");  // the source digits kept
  CHECK(catan->data["thread_type"] == "DM");  // type 1
  CHECK(catan->data["from"]["username"] == "Lukas#4821");
  CHECK(old.out.with("message", "thread_type", "GROUP_DM"));  // messages/<id>/ without the c
  CHECK(old.out.of("group").size() == 1);
}

TEST_CASE("discord: servers, audit log, ad traits, tickets", "[discord]") {
  Run r(sample("discord"));
  CHECK(r.out.of("group").size() == 2);
  CHECK(r.out.with("group", "name", "Ελληνικά για αρχάριους"));
  const Record* ban = r.out.with("activity", "type", "member_ban_add");
  REQUIRE(ban);
  CHECK(ban->data["text"] == "spam w #ogólny");
  CHECK(ban->data["name"] == "Kraków Climbing");
  const Record* age = r.out.find("inference", [](const Record& x) { return x.data.value("category", "") == "age_group"; });
  REQUIRE(age);
  CHECK(age->data["value"] == "25-34");
  CHECK(r.out.find("inference", [](const Record& x) { return x.data.value("value", "") == "Stardew Valley"; }));
  const Record* reply = r.out.with("message", "text", "Dzień dobry, prosimy o kody zapasowe.");
  REQUIRE(reply);
  CHECK(reply->data["thread_id"] == "ticket:38000001");
  CHECK(reply->data["from"]["name"] == "Discord Support");
}

TEST_CASE("discord: the activity events become logins, detections, inferences and activities", "[discord]") {
  Run r(sample("discord"));
  const Record* login = r.out.with("login", "method", "login_successful");
  REQUIRE(login);
  CHECK(format_rfc3339(*login->time) == "2025-05-01T18:00:01.250Z");  // the quoted timestamp
  CHECK(login->data["location"] == "Kraków, 12, PL");
  CHECK(login->data["ip"] == "203.0.113.77");
  const Record* game = r.out.with("off_platform", "app", "Baldur's Gate 3");
  REQUIRE(game);
  CHECK(game->data["event"] == "launch_game");
  const Record* gender = r.out.find("inference", [](const Record& x) { return x.data.value("category", "") == "predicted_gender"; });
  REQUIRE(gender);
  CHECK(gender->data["value"] == "female");
  CHECK(gender->data["raw"]["prob_male"] == 0.17);
  CHECK(r.out.with("inference", "category", "predicted_age"));
  // Two reactions alike but for their emoji and event id: two records.
  CHECK(r.out.find("activity", [](const Record& x) { return x.data.value("action", "") == "add_reaction" && x.data["raw"]["emoji_name"] == "🐈"; }));
  CHECK(r.out.find("activity", [](const Record& x) { return x.data.value("action", "") == "add_reaction" && x.data["raw"]["emoji_name"] == "🧗"; }));
}

TEST_CASE("discord: a broken file fails alone; a bad line or row is warned and skipped", "[discord]") {
  test::TempDir dir;
  dir.write("account/user.json", "{\"id\": \"544434919833600007\", \"username\": \"u\", \"discriminator\": \"0\"}");
  dir.write("messages/index.json", "{\"1\": \"general in S\"}");
  dir.write("messages/c1/channel.json", "{\"id\": \"1\", \"type\": 0, \"name\": \"general\"");  // cut
  dir.write("messages/c1/messages.json", "[{\"ID\": 10, \"Timestamp\": \"2024-01-01 00:00:00\", \"Contents\": \"ok\", \"Attachments\": \"\"}, {\"Timestamp\": \"x\"}]");
  dir.write("messages/c2/messages.csv", "ID,Timestamp,Contents,Attachments\n11,2024-01-01 00:00:00+00:00,fine,\n,2024-01-01 00:00:01+00:00,no id,\n");
  dir.write("activity/analytics/events-2024-00000-of-00001.json",
            "{\"event_type\": \"app_opened\", \"event_id\": \"a\", \"timestamp\": \"\\\"2024-01-01T00:00:00Z\\\"\"}\n{\"event_type\": \"cut\n\n");
  dir.write("servers/9/audit-log.json", "{not json");
  Run r(dir.path());
  CHECK(r.out.fates.at("messages/c1/channel.json").first == Fate::failed);
  CHECK(r.out.fates.at("messages/c1/messages.json").first == Fate::partial);
  CHECK(r.out.fates.at("messages/c2/messages.csv").first == Fate::partial);
  CHECK(r.out.fates.at("activity/analytics/events-2024-00000-of-00001.json").first == Fate::partial);
  CHECK(r.out.fates.at("servers/9/audit-log.json").first == Fate::failed);
  CHECK(r.out.fates.at("account/user.json").first == Fate::parsed);
  CHECK(r.out.of("message").size() == 2);
  CHECK(r.out.of("login").size() == 1);
  CHECK(r.log.is_partial());
}

TEST_CASE("discord: distinct in, distinct out", "[discord][distinct]") {
  auto messages = [](const std::string& a, const std::string& b) {
    return std::vector<std::pair<std::string, std::string>>{
        {"account/user.json", "{\"id\": \"1\", \"username\": \"u\"}"},
        {"messages/c5/messages.json", "[{\"ID\": " + a + ", \"Timestamp\": \"2024-01-01 00:00:00\", \"Contents\": \"same\"}, {\"ID\": " + b +
                                          ", \"Timestamp\": \"2024-01-01 00:00:00\", \"Contents\": \"same\"}]"}};
  };
  CHECK(distinct_ids(read_discord, messages("1378795999916032101", "1378795999916032102"), "message") == 2);
  CHECK(distinct_ids(read_discord, messages("1378795999916032101", "1378795999916032101"), "message") == 1);
  auto events = [](const std::string& a, const std::string& b) {
    std::string line = "{\"event_type\": \"add_reaction\", \"event_id\": \"";
    return std::vector<std::pair<std::string, std::string>>{
        {"account/user.json", "{\"id\": \"1\", \"username\": \"u\"}"},
        {"activity/analytics/events-2024-00000-of-00001.json", line + a + "\"}\n" + line + b + "\"}\n"}};
  };
  CHECK(distinct_ids(read_discord, events("AQ1", "AQ2"), "activity") == 2);
  CHECK(distinct_ids(read_discord, events("AQ1", "AQ1"), "activity") == 1);
}
