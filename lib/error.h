#pragma once
// Errors and exit codes. One exception type stops a run (DESIGN.md); what only skips a record
// goes through Log::warn instead.

#include <stdexcept>
#include <string>

namespace dataport {

/// Process exit codes shared by every command.
enum ExitCode : int { exit_ok = 0, exit_error = 1, exit_usage = 2, exit_partial = 3 };

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

/// Formats "where: what" (or just "what" when where is empty), as printed after "dataport: error: ".
std::string describe(const Error& e);

}  // namespace dataport
