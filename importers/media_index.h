#pragma once
// Media files of an export copied into the media store before the big data file is streamed,
// for the importers that still walk their entries themselves (X, Mastodon). Archive::open ends
// the previous stream of the same part, so an importer cannot copy a photo in the middle of
// scanning tweets.js or outbox.json; it copies every media file first (in listing order, one
// pass), then links records to them, then keeps the files no record used as `media` records so
// nothing is lost. Importers on the skeleton get the same from the pipeline (ingest/rules.h,
// MediaTable), which this wraps.

#include <string>
#include <string_view>

#include "ingest/rules.h"
#include "lib/archive.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport {

/// Copied media files, looked up by their position.
class MediaIndex {
 public:
  /// Copies an entry into the media store, gives it a `parsed` verdict with the note, and
  /// returns its index.
  size_t add(const Archive& in, Sink& out, const Entry& e, const std::string& note) {
    table_.store(in, out, e, note);
    return table_.all().size() - 1;
  }
  /// The `{sha256, path, mime, size}` object of a copied file; marks it used.
  json use(size_t index) { return table_.use(table_.all()[index]); }
  /// The entry of a copied file.
  const Entry& entry(size_t index) const { return *table_.all()[index].entry; }
  /// Number of copied files.
  size_t size() const { return table_.all().size(); }
  /// A `media` record for every copied file no record used (key "media:<path>").
  void emit_unused(Sink& out, std::string_view platform, std::string_view service = "") {
    table_.emit_unused(out, platform, service);
  }

 private:
  MediaTable table_;
};

}  // namespace dataport
