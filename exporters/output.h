#pragma once
// Writing outputs safely: nothing appears at the named path until the whole output is written,
// a failure leaves nothing behind, and names inside an output folder can never leave it.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

struct archive;  // libarchive

namespace dataport {

/// Creates a new, empty temporary file in `folder` (O_CREAT|O_EXCL, so a planted name or link
/// is never followed), named ".<stem>.XXXXXX"; returns its descriptor and sets `path`.
int create_temp_file(const std::string& folder, const std::string& stem, std::string& path);

/// An unnamed temporary file (gone when closed) that an exporter appends text to and copies
/// back from: for output that must come after what is read later (a count, a header), so that
/// memory need not hold it.
class Spill {
 public:
  Spill();
  ~Spill();
  Spill(const Spill&) = delete;
  Spill& operator=(const Spill&) = delete;
  /// Appends; throws Error when the disk is full.
  void add(std::string_view s);
  size_t size() const { return size_; }
  /// Hands [at, at + n) to `out` a block at a time.
  void copy(size_t at, size_t n, const std::function<void(std::string_view)>& out);

 private:
  std::FILE* f_;
  size_t size_ = 0;
};

/// A file written beside its final path and renamed into place by commit(). The path must be
/// absent or, with `replace`, a regular file: a device, FIFO, folder or link is never replaced.
class AtomicFile {
 public:
  /// Creates a fresh temporary file beside `path`; "-" means stdout (written directly).
  explicit AtomicFile(std::string path, bool replace = false, unsigned mode = 0644);
  ~AtomicFile();  ///< removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(std::string_view s);
  /// Flushes, closes and renames into place; throws Error on any write failure.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  std::FILE* f_ = nullptr;
  bool stdout_ = false, done_ = false, replace_ = false;
};

/// A folder filled under a temporary name beside its final path and renamed into place by
/// commit(). Refuses a final path that exists and is not an empty folder.
class AtomicDir {
 public:
  explicit AtomicDir(std::string path);
  ~AtomicDir();  ///< removes the temporary folder unless committed
  AtomicDir(const AtomicDir&) = delete;
  AtomicDir& operator=(const AtomicDir&) = delete;
  /// The temporary path of a file inside it (parents created); throws for names that leave it.
  std::string file(std::string_view relative);
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  bool done_ = false;
};

/// A zip or tar.gz written entry by entry into an AtomicFile, byte for byte the same for the same
/// entries: fixed times, owner 0, mode 0644, no gzip timestamp. Each entry's size is given first,
/// so gigabytes stream through without being held (and zip64 is used where sizes need it).
class ArchiveWriter {
 public:
  enum class Kind { zip, tar_gz };
  ArchiveWriter(AtomicFile& out, Kind kind, int64_t mtime);
  ~ArchiveWriter();
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;
  /// Starts an entry of exactly `size` bytes; `stored` keeps it uncompressed in a zip (photos
  /// and videos are compressed already).
  void begin(const std::string& path, int64_t size, bool stored = false);
  /// Appends bytes to the entry begun last.
  void write(const char* data, size_t n);
  /// A whole entry at once.
  void add(const std::string& path, std::string_view bytes, bool stored = false);
  /// Writes the archive's end (the zip directory, the gzip trailer). The AtomicFile still needs commit().
  void finish();

 private:
  void check(int rc, const std::string& what);
  ::archive* a_ = nullptr;
  AtomicFile& out_;
  Kind kind_;
  int64_t mtime_;
  std::string error_;  // a write failure caught in libarchive's callback
  std::string current_;
  int64_t left_ = 0;
  friend long archive_writer_write(::archive*, void*, const void*, size_t);
};

/// A name safe to use as one path component: no '/', NUL, control characters, ".", "..".
std::string safe_component(std::string_view name, std::string_view fallback = "unnamed");

}  // namespace dataport
