#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "importers/linkedin/linkedin.h"
#include "ingest/importers.h"
#include "lib/hash.h"
#include "lib/text.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;
namespace fs = std::filesystem;

namespace {

const std::string complete = SOURCE_DIR "/samples/linkedin";
const std::string complete_dir = complete + "/Complete_LinkedInDataExport_03-15-2026";
const std::string basic = SOURCE_DIR "/samples/linkedin-basic";

// Keeps what the importer hands over, as the store would.
class FakeSink : public Sink {
 public:
  std::vector<Record> records;
  std::map<std::string, std::pair<Fate, std::string>> verdicts;

  void add(Record r) override {
    resolve_id(r);
    expand_data(r);
    check_model(r);
    records.push_back(std::move(r));
  }
  MediaRef media(const Archive&, const Entry&) override { return {}; }
  void file(const Entry& e, Fate fate, std::string note) override { verdicts[e.path] = {fate, std::move(note)}; }

  std::vector<const Record*> of(const std::string& kind) const {
    std::vector<const Record*> out;
    for (const Record& r : records)
      if (r.kind == kind) out.push_back(&r);
    return out;
  }
  std::vector<const Record*> from(const std::string& suffix) const {
    std::vector<const Record*> out;
    for (const Record& r : records)
      if (r.source.path.size() >= suffix.size() && r.source.path.ends_with(suffix)) out.push_back(&r);
    return out;
  }
  const Record* find(const std::string& kind, const char* field, const std::string& value) const {
    for (const Record& r : records)
      if (r.kind == kind && r.data.contains(field) && r.data[field] == value) return &r;
    return nullptr;
  }
};

struct Run {
  FakeSink sink;
  Log log{Verbosity::quiet, false};
};

std::unique_ptr<Run> run(const std::string& path) {
  auto r = std::make_unique<Run>();
  Archive a({path});
  read_linkedin(a, r->sink, r->log);
  return r;
}

// Data rows after the header line of a CSV without quoted newlines (Connections.csv is one).
int data_rows(const std::string& file, const std::string& header_start) {
  std::ifstream in(file);
  std::string line;
  bool header = false;
  int n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header && !trim(line).empty()) ++n;
    if (line.rfind(header_start, 0) == 0) header = true;
  }
  return n;
}

// A scratch folder holding the given files, removed at the end of the test.
struct TempExport {
  fs::path dir;
  explicit TempExport(const std::map<std::string, std::string>& files) {
    dir = fs::temp_directory_path() / ("dataport_li_" + std::to_string(std::hash<std::string>{}(
                                                           files.begin()->first + files.begin()->second)));
    fs::remove_all(dir);
    for (const auto& [name, text] : files) {
      fs::create_directories((dir / name).parent_path());
      std::ofstream(dir / name, std::ios::binary) << text;
    }
  }
  ~TempExport() { fs::remove_all(dir); }
  std::string path() const { return dir.string(); }
};

}  // namespace

TEST_CASE("linkedin probe recognises both export generations and nothing else", "[linkedin]") {
  CHECK(probe_linkedin(Archive({complete})) >= 80);
  CHECK(probe_linkedin(Archive({basic})) >= 80);
  TempExport other({{"notes.csv", "Title,Body\nhello,world\n"}, {"readme.txt", "not an export"}});
  CHECK(probe_linkedin(Archive({other.path()})) == 0);
}

