#include "lib/hash.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lib/base.h"
#include "lib/buffer.h"
#include "lib/error.h"

namespace dataport {

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

namespace {
// OpenSSL 3 looks an algorithm up on every EVP_DigestInit_ex with EVP_sha256(); fetching it
// once makes hashing the small keys of record ids several times cheaper. The fetched objects are
// immutable and live for the whole process.
const EVP_MD* fetched(Hasher::Alg alg) {
  static const EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static const EVP_MD* sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  return alg == Hasher::Alg::sha256 ? sha256 : sha512;
}
}  // namespace

Hasher::Hasher(Alg alg) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  const EVP_MD* md = fetched(alg);
  if (!impl_->ctx || EVP_DigestInit_ex(impl_->ctx, md, nullptr) != 1)
    throw Error("openssl", "cannot initialise the digest");
}

Hasher::~Hasher() { EVP_MD_CTX_free(impl_->ctx); }

void Hasher::update(const void* data, size_t size) {
  if (size == 0) return;
  if (EVP_DigestUpdate(impl_->ctx, data, size) != 1) throw Error("openssl", "digest update failed");
  size_ += static_cast<int64_t>(size);
}

std::string Hasher::raw() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, md, &len) != 1) throw Error("openssl", "digest final failed");
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Hasher::hex() { return to_hex(raw()); }

std::string to_hex(std::string_view raw) {
  static const char digits[] = "0123456789abcdef";
  std::string out(raw.size() * 2, '\0');
  for (size_t i = 0; i < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    out[2 * i] = digits[c >> 4];
    out[2 * i + 1] = digits[c & 15];
  }
  return out;
}

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

FileHash sha256_file(const std::string& path) {
  FileHash out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    out.error = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  Hasher h;
  ChunkBuffer buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), f)) h.update(buf.data(), n);
  bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) out.error = "read failed while hashing";
  else {
    out.size = h.size();
    out.hex = h.hex();
  }
  return out;
}

std::optional<Sha256> Sha256::parse(std::string_view hex) {
  if (!is_sha256_hex(hex)) return std::nullopt;
  std::optional<std::string> raw = from_hex(hex);
  Sha256 d;
  std::memcpy(d.bytes.data(), raw->data(), d.bytes.size());
  return d;
}

void sha256_parts(std::initializer_list<std::string_view> parts, unsigned char out[32]) {
  // One context per thread, set up again for each digest: a new context per digest (allocated,
  // initialised, freed) costs more than hashing a record's short key.
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Ctx c;
  if (!c.ctx || EVP_DigestInit_ex2(c.ctx, fetched(Hasher::Alg::sha256), nullptr) != 1)
    throw Error("openssl", "cannot initialise the digest");
  for (std::string_view p : parts)
    if (!p.empty() && EVP_DigestUpdate(c.ctx, p.data(), p.size()) != 1) throw Error("openssl", "digest update failed");
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(c.ctx, out, &len) != 1 || len != 32) throw Error("openssl", "digest final failed");
}

std::string sha256_raw(std::string_view data) {
  unsigned char md[32];
  sha256_parts({data}, md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[32];
  sha256_parts({data}, md);
  return to_hex(std::string_view(reinterpret_cast<char*>(md), sizeof md));
}

std::string sha512_hex(std::string_view data) {
  Hasher h(Hasher::Alg::sha512);
  h.update(data);
  return h.hex();
}

}  // namespace dataport
