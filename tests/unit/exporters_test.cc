#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "exporters/common.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/media.h"
#include "lib/store.h"
#include "lib/text.h"
#include "tests/unit/zip_writer.h"

namespace dataport {
std::string find_fediverse_address(std::string_view text);
std::string address_from_profile_url(std::string_view url);
std::string encode_header(std::string_view s);
}  // namespace dataport

using namespace dataport;
using dataport::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

Record rec(const std::string& kind, const std::string& platform, const std::string& key, const std::string& when,
           json data) {
  Record r = make_record(kind, platform, key, "file", "line 1");
  r.source.archive = "test";
  if (!when.empty()) set_time(r, *parse_iso8601(when));
  r.data = std::move(data);
  return r;
}

// A store with a few records of every kind the exporters read.
void fill(Store& s) {
  s.begin();
  int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  std::vector<Record> rs = {
      rec("profile", "linkedin", "p", "", {{"first_name", "Ada"}, {"last_name", "López"}, {"headline", "Engineer"},
                                           {"emails", json::array({{{"address", "ada@example.org"}, {"primary", true}}})},
                                           {"websites", json::array({"example.org/ada"})}}),
      rec("position", "linkedin", "j1", "2019-03-01T00:00:00Z",
          {{"company", "Fabrikam"}, {"title", "Dev"}, {"start", "2019-03"}, {"end", "Present"}, {"type", "job"}}),
      rec("skill", "linkedin", "s1", "", {{"name", "C++"}, {"type", "skill"}}),
      rec("skill", "linkedin", "s2", "", {{"name", "Español"}, {"type", "language"}, {"proficiency", "Native"}}),
      rec("recommendation", "linkedin", "r1", "2024-01-01T00:00:00Z",
          {{"direction", "received"}, {"status", "hidden"}, {"text", "hidden one"}}),
      rec("contact", "linkedin", "c1", "", {{"relation", "connection"}, {"name", "Bob Stone"}, {"email", "BOB@example.org"},
                                            {"url", "https://www.linkedin.com/in/bob"}}),
      rec("contact", "google", "c2", "", {{"relation", "address_book"}, {"name", "Robert Stone"},
                                          {"emails", json::array({{{"address", "bob@example.org"}}})},
                                          {"note", "on Mastodon as @bob@social.example"}}),
      rec("contact", "x", "c3", "", {{"relation", "following"}, {"name", "Bob Stone"}, {"url", "https://x.com/bob"}}),
      rec("contact", "x", "c4", "", {{"relation", "blocked"}, {"username", "@troll@bad.example"}}),
      rec("contact", "x", "c5", "", {{"relation", "following"}, {"name", "Omar"}, {"note", "now at https://fosstodon.example/@omar"}}),
      rec("contact", "x", "c6", "", {{"relation", "following"}, {"name", "Kai"}, {"url", "https://x.com/kai"},
                                     {"avatar", {{"sha256", sha256_hex("PNGDATA")}, {"mime", "image/png"}}}}),
      rec("message", "x", "m3", "2024-02-11T10:00:00Z",
          {{"thread_id", "t2"}, {"from", {{"url", "https://x.com/kai"}}}, {"text", "moved: @kai@pixel.example"}}),
      rec("event", "google", "e1", "2024-05-01T00:00:00Z", {{"name", "Holiday; long, one"}, {"start", "2024-05-01"}, {"end", "2024-05-02"}}),
      rec("event", "facebook", "e2", "2024-06-01T18:00:00Z",
          {{"name", "Meetup"}, {"start", "2024-06-01T18:00:00Z"}, {"response", "interested"}, {"rrule", "FREQ=WEEKLY;COUNT=3"}}),
      rec("event", "google", "e3", "2025-03-03T08:30:00Z",
          {{"name", "Choir"}, {"start", "2025-03-03T08:30:00Z"}, {"end", "2025-03-03T09:00:00Z"}, {"timezone", "Europe/Berlin"},
           {"rrule", "FREQ=WEEKLY;BYDAY=MO"}, {"exdates", json::array({"2025-04-07T07:30:00Z"})}}),
      rec("event", "google", "e4", "", {{"name", "Brunch"}, {"start", "2025-05-10T10:00:00"}}),
      rec("message", "x", "m1", "2024-02-10T09:58:00Z",
          {{"thread_id", "t1"}, {"from", {{"name", "Zoë"}}}, {"to", json::array({{{"username", "ana"}}})},
           {"text", "From the start\n>From quoted"}}),
      rec("message", "x", "m2", "2024-02-10T10:00:00Z", {{"thread_id", "t1"}, {"from", {{"username", "ana"}}}, {"text", "reply"}}),
      rec("post", "x", "po1", "2024-03-01T12:00:00Z",
          {{"text", "Hello #fediverse see https://example.org/a."},
           {"media", json::array({{{"sha256", sha256_hex("PNGDATA")}, {"mime", "image/png"}, {"alt", "a dot"}}})}}),
      rec("post", "x", "po2", "2024-03-02T12:00:00Z", {{"type", "share"}, {"repost", true}, {"url", "https://x.com/a/status/1"}}),
      rec("location", "google", "l1", "2024-01-01T10:00:00Z", {{"lat", 51.5}, {"lon", -0.12}}),
      rec("location", "google", "l2", "2024-01-01T10:05:00Z", {{"lat", 51.51}, {"lon", -0.13}}),
      rec("location", "google", "l3", "2024-01-01T15:00:00Z", {{"lat", 51.6}, {"lon", -0.2}}),
      rec("location", "google", "l4", "2024-01-01T15:01:00Z", {{"lat", 95.0}, {"lon", 0.0}}),
      rec("location", "google", "v1", "2024-01-01T11:00:00Z",
          {{"type", "visit"}, {"lat", 51.5}, {"lon", -0.12}, {"name", "Café & Co"}}),
  };
  for (const Record& r : rs) s.insert_record(r, a);
  s.commit();
  // The one media file the records point to, where the media store keeps it.
  std::string photo = MediaStore(s.media_dir()).path_of(sha256_hex("PNGDATA"));
  std::filesystem::create_directories(std::filesystem::path(photo).parent_path());
  std::ofstream(photo, std::ios::binary) << "PNGDATA";
}