TEST_CASE("linkedin complete export: every file parsed, counts match rows", "[linkedin]") {
  auto r = run(complete);
  const FakeSink& s = r->sink;
  CHECK_FALSE(r->log.is_partial());
  CHECK(r->log.warnings() == 0);

  Archive a({complete});
  for (const Entry& e : a.entries()) {
    if (e.junk || e.link) continue;
    INFO(e.path);
    REQUIRE(s.verdicts.count(e.path) == 1);
    CHECK(s.verdicts.at(e.path).first == Fate::parsed);
  }

  std::map<std::string, size_t> expected = {
      {"activity", 32},   {"award", 2},      {"certification", 3},  {"comment", 3}, {"contact", 12},
      {"education", 5},   {"endorsement", 7}, {"event", 2},          {"inference", 18}, {"login", 4},
      {"media", 3},       {"message", 11},   {"note", 4},           {"position", 6}, {"post", 5},
      {"profile", 1},     {"project", 2},    {"publication", 2},    {"reaction", 4}, {"recommendation", 3},
      {"skill", 10},      {"verification", 1}};
  std::map<std::string, size_t> got;
  for (const Record& rec : s.records) ++got[rec.kind];
  CHECK(got == expected);

  // `dataport query --kind contact | wc -l` must equal the rows of Connections.csv.
  int rows = data_rows(complete_dir + "/Connections.csv", "First Name,Last Name");
  CHECK(rows == 12);
  CHECK(s.of("contact").size() == static_cast<size_t>(rows));
  for (const Record* c : s.of("contact")) CHECK(c->data["relation"] == "connection");

  // Per-file counts follow the rows of each file.
  CHECK(s.from("/Positions.csv").size() == 4);
  CHECK(s.from("/Volunteering.csv").size() == 2);
  CHECK(s.from("/messages.csv").size() == 7);
  CHECK(s.from("/guide_messages.csv").size() == 2);
  CHECK(s.from("/Comments.csv").size() == 3);
  CHECK(s.from("/Invitations.csv").size() == 4);
  CHECK(s.from("/Member_Follows.csv").size() == 3);
  CHECK(s.from("/Ad_Targeting.csv").size() == 15);
  CHECK(s.verdicts.at("Complete_LinkedInDataExport_03-15-2026/Connections.csv").second == "12 connections");
}

TEST_CASE("linkedin positions: month precision and the current role", "[linkedin]") {
  auto r = run(complete);
  const Record* p = r->sink.find("position", "company", "Contoso");
  REQUIRE(p);
  CHECK(p->data["start"] == "2024-01");
  CHECK(p->data["time_precision"] == "month");
  CHECK(format_rfc3339(*p->time) == "2024-01-01T00:00:00Z");
  CHECK(p->data["current"] == true);
  CHECK_FALSE(p->data.contains("end"));
  CHECK(p->data["description"] == "Leads the data platform team.\nBuilt the export pipeline, end to end.");
  const Record* old = r->sink.find("position", "company", "Northwind Analytics, Inc.");
  REQUIRE(old);
  CHECK(old->data["end"] == "2019-02");
  CHECK(old->data["current"] == false);
  const Record* vol = r->sink.find("position", "company", "Code Club Madrid");
  REQUIRE(vol);
  CHECK(vol->data["type"] == "volunteer");
  CHECK(vol->data["current"] == true);
  const Record* edu = r->sink.find("education", "school", "Universidad Politécnica de Madrid");
  REQUIRE(edu);
  CHECK(edu->data["start"] == "2009");
  CHECK(edu->data["time_precision"] == "year");
}

