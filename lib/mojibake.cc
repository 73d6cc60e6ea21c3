#include "lib/mojibake.h"

#include <cstdint>

#include "lib/text.h"

namespace dataport {

namespace {

// Turns the code points of `s` into bytes when all are below U+0100; false otherwise (or when
// `s` is not UTF-8, or holds nothing above ASCII, which needs no repair). Most strings are ASCII:
// they are only scanned, and runs of ASCII are copied whole.
bool to_latin1_bytes(std::string_view s, std::string& bytes) {
  bytes.clear();
  size_t i = 0;
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  if (i == s.size()) return false;
  bytes.reserve(s.size());
  bytes.append(s.data(), i);
  bool high = false;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      size_t run = i;
      while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
      bytes.append(s.data() + run, i - run);
      continue;
    }
    // Only two-byte sequences C2 xx / C3 xx encode U+0080..U+00FF.
    if ((c != 0xC2 && c != 0xC3) || i + 1 >= s.size()) return false;
    auto d = static_cast<unsigned char>(s[i + 1]);
    if ((d & 0xC0) != 0x80) return false;
    bytes += static_cast<char>(((c & 0x1F) << 6) | (d & 0x3F));
    high = true;
    i += 2;
  }
  return high;
}

}  // namespace

bool is_mojibake(std::string_view s) {
  std::string bytes;
  return to_latin1_bytes(s, bytes) && valid_utf8(bytes);
}

std::string fix_mojibake(std::string_view s) {
  std::string bytes;
  // Correct text such as "Café" written as U+00E9 gives the byte E9 alone, which is not UTF-8:
  // it is kept as it is.
  if (to_latin1_bytes(s, bytes) && valid_utf8(bytes)) return bytes;
  return std::string(s);
}

}  // namespace dataport
