#include "tests/unit/zip_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace dataport::test {

void write_archive(const std::string& file, const std::vector<FakeEntry>& entries, const std::string& type) {
  archive* a = archive_write_new();
  if (type == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (type == "tar.gz") archive_write_add_filter_gzip(a);
    else if (type == "tar.zst") archive_write_add_filter_zstd(a);
    else if (type == "tar.xz") archive_write_add_filter_xz(a);
  }
  if (archive_write_open_filename(a, file.c_str()) != ARCHIVE_OK)
    throw std::runtime_error(std::string("cannot write test archive: ") + archive_error_string(a));
  for (const FakeEntry& e : entries) {
    archive_entry* ae = archive_entry_new();
    archive_entry_set_pathname(ae, e.path.c_str());
    archive_entry_set_mtime(ae, 1700000000, 0);
    if (!e.link_target.empty()) {
      archive_entry_set_filetype(ae, AE_IFLNK);
      archive_entry_set_symlink(ae, e.link_target.c_str());
      archive_entry_set_perm(ae, 0777);
      archive_entry_set_size(ae, 0);
    } else {
      archive_entry_set_filetype(ae, AE_IFREG);
      archive_entry_set_perm(ae, 0644);
      archive_entry_set_size(ae, static_cast<la_int64_t>(e.data.size()));
    }
    archive_write_header(a, ae);
    if (e.link_target.empty()) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
}

TempDir::TempDir() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("dataport-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TempDir::path(const std::string& name) const { return name.empty() ? dir_.string() : (dir_ / name).string(); }

std::string TempDir::write(const std::string& name, const std::string& data) const {
  std::filesystem::path p = dir_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
  return p.string();
}

}  // namespace dataport::test
