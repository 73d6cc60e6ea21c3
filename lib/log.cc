#include "lib/log.h"

#include <cstdio>

namespace dataport {

namespace {
// Past this many warnings a run only counts them: a broken 10 GB file must not flood the terminal.
constexpr int64_t printed_warnings_max = 200;
constexpr size_t kept_warnings_max = 1000;
}  // namespace

Log::Log(Verbosity v, bool to_stderr) : verbosity_(v), to_stderr_(to_stderr) {}

void Log::emit(const std::string& line, bool always) {
  if (!to_stderr_) return;
  if (verbosity_ == Verbosity::quiet && !always) return;
  std::fprintf(stderr, "%s\n", line.c_str());
}

void Log::warn(const std::string& where, const std::string& what) {
  ++warnings_;
  std::string line = where.empty() ? what : where + ": " + what;
  if (kept_.size() < kept_warnings_max) kept_.push_back(line);
  if (warnings_ <= printed_warnings_max) {
    emit("dataport: warning: " + line, false);
  } else if (warnings_ == printed_warnings_max + 1) {
    emit("dataport: warning: more warnings follow; only their count is reported", false);
  }
}

void Log::partial(const std::string& where, const std::string& what) {
  partial_ = true;
  warn(where, what);
}

void Log::note(const std::string& what) { emit("dataport: " + what, false); }

void Log::debug(const std::string& what) {
  if (verbosity_ == Verbosity::verbose) emit("dataport: " + what, false);
}

}  // namespace dataport
