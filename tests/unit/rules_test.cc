#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/text.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

TEST_CASE("rules: globs on the whole path", "[rules]") {
  CHECK(glob_match("**/user.json", "user.json"));
  CHECK(glob_match("**/user.json", "export/2024/user.json"));
  CHECK(glob_match("**/USER.json", "Export/User.JSON"));  // ASCII case-insensitive
  CHECK_FALSE(glob_match("**/user.json", "export/myuser.json"));
  CHECK_FALSE(glob_match("**/user.json", "user.json.bak"));
  CHECK(glob_match("data/*.js", "data/tweets.js"));
  CHECK_FALSE(glob_match("data/*.js", "data/sub/tweets.js"));  // * stays in its component
  CHECK_FALSE(glob_match("data/*.js", "wrap/data/tweets.js"));
  CHECK(glob_match("**/data/*.js", "wrap/data/tweets.js"));
  CHECK(glob_match("**/messages/**/message_?.json", "a/messages/inbox/bob_12/message_1.json"));
  CHECK_FALSE(glob_match("**/messages/**/message_?.json", "a/messages/inbox/bob_12/message_12.json"));
  CHECK(glob_match("**/*", "a/b/c.png"));
  CHECK(glob_match("**/*", "c"));
  CHECK(glob_match("**/file-*-*", "files/file-AbC-photo.png"));
  CHECK_FALSE(glob_match("**/file-*-*", "files/file-AbC.png"));
  CHECK(path_matches("**/a.json|**/b.json", "x/b.json"));
  CHECK_FALSE(path_matches("**/a.json|**/b.json", "x/c.json"));
  CHECK(path_matches("re:(.*/)?conversations(-[0-9]+)?\\.json", "wrap/conversations-007.json"));
  CHECK(path_matches("re:(.*/)?conversations(-[0-9]+)?\\.json", "Conversations.json"));
  CHECK_FALSE(path_matches("re:(.*/)?conversations(-[0-9]+)?\\.json", "conversations-abc.json"));
  // A long path against a pattern of many stars ends (no exponential backtracking).
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "d/";
  CHECK_FALSE(glob_match("**/*a*b*c*d*e*f*/**/x", deep + "y"));
}

namespace {

int reads = 0;

Verdict read_ok(ImportContext& c, const Entry& e) {
  ++reads;
  Record r = c.record("note", e.path, e, "");
  // The media stored before any reader ran, found by a suffix of its path.
  if (StoredMedia* m = c.media.find_suffix("photos/cat.png")) r.data["media"] = json::array({c.media.use(*m)});
  c.out.add(std::move(r));
  return {Fate::parsed, "1 note"};
}

Verdict read_throws(ImportContext& c, const Entry& e) {
  ++reads;
  throw Error(c.in.where(e), "broken on purpose");
}

struct Seen {
  int finished = 0;
};

const RuleSet test_rules = {
    .platform = "test",
    .rules =
        {
            {.match = "**/bad.json", .read = read_throws, .kinds = "note"},
            {.match = "**/*.json", .sniff = "\"note\"", .read = read_ok, .kinds = "note"},
            {.match = "**/skip.txt", .note = "on purpose", .fate = Fate::ignored},
            {.match = "**/photos/*.png", .kinds = "media", .media = true, .note = "a photo"},
        },
    .finish = [](ImportContext& c) {
      ++c.state<Seen>().finished;
      CHECK(c.state<Seen>().finished == 1);
      c.media.emit_unused(c.out, c.platform);
    },
};

}  // namespace

TEST_CASE("rules: one pass, one error boundary, media first, unclaimed entries kept", "[rules]") {
  test::TempDir dir;
  dir.write("a.json", R"({"note": 1})");
  dir.write("bad.json", R"({"note": 2})");
  dir.write("c.json", R"({"other": 3})");  // matches a glob, not the sniff: no rule
  dir.write("skip.txt", "x");
  dir.write("z/photos/cat.png", "\x89PNG\r\n\x1a\n....");
  dir.write("z/photos/dog.png", "\x89PNG\r\n\x1a\n,,,,");
  dir.write("notes.md", "nobody claims me");
  reads = 0;
  ImportRun run({dir.path()}, [](const Archive& in, Sink& out, Log& log) { run_rules(test_rules, in, out, log); });
  CHECK(reads == 2);
  // The failing reader failed its file alone, said where, and the run went on.
  CHECK(run.out.fates.at("bad.json").first == Fate::failed);
  CHECK(run.out.fates.at("bad.json").second.find("broken on purpose") != std::string::npos);
  CHECK(run.log.is_partial());
  CHECK(run.out.fates.at("a.json") == std::make_pair(Fate::parsed, std::string("1 note")));
  CHECK(run.out.fates.at("skip.txt") == std::make_pair(Fate::ignored, std::string("on purpose")));
  CHECK(run.out.fates.at("z/photos/cat.png") == std::make_pair(Fate::parsed, std::string("a photo")));
  CHECK(run.out.media_copies == 2);
  auto unclaimed = run.out.unclaimed(run.in);
  std::sort(unclaimed.begin(), unclaimed.end());
  CHECK(unclaimed == std::vector<std::string>{"c.json", "notes.md"});
  // The note links the cat; the dog, linked by nothing, became a media record at the end.
  auto notes = run.out.of("note");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]->platform == "test");
  CHECK(notes[0]->data["media"][0]["path"] == "z/photos/cat.png");
  auto media = run.out.of("media");
  REQUIRE(media.size() == 1);
  CHECK(media[0]->source.path == "z/photos/dog.png");
  // The sniff's heads are not kept once each entry's rule is known (c.json, sniffed and not read).
  CHECK(run.in.cached_head_bytes() == 0);
}

