// The Bluesky repository layer (lib/car.h): the input as a CAR v1 file, every block's CID checked
// and its bytes decoded as DAG-CBOR; and the input as one DAG-CBOR value. Only Error may come
// out; a decoded value must print as JSON (valid UTF-8), and a link must read back as its CID.

#include <cstdint>
#include <string>

#include "fuzz/fuzz.h"
#include "lib/archive.h"
#include "lib/car.h"
#include "lib/hash.h"

using namespace dataport;

namespace {

void check_links(const json& v) {
  if (v.is_object()) {
    if (v.size() == 1 && v.contains("$link")) {
      const std::string& text = v["$link"].get_ref<const std::string&>();
      auto raw = cid_from_text(text);
      if (!raw || cid_text(*raw) != text) fuzz::finding("a decoded link does not read back as its CID: " + text);
    }
    for (const auto& [k, x] : v.items()) check_links(x);
  } else if (v.is_array()) {
    for (const json& x : v) check_links(x);
  }
}

void decode(std::string_view bytes) {
  try {
    json v = decode_dag_cbor(bytes, "fuzz");
    v.dump();  // throws on a string that is not UTF-8: a finding, as it is not an Error
    check_links(v);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  decode(text);
  MemoryStream s{text};
  try {
    CarReader car(s, "fuzz.car");
    for (const std::string& r : car.roots())
      if (!parse_cid(r)) fuzz::finding("a CAR root that is not a CID");
    CarBlock b;
    int64_t last = 0;
    while (car.next(b)) {
      if (b.number != last + 1) fuzz::finding("blocks not numbered in order");
      last = b.number;
      auto info = parse_cid(b.cid);
      if (!info || info->size != b.cid.size()) fuzz::finding("a block whose CID does not parse");
      // A block the reader calls good must hash to the digest its CID names. Not compared with
      // cid_of(), which writes a CIDv1 with the shortest varints: the reader also takes a CIDv0
      // (the bare multihash) and longer varints.
      if (b.bad.empty() && info && info->hash == 0x12 && sha256_raw(b.data) != info->digest)
        fuzz::finding("a block passed its check with another hash");
      decode(b.data);
    }
  } catch (const Error&) {
  }
  return 0;
}
