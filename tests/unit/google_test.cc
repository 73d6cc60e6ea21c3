#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "importers/google/dom.h"
#include "importers/google/google.h"
#include "ingest/importers.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/text.h"
#include "lib/time.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
namespace fs = std::filesystem;

namespace {

const std::string part1 = SOURCE_DIR "/samples/google/takeout-20260301T000000Z-001";
const std::string part2 = SOURCE_DIR "/samples/google/takeout-20260301T000000Z-002";

// Keeps what the importer hands over; media are counted, not stored.
class FakeSink : public Sink {
 public:
  std::vector<Record> records;
  std::map<std::string, std::pair<Fate, std::string>> verdicts;
  int media_copies = 0;

  void add(Record r) override {
    resolve_id(r);
    expand_data(r);
    check_model(r);
    records.push_back(std::move(r));
  }
  MediaRef media(const Archive& in, const Entry& e) override {
    ++media_copies;
    // A SHA-256 as a media store names copies, of the size and name (not of the bytes: copies
    // whose bytes are the same stay apart here).
    return {sha256_hex("sha-" + std::to_string(in.read(e).size()) + "-" + std::string(basename(e.path))), e.size,
            "image/jpeg"};
  }
  void file(const Entry& e, Fate fate, std::string note) override { verdicts[e.path] = {fate, std::move(note)}; }

  std::vector<const Record*> of(const std::string& kind, const std::string& service = "") const {
    std::vector<const Record*> out;
    for (const Record& r : records)
      if (r.kind == kind && (service.empty() || r.service == service)) out.push_back(&r);
    return out;
  }
  const Record* find(const std::string& kind, const std::function<bool(const Record&)>& pred) const {
    for (const Record& r : records)
      if (r.kind == kind && pred(r)) return &r;
    return nullptr;
  }
  const Record* with(const std::string& kind, const char* key, const std::string& value) const {
    for (const Record& r : records)
      if (r.kind == kind && r.data.contains(key) && r.data[key] == value) return &r;
    return nullptr;
  }
};

std::string utc(const std::optional<Timestamp>& t) { return t ? format_rfc3339(*t) : "none"; }

int64_t at(const char* iso) { return parse_iso8601(iso)->seconds; }

}  // namespace

TEST_CASE("google: My Activity HTML dates of every era", "[google]") {
  using google::parse_html_date;
  std::optional<int64_t> summer = at("2021-08-20T00:00:00Z"), winter = at("2021-01-20T00:00:00Z");
  // Before 2018: no zone at all, which was UTC.
  CHECK(utc(parse_html_date("Mar 8, 2018, 5:14:40 PM", std::nullopt)) == "2018-03-08T17:14:40Z");
  // 2018-2020: an explicit UTC.
  CHECK(utc(parse_html_date("Jan 22, 2020, 8:34:00 PM UTC", std::nullopt)) == "2020-01-22T20:34:00Z");
  // Since 2020: the export time's zone, whatever the event date: a January BST date is 17:54Z.
  CHECK(utc(parse_html_date("Jan 15, 2021, 6:54:12 PM BST", summer)) == "2021-01-15T17:54:12Z");
  CHECK(utc(parse_html_date("Jan 15, 2021, 5:54:12 PM GMT", winter)) == "2021-01-15T17:54:12Z");
  // U+202F before PM (recent ICU) and U+00A0 elsewhere.
  CHECK(utc(parse_html_date("Feb 3, 2024, 7:22:41\u202fPM\u00a0UTC", std::nullopt)) == "2024-02-03T19:22:41Z");
  // A generic zone name: the DST state at export time decides (PDT in summer, PST in winter).
  CHECK(utc(parse_html_date("Sep 10, 2019, 8:51:45 PM PT", summer)) == "2019-09-11T03:51:45Z");
  CHECK(utc(parse_html_date("Sep 10, 2019, 8:51:45 PM PT", winter)) == "2019-09-11T04:51:45Z");
  std::string note;
  CHECK(utc(parse_html_date("Sep 10, 2019, 8:51:45 PM PT", std::nullopt, &note)) == "2019-09-11T04:51:45Z");
  CHECK(note.find("export date") != std::string::npos);
  // German renderings.
  CHECK(utc(parse_html_date("03.02.2024, 09:01:02 MEZ", std::nullopt)) == "2024-02-03T08:01:02Z");
  CHECK(utc(parse_html_date("15.07.2023, 10:00:00 MESZ", std::nullopt)) == "2023-07-15T08:00:00Z");
  CHECK(utc(parse_html_date("4. Feb. 2024, 08:00:00 MEZ", std::nullopt)) == "2024-02-04T07:00:00Z");
  CHECK(utc(parse_html_date("5. März 2024, 20:15:00 MEZ", std::nullopt)) == "2024-03-05T19:15:00Z");
  CHECK(utc(parse_html_date("3 Feb 2024, 19:22:41 CET", std::nullopt)) == "2024-02-03T18:22:41Z");
  CHECK(utc(parse_html_date("Feb 3, 2024, 7:22:41 PM GMT+05:30", std::nullopt)) == "2024-02-03T13:52:41Z");
  // An unknown zone keeps the time (as UTC) and says so; junk is refused.
  note.clear();
  CHECK(utc(parse_html_date("Feb 3, 2024, 7:22:41 PM XYZT", std::nullopt, &note)) == "2024-02-03T19:22:41Z");
  CHECK(note.find("XYZT") != std::string::npos);
  CHECK_FALSE(parse_html_date("someday, maybe", std::nullopt));
  CHECK_FALSE(parse_html_date("Feb 30, 2024, 7:22:41 PM UTC", std::nullopt));
}

TEST_CASE("google: the HTML walker finds elements and reads text in order", "[google]") {
  google::HtmlDoc doc(
      "<div class=\"outer-cell mdl-cell\" id=a><p class=\"outer-cellx\">x<b>y</b></p>"
      "<p class=\"pre  outer-cell\">z<br>w</p><p class=\"\">v</p><p>u<script>s()</script></p></div>");
  std::string texts;
  for (const GumboNode* n : google::find_all(doc.root(), [](const GumboNode* e) { return google::tag_of(e) == GUMBO_TAG_P; }))
    texts += google::node_text(n) + "|";
  CHECK(texts == "xy|z\nw|v|u|");
  const GumboNode* div = google::find_all(doc.root(), [](const GumboNode* e) { return google::tag_of(e) == GUMBO_TAG_DIV; })[0];
  CHECK(google::node_text(div) == "xyz\nwvu");
  CHECK(google::attr(div, "id") == "a");
  CHECK(google::attr(div, "class") == "outer-cell mdl-cell");
  CHECK(google::attr(div, "title") == "");
  CHECK(google::children(div).size() == 4);
  CHECK(google::children(google::children(div)[0]).size() == 2);  // "x" and <b>
  CHECK(google::children(google::children(google::children(div)[0])[0]).empty());  // a text node
}

TEST_CASE("google: clean_space folds white space and the wide spaces Takeout writes", "[google]") {
  CHECK(google::clean_space("  a\xC2\xA0\xC2\xA0" "b\t\r\nc\xE2\x80\x83" "d\xE2\x80\xAF ") == "a b c d");
  CHECK(google::clean_space("\xE2\x80\x82x\xC2") == "\xE2\x80\x82x\xC2");  // an en space and a cut sequence stay
  // The rule it had: the three replaced by spaces one kind at a time, then runs folded.
  auto before = [](std::string_view s) {
    std::string t = replace_all(replace_all(replace_all(std::string(s), "\xC2\xA0", " "), "\xE2\x80\x83", " "), "\xE2\x80\xAF", " ");
    std::string out;
    bool space = false;
    for (char c : t) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
    return out;
  };
  const char* pieces[] = {"a", " ", "\t", "\n", "\r", "\xC2\xA0", "\xE2\x80\x83", "\xE2\x80\xAF", "\xC2", "\xE2\x80", "\xE2",
                          "\x80", "\xA0", "\x83", "\xAF", "\xC3\xA9"};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (int k = static_cast<int>(rng() % 12); k >= 0; --k) s += pieces[rng() % std::size(pieces)];
    INFO(s);
    REQUIRE(google::clean_space(s) == before(s));
  }
}

