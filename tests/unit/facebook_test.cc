#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

const std::string fb = SOURCE_DIR "/samples/facebook/";

struct Run : ImportRun {
  explicit Run(const std::vector<std::string>& paths) : ImportRun(paths, read_facebook) {}
  std::set<std::string> ids(const std::string& kind) const {
    std::set<std::string> s;
    for (const Record* r : out.of(kind)) s.insert(r->id);
    return s;
  }
};

std::vector<std::string> grouped_2023() {
  return {fb + "grouped-2023/1of2-facebook-100010947246070-05_12_2023-RIBP7sSP",
          fb + "grouped-2023/2of2-facebook-100010947246070-05_12_2023-RIBP7sSP"};
}
std::vector<std::string> yfa_2024() {
  return {fb + "yfa-2024/facebook-anakovac90-2024-06-04-Ab12Cd34", fb + "yfa-2024/messages-e2ee"};
}

}  // namespace

TEST_CASE("facebook probe recognises every era and nothing else", "[facebook]") {
  CHECK(probe_facebook(Archive({fb + "flat-2020"})) >= 80);
  CHECK(probe_facebook(Archive(grouped_2023())) == 95);
  CHECK(probe_facebook(Archive(yfa_2024())) == 95);
  CHECK(probe_facebook(Archive({fb + "yfa-2024/messages-e2ee"})) == 60);
  CHECK(probe_facebook(Archive({fb + "html-2024"})) == 95);
  CHECK(probe_facebook(Archive({SOURCE_DIR "/samples/linkedin"})) == 0);
}

TEST_CASE("facebook flat pre-2022 export", "[facebook]") {
  Run r({fb + "flat-2020"});
  CHECK(r.out.unclaimed(r.in).empty());
  for (const auto& [path, verdict] : r.out.fates) {
    INFO(path);
    CHECK(verdict.first != Fate::failed);
    if (verdict.first == Fate::ignored) CHECK_FALSE(verdict.second.empty());
  }
  CHECK_FALSE(r.log.is_partial());

  // Mojibake repaired, emoji whole; the photo metadata kept; the missing cover photo keeps its uri.
  const Record* post = r.out.with("post", "text", "Bonne ann\xC3\xA9" "e from Lyon! \xF0\x9F\x8E\x89");
  REQUIRE(post);
  CHECK(post->data["title"] == "Ana Kova\xC4\x8D updated her status.");
  REQUIRE(post->data["media"].size() == 1);
  const json& m = post->data["media"][0];
  CHECK(m["upload_ip"] == "203.0.113.7");
  CHECK(m["taken_at"] == "2020-01-01T09:13:20Z");
  CHECK(m["lat"] == 45.764);
  CHECK(m["mime"] == "image/jpeg");
  CHECK(m["sha256"].get<std::string>().size() == 64);
  CHECK(r.out.find("post", [](const Record& x) { return x.data.contains("media_urls"); }));
  // A check-in gives a place with coordinates; a post dated 0 has no time.
  const Record* place = r.out.with("place", "name", "Caf\xC3\xA9 des Artistes");
  REQUIRE(place);
  CHECK(place->data["lat"] == 45.7601);
  const Record* undated = r.out.with("post", "text", "A post Meta lost the date of");
  REQUIRE(undated);
  CHECK_FALSE(undated->time);
  // The photo named by a post and an album is copied once.
  CHECK(r.out.media_copies == 6);

  // Messenger: millisecond times, reactions, calls, unsent markers, stickers, shares.
  const Record* msg = r.out.with("message", "text", "See you at 8 \xF0\x9F\x98\x85");
  REQUIRE(msg);
  CHECK(msg->service == "messenger");
  CHECK(format_rfc3339(*msg->time) == "2020-01-26T00:58:20.123Z");
  CHECK(msg->data["thread_id"] == "10153029279158403");
  CHECK(msg->data["reactions"][0]["reaction"] == "\xE2\x9D\xA4");
  CHECK(r.out.find("message", [](const Record& x) { return x.data.value("unsent", false); }));
  CHECK(r.out.find("message", [](const Record& x) { return x.data.contains("call") && x.data["call"].value("missed", false); }));
  CHECK(r.out.find("message", [](const Record& x) {
    return x.data.contains("attachments") && x.data["attachments"][0]["type"] == "sticker";
  }));
  CHECK(r.out.with("message", "folder", "archived_threads"));
  CHECK(r.out.with("message", "folder", "message_requests"));

  const Record* profile = r.out.of("profile").at(0);
  CHECK(profile->data["name"] == "Ana Kova\xC4\x8D");
  CHECK(profile->data["birthday"] == "1990-03-14");
  CHECK(profile->data["registered_at"] == "2008-01-01T00:00:00Z");
  CHECK(profile->data["emails"][0]["address"] == "ana.kovac@example.com");
  CHECK(r.out.with("position", "company", "Atelier Zo\xC3\xAB"));
  CHECK(r.out.with("education", "school", "Universit\xC3\xA9 Lumi\xC3\xA8re Lyon 2"));
  CHECK(r.out.of("contact").size() == 9);  // 2 friends, 4 requests/removed, follower, following, family
  CHECK(r.out.with("contact", "status", "rejected"));
  CHECK(r.out.of("off_platform").size() == 2);
  CHECK(r.out.of("login").size() == 4);
  CHECK(r.out.with("inference", "value", "\xC3\x89" "conomie"));
  CHECK(r.out.with("activity", "query", "caf\xC3\xA9 des artistes"));  // the file starts with a BOM
  CHECK(r.out.with("location", "name", "Zagreb"));
  CHECK(r.out.with("activity", "action", "pokes"));                     // generic reader
}

