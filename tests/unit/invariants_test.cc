// Invariants that hold over every sample of every importer (issue 12): distinct items stay
// distinct records. The sets are those of tests/golden/cases.txt, so a new sample is covered
// as soon as it has a golden case.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/store.h"
#include "lib/text.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

struct SampleSet {
  std::string name;
  std::vector<std::string> paths;
};

std::vector<SampleSet> sample_sets() {
  std::vector<SampleSet> out;
  std::ifstream f(SOURCE_DIR "/tests/golden/cases.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    SampleSet s;
    words >> s.name;
    for (std::string p; words >> p;) s.paths.push_back(std::string(SOURCE_DIR) + "/" + p);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

TEST_CASE("distinct in, distinct out: no two different items of a sample share an id", "[invariant]") {
  std::vector<SampleSet> sets = sample_sets();
  REQUIRE(sets.size() >= 10);
  for (const SampleSet& s : sets) {
    INFO("sample " << s.name);
    Archive in(s.paths);
    Detection d = detect(in, "");
    CollectSink out;
    Log log(Verbosity::quiet, false);
    d.chosen->read(in, out, log);
    CHECK(!out.records.empty());
    CHECK(id_collisions(out.records) == std::vector<std::string>{});
  }
}

TEST_CASE("a dry run counts what an ingest writes, new and present, kind by kind", "[invariant]") {
  // Three ways of finding repeats must agree on every sample: without a store (inspect, a dry
  // run into no database: digests in memory), a bulk load into an empty store (every row
  // appended, repeats found after), and row by row into a store that holds something else.
  std::vector<SampleSet> sets = sample_sets();
  REQUIRE(sets.size() >= 10);
  auto counts = [](const IngestResult& r) {
    std::vector<std::string> out;
    for (const auto& [kind, c] : r.kinds) out.push_back(kind + " " + std::to_string(c.added) + "/" + std::to_string(c.present));
    out.push_back("collisions " + std::to_string(r.collisions));
    return out;
  };
  int64_t repeats = 0;
  for (const SampleSet& s : sets) {
    INFO("sample " << s.name);
    test::TempDir t;
    Log log(Verbosity::quiet, false);
    IngestOptions opt;
    opt.now = "2026-01-01T00:00:00Z";
    Archive none_in(s.paths);
    IngestResult none = run_ingest(none_in, nullptr, opt, log);
    Store empty(t.path("empty.db"), Store::Mode::read_write);
    Archive bulk_in(s.paths);
    IngestResult bulk = run_ingest(bulk_in, &empty, opt, log);
    Store other(t.path("other.db"), Store::Mode::read_write);
    other.begin();
    int64_t elsewhere = other.upsert_archive(std::string(64, 'e'), "elsewhere", json::array(), "dataport", "dataport", opt.now);
    other.insert_record(make_record("note", "dataport", "not in any sample", "elsewhere.json", ""), elsewhere);
    other.commit();
    Archive row_in(s.paths);
    IngestResult row = run_ingest(row_in, &other, opt, log);
    CHECK(counts(none) == counts(bulk));
    CHECK(counts(row) == counts(bulk));
    CHECK(none.added == bulk.added);
    CHECK(bulk.added == empty.count_records());
    CHECK(row.added + 1 == other.count_records());
    repeats += bulk.present;
  }
  // The samples hold repeats for these paths to find (collisions, two items under one id, are
  // rarer: store_test's cases bring them to all three paths).
  CHECK(repeats > 0);
}

TEST_CASE("id_collisions tells a duplicate from a collision", "[invariant]") {
  Record a = make_record("post", "facebook", "1700000000", "posts.json", "/0");
  a.data["title"] = "Ana recomienda The Hobbit.";
  Record dup = a;
  dup.source.pointer = "/7";  // the same item met twice
  Record other = a;
  other.data["title"] = "Ana recomienda Bajo las Ruedas.";
  CHECK(id_collisions({a, dup}).empty());
  CHECK(id_collisions({a, dup, other}).size() == 1);
}