TEST_CASE("google: zone names", "[google]") {
  using google::zone_offset_minutes;
  CHECK(zone_offset_minutes("CEST", std::nullopt) == 120);
  CHECK(zone_offset_minutes("pdt", std::nullopt) == -420);
  CHECK(zone_offset_minutes("UTC-3", std::nullopt) == -180);
  CHECK_FALSE(zone_offset_minutes("GMT+99", std::nullopt));
  bool generic = false;
  // ET on 2024-03-10 07:00Z is still EST; at 07:00Z+1h the US clocks have gone forward.
  CHECK(zone_offset_minutes("ET", at("2024-03-10T06:59:00Z"), &generic) == -300);
  CHECK(generic);
  CHECK(zone_offset_minutes("ET", at("2024-03-10T07:00:00Z")) == -240);
  CHECK(zone_offset_minutes("ET", at("2024-11-03T05:59:00Z")) == -240);
  CHECK(zone_offset_minutes("ET", at("2024-11-03T06:00:00Z")) == -300);
}

TEST_CASE("google: coordinate forms", "[google]") {
  CHECK(google::e7_to_degrees(457640000, false) == Approx(45.764));
  CHECK(google::e7_to_degrees(-740059740, true) == Approx(-74.005974));
  // Unsigned 32-bit wrap: a latitude past 90° or a longitude past 180° is negative.
  CHECK(google::e7_to_degrees(4294967296 - 338000000, false) == Approx(-33.8));
  CHECK(google::e7_to_degrees(4294967296 - 705000000, true) == Approx(-70.5));
  CHECK(google::e7_to_degrees(1799999999, true) == Approx(179.9999999));
  auto a = google::parse_lat_lng("40.712776°, -74.005974°");
  REQUIRE(a);
  CHECK(a->first == Approx(40.712776));
  CHECK(a->second == Approx(-74.005974));
  auto b = google::parse_lat_lng("geo:47.638273,-122.191286");
  REQUIRE(b);
  CHECK(b->second == Approx(-122.191286));
  auto c = google::parse_lat_lng("geo:47.6,-122.1;u=35");
  REQUIRE(c);
  CHECK(c->first == Approx(47.6));
  CHECK_FALSE(google::parse_lat_lng("geo:bad"));
  CHECK_FALSE(google::parse_lat_lng("91°, 10°"));
  CHECK_FALSE(google::parse_lat_lng("40.7"));
  CHECK(google::degrees(4.83571234567).get<double>() == 4.8357123);
}

TEST_CASE("google: Records.json timestamp forms", "[google]") {
  JsonParser p;
  auto t = [&](const char* text) { return utc(google::fix_time(p.parse(text, "test"))); };
  CHECK(t(R"({"timestampMs":"1512947698030"})") == "2017-12-10T23:14:58.030Z");
  CHECK(t(R"({"timestampMs":1654300800000})") == "2022-06-04T00:00:00Z");
  CHECK(t(R"({"timestamp":"2022-06-01T10:05:00.123456789Z"})") == "2022-06-01T10:05:00.123456789Z");
  CHECK(t(R"({"timestamp":"2022-06-01T10:00:00Z"})") == "2022-06-01T10:00:00Z");
  CHECK(t(R"({"timestamp":"2024-07-15T08:00:01.000-04:00"})") == "2024-07-15T12:00:01.000Z");
  CHECK(t(R"({"timestamp":1654300800})") == "2022-06-04T00:00:00Z");
  CHECK(t(R"({"timestampUsec":"1654300800000001"})") == "2022-06-04T00:00:00.000001Z");
  CHECK(t(R"({"time":"2022"})") == "none");
}

TEST_CASE("google: localised paths and the export time", "[google]") {
  CHECK(google::canonical_path("Takeout/Meine Aktivitäten/YouTube/MeineAktivitäten.json") ==
        "My Activity/YouTube/MyActivity.json");
  CHECK(google::canonical_path("x.zip/Takeout/YouTube und YouTube Music/Verlauf/Wiedergabeverlauf.html") ==
        "YouTube and YouTube Music/history/watch-history.html");
  CHECK(google::canonical_path("Takeout/My\u00a0Activity/Search/My Activity.html") == "My Activity/Search/MyActivity.html");
  CHECK(google::canonical_path("Takeout/Chrome/BrowserHistory.json") == "Chrome/History.json");
  CHECK(google::canonical_path("Takeout/Google Fotos/Trip/IMG_1.JPG") == "Google Photos/Trip/IMG_1.JPG");
  CHECK(google::canonical_path("Timeline.json").empty());
  CHECK(google::export_time_from_name("/x/takeout-20260301T000000Z-001.zip") == at("2026-03-01T00:00:00Z"));
  CHECK(google::export_time_from_name("takeout-20210820T101500Z-002.tgz") == at("2021-08-20T10:15:00Z"));
  CHECK_FALSE(google::export_time_from_name("takeout.zip"));
  CHECK(google::service_for_product("Google Suche") == "search");
  CHECK(google::service_for_product("YouTube") == "youtube");
  CHECK(google::service_for_product("Google Lens") == "lens");
  CHECK(google::service_for_product("Some New Product") == "some_new_product");
}

TEST_CASE("google: small value forms", "[google]") {
  JsonParser p;
  std::vector<std::string> links;
  CHECK(google::youtube_comment_text(
            p, R"({"takeoutSegments":[{"text":"see "},{"text":"this","link":{"linkUrl":"https://e.org"}}]})", "t",
            &links) == "see this");
  CHECK(links == std::vector<std::string>{"https://e.org"});
  // 2024: comma-joined objects, not an array, with raw newlines from the CSV cell.
  CHECK(google::youtube_comment_text(p, "{\"text\":\"a\nb \"},{\"text\":\"c\"}", "t") == "a\nb c");
  CHECK(google::youtube_comment_text(p, "plain words", "t") == "plain words");
  std::string base, num;
  REQUIRE(google::split_numbering("IMG_0003(1).jpg", base, num));
  CHECK(base == "IMG_0003.jpg");
  CHECK(num == "(1)");
  CHECK_FALSE(google::split_numbering("IMG_0003.jpg", base, num));
  CHECK_FALSE(google::split_numbering("IMG(a).jpg", base, num));
  CHECK(google::decode_header_words("=?UTF-8?Q?Am=C3=A9lie_Durand?= <a@b>") == "Amélie Durand <a@b>");
  CHECK(google::decode_header_words("=?UTF-8?B?UmVuZGV6LXZvdXMgw6AgTHlvbg==?=") == "Rendez-vous à Lyon");
  CHECK(google::decode_header_words("=?iso-8859-1?q?caf=E9?= =?iso-8859-1?q?_cr=E8me?=") == "café crème");
  CHECK(google::decode_header_words("plain") == "plain");
}