TEST_CASE("facebook 2022-23 export in two parts", "[facebook]") {
  Run r(grouped_2023());
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK_FALSE(r.log.is_partial());
  // Posts in part 1, their media in part 2, one with an old "photos_and_videos/" prefix.
  const Record* post = r.out.with("post", "text", "Throwback \xF0\x9F\x9A\xB2");
  REQUIRE(post);
  REQUIRE(post->data.contains("media"));
  CHECK(post->data["media"][0]["path"] == "your_activity_across_facebook/posts/media/Mobileuploads_4412/345600_8000_n.jpg");
  const Record* video_post = r.out.with("post", "text", "Printemps \xC3\xA0 la Croix-Rousse \xF0\x9F\x8C\xB8");
  REQUIRE(video_post);
  CHECK(video_post->data["media"][1]["thumbnail"]["mime"] == "image/jpeg");
  CHECK(r.out.media_copies == 5);
  // Namesakes stay apart (friends have names only).
  CHECK(r.ids("contact").size() == r.out.of("contact").size());
  CHECK(r.out.with("message", "folder", "e2ee_cutover"));
  CHECK(r.out.with("message", "folder", "filtered_threads"));
  CHECK(r.out.with("event", "response", "host"));
  CHECK(r.out.with("event", "response", "invited"));
  CHECK(r.out.with("event", "response", "interested"));
  CHECK(r.out.with("group", "name", "Croix-Rousse Entraide"));
  CHECK(r.out.with("comment", "group", "Croix-Rousse Entraide"));
  CHECK(r.out.with("post", "type", "group_post"));
  CHECK(r.out.with("reaction", "reaction", "love"));
  CHECK(r.out.with("contact", "type", "page"));
  CHECK(r.out.with("note", "title", "Liste v\xC3\xA9lo"));
  CHECK(r.out.with("inference", "value", "Europe/Paris"));
  CHECK(r.out.with("advertiser", "relation", "custom_audience"));
  const Record* off = r.out.with("off_platform", "event", "custom");
  REQUIRE(off);
  CHECK_FALSE(off->time);  // timestamp 0
  CHECK(r.out.fates.at("logged_information/other_logged_information/friend_peer_group.json").first == Fate::ignored);
  CHECK(r.out.of("profile").at(0)->data["birthday"] == "--03-14");  // no year given
}

