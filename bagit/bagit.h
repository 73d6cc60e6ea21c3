#pragma once
// BagIt 1.0 (RFC 8493): the text formats of a bag (manifests, bag-info.txt) and the check of a
// whole bag, as a folder, a zip or a tar.gz, in one streamed pass. The portable bundle
// (exporters/bundle.cc) writes bags, `dataport verify` and the bundle importer read them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// The file name of the provenance credential a signed bundle carries beside its tag files.
inline constexpr const char* bag_provenance_file = "provenance-credential.json";
/// The payload manifest algorithms dataport writes and checks.
inline constexpr const char* bag_algorithms[] = {"sha256", "sha512"};

/// A manifest path with CR, LF and '%' percent-encoded (section 2.1.3).
std::string bag_encode_path(std::string_view path);
/// The reverse of bag_encode_path (only %0D, %0A and %25 are decoded, in either case).
std::string bag_decode_path(std::string_view path);

/// One manifest line: a checksum and the path it covers.
struct ManifestLine {
  std::string digest;  ///< lower-cased hex
  std::string path;    ///< decoded
  int line = 0;
};
/// Parses a manifest (`<hex> <path>` lines, a '*' before the path tolerated). Malformed lines,
/// unsafe paths and duplicates become problems ("NAME line N: ...").
std::vector<ManifestLine> parse_bag_manifest(std::string_view text, const std::string& name, size_t hex_len,
                                             std::vector<std::string>& problems);

/// bag-info.txt as ordered (label, value) pairs, continuation lines joined with a space.
using BagInfo = std::vector<std::pair<std::string, std::string>>;
/// Parses bag-info.txt; lines that are neither `Label: value` nor a continuation are problems.
BagInfo parse_bag_info(std::string_view text, std::vector<std::string>& problems);
/// The first value of a label (case-insensitive), or "".
std::string bag_info_value(const BagInfo& info, std::string_view label);
/// One `Label: value` line (a value with newlines continues on indented lines).
std::string bag_info_line(std::string_view label, std::string_view value);

class Archive;
/// The base folder of the one bag in an archive: "" when bagit.txt is at the top, "name/" when
/// it is in one top-level folder (a serialised bag). nullopt when there is none; `count` says
/// how many were found (more than one is not a bag either).
std::optional<std::string> bag_base(const Archive& arc, size_t* count = nullptr);

/// What `verify_bag` is asked to check beyond the bag itself.
struct BagVerifyOptions {
  int64_t now = 0;              ///< Unix seconds, for the provenance credential's validity
  std::string issuer;           ///< when set, the provenance credential must be issued by this did:key
  bool require_signature = false;
  /// Called as bytes are hashed: bytes done, bytes in all (from the headers), the entry's path.
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};

/// The outcome of a bag check.
struct BagReport {
  bool valid() const { return problems.empty(); }
  std::vector<std::string> problems;  ///< "path: what is wrong", in the order found
  std::string base;                   ///< the bag's base folder inside the archive ("" at the root)
  BagInfo info;
  int64_t payload_files = 0, payload_bytes = 0;
  std::vector<std::string> algorithms;  ///< payload manifests found
  bool signed_ = false;                 ///< a provenance credential is present and valid
  std::string signer;                   ///< its issuer (did:key)
  std::string signed_at;                ///< its validFrom
  /// Files of a signed bag that the signature does not reach: tag files that
  /// tagmanifest-sha256.txt (what the credential signs) does not list.
  std::vector<std::string> unsigned_files;
};

/// Checks a bag given as one or more paths (a folder, a zip, a tar.gz): bagit.txt, every
/// manifest line and checksum, that payload files and manifests agree, Payload-Oxum, the tag
/// manifests, bag-info.txt syntax, and the provenance credential when present. Reads each file
/// once. Throws Error only when the archive itself cannot be read.
BagReport verify_bag(const std::vector<std::string>& paths, const BagVerifyOptions& opt);

}  // namespace dataport