TEST_CASE("google: the sidecar index finds what a walk over every sidecar finds", "[google][photos]") {
  // Folders of look-alike names in every sidecar scheme: the index must pick, for each photo, the
  // sidecar a comparison with each of them picks (the best fit, the title, then the first).
  std::mt19937_64 rng(15);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> stems = {
      "IMG_0001", "IMG_0001-edited", "IMG_00011", "PXL_20240203_101010123", "a", "a.b",
      "Screenshot_20240203-120000_a_really_long_app_name_here",       // 54: cut at 46 with its .png
      "Screenshot_20240203-120000_a_really_long_app_name_there",      // the same first 46
      "original_file_name_of_exactly_forty_bytes_x",                  // 43
      "original_file_name_of_exactly_forty_bytes_x_and_more_bytes"};  // cut to the one above
  const std::vector<std::string> exts = {".jpg", ".JPG", ".mp4", ".png", ""};
  const std::vector<std::string> nums = {"", "", "", "(1)", "(2)"};
  auto media_name = [&] { return stems[pick(stems.size())] + nums[pick(nums.size())] + exts[pick(exts.size())]; };
  auto sidecar_name = [&] {
    std::string stem = stems[pick(stems.size())], ext = exts[pick(exts.size())], num = nums[pick(nums.size())];
    std::string whole = stem + ext;
    switch (pick(8)) {
      case 0: return whole + num + ".json";
      case 1: return whole + ".supplemental-metadata" + num + ".json";
      case 2: return whole + std::string(".supplemental-metadata").substr(0, 1 + pick(22)) + num + ".json";
      case 3: return stem + num + ".json";                                        // extension dropped
      case 4: return whole.substr(0, std::min(whole.size(), 40 + pick(12))) + num + ".json";  // cut
      case 5: return stem + num + ext + ".json";                                  // "(N)" inside
      case 6: return whole + "." + num + ".json";
      default: return media_name() + ".json";
    }
  };
  std::map<int, int> fits;  // best fit found -> photos: every case must come up
  for (int folder = 0; folder < 400; ++folder) {
    std::vector<std::pair<std::string, std::string>> sidecars;
    size_t n = pick(25);
    for (size_t i = 0; i < n; ++i) {
      std::string title = pick(3) == 0 ? "" : pick(2) ? stems[pick(stems.size())] + exts[pick(exts.size())] : media_name();
      sidecars.emplace_back(sidecar_name(), title);
    }
    google::SidecarFinder finder({sidecars.begin(), sidecars.end()});
    for (int photo = 0; photo < 30; ++photo) {
      std::string media = media_name(), base = media, num;
      google::split_numbering(media, base, num);
      std::optional<size_t> want;
      int best = 0;
      for (size_t i = 0; i < sidecars.size(); ++i) {
        int f = google::sidecar_fit(media, sidecars[i].first) * 2;
        if (f > 0 && sidecars[i].second == base) ++f;
        if (f > best) {
          best = f;
          want = i;
        }
      }
      ++fits[best / 2];
      INFO(media);
      CHECK(finder.find(media) == want);
    }
  }
  CHECK(fits[0] > 100);
  CHECK(fits[1] > 100);
  CHECK(fits[2] > 100);
  CHECK(fits[4] > 100);
  // The schemes themselves.
  CHECK(google::sidecar_fit("IMG_1.jpg", "IMG_1.jpg.json") == 4);
  CHECK(google::sidecar_fit("IMG_1.jpg", "IMG_1.jpg.supplemental-metad.json") == 4);
  CHECK(google::sidecar_fit("IMG_1(1).jpg", "IMG_1.jpg.supplemental-metadata(1).json") == 4);
  CHECK(google::sidecar_fit("IMG_1(1).jpg", "IMG_1.jpg.json") == 0);
  CHECK(google::sidecar_fit("IMG_1.jpg", "IMG_1.json") == 1);
}

TEST_CASE("google: probe", "[google]") {
  Archive both({part1, part2});
  CHECK(probe_google(both) == 100);
  Archive second({part2});  // no archive_browser.html, but Takeout product folders
  CHECK(probe_google(second) == 90);
  Archive linkedin({SOURCE_DIR "/samples/google/takeout-20260301T000000Z-002/Timeline.json"});
  CHECK(probe_google(linkedin) == 90);
}

