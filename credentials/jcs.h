#pragma once
// JSON Canonicalization Scheme (RFC 8785): the byte-exact JSON that Data Integrity proofs
// (eddsa-jcs-2022) sign. nlohmann's dump() is not JCS: it prints 1.0 as "1.0", 1e-7 as "1e-07",
// keeps integers above 2^53 exact and sorts keys by UTF-8 bytes.

#include <string>
#include <string_view>

#include "lib/record.h"

namespace dataport {

/// The canonical form of `v`: no white space, members sorted by UTF-16 code units, numbers as
/// ECMAScript prints doubles. Throws Error on NaN, infinity or a string that is not UTF-8.
std::string jcs(const json& v);
/// One number as ECMAScript's Number.prototype.toString prints it ("1e+21", "0.000001", "-0" -> "0").
std::string jcs_number(double d);
/// Parses I-JSON strictly for signing and verifying: duplicate member names, lone surrogates and
/// malformed UTF-8 are errors (Error(where, ...)), not silently resolved.
json parse_json_strict(std::string_view text, const std::string& where);
/// The member `key` of `obj` when `obj` is an object and the member a string, else "". For
/// documents from outside: nlohmann's obj.value(key, "") throws on a member of another type.
std::string string_member(const json& obj, const char* key);

}  // namespace dataport
