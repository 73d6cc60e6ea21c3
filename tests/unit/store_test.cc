#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/audit.h"
#include "lib/dump.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/media.h"
#include "lib/store.h"
#include "lib/text.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using dataport::test::TempDir;

namespace {

Record sample(const std::string& key, const std::string& kind, const std::string& when, const std::string& text) {
  Record r = make_record(kind, "linkedin", key, "file.csv", "line 1");
  r.source.archive = "feed";
  if (!when.empty()) set_time(r, *parse_iso8601(when));
  r.data["text"] = text;
  return r;
}

std::vector<std::string> ids(Store& s, const RecordFilter& f) {
  std::vector<std::string> out;
  s.each_record(f, [&](const Record& r) { out.push_back(r.data.value("text", "")); });
  return out;
}

std::string integrity(Store& s) {
  std::string out;
  s.select("PRAGMA integrity_check", {}, [&](const Row& r) { out += r.values[0].get<std::string>(); });
  return out;
}

int64_t count(Store& s, const std::string& sql) {
  int64_t n = -1;
  s.select(sql, {}, [&](const Row& r) { n = r.values[0].get<int64_t>(); });
  return n;
}

/// A store in a fresh folder, a quiet log and fixed ingest options, for the ingest tests.
struct IngestBench {
  TempDir t;
  Store s{t.path("test.db"), Store::Mode::read_write};
  Log log{Verbosity::quiet, false};
  IngestOptions opt;
  IngestBench() { opt.now = "2026-01-01T00:00:00Z"; }
  /// Ingests a path under the bench folder as one archive set.
  IngestResult ingest(const std::string& path) {
    Archive in({t.path(path)});
    return run_ingest(in, &s, opt, log);
  }
};

/// record_months as the store keeps it, and as the GROUP BY over its records gives it: a row each,
/// "platform|kind|month|records|first|last" ('-' for NULL), in order.
std::vector<std::string> kept_months(Store& s) {
  std::vector<std::string> out;
  s.select("SELECT platform || '|' || kind || '|' || month || '|' || records || '|' || ifnull(first, '-') || '|' || "
           "ifnull(last, '-') FROM record_months ORDER BY 1",
           {}, [&](const Row& r) { out.push_back(r.values[0].get<std::string>()); });
  return out;
}

/// Writes the store by hand, as another program may (no trigger set aside, no tally).
void write_by_hand(Store& s, const std::string& sql) {
  REQUIRE(sqlite3_exec(s.handle(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
}

std::vector<std::string> counted_months(Store& s) {
  std::vector<std::string> out;
  s.select("SELECT platform || '|' || kind || '|' || coalesce(substr(time, 1, 7), '') || '|' || count(*) || '|' || "
           "ifnull(min(time), '-') || '|' || ifnull(max(time), '-') FROM records "
           "GROUP BY platform, kind, coalesce(substr(time, 1, 7), '') ORDER BY 1",
           {}, [&](const Row& r) { out.push_back(r.values[0].get<std::string>()); });
  return out;
}

}  // namespace

TEST_CASE("search words become an FTS5 query with prefixes, OR and phrases only", "[store]") {
  CHECK(fts_query("a b") == "\"a\" \"b\"");
  CHECK(fts_query("lyo*") == "\"lyo\"*");
  CHECK(fts_query("lyon OR oslo") == "\"lyon\" OR \"oslo\"");
  CHECK(fts_query("OR lyon OR") == "\"OR\" \"lyon\" \"OR\"");  // OR at an end is a word
  CHECK(fts_query("lyon or oslo") == "\"lyon\" \"or\" \"oslo\"");
  CHECK(fts_query("\"new york\" NOT") == "\"new york\" \"NOT\"");
  CHECK(fts_query("a*b *") == "\"a*b\" \"*\"");
  CHECK(fts_query("say \"hi") == "\"say\" \"hi\"");
}

TEST_CASE("views need no quoting", "[store]") {
  CHECK(kind_view_name("group") == "groups");
  CHECK(kind_view_name("contact") == "contact");
}

TEST_CASE("records are inserted once, filtered and searched", "[store]") {
  TempDir t;
  Store s(t.path("db/test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "2026-01-01T00:00:00Z");
  CHECK(s.insert_record(sample("1", "message", "2024-01-05T10:00:00Z", "hello Tomás"), a));
  CHECK(s.insert_record(sample("2", "message", "2023-06-01T00:00:00Z", "older note"), a));
  CHECK(s.insert_record(sample("3", "contact", "", "undated contact"), a));
  CHECK_FALSE(s.insert_record(sample("1", "message", "2024-01-05T10:00:00Z", "hello Tomás"), a));
  s.commit();
  CHECK(s.count_records() == 3);
  RecordFilter all;
  CHECK(ids(s, all) == std::vector<std::string>{"older note", "hello Tomás", "undated contact"});
  RecordFilter kind;
  kind.kinds = {"contact"};
  CHECK(ids(s, kind) == std::vector<std::string>{"undated contact"});
  RecordFilter since;
  since.since = parse_bound("2024", false);
  CHECK(ids(s, since) == std::vector<std::string>{"hello Tomás"});
  RecordFilter until;
  until.until = parse_bound("2023-06-01", true);
  CHECK(ids(s, until) == std::vector<std::string>{"older note"});
  RecordFilter search;
  search.search = "tomas hello";  // diacritics folded, every word required
  CHECK(ids(s, search) == std::vector<std::string>{"hello Tomás"});
  search.search = "hello \"missing";
  CHECK(ids(s, search).empty());
  search.search = "tom*";  // a prefix
  CHECK(ids(s, search) == std::vector<std::string>{"hello Tomás"});
  search.search = "older OR undated";  // either word
  CHECK(ids(s, search) == std::vector<std::string>{"older note", "undated contact"});
  search.search = "older OR nowhere";
  CHECK(ids(s, search) == std::vector<std::string>{"older note"});
  search.search = "\"older note\"";  // a phrase
  CHECK(ids(s, search) == std::vector<std::string>{"older note"});
  search.search = "\"note older\"";
  CHECK(ids(s, search).empty());
  // The stored time has one fixed form, whatever the source gave.
  std::vector<std::string> times;
  s.select("SELECT time FROM records WHERE time IS NOT NULL ORDER BY time", {},
           [&](const Row& r) { times.push_back(r.values[0].get<std::string>()); });
  CHECK(times == std::vector<std::string>{"2023-06-01T00:00:00.000Z", "2024-01-05T10:00:00.000Z"});
  RecordFilter limit;
  limit.limit = 1;
  CHECK(ids(s, limit).size() == 1);
  // One view per kind with its fields as columns.
  CHECK(count(s, "SELECT count(*) FROM message WHERE text LIKE 'hello%'") == 1);
  CHECK(count(s, "PRAGMA user_version") == store_version);
}

TEST_CASE("a rolled-back transaction leaves nothing", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  s.insert_record(sample("1", "message", "", "gone"), a);
  s.rollback();
  CHECK(s.count_records() == 0);
  CHECK(s.archives().empty());
}

TEST_CASE("read-only opening and the sql guard", "[store]") {
  TempDir t;
  CHECK_THROWS_WITH(Store(t.path("missing.db"), Store::Mode::read_only), Catch::Contains("no database here yet"));
  { Store s(t.path("x.db"), Store::Mode::read_write); }
  Store ro(t.path("x.db"), Store::Mode::read_only);
  auto noop = [](const Row&) {};
  CHECK_THROWS_WITH(ro.select("DELETE FROM records", {}, noop, true), Catch::Contains("read-only"));
  CHECK_THROWS_WITH(ro.select("SELECT 1; DROP TABLE records", {}, noop, true), Catch::Contains("one statement"));
  CHECK_NOTHROW(ro.select("SELECT count(*) FROM records", {}, noop, true));
  // Someone else's SQLite file is refused, not written into.
  {
    sqlite3* db;
    sqlite3_open(t.path("other.db").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE mine(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  CHECK_THROWS_WITH(Store(t.path("other.db"), Store::Mode::read_write), Catch::Contains("not a dataport database"));
}

TEST_CASE("the media store keeps one copy per content and can discard", "[store]") {
  TempDir t;
  MediaStore m(t.path("media"));
  MemoryStream a("\xFF\xD8\xFF same bytes"), b("\xFF\xD8\xFF same bytes");
  MediaRef r1 = m.put(a, "one.jpg", true);
  MediaRef r2 = m.put(b, "two", true);
  CHECK(r1.sha256 == r2.sha256);
  CHECK(r1.mime == "image/jpeg");
  CHECK(std::filesystem::exists(m.path_of(r1.sha256)));
  m.discard_new();
  CHECK_FALSE(std::filesystem::exists(m.path_of(r1.sha256)));
  MemoryStream c("dry");
  CHECK(m.put(c, "x.txt", false).size == 3);
  CHECK_FALSE(std::filesystem::exists(m.path_of(sha256_hex("dry"))));
  CHECK(sniff_mime("\x89PNG\r\n\x1A\nxxxx", "noext") == "image/png");
  CHECK(sniff_mime("????ftypheic", "") == "image/heic");
  CHECK(sniff_mime("plain", "a.CSV") == "text/csv");
  CHECK(mime_extension("image/jpeg") == ".jpg");
}

TEST_CASE("the media store syncs once for whatever was written since the last sync", "[store]") {
  TempDir t;
  MediaStore m(t.path("media"));
  CHECK_FALSE(m.sync());  // nothing written
  MemoryStream dry("only hashed");
  m.put(dry, "a.txt", false);
  CHECK_FALSE(m.sync());
  MemoryStream a("first"), b("second");
  MediaRef ra = m.put(a, "a.txt", true);
  m.put(b, "b.txt", true);
  CHECK(m.sync());
  CHECK_FALSE(m.sync());  // both went to disk with the first
  MemoryStream again("first");
  m.put(again, "a.txt", true);  // the intact copy is kept, nothing written
  CHECK_FALSE(m.sync());
  {
    std::ofstream damaged(m.path_of(ra.sha256), std::ios::binary | std::ios::trunc);
    damaged << "firsT";
  }
  MemoryStream repair("first");
  m.put(repair, "a.txt", true);  // the damaged copy is replaced: written, so synced
  CHECK(m.sync());
  CHECK(sha256_file(m.path_of(ra.sha256)).hex == ra.sha256);
  m.keep_new();
}

TEST_CASE("run_ingest is idempotent, keeps unknown files and rolls back on error", "[store][ingest]") {
  TempDir t;
  Record r = sample("1", "note", "2024-01-01T00:00:00Z", "from a dump");
  r.source.archive = "";
  t.write("export/records.ndjson", dump_line(r) + "\n");
  t.write("export/mystery.bin", "????");
  t.write("export/.DS_Store", "junk");
  Store s(t.path("test.db"), Store::Mode::read_write);
  Log log(Verbosity::quiet, false);
  IngestOptions opt;
  opt.now = "2026-01-01T00:00:00Z";
  {
    Archive in({t.path("export")});
    IngestResult res = run_ingest(in, &s, opt, log);
    CHECK(res.importer == "dump");
    CHECK(res.added == 2);  // the note and the kept mystery file
    CHECK(res.kinds["file"].added == 1);
    int unknown = 0, ignored = 0;
    for (const FileReport& f : res.files) {
      unknown += f.fate == Fate::unknown;
      ignored += f.fate == Fate::ignored;
    }
    CHECK(unknown == 1);
    CHECK(ignored == 1);
    CHECK(std::filesystem::exists(MediaStore(s.media_dir()).path_of(sha256_hex("????"))));
  }
  {
    Archive in({t.path("export")});
    IngestResult res = run_ingest(in, &s, opt, log);
    CHECK(res.added == 0);
    CHECK(res.present == 2);
  }
  CHECK(s.archives().size() == 1);
  CHECK(count(s, "SELECT count(*) FROM files") == 3);
  // A broken line makes the run partial but keeps the rest.
  t.write("export2/records.ndjson", dump_line(sample("9", "note", "", "ok")) + "\n{broken\n");
  {
    Archive in({t.path("export2")});
    Log l2(Verbosity::quiet, false);
    IngestResult res = run_ingest(in, &s, opt, l2);
    CHECK(res.partial);
    CHECK(res.added == 1);
  }
  // --strict turns the warning into an error and writes nothing.
  t.write("export3/records.ndjson", dump_line(sample("10", "note", "", "strict")) + "\n{broken\n");
  {
    Archive in({t.path("export3")});
    Log l3(Verbosity::quiet, false);
    IngestOptions strict = opt;
    strict.strict = true;
    int64_t before = s.count_records();
    CHECK_THROWS_WITH(run_ingest(in, &s, strict, l3), Catch::Contains("--strict"));
    CHECK(s.count_records() == before);
  }
  // A dry run counts but writes nothing.
  t.write("export4/records.ndjson", dump_line(sample("11", "note", "", "dry")) + "\n");
  {
    Archive in({t.path("export4")});
    IngestOptions dry = opt;
    dry.dry_run = true;
    int64_t before = s.count_records();
    IngestResult res = run_ingest(in, &s, dry, log);
    CHECK(res.added == 1);
    CHECK(s.count_records() == before);
  }
}

TEST_CASE("detection needs a clear winner", "[ingest]") {
  TempDir t;
  t.write("nothing/readme.txt", "hello");
  Archive in({t.path("nothing")});
  CHECK_THROWS_WITH(detect(in, ""), Catch::Contains("cannot tell which platform") );
  CHECK_THROWS_WITH(detect(in, "myspace"), Catch::Contains("no such importer"));
  CHECK(detect(in, "dump").chosen->name == std::string("dump"));
}

TEST_CASE("an id seen again with different content is a collision: both are kept", "[store][ingest]") {
  TempDir t;
  Record first = sample("same-key", "note", "2024-01-01T00:00:00Z", "The Hobbit");
  Record second = sample("same-key", "note", "2024-01-01T00:00:00Z", "Bajo las Ruedas");
  Record again = first;  // a true duplicate: same id, same content
  again.source.pointer = "line 9";
  for (Record* r : {&first, &second, &again}) r->source.archive = "";
  IngestBench b;
  Store& s = b.s;
  b.t.write("export/records.ndjson", dump_line(first) + "\n" + dump_line(second) + "\n" + dump_line(again) + "\n");
  std::string kept_id;
  {
    IngestResult res = b.ingest("export");
    CHECK(res.collisions == 1);
    CHECK(res.added == 2);
    CHECK(res.present == 1);
    CHECK(count(s, "SELECT count(*) FROM records WHERE json_extract(data, '$.text') = 'The Hobbit'") == 1);
    CHECK(count(s, "SELECT count(*) FROM records WHERE json_extract(data, '$.text') = 'Bajo las Ruedas'") == 1);
    // The first keeps its id; the second gets one derived from it and its own content.
    s.select("SELECT id FROM records WHERE json_extract(data, '$.text') = 'Bajo las Ruedas'", {},
             [&](const Row& r) { kept_id = r.values[0].get<std::string>(); });
    CHECK(kept_id != first.id);
    CHECK(kept_id.size() == first.id.size());
  }
  {
    // Deterministic: re-ingesting finds both again, adds nothing.
    IngestResult res = b.ingest("export");
    CHECK(res.added == 0);
    CHECK(res.present == 3);
    CHECK(res.collisions == 1);
  }
}

TEST_CASE("repeats and collisions are the same into a store that has records (no bulk load)", "[store][ingest]") {
  Record first = sample("same-key", "note", "2024-01-01T00:00:00Z", "The Hobbit");
  Record second = sample("same-key", "note", "2024-01-01T00:00:00Z", "Bajo las Ruedas");
  Record again = first;
  again.source.pointer = "line 9";
  Record third = second;  // the collision again: a repeat of the kept second
  third.source.pointer = "line 12";
  Record other = sample("other", "note", "", "kept before");
  for (Record* r : {&first, &second, &again, &third, &other}) r->source.archive = "";
  // The export read into a fresh store (a bulk load) and into one that has records already give
  // the same rows, ids and counts.
  auto run = [&](bool earlier) {
    auto b = std::make_unique<IngestBench>();
    if (earlier) {
      b->t.write("before/records.ndjson", dump_line(other) + "\n");
      REQUIRE(b->ingest("before").added == 1);
    }
    b->t.write("export/records.ndjson",
               dump_line(first) + "\n" + dump_line(second) + "\n" + dump_line(again) + "\n" + dump_line(third) + "\n");
    // Not a bulk load into the store that has a record: the same importer read it (and within
    // the page cache: row by row first).
    if (earlier) REQUIRE(rows_coming(Archive({b->t.path("export")}), b->s, "dump").look_first);
    IngestResult res = b->ingest("export");
    CHECK(res.collisions == 2);  // per item that came under a used id: second, and third again
    CHECK(res.added == 2);
    CHECK(res.present == 2);
    CHECK(res.kinds["note"].added == 2);
    CHECK(res.kinds["note"].present == 2);
    std::vector<std::string> rows;
    b->s.select("SELECT id || ' ' || json_extract(data, '$.text') FROM records WHERE archive = 2 - ?1 ORDER BY rowid",
                {earlier ? 0 : 1}, [&](const Row& r) { rows.push_back(r.values[0].get<std::string>()); });
    return std::make_pair(std::move(b), rows);
  };
  auto [fresh, fresh_rows] = run(false);
  auto [later, later_rows] = run(true);
  REQUIRE(fresh_rows.size() == 2);
  CHECK(fresh_rows[0] == first.id + " The Hobbit");
  CHECK(fresh_rows == later_rows);
  CHECK(count(fresh->s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Ruedas'") == 1);
  CHECK(count(later->s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Ruedas'") == 1);

  // An id an earlier ingest wrote, met twice in this run with different items: the first is
  // present, the second a collision kept under its own id (as when the run had read both alone).
  IngestBench b;
  b.t.write("a/records.ndjson", dump_line(first) + "\n");
  REQUIRE(b.ingest("a").added == 1);
  b.t.write("b/records.ndjson", dump_line(first) + "\n" + dump_line(second) + "\n" + dump_line(again) + "\n");
  IngestResult res = b.ingest("b");
  CHECK(res.collisions == 1);
  CHECK(res.added == 1);
  CHECK(res.present == 2);
  CHECK(count(b.s, "SELECT count(*) FROM records") == 2);
  CHECK(count(b.s, "SELECT count(*) FROM records WHERE json_extract(data, '$.text') = 'Bajo las Ruedas'") == 1);
}

TEST_CASE("a store small next to what an ingest adds takes it as a bulk load only then", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin(true, 0);
  CHECK(s.bulk());  // empty
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  for (int i = 0; i < 10; ++i) REQUIRE(s.insert_record(sample("k" + std::to_string(i), "note", "", "t"), a));
  REQUIRE(s.index_ids());
  s.commit();
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id'") == 1);
  // Records that may be in the store already: a bulk load when it holds fewer rows than come.
  for (int64_t coming : {0, 5, 10}) {
    s.begin(true, coming, true);
    CHECK_FALSE(s.bulk());
    s.rollback();
  }
  s.begin(true, 11, true);
  CHECK(s.bulk());
  CHECK(s.turn_bulk_after() == 0);
  s.rollback();
  // Row by row first when the same importer read the store and it stays within the page cache
  // (look_first), even where a bulk load would pay. Wherever one of new records would pay, the
  // first rows may turn the write into one (turn_bulk()).
  s.begin(true, 11, true, true);
  CHECK_FALSE(s.bulk());
  CHECK(s.turn_bulk_after() == Store::turn_bulk_min_rows);
  s.rollback();
  s.begin(true, 10 / Store::bulk_within_cache, true);
  CHECK(s.turn_bulk_after() == 0);
  s.rollback();
  s.begin(true, 10 / Store::bulk_within_cache + 1, true);
  CHECK_FALSE(s.bulk());
  CHECK(s.turn_bulk_after() == Store::turn_bulk_min_rows);
  s.rollback();
  s.begin(false, 11, true, true);
  CHECK(s.turn_bulk_after() == 0);
  s.rollback();
  // New ones: when it holds fewer than bulk_within_cache times that.
  int64_t least = 10 / Store::bulk_within_cache + 1;
  s.begin(true, least - 1);
  CHECK_FALSE(s.bulk());
  s.rollback();
  s.begin(false, 11);
  CHECK_FALSE(s.bulk());
  s.rollback();
  s.begin(true, least);
  CHECK(s.bulk());
  CHECK(s.written_before(10));
  CHECK_FALSE(s.written_before(11));
  CHECK_FALSE(s.written_before(0));
  // Its indexes are gone until commit, and back after a rollback.
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id'") == 0);
  s.rollback();
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id'") == 1);

  // The guess: a record a file, one a KiB of the text formats records come from, one a 16 KiB of
  // an mbox; none when the store has an archive the same importer read, unless the store's id
  // index would outgrow the page cache with what comes.
  t.write("in/a.json", std::string(10 * 1024 + 5, ' '));
  t.write("in/b/c.CSV", std::string(3 * 1024, ' '));
  t.write("in/d.jpg", std::string(50 * 1024, ' '));  // a photo: one record, whatever its size
  t.write("in/e.json.d/f", std::string(5 * 1024, ' '));  // no extension: the dot is a folder's
  t.write("in/empty.json", "");
  t.write("in/Mail/All mail.mbox", std::string(40 * 1024, ' '));
  CHECK(rows_coming(Archive({t.path("in")}), s, "x").rows == 6 + 10 + 3 + 2);
  CHECK_FALSE(rows_coming(Archive({t.path("in")}), s, "x").look_first);
  CHECK(rows_coming(Archive({t.path("in")}), s, "linkedin").look_first);
  // A file as big as the ids the page cache holds (sparse: no disk), with the store's 10 rows.
  auto kib = [](int64_t n) { return static_cast<uintmax_t>(n) * 1024; };
  std::filesystem::resize_file(t.path("in/a.json"), kib(Store::ids_in_page_cache - 10 - 6 - 3 - 2));
  CHECK(rows_coming(Archive({t.path("in")}), s, "linkedin").look_first);
  std::filesystem::resize_file(t.path("in/a.json"), kib(Store::ids_in_page_cache - 10 - 6 - 3 - 1));
  RowsComing past = rows_coming(Archive({t.path("in")}), s, "linkedin");
  CHECK(past.rows == Store::ids_in_page_cache - 9);
  CHECK(past.met_again);
  CHECK_FALSE(past.look_first);
  CHECK_FALSE(rows_coming(Archive({t.path("in")}), s, "x").met_again);
  CHECK(rows_coming(Archive({t.path("in")}), s, "dump").met_again);  // dataport's own output
  s.begin();
  s.upsert_archive("restored", "dump.ndjson", json::array(), "dump", "dump", "now");
  s.commit();
  CHECK(rows_coming(Archive({t.path("in")}), s, "x").met_again);  // any platform's, perhaps

  // Once the store's rows and those coming outgrow the page cache, a store of up to
  // bulk_past_cache times the guess takes it as a bulk load (its highest rowid stands for its rows).
  int64_t held = Store::ids_in_page_cache;
  REQUIRE(sqlite3_exec(s.handle(), ("UPDATE records SET rowid = " + std::to_string(held) + " WHERE rowid = 10").c_str(),
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  least = held / Store::bulk_past_cache + 1;  // the least guess that makes it one
  s.begin(true, least - 1);
  CHECK_FALSE(s.bulk());
  s.rollback();
  s.begin(true, least);
  CHECK(s.bulk());
  s.rollback();
  // Not when the records may be in the store already: then after the first eighth of what it
  // holds, if those are new.
  s.begin(true, least, true);
  CHECK_FALSE(s.bulk());
  CHECK(s.turn_bulk_after() == held / Store::turn_bulk_share);
  s.rollback();
  s.begin(true, least - 1, true);
  CHECK(s.turn_bulk_after() == 0);
  s.rollback();
  s.begin(true, held + 1, true);  // (more than the store holds)
  CHECK(s.bulk());
  s.rollback();
}

TEST_CASE("a write that began row by row turns into a bulk load, setting aside the rows of ids the store held",
          "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  for (int i = 0; i < 10; ++i)
    REQUIRE(s.insert_record(sample("k" + std::to_string(i), "note", "2024-01-1" + std::to_string(i) + "T00:00:00Z",
                                   "held" + std::to_string(i)),
                            a));
  s.commit();
  int64_t indexes = count(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'records' AND type = 'index'");
  int64_t triggers = count(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'records' AND type = 'trigger'");
  REQUIRE(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'record_months_insert'") == 1);
  auto deferred_table = [&] { return count(s, "SELECT count(*) FROM temp.sqlite_master WHERE name = 'deferred_rows'"); };

  s.begin(true, 11, true, true);
  REQUIRE_FALSE(s.bulk());
  REQUIRE(s.insert_record(sample("n1", "note", "2024-02-01T00:00:00Z", "first new"), a));  // row by row
  s.turn_bulk();
  CHECK(s.bulk());
  CHECK(s.turn_bulk_after() == 0);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id'") == 0);
  // A held id is set aside with its tag (and counted in for now); a new one goes in.
  Record again = sample("k3", "note", "2024-01-13T00:00:00Z", "held3 changed");
  RowBatch batch;
  batch.add(again, a, dump_compact(again.data), true, 7);
  Record n2 = sample("n2", "note", "2024-03-01T00:00:00Z", "second new");
  batch.add(n2, a, dump_compact(n2.data), true, 8);
  s.insert_rows(batch);
  CHECK(s.deferred_rows() == 1);
  CHECK(count(s, "SELECT count(*) FROM records") == 12);
  CHECK(count(s, "SELECT count(*) FROM temp.deferred_rows") == 1);
  REQUIRE(s.index_ids());
  s.end_bulk();
  CHECK_FALSE(s.bulk());
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'records' AND type = 'index'") == indexes);
  std::vector<std::string> seen;
  s.each_deferred([&](const RowColumns& row, int64_t tag) {
    seen.push_back(std::string(row.id) + " " + std::to_string(tag) + " " + std::string(row.kind) + " " +
                   std::string(row.time.value_or("-")) + " " + std::string(row.data) + " " +
                   std::string(row.text.value_or("-")));
    CHECK_FALSE(s.insert_row(row));  // the id is there (the caller tells present from a collision)
  });
  CHECK(seen == std::vector<std::string>{again.id + " 7 note 2024-01-13T00:00:00.000Z " + dump_compact(again.data) +
                                         " held3 changed"});
  CHECK(s.deferred_rows() == 0);
  CHECK(deferred_table() == 0);
  // Row by row again after it, and record_months counts every phase.
  REQUIRE(s.insert_record(sample("n3", "note", "2024-04-01T00:00:00Z", "third new"), a));
  CHECK_FALSE(s.insert_record(sample("n2", "note", "2024-03-01T00:00:00Z", "second new"), a));
  s.commit();
  CHECK(count(s, "SELECT count(*) FROM records") == 13);
  CHECK(kept_months(s) == counted_months(s));
  CHECK(kept_months(s).size() == 4);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'records' AND type = 'trigger'") == triggers);
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'second'") == 1);
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'changed'") == 0);
  CHECK(integrity(s) == "ok");

  // Rolled back, the store is as before, and nothing set aside is left.
  s.begin(true, 11, true, true);
  REQUIRE(s.insert_record(sample("n4", "note", "2024-05-01T00:00:00Z", "fourth new"), a));
  s.turn_bulk();
  REQUIRE(s.insert_record(sample("k5", "note", "", "held5"), a));
  CHECK(s.deferred_rows() == 1);
  s.rollback();
  CHECK(s.deferred_rows() == 0);
  CHECK(deferred_table() == 0);
  CHECK(count(s, "SELECT count(*) FROM records") == 13);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'records' AND type = 'index'") == indexes);
  CHECK(kept_months(s) == counted_months(s));

  // A commit with rows still set aside would lose them: it fails.
  s.begin(true, 11, true, true);
  s.turn_bulk();
  REQUIRE(s.insert_record(sample("k6", "note", "", "held6"), a));
  REQUIRE(s.index_ids());
  CHECK_THROWS_WITH(s.commit(), Catch::Contains("never inserted"));
  s.rollback();
  CHECK(count(s, "SELECT count(*) FROM records") == 13);
}

TEST_CASE("an ingest that turns into a bulk load stores and counts what one row by row does", "[store][ingest]") {
  // An export whose first rows are new turns into a bulk load past them (with a writer thread);
  // after them come items the store held (present, and one changed: a collision), repeats within
  // the export on both sides of the turn, and more new ones.
  auto note = [](const std::string& key, const std::string& text) {
    Record r = sample(key, "note", "2024-0" + std::to_string(1 + key.size() % 9) + "-01T00:00:00Z", text);
    r.source.archive = "";
    return r;
  };
  std::string before, export_;
  for (int i = 0; i < 100; ++i) before += dump_line(note("held" + std::to_string(i), "held " + std::to_string(i))) + "\n";
  for (int i = 0; i < 24000; ++i) {
    export_ += dump_line(note("new" + std::to_string(i), "new " + std::to_string(i))) + "\n";
    if (i == 10) export_ += dump_line(note("held7", "held 7")) + "\n";  // one met again before the turn
  }
  for (int i = 0; i < 100; i += 3) export_ += dump_line(note("held" + std::to_string(i), "held " + std::to_string(i))) + "\n";
  export_ += dump_line(note("held50", "held 50 changed")) + "\n";  // first of a held id this run: present
  export_ += dump_line(note("held52", "held 52")) + "\n";
  export_ += dump_line(note("held52", "held 52 changed")) + "\n";  // collision with it
  export_ += dump_line(note("new5", "new 5")) + "\n";                // repeat of a row before the turn
  export_ += dump_line(note("new5", "new 5 changed")) + "\n";        // collision with it
  for (int i = 24000; i < 25000; ++i) export_ += dump_line(note("new" + std::to_string(i), "new " + std::to_string(i))) + "\n";
  export_ += dump_line(note("new24500", "new 24500")) + "\n";        // repeat after the turn
  export_ += dump_line(note("held51", "held 51")) + "\n";
  export_ += dump_line(note("held7", "held 7 changed")) + "\n";  // compared with the one before the turn

  struct Outcome {
    IngestResult res;
    std::vector<std::string> rows, months;
    int64_t fts = 0;
    int64_t new_after_collision = 0;
    int64_t repeats_checked = 0;
  };
  auto run = [&](bool big) {
    IngestBench b;
    b.t.write("before/records.ndjson", before);
    REQUIRE(b.ingest("before").added == 100);
    // A store whose highest rowid is big is no place for a bulk load of this export: row by row.
    if (big)
      REQUIRE(sqlite3_exec(b.s.handle(), "UPDATE records SET rowid = 1000000 WHERE rowid = 100", nullptr, nullptr,
                           nullptr) == SQLITE_OK);
    b.t.write("export/records.ndjson", export_);
    Outcome o;
    o.res = b.ingest("export");
    o.repeats_checked = b.s.repeat_rows_checked();
    b.s.select("SELECT id || ' ' || data FROM records ORDER BY id", {},
               [&](const Row& r) { o.rows.push_back(r.values[0].get<std::string>()); });
    o.months = kept_months(b.s);
    CHECK(o.months == counted_months(b.s));
    o.fts = count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'changed'");
    // Set aside by the load, the collision with a held id went in after the new rows that came
    // after it in the export (but for the few the filter took for held ones).
    o.new_after_collision = count(b.s, "SELECT count(*) FROM records WHERE json_extract(data, '$.text') LIKE "
                                       "'new 24___' AND rowid > (SELECT rowid FROM records WHERE "
                                       "json_extract(data, '$.text') = 'held 52 changed')");
    CHECK(integrity(b.s) == "ok");
    return o;
  };
  Outcome turned = run(false), by_row = run(true);
  CHECK(turned.res.added == 25000 + 3);
  CHECK(turned.res.present == 34 + 6);
  CHECK(turned.res.collisions == 3);
  CHECK(turned.res.added == by_row.res.added);
  CHECK(turned.res.present == by_row.res.present);
  CHECK(turned.res.kinds["note"].added == by_row.res.kinds["note"].added);
  CHECK(turned.res.kinds["note"].present == by_row.res.kinds["note"].present);
  CHECK(turned.rows.size() == 100 + 25003);
  CHECK(turned.rows == by_row.rows);
  CHECK(turned.months == by_row.months);
  CHECK(turned.fts == 3);
  CHECK(by_row.fts == 3);
  CHECK(by_row.new_after_collision == 1000);
  if (std::thread::hardware_concurrency() > 1) CHECK(turned.new_after_collision < 100);
  // The repeats within the load, of a row from before the turn too, were looked for by their ids
  // alone (Store::index_ids): new5 twice and new24500.
  if (std::thread::hardware_concurrency() > 1) CHECK(turned.repeats_checked == 3);
  CHECK(by_row.repeats_checked == 0);
}

namespace {
std::string journal_mode(Store& s) {
  std::string mode;
  s.select("PRAGMA journal_mode", {}, [&](const Row& r) { mode = r.values[0].get<std::string>(); });
  return mode;
}
// Another process's connection: the count of records it reads, or -1 when the store is locked.
struct Reader {
  sqlite3* h = nullptr;
  explicit Reader(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~Reader() { sqlite3_close(h); }
  int64_t records() {
    sqlite3_stmt* st = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM records", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  }
};
}  // namespace

TEST_CASE("a bulk load into a store nobody else has open goes through the rollback journal", "[store]") {
  TempDir t;
  std::string db = t.path("test.db");
  auto add = [](Store& s, int from, int to) {
    int64_t a = s.upsert_archive("feed" + std::to_string(from), "x.zip", json::array(), "x", "x", "now");
    for (int i = from; i < to; ++i) REQUIRE(s.insert_record(sample("k" + std::to_string(i), "note", "", "t"), a));
    if (s.bulk()) REQUIRE(s.index_ids());
  };
  {
    Store s(db, Store::Mode::read_write);
    s.begin(true, 0);
    CHECK(s.journaled());  // a new store
    add(s, 0, 3);
    s.commit();
    CHECK_FALSE(s.journaled());
    CHECK(journal_mode(s) == "wal");
    // Not a bulk load, nor one that may turn into one (3 rows held, none guessed to come): the
    // WAL, as every write.
    s.begin(true, 0, true);
    CHECK_FALSE(s.bulk());
    CHECK(s.turn_bulk_after() == 0);
    CHECK_FALSE(s.journaled());
    CHECK(journal_mode(s) == "wal");
    s.rollback();
    // One that may turn into a bulk load (2 coming, met again: row by row first): the journal,
    // which the transaction could not leave for it later.
    s.begin(true, 2, true);
    CHECK_FALSE(s.bulk());
    CHECK(s.turn_bulk_after() > 0);
    CHECK(s.journaled());
    s.rollback();
    CHECK(journal_mode(s) == "delete");  // until the connection closes or commits
    // A bulk load: the journal, and the store locked to others until the commit.
    s.begin(true, 100);
    CHECK(s.bulk());
    CHECK(s.journaled());
    CHECK(journal_mode(s) == "delete");
    add(s, 3, 8);
    {
      Reader later(db);
      CHECK(later.records() == -1);
    }
    s.commit();
    CHECK(journal_mode(s) == "wal");
    CHECK(Reader(db).records() == 8);
    // Rolled back: the rows are gone, and the store is a WAL store again once closed.
    s.begin(true, 100);
    REQUIRE(s.journaled());
    add(s, 8, 20);
    s.rollback();
    CHECK(count(s, "SELECT count(*) FROM records") == 8);
  }
  CHECK_FALSE(std::filesystem::exists(db + "-journal"));
  Reader open_before(db);
  CHECK(open_before.records() == 8);
  Store s(db, Store::Mode::read_write);
  CHECK(journal_mode(s) == "wal");
  // Another connection has the store open: the bulk load stays in the WAL, which it reads on.
  s.begin(true, 100);
  CHECK(s.bulk());
  CHECK_FALSE(s.journaled());
  CHECK(journal_mode(s) == "wal");
  add(s, 8, 12);
  CHECK(open_before.records() == 8);
  s.commit();
  CHECK(open_before.records() == 12);
}

// Into a store that holds fewer rows than an export brings, the export is a bulk load: its rows
// are appended and the repeats found after, an earlier ingest's rows among them. What it keeps
// and counts must be what the same export gives when each row is looked up as it goes in.
TEST_CASE("a bulk load into a store that has records keeps what one looked up row by row keeps", "[store][ingest]") {
  auto note = [](const std::string& key, const std::string& when, const std::string& text) {
    Record r = sample(key, "note", when, text);
    r.source.archive = "";
    return r;
  };
  std::string before, exported;
  auto put = [](std::string& lines, const Record& r) { lines += dump_line(r) + "\n"; };
  // An earlier ingest: k1, k2 with a collision (its id derived), k3, and k4 and k5.
  put(before, note("k1", "2024-01-05T00:00:00Z", "alpha"));
  put(before, note("k2", "2024-02-05T00:00:00Z", "bravo"));
  put(before, note("k2", "2024-02-05T00:00:00Z", "charlie"));
  put(before, note("k3", "", "delta"));
  // Months no removed repeat touches: one the export has nothing in, one it adds to.
  put(before, note("k4", "2023-12-24T00:00:00Z", "golf"));
  put(before, note("k5", "2024-03-01T00:00:00Z", "hotel"));
  // The export: k1 with other content first (present: an earlier ingest's id, its first item in
  // this run), then k1 as the store has it (a collision with that first item), then the first
  // again (present); k2 and its collision (whose derived id the store has: present), twice; k3
  // twice; new items padded past the store's size, then one of them again at another time (a
  // collision) and another item under another's id, twice (a collision, then its repeat).
  put(exported, note("k1", "2024-01-05T00:00:00Z", "alpha, edited"));
  put(exported, note("k1", "2024-01-05T00:00:00Z", "alpha"));
  put(exported, note("k1", "2024-01-05T00:00:00Z", "alpha, edited"));
  for (int i = 0; i < 2; ++i) {
    put(exported, note("k2", "2024-02-05T00:00:00Z", "bravo"));
    put(exported, note("k2", "2024-02-05T00:00:00Z", "charlie"));
    put(exported, note("k3", "", "delta"));
  }
  for (int i = 0; i < 60; ++i)
    put(exported, note("n" + std::to_string(i), "2024-0" + std::to_string(1 + i % 6) + "-1" + std::to_string(i % 9) + "T08:00:00Z",
                       "echo " + std::to_string(i) + " " + std::string(1100, 'x')));
  put(exported, note("n5", "2024-06-16T08:00:00Z", "echo 5 " + std::string(1100, 'x')));  // n5, another time
  put(exported, note("n7", "2024-02-17T08:00:00Z", "foxtrot, another item under n7's id"));
  put(exported, note("n7", "2024-02-17T08:00:00Z", "foxtrot, another item under n7's id"));

  struct Outcome {
    IngestResult res;
    std::vector<std::string> rows;
  };
  // `filler` rows of another platform in the store first: enough of them and the export is not a
  // bulk load.
  auto run = [&](int filler) {
    IngestBench b;
    std::string lines;
    for (int i = 0; i < filler; ++i) {
      Record r = make_record("note", "x", "filler " + std::to_string(i), "file.csv", "line 1");
      r.data["text"] = "filler";
      lines += dump_line(r) + "\n";
    }
    b.t.write("filler/records.ndjson", lines);
    if (filler) REQUIRE(b.ingest("filler").added == filler);
    b.t.write("before/records.ndjson", before);
    IngestResult first = b.ingest("before");
    REQUIRE(first.added == 6);
    REQUIRE(first.collisions == 1);
    // As if another importer had read them (a dump's records are of any platform): a small store
    // holding an archive the same importer read is not bulk-loaded.
    b.s.select("UPDATE archives SET importer = 'linkedin'", {}, [](const Row&) {});
    b.t.write("export/records.ndjson", exported);
    int64_t coming = rows_coming(Archive({b.t.path("export")}), b.s, "dump").rows;
    int64_t held = count(b.s, "SELECT max(rowid) FROM records");
    if (filler) REQUIRE(coming <= held);
    else REQUIRE(coming > held);
    Outcome o{b.ingest("export"), {}};
    b.s.select("SELECT id || ' ' || ifnull(time, '-') || ' ' || substr(data, 1, 60) || ' ' || source_pointer FROM records "
               "WHERE platform = 'linkedin' ORDER BY id",
               {}, [&](const Row& r) { o.rows.push_back(r.values[0].get<std::string>()); });
    CHECK(kept_months(b.s) == counted_months(b.s));
    CHECK(count(b.s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'record_months_%'") == 3);
    CHECK(count(b.s, "SELECT count(*) FROM sqlite_master WHERE name IN ('records_id', 'records_kind_time')") == 2);
    CHECK(count(b.s, "SELECT count(DISTINCT id) = count(*) FROM records") == 1);
    // The full-text index holds the rows there are, and no removed repeat's words.
    b.s.select("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')", {}, [](const Row&) {});
    CHECK(count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'echo'") == 61);
    CHECK(count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'alpha'") == 2);
    CHECK(count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'foxtrot'") == 1);
    return o;
  };
  Outcome bulk = run(0), looked_up = run(200);
  CHECK(bulk.res.added == 60 + 3);  // n0..n59, and the collisions of k1, n5 and n7
  CHECK(bulk.res.present == 2 + 6 + 1);  // k1's first and third; k2, its collision and k3, twice; n7's collision again
  CHECK(bulk.res.collisions == 1 + 2 + 1 + 2);  // per item met under a used id: k1, k2 twice, n5, n7 twice
  CHECK(bulk.res.kinds["note"].added == bulk.res.added);
  CHECK(bulk.res.added == looked_up.res.added);
  CHECK(bulk.res.present == looked_up.res.present);
  CHECK(bulk.res.collisions == looked_up.res.collisions);
  CHECK(bulk.rows.size() == 6 + 63);
  CHECK(bulk.rows == looked_up.rows);
}

TEST_CASE("the store finds the row of an id, looking at the next row first while rows come in order", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  const int n = 200;
  std::vector<Record> earlier;
  for (int i = 0; i < n; ++i) {
    earlier.push_back(sample("earlier " + std::to_string(i), "note", "", "earlier"));
    REQUIRE(s.insert_record(earlier.back(), a));
  }
  s.commit();
  auto rowid_of = [&](const std::string& id) {
    int64_t rowid = -1;
    s.select("SELECT rowid FROM records WHERE id = ?1", {id}, [&](const Row& r) { rowid = r.values[0].get<int64_t>(); });
    return rowid;
  };
  s.begin();
  Record now = sample("now", "note", "", "this run");
  REQUIRE(s.insert_record(now, a));
  Store::IdRow found = s.find_id(now.id);
  CHECK(found.seen == Store::IdSeen::now);
  CHECK(found.rowid == rowid_of(now.id));
  found = s.find_id(make_record_id("linkedin", "note", "never"));
  CHECK(found.seen == Store::IdSeen::absent);
  CHECK(found.rowid == 0);

  // In the order written: one probe of the id index, then each is the row after the last.
  int64_t probes = s.id_index_probes(), wrong = 0;
  for (const Record& r : earlier) {
    found = s.find_id(r.id);
    wrong += found.seen != Store::IdSeen::earlier || found.rowid != rowid_of(r.id);
  }
  CHECK(wrong == 0);
  // Two probes: the first row, and the second, which is where the order shows (two rows in a row).
  CHECK(s.id_index_probes() - probes == 2);
  // The row after the last earlier one is this run's.
  found = s.find_id(now.id);
  CHECK(found.seen == Store::IdSeen::now);
  CHECK(found.rowid == rowid_of(now.id));
  // Backwards, no row is where the guess looks: every one is probed, and found all the same.
  probes = s.id_index_probes();
  for (int i = n - 1; i >= 0; --i) wrong += s.find_id(earlier[i].id).rowid != rowid_of(earlier[i].id);
  CHECK(wrong == 0);
  CHECK(s.id_index_probes() - probes == n);
  // A gap (a row gone) and an absent id in the middle of a run in order: found, then in order again.
  s.rollback();
  s.begin();
  s.delete_record(rowid_of(earlier[50].id));
  s.commit();
  s.begin();
  probes = s.id_index_probes();
  for (int i = 0; i < n; ++i) {
    if (i == 100) CHECK(s.find_id(make_record_id("linkedin", "note", "never")).seen == Store::IdSeen::absent);
    found = s.find_id(earlier[i].id);
    if (i == 50) wrong += found.seen != Store::IdSeen::absent;
    else wrong += found.seen != Store::IdSeen::earlier || found.rowid != rowid_of(earlier[i].id);
  }
  CHECK(wrong == 0);
  // The first row; at the gap the absent id, the row after (not where guessed) and the next
  // (where the order shows again); the absent id in the run.
  CHECK(s.id_index_probes() - probes == 5);
  s.rollback();
}

TEST_CASE("the store keeps the first digest of each earlier row met again, in memory and past it", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  REQUIRE(s.insert_record(sample("first", "note", "", "earlier"), a));
  // A row far out makes every rowid below it an earlier row's: 8192 pages of 1024 rowids are
  // kept in memory (lib/store.h), a rowid of any other page goes to the temporary table.
  const int64_t last = 9'000'000, pages = 8192 + 50;
  s.select("UPDATE records SET rowid = ?1", {last}, [](const Row&) {});
  s.commit();
  s.begin();
  auto rowid = [](int64_t k) { return k * 1024 + 1 + k % 1000; };  // one row of each page
  int64_t differ = 0;
  for (int64_t k = 0; k < pages; ++k) differ += !s.same_as_first(rowid(k), k * 7);
  CHECK(differ == 0);
  for (int64_t k : {int64_t{0}, int64_t{1}, int64_t{8191}, int64_t{8192}, int64_t{8193}, pages - 1}) {
    CHECK(s.same_as_first(rowid(k), k * 7));
    CHECK_FALSE(s.same_as_first(rowid(k), k * 7 + 1));
    CHECK(s.same_as_first(rowid(k), k * 7));  // the first digest stays
  }
  // Another row of a page made (and of one past the cap), and rows that are no earlier row's.
  CHECK(s.same_as_first(rowid(3) + 1, 11));
  CHECK_FALSE(s.same_as_first(rowid(3) + 1, 12));
  CHECK(s.same_as_first(rowid(pages - 1) + 1, 13));
  CHECK_FALSE(s.same_as_first(rowid(pages - 1) + 1, 14));
  for (int64_t r : {int64_t{0}, int64_t{-5}, last + 1, last + 5000}) {
    CHECK(s.same_as_first(r, 21));
    CHECK_FALSE(s.same_as_first(r, 22));
  }
  CHECK(s.same_as_first(last, 0));  // a digest of 0 is a digest like another
  CHECK_FALSE(s.same_as_first(last, 1));
  s.rollback();
  s.begin();  // a transaction starts with none, on either side
  CHECK(s.same_as_first(rowid(0), 42));
  CHECK(s.same_as_first(rowid(pages - 1), 43));
  CHECK(s.same_as_first(last + 1, 44));
  s.commit();
  s.begin();
  CHECK(s.same_as_first(rowid(0), 45));
  CHECK(s.same_as_first(rowid(pages - 1), 46));
  s.rollback();
}

TEST_CASE("a bulk load with many repeats keeps each item once, found by the store", "[store][ingest]") {
  IngestBench b;
  std::string lines;
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 500; ++i) {
      Record r = sample("k" + std::to_string(i), "note", "2024-01-01T00:00:00Z", "item " + std::to_string(i));
      r.source.archive = "";
      r.source.pointer = "line " + std::to_string(round * 500 + i + 1);
      lines += dump_line(r) + "\n";
    }
  b.t.write("export/records.ndjson", lines);
  IngestResult res = b.ingest("export");
  CHECK(res.added == 500);
  CHECK(res.present == 1000);
  CHECK(res.collisions == 0);
  CHECK(b.s.repeat_rows_checked() == 0);  // two thirds of the rows repeat one: every id sorted
  CHECK(count(b.s, "SELECT count(*) FROM records") == 500);
  CHECK(count(b.s, "SELECT count(DISTINCT id) FROM records") == 500);
  // The first of each is the one kept (its pointer), and the store's indexes are all there.
  CHECK(count(b.s, "SELECT count(*) FROM records WHERE CAST(substr(source_pointer, 6) AS INTEGER) > 500") == 0);
  CHECK(count(b.s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'records_id'") == 1);
  CHECK(count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'item'") == 500);
  // The repeats' words left the full-text index with their rows: the index is its content's
  // (every row has text here), checked word by word against `records`.
  b.s.select("INSERT INTO records_fts(records_fts, rank) VALUES ('integrity-check', 1)", {}, [](const Row&) {});
  CHECK(count(b.s, "SELECT sum(records) FROM record_months") == 500);
}

TEST_CASE("the pass over shared ids gives them in order, and removes what it is asked to after the last", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  REQUIRE(s.insert_record(sample("b", "note", "", "earlier b"), a));
  REQUIRE(s.insert_record(sample("lone", "contact", "", "earlier lone"), a));
  s.commit();
  s.begin(true, 100);  // a bulk load into a store that has records
  REQUIRE(s.bulk());
  a = s.upsert_archive("feed2", "y.zip", json::array(), "linkedin", "linkedin", "now");
  for (const auto& [key, kind] : std::vector<std::pair<std::string, std::string>>{
           {"a", "note"}, {"b", "note"}, {"a", "note"}, {"c", "contact"}, {"b", "note"}, {"a", "note"}})
    REQUIRE(s.insert_record(sample(key, kind, "", "now " + key), a));
  REQUIRE_FALSE(s.index_ids());
  const std::string ida = make_record_id("linkedin", "note", "a"), idb = make_record_id("linkedin", "note", "b");
  std::vector<std::pair<std::string, int64_t>> met;  // (id, rowid) in the order given
  std::vector<std::string> removed;
  std::string read_after_queued;
  s.each_shared_id(
      [&](int64_t rowid, const std::string& id) {
        met.emplace_back(id, rowid);
        // The second row of a's and every row of b's after the earlier one are removed; a row
        // queued is still there to read until the pass ends.
        if ((id == ida && rowid == 5) || (id == idb && !s.written_before(rowid))) {
          s.remove_later(rowid);
          read_after_queued += s.record_at(rowid).data + ";";
        }
      },
      [&](const std::string& kind) { removed.push_back(kind); });
  // a: rows 3, 5, 8; b: the earlier row 1, then 4 and 7; c and lone are on one row each.
  std::vector<std::pair<std::string, int64_t>> want{{ida, 3}, {ida, 5}, {ida, 8}, {idb, 1}, {idb, 4}, {idb, 7}};
  std::sort(want.begin(), want.end());
  CHECK(met == want);
  CHECK(read_after_queued.find("now a") != std::string::npos);
  CHECK(removed == std::vector<std::string>{"note", "note", "note"});
  CHECK(count(s, "SELECT count(*) FROM records") == 2 + 6 - 3);
  CHECK(count(s, "SELECT count(*) FROM records WHERE rowid IN (4, 5, 7)") == 0);
  // What the pass made for itself is gone; outside it nothing can be queued.
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id_shared'") == 0);
  CHECK(count(s, "SELECT count(*) FROM sqlite_temp_master WHERE name IN ('shared_rows', 'removed_rows')") == 0);
  CHECK_THROWS_WITH(s.remove_later(3), Catch::Contains("outside"));
  // a is still on two rows: the next attempt fails again, and one more pass makes the ids unique.
  REQUIRE_FALSE(s.index_ids());
  s.each_shared_id([&](int64_t rowid, const std::string&) { if (rowid == 8) s.remove_later(rowid); },
                   [](const std::string&) {});
  CHECK(s.index_ids());
  s.commit();
  CHECK(count(s, "SELECT count(*) FROM records") == 4);
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'now'") == 2);  // a and c
}

// A bulk load's ids go through a filter as they are appended: the few rows whose id may have come
// before in the load are all index_ids() looks for, and each_shared_id() gives their groups,
// without sorting every id. A repeat of a row an earlier ingest wrote, which the filter does not
// hold, is found as before: the id index fails, and the sorted pass finds it.
TEST_CASE("a bulk load finds its own repeats through the ids it appended", "[store]") {
  TempDir t;
  Store s(t.path("test.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  REQUIRE(s.insert_record(sample("held", "note", "", "held"), a));
  s.commit();
  s.begin(true, 1000);
  REQUIRE(s.bulk());
  a = s.upsert_archive("feed2", "y.zip", json::array(), "linkedin", "linkedin", "now");
  std::map<std::string, std::vector<int64_t>> rows_of;  // id -> rowids, as appended
  auto put = [&](const std::string& key, const std::string& text) {
    REQUIRE(s.insert_record(sample(key, "note", "", text), a));
    rows_of[make_record_id("linkedin", "note", key)].push_back(count(s, "SELECT max(rowid) FROM records"));
  };
  for (int i = 0; i < 1000; ++i) {
    put("k" + std::to_string(i), "text " + std::to_string(i));
    if (i == 400) put("k5", "text 5");           // the same item again
    if (i == 500) put("k7", "text 7 changed");   // another item under its id
    if (i == 600 || i == 900) put("k9", "text 9");
    if (i == 700) put("held", "held");           // an earlier ingest's item
  }
  REQUIRE_FALSE(s.index_ids());
  CHECK(s.repeat_rows_checked() == 4);  // k5, k7 and k9 twice; not held, which the load met once
  std::vector<std::pair<std::string, int64_t>> met, want;
  for (const char* key : {"k5", "k7", "k9"}) {
    std::string id = make_record_id("linkedin", "note", key);
    for (int64_t rowid : rows_of[id]) want.emplace_back(id, rowid);
  }
  std::sort(want.begin(), want.end());
  REQUIRE(want.size() == 7);
  std::vector<std::string> removed;
  auto remove_all_but_first = [&](int64_t rowid, const std::string& id) {  // (by id, then rowid)
    if (met.empty() || met.back().first != id) met.emplace_back(id, rowid);
    else {
      met.emplace_back(id, rowid);
      s.remove_later(rowid);
    }
  };
  s.each_shared_id(remove_all_but_first, [&](const std::string& kind) { removed.push_back(kind); });
  CHECK(met == want);
  CHECK(removed.size() == 4);
  CHECK(count(s, "SELECT count(*) FROM sqlite_temp_master WHERE name IN ('shared_rows', 'removed_rows', "
                "'repeat_ids')") == 0);
  // The held item's repeat: the id index fails, and the pass sorts every id.
  met.clear();
  REQUIRE_FALSE(s.index_ids());
  s.each_shared_id(remove_all_but_first, [&](const std::string& kind) { removed.push_back(kind); });
  const std::string held = make_record_id("linkedin", "note", "held");
  CHECK(met == std::vector<std::pair<std::string, int64_t>>{{held, 1}, {held, rows_of[held].front()}});
  CHECK(removed.size() == 5);
  CHECK(s.index_ids());
  s.commit();
  CHECK(count(s, "SELECT count(*) FROM records") == 1 + 1000);
  CHECK(count(s, "SELECT count(DISTINCT id) FROM records") == 1 + 1000);
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'changed'") == 0);
  CHECK(integrity(s) == "ok");
}

TEST_CASE("empty files get one fate, duplicate names two rows", "[store][ingest]") {
  IngestBench b;
  Store& s = b.s;
  Record r = sample("1", "note", "", "kept");
  r.source.archive = "";
  b.t.write("export/records.ndjson", dump_line(r) + "\n");
  b.t.write("export/empty.json", "");
  b.t.write("export/empty.csv", "");
  IngestResult res = b.ingest("export");
  CHECK_FALSE(res.partial);
  CHECK(res.kinds.count("file") == 0);  // an empty file is not kept as an unknown file
  CHECK(count(s, "SELECT count(*) FROM files WHERE fate = 'ignored' AND note LIKE 'empty file%'") == 2);
  CHECK(count(s, "SELECT count(*) FROM files") == 3);

  // Duplicate names in one zip: two entries, two rows.
  dataport::test::write_archive(b.t.path("dup.zip"), {{"records.ndjson", dump_line(r) + "\n"},
                                                      {"other.bin", "one"},
                                                      {"other.bin", "two"}});
  IngestResult res2 = b.ingest("dup.zip");
  CHECK(res2.files.size() == 3);
  CHECK(res2.kinds["file"].added == 2);  // both kept, each with its own bytes
  CHECK(count(s, "SELECT count(*) FROM files WHERE path = 'other.bin'") == 2);
}

TEST_CASE("a store of version 1 migrates its files table", "[store]") {
  TempDir t;
  std::string db = t.path("old.db");
  {
    Store s(db, Store::Mode::read_write);
  }
  // Turn it into a version-1 store: the old files table keyed by path, with two rows, and the
  // contentless full-text index without records.text (store version 3 adds it).
  {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    const char* sql =
        "DROP TABLE files;"
        "CREATE TABLE files(archive INTEGER NOT NULL REFERENCES archives(rowid) ON DELETE CASCADE, part INTEGER "
        "NOT NULL, path TEXT NOT NULL, size INTEGER, fate TEXT NOT NULL CHECK (fate IN "
        "('parsed','partial','failed','unknown','ignored')), note TEXT NOT NULL DEFAULT '', records INTEGER NOT "
        "NULL DEFAULT 0, sha256 TEXT, PRIMARY KEY (archive, part, path)) WITHOUT ROWID;"
        "INSERT INTO archives(rowid, sha256, name, parts, platform, importer, first_ingested, last_ingested) "
        "VALUES (1, 'ab', 'x.zip', '[]', 'x', 'x', 't', 't');"
        "INSERT INTO files(archive, part, path, fate) VALUES (1, 0, 'b.json', 'parsed'), (1, 0, 'a.json', 'ignored');"
        "DROP TABLE records_fts; ALTER TABLE records DROP COLUMN text;"
        "CREATE VIRTUAL TABLE records_fts USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');"
        "PRAGMA user_version=1;";
    REQUIRE(sqlite3_exec(h, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
  Store s(db, Store::Mode::read_write);
  CHECK(count(s, "PRAGMA user_version") == store_version);
  CHECK(count(s, "SELECT entry FROM files WHERE path = 'b.json'") == 1);
  CHECK(count(s, "SELECT count(*) FROM files") == 2);
  CHECK(count(s, "SELECT count(*) FROM pragma_table_info('records') WHERE name = 'text'") == 1);
}

namespace {
// The indexes of `records`: records_id and records_kind_time.
int64_t indexes_on_records(Store& s) {
  return count(s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL");
}
}  // namespace

// The index builds after a bulk load sort in runs of a few MiB (Store::sort_in_small_runs): a
// load whose ids fill several runs gets a whole, sound index, and the connection its page cache
// and sorter threads back, after a commit and after a rollback alike.
TEST_CASE("a bulk load's index builds sort in small runs and hand the cache back", "[store]") {
  TempDir t;
  Store s(t.path("runs.db"), Store::Mode::read_write);
  const int64_t cache = count(s, "PRAGMA cache_size");
  const int64_t threads = count(s, "PRAGMA threads");
  const int n = 150000;  // ids and rowids of about 60 bytes each in the sorter: 2+ runs of 4 MiB
  auto load = [&] {
    s.begin(true);
    REQUIRE(s.bulk());
    int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "google", "google", "now");
    int written = 0;
    for (int i = 0; i < n; ++i) written += s.insert_record(sample("fix " + std::to_string(i), "location", "", ""), a);
    REQUIRE(written == n);
  };
  load();
  REQUIRE(s.index_ids());
  // The filter of the load's ids, at its least size here (begin() guessed nothing), took some of
  // these distinct ids for repeats, but no more than it takes wrongly: none looked for.
  CHECK(s.repeat_rows_checked() == 0);
  CHECK(count(s, "PRAGMA cache_size") > cache);  // smaller: a negative KiB count nearer zero
  CHECK(count(s, "PRAGMA threads") == 1);
  s.rollback();
  CHECK(count(s, "PRAGMA cache_size") == cache);
  CHECK(count(s, "PRAGMA threads") == threads);
  CHECK(count(s, "SELECT count(*) FROM records") == 0);

  load();
  s.commit();
  CHECK(count(s, "PRAGMA cache_size") == cache);
  CHECK(count(s, "PRAGMA threads") == threads);
  CHECK(count(s, "SELECT count(DISTINCT id) FROM records") == n);
  CHECK(indexes_on_records(s) == 2);
  std::string ok;
  s.select("PRAGMA integrity_check", {}, [&](const Row& r) { ok = r.values[0].get<std::string>(); });
  CHECK(ok == "ok");
  // Every id is found through the index, the first, the last and one between.
  for (int i : {0, n / 2 + 7, n - 1}) {
    std::string id = sample("fix " + std::to_string(i), "location", "", "").id;
    CHECK(count(s, "SELECT count(*) FROM records INDEXED BY records_id WHERE id = '" + id + "'") == 1);
  }
}

TEST_CASE("a load into an empty store builds its indexes once, at commit", "[store]") {
  TempDir t;
  Store s(t.path("bulk.db"), Store::Mode::read_write);
  CHECK(indexes_on_records(s) == 2);
  s.begin(true);
  CHECK(s.bulk());
  CHECK(indexes_on_records(s) == 0);  // dropped for the load
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  CHECK(s.insert_record(sample("1", "message", "2024-01-05T10:00:00Z", "hello Tomás"), a));
  CHECK(s.insert_record(sample("2", "message", "2023-06-01T00:00:00Z", "older note"), a));
  Record fix = sample("3", "location", "2023-06-01T00:00:00Z", "");
  fix.data = {{"type", "fix"}, {"lat", 1.5}, {"lon", 2.5}};
  CHECK(s.insert_record(fix, a));
  s.commit();
  CHECK_FALSE(s.bulk());
  CHECK(indexes_on_records(s) == 2);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'records_id' AND sql LIKE 'CREATE UNIQUE INDEX%'") == 1);
  // The full-text index: the same words found, the fix left out.
  RecordFilter search;
  search.search = "tomas";
  CHECK(ids(s, search) == std::vector<std::string>{"hello Tomás"});
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'older'") == 1);
  CHECK(count(s, "SELECT count(*) FROM records WHERE text IS NULL") == 1);
  std::string ok;
  s.select("PRAGMA integrity_check", {}, [&](const Row& r) { ok = r.values[0].get<std::string>(); });
  CHECK(ok == "ok");
  // The index's own structure (not against `records`: rows without text have no entry, by design).
  s.select("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')", {}, [](const Row&) {});
  // The store holds records now: the next load keeps its indexes and finds repeats by id.
  s.begin(true);
  CHECK_FALSE(s.bulk());
  CHECK_FALSE(s.insert_record(sample("1", "message", "2024-01-05T10:00:00Z", "hello Tomás"), a));
  CHECK(s.insert_record(sample("4", "note", "", "fresh words"), a));
  s.commit();
  search.search = "fresh";
  CHECK(ids(s, search) == std::vector<std::string>{"fresh words"});
}

// Stores made before records_platform and records_time were dropped lose them the first time a
// dataport opens them for writing (a read-only open leaves the file alone); their records read as
// before.
TEST_CASE("an older store's records_platform and records_time indexes are dropped when opened for writing", "[store]") {
  TempDir t;
  std::string db = t.path("old.db");
  const char* retired = "SELECT count(*) FROM sqlite_master WHERE name IN ('records_platform', 'records_time')";
  {
    Store s(db, Store::Mode::read_write);
    CHECK(indexes_on_records(s) == 2);
    s.begin();
    int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
    CHECK(s.insert_record(sample("1", "message", "2024-01-05T10:00:00Z", "kept"), a));
    s.commit();
    s.select("CREATE INDEX records_platform ON records(platform, kind)", {}, [](const Row&) {});
    s.select("CREATE INDEX records_time ON records(time_unix)", {}, [](const Row&) {});
    CHECK(indexes_on_records(s) == 4);
  }
  RecordFilter linkedin;
  linkedin.platforms = {"linkedin"};
  RecordFilter january;
  january.since = parse_iso8601("2024-01-01T00:00:00Z")->seconds;
  january.until = parse_iso8601("2024-02-01T00:00:00Z")->seconds;
  {
    Store r(db, Store::Mode::read_only);
    CHECK(count(r, retired) == 2);
    CHECK(ids(r, linkedin) == std::vector<std::string>{"kept"});
    CHECK(ids(r, january) == std::vector<std::string>{"kept"});
  }
  Store s(db, Store::Mode::read_write);
  CHECK(count(s, retired) == 0);
  CHECK(indexes_on_records(s) == 2);
  CHECK(count(s, "PRAGMA user_version") == store_version);
  CHECK(ids(s, linkedin) == std::vector<std::string>{"kept"});
  CHECK(ids(s, january) == std::vector<std::string>{"kept"});
  linkedin.platforms = {"facebook"};
  CHECK(ids(s, linkedin).empty());
}

// No index leads with the time alone: a date range that names no kind reads records_kind_time,
// one range per kind the store holds (any_kind_sql), and finds what reading every row finds.
TEST_CASE("a date range over every kind is read through the kind and time index", "[store]") {
  TempDir t;
  Store s(t.path("range.db"), Store::Mode::read_write);
  // What each_record returns, and the same filter over every row without an index.
  auto both = [&](const RecordFilter& f) {
    std::vector<json> params;
    std::string sql = record_query(f, params);
    std::string plan;
    s.select("EXPLAIN QUERY PLAN " + sql, params, [&](const Row& r) { plan += r.values[3].get<std::string>() + "\n"; });
    std::vector<std::string> scanned;
    std::vector<json> none;
    std::string all = replace_all(record_query(f, none), "FROM records WHERE", "FROM records NOT INDEXED WHERE");
    all = replace_all(all, std::string(" AND ") + any_kind_sql, "");
    s.select(all, none, [&](const Row& r) { scanned.push_back(json::parse(r.values[8].get<std::string>()).value("text", "")); });
    return std::tuple{ids(s, f), scanned, plan};
  };
  RecordFilter f;
  f.since = parse_iso8601("2023-01-01T00:00:00Z")->seconds;
  f.until = parse_iso8601("2024-01-01T00:00:00Z")->seconds;
  CHECK(std::get<0>(both(f)).empty());  // an empty store: no kinds, nothing found
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  const char* kinds[] = {"message", "location", "activity", "contact", "note"};
  int n = 0;
  for (const char* kind : kinds)
    for (const char* when : {"2022-12-31T23:59:59Z", "2023-01-01T00:00:00Z", "2023-07-14T12:00:00Z", "2023-12-31T23:59:59Z",
                             "2024-01-01T00:00:00Z", ""})
      CHECK(s.insert_record(sample(std::to_string(n++), kind, when, std::string(kind) + " " + when), a));
  s.commit();
  auto [found, scanned, plan] = both(f);
  CHECK(found.size() == 15);  // three times in range, five kinds
  CHECK(found == scanned);
  CHECK(plan.find("SEARCH records USING INDEX records_kind_time (kind=? AND time_unix>? AND time_unix<?)") != std::string::npos);
  CHECK(plan.find("SCAN records") == std::string::npos);
  // One bound, other filters beside it: the same rows as a scan finds.
  RecordFilter since;
  since.since = f.since;
  RecordFilter until;
  until.until = f.until;
  until.exclude_kinds = {"note"};
  until.platforms = {"linkedin"};
  RecordFilter limited = f;
  limited.limit = 4;
  for (const RecordFilter& g : {since, until, limited}) {
    auto [in, all, how] = both(g);
    CHECK(!in.empty());
    CHECK(in == all);
    CHECK(how.find("records_kind_time (kind=?") != std::string::npos);
  }
  CHECK(std::get<0>(both(since)).size() == 20);
  CHECK(std::get<0>(both(until)).size() == 16);
  CHECK(std::get<0>(both(limited)).size() == 4);
}

TEST_CASE("a rolled-back or failed bulk load leaves the store as it was", "[store]") {
  TempDir t;
  Store s(t.path("bulk.db"), Store::Mode::read_write);
  s.begin(true);
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  s.insert_record(sample("1", "message", "", "gone"), a);
  s.rollback();
  CHECK(s.count_records() == 0);
  CHECK(indexes_on_records(s) == 2);
  // A repeated id (the pipeline never hands one) makes the unique index fail at commit.
  s.begin(true);
  a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  s.insert_record(sample("1", "message", "", "once"), a);
  s.insert_record(sample("1", "message", "", "once"), a);
  CHECK_THROWS_WITH(s.commit(), Catch::Contains("UNIQUE"));
  s.rollback();
  CHECK(s.count_records() == 0);
  CHECK(s.archives().empty());
  CHECK(indexes_on_records(s) == 2);
}

TEST_CASE("a store of version 3 migrates to the named id index and keeps its rows", "[store]") {
  TempDir t;
  std::string db = t.path("v3.db");
  // record_months' triggers, which a version-3 store made by a dataport that kept the table has
  // on `records` too (dropping the table below drops them).
  std::string triggers;
  {
    Store s(db, Store::Mode::read_write);
    s.select("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records'", {},
             [&](const Row& r) { triggers += r.values[0].get<std::string>() + ";"; });
  }
  REQUIRE(std::count(triggers.begin(), triggers.end(), ';') >= 3);
  // The version-3 shape: id UNIQUE as a column constraint, archives without the version columns.
  {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    std::string sql =
        "DROP TABLE records;"
        "CREATE TABLE records(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, platform TEXT "
        "NOT NULL, service TEXT, time TEXT, time_unix INTEGER, archive INTEGER REFERENCES archives(rowid), "
        "source_archive TEXT NOT NULL, source_path TEXT NOT NULL, source_pointer TEXT NOT NULL, data TEXT NOT NULL "
        "CHECK (json_valid(data)), text TEXT);"
        "CREATE INDEX records_kind_time ON records(kind, time_unix);"
        "CREATE INDEX records_time ON records(time_unix);"
        "CREATE INDEX records_platform ON records(platform, kind);"
        "CREATE INDEX records_extra ON records(source_path);"
        "ALTER TABLE archives DROP COLUMN importer_version; ALTER TABLE archives DROP COLUMN summary;" +
        triggers +
        "INSERT INTO archives(rowid, sha256, name, parts, platform, importer, first_ingested, last_ingested, status) "
        "VALUES (1, 'ab', 'x.zip', '[]', 'x', 'x', 't', 't', 'ok');"
        "INSERT INTO records(rowid, id, kind, platform, archive, source_archive, source_path, source_pointer, data, "
        "text) VALUES (7, 'abc', 'note', 'x', 1, 'ab', 'n.json', '', '{\"text\":\"kept words\"}', 'kept words');"
        "INSERT INTO records_fts(rowid, text) VALUES (7, 'kept words');"
        "PRAGMA user_version=3;";
    REQUIRE(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
  Store s(db, Store::Mode::read_write);
  // The triggers came over to the new table: record_months still counts what is written.
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records'") == 3);
  CHECK(count(s, "PRAGMA user_version") == store_version);
  CHECK(count(s, "SELECT rowid FROM records WHERE id = 'abc'") == 7);
  CHECK(count(s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'kept'") == 1);
  CHECK(count(s, "SELECT count(*) FROM note WHERE text = 'kept words'") == 1);  // the views read it
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('records_id', 'records_extra')") == 2);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('records_platform', 'records_time')") == 0);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_autoindex_records%'") == 0);
  CHECK(s.archives().at(0).importer_version.empty());
  s.begin();
  Record again = sample("x", "note", "", "other");
  again.id = "abc";
  CHECK_FALSE(s.insert_record(again, 1));  // still unique
  s.commit();
  write_by_hand(s,
                "INSERT INTO records(id, kind, platform, time, time_unix, archive, source_archive, source_path, "
                "source_pointer, data) VALUES ('def', 'note', 'x', '2020-05-01T00:00:00.000Z', 1588291200, 1, "
                "'ab', 'n.json', '', '{}')");
  CHECK(kept_months(s) == counted_months(s));
  CHECK(count(s, "SELECT sum(records) FROM record_months") == 2);
}

// The virtual machine steps of one statement by hand, its triggers' programs included: work done,
// counted the same on any machine.
int64_t vm_steps(Store& s, const std::string& sql) {
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(s.handle(), sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(q) == SQLITE_DONE);
  int64_t steps = sqlite3_stmt_status(q, SQLITE_STMTSTATUS_VM_STEP, 0);
  sqlite3_finalize(q);
  return steps;
}

TEST_CASE("record_months' delete and update triggers find a month's new edge without reading the kind", "[store]") {
  TempDir t;
  Store s(t.path("s.db"), Store::Mode::read_write);
  s.begin();
  int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  // 4,000 notes a second apart from 2019-03-31T23:00:00Z (an hour of March, the rest April), two
  // of them in the last second of March (fractions .250 and .750), and another platform's notes
  // in March, earlier and later than all of them.
  char when[40];
  for (int i = 0; i < 4000; ++i) {
    int64_t t0 = 1554073200 + i;  // 2019-03-31T23:00:00Z
    std::string iso = format_record_time(from_unix_seconds(t0));
    s.insert_record(sample("n" + std::to_string(i), "note", iso, "n"), a);
  }
  for (const char* frac : {"2019-03-31T23:59:59.250Z", "2019-03-31T23:59:59.750Z"}) {
    std::snprintf(when, sizeof when, "%s", frac);
    s.insert_record(sample(std::string("f") + frac, "note", when, "f"), a);
  }
  Record early = sample("x1", "note", "2019-03-01T00:00:00Z", "x"), late = sample("x2", "note", "2019-03-31T23:59:59.900Z", "x");
  early.platform = late.platform = "x";
  s.insert_record(early, a);
  s.insert_record(late, a);
  s.commit();
  REQUIRE(kept_months(s) == counted_months(s));
  // March's first and last linkedin notes go, then April's first moves to May, then its last
  // (another note) back into March, then a tie's earlier half.
  // (Each row named by its rowid, so that the statement's own work is a seek too.)
  auto row = [&](const char* time) {
    return " WHERE rowid = " + std::to_string(count(s, std::string("SELECT rowid FROM records WHERE time = '") + time + "'"));
  };
  int64_t steps = vm_steps(s, "DELETE FROM records" + row("2019-03-31T23:00:00.000Z"));
  steps = std::max(steps, vm_steps(s, "DELETE FROM records" + row("2019-03-31T23:59:59.750Z")));
  steps = std::max(steps, vm_steps(s, "UPDATE records SET time = '2019-05-02T00:00:00.000Z', time_unix = 1556755200" +
                                          row("2019-04-01T00:00:00.000Z")));
  steps = std::max(steps, vm_steps(s, "UPDATE records SET time = '2019-03-31T23:59:59.500Z', time_unix = 1554076799" +
                                          row("2019-04-01T00:06:39.000Z")));
  steps = std::max(steps, vm_steps(s, "DELETE FROM records" + row("2019-03-31T23:59:59.250Z")));
  CHECK(kept_months(s) == counted_months(s));
  std::vector<std::string> months = kept_months(s);
  CHECK(std::find(months.begin(), months.end(),
                  "linkedin|note|2019-03|3600|2019-03-31T23:00:01.000Z|2019-03-31T23:59:59.500Z") != months.end());
  CHECK(std::find(months.begin(), months.end(),
                  "x|note|2019-03|2|2019-03-01T00:00:00.000Z|2019-03-31T23:59:59.900Z") != months.end());
  // A seek or two each, not a read of the kind's 4,000 records (about 40,000 steps).
  CHECK(steps < 2000);
}

TEST_CASE("a store's record_months triggers of the form that read the whole kind are made again", "[store]") {
  TempDir t;
  std::string db = t.path("s.db");
  auto delete_sql = [&](Store& s) {
    std::string sql;
    s.select("SELECT sql FROM sqlite_master WHERE name = 'record_months_delete'", {},
             [&](const Row& r) { sql = r.values[0].get<std::string>(); });
    return sql;
  };
  {
    Store s(db, Store::Mode::read_write);
    s.begin();
    int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
    s.insert_record(sample("1", "note", "2019-03-01T10:00:00Z", "one"), a);
    s.commit();
    // The delete trigger as stores had it before (its month looked up by the text of `time`).
    write_by_hand(s,
                  "DROP TRIGGER record_months_delete; CREATE TRIGGER record_months_delete AFTER DELETE ON records BEGIN "
                  "UPDATE record_months SET records = records - 1, first = CASE WHEN old.time = first THEN (SELECT "
                  "min(time) FROM records WHERE platform = old.platform AND kind = old.kind AND substr(time, 1, 7) = "
                  "record_months.month) ELSE first END WHERE platform = old.platform AND kind = old.kind AND month = "
                  "coalesce(substr(old.time, 1, 7), ''); END");
    REQUIRE(delete_sql(s).find("time_unix") == std::string::npos);
    CHECK(s.months_kept());  // slow, but what it counts is right
  }
  Store s(db, Store::Mode::read_write);
  CHECK(delete_sql(s).find("time_unix") != std::string::npos);
  CHECK(kept_months(s) == counted_months(s));
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'record_months_%'") == 3);
}

TEST_CASE("a record_months whose triggers are gone is counted again and gets them back", "[store]") {
  // What the version 4 migration left before it carried the triggers over: the table, no
  // triggers, and every write since then uncounted.
  TempDir t;
  std::string db = t.path("s.db");
  {
    Store s(db, Store::Mode::read_write);
    s.begin();
    int64_t a = s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
    s.insert_record(sample("1", "note", "2019-03-01T10:00:00Z", "one"), a);
    s.insert_record(sample("2", "note", "2019-03-02T10:00:00Z", "two"), a);
    s.commit();
    REQUIRE(count(s, "SELECT sum(records) FROM record_months") == 2);
    write_by_hand(s, "DROP TRIGGER record_months_insert; DROP TRIGGER record_months_delete; "
                     "DROP TRIGGER record_months_update");
    s.begin();
    s.insert_record(sample("3", "message", "2021-07-01T10:00:00Z", "three"), a);
    s.insert_record(sample("4", "note", "", "four"), a);
    s.commit();
    write_by_hand(s, "DELETE FROM records WHERE data ->> 'text' = 'one'");
    REQUIRE(kept_months(s) != counted_months(s));  // stale
  }
  {
    // A reader changes nothing, and its audit counts the records themselves, not the stale table.
    Store ro(db, Store::Mode::read_only);
    CHECK(count(ro, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'") == 0);
    CHECK_FALSE(ro.months_kept());
    json a = compute_audit(ro);
    CHECK(a["totals"]["records"] == 3);
    CHECK(a["totals"]["undated"] == 1);
    CHECK(a["totals"]["first"] == "2019-03-02T10:00:00.000Z");
  }
  Store s(db, Store::Mode::read_write);
  CHECK(s.months_kept());
  CHECK(compute_audit(s)["totals"]["records"] == 3);
  CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'record_months_%'") == 3);
  CHECK(kept_months(s) == counted_months(s));
  CHECK(count(s, "SELECT sum(records) FROM record_months") == 3);
  // And they count again: a delete, an update of the time, an insert.
  write_by_hand(s,
                "DELETE FROM records WHERE kind = 'message';"
                "UPDATE records SET time = '2018-01-01T00:00:00.000Z' WHERE time IS NULL;"
                "INSERT INTO records(id, kind, platform, time, archive, source_archive, source_path, "
                "source_pointer, data) VALUES ('z', 'post', 'x', '2022-02-02T00:00:00.000Z', 1, 'feed', 'p', '', '{}')");
  CHECK(kept_months(s) == counted_months(s));
  CHECK(count(s, "SELECT sum(records) FROM record_months") == 3);
  // A scratch store without the full-text index has no record_months at all; one with it keeps it.
  Store bare(t.path("bare.db"), Store::Mode::read_write), full(t.path("full.db"), Store::Mode::read_write);
  bare.make_scratch(false);
  full.make_scratch(true);
  CHECK_FALSE(bare.months_kept());
  CHECK(full.months_kept());
}

TEST_CASE("without file reports an ingest and a re-ingest count the files per fate as the reports do", "[store][ingest]") {
  // `dataport ingest` tells only the counts (the files rows hold the rest): a report per entry of
  // an archive of a million entries took about 250 MB at the end of the run. (A partial ingest is
  // read again, so every file here reads whole.)
  auto write = [](TempDir& t) {
    Record r = sample("1", "note", "", "kept");
    r.source.archive = "";
    t.write("export/records.ndjson", dump_line(r) + "\n");
    t.write("export/more.ndjson", dump_line(sample("2", "note", "", "also")) + "\n");
    t.write("export/mystery.bin", "????");  // unknown
    t.write("export/empty.json", "");        // ignored
  };
  IngestBench with, without;
  write(with.t);
  write(without.t);
  without.opt.file_reports = false;
  for (int round = 0; round < 2; ++round) {  // the second: already ingested, from the files rows
    INFO("round " << round);
    IngestResult a = with.ingest("export"), b = without.ingest("export");
    CHECK(a.already_ingested.empty() == (round == 0));
    CHECK(b.already_ingested.empty() == (round == 0));
    std::array<int64_t, fate_count> reported{};
    for (const FileReport& f : a.files) ++reported[static_cast<size_t>(f.fate)];
    CHECK(a.files.size() == 4);
    CHECK(a.fates == reported);
    CHECK(b.files.empty());
    CHECK(b.fates == reported);
    CHECK(reported[static_cast<size_t>(Fate::parsed)] == 2);
    CHECK(reported[static_cast<size_t>(Fate::unknown)] == 1);
    CHECK(reported[static_cast<size_t>(Fate::ignored)] == 1);
  }
  CHECK(count(without.s, "SELECT files FROM archives") == 4);
  CHECK(count(without.s, "SELECT count(*) FROM files") == 4);
}

TEST_CASE("a file the export names and lacks is one missing row, in the order first named, with its note", "[store][ingest]") {
  // Messenger threads naming photos the download does not hold (another part has them): the same
  // photo named again, by this thread or another, is the same row.
  IngestBench b;
  auto thread = [](const std::string& dir, const std::vector<std::string>& uris) {
    json messages = json::array();
    int64_t ms = 1600000000000;
    for (const std::string& u : uris)
      messages.push_back({{"sender_name", "Ana"}, {"timestamp_ms", ms += 1000}, {"content", "look"},
                          {"photos", json::array({{{"uri", u}, {"creation_timestamp", 1600000000}}})}});
    return json{{"participants", json::array({{{"name", "Ana"}}, {{"name", "Me"}}})},
                {"messages", messages}, {"title", "Ana"}, {"is_still_participant", true},
                {"thread_path", "inbox/" + dir}}.dump();
  };
  const std::string in = "messages/inbox/";
  b.t.write("fb/messages/inbox/ana_1/message_1.json",
            thread("ana_1", {in + "ana_1/photos/1.jpg", in + "ana_1/photos/2.jpg", in + "ana_1/photos/1.jpg",
                             "https://scontent.example.com/x.jpg"}));
  b.t.write("fb/messages/inbox/bo_2/message_1.json", thread("bo_2", {in + "ana_1/photos/2.jpg", in + "bo_2/photos/3.jpg"}));
  IngestResult res = b.ingest("fb");
  std::vector<std::string> rows;
  b.s.select("SELECT entry, path, note FROM files WHERE fate = 'missing' ORDER BY entry", {}, [&](const Row& r) {
    rows.push_back(std::to_string(r.values[0].get<int64_t>()) + " " + r.values[1].get<std::string>());
    CHECK(r.values[2].get<std::string>().find("the export does not hold it") != std::string::npos);
  });
  CHECK(rows == std::vector<std::string>{"0 " + in + "ana_1/photos/1.jpg", "1 " + in + "ana_1/photos/2.jpg",
                                         "2 " + in + "bo_2/photos/3.jpg"});
  CHECK(res.fates[static_cast<size_t>(Fate::missing)] == 3);
  CHECK(res.kinds["message"].added == 6);
}

TEST_CASE("a files row counts the records read from its path, for each entry of a path given twice", "[store][ingest]") {
  // A path may be in two parts of a set, or twice in one zip: each of its rows names every record
  // read from that path, as the records' source_path does.
  IngestBench b;
  const std::string head = "First Name,Last Name,Email Address,Company,Position,Connected On\n";
  dataport::test::write_archive(
      b.t.path("li.zip"),
      {{"Connections.csv", head + "Ana,Lima,,Contoso,Engineer,14 Nov 2019\nBo,Berg,,,,03 Jan 2019\n"},
       {"Skills.csv", "Name\nC++\nSQL\nRust\n"},
       {"Profile.csv", ""},
       {"Connections.csv", head + "Cy,Cole,,,,05 May 2018\nDu,Dal,,,,06 May 2018\nEd,Eng,,,,07 May 2018\n"},
       {"Languages.csv", "Name,Proficiency\nPortuguese,Native\n"}});
  IngestResult res = b.ingest("li.zip");
  REQUIRE(res.added > 0);
  std::map<std::string, int64_t> read;  // records by source path
  b.s.select("SELECT source_path, count(*) FROM records GROUP BY source_path", {},
             [&](const Row& r) { read[r.values[0].get<std::string>()] = r.values[1].get<int64_t>(); });
  CHECK(read["Connections.csv"] == 5);
  CHECK(read["Skills.csv"] == 3);
  std::vector<std::string> rows;
  b.s.select("SELECT path, records FROM files ORDER BY entry", {}, [&](const Row& r) {
    rows.push_back(r.values[0].get<std::string>() + " " + std::to_string(r.values[1].get<int64_t>()));
  });
  CHECK(rows == std::vector<std::string>{"Connections.csv 5", "Skills.csv 3", "Profile.csv 0", "Connections.csv 5",
                                         "Languages.csv " + std::to_string(read["Languages.csv"])});
  CHECK(read["Languages.csv"] == 1);
}

TEST_CASE("an archive already ingested whole is not read again", "[store][ingest]") {
  IngestBench b;
  Record r = sample("1", "note", "2024-01-01T00:00:00Z", "a note");
  r.source.archive = "";
  b.t.write("export/records.ndjson", dump_line(r) + "\n" + dump_line(sample("2", "note", "", "another")) + "\n");
  b.t.write("export/mystery.bin", "????");
  IngestResult first = b.ingest("export");
  CHECK(first.added == 3);
  CHECK(first.already_ingested.empty());
  IngestResult second = b.ingest("export");
  CHECK(second.already_ingested == "2026-01-01T00:00:00Z");
  CHECK(second.added == 0);
  CHECK(second.present == 3);
  CHECK(second.kinds["note"].present == 2);
  CHECK(second.kinds["file"].present == 1);
  REQUIRE(second.files.size() == first.files.size());
  for (size_t i = 0; i < first.files.size(); ++i) {
    CHECK(second.files[i].path == first.files[i].path);
    CHECK(second.files[i].fate == first.files[i].fate);
    CHECK(second.files[i].records == first.files[i].records);
  }
  // --force reads it again: the same records, present.
  b.opt.force = true;
  IngestResult forced = b.ingest("export");
  CHECK(forced.already_ingested.empty());
  CHECK(forced.present == 3);
  b.opt.force = false;
  // A media copy gone from the store: read again, and the copy is back.
  std::string copy = MediaStore(b.s.media_dir()).path_of(sha256_hex("????"));
  std::filesystem::remove(copy);
  IngestResult repaired = b.ingest("export");
  CHECK(repaired.already_ingested.empty());
  CHECK(std::filesystem::exists(copy));
  // Another importer version (another release) reads it again.
  b.s.select("UPDATE archives SET importer_version = '0.0.1 model 1'", {}, [](const Row&) {});
  CHECK(b.ingest("export").already_ingested.empty());
  CHECK(b.ingest("export").already_ingested == "2026-01-01T00:00:00Z");
  // A partial ingest is read again: what failed may read now.
  b.t.write("export2/records.ndjson", dump_line(sample("9", "note", "", "ok")) + "\n{broken\n");
  Log quiet(Verbosity::quiet, false);
  Archive in2({b.t.path("export2")});
  CHECK(run_ingest(in2, &b.s, b.opt, quiet).partial);
  Archive again2({b.t.path("export2")});
  CHECK(run_ingest(again2, &b.s, b.opt, quiet).already_ingested.empty());
}

// A bulk load counts record_months in memory as the rows go in, and takes the repeats it removes
// afterwards back out: the table must be what the GROUP BY over the records gives, also where a
// removed repeat held its month's first or last time (a fraction of a second apart: one item).
TEST_CASE("a bulk load's record_months is the GROUP BY of its records", "[store][ingest]") {
  IngestBench b;
  std::string lines;
  int line = 0;
  auto add = [&](const std::string& platform, const std::string& kind, const std::string& key, const std::string& when,
                 const std::string& text) {
    Record r = make_record(kind, platform, key, "file.csv", "line " + std::to_string(++line));
    if (!when.empty()) set_time(r, *parse_iso8601(when));
    r.data["text"] = text;
    lines += dump_line(r) + "\n";
  };
  for (int i = 0; i < 40; ++i) {
    std::string day = std::to_string(10 + i % 18);
    add(i % 3 ? "linkedin" : "x", i % 2 ? "message" : "post", "k" + std::to_string(i),
        "2024-0" + std::to_string(1 + i % 4) + "-" + day + "T12:00:00." + std::to_string(100 + i) + "Z", "item " + std::to_string(i));
  }
  add("x", "note", "u1", "", "undated one");
  add("x", "note", "u2", "", "undated two");
  add("x", "note", "old", "0950-07-04T00:00:00Z", "an old one");
  // Repeats (same item, removed after the load), one holding its month's last time, one its first.
  add("linkedin", "message", "edge", "2024-05-31T23:59:59.100Z", "at the end of May");
  add("linkedin", "message", "edge", "2024-05-31T23:59:59.900Z", "at the end of May");
  add("linkedin", "message", "start", "2024-05-01T00:00:00.700Z", "at the start of May");
  add("linkedin", "message", "start", "2024-05-01T00:00:00.200Z", "at the start of May");
  add("linkedin", "message", "mid", "2024-05-15T00:00:00Z", "in May");
  add("x", "note", "u1", "", "undated one");
  // A collision (same id, other content): kept under an id of its own.
  add("linkedin", "message", "mid", "2024-05-16T00:00:00Z", "in May, another");
  b.t.write("export/records.ndjson", lines);
  IngestResult res = b.ingest("export");
  CHECK(res.present == 3);
  CHECK(res.collisions == 1);
  std::vector<std::string> tallied = kept_months(b.s), counted = counted_months(b.s);
  CHECK(tallied == counted);
  CHECK(tallied.size() > 10);
  // The removed repeats' times are not the bounds: the first rendering of each stayed.
  CHECK(std::find(tallied.begin(), tallied.end(), "linkedin|message|2024-05|4|2024-05-01T00:00:00.700Z|2024-05-31T23:59:59.100Z") !=
        tallied.end());
  CHECK(std::find(tallied.begin(), tallied.end(), "x|note||2|-|-") != tallied.end());
}

// Outside a bulk load the insert trigger is set aside while an ingest writes (a statement that
// fires a trigger copies every page it changes first), and what the rows counted is added at
// commit: the table must be what the trigger would have made, and the trigger there again after a
// commit, a rollback and a dry run.
TEST_CASE("an ingest into a store that has records keeps record_months as its trigger does", "[store][ingest]") {
  IngestBench b;
  int line = 0;
  auto add = [&](std::string& lines, const std::string& platform, const std::string& kind, const std::string& key,
                 const std::string& when, const std::string& text) {
    Record r = make_record(kind, platform, key, "file.csv", "line " + std::to_string(++line));
    if (!when.empty()) set_time(r, *parse_iso8601(when));
    r.data["text"] = text;
    lines += dump_line(r) + "\n";
  };
  std::string first, second;
  for (int i = 0; i < 30; ++i)
    add(first, i % 3 ? "linkedin" : "x", "message", "k" + std::to_string(i),
        "2024-0" + std::to_string(1 + i % 4) + "-1" + std::to_string(i % 9) + "T12:00:00Z", "item " + std::to_string(i));
  add(first, "x", "note", "u1", "", "undated one");
  b.t.write("export1/records.ndjson", first);
  REQUIRE(b.ingest("export1").added == 31);
  // The next export: all of the first again (present), months it widens at either end, one it
  // adds to inside its span, a new month, a new kind, more undated, a repeat inside it and a collision with an earlier id.
  second = first;
  add(second, "linkedin", "message", "early", "2024-01-01T00:00:00Z", "before the first of January");
  add(second, "linkedin", "message", "late", "2024-02-29T23:59:59.500Z", "after the last of February");
  add(second, "linkedin", "message", "march", "2024-03-13T00:00:00Z", "inside March's span");
  add(second, "linkedin", "message", "june", "2024-06-05T10:00:00Z", "a new month");
  add(second, "linkedin", "post", "post", "2024-01-20T10:00:00Z", "a new kind");
  add(second, "x", "note", "u2", "", "undated two");
  add(second, "linkedin", "message", "june", "2024-06-05T10:00:00Z", "a new month");
  add(second, "linkedin", "message", "k1", "2024-02-11T12:00:00Z", "another item under k1's id");
  b.t.write("export2/records.ndjson", second);
  auto triggers = [&] { return count(b.s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'record_months_%'"); };
  REQUIRE(triggers() == 3);
  std::vector<std::string> before = kept_months(b.s);
  // A dry run rolls back: the table and the trigger as they were.
  b.opt.dry_run = true;
  CHECK(b.ingest("export2").added == 7);
  b.opt.dry_run = false;
  CHECK(kept_months(b.s) == before);
  CHECK(triggers() == 3);
  IngestResult res = b.ingest("export2");
  CHECK(res.added == 7);
  CHECK(res.present == 32);
  CHECK(res.collisions == 1);
  std::vector<std::string> kept = kept_months(b.s);
  CHECK(kept == counted_months(b.s));
  CHECK(kept != before);
  CHECK(std::find(kept.begin(), kept.end(), "linkedin|message|2024-06|1|2024-06-05T10:00:00.000Z|2024-06-05T10:00:00.000Z") !=
        kept.end());
  CHECK(std::find(kept.begin(), kept.end(), "x|note||2|-|-") != kept.end());
  CHECK(triggers() == 3);
  // The trigger is back: a row written by anyone else is counted as it goes in.
  b.s.select("INSERT INTO records(id, kind, platform, time, time_unix, source_archive, source_path, source_pointer, data) "
             "VALUES ('outside', 'note', 'x', '2024-07-01T00:00:00.000Z', 1719792000, 'a', 'p', '', '{}')",
             {}, [](const Row&) {});
  CHECK(kept_months(b.s) == counted_months(b.s));
  // So is a row the store writes outside a write transaction (it commits by itself).
  int64_t a = b.s.upsert_archive("feed", "x.zip", json::array(), "linkedin", "linkedin", "now");
  REQUIRE(b.s.insert_record(sample("alone", "note", "2024-09-01T00:00:00Z", "by itself"), a));
  CHECK(triggers() == 3);
  CHECK(kept_months(b.s) == counted_months(b.s));
  // A write transaction that inserts and is rolled back leaves the trigger too.
  b.s.begin();
  REQUIRE(b.s.insert_record(sample("rolled back", "note", "2024-08-01T00:00:00Z", "gone"), a));
  CHECK(triggers() == 2);  // set aside while the transaction writes
  b.s.rollback();
  CHECK(triggers() == 3);
  CHECK(kept_months(b.s) == counted_months(b.s));
}

TEST_CASE("fixes written member by member are stored, repeated and kept apart as any record", "[store]") {
  // Location History fixes reach the pipeline as data_object, not as a tree. Two equal fixes are
  // one; a different fix under the same id (same time and place) is kept under its own id; none
  // gets a full-text entry. A fix that differs from an earlier one only in what `raw` keeps (the
  // source Google named) is that fix again. The same in a bulk load, in a later ingest into a
  // store that has them, and without a store (inspect).
  const std::string fixes = R"({"locations": [
    {"latitudeE7": 414216106, "longitudeE7": -21684775, "accuracy": 10, "source": "GPS", "timestamp": "2014-01-01T00:00:00Z"},
    {"latitudeE7": 414216106, "longitudeE7": -21684775, "accuracy": 10, "source": "GPS", "timestamp": "2014-01-01T00:00:00Z"},
    {"latitudeE7": 414216106, "longitudeE7": -21684775, "accuracy": 10, "source": "WIFI", "timestamp": "2014-01-01T00:00:00Z"},
    {"latitudeE7": 414216106, "longitudeE7": -21684775, "accuracy": 20, "source": "GP\u00e9S", "timestamp": "2014-01-01T00:00:00Z"},
    {"latitudeE7": 414216107, "longitudeE7": -21684775, "timestampMs": "1388534460000", "deviceTag": -12,
     "activity": [{"activity": [{"type": "STILL", "confidence": 90}]}]})";
  IngestBench b;
  auto write = [&](const std::string& folder, const std::string& extra) {
    std::filesystem::create_directories(b.t.path(folder + "/Takeout/Location History"));
    std::ofstream(b.t.path(folder + "/Takeout/Location History/Records.json")) << fixes << extra << "]}";
  };
  write("first", "");
  write("second", R"(, {"latitudeE7": 1, "longitudeE7": 2, "timestamp": "2015-06-01T12:00:00.5Z"})");

  Archive first_in({b.t.path("first")});
  IngestResult inspected = run_ingest(first_in, nullptr, b.opt, b.log);
  CHECK((inspected.added == 3 && inspected.present == 2 && inspected.collisions == 1));

  IngestResult first = b.ingest("first");  // an empty store: a bulk load
  CHECK((first.added == 3 && first.present == 2 && first.collisions == 1));
  std::vector<std::string> data;
  b.s.select("SELECT data FROM records ORDER BY rowid", {}, [&](const Row& r) { data.push_back(r.values[0].get<std::string>()); });
  CHECK(data == std::vector<std::string>{
                    R"({"accuracy":10.0,"lat":41.4216106,"lon":-2.1684775,"raw":{"source":"GPS"},"type":"fix"})",
                    "{\"accuracy\":20.0,\"lat\":41.4216106,\"lon\":-2.1684775,\"raw\":{\"source\":\"GP\xc3\xa9S\"},\"type\":\"fix\"}",
                    R"({"lat":41.4216107,"lon":-2.1684775,"raw":{"activity":"still","device_tag":"-12"},"type":"fix"})"});
  CHECK(count(b.s, "SELECT count(*) FROM records WHERE text IS NOT NULL") == 0);
  CHECK(count(b.s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'gps OR still'") == 0);
  // The importer hands fixes over with their key; the writer thread made these ids from it.
  std::vector<std::string> ids;
  b.s.select("SELECT id FROM records ORDER BY rowid", {}, [&](const Row& r) { ids.push_back(r.values[0].get<std::string>()); });
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] == make_record_id("google", "location", "fix|2014-01-01T00:00:00Z|41.4216106,-2.1684775"));
  CHECK(ids[2] == make_record_id("google", "location", "fix|2014-01-01T00:01:00Z|41.4216107,-2.1684775"));
  CHECK(ids[1].size() == 32);  // the collision's own id, made from the first's and its content
  CHECK(ids[1] != ids[0]);

  IngestResult second = b.ingest("second");  // the store has them: one by one, through the id index
  CHECK((second.added == 1 && second.present == 5 && second.collisions == 1));
  CHECK(count(b.s, "SELECT count(*) FROM records") == 4);
  std::string last;
  b.s.select("SELECT data FROM records ORDER BY rowid DESC LIMIT 1", {}, [&](const Row& r) { last = r.values[0].get<std::string>(); });
  CHECK(last == R"({"lat":1e-07,"lon":2e-07,"type":"fix"})");  // what the tree's dump wrote (the same ids and data)
}

TEST_CASE("a row handed over with its key gets the id make_record_id makes, an id'd row keeps its own", "[store]") {
  RowBatch batch;
  Record keyed = keyed_record("location", "google", "fix|2014-01-01T00:00:00Z|1.0000000,2.0000000", "Records.json",
                              "/locations/0");
  keyed.data_object.number("lon", 2.0);
  keyed.data_object.string("type", "fix");
  keyed.data_object.number("lat", 1.0);
  Record made = make_record("note", "google", "fix|2014-01-01T00:00:00Z|1.0000000,2.0000000", "Keep/a.json", "");
  batch.add(keyed, 1, "not read: the row writes data_object", true);
  batch.add(made, 1, "{}", true);
  RowBatch::Made made_first, made_second;
  RowColumns first = batch.row(0, made_first);
  CHECK(first.id == make_record_id("google", "location", "fix|2014-01-01T00:00:00Z|1.0000000,2.0000000"));
  CHECK(first.kind == "location");
  CHECK(first.data == R"({"lat":1.0,"lon":2.0,"type":"fix"})");  // written by row(), keys in order
  CHECK(first.data == made_first.data);
  CHECK_FALSE(first.text);  // data given member by member: nothing to search
  CHECK(first.id == made_first.id);
  CHECK(first.time == std::nullopt);  // no time: NULL
  made_second.id = "untouched";
  made.time = *parse_iso8601("2024-02-29T23:59:59.5+01:00");
  batch.add(made, 1, "{}", true);
  RowColumns second = batch.row(2, made_second);
  CHECK(second.id == made.id);
  CHECK(second.data == "{}");  // a tree's data as the caller serialised it
  CHECK(made_second.id == "untouched");
  CHECK(second.time == "2024-02-29T22:59:59.500Z");
  CHECK(second.time_unix == made.time->seconds);
  CHECK(made.id != first.id);  // same key, another kind
  // A sink without a writer thread makes the id itself.
  resolve_id(keyed);
  CHECK(keyed.id == first.id);
  CHECK(keyed.id_key.empty());
}

// The thread filling a batch makes rows ahead while the writer is busy (RowWriter::hand_over):
// whether make_ahead() made a row or row() makes it, the row is the same, for every mix of a
// key or an id, a time or none, data as members or as text, and a batch made only in part.
TEST_CASE("rows made ahead are the rows row() makes", "[store]") {
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i) {
    Record r = i % 3 ? keyed_record("location", "google", "fix|" + std::to_string(i), "Records.json", "/locations/" + std::to_string(i))
                     : make_record("note", "google", "note " + std::to_string(i), "Keep/a.json", "");
    if (i % 2) r.time = Timestamp{1388534400 + i * 61, i % 4 == 1 ? 0 : 250000000, i % 4 == 1 ? 0 : 3, Precision::second};
    if (i % 5) {
      r.data_object.number("lat", 1.0 + i / 8.0);
      r.data_object.string("type", i % 7 ? "fix" : "p\xc3\xa9th \"q\"");
    }
    records.push_back(std::move(r));
  }
  auto columns = [](const RowColumns& c) {
    return std::vector<std::string>{std::string(c.id), std::string(c.kind), std::string(c.data),
                                    c.time ? std::string(*c.time) : "NULL",
                                    c.time_unix ? std::to_string(*c.time_unix) : "NULL", c.text ? std::string(*c.text) : "NULL"};
  };
  RowBatch lazy;
  for (const Record& r : records) lazy.add(r, 1, "{\"text\":\"as given\"}", true);
  std::vector<std::vector<std::string>> want;
  RowBatch::Made made;
  for (size_t i = 0; i < lazy.rows(); ++i) want.push_back(columns(lazy.row(i, made)));
  CHECK(want[1][0] == make_record_id("google", "location", "fix|1"));
  CHECK(want[1][2] == "{\"lat\":1.125,\"type\":\"fix\"}");
  CHECK(want[1][3] == "2014-01-01T00:01:01.000Z");
  CHECK(want[0][2] == "{\"text\":\"as given\"}");
  for (size_t ahead : {size_t{0}, size_t{1}, size_t{17}, size_t{40}, size_t{100}}) {
    RowBatch batch;
    for (const Record& r : records) batch.add(r, 1, "{\"text\":\"as given\"}", true);
    batch.make_ahead(ahead / 2);
    batch.make_ahead(ahead - ahead / 2);  // in two steps, as hand_over() makes them
    CHECK(batch.unmade() == records.size() - std::min(ahead, records.size()));
    RowBatch::Made spare;
    for (size_t i = 0; i < batch.rows(); ++i) {
      spare = RowBatch::Made{"stale id", "stale time", "stale data"};  // a row made ahead takes nothing from here
      INFO("made ahead " << ahead << ", row " << i);
      CHECK(columns(batch.row(i, spare)) == want[i]);
    }
    batch.clear();
    CHECK(batch.unmade() == 0);
    batch.add(records[1], 1, "{}", true);  // a cleared batch makes its new rows afresh
    CHECK(batch.unmade() == 1);
    CHECK(columns(batch.row(0, spare)) == want[1]);
  }
}