ExportOptions options(const std::string& out) {
  ExportOptions o;
  o.output = out;
  o.source_date_epoch = 1700000000;
  return o;
}

}  // namespace

TEST_CASE("content lines fold at 75 octets without splitting UTF-8", "[exporters]") {
  std::string line = "NOTE:" + std::string(70, 'a') + "é" + std::string(80, 'b');
  std::string folded = fold_line(line);
  CHECK(folded.substr(folded.size() - 2) == "\r\n");
  size_t start = 0;
  for (size_t pos; (pos = folded.find("\r\n", start)) != std::string::npos; start = pos + 2) {
    CHECK(pos - start <= 75);
    std::string piece = folded.substr(start, pos - start);
    CHECK((static_cast<unsigned char>(piece[piece[0] == ' ' ? 1 : 0]) & 0xC0) != 0x80);
  }
  CHECK(replace_all(replace_all(folded, "\r\n ", ""), "\r\n", "") == line);
  CHECK(escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  // Control characters but the tab are left out of a content line, wherever they came from.
  CHECK(fold_line("NOTE:Co\x7f-author\x01 of\tit" + escape_text("\x1b[0m")) == "NOTE:Co-author of\tit[0m\r\n");
  std::string lined = fold_line(std::string(74, 'x') + "\x7f" + "y");
  CHECK(lined == std::string(74, 'x') + "y\r\n");  // what is left out takes no width
  // Nor does a control character hide after a lead byte with no continuation (not UTF-8).
  CHECK(fold_line("a\xe4\x13\xe4" "b\x1d") == "a\xe4\xe4" "b\r\n");
}

TEST_CASE("base64, short dates and RFC 2047 headers", "[exporters]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(short_date("2020-01-30T10:00:00Z") == "2020-01-30");
  CHECK(short_date("2020-01") == "2020-01");
  CHECK(short_date("2020") == "2020");
  CHECK(short_date("Present") == "");
  CHECK(encode_header("plain") == "plain");
  CHECK(encode_header("Café") == "=?UTF-8?B?Q2Fmw6k=?=");
}

TEST_CASE("fediverse addresses are found only where they are written", "[exporters][mastodon]") {
  CHECK(find_fediverse_address("find me at @bob@social.example!") == "bob@social.example");
  CHECK(find_fediverse_address("@Alice@Mastodon.Social") == "Alice@mastodon.social");
  CHECK(find_fediverse_address("mail bob@social.example") == "");  // an email, not an address
  CHECK(find_fediverse_address("@bob on x") == "");
  CHECK(find_fediverse_address("@bob@localhost") == "");
  CHECK(address_from_profile_url("https://social.example/@carol") == "carol@social.example");
  CHECK(address_from_profile_url("https://social.example/users/carol/") == "carol@social.example");
  CHECK(address_from_profile_url("https://medium.com/@carol") == "");
  CHECK(address_from_profile_url("https://www.youtube.com/@carol") == "");
  CHECK(address_from_profile_url("https://social.example/@carol/1234") == "");
  CHECK(address_from_profile_url("https://www.linkedin.com/in/carol") == "");
}

TEST_CASE("vcard --split: cards of one name get the first numbers free", "[exporters]") {
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  // Twelve people named Facebook User, one named "Facebook User-3" (its file comes first), each
  // with an email of their own so that none is merged with another.
  for (int i = 0; i < 13; ++i) {
    std::string name = i == 0 ? "Facebook User-3" : "Facebook User";
    s.insert_record(rec("contact", "facebook", "c" + std::to_string(i), "",
                        {{"relation", "address_book"}, {"name", name},
                         {"emails", json::array({{{"address", "u" + std::to_string(i) + "@example.org"}}})}}),
                    a);
  }
  s.commit();
  Log log(Verbosity::quiet, false);
  ExportOptions o = options(t.path("cards"));
  o.params["split"] = "1";
  export_vcard(s, o, log);
  std::set<std::string> got;
  for (const auto& e : std::filesystem::directory_iterator(t.path("cards"))) got.insert(e.path().filename().string());
  std::set<std::string> want = {"Facebook User.vcf", "Facebook User-3.vcf", "Facebook User-2.vcf"};
  for (int n = 4; n <= 13; ++n) want.insert("Facebook User-" + std::to_string(n) + ".vcf");
  CHECK(got == want);
}

TEST_CASE("vcard: hundreds of records of one person merge into one card with each value once", "[exporters]") {
  // They share a phone number. Values repeat across records (an email in other cases), and each
  // list keeps the first of each value, in the order of the records.
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  uint32_t x = 7;
  auto pick = [&](uint32_t n) {
    x = x * 1103515245u + 12345u;
    return (x >> 16) % n;
  };
  std::vector<std::string> emails, nicknames, notes, accounts, titles, categories;
  std::vector<json> addresses;
  std::set<std::string> seen;
  auto first = [&](std::vector<std::string>& list, const std::string& kind, const std::string& key, const std::string& v) {
    if (seen.insert(kind + "\n" + key).second) list.push_back(v);
  };
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) {
    std::string name = "Person " + std::to_string(pick(40));
    std::string nickname = pick(3) ? "" : "Person " + std::to_string(pick(40));  // often another's name
    std::string email = "p" + std::to_string(pick(30)) + "@example.org";
    if (pick(2)) email = "P" + email.substr(1);  // the same address in another case
    json addr = {{"street", std::to_string(pick(6)) + " Main St"}, {"locality", "Springfield"}};
    std::string category = "group " + std::to_string(pick(10)), note = "note " + std::to_string(pick(12));
    std::string user = "user" + std::to_string(pick(9)), title = "title " + std::to_string(pick(8));
    char when[32];
    std::snprintf(when, sizeof when, "2020-01-01T%02d:%02d:00Z", i / 60, i % 60);
    s.insert_record(rec("contact", "google", "c" + std::to_string(i), when,
                        {{"relation", "address_book"}, {"name", name}, {"nickname", nickname}, {"username", user}, {"title", title},
                         {"note", note}, {"emails", json::array({{{"address", email}}})},
                         {"phones", json::array({{{"number", "+1 555 0100"}}})}, {"addresses", json::array({addr})},
                         {"categories", json::array({category})}}),
                    a);
    first(names, "name", name, name);
    if (!nickname.empty()) first(nicknames, "nickname", nickname, nickname);
    first(emails, "email", lower(email), email);
    if (seen.insert("address\n" + addr.dump()).second) addresses.push_back(addr);
    first(categories, "category", category, category);
    first(notes, "note", note, note);
    first(accounts, "account", user, "google:" + user);
    first(titles, "title", title, title);
  }
  s.commit();
  // The nicknames, then every name after the first that is not one of them.
  for (size_t i = 1; i < names.size(); ++i)
    if (std::find(nicknames.begin(), nicknames.end(), names[i]) == nicknames.end()) nicknames.push_back(names[i]);
  Log log(Verbosity::quiet, false);
  export_vcard(s, options(t.path("c.vcf")), log);
  std::string v = replace_all(slurp(t.path("c.vcf")), "\r\n ", "");
  std::vector<std::string> got_emails, got_nicknames, got_accounts, got_addresses;
  std::string got_categories, got_note, got_title;
  size_t cards = 0;
  for (const std::string& line : split(v, '\n')) {
    std::string l = line.substr(0, line.size() - (!line.empty() && line.back() == '\r'));
    auto value = [&] { return l.substr(l.find(':') + 1); };
    if (l == "BEGIN:VCARD") ++cards;
    else if (l.rfind("EMAIL", 0) == 0) got_emails.push_back(value());
    else if (l.rfind("NICKNAME:", 0) == 0) got_nicknames.push_back(value());
    else if (l.rfind("X-DATAPORT-ACCOUNT:", 0) == 0) got_accounts.push_back(value());
    else if (l.rfind("ADR", 0) == 0) got_addresses.push_back(value());
    else if (l.rfind("CATEGORIES:", 0) == 0) got_categories = value();
    else if (l.rfind("NOTE:", 0) == 0) got_note = value();
    else if (l.rfind("TITLE:", 0) == 0) got_title = value();
  }
  CHECK(cards == 1);
  CHECK(got_emails == emails);
  CHECK(got_nicknames == nicknames);
  CHECK(got_accounts == accounts);
  REQUIRE(got_addresses.size() == addresses.size());
  for (size_t i = 0; i < addresses.size(); ++i)
    CHECK(got_addresses[i] == ";;" + addresses[i]["street"].get<std::string>() + ";Springfield;;;");
  CHECK(got_categories == join(categories, ","));
  CHECK(got_note == join(notes, "\\n"));
  CHECK(got_title == titles.front());
  CHECK(emails.size() == 30);  // every value came more than once
  CHECK(addresses.size() == 6);
}