TEST_CASE("facebook 2024 export with label_values and the E2EE download merged", "[facebook]") {
  Run r(yfa_2024());
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK_FALSE(r.log.is_partial());
  // Dutch label_values records.
  CHECK(r.out.with("reaction", "reaction", "like"));
  const Record* bare = r.out.with("reaction", "reaction", "haha");  // a one-record file with a bare object
  REQUIRE(bare);
  CHECK(bare->data["fbid"] == "5555555555555555555");
  CHECK(r.out.with("activity", "query", "fietsenmaker lyon"));
  CHECK(r.out.with("inference", "value", "Lyon, Auvergne-Rh\xC3\xB4ne-Alpes"));
  CHECK(r.out.with("inference", "value", "Koffie"));
  CHECK(r.out.of("off_platform").size() == 2);
  const Record* session = r.out.with("login", "device", "Linux-pc");
  REQUIRE(session);
  CHECK(session->data["ip"] == "203.0.113.9");
  CHECK(r.out.with("post", "type", "event"));
  CHECK(r.out.with("post", "type", "check_in"));

  // The E2EE download joins the DYI thread, and the message both hold is read once.
  std::set<std::string> ids;
  for (const Record* m : r.out.of("message")) CHECK(ids.insert(m->id).second);
  const Record* e2ee = r.out.with("message", "text", "Top, tot zo \xF0\x9F\x91\x8D");
  REQUIRE(e2ee);
  CHECK(e2ee->data["thread_id"] == "10153029279158403");
  CHECK(e2ee->data["folder"] == "e2ee");
  const Record* both = r.out.with("message", "text", "See you at 8 \xF0\x9F\x98\x85");
  REQUIRE(both);
  CHECK(both->data["folder"] == "e2ee_cutover");
  CHECK(r.out.find("message", [](const Record& x) { return x.data["folder"] == "e2ee" && x.data.value("unsent", false); }));
  // Same bytes under two names (a DYI video thumbnail and an E2EE photo): one sha256.
  std::set<std::string> shas;
  int64_t refs = 0;
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object() && j.contains("sha256")) {
      shas.insert(j["sha256"].get<std::string>());
      ++refs;
    }
    if (j.is_object() || j.is_array())
      for (const auto& x : j) walk(x);
  };
  for (const auto& rec : r.out.records) walk(rec.data);
  CHECK(refs > static_cast<int64_t>(shas.size()));
}

TEST_CASE("facebook HTML export: a clear message, photos and videos kept", "[facebook]") {
  Archive in({fb + "html-2024"});
  CollectSink out;
  Log log(Verbosity::quiet, false);
  read_facebook(in, out, log);
  REQUIRE(log.kept().size() == 1);
  CHECK(log.kept()[0].find("Format: JSON") != std::string::npos);
  CHECK(out.of("media").size() == 2);
  CHECK(out.records.size() == 2);
  CHECK(out.unclaimed(in).empty());
  CHECK(out.fates.at("facebook-anakovac90-2024-06-04-Zz98Yy76/start_here.html").first == Fate::skipped);  // data not imported
}

