#pragma once
// Signing keys for credentials, through OpenSSL 3 EVP only: Ed25519 (EdDSA, did:key, Data
// Integrity eddsa-jcs-2022) and P-256 (ES256, what SD-JWT VC wallets expect). Public keys travel
// as JWKs (RFC 7517/8037) and, for Ed25519, as did:key. Randomness is passed in, so tests can
// make key generation and salts deterministic.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/record.h"

namespace dataport {

/// A source of random bytes: fills `size` bytes at `out`.
using Random = std::function<void(unsigned char* out, size_t size)>;
/// The operating system's CSPRNG (OpenSSL RAND_bytes); throws Error when it fails.
Random system_random();

/// The two key types.
enum class KeyType { ed25519, p256 };
/// "ed25519" or "p256".
const char* key_type_name(KeyType t);
/// Parses "ed25519" / "p256" (also "P-256", "es256", "eddsa"); nullopt otherwise.
std::optional<KeyType> parse_key_type(std::string_view s);
/// The JWS "alg" for a key type: "EdDSA" or "ES256".
const char* jws_alg(KeyType t);

/// A public key: Ed25519 raw 32 bytes, or P-256 uncompressed point 0x04||x||y (65 bytes).
struct PublicKey {
  KeyType type = KeyType::ed25519;
  std::string bytes;
};

/// A key pair: `secret` is the 32-byte Ed25519 seed or the 32-byte P-256 scalar.
struct KeyPair {
  KeyType type = KeyType::ed25519;
  std::string secret;
  PublicKey pub;
};

/// Derives the public key from the secret; throws Error when the secret is not a valid key.
KeyPair key_from_secret(KeyType type, std::string_view secret);
/// A new key pair from `random` (32 bytes; P-256 redraws a scalar outside 1..n-1).
KeyPair generate_key(KeyType type, const Random& random);

/// Signs `message`: Ed25519 pure (RFC 8032), or ES256 as raw r||s (64 bytes, RFC 7518 3.4).
std::string sign(const KeyPair& key, std::string_view message);
/// Verifies a signature made by sign(); false on any mismatch or malformed input.
bool verify(const PublicKey& key, std::string_view message, std::string_view signature);

/// The public JWK: {"kty":"OKP","crv":"Ed25519","x"} or {"kty":"EC","crv":"P-256","x","y"}.
json public_jwk(const PublicKey& key);
/// The private JWK (public members plus "d"). Never print it unless asked to.
json private_jwk(const KeyPair& key);
/// A public key from a JWK (private members are ignored); throws Error(where, ...) when invalid,
/// including a P-256 point that is not on the curve.
PublicKey public_from_jwk(const json& jwk, const std::string& where);
/// A key pair from a private JWK; throws Error(where, ...) when "d" is missing or does not match.
KeyPair key_from_private_jwk(const json& jwk, const std::string& where);
/// RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: a stable key id.
std::string jwk_thumbprint(const PublicKey& key);

/// Multikey "z6Mk..." of an Ed25519 key (multibase of 0xed01 || key).
std::string ed25519_multikey(const PublicKey& key);
/// "did:key:z6Mk..." of an Ed25519 key; throws Error for other types.
std::string did_key(const PublicKey& key);
/// The did:key verification method "did:key:z6Mk...#z6Mk...".
std::string did_key_method(const PublicKey& key);
/// The one `kid` of a key, in every JWS it signs and every JWK it is exported as: the did:key
/// verification method for Ed25519 (the issuer is that DID), the RFC 7638 thumbprint for P-256.
std::string key_kid(const PublicKey& key);
/// The Ed25519 key of a did:key DID or verification method (fragment, if any, must match);
/// nullopt when it is not an Ed25519 did:key.
std::optional<PublicKey> public_from_did_key(std::string_view did);
/// The Multikey secret "z3u2..." (multibase of 0x8026 || seed) of an Ed25519 key.
std::string ed25519_secret_multibase(const KeyPair& key);
/// A key pair from "z3u2..."; nullopt when it is not an Ed25519 secret multikey.
std::optional<KeyPair> key_from_secret_multibase(std::string_view text);

}  // namespace dataport