TEST_CASE("gpx and geojson: track segments in the order of their first time, whatever their kind", "[exporters]") {
  // Fix segments (written as their fixes come) and movements (a segment record with a path), one
  // of each starting at the same second: the fixes' first, as a stable sort of both gives.
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  auto fix = [&](const std::string& key, const std::string& when, double lat) {
    s.insert_record(rec("location", "google", key, when, {{"type", "fix"}, {"lat", lat}, {"lon", 2.0}}), a);
  };
  auto movement = [&](const std::string& key, const std::string& when, json path) {
    s.insert_record(rec("location", "google", key, when, {{"type", "segment"}, {"path", std::move(path)}}), a);
  };
  fix("f1", "2024-01-01T00:00:00Z", 10.0);  // segment A: two fixes
  fix("f2", "2024-01-01T00:01:00Z", 10.5);
  fix("f3", "2024-01-01T05:00:00Z", 11.0);  // segment B: one fix, after a gap
  movement("m1", "2024-01-01T03:00:00Z", {{{"lat", 20.0}, {"lon", 2.0}, {"time", "2024-01-01T03:00:00Z"}}, {{"lat", 20.5}, {"lon", 2.0}}});
  movement("m2", "2024-01-01T05:00:00Z", {{{"lat", 30.0}, {"lon", 2.0}, {"time", "2024-01-01T05:00:00Z"}}, {{"lat", 30.5}, {"lon", 2.0}}});
  movement("m3", "", {{{"lat", 40.0}, {"lon", 2.0}}, {{"lat", 40.5}, {"lon", 2.0}}});  // no time: last
  s.commit();
  Log log(Verbosity::quiet, false);
  export_gpx(s, options(t.path("l.gpx")), log);
  std::string g = slurp(t.path("l.gpx"));
  std::vector<size_t> at;
  for (const char* lat : {"lat=\"10\"", "lat=\"20\"", "lat=\"11\"", "lat=\"30\"", "lat=\"40\""}) at.push_back(g.find(lat));
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(at.back() != std::string::npos);
  CHECK(g.find("<trkseg>\n      <trkpt lat=\"10\" lon=\"2\"><time>2024-01-01T00:00:00Z</time></trkpt>\n      <trkpt lat=\"10.5\"") !=
        std::string::npos);
  export_geojson(s, options(t.path("l.geojson")), log);
  std::string text = slurp(t.path("l.geojson"));
  json doc = json::parse(text);
  CHECK(text == doc.dump() + "\n");  // what one dump of the whole document writes
  REQUIRE(doc["features"].size() == 5);
  std::vector<double> first_lat;
  for (const json& f : doc["features"]) {
    const json& c = f["geometry"]["coordinates"];
    first_lat.push_back(c[0].is_array() ? c[0][1].get<double>() : c[1].get<double>());
  }
  CHECK(first_lat == std::vector<double>{10, 20, 11, 30, 40});
  CHECK(doc["features"][0]["properties"]["coordTimes"] == json::array({"2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"}));
  CHECK(doc["features"][0]["properties"]["end"] == "2024-01-01T00:01:00Z");
  CHECK(doc["features"][2]["geometry"]["type"] == "Point");  // a lone fix
  CHECK(doc["features"][1]["properties"]["coordTimes"] == json::array({"2024-01-01T03:00:00Z", nullptr}));
}

