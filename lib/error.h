#pragma once
// Errors and exit codes. One exception type stops a run (DESIGN.md); what only skips a record
// goes through Log::warn instead.

#include <stdexcept>
#include <string>

namespace dataport {

/// Process exit codes shared by every command.
enum ExitCode : int { exit_ok = 0, exit_error = 1, exit_usage = 2, exit_partial = 3, exit_interrupted = 130 };

/// What stops a run: `where` is the archive and the path inside it (or a file, or a command),
/// `what` a lower-case sentence, `hint` an optional suggestion printed on its own line.
class Error : public std::runtime_error {
 public:
  Error(std::string where, std::string what, std::string hint = "");
  const std::string& where() const { return where_; }
  const std::string& message() const { return what_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string where_, what_, hint_;
};

/// The output cannot be written: the store or the media folder (disk full, an I/O error, a
/// trigger that refuses). Like Interrupted, deliberately not an Error nor a std::exception, so no
/// per-file or per-item boundary of an importer can catch it and go on (a file is not "failed"
/// for the store's fault): it unwinds to the command, rolling back on the way, and is reported as
/// its `error`.
struct OutputFailure {
  Error error;
};

/// Throws OutputFailure{Error(where, what, hint)}.
[[noreturn]] void throw_output(std::string where, std::string what, std::string hint = "");

/// Thrown when SIGINT, SIGTERM or SIGHUP asks a run to stop. Deliberately not an Error nor a
/// std::exception, so no per-file or per-record boundary can catch it and go on: it unwinds to
/// the command, rolling back on the way (an ingest once went on and committed after Ctrl-C).
struct Interrupted {
  std::string where;  ///< the archive or database being worked on
};

/// Formats "where: what" (or just "what" when where is empty), as printed after "dataport: error: ".
std::string describe(const Error& e);

}  // namespace dataport