TEST_CASE("linkedin messages: multi-line HTML, groups, drafts", "[linkedin]") {
  auto r = run(complete);
  const FakeSink& s = r->sink;
  const Record* first = nullptr;
  const Record* group = nullptr;
  const Record* draft = nullptr;
  for (const Record* m : s.of("message")) {
    if (m->data.value("html", "").find("Hi Marisol") != std::string::npos) first = m;
    if (m->data.value("text", "") .rfind("Welcome to the guild", 0) == 0) group = m;
    if (m->data.value("draft", false)) draft = m;
  }
  REQUIRE(first);
  CHECK(first->data["text"] == "Hi Marisol,\n\nThanks for the intro & the notes from the meetup.\nCoffee next week?");
  CHECK(first->data["from"]["name"] == "Tomás Reyes");
  CHECK(first->data["from"]["url"] == "https://www.linkedin.com/in/tomasreyes");
  CHECK(format_rfc3339(*first->time) == "2025-06-01T14:03:22Z");
  CHECK(first->data["folder"] == "inbox");

  REQUIRE(group);
  CHECK(group->data["thread_title"] == "Platform guild 🛠️");
  REQUIRE(group->data["to"].size() == 3);
  CHECK(group->data["to"][1]["name"] == "Zoë Adeyemi");
  CHECK(group->data["to"][1]["url"] == "https://www.linkedin.com/in/zoe-adeyemi");
  CHECK(group->data["to"][2]["name"] == "雷 李");
  CHECK(group->data["to"][2]["url"] == "https://www.linkedin.com/in/lei-li-8812");

  REQUIRE(draft);
  CHECK(draft->data["folder"] == "draft");
  CHECK(draft->data["text"] == "Kwame, quick question about the migration plan");

  const Record* inmail = s.find("message", "subject", "Staff Data Engineer role at Proseware");
  REQUIRE(inmail);
  REQUIRE(inmail->data["attachments"].size() == 1);
  CHECK(inmail->data["attachments"][0]["url"].get<std::string>().rfind("https://", 0) == 0);

  size_t guide = 0, learning = 0;
  for (const Record* m : s.of("message")) {
    guide += m->service == "guide";
    learning += m->service == "learning";
  }
  CHECK(guide == 2);
  CHECK(learning == 2);
}

TEST_CASE("linkedin ad targeting: duplicate headers give several inferences", "[linkedin]") {
  auto r = run(complete);
  std::map<std::string, std::vector<std::string>> by_category;
  for (const Record* i : r->sink.from("/Ad_Targeting.csv")) {
    CHECK(i->kind == "inference");
    by_category[i->data["category"]].push_back(i->data["value"]);
  }
  // Three "Company Names" columns: Contoso appears twice but is one inference.
  CHECK(by_category["Company Names"] == std::vector<std::string>{"Contoso", "Fabrikam", "Litware", "Tailspin Toys"});
  CHECK(by_category["Job Titles"] == std::vector<std::string>{"Staff Engineer", "Engineer", "Data Engineer"});
  CHECK(by_category["Member Skills"].size() == 3);
  const Record* gender = r->sink.find("inference", "category", "Inferred gender");
  REQUIRE(gender);
  CHECK(gender->data["value"] == "FEMALE");
}

TEST_CASE("linkedin profile combines its files", "[linkedin]") {
  auto r = run(complete);
  auto profiles = r->sink.of("profile");
  REQUIRE(profiles.size() == 1);
  const json& p = profiles[0]->data;
  CHECK(p["name"] == "Marisol Tanaka-Berg");
  CHECK(p["birthday"] == "--12-04");
  CHECK(p["headline"] == "Staff Engineer | Data portability");
  REQUIRE(p["emails"].size() == 3);
  CHECK(p["emails"][0]["address"] == "marisol@example.com");
  CHECK(p["emails"][0]["primary"] == true);
  CHECK(p["emails"][0]["updated"] == "2020-05-13T12:45:00Z");
  CHECK(p["emails"][1]["address"] == "m.tanaka.berg@example.org");
  CHECK_FALSE(p["emails"][1].contains("updated"));  // "Not Available"
  REQUIRE(p["phones"].size() == 2);
  CHECK(p["phones"][1]["type"] == "whatsapp");
  CHECK(p["websites"] == json::array({"https://marisol.example.com", "https://contoso.example.com/team"}));
  CHECK(p["registered_at"] == "2009-04-02T08:49:00Z");
  CHECK(p["registration_ip"] == "192.0.2.44");
  CHECK(p["raw"]["causes_you_care_about"].size() == 2);
  CHECK(profiles[0]->id == make_record_id("linkedin", "profile", "self"));
}

