#include "exporters/output.h"

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

}  // namespace dataport