TEST_CASE("facebook: a Messenger-only download is recognised, in both layouts", "[facebook]") {
  Archive only({fb + "messenger-only"});
  Detection d = detect(only, "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "facebook");
  Run r({fb + "messenger-only"});
  CHECK(r.out.of("message").size() == 4);
  // The 2022-23 layout puts the same folders under your_activity_across_facebook/.
  test::TempDir tmp;
  std::string text = R"({"participants":[{"name":"A"},{"name":"B"}],"messages":[{"sender_name":"A","timestamp_ms":1700000000000,"content":"hi"}],"title":"A","is_still_participant":true,"thread_path":"inbox/a_1"})";
  tmp.write("your_activity_across_facebook/messages/inbox/a_1/message_1.json", text);
  CHECK(std::string(detect(Archive({tmp.path()}), "").chosen->name) == "facebook");
  // Instagram's 2022 tree has the same messages/inbox folders and stays instagram.
  CHECK(std::string(detect(Archive({SOURCE_DIR "/samples/instagram/categories-2022"}), "").chosen->name) ==
        "instagram");
}

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// A Facebook export folder holding one file of two items.
Files fb_file(const std::string& path, const std::string& a, const std::string& b) {
  return {{"your_facebook_activity/" + path, "[" + a + "," + b + "]"}};
}

}  // namespace

TEST_CASE("facebook: distinct in, distinct out", "[facebook][distinct]") {
  // Two title-only posts of one second ("… recomienda The Hobbit." / "… recomienda Bajo las Ruedas.").
  auto post = [](const std::string& title) { return R"({"timestamp": 1700000000, "title": ")" + title + R"("})"; };
  const std::string posts = "posts/your_posts__check_ins__photos_and_videos_1.json";
  CHECK(distinct_ids(read_facebook, fb_file(posts, post("Ana recomienda The Hobbit."), post("Ana recomienda Bajo las Ruedas.")), "post") == 2);
  CHECK(distinct_ids(read_facebook, fb_file(posts, post("Ana recomienda The Hobbit."), post("Ana recomienda The Hobbit.")), "post") == 1);
  // Two posts that differ only in the text of their attachment card.
  auto card = [](const std::string& text) {
    return R"({"timestamp": 1700000000, "attachments": [{"data": [{"text": ")" + text + R"("}]}]})";
  };
  CHECK(distinct_ids(read_facebook, fb_file(posts, card("Song A"), card("Song B")), "post") == 2);
  // Comments with a photo and no text, on two posts.
  auto comment = [](const std::string& title) {
    return R"({"timestamp": 1700000000, "title": ")" + title + R"(", "attachments": [{"data": [{"media": {"uri": "x.jpg"}}]}]})";
  };
  const std::string comments = "comments_and_reactions/comments.json";
  CHECK(distinct_ids(read_facebook, fb_file(comments, comment("Ana commented on Bo's post."), comment("Ana commented on Cy's post.")), "comment") == 2);
  // Notes of one second with the same title and different text.
  auto note = [](const std::string& text) { return R"({"created_timestamp": 1700000000, "title": "Draft", "text": ")" + text + R"("})"; };
  CHECK(distinct_ids(read_facebook, fb_file("other_activity/notes.json", note("one"), note("two")), "note") == 2);
  // Two pages of one name.
  auto page = [](const std::string& url) { return R"({"timestamp": 1700000000, "name": "Café Central", "url": ")" + url + R"("})"; };
  CHECK(distinct_ids(read_facebook, fb_file("pages/pages_you_ve_liked.json", page("https://www.facebook.com/cafecentral.wien"),
                                            page("https://www.facebook.com/cafecentral.madrid")), "reaction") == 2);
  // Saved items with only a text.
  auto saved = [](const std::string& name) {
    return R"({"timestamp": 1700000000, "label_values": [{"label": "Name", "value": ")" + name + R"("}]})";
  };
  CHECK(distinct_ids(read_facebook, fb_file("saved_items_and_collections/your_saved_items.json", saved("Recipe"), saved("Map")), "activity") == 2);
  // Messenger: the same share at the same millisecond, to two threads.
  auto thread = [](const std::string& other) {
    return R"({"participants": [{"name": ")" + other + R"("}, {"name": "Ana Kovac"}], "title": ")" + other +
           R"(", "thread_path": "inbox/)" + other + R"(_1234567890", "messages": [{"sender_name": "Ana Kovac",)"
           R"( "timestamp_ms": 1700000000123, "share": {"link": "https://example.org/article"}}]})";
  };
  auto threads = [&](const std::string& a, const std::string& b) {
    return Files{{"your_facebook_activity/messages/inbox/" + a + "_1234567890/message_1.json", thread(a)},
                 {"your_facebook_activity/messages/inbox/" + b + "_1234567891/message_1.json", thread(b)}};
  };
  CHECK(distinct_ids(read_facebook, threads("Bo Lind", "Cy Moss"), "message") == 2);
  // ...while the same thread in inbox/ and e2ee_cutover/ is one.
  Files both = {{"your_facebook_activity/messages/inbox/bo_1234567890/message_1.json", thread("Bo Lind")},
                {"your_facebook_activity/messages/e2ee_cutover/bo_1234567890/message_1.json", thread("Bo Lind")}};
  CHECK(distinct_ids(read_facebook, both, "message") == 1);
}

