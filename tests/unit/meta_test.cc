#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "importers/meta/meta.h"
#include "tests/unit/collect_sink.h"

using namespace dataport;
namespace fs = std::filesystem;

namespace {

// Parses text and keeps the parser alive for the element.
struct Doc {
  JsonParser parser;
  simdjson::dom::element el;
  explicit Doc(const std::string& text) { el = parser.parse(text, "test"); }
};

// A folder with files, removed at the end.
struct TempTree {
  fs::path root;
  TempTree() {
    root = fs::temp_directory_path() / ("dataport-meta-test-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~TempTree() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("label_values walker reads values, hrefs, times, vecs and dicts", "[meta]") {
  Doc d(R"({"timestamp": 1717060000, "fbid": "1234567890123456789", "label_values": [
      {"label": "Reacci\u00c3\u00b3n", "value": "Me encanta"},
      {"label": "Naam", "value": "Zo\u00c3\u00ab M\u00c3\u00bcller"},
      {"label": "URL", "value": "Link", "href": "https://example.org/p"},
      {"label": "Tijd", "timestamp_value": 1717600000},
      {"label": "Gebeurtenissen", "vec": [
         {"dict": [{"label": "ID", "value": "331122334455667"}, {"label": "Type", "value": "PAGE_VIEW"}]},
         {"dict": [{"label": "ID", "value": "42"}, {"label": "Type", "value": "PURCHASE"}]}]},
      {"label": "Something New", "dict": [{"label": "Benutzername", "value": "ana"}]}]})");
  auto lv = meta::read_label_values(d.el);
  REQUIRE(lv.size() == 6);
  CHECK(lv[0].label == "Reacci\xC3\xB3n");  // mojibake repaired in the label key too
  CHECK(lv[0].field == "reaction");
  CHECK(lv[1].field == "name");
  CHECK(lv[1].value == "Zo\xC3\xAB M\xC3\xBCller");
  CHECK(lv[2].field == "url");
  CHECK(lv[2].href == "https://example.org/p");
  REQUIRE(lv[3].time);
  CHECK(format_rfc3339(*lv[3].time) == "2024-06-05T15:06:40Z");
  CHECK(lv[4].field == "events");
  CHECK(lv[4].is_vec);
  REQUIRE(lv[4].vec.size() == 2);
  CHECK(meta::label_text(lv[4].vec[1].dict, "event") == "PURCHASE");
  CHECK(lv[5].field == "something_new");
  // find_label looks into dicts; label_text prefers the value, then the href.
  CHECK(meta::label_text(lv, "username") == "ana");
  CHECK(meta::label_text(lv, "url") == "Link");
  CHECK(meta::label_text(lv, "missing").empty());

  json j = meta::labels_to_json(lv);
  CHECK(j["reaction"] == "Me encanta");
  CHECK(j["url_url"] == "https://example.org/p");
  CHECK(j["time"] == "2024-06-05T15:06:40Z");
  REQUIRE(j["events"].is_array());
  CHECK(j["events"][0]["id"] == "331122334455667");
  CHECK(j["something_new"]["username"] == "ana");
}

TEST_CASE("localised labels map to the same fields", "[meta]") {
  for (const char* l : {"Name", "Naam", "Nombre", "Nom", " name "}) CHECK(meta::canonical_label(l) == "name");
  for (const char* l : {"Username", "Gebruikersnaam", "Nombre de usuario", "Benutzername", "Nom d'utilisateur"})
    CHECK(meta::canonical_label(l) == "username");
  for (const char* l : {"Interest", "Interesse", "Inter\xC3\xA9s", "Int\xC3\xA9r\xC3\xAAt"})
    CHECK(meta::canonical_label(l) == "interest");
  for (const char* l : {"Search", "Zoeken", "B\xC3\xBAsqueda", "Suche", "Recherche"}) CHECK(meta::canonical_label(l) == "query");
  CHECK(meta::canonical_label("\xC3\x89v\xC3\xA9nement") == "event");  // capital É folded
  CHECK(meta::canonical_label("Not a label").empty());
  CHECK(meta::canonical_reaction("Vind ik leuk") == "like");
  CHECK(meta::canonical_reaction("J\xE2\x80\x99" "adore") == "love");
  CHECK(meta::canonical_reaction("Gef\xC3\xA4llt mir") == "like");
  CHECK(meta::canonical_reaction("LIKE") == "like");
  CHECK(meta::canonical_reaction("Something") == "something");
}

TEST_CASE("string_map_data reads like label_values", "[meta]") {
  Doc d(R"({"string_map_data": {"Gebruikersnaam": {"value": "ana.k"}, "Tijd": {"timestamp": 1700000000},
            "Link": {"href": "https://www.instagram.com/ana.k"}}})");
  auto lv = meta::read_string_map(d.el);
  CHECK(meta::label_text(lv, "username") == "ana.k");
  CHECK(meta::label_text(lv, "url") == "https://www.instagram.com/ana.k");
  const meta::LabelValue* t = meta::find_label(lv, "time");
  REQUIRE(t);
  REQUIRE(t->time);
  CHECK(t->time->seconds == 1700000000);
}