TEST_CASE("linkedin row quirks: dates, people, shares, comments", "[linkedin]") {
  auto r = run(complete);
  const FakeSink& s = r->sink;
  const Record* deleted = s.find("contact", "name", "LinkedIn Member");
  REQUIRE(deleted);
  CHECK_FALSE(deleted->data.contains("url"));
  const Record* tomas = s.find("contact", "url", "https://www.linkedin.com/in/tomasreyes");
  REQUIRE(tomas);
  CHECK(tomas->data["title"] == "Engineer, Platform");
  CHECK(format_rfc3339(*tomas->time) == "2019-11-14T00:00:00Z");
  CHECK(tomas->data["time_precision"] == "day");

  const Record* inv = s.find("activity", "text", "Hej Marisol!\nWe met at the Stockholm meetup.");
  REQUIRE(inv);
  CHECK(inv->data["direction"] == "received");
  CHECK(inv->data["person"]["name"] == "Ines Okafor-Lindqvist");
  CHECK(format_rfc3339(*inv->time) == "2026-02-08T14:37:00Z");

  const Record* share = s.find("post", "url", "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7375999012665044992");
  REQUIRE(share);
  CHECK(share->data["text"] == "Excited to share our new export tool.\n\nIt reads CSV, JSON and HTML 🎉");

  // An unquoted comma in Comments.csv adds a cell; it belongs to the message.
  CHECK(s.find("comment", "text", "Great point, thanks for sharing"));

  const Record* endorsement = s.find("endorsement", "skill", "Kubernetes");
  REQUIRE(endorsement);
  CHECK(endorsement->data["person"]["url"] == "https://www.linkedin.com/in/lei-li-8812");
  CHECK(endorsement->data["direction"] == "received");

  const Record* follow = s.find("activity", "organization", "Contoso");
  REQUIRE(follow);
  CHECK(format_rfc3339(*follow->time) == "2025-10-01T16:02:32Z");

  const Record* event = s.find("event", "name", "Open Data Day Stockholm");
  REQUIRE(event);
  CHECK(event->data["start"] == "2022-03-05T10:00:00Z");
  CHECK(event->data["end"] == "2022-03-05T16:00:00Z");

  const Record* article = s.find("post", "type", "article");
  REQUIRE(article);
  CHECK(article->data["title"] == "Why exports need schemas");
  CHECK(format_rfc3339(*article->time) == "2025-02-03T09:30:00Z");

  const Record* learning = s.find("activity", "title", "Learning Data Governance");
  REQUIRE(learning);
  CHECK(learning->service == "learning");
  CHECK(learning->data["text"] == "Learn the basics of data governance.\n\nIncludes a certificate & quiz.");
  CHECK(learning->data["raw"]["content_type"] == "Course");
}

TEST_CASE("linkedin basic export: old Connections.csv and the address book", "[linkedin]") {
  auto r = run(basic);
  CHECK_FALSE(r->log.is_partial());
  size_t connections = 0, address_book = 0;
  for (const Record* c : r->sink.of("contact")) {
    connections += c->data["relation"] == "connection";
    address_book += c->data["relation"] == "address_book";
    if (c->data["relation"] == "connection") CHECK_FALSE(c->data.contains("url"));
  }
  CHECK(connections == 4);
  CHECK(address_book == 3);
  const Record* ana = r->sink.find("contact", "name", "Ana Pérez");
  REQUIRE(ana);
  CHECK(ana->data["emails"] == json::array({{{"address", "ana.perez@example.com"}}, {{"address", "ana@example.org"}}}));
  for (const auto& [path, verdict] : r->sink.verdicts) {
    INFO(path);
    CHECK(verdict.first == Fate::parsed);
  }
}