TEST_CASE("google: the two-part sample takeout", "[google]") {
  Archive in({part1, part2});
  FakeSink out;
  Log log(Verbosity::quiet, false);
  read_google(in, out, log);
  for (const Record& r : out.records) {
    CAPTURE(r.kind, r.source.path, r.data.dump());
    CHECK(is_record_kind(r.kind));
    CHECK(r.platform == "google");
    CHECK(r.id.size() == 32);
  }

  SECTION("my activity: JSON and HTML, English and German, ads flagged") {
    const Record* s = out.with("activity", "query", "lyon weather");
    REQUIRE(s);
    CHECK(s->service == "search");
    CHECK(utc(s->time) == "2024-02-03T08:01:02.3Z");
    CHECK(s->data["raw"]["location_infos"][0]["source"] == "From your device");
    const Record* ad = out.with("activity", "url", "https://www.googleadservices.com/pagead/aclk?sa=L&ai=xyz");
    REQUIRE(ad);
    CHECK(ad->data["ad"] == true);
    CHECK(out.with("activity", "query", "café crème recipe"));
    // The same watch in HTML (My Activity) and JSON (YouTube history) has the same id.
    std::vector<std::string> ids;
    for (const Record* r : out.of("activity", "youtube"))
      if (r->data.value("title", "") == "How bridges carry load" && r->time && r->time->seconds == at("2024-02-03T19:22:41Z"))
        ids.push_back(r->id);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] == ids[1]);
    const Record* bst = out.with("activity", "url", "https://www.youtube.com/watch?v=Qq11Ww22Ee3");
    REQUIRE(bst);
    CHECK(utc(bst->time) == "2021-01-15T17:54:12Z");
    CHECK(bst->data["ad"] == true);
    const Record* old = out.with("activity", "title", "Tram lines of Lyon");
    REQUIRE(old);
    CHECK(utc(old->time) == "2016-03-08T17:14:40Z");
    CHECK(old->data["person"]["name"] == "Transit Nerd");
    // PT resolved with the export date (2026-03-01: standard time).
    const Record* pt = out.with("activity", "query", "suspension bridge");
    REQUIRE(pt);
    CHECK(utc(pt->time) == "2019-09-11T04:51:45Z");
    CHECK(pt->data["raw"]["location_infos"][0]["name"] == "At this general area");
    const Record* broken = out.with("activity", "title", "Broken date video");
    REQUIRE(broken);
    CHECK_FALSE(broken->time);
    CHECK(out.with("activity", "title", "Old times video"));  // the pre-2017 snippet item
    const Record* chrome_old = out.with("activity", "url", "https://example.com/");
    REQUIRE(chrome_old);
    // German: verbs before and after the object, MEZ/MESZ.
    const Record* de = out.with("activity", "query", "wetter lyon");
    REQUIRE(de);
    CHECK(utc(de->time) == "2024-02-03T08:01:02Z");
    CHECK(de->service == "search");
    const Record* de2 = out.with("activity", "query", "fahrplan");
    REQUIRE(de2);
    CHECK(utc(de2->time) == "2023-07-15T08:00:00Z");
    const Record* dew = out.with("activity", "title", "Straßenbahn Lyon");
    REQUIRE(dew);
    CHECK(dew->data["action"] == "watch");
    CHECK(utc(dew->time) == "2024-03-05T19:15:00Z");
    CHECK(out.with("activity", "title", "Brückenbau erklärt"));
    CHECK(out.verdicts.at("Takeout/My Activity/YouTube/MyActivity.html").second == "5 activities");
  }

  SECTION("youtube") {
    auto subs = out.of("contact", "youtube");
    CHECK(subs.size() == 3);
    const Record* nerd = out.with("contact", "name", "Transit Nerd, Lyon");
    REQUIRE(nerd);
    CHECK(nerd->data["relation"] == "following");
    const Record* c1 = out.with("comment", "text", "Great explanation, see this paper");
    REQUIRE(c1);
    CHECK(c1->data["links"][0] == "https://example.org/paper");
    CHECK(utc(c1->time) == "2023-09-19T17:42:53.434647Z");
    CHECK(out.with("comment", "parent", "UgxCCC333"));
    const Record* c24 = out.with("comment", "text", "Sehr gut erklärt! Quelle");
    REQUIRE(c24);
    CHECK(c24->data["url"] == "https://www.youtube.com/watch?v=De12De34De5");
    CHECK(out.with("comment", "text", "Community post reply\nwith a newline"));
    CHECK(out.verdicts.at("Takeout/YouTube und YouTube Music/Kommentare/Kommentare.csv").first == Fate::partial);
    const Record* live = out.with("comment", "text", "Happy new year");
    REQUIRE(live);
    CHECK(live->data["type"] == "live_chat");
    const Record* html = out.with("comment", "text", "This was my first comment & it had an ampersand");
    REQUIRE(html);
    CHECK(utc(html->time) == "2020-04-27T23:18:23Z");
    const Record* older = out.with("comment", "text", "Even older comment");
    REQUIRE(older);
    CHECK(utc(older->time) == "2016-06-15T08:50:49Z");
    CHECK(out.with("comment", "text", "hello chat"));
    CHECK(out.of("reaction", "youtube").size() == 2);  // likes.json and the Liked videos playlist
    CHECK(out.with("activity", "action", "playlist_add"));
    CHECK(out.with("activity", "action", "playlist_create"));
  }

  SECTION("chrome") {
    const Record* v = out.with("activity", "url", "https://en.wikipedia.org/wiki/Lyon");
    REQUIRE(v);
    CHECK(v->service == "chrome");
    CHECK(utc(v->time) == "2024-02-03T08:01:00Z");
    const Record* bahn = out.with("activity", "url", "https://www.bahn.de/");
    REQUIRE(bahn);
    CHECK(utc(bahn->time) == "2024-03-05T17:33:20.000001Z");
    const Record* bm = out.with("activity", "url", "https://en.wikipedia.org/wiki/Bridge");
    REQUIRE(bm);
    CHECK(bm->data["action"] == "bookmark");
    CHECK(bm->data["raw"]["folder"] == "Lesezeichenleiste/Brücken");
    CHECK(out.with("activity", "title", "Loose"));
  }

  SECTION("location history: three generations") {
    auto fixes = [&](const std::string& path) {
      int n = 0;
      for (const Record* r : out.of("location"))
        if (r->source.path == path && r->data["type"] == "fix") ++n;
      return n;
    };
    CHECK(fixes("Takeout/Location History/Location History.json") == 5);  // one without longitude skipped
    CHECK(out.verdicts.at("Takeout/Location History/Location History.json").first == Fate::partial);
    CHECK(fixes("Takeout/Location History (Timeline)/Records.json") == 1);
    const Record* first = out.find("location", [](const Record& r) { return r.source.pointer == "/locations/0"; });
    REQUIRE(first);
    CHECK(utc(first->time) == "2017-12-10T23:14:58.030Z");
    CHECK(first->data["lat"] == 45.764);
    CHECK(first->data["raw"]["device_tag"] == "1234567890");
    const Record* wrapped = out.find("location", [](const Record& r) { return r.data.value("lat", 0.0) == -33.8; });
    REQUIRE(wrapped);
    CHECK(wrapped->data["lon"] == -70.5);
    // Semantic: visits with start and end, a place per visit, child visits, segments with waypoints.
    const Record* visit = out.find("location", [](const Record& r) {
      return r.data.value("type", "") == "visit" && r.data.value("name", "") == "Place Bellecour";
    });
    REQUIRE(visit);
    CHECK(visit->data["start"] == "2019-01-01T10:00:00Z");
    CHECK(visit->data["end"] == "2019-01-01T12:00:00Z");
    CHECK(out.with("place", "name", "Place Bellecour"));
    CHECK(out.with("place", "name", "Café inside"));
    const Record* walk = out.with("location", "mode", "walking");
    REQUIRE(walk);
    CHECK(walk->data["path"].size() == 3);
    CHECK(walk->data["distance"] == 1450.0);
    // Android Timeline.json: degree strings, local offsets, rawSignals with LatLng.
    const Record* home = out.find("location", [](const Record& r) {
      return r.source.path == "Timeline.json" && r.data.value("type", "") == "visit";
    });
    REQUIRE(home);
    CHECK(home->data["start"] == "2024-07-15T12:00:00.000Z");
    CHECK(home->data["lat"] == 40.712776);
    const Record* car = out.with("location", "mode", "in_passenger_vehicle");
    REQUIRE(car);
    CHECK(car->data["path"][1]["lat"] == 40.758896);
    const Record* sig = out.find("location", [](const Record& r) { return r.source.pointer == "/rawSignals/0"; });
    REQUIRE(sig);
    CHECK(sig->data["accuracy"] == 13.0);
    CHECK(out.verdicts.at("Timeline.json").second.find("1 timeline memories not imported") != std::string::npos);
    // iOS location-history.json: geo: strings, numbers as strings, minute offsets.
    const Record* work = out.find("location", [](const Record& r) {
      return r.source.path == "location-history.json" && r.data.value("type", "") == "visit";
    });
    REQUIRE(work);
    CHECK(work->data["lon"] == -122.191286);
    CHECK(utc(work->time) == "2024-08-01T06:00:00.000Z");
    const Record* step = out.find("location", [](const Record& r) { return r.source.pointer == "/2/timelinePath/0"; });
    REQUIRE(step);
    CHECK(utc(step->time) == "2024-08-01T08:05:00.000Z");
    CHECK(out.with("location", "mode", "walking"));
  }

  SECTION("photos: sidecars across parts and naming schemes") {
    auto photo = [&](const std::string& name) {
      return out.find("media", [&](const Record& r) {
        return r.data.contains("media") && basename(r.data["media"][0]["path"].get<std::string>()) == name;
      });
    };
    const Record* one = photo("IMG_0001.JPG");
    REQUIRE(one);
    CHECK(one->data["description"] == "Fourvière at dusk");
    CHECK(one->data["people"][0]["name"] == "Amélie");
    CHECK(one->data["album"] == "Trip to Lyon");
    CHECK(utc(one->time) == "2024-02-03T19:00:00Z");
    const Record* edited = photo("IMG_0001-edited.JPG");
    REQUIRE(edited);
    CHECK(edited->data["raw"]["edited"] == true);
    CHECK(edited->data["description"] == "Fourvière at dusk");
    // The sidecar of part 1's photo is in part 2, under the German folder name.
    const Record* two = photo("IMG_0002.JPG");
    REQUIRE(two);
    CHECK(two->data["url"] == "https://photos.google.com/photo/AF1QipTwo");
    CHECK_FALSE(two->data.contains("lat"));  // 0/0 is no position
    CHECK(photo("IMG_0003(1).jpg")->data["title"] == "IMG_0003(1).jpg");
    CHECK(photo("IMG_0003.jpg")->data["title"] == "IMG_0003.jpg");
    CHECK(photo("PXL_20240203_101010123.jpg")->data["lat"] == 45.75);
    CHECK(photo("PXL_20240203_101010123.MP4")->data["taken_at"] == "2024-02-03T10:10:10Z");
    CHECK(utc(photo("Screenshot_20240203-120000_a_really_long_app_name_here.png")->time) == "2024-02-03T12:00:00Z");
    CHECK_FALSE(photo("NOSIDECAR.gif")->time);
    CHECK(out.with("media", "description", "photo not exported"));
    CHECK(out.with("media", "type", "album"));
    CHECK(out.media_copies == 10);  // nine photos and one Keep attachment
  }

  SECTION("contacts, calendar, keep, play, maps, profile") {
    const Record* amelie = out.with("contact", "name", "Amélie Durand");
    REQUIRE(amelie);
    CHECK(amelie->data["email"] == "amelie@example.org");
    CHECK(amelie->data["company"] == "Ponts & Chaussées, SA");
    CHECK(amelie->data["note"] == "Met at the bridge conference\nlikes trams; long note that continues on a folded line");
    CHECK(amelie->data["address"] == "12 Rue de la République, Lyon, 69002, France");
    CHECK(out.with("contact", "name", "Oma Müller"));
    const Record* weekly = out.with("event", "name", "Weekly stand-up");
    REQUIRE(weekly);
    CHECK(weekly->data["rrule"] == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20241231T225959Z");
    CHECK(weekly->data["start"] == "2024-06-10T07:00:00Z");  // Paris summer time
    CHECK(weekly->data["location"] == "Room 2, Building B");
    CHECK(out.with("event", "name", "Winter meetup")->data["start"] == "2024-01-15T17:00:00Z");
    const Record* allday = out.with("event", "name", "Birthday");
    REQUIRE(allday);
    CHECK(allday->data["start"] == "2024-04-01");
    CHECK(allday->data["time_precision"] == "day");
    // A zone the file does not define is read from the system tz database.
    const Record* undefined_zone = out.with("event", "name", "Zone not defined in the file");
    REQUIRE(undefined_zone);
    CHECK(undefined_zone->data["start"] == "2024-07-01T07:00:00Z");  // 09:00 Berlin summer time
    CHECK(undefined_zone->data["timezone"] == "Europe/Berlin");
    const Record* floating = out.with("event", "name", "Brunch (wherever I am)");  // no TZID, no Z
    REQUIRE(floating);
    CHECK(floating->data["start"] == "2025-05-10T10:00:00");
    CHECK_FALSE(floating->time);
    const Record* choir = out.with("event", "name", "Chorprobe");
    REQUIRE(choir);
    CHECK(choir->data["exdates"] == json::array({"2025-04-07T07:30:00Z", "2025-04-14T07:30:00Z"}));
    const Record* karin = out.with("contact", "name", "Dr. Karin Lindqvist Berg PhD");
    REQUIRE(karin);
    CHECK(karin->data["name_prefix"] == "Dr.");
    CHECK(karin->data["departments"] == json::array({"Institutionen för informationsteknologi", "Avdelningen för datorteknik"}));
    CHECK(karin->data["addresses"][1]["po_box"] == "Box 337");
    CHECK(karin->data["categories"] == json::array({"myContacts", "Research, Uppsala"}));
    const Record* idea = out.with("note", "title", "Lyon ideas");
    REQUIRE(idea);
    CHECK(idea->data["labels"] == json::array({"Travel", "2024"}));
    CHECK(idea->data["media"][0]["path"] == "Takeout/Keep/1a2b3c.png");
    CHECK(utc(idea->time) == "2024-02-03T06:00:00Z");
    CHECK(out.with("note", "text", "[x] bread\n[ ] cheese"));
    CHECK(out.verdicts.at("Takeout/Keep/Lyon ideas.html").first == Fate::ignored);
    const Record* app = out.find("activity", [](const Record& r) { return r.data.value("action", "") == "install"; });
    REQUIRE(app);
    CHECK(app->service == "play");
    CHECK(app->data["raw"]["device"] == "Google Pixel 7");
    CHECK(out.with("activity", "title", "Old App")->data["raw"]["device"] == "LGE Nexus 5");
    CHECK(out.with("place", "name", "Les Halles Paul Bocuse"));
    CHECK(out.with("place", "name", "Musée des Confluences"));
    const Record* me = out.of("profile").at(0);
    CHECK(me->data["name"] == "Camille Martin");
  }

  SECTION("gmail") {
    const Record* m = out.with("message", "subject", "Rendez-vous à Lyon");
    REQUIRE(m);
    CHECK(utc(m->time) == "2024-02-03T10:00:00Z");
    CHECK(m->data["from"]["name"] == "Amélie Durand");
    CHECK(m->data["to"].size() == 2);
    CHECK(m->data["to"][1]["name"] == "Bob, Example");
    CHECK(m->data["text"] == "Rendez-vous à la place Bellecour à 10h.\nFrom the station, walk south.");
    CHECK(m->data["attachments"][0]["name"] == "map.png");
    CHECK(m->data["attachments"][0]["size"] == 70);
    CHECK(m->data["thread_id"] == "1790000000000000001");
    const Record* sent = out.with("message", "subject", "Re: Rendez-vous");
    REQUIRE(sent);
    CHECK(sent->data["direction"] == "sent");
    CHECK(sent->data["text"] == "See you there à 10h!");  // ISO-8859-1 HTML body
    const Record* draft = out.with("message", "subject", "no date, no id");
    REQUIRE(draft);
    CHECK(utc(draft->time) == "2024-02-05T09:00:00Z");  // from the "From " line
  }

  SECTION("every file has a verdict except the ones no reader knows") {
    std::vector<std::string> unknown;
    for (const Entry& e : in.entries())
      if (!e.junk && !out.verdicts.count(e.path)) unknown.push_back(e.path);
    CHECK(unknown == std::vector<std::string>{"Takeout/Fit/Daily activity metrics/2024-02-03.csv"});
    CHECK(out.verdicts.at("Takeout/archive_browser.html").first == Fate::ignored);
  }
}

