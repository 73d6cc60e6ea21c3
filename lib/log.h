#pragma once
// Talk on stderr: warnings (a record or a file skipped), notes, and progress. Data never goes
// here; stdout is for data. Warnings are counted so a command can exit "partial" (3).

#include <cstdint>
#include <string>
#include <vector>

namespace dataport {

/// How much a command says on stderr.
enum class Verbosity { quiet, normal, verbose };

/// Collects and prints warnings and notes. Not thread-safe: one per run.
class Log {
 public:
  explicit Log(Verbosity v = Verbosity::normal, bool to_stderr = true);
  /// A record or row skipped, with its location (archive, path, line or pointer).
  void warn(const std::string& where, const std::string& what);
  /// Like warn, and the run becomes partial: a file the importer claims could not be read.
  void partial(const std::string& where, const std::string& what);
  /// Something worth saying once (normal verbosity).
  void note(const std::string& what);
  /// Detail for --verbose.
  void debug(const std::string& what);

  /// Number of warnings (partial ones included).
  int64_t warnings() const { return warnings_; }
  /// True when some claimed input could not be read.
  bool is_partial() const { return partial_; }
  /// The first warnings, kept for --json summaries (at most 1000).
  const std::vector<std::string>& kept() const { return kept_; }
  Verbosity verbosity() const { return verbosity_; }

 private:
  void emit(const std::string& line, bool always);
  Verbosity verbosity_;
  bool to_stderr_;
  bool partial_ = false;
  int64_t warnings_ = 0;
  std::vector<std::string> kept_;
};

}  // namespace dataport
