#pragma once
// W3C Verifiable Credentials Data Model 2.0 secured with Data Integrity proofs, cryptosuite
// eddsa-jcs-2022 (W3C REC 2025-05-15) and a did:key issuer. The same proof secures plain JSON
// such as a bundle manifest. Only JCS is needed: no JSON-LD processing, deterministic output.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credentials/keys.h"
#include "lib/record.h"

namespace dataport {

/// The first @context of every VC 2.0 document.
inline constexpr const char* vc_v2_context = "https://www.w3.org/ns/credentials/v2";
/// Prefix of the IRIs of dataport's own terms (a URN: no web address to resolve or squat).
inline constexpr const char* dataport_vocab = "urn:dataport:vocab:";

/// The URL of dataport's JSON-LD context, the second @context entry of every credential it issues.
/// Verifiers load it from their own copy (`dataport credential context` prints it; it is installed
/// as share/dataport/credentials-context-v1.jsonld), never from the network.
inline constexpr const char* dataport_context_url = "https://dataport.dev/credentials/v1";
/// The term definitions of that context: every term dataport uses besides those of the VC 2.0
/// context (credential types, claims, evidence), so strict JSON-LD verifiers see no undefined term.
/// Not @protected: the Data Integrity context must stay free to define "expires" inside proofs.
json dataport_context();
/// The context document served at dataport_context_url: {"@context": dataport_context()}.
json dataport_context_document();

/// Options of a Data Integrity proof.
struct DiProofOptions {
  std::string created;              ///< dateTimeStamp, e.g. "2026-01-01T00:00:00Z"
  std::string verification_method;  ///< "did:key:z6Mk...#z6Mk..."
  std::string proof_purpose = "assertionMethod";
};

/// The intermediate values of eddsa-jcs-2022 (section 3.3): what a test compares to the vector.
struct JcsHashes {
  std::string canonical_proof;     ///< JCS of the proof options (with the document's @context)
  std::string canonical_document;  ///< JCS of the document without "proof"
  std::string proof_hash;          ///< SHA-256 of canonical_proof (raw)
  std::string document_hash;       ///< SHA-256 of canonical_document (raw)
  /// The 64 bytes signed: proof_hash || document_hash.
  std::string hash_data() const { return proof_hash + document_hash; }
};

/// The proof configuration: type, cryptosuite, created, verificationMethod, proofPurpose and a
/// copy of the document's @context, as section 3.3.1 step 1 advises (the official vector does it).
json di_proof_config(const json& document, const DiProofOptions& opts);
/// Canonicalises and hashes a document (its "proof" is ignored) and a proof config ("proofValue" ignored).
JcsHashes di_jcs_hashes(const json& document, const json& proof_config);
/// Returns `document` with an eddsa-jcs-2022 "proof" signed by the Ed25519 `key`.
json di_sign(json document, const KeyPair& key, const DiProofOptions& opts);

/// The outcome of a verification: ok, or the first reason it failed; notes list what was checked.
struct VerifyResult {
  bool ok = false;
  std::string reason;
  std::vector<std::string> checks;
  json claims;  ///< what the credential says (credentialSubject, or the disclosed SD-JWT payload)
};

/// What verification checks beyond the signature.
struct DiVerifyOptions {
  bool vc = true;                       ///< apply the VC DM 2.0 rules (false for a signed manifest)
  int64_t now = 0;                      ///< Unix seconds for validFrom/validUntil/expires
  std::optional<PublicKey> issuer_key;  ///< when set, the proof key must be this one
};
/// Verifies an eddsa-jcs-2022 proof (section 3.3.2) and, for a VC, the data model rules: first
/// @context, type, issuer bound to the did:key controller, validity window, dateTimeStamps.
VerifyResult di_verify(const json& document, const DiVerifyOptions& opts);

/// True when `s` is an XML Schema dateTimeStamp (a date, a time and a mandatory zone).
bool is_date_time_stamp(const std::string& s);
/// Unix seconds of a dateTimeStamp; nullopt when it is not one.
std::optional<int64_t> parse_date_time_stamp(const std::string& s);

/// An unsigned VC 2.0 credential: @context [v2, dataport_context_url], type ["VerifiableCredential", type],
/// issuer, validFrom, optional validUntil, credentialSubject and evidence. Its id is a urn:uuid
/// derived from the content, so issuing twice the same claims at the same time gives the same id.
json make_credential(const std::string& type, const std::string& issuer, const json& subject,
                     const std::string& valid_from, const std::string& valid_until, const json& evidence);

}  // namespace dataport
