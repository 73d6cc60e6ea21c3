#pragma once
// Writing outputs safely: nothing appears at the named path until the whole output is written,
// a failure leaves nothing behind, and names inside an output folder can never leave it.

#include <cstdio>
#include <string>
#include <string_view>

namespace dataport {

/// A file written beside its final path and renamed into place by commit().
class AtomicFile {
 public:
  /// Opens `path`.tmp-PID for writing; "-" means stdout (written directly).
  explicit AtomicFile(std::string path);
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
  bool stdout_ = false, done_ = false;
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

/// A name safe to use as one path component: no '/', NUL, control characters, ".", "..".
std::string safe_component(std::string_view name, std::string_view fallback = "unnamed");

}  // namespace dataport
