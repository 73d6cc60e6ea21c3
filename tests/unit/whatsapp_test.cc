#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "importers/whatsapp/lines.h"
#include "ingest/detect.h"
#include "ingest/importers.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using namespace dataport::whatsapp;

namespace {

struct Run : ImportRun {
  explicit Run(const std::string& path) : ImportRun({path}, read_whatsapp) {}
};

std::string when(const Record& r) { return r.time ? format_rfc3339(*r.time) : ""; }

// The message of a chat whose text is `text`.
const Record* said(const CollectSink& out, const std::string& thread, const std::string& text) {
  return out.find("message", [&](const Record& r) {
    return r.data.value("thread_id", "") == thread && r.data.value("text", "") == text;
  });
}

std::string header_time(std::string_view line, Order order) {
  auto h = parse_header(line);
  if (!h) return "no header";
  auto t = wall_clock(*h, order);
  return t ? format_rfc3339(from_unix_seconds(*t)) : "impossible";
}

}  // namespace

TEST_CASE("whatsapp: the header line of every exporter and locale", "[whatsapp]") {
  const std::string nnbsp = "\xE2\x80\xAF", lrm = "\xE2\x80\x8E";
  CHECK(header_time("12/31/23, 9:15" + nnbsp + "PM - Ana: hi", Order::mdy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("12/31/23, 9:15 pm - Ana: hi", Order::mdy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("31/12/2023, 21:15 - Ana: hi", Order::dmy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("31.12.23, 21:15 - Ana: hi", Order::dmy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("31/12/2023 à 21:15 - Ana: hi", Order::dmy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("31/12/2023 21:15 - Ana: hi", Order::dmy) == "2023-12-31T21:15:00Z");
  CHECK(header_time("[31/12/2023, 21:15:42] Ana: hi", Order::dmy) == "2023-12-31T21:15:42Z");
  CHECK(header_time(lrm + "[12/31/23, 9:15:42" + nnbsp + "PM] Ana: " + lrm + "<attached: x.jpg>", Order::mdy) ==
        "2023-12-31T21:15:42Z");
  CHECK(header_time("[31.12.23, 21:15:42] Ana: hi", Order::dmy) == "2023-12-31T21:15:42Z");
  CHECK(header_time("[31/12/2023 21:15:42] Ana: hi", Order::dmy) == "2023-12-31T21:15:42Z");
  CHECK(header_time("31/12/2015, 21:15:42: Ana: hi", Order::dmy) == "2015-12-31T21:15:42Z");  // iOS before 2017
  CHECK(header_time("13.6.2018 klo 21.25.15 - a: m", Order::dmy) == "2018-06-13T21:25:15Z");
  CHECK(header_time("13. 6. 2018. 21:25:15 a: m", Order::dmy) == "2018-06-13T21:25:15Z");
  CHECK(header_time("[3/6/18 1:55:00 p. m.] a: m", Order::dmy) == "2018-06-03T13:55:00Z");
  CHECK(header_time("[2018/06/13, 21:25:15] a: m", Order::dmy) == "2018-06-13T21:25:15Z");  // year first
  CHECK(header_time("03-06-2018, 01.55 PM - a: m", Order::mdy) == "2018-03-06T13:55:00Z");
  CHECK(header_time("12/31/23, 12:05 AM - a: m", Order::mdy) == "2023-12-31T00:05:00Z");
  CHECK(header_time("31/12/23, 21:15 - a: m", Order::mdy) == "impossible");
  CHECK(header_time("29/02/2023, 10:00 - a: m", Order::dmy) == "impossible");
  // Continuation lines that only look like dates are not headers.
  CHECK(header_time("Meet at 10:30 - see you", Order::dmy) == "no header");
  CHECK(header_time("2016-04-29 10:30:00", Order::dmy) == "no header");  // no separator after the time... nor 3-digit parts
  CHECK(header_time("12/31/23, 25:15 - a: m", Order::mdy) == "no header");
  CHECK(header_time("1/2/3", Order::dmy) == "no header");
}

TEST_CASE("whatsapp: senders, system lines and bodies", "[whatsapp]") {
  const std::string lrm = "\xE2\x80\x8E";
  Head a = split_head("Ana Kovač: hello: there", true);
  CHECK_FALSE(a.system);
  CHECK(a.sender == "Ana Kovač");
  CHECK(a.body == "hello: there");
  Head b = split_head("Ana created group \"Trip: Lisbon\"", true);
  CHECK(b.system);
  CHECK(b.event == "create");
  Head c = split_head("Família: " + lrm + "Ana Kovač adicionou Bruno Souza", false);
  CHECK(c.system);
  CHECK(c.event == "join");
  Head d = split_head("~\xE2\x80\xAFRita: " + lrm + "imagem ocultada", false);
  CHECK_FALSE(d.system);
  CHECK(d.sender == "Rita");
  CHECK(d.not_a_contact);
  CHECK(split_head("Messages and calls are end-to-end encrypted.", true).event == "encryption");
  CHECK(split_head("Bruno hat die Gruppe verlassen", true).event == "leave");
  CHECK(split_head("Some line WhatsApp wrote that no table knows", true).event == "system");

  Body m = classify("<Medien ausgeschlossen>");
  CHECK(m.content_type == "media");
  CHECK(m.placeholder == "<Medien ausgeschlossen>");
  CHECK(m.text.empty());
  CHECK(classify(lrm + "Bild weggelassen").content_type == "image");
  CHECK(classify(lrm + "figurinha omitida").content_type == "sticker");
  Body doc = classify("Truss-v2.pdf • " + lrm + "3 pages " + lrm + "document omitted");
  CHECK(doc.content_type == "document");
  CHECK(doc.placeholder == "Truss-v2.pdf • 3 pages document omitted");
  Body ios = classify(lrm + "<anexado: 00000004-PHOTO-2023-12-28-19-03-15.jpg>");
  CHECK(ios.attachment == "00000004-PHOTO-2023-12-28-19-03-15.jpg");
  CHECK(ios.content_type == "image");
  Body and_ = classify("IMG-20240315-WA0001.jpg (Datei angehängt)\nDer Dom");
  CHECK(and_.attachment == "IMG-20240315-WA0001.jpg");
  CHECK(and_.attachment_phrase);
  CHECK(and_.text == "Der Dom");
  Body words = classify("Siehe Liste.txt (Entwurf)");
  CHECK(words.attachment == "Siehe Liste.txt");
  CHECK_FALSE(words.attachment_phrase);  // the reader keeps it as words unless the file is there
  Body edited = classify("Schön!! <Diese Nachricht wurde bearbeitet>");
  CHECK(edited.edited);
  CHECK(edited.text == "Schön!!");
  CHECK(classify("You deleted this message").you_deleted);
  CHECK(classify("Esta mensagem foi apagada.").unsent);
  CHECK_FALSE(classify("Esta mensagem foi apagada.").you_deleted);
  Body loc = classify("Standort: https://maps.google.com/?q=50.941278,6.958281");
  CHECK(loc.content_type == "location");
  CHECK(loc.lat == "50.941278");
  CHECK(loc.lon == "6.958281");
  Body poll = classify("POLL:\nLunch after?\nOPTION: Café Müller (2 votes)\nOPTION: Picnic (0 votes)");
  CHECK(poll.content_type == "poll");
  CHECK(poll.poll_question == "Lunch after?");
  REQUIRE(poll.poll_options.size() == 2);
  CHECK(poll.poll_options[0] == std::pair<std::string, int64_t>{"Café Müller", 2});
  Body call = classify(lrm + "Missed voice call");
  CHECK(call.call);
  CHECK(call.missed);
  CHECK(classify("Mention @\xE2\x81\xA8" "Ana\xE2\x81\xA9 ok").text == "Mention @Ana ok");

  CHECK(chat_title("WhatsApp Chat with Jordan Pike.txt") == "Jordan Pike");
  CHECK(chat_title("x/WhatsApp Chat - Família Souza 🏡.zip/_chat.txt") == "Família Souza 🏡");
  CHECK(chat_title("Conversa do WhatsApp com Bruno.txt") == "Bruno");
  CHECK(chat_title("WhatsApp_Chat_with_Jordan_Pike.txt") == "Jordan Pike");
  CHECK(chat_title("_chat.txt") == "");
  CHECK(chat_title("notes.txt") == "");
  CHECK(phone_of("\xE2\x80\xAA+1 (555) 010-0199\xE2\x80\xAC") == "+15550100199");
  CHECK(phone_of("Ana") == "");
}

TEST_CASE("whatsapp: probe recognises chat exports and nothing else", "[whatsapp]") {
  CHECK(probe_whatsapp(Archive({sample("whatsapp")})) == 95);
  CHECK(probe_whatsapp(Archive({sample("whatsapp-2016")})) == 95);
  CHECK(probe_whatsapp(Archive({sample("reddit")})) == 0);
  CHECK(probe_whatsapp(Archive({sample("chatgpt")})) == 0);
  CHECK(probe_whatsapp(Archive({sample("linkedin")})) == 0);
  Detection d = detect(Archive({sample("whatsapp")}), "");
  REQUIRE(d.chosen);
  CHECK(std::string(d.chosen->name) == "whatsapp");
  // A chat text file under any name is found by its lines.
  test::TempDir dir;
  dir.write("export/chat.txt", "01/02/2024, 10:00 - A: x\n01/02/2024, 10:01 - B: y\n01/02/2024, 10:02 - A: z\n");
  CHECK(probe_whatsapp(Archive({dir.path()})) == 70);
}

TEST_CASE("whatsapp: the sample set, chat by chat", "[whatsapp]") {
  Run r(sample("whatsapp"));
  CHECK_FALSE(r.log.is_partial());
  CHECK(r.out.unclaimed(r.in).empty());
  CHECK(r.out.fates.at("WhatsApp Chat with Empty.txt").first == Fate::ignored);
  CHECK(r.out.fates.at("WhatsApp Chat with Sam.txt").second == "3 messages, day/month (assumed) dates");
  CHECK(r.out.fates.at("WhatsApp Chat with Jordan Pike.txt").second == "13 messages, month/day dates");
  CHECK(r.out.fates.at("WhatsApp Chat - Família Souza 🏡/_chat.txt").second == "12 messages, day/month dates, a group");
  // The notes someone sent are a file of the chat, not a chat.
  CHECK(r.out.fates.at("WhatsApp Chat mit Lena Köhler/notizen.txt").first == Fate::parsed);

  // The exporter, found by "You deleted this message", is the profile; sent and received follow.
  auto profiles = r.out.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]->data["name"] == "Ana Kovač");

  // Android en-US: month first (12/31), 12-hour clock with U+202F.
  const std::string jordan = "Jordan Pike";
  const Record* multi = said(r.out, jordan, "Yes!\nI'll bring the thermos ☕\nand the map");
  REQUIRE(multi);
  CHECK(when(*multi) == "2023-12-30T21:04:00Z");
  CHECK(multi->data["direction"] == "sent");
  CHECK(multi->data["to"] == json::array({{{"name", "Jordan Pike"}}}));
  CHECK(multi->source.pointer == "line 3");
  const Record* yes = said(r.out, jordan, "Yes!");  // the same minute, other words: its own message
  REQUIRE(yes);
  CHECK(yes->id != multi->id);
  int oks = 0;
  std::set<std::string> ok_ids;
  for (const Record* m : r.out.of("message"))
    if (m->data.value("text", "") == "ok" && m->data["thread_id"] == jordan) ++oks, ok_ids.insert(m->id);
  CHECK(oks == 2);
  CHECK(ok_ids.size() == 2);  // the same words twice in one minute are two messages
  const Record* omitted = r.out.find("message", [&](const Record& m) { return m.data["thread_id"] == jordan && m.data.value("content_type", "") == "media"; });
  REQUIRE(omitted);
  CHECK(omitted->data["raw"]["placeholder"] == "<Media omitted>");
  CHECK(omitted->data["direction"] == "received");
  CHECK_FALSE(omitted->data.contains("text"));
  const Record* edited = said(r.out, jordan, "Meet at the north pier, 11 sharp");
  REQUIRE(edited);
  CHECK(edited->data["raw"]["edited"] == true);
  CHECK(when(*edited) == "2023-12-31T10:15:00Z");
  const Record* noon = said(r.out, jordan, "ok");
  REQUIRE(noon);
  CHECK(when(*noon) == "2023-12-31T12:00:00Z");
  const Record* loc = r.out.find("message", [&](const Record& m) { return m.data["thread_id"] == jordan && m.data.value("content_type", "") == "location"; });
  REQUIRE(loc);
  CHECK_FALSE(loc->data.contains("links"));  // the coordinates are the location; policies coarsen them
  CHECK(loc->data["raw"]["lat"] == 45.764043);
  CHECK(loc->data["raw"]["lon"] == 4.835659);
  const Record* poll = r.out.find("message", [&](const Record& m) { return m.data["thread_id"] == jordan && m.data.value("content_type", "") == "poll"; });
  REQUIRE(poll);
  CHECK(poll->data["raw"]["poll"]["options"][0] == json{{"title", "Café Müller"}, {"votes", 2}});
  const Record* notice = r.out.find("message", [&](const Record& m) { return m.data.value("event", "") == "encryption" && m.data["thread_id"] == jordan; });
  REQUIRE(notice);
  CHECK_FALSE(notice->data.contains("from"));
  CHECK(notice->data["index"] == 0);

  // iOS pt-BR group with its media: attachments linked, the group's own lines are events.
  const std::string familia = "Família Souza 🏡";
  const Record* photo = r.out.find("message", [&](const Record& m) {
    return m.data["thread_id"] == familia && m.data.contains("attachments") && m.data.value("content_type", "") == "image";
  });
  REQUIRE(photo);
  CHECK(photo->data["attachments"][0]["path"] == "WhatsApp Chat - Família Souza 🏡/00000004-PHOTO-2023-12-28-19-03-15.jpg");
  CHECK(photo->data["from"] == json{{"name", "Bruno Souza"}});
  CHECK(photo->data["group_chat"] == true);
  CHECK_FALSE(photo->data.contains("to"));
  CHECK(when(*photo) == "2023-12-28T19:03:15Z");
  const Record* created = r.out.find("message", [&](const Record& m) { return m.data["thread_id"] == familia && m.data.value("event", "") == "create"; });
  REQUIRE(created);
  CHECK(created->data["text"] == "Ana Kovač criou o grupo “Família Souza 🏡”");
  const Record* rita = r.out.find("message", [&](const Record& m) { return m.data.value("content_type", "") == "sticker"; });
  REQUIRE(rita);
  CHECK(rita->data["from"] == json{{"name", "Rita"}});
  CHECK(rita->data["raw"]["not_a_contact"] == true);
  const Record* mention = said(r.out, familia, "Oi @Ana Kovač, obrigado!");
  REQUIRE(mention);
  const Record* later = said(r.out, familia, "Quem vem no domingo?\nLevo o bolo 🎂");
  REQUIRE(later);
  CHECK(when(*later) == "2024-01-13T08:30:00Z");
  // The photo no message names is kept as media.
  CHECK(r.out.find("media", [](const Record& m) { return m.data.value("title", "") == "00000009-PHOTO-2024-01-13-08-31-00.jpg"; }));

  // Android de with media: caption, a file the export left out, words that only look like a file.
  const std::string lena = "Lena Köhler";
  const Record* dom = said(r.out, lena, "Der Dom im Abendlicht");
  REQUIRE(dom);
  CHECK(dom->data["attachments"][0]["path"] == "WhatsApp Chat mit Lena Köhler/IMG-20240315-WA0001.jpg");
  CHECK(when(*dom) == "2024-03-15T18:04:00Z");
  CHECK(std::find(r.out.missing_paths.begin(), r.out.missing_paths.end(),
                  "WhatsApp Chat mit Lena Köhler/VID-20240315-WA0003.mp4") != r.out.missing_paths.end());
  const Record* draft = said(r.out, lena, "Siehe Liste.txt (Entwurf)");
  REQUIRE(draft);
  CHECK_FALSE(draft->data.contains("attachments"));
  const Record* deleted = r.out.find("message", [&](const Record& m) { return m.data["thread_id"] == lena && m.data.contains("unsent"); });
  REQUIRE(deleted);
  CHECK(deleted->data["raw"]["placeholder"] == "Diese Nachricht wurde gelöscht.");

  // iOS en-US group: a phone number as sender, a join by link.
  const Record* pier = r.out.find("message", [](const Record& m) { return m.data["thread_id"] == "Bridge Club" && m.data.contains("attachments"); });
  REQUIRE(pier);
  CHECK(pier->data["from"] == json{{"name", "+1 (555) 010-0199"}, {"username", "+15550100199"}});
  CHECK(when(*pier) == "2023-12-31T21:18:10Z");
  const Record* midnight = said(r.out, "Bridge Club", "Happy 2024 from the pier!");
  REQUIRE(midnight);
  CHECK(when(*midnight) == "2024-01-01T00:00:00Z");

  // iOS en-GB: a missed call, a document left out, and a French chat with "à".
  const Record* call = r.out.find("message", [](const Record& m) { return m.data.contains("call"); });
  REQUIRE(call);
  CHECK(call->data["call"] == json{{"missed", true}});
  const Record* zoe = said(r.out, "Zoé Martin", "Bonne année en avance ! 🥂");
  REQUIRE(zoe);
  CHECK(when(*zoe) == "2023-12-31T23:58:00Z");

  // Everyone else who wrote is a contact, once, a number with its phone.
  auto contacts = r.out.of("contact");
  std::set<std::string> names;
  for (const Record* c : contacts) names.insert(c->data["name"].get<std::string>());
  CHECK(names == std::set<std::string>{"Jordan Pike", "Bruno Souza", "Rita", "Lena Köhler", "Zoé Martin",
                                       "Priya Raman", "Sam", "Omar Haddad", "+1 (555) 010-0199"});
  CHECK(contacts.size() == names.size());
  CHECK(r.out.with("contact", "name", "+1 (555) 010-0199")->data["phones"] == json::array({{{"number", "+15550100199"}}}));
  CHECK(id_collisions(r.out.records).empty());
}

TEST_CASE("whatsapp: the older generation", "[whatsapp]") {
  Run r(sample("whatsapp-2016"));
  CHECK_FALSE(r.log.is_partial());
  const Record* tickets = said(r.out, "Lisbon trip", "Who has the tickets?");
  REQUIRE(tickets);
  CHECK(when(*tickets) == "2015-12-31T21:15:42Z");
  int linked = 0;
  for (const Record* m : r.out.of("message"))
    if (m->data.contains("attachments") && m->data["attachments"][0].contains("sha256")) ++linked;
  CHECK(linked == 2);
  const Record* oma = said(r.out, "Oma", "Danke Oma ❤️\nDir auch!");
  REQUIRE(oma);
  CHECK(oma->data["direction"] == "sent");
  CHECK(when(*oma) == "2015-12-31T21:20:00Z");
}

TEST_CASE("whatsapp: a chat it cannot read fails alone", "[whatsapp]") {
  test::TempDir dir;
  dir.write("WhatsApp Chat with Bo.txt", "31/12/2023, 21:15 - Bo: hi\n31/12/2023, 21:16 - Me: hey\n");
  dir.write("WhatsApp Chat with Cy.txt", "this is not what WhatsApp writes\nat all\n");
  Run r(dir.path());
  CHECK(r.out.fates.at("WhatsApp Chat with Bo.txt").first == Fate::parsed);
  CHECK(r.out.fates.at("WhatsApp Chat with Cy.txt").first == Fate::failed);
  CHECK(r.log.is_partial());
  CHECK(r.out.of("message").size() == 2);
}

TEST_CASE("whatsapp: many chats in zips of zips, each linked to its own files", "[whatsapp]") {
  test::TempDir dir;
  std::string one = dir.path("WhatsApp Chat - Ana.zip"), two = dir.path("WhatsApp Chat - Bo.zip");
  test::write_archive(one, {{"_chat.txt", "[01/02/2024, 10:00:00] Ana: \xE2\x80\x8E<attached: 00000001-PHOTO-2024-02-01-10-00-00.jpg>\n"
                                          "[13/02/2024, 10:01:00] Me: nice\n"},
                            {"00000001-PHOTO-2024-02-01-10-00-00.jpg", "ana's photo"}});
  test::write_archive(two, {{"_chat.txt", "[01/02/2024, 11:00:00] Bo: \xE2\x80\x8E<attached: 00000001-PHOTO-2024-02-01-10-00-00.jpg>\n"
                                          "[13/02/2024, 11:01:00] Me: cool\n"},
                            {"00000001-PHOTO-2024-02-01-10-00-00.jpg", "bo's photo"}});
  std::string all = dir.path("chats.zip");
  auto bytes = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  };
  test::write_archive(all, {{"WhatsApp Chat - Ana.zip", bytes(one)}, {"WhatsApp Chat - Bo.zip", bytes(two)}});
  ImportRun r({all}, read_whatsapp);
  CHECK_FALSE(r.log.is_partial());
  const Record* ana = r.out.find("message", [](const Record& m) { return m.data["thread_id"] == "Ana" && m.data.contains("attachments"); });
  const Record* bo = r.out.find("message", [](const Record& m) { return m.data["thread_id"] == "Bo" && m.data.contains("attachments"); });
  REQUIRE(ana);
  REQUIRE(bo);
  CHECK(ana->data["attachments"][0]["path"] == "WhatsApp Chat - Ana.zip/00000001-PHOTO-2024-02-01-10-00-00.jpg");
  CHECK(bo->data["attachments"][0]["path"] == "WhatsApp Chat - Bo.zip/00000001-PHOTO-2024-02-01-10-00-00.jpg");
  CHECK(ana->data["attachments"][0]["sha256"] != bo->data["attachments"][0]["sha256"]);
  // "Me" is the one sender of both one-to-one chats who is not the chat's name.
  CHECK(r.out.with("profile", "name", "Me"));
  CHECK(r.out.with("message", "text", "nice")->data["direction"] == "sent");
}

TEST_CASE("whatsapp: distinct in, distinct out", "[whatsapp]") {
  const std::string a = "31/12/2023, 21:15 - Bo: see you at 8\n";
  const std::string b = "31/12/2023, 21:15 - Bo: see you at 9\n";
  CHECK(distinct_ids(read_whatsapp, {{"WhatsApp Chat with Bo.txt", a + b}}, "message") == 2);
  // The same chat exported twice (two folders, overlapping) is one set of messages.
  CHECK(distinct_ids(read_whatsapp, {{"old/WhatsApp Chat with Bo.txt", a}, {"new/WhatsApp Chat with Bo.txt", a}}, "message") == 1);
  // The same words in two chats are two messages.
  CHECK(distinct_ids(read_whatsapp, {{"WhatsApp Chat with Bo.txt", a}, {"WhatsApp Chat with Cy.txt", a}}, "message") == 2);
}

TEST_CASE("whatsapp: hostile chats stay bounded and say what they cut", "[whatsapp]") {
  test::TempDir dir;
  // One message whose words run past the longest string an importer keeps.
  std::string huge = "31/12/2023, 21:15 - Bo: start\n" + std::string(max_kept_string + 1024, 'x') + "\nend\n" +
                     "31/12/2023, 21:16 - Me: after\n";
  dir.write("WhatsApp Chat with Bo.txt", huge);
  // Bytes that are no text at all, under a chat's name.
  std::string noise;
  uint32_t x = 2463534242u;
  for (int i = 0; i < 65536; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise += static_cast<char>(x & 0xff);
  }
  dir.write("WhatsApp Chat with Cy.txt", noise);
  Run r(dir.path());
  CHECK(r.out.fates.at("WhatsApp Chat with Cy.txt").first == Fate::failed);
  CHECK(r.out.fates.at("WhatsApp Chat with Bo.txt").first == Fate::parsed);
  const Record* start = r.out.find("message", [](const Record& m) { return m.data.value("text", "").starts_with("start"); });
  REQUIRE(start);
  CHECK(start->data["raw"]["truncated"] == true);
  CHECK(start->data["text"].get<std::string>().size() <= max_kept_string);
  CHECK(r.out.with("message", "text", "after"));
}
