#pragma once
// Writing nlohmann json as compact text, fast: every record's `data` is serialised on its way into
// the store, and nlohmann's serializer (a virtual call per character, a digit-by-digit integer
// path) was a tenth of an ingest.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dataport {

/// Appends exactly what j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) returns:
/// keys in the object's order, nlohmann's number forms, its escapes, and U+FFFD for invalid UTF-8
/// (a string that is not valid UTF-8, and a binary value, are written by nlohmann itself).
void dump_compact(const nlohmann::json& j, std::string& out);
std::string dump_compact(const nlohmann::json& j);

/// Appends s as a JSON string, escaped as nlohmann and RFC 8785 (JCS) both escape it: `"`, `\`,
/// \b \t \n \f \r, other C0 controls as \u00xx; every other byte as it is. The caller makes
/// sure s is valid UTF-8. True when s has a byte of 0x80 or more (then it is worth checking).
bool append_json_string(std::string& out, std::string_view s);

}  // namespace dataport
