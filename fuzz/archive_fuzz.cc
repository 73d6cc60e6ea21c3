// The archive reader over arbitrary bytes: listing (zip, tar and its compressions, 7z), path
// checks, nested zips, and reading every entry under tight limits. Only Error may come out. An
// entry gives the same bytes whatever was read before it: read whole in listing order, read whole
// after its head (of which the head is the start), and streamed again in small reads.

#include <cstdint>
#include <map>
#include <string>

#include "fuzz/fuzz.h"
#include "lib/archive.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = fuzz::scratch() + "/input.zip";
  if (!fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
  ArchiveLimits limits;
  limits.max_entry_size = 4 << 20;
  limits.max_total_size = 16 << 20;
  limits.ratio_after = 1 << 20;
  limits.max_read_whole = 4 << 20;
  limits.max_entries = 4096;
  try {
    Archive in({path}, limits);
    std::map<const Entry*, std::string> in_order;
    int read = 0;
    for (const Entry& e : in.entries()) {
      if (e.link || e.junk) continue;
      try {
        in_order[&e] = in.read(e);
      } catch (const Error&) {
      }
      if (++read == 64) break;
    }
    read = 0;
    for (const Entry& e : in.entries()) {
      if (e.link || e.junk) continue;
      // What the listing promises: relative, normalised paths that never leave the archive.
      if (e.path.empty() || e.path[0] == '/' || ("/" + e.path + "/").find("/../") != std::string::npos ||
          ("/" + e.path + "/").find("/./") != std::string::npos || e.path.find('\0') != std::string::npos)
        fuzz::finding("an unsafe entry path was listed: " + e.path);
      try {
        std::string head = in.head(e, 64);
        std::string whole = in.read(e);
        if (head != whole.substr(0, 64))
          fuzz::finding("entry " + e.path + ": its head is not the start of its bytes read whole");
        if (auto it = in_order.find(&e); it != in_order.end() && it->second != whole)
          fuzz::finding("entry " + e.path + " read in listing order gives " + std::to_string(it->second.size()) +
                        " bytes other than the " + std::to_string(whole.size()) + " read after its head");
        auto s = in.open(e);
        std::string streamed;
        char buf[4096];
        while (size_t n = s->read(buf, sizeof buf)) streamed.append(buf, n);
        if (streamed != whole)
          fuzz::finding("entry " + e.path + " streamed gives " + std::to_string(streamed.size()) +
                        " bytes other than the " + std::to_string(whole.size()) + " read whole");
      } catch (const Error&) {
      }
      if (++read == 64) break;
    }
    in.find_suffix(".json");
  } catch (const Error&) {
  }
  return 0;
}