TEST_CASE("google: Records.json is streamed", "[google]") {
  fs::path dir = fs::temp_directory_path() / "dataport_google_stream_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "Takeout" / "Location History");
  {
    std::ofstream f(dir / "Takeout" / "Location History" / "Records.json");
    f << "{\"locations\": [";
    for (int i = 0; i < 20000; ++i)
      f << (i ? "," : "") << "{\"latitudeE7\": " << 450000000 + i << ", \"longitudeE7\": 48000000, \"timestampMs\": \""
        << 1500000000000 + int64_t{i} * 1000 << "\"}";
    f << "], \"note\": \"a key after the array\"}";
  }
  Archive in({dir.string()});
  FakeSink out;
  Log log(Verbosity::quiet, false);
  read_google(in, out, log);
  CHECK(out.records.size() == 20000);
  CHECK(out.records.back().source.pointer == "/locations/19999");
  CHECK(log.warnings() == 0);
  fs::remove_all(dir);
}

namespace {
// The parts read whole; not partial. `warnings`: how many the reading said.
FakeSink read_all(const std::vector<std::string>& paths, int64_t* warnings = nullptr) {
  FakeSink sink;
  Log log(Verbosity::quiet, false);
  Archive a(paths);
  read_google(a, sink, log);
  CHECK_FALSE(log.is_partial());
  if (warnings) *warnings = log.warnings();
  return sink;
}
}  // namespace