TEST_CASE("linkedin reads are deterministic and ids unique", "[linkedin]") {
  auto a = run(complete);
  auto b = run(complete);
  std::vector<std::string> ids_a, ids_b;
  for (const Record& r : a->sink.records) ids_a.push_back(r.id);
  for (const Record& r : b->sink.records) ids_b.push_back(r.id);
  CHECK(ids_a == ids_b);
  std::sort(ids_a.begin(), ids_a.end());
  CHECK(std::adjacent_find(ids_a.begin(), ids_a.end()) == ids_a.end());
}

TEST_CASE("linkedin files that cannot be read make the run partial", "[linkedin]") {
  TempExport bad({
      // The preamble is there but the header row is missing: rows cannot be mapped.
      {"Connections.csv",
       "Notes:\n\"When exporting your connection data...\"\n\nTomás,Reyes,https://www.linkedin.com/in/tomasreyes,,"
       "Contoso,Engineer,14 Nov 2019\n"},
      // A header, but no row has a company or a title.
      {"Positions.csv", "Company Name,Title,Description,Location,Started On,Finished On\n,,a,b,Jan 2020,\n"},
      // One readable row and one that is not; an unreadable date is kept in raw with a warning.
      {"Skills.csv", "Name,Extra\nC++,\n,orphan\n"},
      {"Projects.csv", "Title,Description,Url,Started On,Finished On\nX,,,sometime,\n"},
  });
  FakeSink sink;
  Log log(Verbosity::quiet, false);
  Archive a({bad.path()});
  read_linkedin(a, sink, log);
  CHECK(log.is_partial());
  CHECK(sink.verdicts.at("Connections.csv").first == Fate::failed);
  CHECK(sink.verdicts.at("Positions.csv").first == Fate::failed);
  CHECK(sink.verdicts.at("Skills.csv").first == Fate::partial);
  CHECK(sink.of("skill").size() == 1);
  const Record* x = sink.find("project", "title", "X");
  REQUIRE(x);
  CHECK(x->data["raw"]["started_on"] == "sometime");
  CHECK_FALSE(x->time);
  CHECK(log.warnings() >= 4);
}

namespace {
// UTF-16LE with a BOM, as LinkedIn writes Logins.csv (2018) and Endorsement_Received_Info.csv (2022).
std::string utf16le(const std::string& utf8) {
  std::string out = "\xFF\xFE";
  std::u16string u;
  for (size_t i = 0; i < utf8.size();) {  // enough for the BMP text of these tests
    auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
    if (n == 2) cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
    if (n == 3) cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
    out += static_cast<char>(cp & 0xFF);
    out += static_cast<char>(cp >> 8);
    i += n;
  }
  return out;
}
}  // namespace

TEST_CASE("linkedin 2018 layout: older columns, UTF-16LE TAB files, every file parsed", "[linkedin]") {
  auto r = run(SOURCE_DIR "/samples/linkedin-2018");
  CHECK_FALSE(r->log.is_partial());
  for (const auto& [path, verdict] : r->sink.verdicts) {
    INFO(path << ": " << verdict.second);
    CHECK(verdict.first == Fate::parsed);
  }
  CHECK(r->sink.verdicts.size() == 13);
  // Messages.csv From,To,Date,Subject,Content,Direction,Folder.
  auto messages = r->sink.of("message");
  REQUIRE(messages.size() == 2);
  const Record* in = r->sink.find("message", "subject", "Coffee?");
  REQUIRE(in);
  CHECK(in->data["direction"] == "received");
  CHECK(in->data["from"]["name"] == "Tomás Reyes");
  CHECK(in->data["text"] == "Are you in Lyon next week?\nWould be good to catch up.");
  // Imported Contacts.csv "Email Address", Registration.csv "Registration Date".
  CHECK(r->sink.find("contact", "email", "marta.silva@example.com"));
  auto profiles = r->sink.of("profile");
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]->data["registered_at"] == "2009-04-02");
  // SavedJobAlerts.csv "Saved Search Date,Jobs Search Url": the query comes out of the URL.
  CHECK(r->sink.find("activity", "query", "data engineer"));
  CHECK(r->sink.find("activity", "query", "staff engineer"));
  // Rich Media.csv Type,Link.
  CHECK(r->sink.find("media", "title", "Profile Photo"));
  // The UTF-16LE+TAB files: decoded text, commas and semicolons inside cells kept whole.
  const Record* login = r->sink.find("login", "ip", "203.0.113.7");
  REQUIRE(login);
  CHECK(login->data["user_agent"] == "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)");
  CHECK(r->sink.find("activity", "query", "Tomás Reyes"));
  CHECK(r->sink.find("inference", "value", "français"));
  CHECK(r->sink.find("inference", "value", "Fabrikam"));
  CHECK(r->sink.find("activity", "title", "Account created"));
  CHECK(r->sink.of("post").size() == 1);
  for (const Record& rec : r->sink.records) CHECK(rec.data.dump().find('\0') == std::string::npos);
}

