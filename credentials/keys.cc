#include "credentials/keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <memory>

#include "credentials/jcs.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"

namespace dataport {

namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using SigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;
using BldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

GroupPtr p256_group() {
  GroupPtr g(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  if (!g) throw Error("openssl", "p-256 is not available");
  return g;
}

// The uncompressed public point of a P-256 scalar; empty when the scalar is 0 or >= n.
std::string p256_public(std::string_view scalar) {
  auto group = p256_group();
  BnCtxPtr ctx(BN_CTX_new());
  BnPtr d(BN_bin2bn(bytes_of(scalar), static_cast<int>(scalar.size()), nullptr));
  if (!ctx || !d) throw Error("openssl", "out of memory");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) return "";
  PointPtr point(EC_POINT_new(group.get()));
  if (!point || EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, ctx.get()) != 1)
    throw Error("openssl", "cannot derive the p-256 public key");
  unsigned char buf[65];
  size_t n = EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, buf, sizeof buf, ctx.get());
  if (n != 65) throw Error("openssl", "cannot encode the p-256 public key");
  return std::string(reinterpret_cast<char*>(buf), n);
}

bool p256_point_valid(std::string_view point) {
  if (point.size() != 65 || point[0] != 4) return false;
  auto group = p256_group();
  PointPtr p(EC_POINT_new(group.get()));
  return p && EC_POINT_oct2point(group.get(), p.get(), bytes_of(point), point.size(), nullptr) == 1 &&
         EC_POINT_is_at_infinity(group.get(), p.get()) == 0;
}

PkeyPtr p256_pkey(std::string_view point, std::string_view scalar) {
  BldPtr bld(OSSL_PARAM_BLD_new());
  BnPtr d;
  if (!bld) throw Error("openssl", "out of memory");
  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  if (!scalar.empty()) {
    d.reset(BN_bin2bn(bytes_of(scalar), static_cast<int>(scalar.size()), nullptr));
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get());
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, scalar.empty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR, params.get()) != 1)
    throw Error("openssl", "cannot load the p-256 key");
  return PkeyPtr(raw);
}

PkeyPtr public_pkey(const PublicKey& key) {
  if (key.type == KeyType::ed25519) {
    if (key.bytes.size() != 32) return nullptr;
    return PkeyPtr(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes_of(key.bytes), 32));
  }
  if (!p256_point_valid(key.bytes)) return nullptr;
  return p256_pkey(key.bytes, "");
}

std::string b64url_field(const json& jwk, const char* name, size_t size, const std::string& where) {
  if (!jwk.contains(name) || !jwk[name].is_string()) throw Error(where, std::string("jwk has no \"") + name + "\"");
  auto raw = base64url_decode(jwk[name].get<std::string>());
  if (!raw || raw->size() != size) throw Error(where, std::string("jwk \"") + name + "\" is not " + std::to_string(size) + " bytes of base64url");
  return *raw;
}

}  // namespace

Random system_random() {
  return [](unsigned char* out, size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1) throw Error("openssl", "the random number generator failed");
  };
}

const char* key_type_name(KeyType t) { return t == KeyType::ed25519 ? "ed25519" : "p256"; }

std::optional<KeyType> parse_key_type(std::string_view s) {
  if (s == "ed25519" || s == "Ed25519" || s == "eddsa" || s == "EdDSA") return KeyType::ed25519;
  if (s == "p256" || s == "P-256" || s == "p-256" || s == "es256" || s == "ES256") return KeyType::p256;
  return std::nullopt;
}

const char* jws_alg(KeyType t) { return t == KeyType::ed25519 ? "EdDSA" : "ES256"; }

KeyPair key_from_secret(KeyType type, std::string_view secret) {
  if (secret.size() != 32) throw Error("key", "a secret key must be 32 bytes");
  KeyPair k;
  k.type = type;
  k.secret = std::string(secret);
  k.pub.type = type;
  if (type == KeyType::ed25519) {
    PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes_of(secret), 32));
    unsigned char pub[32];
    size_t len = sizeof pub;
    if (!pkey || EVP_PKEY_get_raw_public_key(pkey.get(), pub, &len) != 1 || len != 32)
      throw Error("openssl", "cannot derive the ed25519 public key");
    k.pub.bytes.assign(reinterpret_cast<char*>(pub), len);
  } else {
    k.pub.bytes = p256_public(secret);
    if (k.pub.bytes.empty()) throw Error("key", "the p-256 secret is out of range");
  }
  return k;
}

KeyPair generate_key(KeyType type, const Random& random) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    unsigned char buf[32];
    random(buf, sizeof buf);
    std::string secret(reinterpret_cast<char*>(buf), sizeof buf);
    OPENSSL_cleanse(buf, sizeof buf);
    if (type == KeyType::p256 && p256_public(secret).empty()) continue;  // ~2^-32 chance
    return key_from_secret(type, secret);
  }
  throw Error("key", "the random source keeps giving invalid p-256 scalars");
}

std::string sign(const KeyPair& key, std::string_view message) {
  PkeyPtr pkey;
  if (key.type == KeyType::ed25519)
    pkey.reset(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes_of(key.secret), key.secret.size()));
  else
    pkey = p256_pkey(key.pub.bytes, key.secret);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, key.type == KeyType::ed25519 ? nullptr : EVP_sha256(), nullptr, pkey.get()) != 1)
    throw Error("openssl", "cannot start signing");
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, bytes_of(message), message.size()) != 1)
    throw Error("openssl", "cannot sign");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes_of(message), message.size()) != 1)
    throw Error("openssl", "cannot sign");
  sig.resize(len);
  if (key.type == KeyType::ed25519) return sig;
  // OpenSSL gives DER ECDSA-Sig-Value; JWS wants r and s as two fixed 32-byte integers.
  const unsigned char* p = bytes_of(sig);
  SigPtr der(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size())));
  if (!der) throw Error("openssl", "cannot decode the ecdsa signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(der.get(), &r, &s);
  unsigned char raw[64];
  if (BN_bn2binpad(r, raw, 32) != 32 || BN_bn2binpad(s, raw + 32, 32) != 32)
    throw Error("openssl", "cannot encode the ecdsa signature");
  return std::string(reinterpret_cast<char*>(raw), 64);
}

