#include "lib/error.h"

namespace dataport {

static std::string join_where(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + ": " + what;
}

Error::Error(std::string where, std::string what, std::string hint)
    : std::runtime_error(join_where(where, what)),
      where_(std::move(where)),
      what_(std::move(what)),
      hint_(std::move(hint)) {}

std::string describe(const Error& e) { return join_where(e.where(), e.message()); }

void throw_output(std::string where, std::string what, std::string hint) {
  throw OutputFailure{Error(std::move(where), std::move(what), std::move(hint))};
}

}  // namespace dataport
