#pragma once
// Reading a Stream a block at a time, for the scanners that walk a byte at a time over a window
// (JsonArrayScanner).

#include <string>

#include "lib/archive.h"

namespace dataport {

/// The next block of a stream read a block at a time: `buf` refilled with up to 256 KiB and `pos`
/// reset; false (and `eof` set) at the end of the stream.
inline bool next_block(Stream& s, std::string& buf, size_t& pos, bool& eof) {
  if (eof) return false;
  buf.resize(256 * 1024);
  buf.resize(s.read(buf.data(), buf.size()));
  pos = 0;
  eof = buf.empty();
  return !eof;
}

}  // namespace dataport