TEST_CASE("google: localised Takeouts (pt-BR, fr) read like the English one", "[google]") {
  CHECK(google::canonical_path("Takeout/YouTube e YouTube Music/histórico/histórico de pesquisa.json") ==
        "YouTube and YouTube Music/history/search-history.json");
  CHECK(google::canonical_path("Takeout/YouTube e YouTube Music/inscrições/inscrições.csv") ==
        "YouTube and YouTube Music/subscriptions/subscriptions.csv");
  CHECK(google::canonical_path("Takeout/Mon activité/Recherche/MonActivité.json") == "My Activity/Search/MyActivity.json");
  CHECK(google::canonical_path("Takeout/Mi actividad/Búsqueda/MiActividad.html") == "My Activity/Search/MyActivity.html");
  CHECK(google::canonical_path("Takeout/Mijn activiteit/Zoeken/MyActivity.json") == "My Activity/Search/MyActivity.json");
  // German and Italian names seen in public projects written against real exports.
  CHECK(google::canonical_path("Takeout/Standortverlauf/Records.json") == "Location History/Records.json");
  CHECK(google::canonical_path("Takeout/Standortverlauf/Semantic Location History/2023/2023_MAY.json") ==
        "Location History/Semantic Location History/2023/2023_MAY.json");
  CHECK(google::canonical_path("Takeout/YouTube und YouTube Music/Meine Kommentare/Meine Kommentare.html") ==
        "YouTube and YouTube Music/my-comments/Meine Kommentare.html");
  CHECK(google::canonical_path("Takeout/Cronologia delle posizioni/Records.json") == "Location History/Records.json");
  CHECK(google::canonical_path("Takeout/Cronologia delle posizioni semantica/2023/2023_MAGGIO.json") ==
        "Semantic Location History/2023/2023_MAGGIO.json");
  CHECK(google::canonical_path("Takeout/Maps (I tuoi luoghi)/Luoghi salvati.json") == "Maps (your places)/Luoghi salvati.json");
  CHECK(google::english_column("ID do canal") == "Channel Id");
  CHECK(google::english_column("Titres des chaînes") == "Channel Title");
  CHECK(google::english_column("Something else") == "Something else");

  FakeSink pt = read_all({SOURCE_DIR "/samples/google-pt"});
  CHECK(pt.with("activity", "query", "receita pão de queijo"));      // histórico de pesquisa.json
  CHECK(pt.with("activity", "query", "previsão do tempo lisboa"));  // Minha atividade/Pesquisa
  const Record* sub = pt.with("contact", "name", "Cozinha da Vó");  // inscrições.csv, pt columns
  REQUIRE(sub);
  CHECK(sub->data["relation"] == "following");
  CHECK(pt.of("message", "gmail").size() == 1);  // Gmail/Todos os e-mails... .mbox, by content
  CHECK(pt.with("contact", "email", "joao@example.org"));  // Contatos/... .vcf, by content
  for (const auto& [path, v] : pt.verdicts) {
    INFO(path);
    CHECK((v.first == Fate::parsed || path.ends_with("archive_browser.html")));
  }

  // The French Takeout given as its `Takeout` folder itself.
  const std::string fr = SOURCE_DIR "/samples/google-fr/takeout-20260405T101500Z-001/Takeout";
  Archive fr_archive({fr});
  CHECK(google::unwrapped_root(fr_archive) == std::optional<std::string>(""));
  CHECK(probe_google(fr_archive) >= 90);
  FakeSink f = read_all({fr});
  CHECK(f.of("activity", "search").size() == 2);
  CHECK(f.of("activity", "youtube").size() == 1);
  CHECK(f.of("activity", "chrome").size() == 1);  // Chrome/Historique.json, by content
  CHECK(f.with("event", "name", "Réunion d'équipe"));
  CHECK(f.with("contact", "name", "Patrimoine Rhône"));
}