TEST_CASE("mbox: a reply names the message its record names as parent, else the one before it", "[exporters]") {
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
  // A ChatGPT conversation that branches (b and c both answer a), and a Messenger thread whose
  // messages name no parent, its pointers ending as the ChatGPT ones do.
  std::vector<Record> rs;
  auto message = [&](const std::string& platform, const std::string& thread, const std::string& leaf,
                     const std::string& parent, int minute) {
    json d = {{"text", "message " + leaf}, {"thread_id", thread}};
    if (!parent.empty()) d["parent"] = parent;
    char when[32];
    std::snprintf(when, sizeof when, "2024-01-01T10:%02d:00Z", minute);
    Record r = rec("message", platform, platform + leaf, when, d);
    r.source.pointer = "/conversations/0/mapping/" + leaf;
    s.insert_record(r, a);
    rs.push_back(r);
  };
  message("chatgpt", "t1", "a", "", 0);
  message("chatgpt", "t1", "b", "a", 1);
  message("chatgpt", "t1", "c", "a", 2);
  message("chatgpt", "t1", "d", "zz", 3);  // a parent not in the store: the message before it
  message("facebook", "f1", "a", "", 4);
  message("facebook", "f1", "b", "", 5);
  message("facebook", "f1", "c", "", 6);
  s.commit();
  Log log(Verbosity::quiet, false);
  export_mbox(s, options(t.path("m.mbox")), log);
  std::string v = slurp(t.path("m.mbox"));
  auto id = [&](size_t i) { return "<" + rs[i].id + "@" + rs[i].platform + ".dataport.invalid>"; };
  // The In-Reply-To of each message, in order; "" for none.
  std::vector<std::string> replies;
  for (size_t at = 0; (at = v.find("\nMessage-ID: ", at)) != std::string::npos; ++at) {
    size_t end = v.find("\n\n", at);
    std::string head = v.substr(at, end - at);
    size_t r = head.find("\nIn-Reply-To: ");
    replies.push_back(r == std::string::npos ? "" : head.substr(r + 14, head.find('\n', r + 1) - r - 14));
  }
  CHECK(replies == std::vector<std::string>{"", id(0), id(0), id(2), "", id(4), id(5)});
}

