#pragma once
// Small string helpers shared by importers, exporters and the command line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dataport {

/// Drops an incomplete UTF-8 sequence at the end of `s` (what a byte-counted cut leaves).
void cut_utf8_tail(std::string& s);

/// Removes ASCII white space (and U+00A0, U+202F) from both ends.
std::string_view trim(std::string_view s);
/// ASCII lower case.
std::string lower(std::string_view s);
/// Splits on one character; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);
/// Calls fn with each field split() would give, as a view into s: nothing copied (a loop over
/// the fields of a constant, once a row).
template <typename Fn>
void each_field(std::string_view s, char sep, Fn&& fn) {
  for (size_t start = 0;;) {
    size_t end = s.find(sep, start);
    fn(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}
/// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);
/// Drops a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view s);
/// True when s is well-formed UTF-8.
bool valid_utf8(std::string_view s);
/// Appends one code point as UTF-8 (the caller gives a valid scalar value, or U+FFFD).
void append_utf8(std::string& out, uint32_t cp);
/// Latin-1 bytes as UTF-8: each byte is its own code point.
std::string latin1_to_utf8(std::string_view s);
/// Replaces every malformed UTF-8 sequence with U+FFFD, so JSON output never fails.
std::string repair_utf8(std::string_view s);
/// How many malformed sequences this thread has replaced with U+FFFD so far (repair_utf8 and the
/// CSV decoders count each one). The ingest pipeline reads the difference between two records, so
/// a repair is noticed where it happened and text that really holds U+FFFD is not taken for one.
int64_t utf8_replacements();
/// Counts one replacement made outside repair_utf8 (a decoder that emits U+FFFD itself).
void count_utf8_replacement();
/// Lower-case snake_case of a label ("Connected On" -> "connected_on", "inviterProfileUrl" -> "inviter_profile_url").
std::string snake_case(std::string_view label);
/// Cuts to at most n code points, adding "…" when cut; never splits a UTF-8 sequence.
std::string ellipsize(std::string_view s, size_t n);
/// Number of code points (display width approximation for tables).
size_t utf8_length(std::string_view s);
/// The last path component ("a/b/c.csv" -> "c.csv").
std::string_view basename(std::string_view path);
/// A byte count for people, in powers of 1000 ("1.2 MB").
std::string human_bytes(int64_t n);
/// Appends v as printf("%.*f", digits, v) writes it (C locale), without printf.
void append_fixed(std::string& out, double v, int digits);
/// Appends n in decimal, as std::to_string(n) writes it, without a string of its own.
void append_int(std::string& out, int64_t n);
/// Replaces every occurrence of `from` by `to`.
std::string replace_all(std::string s, std::string_view from, std::string_view to);

}  // namespace dataport