bool verify(const PublicKey& key, std::string_view message, std::string_view signature) {
  if (signature.size() != 64) return false;
  PkeyPtr pkey = public_pkey(key);
  if (!pkey) return false;
  std::string der;
  if (key.type == KeyType::p256) {
    SigPtr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes_of(signature), 32, nullptr);
    BIGNUM* s = BN_bin2bn(bytes_of(signature) + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
      BN_free(r);
      BN_free(s);
      return false;
    }
    int n = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (n <= 0) return false;
    der.resize(static_cast<size_t>(n));
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(sig.get(), &out);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, key.type == KeyType::ed25519 ? nullptr : EVP_sha256(), nullptr, pkey.get()) != 1)
    return false;
  return EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(message), message.size()) == 1;
}

json public_jwk(const PublicKey& key) {
  if (key.type == KeyType::ed25519)
    return json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(key.bytes)}};
  return json{{"kty", "EC"},
              {"crv", "P-256"},
              {"x", base64url_encode(std::string_view(key.bytes).substr(1, 32))},
              {"y", base64url_encode(std::string_view(key.bytes).substr(33, 32))}};
}

json private_jwk(const KeyPair& key) {
  json j = public_jwk(key.pub);
  j["d"] = base64url_encode(key.secret);
  return j;
}

PublicKey public_from_jwk(const json& jwk, const std::string& where) {
  if (!jwk.is_object()) throw Error(where, "a jwk must be a json object");
  std::string kty = jwk.value("kty", ""), crv = jwk.value("crv", "");
  PublicKey k;
  if (kty == "OKP" && crv == "Ed25519") {
    k.type = KeyType::ed25519;
    k.bytes = b64url_field(jwk, "x", 32, where);
    if (!public_pkey(k)) throw Error(where, "jwk is not a valid ed25519 key");
  } else if (kty == "EC" && crv == "P-256") {
    k.type = KeyType::p256;
    k.bytes = "\x04" + b64url_field(jwk, "x", 32, where) + b64url_field(jwk, "y", 32, where);
    if (!p256_point_valid(k.bytes)) throw Error(where, "jwk point is not on the p-256 curve");
  } else {
    throw Error(where, "unsupported jwk (kty \"" + kty + "\", crv \"" + crv + "\"): use Ed25519 or P-256");
  }
  return k;
}

KeyPair key_from_private_jwk(const json& jwk, const std::string& where) {
  PublicKey pub = public_from_jwk(jwk, where);
  KeyPair k = key_from_secret(pub.type, b64url_field(jwk, "d", 32, where));
  if (k.pub.bytes != pub.bytes) throw Error(where, "the private key does not match the public key in the jwk");
  return k;
}

std::string jwk_thumbprint(const PublicKey& key) {
  // RFC 7638: the required members only, sorted, no white space: exactly what JCS gives.
  return base64url_encode(sha256_raw(jcs(public_jwk(key))));
}

std::string ed25519_multikey(const PublicKey& key) {
  if (key.type != KeyType::ed25519) throw Error("did:key", "only ed25519 keys have a did:key here");
  return multibase_encode(multicodec_wrap(multicodec_ed25519_pub, key.bytes));
}

std::string did_key(const PublicKey& key) { return "did:key:" + ed25519_multikey(key); }

std::string did_key_method(const PublicKey& key) { return did_key(key) + "#" + ed25519_multikey(key); }

std::string key_kid(const PublicKey& key) { return key.type == KeyType::ed25519 ? did_key_method(key) : jwk_thumbprint(key); }

std::optional<PublicKey> public_from_did_key(std::string_view did) {
  constexpr std::string_view prefix = "did:key:";
  if (did.substr(0, prefix.size()) != prefix) return std::nullopt;
  did.remove_prefix(prefix.size());
  std::string_view id = did.substr(0, did.find('#'));
  if (did.size() > id.size() && did.substr(id.size() + 1) != id) return std::nullopt;
  if (id.empty() || id[0] != 'z') return std::nullopt;
  auto raw = multibase_decode(id);
  if (!raw) return std::nullopt;
  auto mc = multicodec_unwrap(*raw);
  if (!mc || mc->code != multicodec_ed25519_pub || mc->payload.size() != 32) return std::nullopt;
  PublicKey k{KeyType::ed25519, mc->payload};
  if (!public_pkey(k)) return std::nullopt;
  return k;
}

std::string ed25519_secret_multibase(const KeyPair& key) {
  if (key.type != KeyType::ed25519) throw Error("key", "only ed25519 keys have a secret multikey");
  return multibase_encode(multicodec_wrap(multicodec_ed25519_priv, key.secret));
}

std::optional<KeyPair> key_from_secret_multibase(std::string_view text) {
  auto raw = multibase_decode(text);
  if (!raw) return std::nullopt;
  auto mc = multicodec_unwrap(*raw);
  if (!mc || mc->code != multicodec_ed25519_priv || mc->payload.size() != 32) return std::nullopt;
  return key_from_secret(KeyType::ed25519, mc->payload);
}

}  // namespace dataport
