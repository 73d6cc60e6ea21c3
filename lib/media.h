#pragma once
// The content-addressed media store: files copied beside the database, named by SHA-256, so
// a photo found in two exports is stored once and survives the deletion of the archives.

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/hash.h"
#include "lib/sink.h"

namespace dataport {

/// MIME type from the first bytes (magic numbers), else from the file name, else
/// "application/octet-stream".
std::string sniff_mime(std::string_view head, std::string_view name);
/// A file extension for a MIME type (".jpg"), or "" (bundles name media files with it).
std::string mime_extension(std::string_view mime);

/// fsyncs a folder, so that the names just created in it survive a crash; throws Error.
void sync_folder(const std::string& dir);

/// Files under `<dir>/<first two hex>/<sha256>`. A file new to the store is named in a journal,
/// `<dir>/.staged-<pid>`, before it takes its final name, and the journal goes when the run
/// commits or rolls back: one left by a killed run lists what may lack a store row.
class MediaStore {
 public:
  explicit MediaStore(std::string dir);
  ~MediaStore();
  MediaStore(const MediaStore&) = delete;
  MediaStore& operator=(const MediaStore&) = delete;
  /// Copies a stream into the store while hashing it, once; with `write` false only hashes.
  MediaRef put(Stream& s, std::string_view name, bool write);
  /// Path of a stored file (which may not exist).
  std::string path_of(const std::string& sha256) const;
  /// Removes the files this object created (an ingest that rolls back).
  void discard_new();
  /// Puts every file written since the last sync (new or repaired), their folders and the
  /// journal on disk, with one syncfs() of the store's file system: call before the database
  /// commits. Returns false, doing nothing, when no file was written since; throws Error.
  bool sync();
  /// Forgets the files created so far (an ingest that committed).
  void keep_new();
  /// Removes the files that the journals of dead runs list and that `referenced` (given those
  /// SHA-256s, it returns the ones a store row names) does not claim, then the journals. Call with
  /// the store's write lock held, so that no other run is between its renames and its commit.
  /// Returns how many files were removed.
  int64_t sweep_staged(const std::function<std::set<std::string>(const std::set<std::string>&)>& referenced);
  const std::string& dir() const { return dir_; }

 private:
  void journal(const std::string& final_path);
  void close_journal();
  std::string dir_;
  std::vector<Sha256> created_;  // the files this object made, by digest (path_of() them)
  int journal_ = -1;
  bool unsynced_ = false;  // a file was written (new or repaired) since the last sync()
};

}  // namespace dataport
