#pragma once
// The ingest pipeline: detect the platform, run its importer into the store inside one
// transaction, give every entry a fate, keep what no importer understands as `file` records.
// `inspect` runs the same pipeline without a store.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "importers/importers.h"
#include "lib/archive.h"
#include "lib/log.h"
#include "lib/store.h"

namespace dataport {

/// Detection scores, highest first, and the importer chosen.
struct Detection {
  std::vector<std::pair<std::string, int>> scores;
  const Importer* chosen = nullptr;
};

/// Probes every importer (or takes --from). Throws Error naming the candidates when no importer
/// scores at least 50, or two share the top score.
Detection detect(const Archive& in, const std::string& from);

/// What an ingest or inspect did to one entry.
struct FileReport {
  std::string path;
  int part = 0;
  int64_t size = -1;
  Fate fate = Fate::unknown;
  std::string note;
  int64_t records = 0;
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
  std::vector<FileReport> files;
  int64_t added = 0, present = 0;
  int64_t bytes_read = 0;
  bool partial = false;
};

/// How to run.
struct IngestOptions {
  std::string from;                             ///< importer name, or "" to detect
  bool dry_run = false;                         ///< roll back at the end; copy no media
  bool strict = false;                          ///< any warning fails the run (rolled back)
  const std::atomic<bool>* interrupted = nullptr;  ///< set by SIGINT: stop and roll back
  std::string now;                              ///< the ingest time stored on the archives row
  /// Called now and then with the records so far and the path being read (progress display).
  std::function<void(int64_t, const std::string&)> progress;
};

/// Ingests into `store` (one transaction) or, with store null, only reads (inspect).
/// Throws Error when the run cannot complete; the store is then unchanged.
IngestResult run_ingest(const Archive& in, Store* store, const IngestOptions& opt, Log& log);

}  // namespace dataport