TEST_CASE("facebook: an attachment card keeps every text line; unknown items are kept", "[facebook]") {
  test::TempDir dir;
  dir.write("your_facebook_activity/posts/your_posts_1.json",
            R"([{"timestamp": 1700000000, "title": "Ana shared a song.", "attachments": [{"data": [)"
            R"({"text": "Bajo las Ruedas"}, {"text": "Los Planetas"}, {"text": "Una semana en el motor de un autobús"}]}]}])");
  dir.write("your_facebook_activity/other_activity/time_spent_on_facebook.json",
            R"([{"timestamp": 1700000100}, {"timestamp": 1700000200, "session": {"minutes": 3}}, {}])");
  ImportRun run({dir.path()}, read_facebook);
  const Record* song = run.out.with("post", "title", "Ana shared a song.");
  REQUIRE(song);
  CHECK(song->data["attachment_texts"] ==
        json::array({"Bajo las Ruedas", "Los Planetas", "Una semana en el motor de un autobús"}));
  auto kept = run.out.of("activity");
  REQUIRE(kept.size() == 2);
  CHECK(format_rfc3339(*kept[0]->time) == "2023-11-14T22:15:00Z");
  CHECK(kept[0]->data["action"] == "time_spent_on_facebook");
  CHECK(kept[1]->data["raw"]["session"]["minutes"] == 3);
}

TEST_CASE("facebook: a share of something already on Facebook, without own words, is a repost", "[facebook]") {
  test::TempDir dir;
  dir.write("your_facebook_activity/posts/your_posts_1.json",
            R"([{"timestamp": 1700000000, "title": "Ana Kova\u00c4\u008d shared Bo Lind's post.",)"
            R"( "attachments": [{"data": [{"external_context": {"url": "https://www.facebook.com/bo/posts/1"}}]}]},)"
            R"( {"timestamp": 1700000100, "title": "Ana Kova\u00c4\u008d shared a memory."},)"
            R"( {"timestamp": 1700000200, "title": "Ana Kova\u00c4\u008d compartió la publicación de Bo Lind."},)"
            R"( {"timestamp": 1700000300, "title": "Ana Kova\u00c4\u008d shared Bo Lind's post.",)"
            R"( "data": [{"post": "Read this, it is about our street"}]},)"
            R"( {"timestamp": 1700000400, "title": "Ana Kova\u00c4\u008d shared a link.",)"
            R"( "attachments": [{"data": [{"external_context": {"url": "https://example.org/a"}}]}]},)"
            R"( {"timestamp": 1700000500, "title": "Ana Kova\u00c4\u008d updated her status.", "data": [{"post": "Hello"}]}])");
  ImportRun run({dir.path()}, read_facebook);
  auto posts = run.out.of("post");
  REQUIRE(posts.size() == 6);
  std::map<int64_t, bool> repost;
  for (const Record* p : posts) repost[p->time->seconds] = p->data.value("repost", false);
  CHECK(repost[1700000000]);   // another account's post, nothing added
  CHECK(repost[1700000100]);   // a memory of their own, shared again
  CHECK(repost[1700000200]);   // the same in Spanish
  CHECK_FALSE(repost[1700000300]);  // their own words on top: their post
  CHECK_FALSE(repost[1700000400]);  // a link from outside Facebook: their post
  CHECK_FALSE(repost[1700000500]);
}

