#pragma once
// Progress on a terminal: bytes done of the total with a percentage, the rate and the time left,
// redrawn on one stderr line at most ten times a second, then one summary line. Nothing at all
// when stderr is not a terminal or with --quiet, so pipes and logs stay clean.

#include <chrono>
#include <cstdint>
#include <string>

#include "cli/commands.h"

namespace dataport {

/// One progress line for one piece of long work.
class Progress {
 public:
  /// `what` names the work ("ingest", "verify"); `total` is in bytes (0 = unknown).
  Progress(const Context& ctx, std::string what, int64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  /// True when it draws anything (stderr is a terminal and not --quiet).
  bool shown() const { return shown_; }
  /// Sets the total once it is known.
  void set_total(int64_t total) { total_ = total; }
  /// Bytes done so far; `detail` (a path) is shown after the figures.
  void update(int64_t done, const std::string& detail = "");
  /// Clears the line and prints "dataport: WHAT: SIZE in S s, RATE" plus `extra` (when bytes were counted).
  void finish(const std::string& extra = "");
  /// The line update() draws, without the terminal codes (tests call it with a fixed clock).
  static std::string line(const std::string& what, int64_t done, int64_t total, double seconds,
                          const std::string& detail);

 private:
  std::string what_;
  int64_t total_ = 0, done_ = 0;
  bool shown_ = false, drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace dataport
