#include "credentials/vc.h"

#include <regex>

#include "credentials/jcs.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {

namespace {

// Every term dataport puts in a credential besides those of the VC 2.0 context (id, type, name,
// description, digestSRI...). Keep in step with credentials/claims.cc; a unit test checks it.
const char* const context_terms[] = {
    "PositionCredential", "EducationCredential", "ProfileCredential", "AccountCredential",
    "VerificationCredential", "BundleCredential", "TakeoutEvidence",
    "platform", "company", "title", "location", "start", "end", "current", "position_type", "cause",
    "school", "degree", "field", "number", "activities", "notes", "education_type",
    "first_name", "last_name", "maiden_name", "headline", "summary", "industry", "birthday",
    "emails", "phones", "websites", "handles", "service", "username", "url", "registered_at",
    "verification_type", "provider", "status", "document_type", "verified_at", "expires",
    "manifest_sha256", "archives", "archive_sha256", "record_count", "model_version",
    "exported_with", "statement", "policy", "policy_sha256", "policy_summary_sha256",
};

VerifyResult fail(VerifyResult v, std::string reason) {
  v.ok = false;
  v.reason = repair_utf8(reason);  // it may quote a holder's bytes; --json output must stay JSON
  return v;
}

std::string issuer_id(const json& doc) {
  if (!doc.contains("issuer")) return "";
  const json& iss = doc["issuer"];
  if (iss.is_string()) return iss.get<std::string>();
  if (iss.is_object() && iss.contains("id") && iss["id"].is_string()) return iss["id"].get<std::string>();
  return "";
}

bool has_type(const json& doc, const std::string& type) {
  if (!doc.contains("type")) return false;
  const json& t = doc["type"];
  if (t.is_string()) return t.get<std::string>() == type;
  if (!t.is_array()) return false;
  for (const auto& e : t)
    if (e.is_string() && e.get<std::string>() == type) return true;
  return false;
}

}  // namespace

json dataport_context_document() { return json{{"@context", dataport_context()}}; }

json dataport_context() {
  json c = json::object();
  for (const char* t : context_terms) c[t] = std::string(dataport_vocab) + t;
  return c;
}

bool is_date_time_stamp(const std::string& s) { return parse_date_time_stamp(s).has_value(); }

