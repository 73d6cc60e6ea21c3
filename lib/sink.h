#pragma once
// What an importer hands its results to. The store implements it for `ingest`; `inspect` and
// tests use counting fakes, which is why it is the one virtual interface of the pipeline.

#include <cstdint>
#include <string>

#include "lib/archive.h"
#include "lib/record.h"

namespace dataport {

/// What became of one archive entry (the `files` table, `dataport inspect`).
enum class Fate {
  parsed,   ///< read whole into records
  partial,  ///< claimed, some of it could not be read (warnings say where)
  failed,   ///< claimed, could not be read at all
  unknown,  ///< no importer understands it: kept as a `file` record with its bytes
  ignored,  ///< deliberately not read (OS junk, a link, a duplicate rendering, an empty file); the note says why
  missing,  ///< named by the export (a manifest, a record's media) but not in the archive: no bytes
  skipped,  ///< holds data dataport knowingly does not import (a format or section it cannot read):
            ///< the run is partial (exit 3)
};

/// How many fates there are: a count per fate is an array of this size, indexed by the fate.
inline constexpr size_t fate_count = static_cast<size_t>(Fate::skipped) + 1;

/// "parsed", "partial", ...
const char* fate_name(Fate f);

/// A file copied into the content-addressed media store.
struct MediaRef {
  std::string sha256;  ///< 64 lower-case hex digits; the file's name in the store ("" in a dry run that skipped hashing)
  int64_t size = 0;
  std::string mime;    ///< sniffed from the bytes, else from the name
};

/// Receives records, media and per-file verdicts from an importer.
class Sink {
 public:
  virtual ~Sink() = default;
  /// Takes one record. The store fills source.archive; the importer fills the rest.
  virtual void add(Record r) = 0;
  /// Copies an entry into the media store (deduplicated by SHA-256) and says where it went.
  virtual MediaRef media(const Archive& in, const Entry& e) = 0;
  /// The same for bytes that are not an entry of their own (a mail attachment decoded from an
  /// mbox), read from `s`; `name` is what the file was called, for its type. This default only
  /// hashes and sniffs them: sinks with a media store copy them too.
  virtual MediaRef media_stream(Stream& s, std::string_view name);
  /// Records what became of an entry; the last verdict for an entry wins. An entry given no
  /// verdict ends up `unknown` (kept as a file record), or `ignored` when it is junk or a link.
  virtual void file(const Entry& e, Fate fate, std::string note = "") = 0;
  /// A file the export names (in a manifest, as a record's media) that the archive does not
  /// hold: it gets a `missing` row in `files`, counted in the summary. Repeats of a path are one.
  virtual void missing(std::string_view path, std::string note) {
    (void)path;
    (void)note;
  }
};

}  // namespace dataport
