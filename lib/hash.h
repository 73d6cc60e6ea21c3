#pragma once
// SHA-2 digests through OpenSSL 3 (EVP), one-shot and incremental.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dataport {

/// Incremental SHA-256 or SHA-512; feed bytes with update(), read the digest once with hex()/raw().
class Hasher {
 public:
  enum class Alg { sha256, sha512 };
  explicit Hasher(Alg alg = Alg::sha256);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  /// Adds bytes to the digest.
  void update(const void* data, size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  /// The raw digest (32 or 64 bytes); ends the hasher.
  std::string raw();
  /// The digest in lower-case hex; ends the hasher.
  std::string hex();
  /// Bytes hashed so far.
  int64_t size() const { return size_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int64_t size_ = 0;
};

/// SHA-256 of the parts one after another (no separator), into `out`. For many small digests:
/// no allocation, one context per thread.
void sha256_parts(std::initializer_list<std::string_view> parts, unsigned char out[32]);
/// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(std::string_view data);
/// SHA-256 of bytes, raw 32 bytes.
std::string sha256_raw(std::string_view data);
/// SHA-512 of bytes, lower-case hex.
std::string sha512_hex(std::string_view data);
/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view raw);

/// True when s is a SHA-256 as hex() writes it: 64 lower-case hex digits.
bool is_sha256_hex(std::string_view s);

/// A file's SHA-256 (hex) and size, read in chunks; `error` says why it could not be read.
struct FileHash {
  std::string hex;
  int64_t size = 0;
  std::string error;  ///< "" when hex and size hold
};
FileHash sha256_file(const std::string& path);

/// A SHA-256 in its 32 bytes, for what a run keeps per media file to its end: as 64 hex
/// characters in a std::string it takes 32 bytes and an allocation of 65 more.
struct Sha256 {
  std::array<unsigned char, 32> bytes{};
  /// From the lower-case hex that Hasher::hex() writes; nullopt for anything else (upper case
  /// too, so that hex() gives back exactly what was parsed).
  static std::optional<Sha256> parse(std::string_view hex);
  std::string hex() const { return to_hex(view()); }
  /// The 32 bytes (a key for a map of digests).
  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }
};

}  // namespace dataport