TEST_CASE("linkedin 2022 UTF-16LE files and Events.csv time ranges", "[linkedin]") {
  TempExport x({
      {"Endorsement_Received_Info.csv",
       utf16le("Endorsement Date\tSkill Name\tEndorser First Name\tEndorser Last Name\tEndorser Public Url\t"
               "Endorsement Status\r\n2022/01/05 10:00:00 UTC\tC++\tTomás\tReyes\twww.linkedin.com/in/tomasreyes\t"
               "ACCEPTED\r\n")},
      {"Account Status History.csv", utf16le("Time\tEvent\r\n2022/02/01 09:00:00 UTC\tAccount restricted\r\n")},
      {"Events.csv",
       "Event Name,Event Time,Status,External Url\n"
       "Data Night,\"Nov 14, 2024, 6:00 PM - Nov 14, 2024, 8:30 PM\",ATTENDING,\n"},
  });
  auto r = run(x.path());
  CHECK_FALSE(r->log.is_partial());
  const Record* e = r->sink.find("endorsement", "skill", "C++");
  REQUIRE(e);
  CHECK(e->data["person"]["name"] == "Tomás Reyes");
  CHECK(r->sink.find("activity", "title", "Account restricted"));
  const Record* ev = r->sink.find("event", "name", "Data Night");
  REQUIRE(ev);
  CHECK(ev->data["start"] == "2024-11-14T18:00:00Z");
  CHECK(ev->data["end"] == "2024-11-14T20:30:00Z");
  CHECK_FALSE(ev->data.contains("raw"));
}

TEST_CASE("linkedin: a CSV that is not text fails alone and is never parsed", "[linkedin]") {
  std::string junk = "\x01\x02\x03\x04garbage";
  for (int i = 0; i < 300; ++i) junk += static_cast<char>(i % 32);
  TempExport x({{"Ad_Targeting.csv", junk}, {"Skills.csv", "Name\nC++\n"}});
  auto r = run(x.path());
  CHECK(r->log.is_partial());
  CHECK(r->sink.verdicts.at("Ad_Targeting.csv").first == Fate::failed);
  CHECK(r->sink.verdicts.at("Skills.csv").first == Fate::parsed);
  CHECK(r->sink.of("inference").empty());
}

