#pragma once
// A Sink for importer tests: keeps records and verdicts in memory, hashes media instead of
// storing it, and answers the questions the tests ask (records of a kind, files left unknown).

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/archive.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/media.h"
#include "lib/model.h"
#include "lib/sink.h"
#include "tests/unit/zip_writer.h"

namespace dataport {

/// Fails the running test for each way a record an importer made leaves the record model
/// (lib/model.h): an undeclared field, a wrong type, a missing required field.
inline void check_model(const Record& r) {
  for (const std::string& problem : check_record(r))
    FAIL_CHECK(r.platform << " " << r.source.path << " " << r.source.pointer << ": " << problem);
}

/// Collects what an importer hands over, each record checked against the record model.
class CollectSink : public Sink {
 public:
  std::vector<Record> records;
  std::map<std::string, std::pair<Fate, std::string>> fates;  ///< entry path -> verdict, note
  int64_t media_copies = 0;
  std::vector<std::string> missing_paths;  ///< files the export names but does not hold

  void add(Record r) override {
    resolve_id(r);
    expand_data(r);
    check_model(r);
    records.push_back(std::move(r));
  }
  MediaRef media(const Archive& in, const Entry& e) override {
    ++media_copies;
    std::string bytes = in.read(e);
    return {sha256_hex(bytes), static_cast<int64_t>(bytes.size()), sniff_mime(bytes.substr(0, 64), e.path)};
  }
  void file(const Entry& e, Fate fate, std::string note) override { fates[e.path] = {fate, std::move(note)}; }
  void missing(std::string_view path, std::string) override { missing_paths.emplace_back(path); }

  /// Records of one kind, in the order they came.
  std::vector<const Record*> of(const std::string& kind) const {
    std::vector<const Record*> out;
    for (const Record& r : records)
      if (r.kind == kind) out.push_back(&r);
    return out;
  }
  /// The first record of a kind that satisfies pred, or nullptr.
  const Record* find(const std::string& kind, const std::function<bool(const Record&)>& pred) const {
    for (const Record& r : records)
      if (r.kind == kind && pred(r)) return &r;
    return nullptr;
  }
  /// The first record of a kind whose data[key] is the string value, or nullptr.
  const Record* with(const std::string& kind, const char* key, const std::string& value) const {
    return find(kind, [&](const Record& r) { return r.data.contains(key) && r.data[key] == value; });
  }
  /// Paths of non-junk entries that got no verdict (they would end up `unknown`).
  std::vector<std::string> unclaimed(const Archive& in) const {
    std::vector<std::string> out;
    for (const Entry& e : in.entries())
      if (!e.junk && !e.link && !e.container && !fates.count(e.path)) out.push_back(e.path);
    return out;
  }
};

/// Distinct in, distinct out (issue 12 §2): the ids that two records with different content
/// (kind, service, time or data; the source aside) share, each as "kind id: first text | second".
/// A per-importer test feeds two items that differ in one field and asserts this is empty.
inline std::vector<std::string> id_collisions(const std::vector<Record>& records) {
  std::map<std::string, std::string> content_of;
  std::vector<std::string> out;
  for (const Record& r : records) {
    // As the pipeline compares them: `raw` and the fraction of the time left out (renderings differ).
    std::string c = r.kind + '\n' + r.service + '\n' + (r.time ? std::to_string(r.time->seconds) : "");
    for (const auto& [key, value] : r.data.items())
      if (key != "raw" && key != "time_precision") c += '\n' + key + '=' + value.dump(-1, ' ', false, json::error_handler_t::replace);
    auto [it, fresh] = content_of.emplace(r.id, c);
    if (!fresh && it->second != c) out.push_back(r.kind + " " + r.id + ": " + it->second + " | " + c);
  }
  return out;
}

/// A sample folder of the repository: samples/NAME.
// Appended step by step: g++ 12 warns (-Warray-bounds, a false positive) on `string(LITERAL) + "..." + name`
// when the checkout's path has certain lengths (/tmp/ci).
inline std::string sample(const char* name) {
  std::string path(SOURCE_DIR);
  path += "/samples/";
  path += name;
  return path;
}

/// One importer run over an archive set, into a CollectSink, with a quiet log.
struct ImportRun {
  Archive in;
  CollectSink out;
  Log log{Verbosity::quiet, false};
  ImportRun(const std::vector<std::string>& paths, void (*read)(const Archive&, Sink&, Log&)) : in(paths) {
    read(in, out, log);
  }
};

/// Distinct in, distinct out (issue 12 §2): writes `files` (path -> text) into a fresh folder, runs
/// the importer over it and counts the distinct ids of `kind`, as the store would keep them. Feed
/// two items that differ in one field and expect 2; feed the same item twice and expect 1.
inline size_t distinct_ids(void (*read)(const Archive&, Sink&, Log&),
                           const std::vector<std::pair<std::string, std::string>>& files, const std::string& kind) {
  test::TempDir dir;
  for (const auto& [path, text] : files) dir.write(path, text);
  ImportRun run({dir.path()}, read);
  std::set<std::string> ids;
  for (const Record* r : run.out.of(kind)) ids.insert(r->id);
  return ids.size();
}

}  // namespace dataport