namespace {

int name_calls = 0;

// "Company_Follows_2.CSV" -> "companyfollows.csv": spacing, case and a split suffix ignored.
std::string squeezed(ImportContext&, const Entry& e) {
  ++name_calls;
  std::string out;
  for (char ch : std::string(basename(e.path))) {
    if (ch == '_' || ch == ' ' || (ch >= '0' && ch <= '9')) continue;
    out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  }
  return out;
}

Verdict read_named(ImportContext& c, const Entry& e) {
  c.out.add(c.record("note", e.path, e, ""));
  return {Fate::parsed, "named"};
}

const RuleSet named_rules = {
    .platform = "test",
    .rules =
        {
            {.match = "companyfollows.csv", .name = squeezed, .read = read_named},
            {.match = "skills.csv", .name = squeezed, .note = "by name", .fate = Fate::ignored},
            {.match = "**/Company_Follows.csv", .note = "the path rule comes after", .fate = Fate::skipped},
        },
};

std::vector<std::string> read_order;

Verdict note_order(ImportContext&, const Entry& e) {
  read_order.push_back(e.path);
  return {Fate::parsed, ""};
}

const RuleSet pass_rules = {
    .platform = "test",
    .rules =
        {
            {.match = "**/*.txt", .read = note_order},
            {.match = "**/*.late", .read = note_order, .pass = 1},
            {.match = "**/*.first", .read = note_order, .pass = -1},
        },
};

}  // namespace

TEST_CASE("rules: a row may match a name the importer makes from the path", "[rules]") {
  test::TempDir dir;
  dir.write("a/Company_Follows_2.CSV", "x");
  dir.write("Company Follows.csv", "x");
  dir.write("b/Skills.csv", "x");
  dir.write("other.csv", "x");
  name_calls = 0;
  ImportRun run({dir.path()}, [](const Archive& in, Sink& out, Log& log) { run_rules(named_rules, in, out, log); });
  CHECK(run.out.fates.at("a/Company_Follows_2.CSV") == std::make_pair(Fate::parsed, std::string("named")));
  CHECK(run.out.fates.at("Company Follows.csv") == std::make_pair(Fate::parsed, std::string("named")));
  CHECK(run.out.fates.at("b/Skills.csv") == std::make_pair(Fate::ignored, std::string("by name")));
  CHECK(run.out.unclaimed(run.in) == std::vector<std::string>{"other.csv"});
  CHECK(name_calls == 4);  // once per entry, shared by the consecutive rows that use it
}

namespace {

// A sink whose media store fails on one file, as a broken archive entry does.
class BrokenMediaSink : public CollectSink {
 public:
  MediaRef media(const Archive& in, const Entry& e) override {
    if (e.path.ends_with("bad.png")) throw Error(in.where(e), "unexpected end of the entry");
    return CollectSink::media(in, e);
  }
};

const RuleSet media_rules = {
    .platform = "test",
    .rules = {{.match = "**/*.png", .kinds = "media", .media = true, .note = "a photo"}},
    .finish = [](ImportContext& c) { c.media.emit_unused(c.out, c.platform); },
};

}  // namespace

TEST_CASE("rules: a media file that cannot be stored fails alone", "[rules]") {
  test::TempDir dir;
  dir.write("a.png", "\x89PNG\r\n\x1a\n....");
  dir.write("bad.png", "\x89PNG\r\n\x1a\n,,,,");
  dir.write("c.png", "\x89PNG\r\n\x1a\n;;;;");
  Archive in({dir.path()});
  BrokenMediaSink out;
  Log log{Verbosity::quiet, false};
  run_rules(media_rules, in, out, log);
  CHECK(out.fates.at("bad.png").first == Fate::failed);
  CHECK(out.fates.at("a.png") == std::make_pair(Fate::parsed, std::string("a photo")));
  CHECK(out.fates.at("c.png") == std::make_pair(Fate::parsed, std::string("a photo")));
  CHECK(log.is_partial());
  CHECK(out.of("media").size() == 2);
}

