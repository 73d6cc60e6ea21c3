#pragma once
// The content-addressed media store: files copied beside the database, named by SHA-256, so
// a photo found in two exports is stored once and survives the deletion of the archives.

#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/sink.h"

namespace dataport {

/// MIME type from the first bytes (magic numbers), else from the file name, else
/// "application/octet-stream".
std::string sniff_mime(std::string_view head, std::string_view name);
/// A file extension for a MIME type (".jpg"), or "" (bundles name media files with it).
std::string mime_extension(std::string_view mime);

/// Files under `<dir>/<first two hex>/<sha256>`.
class MediaStore {
 public:
  explicit MediaStore(std::string dir);
  /// Copies a stream into the store while hashing it, once; with `write` false only hashes.
  MediaRef put(Stream& s, std::string_view name, bool write);
  /// Path of a stored file (which may not exist).
  std::string path_of(const std::string& sha256) const;
  /// Removes the files this object created (an ingest that rolls back).
  void discard_new();
  /// Forgets the files created so far (an ingest that committed).
  void keep_new() { created_.clear(); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::vector<std::string> created_;
};

}  // namespace dataport
