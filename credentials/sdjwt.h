#pragma once
// SD-JWT (RFC 9901) and SD-JWT VC (draft-ietf-oauth-sd-jwt-vc, typ "dc+sd-jwt"): issuing with
// every claim selectively disclosable, presenting a chosen subset with an optional Key Binding
// JWT, and verifying by every rule of RFC 9901 section 7.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credentials/keys.h"
#include "credentials/vc.h"

namespace dataport {

/// A compact JWS signed with `key` (alg EdDSA or ES256 from the key type).
std::string jws_sign(json header, const json& payload, const KeyPair& key);
/// A decoded compact JWS.
struct Jws {
  json header, payload;
  std::string signing_input;  ///< "b64(header).b64(payload)"
  std::string signature;      ///< raw bytes
};
/// Splits and decodes a compact JWS (no signature check); throws Error(where, ...) when malformed.
Jws jws_decode(std::string_view compact, const std::string& where);
/// Checks a decoded JWS signature against `key`; the header alg must fit the key type.
bool jws_verify(const Jws& jws, const PublicKey& key);

/// The parts of `<JWT>~<D1>~...~<Dn>~[<KB-JWT>]`.
struct SdJwtParts {
  std::string jwt;
  std::vector<std::string> disclosures;
  std::string kb_jwt;  ///< "" when there is none
  /// What sd_hash covers: everything up to and including the last "~".
  std::string hashed_part() const;
};
/// Splits a compact SD-JWT; throws Error when there is no "~" or the JWT part is empty.
SdJwtParts split_sd_jwt(std::string_view token);
/// base64url(SHA-256(ASCII of s)): the digest of a disclosure and the KB-JWT sd_hash.
std::string sd_digest(std::string_view s);

/// Claims that SD-JWT VC forbids to disclose selectively: they are always plaintext.
bool sd_never_disclosed(std::string_view name);

/// How to issue an SD-JWT VC.
struct SdJwtIssueOptions {
  std::string vct;                      ///< required: the credential type
  std::string iss;                      ///< optional issuer identifier ("" = none)
  std::string kid;                      ///< optional header kid
  std::optional<int64_t> iat, nbf, exp;
  std::optional<PublicKey> holder;      ///< puts the holder key in cnf.jwk (key binding)
  int max_decoys = 3;                   ///< each object gets 1..max_decoys decoy digests (0: none)
};
/// Issues `claims` (a JSON object) as an SD-JWT VC: every claim, nested ones and array elements
/// included, is selectively disclosable, except iss/nbf/exp/cnf/vct/status, which stay plain.
/// Salts and decoys come from `random`. Returns "<JWT>~<D1>~...~<Dn>~".
std::string sd_jwt_issue(const json& claims, const KeyPair& issuer, const SdJwtIssueOptions& opts, const Random& random);

/// One disclosure of an issued SD-JWT, where it sits in the claims.
struct DisclosureInfo {
  std::string encoded;  ///< as issued
  std::string path;     ///< dotted claim path ("address.street"); array elements carry the array's path
  json value;
};
/// The disclosures of an SD-JWT with their claim paths (signature not checked: for presenting).
std::vector<DisclosureInfo> sd_jwt_disclosures(std::string_view token);

/// What to present.
struct SdJwtPresentOptions {
  std::vector<std::string> disclose;  ///< claim paths; each brings its parents and its whole subtree
  std::optional<KeyPair> holder;      ///< signs a Key Binding JWT when set
  std::string aud, nonce;
  int64_t iat = 0;
};
/// A presentation with only the chosen disclosures (and a KB-JWT with a holder key). Throws Error
/// naming the claims that exist when a requested one does not.
std::string sd_jwt_present(std::string_view token, const SdJwtPresentOptions& opts);

/// What verification requires.
struct SdJwtVerifyOptions {
  bool vc = true;             ///< SD-JWT VC rules (typ dc+sd-jwt, vct, never-disclosed claims)
  int64_t now = 0;            ///< Unix seconds
  int64_t skew = 60;          ///< tolerated clock difference, seconds
  std::string aud, nonce;     ///< expected KB-JWT values; a nonce makes the KB-JWT mandatory
  bool require_kb = false;
  int64_t kb_max_age = 300;   ///< the KB-JWT iat must be this fresh, seconds
};
/// Verifies by RFC 9901 section 7.1-7.3: issuer signature, unique digests, every disclosure
/// referenced once and of the right shape, no plaintext claim overridden, exp/nbf, the KB-JWT
/// (signature by cnf.jwk, sd_hash, aud, nonce, iat). `claims` is the processed payload.
VerifyResult sd_jwt_verify(std::string_view token, const PublicKey& issuer, const SdJwtVerifyOptions& opts);

}  // namespace dataport