TEST_CASE("facebook: the E2EE download joins the DYI threads whatever order the parts come in", "[facebook]") {
  std::vector<std::string> paths = yfa_2024();
  Run ordered(paths);
  Run reversed({paths[1], paths[0]});  // the E2EE files are listed before the DYI threads
  CHECK(reversed.ids("message") == ordered.ids("message"));
  const Record* e2ee = reversed.out.with("message", "text", "Top, tot zo \xF0\x9F\x91\x8D");
  REQUIRE(e2ee);
  CHECK(e2ee->data["thread_id"] == "10153029279158403");
}

TEST_CASE("facebook: a thread streams on past a bad message; empty and broken files get their verdict", "[facebook]") {
  test::TempDir dir;
  const std::string thread = "your_facebook_activity/messages/inbox/jordanpike_10153029279158403/message_1.json";
  // The header members come after the messages, as Facebook writes them.
  dir.write(thread, R"({"participants": [{"name": "Ana"}, {"name": "Jordan"}], "messages": [
      {"sender_name": "Jordan", "timestamp_ms": 1700000002000, "content": "two"},
      {"sender_name": "Jordan", "timestamp_ms": 1700000001000, "content": },
      {"sender_name": "Ana", "timestamp_ms": 1700000000000, "content": "zero"}],
    "title": "Jordan Pike", "thread_path": "inbox/jordanpike_10153029279158403"})");
  dir.write("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", "");
  dir.write("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json",
            R"([{"timestamp": 1700000000, "data": [{"post": "kept"}]}, {"timestamp": 17)");
  Run r({dir.path()});
  REQUIRE(r.out.of("message").size() == 2);
  for (const Record* m : r.out.of("message")) {
    CHECK(m->data["thread_title"] == "Jordan Pike");  // read from after the streamed array
    CHECK(m->data["thread_id"] == "10153029279158403");
    CHECK(m->service == "messenger");
  }
  CHECK(r.out.fates.at(thread).first == Fate::partial);
  CHECK(r.out.fates.at("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json").first ==
        Fate::ignored);
  CHECK(r.out.with("post", "text", "kept"));  // the items before the break are kept, the file partial
  CHECK(r.out.fates.at("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json").first ==
        Fate::partial);
  CHECK(r.log.is_partial());
}

TEST_CASE("facebook events stream in each shape; the first shape met is read", "[facebook]") {
  test::TempDir dir;
  dir.write("a/your_activity_across_facebook/events/your_event_responses.json",
            R"({"event_responses_v2": {"events_joined": [{"name": "Bridge walk", "start_timestamp": 1700000000}],)"
            R"( "events_declined": [{"name": "Pier talk", "start_timestamp": 1700100000}, {"start_timestamp": 1}]}})");
  dir.write("a/your_activity_across_facebook/events/event_invitations.json",
            R"({"events_invited_v2": [{"name": "Harbour day", "start_timestamp": 1700200000}]})");
  dir.write("a/your_activity_across_facebook/events/your_events.json", R"({"something_else": 1})");
  ImportRun r({dir.path("a")}, read_facebook);
  REQUIRE(r.out.of("event").size() == 3);
  CHECK(r.out.with("event", "name", "Bridge walk")->data["response"] == "going");
  CHECK(r.out.with("event", "name", "Pier talk")->data["response"] == "declined");
  CHECK(r.out.with("event", "name", "Pier talk")->source.pointer == "/event_responses_v2/events_declined/0");
  CHECK(r.out.with("event", "name", "Harbour day")->data["response"] == "invited");
  CHECK(r.out.fates.at("your_activity_across_facebook/events/your_event_responses.json").second == "2 event responses");
  CHECK(r.out.fates.at("your_activity_across_facebook/events/your_events.json").first == Fate::failed);
}

