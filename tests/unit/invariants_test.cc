// Invariants that hold over every sample of every importer (issue 12): distinct items stay
// distinct records. The sets are those of tests/golden/cases.txt, so a new sample is covered
// as soon as it has a golden case.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/text.h"
#include "tests/unit/collect_sink.h"

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
