#pragma once
// Test helper: writes crafted zips and tarballs with libarchive's writer (entries with "../",
// absolute paths, links, bombs), into a temporary folder that removes itself.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dataport::test {

/// One entry to write: a path and its bytes; a symlink when `link_target` is set.
struct FakeEntry {
  FakeEntry(std::string p, std::string d, std::string link = "")
      : path(std::move(p)), data(std::move(d)), link_target(std::move(link)) {}
  std::string path;
  std::string data;
  std::string link_target;
};

/// Writes entries as a zip ("zip"), a tar.gz ("tar.gz") or a tar.zst ("tar.zst").
void write_archive(const std::string& file, const std::vector<FakeEntry>& entries, const std::string& type = "zip");

/// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// The folder joined with `name`.
  std::string path(const std::string& name = "") const;
  /// Writes a file (creating parent folders) and returns its path.
  std::string write(const std::string& name, const std::string& data) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace dataport::test
