// BagIt text formats (RFC 8493): payload and tag manifests, bag-info.txt, and the percent
// encoding of manifest paths, whose round trip must be exact.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "bagit/bagit.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> problems;
  for (size_t hex : {size_t{64}, size_t{128}}) {
    auto lines = parse_bag_manifest(text, "manifest-sha256.txt", hex, problems);
    for (const ManifestLine& l : lines) {
      if (l.digest.size() != hex) fuzz::finding("a manifest line kept a digest of the wrong length");
      if (l.path.empty() || l.path[0] == '/' || ("/" + l.path + "/").find("/../") != std::string::npos)
        fuzz::finding("a manifest line kept an unsafe path: " + l.path);
    }
  }
  BagInfo info = parse_bag_info(text, problems);
  bag_info_value(info, "Payload-Oxum");
  if (bag_decode_path(bag_encode_path(text)) != text) fuzz::finding("bag_encode_path does not round trip");
  return 0;
}
