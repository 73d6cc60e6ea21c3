#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "credentials/jcs.h"
#include "credentials/vc.h"
#include "lib/base.h"
#include "lib/hash.h"
#include "lib/text.h"

using namespace dataport;

namespace {

std::string slurp(const std::string& rel) {
  std::ifstream f(std::string(SOURCE_DIR "/tests/vectors/vc-di-eddsa/") + rel, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

KeyPair vector_key() {
  json kp = json::parse(slurp("keyPair.json"));
  auto k = key_from_secret_multibase(kp["privateKeyMultibase"].get<std::string>());
  REQUIRE(k);
  REQUIRE(ed25519_multikey(k->pub) == kp["publicKeyMultibase"].get<std::string>());
  return *k;
}

const int64_t y2026 = 1767225600;  // 2026-01-01T00:00:00Z

}  // namespace

TEST_CASE("eddsa-jcs-2022: the official vector is reproduced byte for byte", "[vc]") {
  KeyPair key = vector_key();
  json unsigned_doc = parse_json_strict(slurp("unsigned.json"), "unsigned.json");
  json proof_config = parse_json_strict(slurp("eddsa-jcs-2022/proofConfigJCS.json"), "proofConfig");
  DiProofOptions opts{proof_config["created"], proof_config["verificationMethod"], "assertionMethod"};
  CHECK(opts.verification_method == did_key_method(key.pub));

  json ours = di_proof_config(unsigned_doc, opts);
  CHECK(ours == proof_config);
  JcsHashes h = di_jcs_hashes(unsigned_doc, ours);
  CHECK(h.canonical_document == trimmed(slurp("eddsa-jcs-2022/canonDocJCS.txt")));
  CHECK(h.canonical_proof == trimmed(slurp("eddsa-jcs-2022/proofCanonJCS.txt")));
  CHECK(to_hex(h.document_hash) == trimmed(slurp("eddsa-jcs-2022/docHashJCS.txt")));
  CHECK(to_hex(h.proof_hash) == trimmed(slurp("eddsa-jcs-2022/proofHashJCS.txt")));
  CHECK(to_hex(h.hash_data()) == trimmed(slurp("eddsa-jcs-2022/combinedHashJCS.txt")));
  CHECK(to_hex(sign(key, h.hash_data())) == trimmed(slurp("eddsa-jcs-2022/sigHexJCS.txt")));

  json signed_doc = di_sign(unsigned_doc, key, opts);
  CHECK(signed_doc["proof"]["proofValue"] == trimmed(slurp("eddsa-jcs-2022/sigBTC58JCS.txt")));
  json expected = parse_json_strict(slurp("eddsa-jcs-2022/signedJCS.json"), "signedJCS.json");
  CHECK(jcs(signed_doc) == jcs(expected));
}

TEST_CASE("eddsa-jcs-2022: the signed vector verifies, tampering does not", "[vc]") {
  json signed_doc = parse_json_strict(slurp("eddsa-jcs-2022/signedJCS.json"), "signedJCS.json");
  // The vector's issuer is an https URL, not the did:key that signed it, so as a plain
  // signed document it verifies and as a VC the issuer binding must fail.
  VerifyResult plain = di_verify(signed_doc, {false, y2026, std::nullopt});
  CHECK(plain.ok);
  CHECK(plain.reason.empty());
  VerifyResult as_vc = di_verify(signed_doc, {true, y2026, std::nullopt});
  CHECK_FALSE(as_vc.ok);
  CHECK_THAT(as_vc.reason, Catch::Contains("not the controller"));

  json changed = signed_doc;
  changed["credentialSubject"]["alumniOf"] = "The School of Forgeries";
  VerifyResult v = di_verify(changed, {false, y2026, std::nullopt});
  CHECK_FALSE(v.ok);
  CHECK_THAT(v.reason, Catch::Contains("signature does not match"));

  json ctx = signed_doc;
  ctx["@context"] = json::array({vc_v2_context});
  CHECK_FALSE(di_verify(ctx, {false, y2026, std::nullopt}).ok);

  json purpose = signed_doc;
  purpose["proof"]["proofPurpose"] = "authentication";
  CHECK_FALSE(di_verify(purpose, {false, y2026, std::nullopt}).ok);

  KeyPair other = key_from_secret(KeyType::ed25519, std::string(32, '\x07'));
  VerifyResult wrong_key = di_verify(signed_doc, {false, y2026, other.pub});
  CHECK_FALSE(wrong_key.ok);
  CHECK_THAT(wrong_key.reason, Catch::Contains("not by the expected issuer key"));
}

TEST_CASE("our credentials: issuer bound to the did:key, validity window enforced", "[vc]") {
  KeyPair key = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  std::string did = did_key(key.pub);
  json subject{{"platform", "linkedin"}, {"company", "Acme Ltd"}, {"title", "Engineer"}, {"start", "2019-03"}, {"end", "2023-06"}};
  json evidence = json::array({json{{"type", json::array({"TakeoutEvidence"})}, {"archive_sha256", std::string(64, 'a')}}});
  json vc = make_credential("PositionCredential", did, subject, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", evidence);
  CHECK(vc["@context"][0] == vc_v2_context);
  CHECK(vc["@context"][1] == dataport_context_url);
  CHECK(dataport_context()["company"] == std::string(dataport_vocab) + "company");
  CHECK(vc["id"].get<std::string>().rfind("urn:uuid:", 0) == 0);
  CHECK(vc["id"] == make_credential("PositionCredential", did, subject, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", evidence)["id"]);
  json signed_vc = di_sign(vc, key, {"2026-01-01T00:00:00Z", did_key_method(key.pub)});
  // Ed25519 is deterministic: the same input signs to the same bytes.
  CHECK(signed_vc == di_sign(vc, key, {"2026-01-01T00:00:00Z", did_key_method(key.pub)}));

  VerifyResult ok = di_verify(signed_vc, {true, y2026 + 86400, key.pub});
  CHECK(ok.ok);
  CHECK(ok.claims["company"] == "Acme Ltd");
  VerifyResult early = di_verify(signed_vc, {true, y2026 - 86400, std::nullopt});
  CHECK_FALSE(early.ok);
  CHECK_THAT(early.reason, Catch::Contains("not yet valid"));
  VerifyResult expired = di_verify(signed_vc, {true, y2026 + 400 * 86400, std::nullopt});
  CHECK_FALSE(expired.ok);
  CHECK_THAT(expired.reason, Catch::Contains("expired"));

  json swapped = signed_vc;
  swapped["issuer"] = did_key(key_from_secret(KeyType::ed25519, std::string(32, '\x02')).pub);
  CHECK_FALSE(di_verify(swapped, {true, y2026 + 86400, std::nullopt}).ok);

  json longer = signed_vc;
  longer["validUntil"] = "2099-01-01T00:00:00Z";
  CHECK_FALSE(di_verify(longer, {true, y2026 + 86400, std::nullopt}).ok);

  CHECK_THROWS(make_credential("PositionCredential", did, subject, "2026-01-01", "", json()));
  CHECK_THROWS(di_sign(vc, key_from_secret(KeyType::p256, std::string(32, '\x01')), {"2026-01-01T00:00:00Z", did}));
}

TEST_CASE("the shipped context file is the one the program defines", "[vc]") {
  json shipped = parse_json_strict(slurp("../../../docs/credentials-context-v1.jsonld"), "context");
  CHECK(shipped == dataport_context_document());
  CHECK_FALSE(shipped["@context"].contains("@protected"));
}

TEST_CASE("dateTimeStamp needs a time zone", "[vc]") {
  CHECK(is_date_time_stamp("2026-01-01T00:00:00Z"));
  CHECK(is_date_time_stamp("2026-01-01T00:00:00.5+02:00"));
  CHECK_FALSE(is_date_time_stamp("2026-01-01T00:00:00"));
  CHECK_FALSE(is_date_time_stamp("2026-01-01"));
  CHECK(parse_date_time_stamp("2026-01-01T02:00:00+02:00").value() == y2026);
}

TEST_CASE("members of the wrong type are a verdict, never an exception (issue 16, fuzz)", "[vc]") {
  KeyPair key = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  json doc{{"name", "manifest"}};
  json signed_doc = di_sign(doc, key, {"2026-01-01T00:00:00Z", did_key_method(key.pub)});
  REQUIRE(di_verify(signed_doc, {false, y2026, std::nullopt}).ok);
  for (const char* member : {"type", "cryptosuite", "proofPurpose", "verificationMethod"})
    for (const json& wrong : {json(5), json::array({"x"}), json::object(), json(nullptr)}) {
      INFO(member << " = " << wrong.dump());
      json bad = signed_doc;
      bad["proof"][member] = wrong;
      VerifyResult v;
      CHECK_NOTHROW(v = di_verify(bad, {false, y2026, std::nullopt}));
      CHECK_FALSE(v.ok);
    }
  CHECK(string_member(json::array({1}), "a") == "");
  CHECK(string_member(json{{"a", 1}}, "a") == "");
  CHECK(string_member(json{{"a", "b"}}, "a") == "b");
}

// A document's own bytes quoted in the reason (here an unsupported cryptosuite that is not UTF-8)
// leave the verdict UTF-8, so `credential verify --json` can write it (issue 16, fuzz).
TEST_CASE("a VC verdict quoting bytes that are not UTF-8 is still UTF-8", "[vc]") {
  json doc{{"proof", {{"type", "DataIntegrityProof"}, {"cryptosuite", "eddsa\xFF\xC3"}}}};
  VerifyResult v = di_verify(doc, DiVerifyOptions{});
  CHECK_FALSE(v.ok);
  CHECK(v.reason.find("unsupported cryptosuite") != std::string::npos);
  CHECK(valid_utf8(v.reason));
  CHECK_NOTHROW(json{{"reason", v.reason}}.dump());
}
