#pragma once
// Media files of an export copied into the media store before the big data file is streamed.
// Archive::open ends the previous stream of the same part, so an importer cannot copy a photo
// in the middle of scanning tweets.js or outbox.json; it copies every media file first (in
// listing order, one pass), then links records to them, then keeps the files no record used
// as `media` records so nothing is lost.

#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport {

/// Copied media files, looked up by their position.
class MediaIndex {
 public:
  /// Copies an entry into the media store, gives it a `parsed` verdict with the note, and
  /// returns its index.
  size_t add(const Archive& in, Sink& out, const Entry& e, const std::string& note);
  /// The `{sha256, path, mime, size}` object of a copied file; marks it used.
  json use(size_t index);
  /// The entry of a copied file.
  const Entry& entry(size_t index) const { return *items_[index].entry; }
  /// Number of copied files.
  size_t size() const { return items_.size(); }
  /// A `media` record for every copied file no record used (key "media:<path>").
  void emit_unused(Sink& out, std::string_view platform, std::string_view service = "");

 private:
  struct Item {
    const Entry* entry;
    MediaRef ref;
    bool used = false;
  };
  std::vector<Item> items_;
};

/// The media object for a record: `{sha256, path, mime, size}` (empty values left out).
json media_object(const Entry& e, const MediaRef& ref);

}  // namespace dataport
