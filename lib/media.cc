#include "lib/media.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

std::string sniff_mime(std::string_view h, std::string_view name) {
  auto starts = [&](std::string_view magic, size_t at = 0) { return h.size() >= at + magic.size() && h.substr(at, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  if (starts("RIFF") && starts("WAVE", 8)) return "audio/wav";
  if (starts("ftyp", 4)) {
    std::string_view brand = h.size() >= 12 ? h.substr(8, 4) : "";
    if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1") return "image/heic";
    if (brand == "avif") return "image/avif";
    if (brand == "qt  ") return "video/quicktime";
    if (brand == "M4A ") return "audio/mp4";
    return "video/mp4";
  }
  if (starts("\x1A\x45\xDF\xA3")) return "video/webm";
  if (starts("OggS")) return "audio/ogg";
  if (starts("ID3") || starts("\xFF\xFB") || starts("\xFF\xF3")) return "audio/mpeg";
  if (starts("%PDF-")) return "application/pdf";
  if (starts("PK\x03\x04")) return "application/zip";
  if (starts("II*\0", 0) || starts("MM\0*")) return "image/tiff";
  if (starts("BM")) return "image/bmp";
  std::string n = lower(name);
  auto ends = [&](std::string_view ext) { return n.size() >= ext.size() && n.substr(n.size() - ext.size()) == ext; };
  struct { const char* ext; const char* mime; } table[] = {
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"}, {".gif", "image/gif"},
      {".webp", "image/webp"}, {".heic", "image/heic"}, {".mp4", "video/mp4"}, {".mov", "video/quicktime"},
      {".m4a", "audio/mp4"}, {".mp3", "audio/mpeg"}, {".aac", "audio/aac"}, {".opus", "audio/ogg"},
      {".pdf", "application/pdf"}, {".json", "application/json"}, {".js", "text/javascript"},
      {".csv", "text/csv"}, {".html", "text/html"}, {".htm", "text/html"}, {".txt", "text/plain"},
      {".ics", "text/calendar"}, {".vcf", "text/vcard"}, {".mbox", "application/mbox"}, {".xml", "application/xml"}};
  for (const auto& row : table)
    if (ends(row.ext)) return row.mime;
  return "application/octet-stream";
}

std::string mime_extension(std::string_view mime) {
  struct { const char* mime; const char* ext; } table[] = {
      {"image/jpeg", ".jpg"}, {"image/png", ".png"}, {"image/gif", ".gif"}, {"image/webp", ".webp"},
      {"image/heic", ".heic"}, {"image/avif", ".avif"}, {"image/tiff", ".tif"}, {"image/bmp", ".bmp"},
      {"video/mp4", ".mp4"}, {"video/quicktime", ".mov"}, {"video/webm", ".webm"}, {"audio/mp4", ".m4a"},
      {"audio/mpeg", ".mp3"}, {"audio/ogg", ".ogg"}, {"audio/wav", ".wav"}, {"application/pdf", ".pdf"},
      {"application/zip", ".zip"}, {"application/json", ".json"}, {"text/csv", ".csv"}, {"text/html", ".html"},
      {"text/plain", ".txt"}, {"text/calendar", ".ics"}, {"text/vcard", ".vcf"}};
  for (const auto& row : table)
    if (mime == row.mime) return row.ext;
  return "";
}

MediaRef Sink::media_stream(Stream& s, std::string_view name) {
  Hasher h;
  std::string head;
  ChunkBuffer buf(size_t{1} << 16);
  while (size_t n = s.read(buf.data(), buf.size())) {
    if (head.size() < 4096) head.append(buf.data(), std::min(n, 4096 - head.size()));
    h.update(buf.data(), n);
  }
  MediaRef ref;
  ref.size = h.size();
  ref.sha256 = h.hex();
  ref.mime = sniff_mime(head, name);
  return ref;
}

namespace {

// A run killed before it committed leaves its ".incoming-PID-*" temporary files behind; the next
// run removes those whose process is gone (a live one may be another ingest at work).
void sweep_incoming(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(".incoming-", 0) != 0) continue;
    long pid = std::strtol(name.c_str() + 10, nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

// True when the stored copy at `path` has the given size and SHA-256 (a damaged copy has not).
bool intact(const std::string& path, int64_t size, const std::string& sha256) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || static_cast<int64_t>(fs::file_size(path, ec)) != size || ec) return false;
  FileHash h = sha256_file(path);
  return h.error.empty() && h.hex == sha256;
}

// The journal of this process: one per process, as only one ingest runs in a process.
std::string journal_name() { return ".staged-" + std::to_string(::getpid()); }

}  // namespace

void sync_folder(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int err = fd < 0 ? errno : ::fsync(fd) != 0 ? errno : 0;
  if (fd >= 0) ::close(fd);
  if (err) throw_output(dir, std::string("cannot sync the folder to disk: ") + std::strerror(err) +
                                (err == ENOSPC ? " (the disk is full)" : ""));
}

MediaStore::MediaStore(std::string dir) : dir_(std::move(dir)) { sweep_incoming(dir_); }

MediaStore::~MediaStore() {
  if (journal_ >= 0) ::close(journal_);
}

void MediaStore::journal(const std::string& final_path) {
  if (journal_ < 0) {
    std::string path = (fs::path(dir_) / journal_name()).string();
    journal_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (journal_ < 0) throw_output(path, std::string("cannot write the media journal: ") + std::strerror(errno));
  }
  // Written before the rename: a run killed after it leaves a journal naming the file.
  std::string line = fs::path(final_path).lexically_relative(dir_).generic_string() + "\n";
  if (::write(journal_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw_output(dir_, std::string("cannot write the media journal: ") + std::strerror(errno) +
                          (errno == ENOSPC ? " (the disk is full)" : ""));
}

void MediaStore::close_journal() {
  if (journal_ < 0) return;
  ::close(journal_);
  journal_ = -1;
  std::error_code ec;
  fs::remove(fs::path(dir_) / journal_name(), ec);
}

bool MediaStore::sync() {
  if (!unsynced_) return false;
  // One syncfs() of the media store's file system instead of an fsync() per file: the files'
  // bytes, their names, their folders and the journal reach the disk together, once. Each fsync
  // is a disk cache flush (1-10 ms on a laptop SSD), so a Takeout of 100,000 photos spent minutes
  // in them; here 25,000 photos made 25,259 fsync calls (strace). syncfs also writes what other
  // programs left dirty on that file system, and reports a write-back error since Linux 5.8.
  int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int err = fd < 0 ? errno : ::syncfs(fd) != 0 ? errno : 0;
  if (fd >= 0) ::close(fd);
  if (err) throw_output(dir_, std::string("cannot write the media to disk: ") + std::strerror(err) +
                                 (err == ENOSPC ? " (the disk is full)" : ""));
  unsynced_ = false;
  return true;
}

void MediaStore::keep_new() {
  created_.clear();
  close_journal();
}

int64_t MediaStore::sweep_staged(const std::function<std::set<std::string>(const std::set<std::string>&)>& referenced) {
  std::vector<fs::path> journals;
  std::set<std::string> named;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(".staged-", 0) != 0 || name == journal_name()) continue;
    long pid = std::strtol(name.c_str() + 8, nullptr, 10);
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive: not ours to judge
    journals.push_back(it->path());
    std::ifstream in(it->path());
    for (std::string line; std::getline(in, line);) {
      // "ab/ab12...": anything else in a journal is not a path this store wrote.
      if (line.size() == 67 && line[2] == '/' && line.compare(0, 2, line, 3, 2) == 0 && is_sha256_hex(line.substr(3)))
        named.insert(line.substr(3));
    }
  }
  int64_t removed = 0;
  if (!named.empty()) {
    std::set<std::string> keep = referenced(named);
    for (const std::string& sha : named)
      if (!keep.count(sha) && fs::remove(path_of(sha), ec)) ++removed;
  }
  for (const fs::path& j : journals) fs::remove(j, ec);
  return removed;
}

std::string MediaStore::path_of(const std::string& sha256) const {
  return (fs::path(dir_) / sha256.substr(0, 2) / sha256).string();
}

MediaRef MediaStore::put(Stream& s, std::string_view name, bool write) {
  Hasher h;
  std::string head;
  std::FILE* f = nullptr;
  std::string tmp;
  if (write) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw_output(dir_, "cannot create the media folder: " + ec.message());
    // O_EXCL (mkostemp), named by our PID so that a later run can tell an orphan from a live file.
    std::string pattern = (fs::path(dir_) / (".incoming-" + std::to_string(::getpid()) + "-XXXXXX")).string();
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) throw_output(dir_, std::string("cannot write media: ") + std::strerror(errno));
    tmp = path.data();
    f = ::fdopen(fd, "wb");
    if (!f) {
      ::close(fd);
      ::unlink(tmp.c_str());
      throw_output(tmp, std::string("cannot write: ") + std::strerror(errno));
    }
  }
  ChunkBuffer buf;
  try {
    while (size_t n = s.read(buf.data(), buf.size())) {
      h.update(buf.data(), n);
      if (head.size() < 64) head.append(buf.data(), std::min<size_t>(n, 64 - head.size()));
      if (f && std::fwrite(buf.data(), 1, n, f) != n)
        throw_output(dir_, std::string("cannot store media: ") + std::strerror(errno) + (errno == ENOSPC ? " (the disk is full)" : ""));
    }
  } catch (...) {
    if (f) {
      std::fclose(f);
      fs::remove(tmp);
    }
    throw;
  }
  MediaRef ref;
  ref.size = h.size();
  ref.sha256 = h.hex();
  ref.mime = sniff_mime(head, name);
  if (f) {
    // A full disk said as such. On disk before the database says it is there: sync(), once for
    // every file the run wrote.
    int err = std::fflush(f) != 0 ? errno : 0;
    if (std::fclose(f) != 0 && !err) err = errno;
    if (err) {
      fs::remove(tmp);
      throw_output(dir_, std::string("cannot store media: ") + std::strerror(err) +
                            (err == ENOSPC ? " (the disk is full)" : ""));
    }
    std::string final_path = path_of(ref.sha256);
    std::error_code ec;
    if (fs::exists(final_path, ec) && intact(final_path, ref.size, ref.sha256)) {
      fs::remove(tmp, ec);  // one copy per distinct file
    } else if (fs::exists(final_path, ec)) {
      // A damaged copy (changed on disk since) is repaired by this good one.
      fs::rename(tmp, final_path, ec);
      if (ec) {
        fs::remove(tmp);
        throw_output(final_path, "cannot repair the damaged media copy: " + ec.message());
      }
      unsynced_ = true;
    } else {
      fs::create_directories(fs::path(final_path).parent_path(), ec);
      try {
        journal(final_path);
      } catch (...) {
        fs::remove(tmp, ec);
        throw;
      }
      fs::rename(tmp, final_path, ec);
      if (ec) {
        fs::remove(tmp);
        throw_output(final_path, "cannot store media: " + ec.message());
      }
      created_.push_back(*Sha256::parse(ref.sha256));  // Hasher::hex(): always parses
      unsynced_ = true;
    }
  }
  return ref;
}

void MediaStore::discard_new() {
  std::error_code ec;
  for (const Sha256& d : created_) fs::remove(path_of(d.hex()), ec);
  created_.clear();
  close_journal();
}

}  // namespace dataport