TEST_CASE("meta_time: seconds, milliseconds and 0 as unknown", "[meta]") {
  CHECK_FALSE(meta::meta_time(0));
  CHECK_FALSE(meta::meta_time(-5));
  CHECK_FALSE(meta::meta_time(std::nullopt));
  CHECK(format_rfc3339(*meta::meta_time(1704393000)) == "2024-01-04T18:30:00Z");
  CHECK(format_rfc3339(*meta::meta_time(1716201600123)) == "2024-05-20T10:40:00.123Z");
  Doc d(R"({"a": "Caf\u00c3\u00a9", "n": 12345678901234567890, "t": 0})");
  CHECK(meta::str(d.el, "a") == "Caf\xC3\xA9");
  CHECK(meta::str(d.el, "n") == "12345678901234567890");  // ids stay exact
  CHECK_FALSE(meta::time_of(d.el, "t"));
  CHECK(meta::unquote("\"fietsenmaker lyon\"") == "fietsenmaker lyon");
}

TEST_CASE("each_item walks top-level arrays, keyed arrays and bare objects, streaming", "[meta]") {
  TempTree t;
  t.write("a.json", "\xEF\xBB\xBF[{\"x\": 1}, {\"x\": 2}]");
  t.write("b.json", R"({"friends_v2": [{"x": 1}, {"x": 2}, {"x": 3}]})");
  t.write("c.json", R"({"timestamp": 5, "label_values": [{"label": "Name", "value": "n"}]})");
  t.write("d.json", R"({"label_values": [{"label": "Name", "value": "n"}], "timestamp": 5})");
  Archive in({t.root.string()});
  JsonParser p;
  Log log(Verbosity::quiet, false);
  ItemsRead r;
  for (int64_t whole_below : {int64_t{0}, int64_t{1} << 20}) {  // streamed, then parsed whole: the same items
    auto count = [&](const char* name, std::vector<std::string>& ptrs) {
      ptrs.clear();
      r = each_item(
          in, log, p, *in.first_suffix(name), ItemsAt::by_shape(),
          [&](simdjson::dom::element, const std::string& ptr) { ptrs.push_back(ptr); }, whole_below);
      return ptrs.size();
    };
    std::vector<std::string> ptrs;
    CHECK(count("a.json", ptrs) == 2);
    CHECK(ptrs[1] == "/1");
    CHECK(count("b.json", ptrs) == 3);
    CHECK(r.key == "friends_v2");
    CHECK(ptrs[2] == "/friends_v2/2");
    CHECK(count("c.json", ptrs) == 1);  // a one-record file holds the bare object
    CHECK(ptrs[0].empty());
    CHECK(count("d.json", ptrs) == 1);  // ... whatever key comes first
    CHECK(r.items == 1);
    CHECK(r.bad == 0);
  }
}

TEST_CASE("each_item warns per bad item and goes on; a file that breaks off says why", "[meta]") {
  TempTree t;
  t.write("bad.json", R"({"friends_v2": [{"x": 1}, {"x": }, {"x": 3}, "boom", {"x": 5}]})");
  t.write("cut.json", R"({"friends_v2": [{"x": 1}, {"x": 2}, {"x": )");
  Archive in({t.root.string()});
  JsonParser p;
  Log log(Verbosity::quiet, false);
  std::vector<std::string> seen;
  auto fn = [&](simdjson::dom::element el, const std::string& ptr) {
    if (el.is_string()) throw Error("test", "a string where an object belongs");
    seen.push_back(ptr);
  };
  for (int64_t whole_below : {int64_t{0}, int64_t{1} << 20}) {  // not valid whole: streamed either way
    seen.clear();
    ItemsRead r = each_item(in, log, p, *in.first_suffix("bad.json"), ItemsAt::by_shape(), fn, whole_below);
    CHECK(r.items == 5);
    CHECK(r.bad == 2);  // the invalid item and the one fn refused; the items after them are read
    CHECK(seen == std::vector<std::string>{"/friends_v2/0", "/friends_v2/2", "/friends_v2/4"});
    CHECK(r.broken.empty());
    CHECK(meta::verdict(r, "n").fate == Fate::partial);
  }
  ItemsRead r;
  seen.clear();
  r = each_item(in, log, p, *in.first_suffix("cut.json"), ItemsAt::by_shape(), fn);
  CHECK(seen.size() == 2);
  CHECK_FALSE(r.broken.empty());
  CHECK(meta::verdict(r, "n").fate == Fate::partial);
}