TEST_CASE("rules: a stored file links the sink's digest, type and size; a copy named otherwise fails", "[rules]") {
  // MediaTable keeps the digest in its 32 bytes: what it links must be what the sink said.
  class OddNameSink : public CollectSink {
   public:
    MediaRef media(const Archive& in, const Entry& e) override {
      if (e.path == "odd.png") return {"sha-odd", 4, "image/png"};
      return CollectSink::media(in, e);
    }
  };
  test::TempDir dir;
  const std::string a = "\x89PNG\r\n\x1a\n....", b = "GIF89a, not a png";
  dir.write("a.png", a);
  dir.write("b.png", b);
  dir.write("odd.png", "\x89PNG\r\n\x1a\n;;;;");
  Archive in({dir.path()});
  OddNameSink out;
  Log log{Verbosity::quiet, false};
  run_rules(media_rules, in, out, log);
  CHECK(out.fates.at("odd.png").first == Fate::failed);
  CHECK(out.fates.at("odd.png").second.find("not by a SHA-256") != std::string::npos);
  REQUIRE(out.of("media").size() == 2);
  for (const Record* r : out.of("media")) {
    const json& m = r->data["media"][0];
    const std::string& bytes = r->source.path == "a.png" ? a : b;
    CHECK(m["sha256"] == sha256_hex(bytes));
    CHECK(m["size"] == static_cast<int64_t>(bytes.size()));
    CHECK(m["mime"] == (r->source.path == "a.png" ? "image/png" : "image/gif"));
    CHECK(m["path"] == r->source.path);
  }
}

TEST_CASE("rules: stored media are found by path and by suffix as a scan of them finds them", "[rules]") {
  // find(): the first stored at exactly the path. find_suffix(): the longest stored path that
  // ends with the suffix at a component boundary, the first stored among the longest.
  std::mt19937 rng(11);
  const std::vector<std::string> folders = {"", "a/", "b/", "a/b/", "x/a/b/", "ab/", "media/"};
  const std::vector<std::string> names = {"1.png", "11.png", "b.png", "ab.png", "1.PNG", "c d.png"};
  std::vector<test::FakeEntry> entries;
  for (int i = 0; i < 300; ++i)  // with repeats: a path twice in one zip
    entries.emplace_back(folders[rng() % folders.size()] + names[rng() % names.size()], "png " + std::to_string(i));
  test::TempDir dir;
  test::write_archive(dir.path("m.zip"), entries);
  Archive in({dir.path("m.zip")});
  CollectSink out;
  Log log{Verbosity::quiet, false};
  ImportContext c(in, out, log, "test");
  for (size_t i = 0; i < in.entries().size(); ++i) {
    c.media.store(in, out, in.entries()[i], "");
    if (i == 150) {  // a lookup between stores: the tables are made again for what came since
      StoredMedia* first = c.media.find(in.entries()[0].path);
      CHECK(first == &c.media.all()[0]);
    }
  }
  c.media.seal();
  const std::vector<StoredMedia>& all = c.media.all();
  REQUIRE(all.size() == entries.size());
  auto scan_path = [&](std::string_view p) -> const StoredMedia* {
    for (const StoredMedia& m : all)
      if (m.entry->path == p) return &m;
    return nullptr;
  };
  auto scan_suffix = [&](std::string_view sfx) -> const StoredMedia* {
    while (!sfx.empty() && sfx.front() == '/') sfx.remove_prefix(1);
    const StoredMedia* best = nullptr;
    for (const StoredMedia& m : all) {
      std::string_view p = m.entry->path;
      if (sfx.empty() || !p.ends_with(sfx)) continue;
      if (p.size() != sfx.size() && p[p.size() - sfx.size() - 1] != '/') continue;
      if (!best || p.size() > best->entry->path.size()) best = &m;
    }
    return best;
  };
  int found = 0;
  for (const std::string& f : folders)
    for (const std::string& n : names)
      for (const std::string& q : {f + n, "/" + f + n, "z/" + f + n, n.substr(1), std::string("/")}) {
        INFO(q);
        CHECK(c.media.find(q) == scan_path(q));
        CHECK(c.media.find_suffix(q) == scan_suffix(q));
        found += scan_suffix(q) != nullptr;
      }
  CHECK(found > 50);  // most lookups find something
}

TEST_CASE("rules: a 0-byte media file that no record used makes no media record", "[rules]") {
  test::TempDir dir;
  dir.write("a.png", "\x89PNG\r\n\x1a\n....");
  dir.write("empty.png", "");
  Archive in({dir.path()});
  CollectSink out;
  Log log{Verbosity::quiet, false};
  run_rules(media_rules, in, out, log);
  REQUIRE(out.of("media").size() == 1);
  CHECK(out.of("media")[0]->source.path == "a.png");
}

TEST_CASE("rules: a lower pass reads all its files first, each pass in listing order", "[rules]") {
  test::TempDir dir;
  for (const char* name : {"a.late", "b.txt", "c.first", "d.txt", "e.first", "f.late"}) dir.write(name, "x");
  read_order.clear();
  ImportRun run({dir.path()}, [](const Archive& in, Sink& out, Log& log) { run_rules(pass_rules, in, out, log); });
  std::vector<std::string> want;
  for (const char* ext : {".first", ".txt", ".late"})
    for (const Entry& e : run.in.entries())
      if (e.path.ends_with(ext)) want.push_back(e.path);
  CHECK(read_order == want);
  CHECK(read_order.size() == 6);
  CHECK(read_order.front().ends_with(".first"));
  CHECK(run.out.unclaimed(run.in).empty());
}
