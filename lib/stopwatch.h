#pragma once
// Seconds between laps (a steady clock): what `audit -v` and `ingest -v` say their sections and
// phases took.

#include <chrono>

namespace dataport {

class Stopwatch {
 public:
  /// The seconds since the last lap (or since it was made), and a new lap from now.
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace dataport