TEST_CASE("linkedin: distinct in, distinct out", "[linkedin][distinct]") {
  // The same question answered twice (saved answers and screening responses): two notes.
  auto answers = [](const std::string& a, const std::string& b) {
    return std::vector<std::pair<std::string, std::string>>{
        {"Job Applicant Saved Answers.csv", "Question,Answer\nCover letter,\"" + a + "\"\n"},
        {"Job Applicant Saved Screening Question Responses.csv", "Question,Answer\nCover letter,\"" + b + "\"\n"}};
  };
  CHECK(distinct_ids(read_linkedin, answers("Dear team,\nI build.", "Dear team,\nI test."), "note") == 2);
  CHECK(distinct_ids(read_linkedin, answers("Dear team,\nI build.", "Dear team,\nI build."), "note") == 1);
  // Two messages that differ only in their recipients, in two files.
  auto messages = [](const std::string& to_a, const std::string& to_b) {
    const std::string head =
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n";
    auto row = [](const std::string& to) { return ",,Ana Kowal,,\"" + to + "\",,2024-01-02 10:00:00 UTC,Hello,Hi!,SENT\n"; };
    return std::vector<std::pair<std::string, std::string>>{{"learning_coach_messages.csv", head + row(to_a)},
                                                            {"learning_role_play_messages.csv", head + row(to_b)}};
  };
  CHECK(distinct_ids(read_linkedin, messages("Bo Lind", "Cy Moss"), "message") == 2);
  CHECK(distinct_ids(read_linkedin, messages("Bo Lind", "Bo Lind"), "message") == 1);
}

TEST_CASE("linkedin: identical rows of one file are as many records, each with an id of its own", "[linkedin][distinct]") {
  // A CSV holds no ids: two identical rows are two items (two messages that said the same), so
  // the second and third get "#2" and "#3" on their key, the same ones on every read.
  const std::string head = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
  const std::string same = "Ana,Kowal,,,Acme,Engineer,08 Feb 2026\n";
  TempExport t({{"Connections.csv", head + same + same + "Bo,Lind,,,Acme,Engineer,08 Feb 2026\n" + same}});
  auto first = run(t.path());
  auto again = run(t.path());
  std::vector<std::string> ids, ids_again;
  for (const Record* r : first->sink.of("contact")) ids.push_back(r->id);
  for (const Record* r : again->sink.of("contact")) ids_again.push_back(r->id);
  REQUIRE(ids.size() == 4);
  CHECK(ids == ids_again);
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::unique(sorted.begin(), sorted.end()) == sorted.end());
  // Rows 1, 2 and 4 are Ana (no URL: her key is her name, date, company, title and email).
  const std::string ana = "connection:Ana Kowal|08 Feb 2026|Acme|Engineer|";
  CHECK(ids[0] == make_record_id("linkedin", "contact", ana));
  CHECK(ids[1] == make_record_id("linkedin", "contact", ana + "#2"));
  CHECK(ids[3] == make_record_id("linkedin", "contact", ana + "#3"));
}

TEST_CASE("linkedin content_hash is the hash of the sorted name=value cells, whatever the row", "[linkedin]") {
  // The key of rows without one of their own: it must not change (it makes ids). Checked against
  // the plain way of writing it, on rows with blank cells, cells past the header, names with a
  // byte order mark, spaces or capitals, names that are prefixes of others, and repeated names.
  auto plain = [](const CsvHeader& h, const linkedin::Row& row) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string_view v = trim(row[i]);
      if (v.empty()) continue;
      std::string name = i < h.names().size() ? lower(trim(strip_bom(h.names()[i]))) : "#" + std::to_string(i);
      parts.push_back(name + "=" + std::string(v));
    }
    std::sort(parts.begin(), parts.end());
    std::string joined;
    for (const std::string& p : parts) joined += (joined.empty() ? "" : "\n") + p;
    return sha256_hex(joined).substr(0, 32);
  };
  const std::vector<std::string> names = {"\xef\xbb\xbf" "Date", " Name ", "name", "Name X", "URL", "a", "a b", "A=B", ""};
  const std::vector<std::string> values = {"", " ", "x", " Ana Kowal ", "2024-01-02", "=", "a\nb", "Zo\xc3\xab", "#1"};
  std::mt19937 rng(15);
  for (int n = 0; n < 2000; ++n) {
    std::vector<std::string> header;
    for (size_t i = rng() % 6; i > 0; --i) header.push_back(names[rng() % names.size()]);
    CsvHeader h(header);
    linkedin::Row row;
    for (size_t i = rng() % 8; i > 0; --i) row.push_back(values[rng() % values.size()]);
    std::string got = linkedin::content_hash(h, row);
    if (got != plain(h, row)) FAIL_CHECK("row " << n << ": " << got << " != " << plain(h, row));
    CHECK(got.size() == 32);
  }
  CsvHeader h({"First Name", "Last Name"});
  CHECK(linkedin::content_hash(h, {"Ana", "Kowal"}) == linkedin::content_hash(CsvHeader({"Last Name", "First Name"}), {"Kowal", "Ana"}));
  CHECK(linkedin::content_hash(h, {"Ana", "Kowal"}) == sha256_hex("first name=Ana\nlast name=Kowal").substr(0, 32));
}

