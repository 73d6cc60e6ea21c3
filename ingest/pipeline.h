#pragma once
// The ingest pipeline: detect the platform (ingest/detect.h), run its importer into the store
// inside one transaction, give every entry a fate, keep what no importer understands as `file`
// records. `inspect` runs the same pipeline without a store. It lives outside lib because it
// knows the importers; lib knows no platform.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ingest/detect.h"
#include "lib/archive.h"
#include "lib/log.h"
#include "lib/store.h"

namespace dataport {

/// What an ingest or inspect did to one entry.
struct FileReport {
  std::string path;
  int part = 0;              ///< -1 for a `missing` file, which lives in no part
  int64_t entry = 0;         ///< the entry's ordinal in its part (Entry::index); for `missing`, its ordinal
  int64_t size = -1;
  Fate fate = Fate::unknown;
  std::string note;
  int64_t records = 0;

  /// An entry's report before any reader's verdict: an empty file, operating-system junk, a link
  /// and a nested archive are ignored with the reason; anything else is unknown, noted `unknown`.
  static FileReport unread(const Entry& e, std::string unknown);
  /// A 0-byte file (not junk, not a link): one rule for every importer, nothing to read or keep.
  static bool empty_file(const Entry& e) { return e.size == 0 && !e.junk && !e.link; }
};

/// Counts per kind.
struct KindCount {
  int64_t added = 0;    ///< new in the store
  int64_t present = 0;  ///< already there (same id)
};

/// The outcome of a run.
struct IngestResult {
  std::string importer;
  std::string archive_sha256;
  std::vector<std::pair<std::string, int>> scores;
  std::map<std::string, KindCount> kinds;
  /// Every file's report, when IngestOptions::file_reports asks for them.
  std::vector<FileReport> files;
  /// The files per fate (indexed by Fate), kept or not.
  std::array<int64_t, fate_count> fates{};
  int64_t added = 0, present = 0;
  /// Items that came with an id already used in this run by an item with different content:
  /// both are kept, the later one under an id derived from its content (see docs/schema.md).
  int64_t collisions = 0;
  int64_t bytes_read = 0;
  bool partial = false;
  /// When the store already held this archive set, read whole by the same importer version: the
  /// time of that ingest. Nothing was read or written; the counts are that run's.
  std::string already_ingested;
};

/// How to run.
struct IngestOptions {
  std::string from;                             ///< importer name, or "" to detect
  bool dry_run = false;                         ///< roll back at the end; copy no media
  bool strict = false;                          ///< any warning fails the run (rolled back)
  bool force = false;                           ///< read an archive set even when already ingested
  const std::atomic<bool>* interrupted = nullptr;  ///< set by SIGINT: stop and roll back
  std::string now;                              ///< the ingest time stored on the archives row
  /// Keep a FileReport per file in IngestResult::files (inspect lists them). Without, only their
  /// counts per fate: the store has the files rows, and the reports took about 300 bytes a file
  /// at the end of the run (heaptrack: 62 MB for 200k).
  bool file_reports = true;
  /// Called now and then with the records so far and the path being read (progress display).
  std::function<void(int64_t, const std::string&)> progress;
};

/// What an ingest records as the version of the importer that read an archive: the dataport
/// release and the record model (a new release reads again what an older one read).
std::string importer_version();

/// A guess of how many records an ingest of `in` by `importer` adds to `store`, for
/// Store::begin(), which makes it a bulk load when the store holds fewer rows than a few times
/// that (once when the records may be met again, and then, within the page cache, only once the
/// first rows prove new: Store::turn_bulk()): a record a file, one a KiB of the text formats
/// records come from, one a 16 KiB of an mbox. Errs low.
struct RowsComing {
  int64_t rows = 0;
  /// The store may hold these records already: it has an archive the importer read, or one of
  /// dataport's own output (a dump, a bundle), or the importer reads such output into a store
  /// that has records.
  bool met_again = false;
  /// Met again, and within the page cache: row by row first even where a bulk load would pay
  /// (Store::begin()), since a newer export's look-ups cost little there; new rows turn it into
  /// one (Store::turn_bulk()).
  bool look_first = false;
};
RowsComing rows_coming(const Archive& in, Store& store, const std::string& importer);

/// Ingests into `store` (one transaction) or, with store null, only reads (inspect). An archive
/// set the store holds already, read whole by the same importer version, is not read again
/// unless opt.force: the result is that of the earlier run, with already_ingested set.
/// Throws Error when the run cannot complete; the store is then unchanged.
IngestResult run_ingest(const Archive& in, Store* store, const IngestOptions& opt, Log& log);

}  // namespace dataport
