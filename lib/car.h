#pragma once
// Content-addressed data as IPLD writes it (docs/formats/bluesky.md): CIDs, DAG-CBOR values and
// CAR v1 files, read over a Stream with every block's CID checked against its bytes. Bounded in
// depth, item counts and sizes: hostile input is an Error, never a crash or a huge allocation.
// Format-level only: which blocks mean what belongs to the importer (importers/bluesky.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/record.h"

namespace dataport {

/// The parts of a binary CID (v0 or v1).
struct CidInfo {
  uint64_t version = 1;
  uint64_t codec = 0;      ///< 0x71 dag-cbor, 0x55 raw, 0x70 dag-pb
  uint64_t hash = 0;       ///< multihash code: 0x12 sha2-256, 0x00 identity
  std::string digest;      ///< the multihash digest, raw
  size_t size = 0;         ///< bytes the CID took
};

/// Parses the binary CID at the start of `bytes`; nullopt when it is not one (or is truncated).
std::optional<CidInfo> parse_cid(std::string_view bytes);
/// The text form of a binary CID: "b" + base32 lower case for v1 ("bafyrei..."), base58btc for v0
/// ("Qm...").
std::string cid_text(std::string_view binary);
/// The binary CID of a text form ("bafy...", "Qm..."); nullopt when it is not a well-formed one.
std::optional<std::string> cid_from_text(std::string_view text);
/// The binary CIDv1 (dag-cbor or another codec, sha2-256) of `bytes`.
std::string cid_of(std::string_view bytes, uint64_t codec = 0x71);

/// Bounds on one DAG-CBOR value.
struct DagCborLimits {
  int max_depth = 64;                    ///< nesting of arrays and maps
  size_t max_items = 1 << 20;            ///< array elements and map entries, all together
  size_t max_string = size_t{16} << 20;  ///< one text or byte string
};

/// Decodes one DAG-CBOR value (the whole of `bytes`) to JSON the way atproto writes it as JSON:
/// a link (tag 42) is {"$link": "<cid text>"}, a byte string {"$bytes": "<base64>"}. Refuses
/// indefinite lengths, tags other than 42, non-text or duplicate map keys, undefined, NaN and
/// infinities, and trailing bytes. Throws Error(where, ...).
json decode_dag_cbor(std::string_view bytes, const std::string& where, const DagCborLimits& limits = {});

/// Bounds on a CAR file.
struct CarLimits {
  size_t max_header = 1 << 20;             ///< the header's bytes
  size_t max_block = size_t{16} << 20;     ///< one block (CID and bytes)
  int64_t max_blocks = 50'000'000;         ///< blocks in the file
};

/// One block of a CAR file.
struct CarBlock {
  std::string cid;         ///< binary
  std::string data;        ///< the block's bytes
  int64_t number = 0;      ///< 1-based position in the file
  int64_t offset = 0;      ///< byte offset of its length varint
  std::string bad;         ///< why its CID does not match its bytes ("" when it does)
};

/// Reads a CAR v1 file block by block, holding one block at a time.
class CarReader {
 public:
  /// Reads the header; throws Error(where, ...) when it is not a CAR v1 header.
  CarReader(Stream& s, std::string where, CarLimits limits = {});
  /// The header's roots (binary CIDs).
  const std::vector<std::string>& roots() const { return roots_; }
  /// The next block, its CID checked against its bytes (`bad` says how it fails); false at the end.
  /// Throws Error on broken framing (a truncated block, a length past the bounds).
  bool next(CarBlock& b);
  /// "<where>: block N at byte X (cid)" for messages.
  std::string where(const CarBlock& b) const;

 private:
  bool read_varint(uint64_t& v, bool eof_ok);
  void read_exact(std::string& out, size_t n);
  int get();
  Stream& s_;
  std::string where_;
  CarLimits limits_;
  std::vector<std::string> roots_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  int64_t offset_ = 0, blocks_ = 0;
};

}  // namespace dataport