TEST_CASE("without_member keeps a file's other members and drops one array, across read buffers", "[meta]") {
  TempTree t;
  std::string big = R"({"participants": [{"name": "A \"q\" ]"}], "messages": [)";
  for (int i = 0; i < 20000; ++i) big += std::string(i ? "," : "") + R"({"content": "x]}[{\"", "n": )" + std::to_string(i) + "}";
  big += R"(], "title": "T", "nested": {"messages": [1]}, "thread_path": "inbox/t_123456789"})";
  t.write("message_1.json", big);
  Archive in({t.root.string()});
  Doc d(meta::without_member(in, *in.first_suffix("message_1.json"), "messages"));
  CHECK(meta::str(d.el, "title") == "T");
  CHECK(meta::str(d.el, "thread_path") == "inbox/t_123456789");
  simdjson::dom::array a;
  REQUIRE(json_array(d.el, "messages", a));
  CHECK(a.size() == 0);
  simdjson::dom::element nested;
  REQUIRE(json_object(d.el, "nested", nested));
  REQUIRE(json_array(nested, "messages", a));
  CHECK(a.size() == 1);  // only the top-level member is dropped
}

TEST_CASE("Meta media: uris find the stored file by the longest path suffix across parts", "[meta]") {
  const std::string base = SOURCE_DIR "/samples/facebook/grouped-2023/";
  Archive in({base + "1of2-facebook-100010947246070-05_12_2023-RIBP7sSP",
              base + "2of2-facebook-100010947246070-05_12_2023-RIBP7sSP"});
  CollectSink out;
  Log log(Verbosity::quiet, false);
  ImportContext c(in, out, log, "facebook");
  for (const Entry& e : in.entries())
    if (path_matches(meta::media_globs, e.path)) c.media.store(in, out, e, "media");
  CHECK(out.media_copies == 5);  // the pipeline stores each media file once, in listing order
  StoredMedia* e = meta::find_media(c, "your_activity_across_facebook/posts/media/Mobileuploads_4412/345678_9012_n.jpg");
  REQUIRE(e);
  CHECK(e->entry->part == 1);  // the photo lives in the second part
  // An older prefix still finds the file by its tail.
  StoredMedia* old = meta::find_media(c, "photos_and_videos/Mobileuploads_4412/345600_8000_n.jpg");
  REQUIRE(old);
  CHECK(old->entry->path == "your_activity_across_facebook/posts/media/Mobileuploads_4412/345600_8000_n.jpg");
  CHECK_FALSE(meta::find_media(c, "https://scontent.example.net/photo.jpg"));
  CHECK_FALSE(meta::find_media(c, "posts/media/nowhere/missing.jpg"));
  auto a = meta::use_media(c, "your_activity_across_facebook/posts/media/Mobileuploads_4412/345678_9012_n.jpg");
  auto b = meta::use_media(c, "./your_activity_across_facebook/posts/media/Mobileuploads_4412/345678_9012_n.jpg");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  CHECK(out.media_copies == 5);  // naming a file copies nothing more
  CHECK((*a)["mime"] == "image/jpeg");
  CHECK(e->used);
  CHECK_FALSE(meta::use_media(c, "posts/media/nowhere/missing.jpg"));
}

TEST_CASE("meta: IdSet holds what a set of strings holds", "[meta]") {
  // Ids of 32 hex digits are kept as 16 bytes; any other form as it is. Inserts and lookups
  // interleave, and an id given twice is one.
  meta::IdSet ids;
  std::set<std::string> want;
  uint32_t x = 3;
  auto next = [&] {
    x = x * 1103515245u + 12345u;
    return x >> 8;
  };
  auto id = [&] {
    std::string s;
    uint32_t form = next() % 10;
    size_t size = form == 0 ? 31 : form == 1 ? 33 : 32;
    for (size_t i = 0; i < size; ++i) s += "0123456789abcdef"[next() % (form == 2 ? 4 : 16)];  // form 2: few digits, repeats
    if (form == 3) s[next() % size] = "AFgz"[next() % 4];  // upper case or not hex: kept as a string
    return s;
  };
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> batch;
    for (int i = 0; i < 300; ++i) batch.push_back(id());
    for (const std::string& s : batch) {
      ids.insert(s);
      want.insert(s);
    }
    for (int i = 0; i < 300; ++i) {
      std::string probe = next() % 2 ? batch[next() % batch.size()] : id();
      INFO(probe);
      CHECK(ids.contains(probe) == (want.count(probe) == 1));
    }
    // An id that differs from a kept one in its case only is another id.
    std::string upper = batch[0];
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(ids.contains(upper) == (want.count(upper) == 1));
  }
}