TEST_CASE("facebook: two check-ins at one place are two posts and one place, no collision", "[facebook]") {
  test::TempDir dir;
  auto checkin = [](int64_t t, const char* words) {
    return "{\"timestamp\": " + std::to_string(t) + ", \"data\": [{\"post\": \"" + words +
           "\"}], \"attachments\": [{\"data\": [{\"place\": {\"name\": \"Caf\\u00e9 des Artistes\", \"coordinate\": "
           "{\"latitude\": 45.764, \"longitude\": 4.8357}, \"address\": \"\", \"url\": \"\"}}]}], \"title\": \"Ana was at "
           "Caf\\u00e9 des Artistes.\"}";
  };
  dir.write("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
            "[" + checkin(1700000000, "morning") + ", " + checkin(1710000000, "evening") + "]");
  Run r({dir.path()});
  CHECK(r.out.of("post").size() == 2);
  CHECK(id_collisions(r.out.records).empty());
  std::set<std::string> places;
  for (const Record* p : r.out.of("place")) places.insert(p->id);
  CHECK(places.size() == 1);
  for (const Record* p : r.out.of("post")) CHECK(p->data["place"]["name"] == "Café des Artistes");
}

TEST_CASE("facebook: each message's from and to follow its own sender, however many senders a thread has", "[facebook]") {
  // from: the sender; to: every other participant. The pair is made once per sender of a thread
  // (Parties in messenger.cc) and, once the kept pairs name 65536 people, made again for each
  // message: here 300 participants, so past about 218 senders.
  test::TempDir dir;
  std::vector<std::string> people = {"Ana", "Bo", "Cy"};
  for (int i = 0; i < 297; ++i) people.push_back("Member " + std::to_string(i));
  std::string group = R"({"participants": [)";
  for (size_t i = 0; i < people.size(); ++i) group += std::string(i ? "," : "") + R"({"name": ")" + people[i] + R"("})";
  group += R"(], "messages": [)";
  std::vector<std::string> senders = {"Bo", "Ana", "Bo", "", "Dee", "Cy", "Ana"};
  for (int i = 0; i < 400; ++i) senders.push_back(i % 2 ? "Member " + std::to_string(i / 2) : "Guest " + std::to_string(i));
  senders.insert(senders.end(), {"Cy", "Bo", "Guest 4", "Member 199", "Guest 398"});  // kept pairs, and made again
  for (size_t i = 0; i < senders.size(); ++i)
    group += std::string(i ? "," : "") + "{" + (senders[i].empty() ? "" : R"("sender_name": ")" + senders[i] + R"(", )") +
             R"("timestamp_ms": )" + std::to_string(1700000000000 + static_cast<int64_t>(i) * 1000) + R"(, "content": "m)" +
             std::to_string(i) + R"("})";
  group += R"(], "title": "Group", "thread_type": "RegularGroup", "thread_path": "inbox/group_10153029279158999"})";
  dir.write("your_facebook_activity/messages/inbox/group_10153029279158999/message_1.json", group);
  Run r({dir.path()});
  REQUIRE(r.out.of("message").size() == senders.size());
  size_t checked = 0;
  for (size_t i = 0; i < senders.size(); ++i) {
    const Record* m = r.out.with("message", "text", "m" + std::to_string(i));
    REQUIRE(m);
    const std::string& sender = senders[i];
    if (sender.empty()) CHECK_FALSE(m->data.contains("from"));
    else CHECK(m->data.value("from", json()) == json{{"name", sender}});
    json to = json::array();
    for (const std::string& p : people)
      if (p != sender) to.push_back(json{{"name", p}});
    CHECK(m->data.value("to", json()) == to);
    ++checked;
  }
  CHECK(checked == senders.size());
}