TEST_CASE("google: product folders without Takeout/ above them, in a folder and in a zip", "[google]") {
  const std::string bare = SOURCE_DIR "/samples/google-de-bare";
  Archive a({bare});
  CHECK(google::unwrapped_root(a) == std::optional<std::string>(""));
  CHECK(probe_google(a) >= 90);
  FakeSink s = read_all({bare});
  CHECK(s.of("message", "gmail").size() == 1);  // Gmail/Alle E-Mails einschließlich ... .mbox
  CHECK(s.with("contact", "name", "Datenküche"));
  CHECK(s.with("activity", "query", "wetter berlin"));
  CHECK(s.of("activity", "chrome").size() == 1);

  // Zipped with one folder above the products, in a language the table does not know (Turkish):
  // the content still says what each file is.
  test::TempDir tmp;
  std::string zip = tmp.path("export.zip");
  test::write_archive(zip, {
      {"benim-verilerim/Etkinliğim/Arama/Etkinliğim.json",
       R"([{"header":"Arama","title":"Aradı hava durumu","time":"2026-01-02T03:04:05Z","products":["Arama"]}])"},
      {"benim-verilerim/YouTube ve YouTube Music/Abonelikler/Abonelikler.csv",
       "Kanal kimliği,Kanal URL'si,Kanal adı\nUCtr0000000000000001,http://www.youtube.com/channel/UCtr0000000000000001,Kanal\n"},
      {"benim-verilerim/Chrome/Geçmiş.json", R"({"Browser History":[{"title":"t","url":"https://e.org/","time_usec":1700000000000000}]})"},
      {"benim-verilerim/Keep/not.json", R"({"title":"Not","textContent":"x","userEditedTimestampUsec":1700000000000000})"},
      // The user's own files in Drive are documents, whatever they look like.
      {"benim-verilerim/Drive/yedek.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Drive Person\r\nEND:VCARD\r\n"},
  });
  Archive z({zip});
  CHECK(google::unwrapped_root(z) == std::optional<std::string>("benim-verilerim/"));
  CHECK(probe_google(z) >= 90);
  FakeSink zs = read_all({zip});
  CHECK(zs.of("activity", "chrome").size() == 1);
  CHECK(zs.with("contact", "name", "Kanal"));
  CHECK(zs.of("note").size() == 1);
  CHECK(zs.of("activity").size() == 2);
  CHECK_FALSE(zs.with("contact", "name", "Drive Person"));
  CHECK_FALSE(zs.verdicts.count("benim-verilerim/Drive/yedek.vcf"));

  // Folders that merely share a product's name are not a Takeout.
  test::TempDir other;
  other.write("Contacts/list.txt", "a");
  other.write("notes/readme.txt", "b");
  Archive o({other.path()});
  CHECK_FALSE(google::unwrapped_root(o));
  CHECK(probe_google(o) == 0);
}

TEST_CASE("google: My Activity dates in a form not known are kept without a time, with one warning a file", "[google]") {
  // Every event of a file in a date form the reader does not know fails alike: one warning quoting
  // the first, not one per distinct date (400,000 events kept 400,000 messages in memory).
  test::TempDir tmp;
  std::string cells;
  for (int i = 0; i < 3; ++i)
    cells += "<div class=\"outer-cell\"><div class=\"header-cell\"><p class=\"mdl-typography--title\">Google Ads<br></p></div>"
             "<div class=\"content-cell mdl-cell--6-col mdl-typography--body-1\">Viewed an ad from&nbsp;"
             "<a href=\"https://ads.example.com/\">Shop " + std::to_string(i) + "</a><br>2023/12/0" + std::to_string(i + 1) +
             " 10:00:00 JST</div></div>";
  std::string page = "<html><head><meta charset=\"UTF-8\"><title>My Activity</title></head><body><div class=\"mdl-grid\">" +
                     cells + "</div></body></html>";
  tmp.write("Takeout/My Activity/Ads/MyActivity.html", page);
  tmp.write("Takeout/My Activity/Shopping/MyActivity.html", page);
  Archive a({tmp.path()});
  FakeSink sink;
  Log log(Verbosity::quiet, false);
  read_google(a, sink, log);
  auto events = sink.of("activity");
  REQUIRE(events.size() == 6);
  for (const Record* r : events) CHECK_FALSE(r->time);
  for (const std::string& w : log.kept()) UNSCOPED_INFO(w);
  // Per file: this one, and the one every reader of My Activity says of items without a time.
  std::vector<std::string> unreadable;
  for (const std::string& w : log.kept())
    if (w.find("unreadable date") != std::string::npos) unreadable.push_back(w);
  REQUIRE(unreadable.size() == 2);
  CHECK(unreadable[0].find("Ads/MyActivity.html: unreadable dates, such as \"2023/12/01 10:00:00 JST\"") != std::string::npos);
  CHECK(log.warnings() == 4);
}

TEST_CASE("google: My Activity HTML cut into its cells across the reader's blocks", "[google]") {
  // 3,000 cells of a few hundred bytes each: the file spans several 256 KiB reads, and cells (and
  // their opening marker) straddle the blocks at many offsets; each comes out once, whole, in order.
  test::TempDir tmp;
  std::string page = "<html><head><meta charset=\"UTF-8\"><title>My Activity</title></head><body><div class=\"mdl-grid\">";
  const int n = 3000;
  for (int i = 0; i < n; ++i)
    page += "<div class=\"outer-cell mdl-cell\"><div class=\"header-cell\"><p class=\"mdl-typography--title\">YouTube<br>"
            "</p></div><div class=\"content-cell mdl-cell--6-col mdl-typography--body-1\">Watched&nbsp;<a href=\""
            "https://www.youtube.com/watch?v=" + std::to_string(i) + "\">Video " + std::to_string(i) + " " +
            std::string(static_cast<size_t>(i % 97 + 1), 'x') + "</a><br>Jan 2, 2020, 10:00:00 AM UTC</div></div>\n";
  page += "</div></body></html>";
  REQUIRE(page.size() > 3 * 256 * 1024);
  tmp.write("Takeout/My Activity/YouTube/MyActivity.html", page);
  int64_t warnings = -1;
  FakeSink sink = read_all({tmp.path()}, &warnings);
  auto events = sink.of("activity");
  REQUIRE(events.size() == static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    INFO(i);
    CHECK(events[static_cast<size_t>(i)]->source.pointer == "/" + std::to_string(i));
    CHECK(events[static_cast<size_t>(i)]->data.value("title", "") ==
          "Video " + std::to_string(i) + " " + std::string(static_cast<size_t>(i % 97 + 1), 'x'));
  }
  CHECK(warnings == 0);
}

TEST_CASE("google: My Activity HTML cells read with and without gumbo give the same records", "[google]") {
  // The sample's cells are plain markup, read without gumbo (all but the last, which carries the
  // page's closing tags). A comment after each cell's opening tag sends every cell to gumbo. The
  // records must not change.
  std::ifstream in(SOURCE_DIR "/samples/google/takeout-20260301T000000Z-001/Takeout/My Activity/YouTube/MyActivity.html",
                   std::ios::binary);
  std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string open = "<div class=\"outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp\">";
  std::string commented = replace_all(page, open, open + "<!-- -->");
  auto cells = [&](const std::string& html) {
    std::vector<std::string> out;
    for (size_t at = html.find(open); at != std::string::npos;) {
      size_t next = html.find(open, at + 1);
      out.push_back(html.substr(at, next == std::string::npos ? std::string::npos : next - at));
      at = next;
    }
    return out;
  };
  HtmlTree tree;
  std::vector<std::string> plain = cells(page), full = cells(commented);
  REQUIRE(plain.size() >= 5);
  REQUIRE(full.size() == plain.size());
  for (size_t k = 0; k < plain.size(); ++k) {
    INFO(k);
    CHECK(tree.read_plain(plain[k]) == (k + 1 < plain.size()));
    CHECK_FALSE(tree.read_plain(full[k]));
  }
  auto records = [](const std::string& html) {
    test::TempDir tmp;
    tmp.write("Takeout/My Activity/YouTube/MyActivity.html", html);
    int64_t warnings = -1;
    FakeSink sink = read_all({tmp.path()}, &warnings);
    std::vector<std::string> out{std::to_string(warnings) + " warnings"};  // the sample's odd dates warn alike
    for (const Record* r : sink.of("activity"))
      out.push_back(r->id + " " + r->source.pointer + " " + (r->time ? std::to_string(r->time->seconds) : "-") + " " + r->data.dump());
    return out;
  };
  std::vector<std::string> a = records(page), b = records(commented);
  CHECK(a.size() == plain.size() + 1);
  CHECK(a == b);
}

TEST_CASE("google: My Activity HTML lines, links and caption groups", "[google]") {
  // The right-hand cell first, the title's link inside a span, a blank line after the date,
  // caption keys after white space, a location with its two links; once as plain markup and once
  // with a comment that sends the cell to gumbo.
  auto cell = [](const std::string& extra) {
    return "<div class=\"outer-cell mdl-cell\">" + extra +
           "<div class=\"mdl-grid\"><div class=\"header-cell\"><p class=\"mdl-typography--title\">Search<br></p></div>"
           "<div class=\"content-cell mdl-typography--body-1 mdl-typography--text-right\">not this<br>Jan 1, 2020</div>"
           "<div class=\"content-cell mdl-typography--body-1\">Visited&nbsp;<span><a href=\"https://example.org/page?a=1&amp;b=2\">"
           "Example page</a></span><br><a href=\"https://example.org/sub\">Sub</a><br>Mar 2, 2024, 10:00:00 AM UTC<br> <br></div>"
           "<div class=\"content-cell mdl-typography--caption\"> <b>Products:</b><br>&emsp;Search<br>\n<b>Locations:</b><br>"
           "&emsp;At <a href=\"https://maps.example/1\">this place</a> - From <a href=\"https://src.example/\">your places</a><br>"
           "<b>Details:</b><br>&emsp;From Google Ads</div></div></div>\n";
  };
  test::TempDir tmp;
  tmp.write("Takeout/My Activity/Search/MyActivity.html",
            "<html><body><div class=\"mdl-grid\">" + cell("") + cell("<!-- -->") + "</div></body></html>");
  HtmlTree tree;
  CHECK(tree.read_plain(cell("")));
  CHECK_FALSE(tree.read_plain(cell("<!-- -->")));
  int64_t warnings = -1;
  FakeSink sink = read_all({tmp.path()}, &warnings);
  CHECK(warnings == 0);
  auto events = sink.of("activity");
  REQUIRE(events.size() == 2);
  for (const Record* r : events) {
    INFO(r->source.pointer << " " << r->data.dump());
    CHECK(r->data.value("action", "") == "visit");
    CHECK(r->data.value("title", "") == "Example page");
    CHECK(r->data.value("url", "") == "https://example.org/page?a=1&b=2");
    REQUIRE(r->time);
    CHECK(r->time->seconds == at("2024-03-02T10:00:00Z"));
    const json& raw = r->data["raw"];
    CHECK(raw.value("time", "") == "Mar 2, 2024, 10:00:00 AM UTC");
    CHECK(raw["subtitles"] == json::parse(R"([{"name": "Sub", "url": "https://example.org/sub"}])"));
    CHECK(raw["products"] == json::parse(R"(["Search"])"));
    CHECK(raw["details"] == json::parse(R"(["From Google Ads"])"));
    CHECK(raw["location_infos"] == json::parse(R"([{"name": "At this place", "source": "From your places",
                                                    "url": "https://maps.example/1", "source_url": "https://src.example/"}])"));
    CHECK_FALSE(raw.contains("activity_controls"));
  }
  CHECK(events[0]->data == events[1]->data);
}

TEST_CASE("google: distinct in, distinct out", "[google][distinct]") {
  using Files = std::vector<std::pair<std::string, std::string>>;
  // Two videos of one title watched in one second: their links tell them apart.
  auto watched = [](const std::string& a, const std::string& b) {
    auto item = [](const std::string& v) {
      return R"({"header": "YouTube", "title": "Watched Bridge timelapse", "titleUrl": "https://www.youtube.com/watch?v=)" + v +
             R"(", "time": "2024-03-01T10:00:00.000Z", "products": ["YouTube"]})";
    };
    return Files{{"Takeout/My Activity/YouTube/MyActivity.json", "[" + item(a) + "," + item(b) + "]"}};
  };
  CHECK(distinct_ids(read_google, watched("aaa", "bbb"), "activity") == 2);
  CHECK(distinct_ids(read_google, watched("aaa", "aaa"), "activity") == 1);
  // Two timeline segments of a shape the importer does not know: kept, apart.
  auto segments = [](const std::string& a, const std::string& b) {
    auto seg = [](const std::string& v) {
      return R"({"startTime": "2024-07-15T08:00:00.000-04:00", "endTime": "2024-07-15T09:00:00.000-04:00", "hover": {"kind": ")" +
             v + R"("}})";
    };
    return Files{{"Timeline.json", R"({"semanticSegments": [)" + seg(a) + "," + seg(b) + "]}"}};
  };
  CHECK(distinct_ids(read_google, segments("a", "b"), "activity") == 2);
  test::TempDir dir;
  for (const auto& [path, text] : segments("a", "b")) dir.write(path, text);
  ImportRun run({dir.path()}, read_google);
  const Record* seg = run.out.with("activity", "action", "timeline_segment");
  REQUIRE(seg);
  CHECK(utc(seg->time) == "2024-07-15T12:00:00.000Z");
  CHECK(seg->data["end"] == "2024-07-15T13:00:00.000Z");
  CHECK(seg->data["raw"]["hover"]["kind"] == "a");
}

