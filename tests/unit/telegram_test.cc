#include <catch2/catch.hpp>

#include "ingest/detect.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/log.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_telegram) {}
};

const std::string full = "DataExport_2024-05-01/";

const Record* message(const CollectSink& out, const std::string& thread, const std::string& id) {
  return out.find("message", [&](const Record& r) { return r.data["thread_id"] == thread && r.data["raw"]["id"] == id; });
}

// A Stream over a string, for the tree scanner.
struct TextStream : Stream {
  explicit TextStream(std::string t) : text(std::move(t)) {}
  size_t read(char* buf, size_t n) override {
    size_t k = std::min(n, text.size() - at);
    text.copy(buf, k, at);
    at += k;
    return k;
  }
  std::string text;
  size_t at = 0;
};

}  // namespace

TEST_CASE("telegram: probe recognises the JSON export, one chat, the HTML export, and nothing else", "[telegram]") {
  CHECK(probe_telegram(Archive({sample("telegram")})) == 100);
  CHECK(probe_telegram(Archive({sample("telegram-2020")})) == 90);
  CHECK(probe_telegram(Archive({sample("telegram-html")})) == 80);
  CHECK(probe_telegram(Archive({sample("mastodon")})) == 0);
  CHECK(probe_telegram(Archive({sample("chatgpt")})) == 0);
  Detection d = detect(Archive({sample("telegram")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "telegram");
}

TEST_CASE("telegram: every file of the full export is read or stored", "[telegram]") {
  Run r(sample("telegram"));
  CHECK(r.log.warnings() == 0);
  CHECK_FALSE(r.log.is_partial());
  REQUIRE(r.out.fates.count(full + "result.json"));
  CHECK(r.out.fates.at(full + "result.json").first == Fate::parsed);
  CHECK(r.out.fates.at(full + "result.json").second.find("24 messages in 4 chats") != std::string::npos);
  CHECK(r.out.unclaimed(r.in).size() == 0);
  // The photo of message 114 is named but not in the export.
  CHECK(r.out.missing_paths == std::vector<std::string>{full + "chats/chat_001/photos/photo_2@02-05-2024_09-30-00.jpg"});
  CHECK(r.out.of("message").size() == 24);
}

TEST_CASE("telegram: messages with their text, entities, files, replies and events", "[telegram]") {
  Run r(sample("telegram"));
  const Record* first = message(r.out, "user:5550002222", "101");
  REQUIRE(first);
  CHECK(format_rfc3339(*first->time) == "2024-05-01T10:00:00Z");  // date_unixtime, not the local date
  CHECK(first->data["direction"] == "sent");
  CHECK(first->data["to"] == json::array({{{"name", "Zoë Adeyemi"}}}));
  CHECK(first->data["thread_title"] == "Zoë Adeyemi");
  CHECK(first->data["text"] == "Bist du morgen beim Treffen? 🚲");

  const Record* photo = message(r.out, "user:5550002222", "102");
  REQUIRE(photo);
  CHECK(photo->data["direction"] == "received");
  CHECK(photo->data["from"]["name"] == "Zoë Adeyemi");
  REQUIRE(photo->data["attachments"].size() == 1);
  CHECK(photo->data["attachments"][0]["path"] == full + "chats/chat_001/photos/photo_1@01-05-2024_10-00-00.jpg");
  CHECK(photo->data["attachments"][0]["type"] == "photo");
  CHECK(photo->data["attachments"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(photo->data["raw"]["reply_to_message_id"] == 101);
  CHECK(photo->data["reactions"] == json::array({{{"actor", {{"name", "Ana Kovač"}}}, {"reaction", "👍"}}}));

  const Record* entities = message(r.out, "user:5550002222", "104");
  REQUIRE(entities);
  CHECK(entities->data["text"] == "Treffpunkt: Rheinauhafen um 10 Uhr, Karte: hier und https://example.org/wetter cc @jordan_pike");
  CHECK(entities->data["links"] == json::array({"https://example.org/karte/rheinauhafen", "https://example.org/wetter"}));
  CHECK(entities->data["raw"]["edited"] == "2024-05-01T10:08:00Z");

  // tdesktop's \x0B escape is read, not a broken item.
  const Record* vt = message(r.out, "user:5550002222", "110");
  REQUIRE(vt);
  CHECK(vt->data["text"] == "Zeile eins\vZeile zwei (aus einem Formular kopiert)");

  const Record* left_out = message(r.out, "user:5550002222", "111");
  REQUIRE(left_out);
  CHECK(left_out->data["attachments"] == json::array({{{"name", "photo"}, {"type", "photo"},
                                                       {"note", "(File not included. Change data exporting settings to download.)"}}}));
  const Record* video = message(r.out, "user:5550002222", "112");
  REQUIRE(video);
  REQUIRE(video->data["attachments"].size() == 2);  // the video left out, its thumbnail kept
  CHECK(video->data["attachments"][0]["type"] == "video_file");
  CHECK_FALSE(video->data["attachments"][0].contains("sha256"));
  CHECK(video->data["attachments"][1]["type"] == "thumbnail");
  CHECK(video->data["attachments"][1].contains("sha256"));

  const Record* missed = message(r.out, "user:5550002222", "108");
  REQUIRE(missed);
  CHECK(missed->data["event"] == "phone_call");
  CHECK(missed->data["call"] == json{{"missed", true}});
  CHECK(missed->data["text"] == "Zoë Adeyemi called (missed)");
  const Record* call = message(r.out, "user:5550002222", "109");
  REQUIRE(call);
  CHECK(call->data["call"] == json{{"duration", 312}});
  CHECK(call->data["direction"] == "sent");

  const Record* unsupported = message(r.out, "user:5550002222", "113");
  REQUIRE(unsupported);
  CHECK_FALSE(unsupported->time);
  CHECK_FALSE(unsupported->data.contains("to"));
  CHECK(unsupported->data["raw"]["note"] == "Telegram Desktop could not export this message");

  // The supergroup: events with members, a file with its name, a poll kept in raw.
  const Record* created = message(r.out, "channel:1700000001", "1");
  REQUIRE(created);
  CHECK(created->data["event"] == "create_group");
  CHECK(created->data["users"] == json::array({{{"name", "Ana Kovač"}}, {{"name", "Deleted Account"}}}));
  CHECK(created->data["group_chat"] == true);
  const Record* pdf = message(r.out, "channel:1700000001", "3");
  REQUIRE(pdf);
  CHECK(pdf->data["attachments"][0]["name"] == "Protokoll Mai 2024.pdf");
  const Record* poll = message(r.out, "channel:1700000001", "7");
  REQUIRE(poll);
  CHECK(poll->data["from"]["name"] == "Deleted Account");
  CHECK(poll->data["raw"]["poll"]["answers"][0]["text"] == "Eifel");

  // Saved messages are the person's own; the left channel keeps its signature.
  const Record* saved = message(r.out, "user:5550001111", "1");
  REQUIRE(saved);
  CHECK(saved->data["direction"] == "sent");
  CHECK(saved->data["thread_title"] == "Saved Messages");
  const Record* post = message(r.out, "channel:1800000002", "41");
  REQUIRE(post);
  CHECK(post->data["raw"]["author"] == "Редакция");
}

TEST_CASE("telegram: profile, contacts, frequent contacts, sessions, groups, stories, other data", "[telegram]") {
  Run r(sample("telegram"));
  REQUIRE(r.out.of("profile").size() == 1);
  const Record& me = *r.out.of("profile")[0];
  CHECK(me.data["name"] == "Ana Kovač");
  CHECK(me.data["username"] == "@ana_kovac");
  CHECK(me.data["url"] == "https://t.me/ana_kovac");
  CHECK(me.data["phones"] == json::array({{{"number", "+49 151 00000001"}}}));
  CHECK(me.data["avatar"]["path"] == full + "profile_pictures/photo_2@10-03-2024_08-00-00.jpg");
  CHECK(me.data["media"].size() == 2);

  REQUIRE(r.out.of("contact").size() == 7);  // 4 contacts, 3 frequent users (the frequent group is its group record)
  const Record* zoe = r.out.find("contact", [](const Record& c) { return c.data["relation"] == "contact" && c.data.value("name", "") == "Zoë Adeyemi"; });
  REQUIRE(zoe);
  CHECK(zoe->data["relation"] == "contact");
  CHECK(zoe->data["phones"] == json::array({{{"number", "+44 7700 900123"}}}));
  CHECK(format_rfc3339(*zoe->time) == "2022-06-01T10:00:00Z");
  const Record* nameless = r.out.find("contact", [](const Record& c) { return c.data["relation"] == "contact" && !c.data.contains("name"); });
  REQUIRE(nameless);
  CHECK(nameless->data["note"] == "Telegram exported this contact with its date only");

  CHECK(r.out.of("inference").empty());
  const Record* bot = r.out.with("contact", "name", "gif");
  REQUIRE(bot);
  CHECK(bot->data["relation"] == "frequent_contact");
  CHECK(bot->data["note"] == "Telegram's rating among the inline bots the person uses most: 0.3456");
  CHECK_FALSE(r.out.with("contact", "name", "Fahrradclub Köln 🚲"));
  CHECK(r.out.with("group", "name", "Fahrradclub Köln 🚲")->data["raw"]["frequent"] ==
        json::array({{{"category", "people"}, {"rating", "4.5"}}}));

  REQUIRE(r.out.of("login").size() == 3);
  const Record* desktop = r.out.with("login", "ip", "198.51.100.23");
  REQUIRE(desktop);
  CHECK(desktop->data["app"] == "Telegram Desktop 4.16.8");
  CHECK(desktop->data["device"] == "ThinkPad X1");
  CHECK(desktop->data["location"] == "North Rhine-Westphalia, Germany");
  CHECK(desktop->data["updated_at"] == "2024-05-01T10:11:00Z");
  CHECK(format_rfc3339(*desktop->time) == "2023-09-01T08:00:00Z");
  const Record* web = r.out.with("login", "method", "web_session");
  REQUIRE(web);
  CHECK(web->data["site"] == "forum.example.org");

  REQUIRE(r.out.of("group").size() == 2);
  CHECK(r.out.with("group", "name", "Fahrradclub Köln 🚲")->data["role"] == "member");
  CHECK(r.out.with("group", "name", "Канал новостей 📰")->data["role"] == "left");
  CHECK(r.out.with("group", "name", "Канал новостей 📰")->source.pointer == "/left_chats/list/0");

  REQUIRE(r.out.of("post").size() == 1);
  CHECK(r.out.of("post")[0]->data["type"] == "story");
  CHECK(r.out.of("post")[0]->data["media"].size() == 1);
  REQUIRE(r.out.of("note").size() == 2);
  CHECK(r.out.with("note", "title", "changes_log"));
  // Every file of the export is named by a record: nothing is left to be a bare media record.
  CHECK(r.out.of("media").empty());
}

TEST_CASE("telegram: the older generation, one chat, local times", "[telegram]") {
  Run r(sample("telegram-2020"));
  CHECK(r.log.warnings() == 1);  // local times read as UTC, said once
  CHECK_FALSE(r.log.is_partial());
  REQUIRE(r.out.of("message").size() == 7);
  const Record* reply = message(r.out, "user:5550003333", "2002");
  REQUIRE(reply);
  CHECK(format_rfc3339(*reply->time) == "2020-11-02T14:18:30Z");
  CHECK(reply->data["raw"]["local_time"] == "2020-11-02T14:18:30");
  CHECK(reply->data["raw"]["from_id"] == "user5550001111");
  // One chat: no personal information, but what the chat's peer did not send is the person's.
  CHECK(reply->data["direction"] == "sent");
  CHECK(reply->data["to"] == json::array({{{"name", "Jordan Pike"}}}));
  CHECK(message(r.out, "user:5550003333", "2001")->data["direction"] == "received");
  CHECK(message(r.out, "user:5550003333", "2003")->data["to"] == json::array({{{"name", "Ana Kovač"}}}));
  CHECK(reply->data["text"] == "Yes! Weather permitting — see the forecast");
  CHECK(reply->data["links"] == json::array({"https://example.org/forecast"}));
  CHECK(reply->data["raw"]["edited"] == "2020-11-02T14:19:00Z");
  const Record* photo = message(r.out, "user:5550003333", "2003");
  REQUIRE(photo);
  CHECK(photo->data["attachments"][0]["path"] == "ChatExport_2020-11-02/photos/photo_3@02-11-2020_14-20-00.jpg");
  CHECK(r.out.of("group").empty());
}

TEST_CASE("telegram: the HTML export is recognised, skipped with the way out, its interface ignored", "[telegram]") {
  Run r(sample("telegram-html"));
  const std::string dir = "ChatExport_2023-01-08/";
  REQUIRE(r.out.fates.count(dir + "messages.html"));
  CHECK(r.out.fates.at(dir + "messages.html").first == Fate::skipped);
  CHECK(r.out.fates.at(dir + "messages.html").second.find("2 messages of Telegram's HTML export, not imported: export again with Format: Machine-readable JSON") == 0);
  for (const char* f : {"css/style.css", "js/script.js", "images/back.png"}) CHECK(r.out.fates.at(dir + f).first == Fate::ignored);
  CHECK(r.out.fates.at(dir + "photos/photo_1@08-01-2023_11-00-00.jpg").first == Fate::parsed);
  CHECK(r.out.of("media").size() == 1);
  CHECK(r.out.unclaimed(r.in).empty());
}

TEST_CASE("telegram: a broken result.json keeps what came before the break; a bad message fails alone", "[telegram]") {
  test::TempDir dir;
  std::string head = R"({"about": "x", "personal_information": {"user_id": 7, "first_name": "A"}, "chats": {"about": "y", "list": [)"
                     R"({"name": "B", "type": "personal_chat", "id": 8, "messages": [)";
  std::string good = R"({"id": 1, "type": "message", "date": "2024-01-01T00:00:00", "date_unixtime": "1704067200", "from": "A", "from_id": "user7", "text": "hi"})";
  dir.write("a/result.json", head + good + R"(, {"id": 2, "type": "message", "text": "oops\q"}, )" + good.substr(0, 7) + "3" + good.substr(8) + "]}]}}");
  dir.write("b/result.json", head + good + ", {\"id\": 2, \"text\": \"cut");
  {
    Run r(dir.path() + "/a");
    CHECK(r.out.fates.at("result.json").first == Fate::partial);
    CHECK(r.out.of("message").size() == 2);
    CHECK(r.out.of("profile").size() == 1);
  }
  {
    Run r(dir.path() + "/b");
    CHECK(r.out.fates.at("result.json").first == Fate::partial);
    CHECK(r.out.of("message").size() == 1);
    CHECK(r.out.of("profile").size() == 1);  // written before the break
    CHECK(r.log.is_partial());
  }
}

TEST_CASE("telegram: distinct in, distinct out", "[telegram][distinct]") {
  auto chat = [](const std::string& a, const std::string& b) {
    auto m = [](const std::string& id) {
      return R"({"id": )" + id + R"(, "type": "message", "date_unixtime": "1704067200", "from": "A", "from_id": "user7", "text": "same"})";
    };
    return std::vector<std::pair<std::string, std::string>>{
        {"result.json", R"({"name": "B", "type": "personal_chat", "id": 8, "messages": [)" + m(a) + ", " + m(b) + "]}"}};
  };
  CHECK(distinct_ids(read_telegram, chat("1", "2"), "message") == 2);
  CHECK(distinct_ids(read_telegram, chat("1", "1"), "message") == 1);
  // The same message id in two chats of one export is two messages.
  std::string two = R"({"about": "x", "chats": {"about": "y", "list": [)"
                    R"({"name": "B", "type": "personal_chat", "id": 8, "messages": [{"id": 1, "type": "message", "text": "t"}]},)"
                    R"({"name": "G", "type": "private_group", "id": 8, "messages": [{"id": 1, "type": "message", "text": "t"}]}]}})";
  CHECK(distinct_ids(read_telegram, {{"result.json", two}}, "message") == 2);
}
