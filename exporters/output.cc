#include "exporters/output.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "lib/error.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

Spill::Spill() : f_(std::tmpfile()) {
  if (!f_) throw Error("export", std::string("cannot make a temporary file: ") + std::strerror(errno));
}

Spill::~Spill() { std::fclose(f_); }

void Spill::add(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
    throw Error("export", std::string("cannot write a temporary file: ") + std::strerror(errno) +
                              (errno == ENOSPC ? " (the disk is full)" : ""));
  size_ += s.size();
}

void Spill::copy(size_t at, size_t n, const std::function<void(std::string_view)>& out) {
  if (std::fflush(f_) != 0 || std::fseek(f_, static_cast<long>(at), SEEK_SET) != 0)
    throw Error("export", "cannot read back a temporary file");
  std::string buf(std::min<size_t>(n, 1 << 20), '\0');
  while (n > 0) {
    size_t k = std::min(n, buf.size());
    if (std::fread(buf.data(), 1, k, f_) != k) throw Error("export", "cannot read back a temporary file");
    out(std::string_view(buf.data(), k));
    n -= k;
  }
  std::fseek(f_, 0, SEEK_END);  // appends go on at the end
}

namespace {

// What is at `path` when it is not a regular file, or "" (regular or absent).
std::string not_a_file(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return "";
  if (S_ISREG(st.st_mode)) return "";
  if (S_ISDIR(st.st_mode)) return "a folder";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISFIFO(st.st_mode)) return "a fifo";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

bool exists_no_follow(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

const char* const replace_hint = "dataport replaces an existing file only when told to: pass --force, or name a new file";

}  // namespace

int create_temp_file(const std::string& folder, const std::string& stem, std::string& path) {
  std::string name = (fs::path(folder.empty() ? "." : folder) / ("." + stem + ".XXXXXX")).string();
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);  // O_CREAT|O_EXCL: never opens what is already there
  if (fd < 0) throw Error(folder.empty() ? "." : folder, std::string("cannot create a temporary file: ") + std::strerror(errno));
  path = buf.data();
  return fd;
}

AtomicFile::AtomicFile(std::string path, bool replace, unsigned mode) : path_(std::move(path)), replace_(replace) {
  if (path_ == "-") {
    stdout_ = true;
    f_ = stdout;
    return;
  }
  if (std::string what = not_a_file(path_); !what.empty())
    throw Error(path_, "is " + what + ", not a file; name a regular file");
  if (!replace_ && exists_no_follow(path_)) throw Error(path_, "exists", replace_hint);
  fs::path parent = fs::path(path_).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) throw Error(parent.string(), "no such folder");
  int fd = create_temp_file(parent.string(), fs::path(path_).filename().string(), tmp_);
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, static_cast<mode_t>(mode) & ~mask);
  f_ = ::fdopen(fd, "wb");
  if (!f_) {
    ::close(fd);
    ::unlink(tmp_.c_str());
    throw Error(path_, std::string("cannot write: ") + std::strerror(errno));
  }
}

AtomicFile::~AtomicFile() {
  if (stdout_ || done_) return;
  if (f_) std::fclose(f_);
  ::unlink(tmp_.c_str());
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
  int err = 0;
  if (std::fflush(f_) != 0 || std::ferror(f_)) err = errno ? errno : EIO;
  if (!err && ::fsync(fileno(f_)) != 0) err = errno;
  if (std::fclose(f_) != 0 && !err) err = errno;
  f_ = nullptr;
  if (err) throw Error(path_, std::string("write failed: ") + std::strerror(err) + (err == ENOSPC ? "; nothing was written" : ""));
  // Checked again at the last moment: something may have appeared at the path meanwhile.
  if (std::string what = not_a_file(path_); !what.empty()) throw Error(path_, "is " + what + " now, not a file; nothing was written");
  int rc = replace_ ? ::rename(tmp_.c_str(), path_.c_str())
                    : ::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno == EINVAL && !replace_) {  // a file system without RENAME_NOREPLACE: link(2) never replaces either
    rc = ::link(tmp_.c_str(), path_.c_str());
    if (rc == 0) ::unlink(tmp_.c_str());
  }
  if (rc != 0) {
    if (errno == EEXIST) throw Error(path_, "appeared while dataport was writing it; nothing was replaced", replace_hint);
    throw Error(path_, std::string("cannot move the output into place: ") + std::strerror(errno));
  }
  done_ = true;
}

AtomicDir::AtomicDir(std::string path) : path_(std::move(path)) {
  if (path_ == "-")
    throw Error("-o -", "this export writes a folder, which cannot go to stdout; name a folder",
                "formats that write one file (dump, vcard, ical, gpx, geojson, mbox, jsonresume, a bundle "
                "with --format zip or tar.gz) can write to stdout");
  std::error_code ec;
  if (std::string what = not_a_file(path_); !what.empty() && what != "a folder")
    throw Error(path_, "is " + what + "; name a new folder", "dataport never overwrites files it did not write");
  if (fs::exists(path_, ec)) {
    if (!fs::is_directory(path_) || !fs::is_empty(path_))
      throw Error(path_, "exists and is not an empty folder; name a new folder", "dataport never overwrites files it did not write");
  }
  fs::path p = fs::absolute(path_);
  if (!fs::is_directory(p.parent_path())) throw Error(p.parent_path().string(), "no such folder");
  std::string name = (p.parent_path() / ("." + p.filename().string() + ".XXXXXX")).string();
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw Error(path_, std::string("cannot create: ") + std::strerror(errno));
  tmp_ = buf.data();
  ::chmod(tmp_.c_str(), 0755 & ~[] { mode_t m = ::umask(0); ::umask(m); return m; }());
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
  // rename(2) replaces only an empty folder, never a file or a link that appeared meanwhile.
  if (std::string what = not_a_file(path_); !what.empty() && what != "a folder")
    throw Error(path_, "is " + what + " now; nothing was written");
  if (::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw Error(path_, std::string("cannot move the output into place: ") + std::strerror(errno));
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
