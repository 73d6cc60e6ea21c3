#pragma once
// What every libFuzzer target shares: a private scratch folder, a quiet Log, and the rule that
// only dataport::Error may leave a parser (anything else, a crash or a sanitizer report is a
// finding). Targets are built by `make fuzz` (fuzz/CMakeLists.txt) and run by fuzz/run.sh.

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "lib/archive.h"
#include "lib/error.h"
#include "lib/log.h"

namespace dataport::fuzz {

/// A folder of this process's own under $TMPDIR, created on first use and emptied on request.
inline const std::string& scratch() {
  static const std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    std::filesystem::path p = std::filesystem::path(t && *t ? t : "/tmp") /
                              ("dataport-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(p);
    return p.string();
  }();
  return dir;
}

/// An empty folder `name` in the scratch folder (emptied when it is there already).
inline std::filesystem::path fresh_dir(const std::string& name) {
  std::filesystem::path p = std::filesystem::path(scratch()) / name;
  std::error_code ec;
  std::filesystem::remove_all(p, ec);
  std::filesystem::create_directories(p, ec);
  if (ec) {
    std::fprintf(stderr, "dataport fuzz: the scratch folder %s cannot be made: %s\n", p.c_str(), ec.message().c_str());
    std::abort();
  }
  return p;
}

/// Writes bytes to a file, creating its parents; false when the name cannot be made on disk.
inline bool write_file(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return false;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

/// Stops the run with a message libFuzzer shows beside the crash input: a property broke.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "dataport fuzz finding: %s\n", what.c_str());
  std::abort();
}

/// Hands a text out in reads of 1 to 7 bytes (sizes taken from the text itself), as a
/// decompressor may: a token, a field or a character then spans many reads. A reader must give
/// the same result as from one read of the whole.
class ShortReads : public Stream {
 public:
  explicit ShortReads(std::string_view d) : d_(d) {}
  size_t read(char* buf, size_t n) override {
    size_t k = std::min({n, d_.size() - p_, size_t{1} + (p_ < d_.size() ? d_[p_] & 7 : 0)});
    std::copy(d_.data() + p_, d_.data() + p_ + k, buf);
    p_ += k;
    return k;
  }

 private:
  std::string_view d_;
  size_t p_ = 0;
};

/// A Log that keeps its warnings to itself.
inline Log quiet_log() { return Log(Verbosity::quiet, false); }

}  // namespace dataport::fuzz