TEST_CASE("li_time reads what trying every LinkedIn date pattern in turn reads", "[linkedin]") {
  // li_time tries only the patterns that can match the first character; the result must be the
  // one the whole list, in order, gives.
  auto every_pattern = [](std::string_view raw) {
    std::string_view s = trim(raw);
    static const char* days[] = {"mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "};
    for (const char* d : days)
      if (s.size() > 4 && lower(s.substr(0, 4)) == d) s = trim(s.substr(4));
    return parse_any(s, {"%d %b %Y", "%b %Y", "%b %d, %Y", "%b %d, %Y %I:%M %p", "%b %d, %Y, %I:%M %p",
                         "%b %d %H:%M:%S %Z %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%y %I:%M %p %Z", "%m/%d/%y %I:%M %p",
                         "%m/%d/%Y, %I:%M %p", "%m/%d/%Y %I:%M %p", "%m/%d/%y", "%m/%d/%Y", "%Y/%m/%d %H:%M:%S %Z",
                         "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d %H:%M %Z", "%b %d, %Y at %I:%M %p (%Z)",
                         "%b %d, %Y at %I:%M %p"});
  };
  const std::vector<std::string> dates = {
      "08 Feb 2026", "8 Feb 2026", "Jan 2024", "Sept 2019", "Mar 4, 2024", "Mar 4, 2024 2:37 PM", "Mar 4, 2024, 2:37 PM",
      "Mon Mar 04 10:15:00 UTC 2024", "Tue Mar 4, 2024", "1/29/26, 2:37 PM", "1/29/26 2:37 PM UTC", "1/29/26 2:37 PM",
      "01/29/2026, 02:37 PM", "1/29/2026 2:37 PM", "1/29/26", "01/29/2026", "2024/03/01 10:15:00 UTC",
      "2024/03/01 10:15:00", "2024/03/01", "2024-03-01 10:15 UTC", "2024-03-01 10:15:00 UTC", "2024-03-01T10:15:00Z",
      "2024-03-01", "Mar 4, 2024 at 2:37 PM (UTC)", "Mar 4, 2024 at 2:37 PM", "  Mar 2024  ", "", "Not Available",
      "-", "+2024-03-01", "\xc3\xa9t\xc3\xa9 2024", "13/45/2024", "Foo 4, 2024", "mon", "sun 2024-03-01", "2024",
      "2024-3-1", "2024-03-01 10:15 PM", "2024-03-01 10:15 +0100", "2024-", "2024-03", "2024-03-01 10:15:00",
      "2024-13-01 10:15 UTC", "THU 2024-03-01 10:15 UTC", "20240301", "2024-03-01T10:15:00.5+01:00"};
  for (const std::string& d : dates) {
    INFO(d);
    auto got = linkedin::li_time(d);
    auto want = every_pattern(d);
    REQUIRE(got.has_value() == want.has_value());
    if (got) CHECK((got->seconds == want->seconds && got->precision == want->precision));
  }
  CHECK(linkedin::li_time("08 Feb 2026").has_value());
  CHECK(linkedin::li_time("2024-03-01 10:15:00 UTC").has_value());
}
