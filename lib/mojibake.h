#pragma once
// Repairs "Latin-1 mojibake": UTF-8 text whose bytes were each written out as one code point
// (Meta's JSON exports write "é" as "\u00c3\u00a9", formats.md §1.2). The repair is safe on text
// that is already correct: it only applies when every code point is below U+0100 and the bytes
// they stand for form valid UTF-8 with at least one multi-byte sequence.

#include <string>
#include <string_view>

namespace dataport {

/// True when `s` (valid UTF-8) reads as mojibake that fix_mojibake would change.
bool is_mojibake(std::string_view s);
/// The repaired text ("CafÃ©" -> "Café", "ð\u009f\u0098\u0085" -> "😅"), or `s` unchanged.
std::string fix_mojibake(std::string_view s);

}  // namespace dataport
