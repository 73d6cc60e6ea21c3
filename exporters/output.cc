#include "exporters/output.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "lib/error.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    stdout_ = true;
    f_ = stdout;
    return;
  }
  if (fs::is_directory(path_)) throw Error(path_, "is a folder; name a file");
  fs::path parent = fs::path(path_).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) throw Error(parent.string(), "no such folder");
  tmp_ = path_ + ".tmp-" + std::to_string(getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) throw Error(path_, std::string("cannot write: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (stdout_ || done_) return;
  if (f_) std::fclose(f_);
  std::error_code ec;
  fs::remove(tmp_, ec);
}

void AtomicFile::write(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
    throw Error(path_, std::string("write failed: ") + std::strerror(errno));
}

void AtomicFile::commit() {
  if (stdout_) {
    if (std::fflush(stdout) != 0) throw Error("stdout", "write failed");
    done_ = true;
    return;
  }
  bool bad = std::fflush(f_) != 0 || std::ferror(f_);
  bad = std::fclose(f_) != 0 || bad;
  f_ = nullptr;
  if (bad) throw Error(path_, "write failed (disk full?)");
  std::error_code ec;
  fs::rename(tmp_, path_, ec);
  if (ec) throw Error(path_, "cannot move the output into place: " + ec.message());
  done_ = true;
}

AtomicDir::AtomicDir(std::string path) : path_(std::move(path)) {
  if (path_ == "-")
    throw Error("-o -", "this export writes a folder, which cannot go to stdout; name a folder",
                "formats that write one file (dump, vcard, ical, gpx, geojson, mbox, jsonresume, a bundle "
                "with --format zip or tar.gz) can write to stdout");
  std::error_code ec;
  if (fs::exists(path_, ec)) {
    if (!fs::is_directory(path_) || !fs::is_empty(path_))
      throw Error(path_, "exists and is not an empty folder; name a new folder", "dataport never overwrites files it did not write");
  }
  fs::path p = fs::absolute(path_);
  if (!fs::is_directory(p.parent_path())) throw Error(p.parent_path().string(), "no such folder");
  tmp_ = (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(getpid()))).string();
  fs::remove_all(tmp_, ec);
  fs::create_directory(tmp_, ec);
  if (ec) throw Error(path_, "cannot create: " + ec.message());
}

AtomicDir::~AtomicDir() {
  if (done_) return;
  std::error_code ec;
  fs::remove_all(tmp_, ec);
}

std::string AtomicDir::file(std::string_view relative) {
  for (const std::string& c : split(relative, '/'))
    if (c.empty() || c == "." || c == ".." || c.find('\0') != std::string::npos)
      throw Error(path_, "internal: output name '" + std::string(relative) + "' would leave the folder");
  fs::path p = fs::path(tmp_) / std::string(relative);
  fs::create_directories(p.parent_path());
  return p.string();
}

void AtomicDir::commit() {
  std::error_code ec;
  if (fs::exists(path_, ec)) fs::remove(path_, ec);  // an empty folder, checked above
  fs::rename(tmp_, path_, ec);
  if (ec) throw Error(path_, "cannot move the output into place: " + ec.message());
  done_ = true;
}

std::string safe_component(std::string_view name, std::string_view fallback) {
  std::string out;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || u < 0x20 || u == 0x7f || c == ':') out += '_';
    else out += c;
  }
  std::string t(trim(out));
  if (t.empty() || t == "." || t == "..") return std::string(fallback);
  if (t.size() > 200) t = t.substr(0, 200);
  return repair_utf8(t);
}


// libarchive's write callback: hands its blocks to the AtomicFile, turning our exceptions into
// an error libarchive reports (nothing may unwind through its C frames).
long archive_writer_write(struct archive*, void* self, const void* buf, size_t n) {
  auto* w = static_cast<ArchiveWriter*>(self);
  try {
    w->out_.write(std::string_view(static_cast<const char*>(buf), n));
    return static_cast<long>(n);
  } catch (const Error& e) {
    w->error_ = describe(e);
    return -1;
  }
}

namespace {
la_ssize_t write_callback(struct archive* a, void* self, const void* buf, size_t n) {
  return archive_writer_write(a, self, buf, n);
}
}  // namespace

ArchiveWriter::ArchiveWriter(AtomicFile& out, Kind kind, int64_t mtime) : out_(out), kind_(kind), mtime_(mtime) {
  a_ = archive_write_new();
  if (kind_ == Kind::zip) {
    archive_write_set_format_zip(a_);
    archive_write_set_bytes_in_last_block(a_, 1);  // no padding after the directory
  } else {
    archive_write_set_format_pax_restricted(a_);  // ustar, with pax headers only where needed
    archive_write_add_filter_gzip(a_);
    check(archive_write_set_filter_option(a_, "gzip", "timestamp", nullptr), "gzip options");
  }
  check(archive_write_open(a_, this, nullptr, write_callback, nullptr), "cannot start the archive");
}

ArchiveWriter::~ArchiveWriter() {
  if (a_) archive_write_free(a_);  // after an error: the AtomicFile removes what was written
}

void ArchiveWriter::check(int rc, const std::string& what) {
  if (rc >= ARCHIVE_WARN) return;
  std::string why = !error_.empty() ? error_ : archive_error_string(a_) ? archive_error_string(a_) : "unknown error";
  throw Error(out_.path(), what + ": " + why);
}

void ArchiveWriter::begin(const std::string& path, int64_t size, bool stored) {
  if (left_ != 0) throw Error(out_.path() + ": " + current_, "internal: entry ended " + std::to_string(left_) + " bytes short");
  if (kind_ == Kind::zip) {
    if (stored) archive_write_zip_set_compression_store(a_);
    else archive_write_zip_set_compression_deflate(a_);
  }
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_size(e, static_cast<la_int64_t>(size));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_mtime(e, static_cast<time_t>(mtime_), 0);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  int rc = archive_write_header(a_, e);
  archive_entry_free(e);
  check(rc, path);
  current_ = path;
  left_ = size;
}

void ArchiveWriter::write(const char* data, size_t n) {
  if (static_cast<int64_t>(n) > left_) throw Error(out_.path() + ": " + current_, "internal: more bytes than the entry's size");
  while (n > 0) {
    la_ssize_t w = archive_write_data(a_, data, n);
    if (w <= 0) check(ARCHIVE_FATAL, current_);
    data += w;
    n -= static_cast<size_t>(w);
    left_ -= w;
  }
}

void ArchiveWriter::add(const std::string& path, std::string_view bytes, bool stored) {
  begin(path, static_cast<int64_t>(bytes.size()), stored);
  write(bytes.data(), bytes.size());
}

void ArchiveWriter::finish() {
  if (left_ != 0) throw Error(out_.path() + ": " + current_, "internal: entry ended " + std::to_string(left_) + " bytes short");
  check(archive_write_close(a_), "cannot finish the archive");
  archive_write_free(a_);
  a_ = nullptr;
}

}  // namespace dataport