std::optional<int64_t> parse_date_time_stamp(const std::string& s) {
  static const std::regex re(R"(^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
  if (!std::regex_match(s, re)) return std::nullopt;
  auto t = parse_iso8601(s);
  if (!t) return std::nullopt;
  return t->seconds;
}

json di_proof_config(const json& document, const DiProofOptions& opts) {
  json proof = json::object();
  proof["type"] = "DataIntegrityProof";
  proof["cryptosuite"] = "eddsa-jcs-2022";
  if (!opts.created.empty()) proof["created"] = opts.created;
  proof["verificationMethod"] = opts.verification_method;
  proof["proofPurpose"] = opts.proof_purpose;
  if (document.contains("@context")) proof["@context"] = document["@context"];
  return proof;
}

JcsHashes di_jcs_hashes(const json& document, const json& proof_config) {
  json doc = document;
  doc.erase("proof");
  json proof = proof_config;
  proof.erase("proofValue");
  JcsHashes h;
  h.canonical_proof = jcs(proof);
  h.canonical_document = jcs(doc);
  h.proof_hash = sha256_raw(h.canonical_proof);
  h.document_hash = sha256_raw(h.canonical_document);
  return h;
}

json di_sign(json document, const KeyPair& key, const DiProofOptions& opts) {
  if (key.type != KeyType::ed25519) throw Error("credential", "eddsa-jcs-2022 needs an ed25519 key");
  if (!opts.created.empty() && !is_date_time_stamp(opts.created))
    throw Error("credential", "proof created \"" + opts.created + "\" is not a dateTimeStamp");
  document.erase("proof");
  json proof = di_proof_config(document, opts);
  JcsHashes h = di_jcs_hashes(document, proof);
  proof["proofValue"] = multibase_encode(sign(key, h.hash_data()));
  document["proof"] = proof;
  return document;
}

VerifyResult di_verify(const json& document, const DiVerifyOptions& opts) {
  VerifyResult v;
  if (!document.is_object()) return fail(v, "the document is not a json object");
  if (!document.contains("proof")) return fail(v, "the document has no proof");
  const json& proof = document["proof"];
  if (proof.is_array()) return fail(v, "proof sets are not supported: expected one proof object");
  if (!proof.is_object()) return fail(v, "proof is not an object");
  if (string_member(proof, "type") != "DataIntegrityProof") return fail(v, "proof type is not DataIntegrityProof");
  if (string_member(proof, "cryptosuite") != "eddsa-jcs-2022")
    return fail(v, "unsupported cryptosuite \"" + string_member(proof, "cryptosuite") + "\" (only eddsa-jcs-2022)");
  if (string_member(proof, "proofPurpose") != "assertionMethod")
    return fail(v, "proof purpose is \"" + string_member(proof, "proofPurpose") + "\", not assertionMethod");
  for (const char* f : {"created", "expires"}) {
    if (!proof.contains(f)) continue;
    if (!proof[f].is_string() || !is_date_time_stamp(proof[f].get<std::string>()))
      return fail(v, std::string("proof ") + f + " is not a dateTimeStamp");
  }
  if (proof.contains("expires") && *parse_date_time_stamp(proof["expires"].get<std::string>()) <= opts.now)
    return fail(v, "the proof expired at " + proof["expires"].get<std::string>());
  v.checks.push_back("proof: DataIntegrityProof, eddsa-jcs-2022, assertionMethod");

  // Section 3.3.2: the proof's @context must be a prefix of the document's, which then stands
  // for the document's @context in the hash.
  json doc = document;
  doc.erase("proof");
  if (proof.contains("@context")) {
    json pc = proof["@context"].is_array() ? proof["@context"] : json::array({proof["@context"]});
    json dc = !doc.contains("@context") ? json::array()
              : doc["@context"].is_array() ? doc["@context"] : json::array({doc["@context"]});
    if (pc.size() > dc.size()) return fail(v, "the proof @context is longer than the document @context");
    for (size_t i = 0; i < pc.size(); ++i)
      if (pc[i] != dc[i]) return fail(v, "the document @context does not start with the proof @context");
    doc["@context"] = proof["@context"];
    v.checks.push_back("proof @context matches the document");
  }

  std::string method = string_member(proof, "verificationMethod");
  auto key = public_from_did_key(method);
  if (!key) return fail(v, "verification method \"" + method + "\" is not an ed25519 did:key");
  if (method.find('#') == std::string::npos) return fail(v, "verification method has no #fragment");
  if (opts.issuer_key && (opts.issuer_key->type != key->type || opts.issuer_key->bytes != key->bytes))
    return fail(v, "signed by " + did_key(*key) + ", not by the expected issuer key");

  if (!proof.contains("proofValue") || !proof["proofValue"].is_string())
    return fail(v, "the proof has no proofValue");
  std::string pv = proof["proofValue"].get<std::string>();
  if (pv.empty() || pv[0] != 'z') return fail(v, "proofValue is not base58btc multibase");
  auto sig = multibase_decode(pv);
  if (!sig || sig->size() != 64) return fail(v, "proofValue is not a 64-byte signature");
  JcsHashes h;
  try {
    h = di_jcs_hashes(doc, proof);
  } catch (const Error& e) {
    return fail(v, "cannot canonicalise: " + e.message());
  }
  if (!verify(*key, h.hash_data(), *sig)) return fail(v, "the signature does not match: the document was changed or signed by another key");
  v.checks.push_back("signature valid (" + did_key(*key) + ")");

  if (opts.vc) {
    const json& ctx = document.contains("@context") ? document["@context"] : json();
    if (!ctx.is_array() || ctx.empty() || ctx[0] != vc_v2_context)
      return fail(v, std::string("the first @context is not ") + vc_v2_context);
    if (!has_type(document, "VerifiableCredential")) return fail(v, "type does not include VerifiableCredential");
    if (!document.contains("credentialSubject") ||
        !(document["credentialSubject"].is_object() || document["credentialSubject"].is_array()))
      return fail(v, "credentialSubject is missing");
    std::string issuer = issuer_id(document);
    if (issuer.empty()) return fail(v, "issuer is missing");
    if (issuer != did_key(*key)) return fail(v, "issuer " + issuer + " is not the controller of the proof key");
    v.checks.push_back("issuer is the did:key that signed");
    std::optional<int64_t> from, until;
    if (document.contains("validFrom")) {
      from = document["validFrom"].is_string() ? parse_date_time_stamp(document["validFrom"].get<std::string>()) : std::nullopt;
      if (!from) return fail(v, "validFrom is not a dateTimeStamp");
      if (opts.now < *from) return fail(v, "not yet valid: validFrom is " + document["validFrom"].get<std::string>());
    }
    if (document.contains("validUntil")) {
      until = document["validUntil"].is_string() ? parse_date_time_stamp(document["validUntil"].get<std::string>()) : std::nullopt;
      if (!until) return fail(v, "validUntil is not a dateTimeStamp");
      if (from && *until < *from) return fail(v, "validUntil is before validFrom");
      if (opts.now > *until) return fail(v, "expired: validUntil was " + document["validUntil"].get<std::string>());
    }
    v.checks.push_back("validity window holds");
    v.claims = document["credentialSubject"];
  }
  v.ok = true;
  return v;
}

json make_credential(const std::string& type, const std::string& issuer, const json& subject,
                     const std::string& valid_from, const std::string& valid_until, const json& evidence) {
  if (!is_date_time_stamp(valid_from)) throw Error("credential", "validFrom \"" + valid_from + "\" is not a dateTimeStamp");
  if (!valid_until.empty() && !is_date_time_stamp(valid_until))
    throw Error("credential", "validUntil \"" + valid_until + "\" is not a dateTimeStamp");
  if (!valid_until.empty() && *parse_date_time_stamp(valid_until) < *parse_date_time_stamp(valid_from))
    throw Error("credential", "validUntil is before validFrom");
  json vc = json::object();
  vc["@context"] = json::array({vc_v2_context, dataport_context_url});
  // A name-based id: the same claims, issuer and time give the same id (no randomness needed).
  std::string h = sha256_hex(jcs(json::array({type, issuer, subject, valid_from, evidence})));
  vc["id"] = "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-8" + h.substr(13, 3) + "-" +
             std::string(1, "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3]) + h.substr(17, 3) + "-" + h.substr(20, 12);
  vc["type"] = json::array({"VerifiableCredential", type});
  vc["issuer"] = issuer;
  vc["validFrom"] = valid_from;
  if (!valid_until.empty()) vc["validUntil"] = valid_until;
  vc["credentialSubject"] = subject;
  if (!evidence.is_null() && !evidence.empty()) vc["evidence"] = evidence;
  return vc;
}

}  // namespace dataport
