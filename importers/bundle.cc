// dataport's portable bundle (exporters/bundle.cc): a BagIt bag whose payload holds records in
// the dump format and media named by SHA-256. Ingesting it restores the same records (ids,
// sources, times) and the same media, so export bundle -> ingest -> export dump is
// byte-identical. The records files and media are checked against manifest-sha256.txt in the
// same pass: a bag that fails is refused whole, nothing of it is kept.
//
// [x] data/records/*.ndjson -> records of every kind
// [x] data/media/<sha256><ext> -> the media store
// [x] manifest-sha256.txt -> checks every records and media file
// [x] data/dataport.sqlite, data/README.txt, data/schema/ -> ignored: a copy of the records, documentation
// [x] bagit.txt, bag-info.txt, other manifests, provenance-credential.json -> ignored: tag files
//     (`dataport verify` checks the whole bag and the signature)

#include <set>

#include "bagit/bagit.h"
#include "ingest/importers.h"
#include "lib/dump.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport {

namespace {

// Hashes what it passes on.
class HashingStream : public Stream {
 public:
  explicit HashingStream(Stream& s) : s_(s) {}
  size_t read(char* buf, size_t n) override {
    size_t got = s_.read(buf, n);
    h_.update(buf, got);
    return got;
  }
  std::string hex() { return h_.hex(); }

 private:
  Stream& s_;
  Hasher h_;
};

bool starts(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }
bool ends(const std::string& s, std::string_view x) { return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0; }

bool records_file(const std::string& rel) {
  return starts(rel, "data/records/") && ends(rel, ".ndjson") && rel.find('/', 13) == std::string::npos;
}

}  // namespace

int probe_bundle(const Archive& in) {
  auto base = bag_base(in);
  if (!base) return 0;
  for (const Entry& e : in.entries())
    if (starts(e.path, *base) && records_file(e.path.substr(base->size()))) return 100;
  return 0;
}

void read_bundle(const Archive& in, Sink& out, Log& log) {
  auto base = bag_base(in);
  if (!base) throw Error(in.name(), "not a bundle: no bagit.txt");
  std::set<std::string> containers;
  for (const Entry& e : in.entries())
    if (e.container) containers.insert(e.path + "/");

  std::map<std::string, std::string> digest;  // payload file -> SHA-256 of what was read
  std::string manifest;
  bool have_manifest = false;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link) continue;
    bool nested = false;
    for (const auto& c : containers) nested = nested || starts(e.path, c);
    if (nested) {
      out.file(e, Fate::ignored, "inside a media file of the bundle, which is kept whole");
      continue;
    }
    if (!starts(e.path, *base)) continue;  // stays unknown: not part of the bag
    std::string rel = e.path.substr(base->size());
    if (records_file(rel)) {
      auto s = in.open(e);
      HashingStream hs(*s);
      LineReader lines(hs);
      std::string line;
      int64_t n = 0, bad = 0;
      while (lines.next(line)) {
        if (trim(line).empty()) continue;
        try {
          out.add(parse_dump_line(line, in.where(e) + " line " + std::to_string(lines.line_number())));
          ++n;
        } catch (const Error& err) {
          log.partial(describe(err), "record skipped");
          ++bad;
        }
      }
      digest[rel] = hs.hex();
      out.file(e, bad ? Fate::partial : Fate::parsed,
               std::to_string(n) + " records" + (bad ? ", " + std::to_string(bad) + " unreadable lines" : ""));
    } else if (starts(rel, "data/media/")) {
      MediaRef m = out.media(in, e);
      digest[rel] = m.sha256;  // "" in a dry run that does not hash
      std::string stem(basename(rel).substr(0, basename(rel).find('.')));
      if (!m.sha256.empty() && stem != m.sha256)
        log.warn(in.where(e), "is named by another SHA-256 than its bytes'; records naming it will not find it");
      out.file(e, Fate::parsed, "media file");
    } else if (rel == "manifest-sha256.txt") {
      manifest = in.read(e);
      have_manifest = true;
      out.file(e, Fate::ignored, "BagIt manifest: every records and media file was checked against it");
    } else if (rel == "data/dataport.sqlite") {
      out.file(e, Fate::ignored, "a copy of the records in data/records/");
    } else if (rel == "data/README.txt" || starts(rel, "data/schema/")) {
      out.file(e, Fate::ignored, "documentation of the bundle");
    } else if (!starts(rel, "data/")) {
      out.file(e, Fate::ignored, "BagIt tag file; `dataport verify` checks it");
    }
  }

  if (!have_manifest) {
    log.warn(in.name(), "no manifest-sha256.txt: the records and media were not checked against checksums");
    return;
  }
  std::vector<std::string> problems;
  std::set<std::string> listed;
  for (const ManifestLine& m : parse_bag_manifest(manifest, "manifest-sha256.txt", 64, problems)) {
    listed.insert(m.path);
    bool ours = records_file(m.path) || starts(m.path, "data/media/");
    if (!ours) continue;
    auto it = digest.find(m.path);
    if (it == digest.end()) problems.push_back(m.path + ": listed in manifest-sha256.txt but missing");
    else if (!it->second.empty() && it->second != m.digest) problems.push_back(m.path + ": SHA-256 does not match the manifest");
  }
  for (const auto& [rel, d] : digest)
    if (!listed.count(rel)) problems.push_back(rel + ": not in manifest-sha256.txt");
  if (!problems.empty())
    throw Error(in.name(), "the bundle fails its checksums: " + problems[0] +
                               (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
                "nothing was ingested; `dataport verify` lists every problem");
}

}  // namespace dataport