TEST_CASE("google: every CSV through the shared table reader, any encoding, under localised folders", "[google]") {
  test::TempDir dir;
  // subscriptions in UTF-16LE with a BOM and TABs, under the German folder names.
  std::string subs = "Kanal-ID\tKanal-URL\tKanaltitel\r\nUC1\thttp://www.youtube.com/channel/UC1\tBr\xC3\xBC" "cken\r\n";
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < subs.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(subs[i]);
    unsigned cp = ch == 0xC3 ? 0xC0 + (static_cast<unsigned char>(subs[++i]) & 0x3F) : ch;
    utf16 += static_cast<char>(cp);
    utf16 += '\0';
  }
  dir.write("Takeout/YouTube und YouTube Music/Abos/Abos.csv", utf16);
  // A saved list in cp1252 with semicolons; a list file that is not one; a 0-byte one.
  dir.write("Takeout/Gespeichert/Caf\xC3\xA9s.csv", "Title;Note;URL\r\nCaf\xE9 M\xFCller;gut;https://maps.google.com/?cid=1\r\n");
  dir.write("Takeout/Saved/notes.csv", "a,b\r\nc,d\r\n");
  dir.write("Takeout/Saved/empty.csv", "");
  // A comment CSV with a bad row between good ones: warned with its line, the rest read.
  dir.write("Takeout/YouTube and YouTube Music/comments/comments.csv",
            "Comment ID,Channel ID,Comment Create Timestamp,Price,Video ID,Comment Text\n"
            "c1,ch,2024-01-01T10:00:00Z,0,v1,\"{\"\"text\"\":\"\"one\"\"}\"\n"
            ",ch,2024-01-01T10:00:00Z,0,v1,\"{\"\"text\"\":\"\"lost\"\"}\"\n"
            "c2,ch,2024-01-02T10:00:00Z,0,v1,\"{\"\"text\"\":\"\"two\"\"}\"\n");
  ImportRun run({dir.path()}, read_google);
  const Record* sub = run.out.with("contact", "name", "Br\xC3\xBC" "cken");
  REQUIRE(sub);
  CHECK(sub->data["url"] == "http://www.youtube.com/channel/UC1");
  const Record* cafe = run.out.with("place", "name", "Caf\xC3\xA9 M\xC3\xBCller");
  REQUIRE(cafe);
  CHECK(cafe->data["raw"]["note"] == "gut");
  CHECK(run.out.fates.at("Takeout/Saved/notes.csv").first == Fate::ignored);
  // A 0-byte file is ignored by the one rule every importer shares (ingest/rules.cc), unread.
  CHECK(run.out.fates.at("Takeout/Saved/empty.csv") == std::make_pair(Fate::ignored, std::string("empty file (0 bytes): nothing to read")));
  auto& comments = run.out.fates.at("Takeout/YouTube and YouTube Music/comments/comments.csv");
  CHECK(comments == std::make_pair(Fate::partial, std::string("2 comments, 1 rows skipped")));
  CHECK(run.out.of("comment").size() == 2);
  bool warned = false;
  for (const std::string& w : run.log.kept()) warned = warned || w.find("comments.csv line 3") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("google: Saved Places.json streams its features; a break keeps the places before it", "[google]") {
  auto feature = [](const std::string& name) {
    return R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.9, 52.37]},)"
           R"( "properties": {"google_maps_url": "https://maps.google.com/?cid=1", "location": {"name": ")" + name + R"("}}})";
  };
  test::TempDir dir;
  dir.write("a/Takeout/Maps (your places)/Saved Places.json",
            R"({"type": "FeatureCollection", "features": [)" + feature("Pier") + "," + feature("Deck") + ", {\"type\": \"Fea");
  ImportRun run({dir.path("a")}, read_google);
  CHECK(run.out.of("place").size() == 2);
  auto fate = run.out.fates.at("Takeout/Maps (your places)/Saved Places.json");
  CHECK(fate.first == Fate::partial);
  CHECK(fate.second.find("2 places") != std::string::npos);
  CHECK(run.log.is_partial());
}

TEST_CASE("google: photos: an edited copy, a motion photo's video and a bare suffix, by the files beside them", "[google][photos]") {
  test::TempDir tmp;
  const std::string dir = "Takeout/Google Photos/Photos from 2020/";
  auto sidecar = [](const std::string& title, int64_t when) {
    return "{\"title\": \"" + title + "\", \"photoTakenTime\": {\"timestamp\": \"" + std::to_string(when) + "\"}}";
  };
  // An edited copy whose original is beside it without a sidecar; a suffix with no original.
  for (const char* name : {"holiday.jpg", "holiday-edited.jpg", "sunset-mix.jpg"}) tmp.write(dir + name, std::string("\xff\xd8\xff") + name);
  // A motion photo's video borrows from the first file of its stem (in listing order) with a sidecar.
  for (const char* name : {"clip.MP4", "clip.gif", "clip.jpg", "clip.png"}) tmp.write(dir + name, std::string("\x89PNG") + name);
  tmp.write(dir + "clip.jpg.json", sidecar("clip.jpg", 1590000000));
  tmp.write(dir + "clip.png.json", sidecar("clip.png", 1600000000));
  Archive a({tmp.path()});
  FakeSink sink;
  Log log(Verbosity::quiet, false);
  read_google(a, sink, log);
  auto photo = [&](const std::string& name) -> const Record& {
    const Record* r = sink.find("media", [&](const Record& x) {
      return x.data.contains("media") && basename(x.data["media"][0]["path"].get<std::string>()) == name;
    });
    REQUIRE(r);
    return *r;
  };
  CHECK(photo("holiday-edited.jpg").data["raw"]["edited"] == true);
  CHECK_FALSE(photo("holiday.jpg").data["raw"].contains("edited"));
  CHECK_FALSE(photo("sunset-mix.jpg").data["raw"].contains("edited"));
  CHECK(utc(photo("clip.MP4").time) == "2020-05-20T18:40:00Z");
  CHECK(utc(photo("clip.png").time) == "2020-09-13T12:26:40Z");
  CHECK(utc(photo("clip.gif").time) == "2020-05-20T18:40:00Z");  // any file of the stem without one
}