TEST_CASE("mastodon: an outbox of no posts and of many is what one dump of it writes", "[exporters][mastodon]") {
  for (int posts : {0, 3}) {
    TempDir t;
    Store s(t.path("db/test.db"), Store::Mode::read_write);
    s.begin();
    int64_t a = s.upsert_archive("test", "t", json::array(), "dump", "dump", "2026-01-01T00:00:00Z");
    for (int i = 0; i < posts; ++i)
      s.insert_record(rec("post", "x", "p" + std::to_string(i), "2024-01-0" + std::to_string(i + 1) + "T10:00:00Z",
                          {{"text", "post " + std::to_string(i) + "\nwith a second line"}}),
                      a);
    s.commit();
    Log log(Verbosity::quiet, false);
    export_mastodon(s, options(t.path("masto")), log);
    std::string text = slurp(t.path("masto/archive/outbox.json"));
    json doc = json::parse(text);
    CHECK(text == doc.dump(2) + "\n");
    CHECK(doc["totalItems"] == posts);
    REQUIRE(doc["orderedItems"].size() == static_cast<size_t>(posts));
    if (posts) CHECK(doc["orderedItems"][2]["published"] == "2024-01-03T10:00:00Z");  // oldest first
  }
}

TEST_CASE("exporters write what the store holds, deterministically", "[exporters]") {
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  fill(s);
  Log log(Verbosity::quiet, false);

  SECTION("jsonresume drops Present and hidden recommendations, adds a scheme to URLs") {
    export_jsonresume(s, options(t.path("r.json")), log);
    json doc = json::parse(slurp(t.path("r.json")));
    CHECK(doc["basics"]["name"] == "Ada López");
    CHECK(doc["basics"]["email"] == "ada@example.org");
    CHECK(doc["basics"]["url"] == "https://example.org/ada");
    CHECK(doc["work"][0]["startDate"] == "2019-03");
    CHECK_FALSE(doc["work"][0].contains("endDate"));
    CHECK(doc["languages"][0]["language"] == "Español");
    CHECK(doc["skills"][0]["name"] == "C++");
    CHECK_FALSE(doc.contains("references"));
  }
  SECTION("vcard keeps the people the person knows by default") {
    export_vcard(s, options(t.path("c.vcf")), log);
    std::string v = slurp(t.path("c.vcf"));
    size_t cards = 0;
    for (size_t p = 0; (p = v.find("BEGIN:VCARD", p)) != std::string::npos; ++p) ++cards;
    CHECK(cards == 1);  // Bob (LinkedIn connection) + Robert (Google address book); X followings left out
    CHECK(v.find("linkedin connection") != std::string::npos);  // provenance in X-DATAPORT-SOURCE...
    CHECK(v.find("google address_book") != std::string::npos);
    CHECK(v.find("From:") == std::string::npos);  // ...not in the person's NOTE
    CHECK(v.find("NOTE:on Mastodon as @bob@social.example\r\n") != std::string::npos);  // the note, nothing added
  }
  SECTION("vcard merges on a shared email, never on the name alone") {
    ExportOptions o = options(t.path("c.vcf"));
    o.params["relation"] = "connection,address_book,following";
    export_vcard(s, o, log);
    std::string v = slurp(t.path("c.vcf"));
    // Bob (LinkedIn) and Robert (Google) share an email: one card; the X "Bob Stone" shares only the name: his own.
    size_t cards = 0;
    for (size_t p = 0; (p = v.find("BEGIN:VCARD", p)) != std::string::npos; ++p) ++cards;
    CHECK(cards == 4);  // Bob+Robert (linkedin, google), Bob Stone (x), Omar, Kai
    CHECK((v.find("NICKNAME:Robert Stone") != std::string::npos || v.find("NICKNAME:Bob Stone") != std::string::npos));
    size_t emails = 0;
    for (size_t p = 0; (p = lower(v).find("bob@example.org", p)) != std::string::npos; ++p) ++emails;
    CHECK(emails == 1);  // the same address in two cases is one email
    CHECK(v.find("troll") == std::string::npos);  // blocked: not an address-book entry
    CHECK(v.find("VERSION:3.0\r\n") != std::string::npos);
    CHECK(v.find("\n\n") == std::string::npos);
    ExportOptions o4 = o;
    o4.output = t.path("c4.vcf");
    o4.params["vcard-version"] = "4";
    export_vcard(s, o4, log);
    CHECK(replace_all(v, "\r\n ", "").find("PHOTO;ENCODING=b;TYPE=PNG:" + base64_encode("PNGDATA") + "\r\n") != std::string::npos);
    CHECK(slurp(t.path("c4.vcf")).find("VERSION:4.0\r\n") != std::string::npos);
    CHECK(replace_all(slurp(t.path("c4.vcf")), "\r\n ", "").find("PHOTO:data:image/png;base64," + base64_encode("PNGDATA")) !=
          std::string::npos);
    o4.params["vcard-version"] = "2.1";
    CHECK_THROWS_AS(export_vcard(s, o4, log), Error);
  }
  SECTION("ical writes all-day dates with an exclusive end, RRULE and PARTSTAT") {
    export_ical(s, options(t.path("e.ics")), log);
    std::string v = slurp(t.path("e.ics"));
    // The model's end is exclusive already: a one-day event stays one day.
    CHECK(v.find("DTSTART;VALUE=DATE:20240501\r\nDTEND;VALUE=DATE:20240502\r\n") != std::string::npos);
    // A zoned weekly event stays in its zone, with a VTIMEZONE; the floating one stays floating.
    CHECK(v.find("DTSTART;TZID=Europe/Berlin:20250303T093000\r\nDTEND;TZID=Europe/Berlin:20250303T100000\r\n") !=
          std::string::npos);
    CHECK(v.find("EXDATE;TZID=Europe/Berlin:20250407T093000\r\n") != std::string::npos);
    CHECK(v.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n") != std::string::npos);
    CHECK(v.find("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n") != std::string::npos);
    CHECK(v.find("DTSTART:20250510T100000\r\n") != std::string::npos);
    CHECK(v.find("SUMMARY:Holiday\\; long\\, one\r\n") != std::string::npos);
    CHECK(v.find("DTSTART:20240601T180000Z\r\n") != std::string::npos);
    CHECK(v.find("RRULE:FREQ=WEEKLY;COUNT=3\r\n") != std::string::npos);
    CHECK(v.find("PARTSTAT=TENTATIVE") != std::string::npos);
    CHECK(v.find("DTSTAMP:20231114T221320Z\r\n") != std::string::npos);  // SOURCE_DATE_EPOCH 1700000000
  }
  SECTION("mbox quotes From lines (mboxrd) and threads replies") {
    export_mbox(s, options(t.path("m.mbox")), log);
    std::string v = slurp(t.path("m.mbox"));
    CHECK(v.rfind("From MAILER-DAEMON Sat Feb 10 09:58:00 2024\n", 0) == 0);
    CHECK(v.find("\n>From the start\n>>From quoted\n") != std::string::npos);
    CHECK(v.find("From: =?UTF-8?B?") != std::string::npos);
    CHECK(v.find("In-Reply-To: <") != std::string::npos);
    CHECK(v.find("Date: Sat, 10 Feb 2024 10:00:00 +0000\n") != std::string::npos);
  }
  SECTION("gpx and geojson split tracks at gaps and drop impossible coordinates") {
    export_gpx(s, options(t.path("l.gpx")), log);
    std::string g = slurp(t.path("l.gpx"));
    size_t segs = 0;
    for (size_t p = 0; (p = g.find("<trkseg>", p)) != std::string::npos; ++p) ++segs;
    CHECK(segs == 2);
    CHECK(g.find("lat=\"95\"") == std::string::npos);
    CHECK(g.find("<wpt lat=\"51.5\" lon=\"-0.12\"><time>2024-01-01T11:00:00Z</time><name>Café &amp; Co</name>") !=
          std::string::npos);
    export_geojson(s, options(t.path("l.geojson")), log);
    json doc = json::parse(slurp(t.path("l.geojson")));
    CHECK(doc["features"][0]["geometry"]["coordinates"] == json::array({-0.12, 51.5}));  // [lon, lat]
    CHECK(doc["features"][1]["geometry"]["type"] == "LineString");
    CHECK(doc["features"][2]["geometry"]["type"] == "Point");  // a lone fix after the gap
  }
  SECTION("mastodon maps only honest addresses and writes an importable archive") {
    export_mastodon(s, options(t.path("masto")), log);
    std::string follow = slurp(t.path("masto/following_accounts.csv"));
    CHECK(follow.rfind("Account address,Show boosts,Notify on new posts,Languages\n", 0) == 0);
    CHECK(follow.find("bob@social.example") != std::string::npos);
    CHECK(follow.find("omar@fosstodon.example") != std::string::npos);  // a profile URL in the note
    CHECK(follow.find("kai@pixel.example") != std::string::npos);       // said in a DM from them
    CHECK(slurp(t.path("masto/address_sources.tsv")).find("a direct message from them") != std::string::npos);
    CHECK(slurp(t.path("masto/blocked_accounts.csv")) == "troll@bad.example\n");
    CHECK(slurp(t.path("masto/unmapped_contacts.csv")).find("Bob Stone,x,following") != std::string::npos);
    CHECK(slurp(t.path("masto/address_sources.tsv")).find("@address in the contact's note") != std::string::npos);
    std::string outbox_text = slurp(t.path("masto/archive/outbox.json"));
    json outbox = json::parse(outbox_text);
    CHECK(outbox_text == outbox.dump(2) + "\n");  // written an item at a time, as one dump writes it
    CHECK(outbox["totalItems"] == 1);  // the repost is not the person's words
    const json& note = outbox["orderedItems"][0]["object"];
    CHECK(note["tag"][0]["name"] == "#fediverse");
    CHECK(note["content"].get<std::string>().find("<a href=\"https://example.org/a\"") != std::string::npos);
    CHECK(note["to"].is_array());
    std::string media = note["attachment"][0]["url"];
    CHECK(media.rfind("media_attachments/files/", 0) == 0);
    CHECK(note["attachment"][0]["name"] == "a dot");
    CHECK(slurp(t.path("masto/archive/" + media)) == "PNGDATA");
    CHECK(json::parse(slurp(t.path("masto/archive/actor.json")))["@context"].is_array());
    CHECK(std::filesystem::file_size(t.path("masto/archive.zip")) > 100);
    std::string zip1 = slurp(t.path("masto/archive.zip"));
    export_mastodon(s, options(t.path("masto2")), log);
    CHECK(slurp(t.path("masto2/archive.zip")) == zip1);
  }
  SECTION("csv and ndjson write one file per kind") {
    export_csv(s, options(t.path("csv")), log);
    std::string c = slurp(t.path("csv/contact.csv"));
    CHECK(c.rfind("id,platform,service,time,source_path,source_pointer,", 0) == 0);
    CHECK(c.find("\r\n") != std::string::npos);
    export_ndjson(s, options(t.path("nd")), log);
    CHECK(std::filesystem::exists(t.path("nd/location.ndjson")));
    CHECK_THROWS_AS(export_ndjson(s, options(t.path("nd")), log), Error);  // never overwrites
  }
}
