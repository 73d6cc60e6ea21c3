#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "credentials/jcs.h"
#include "credentials/sdjwt.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

using namespace dataport;

namespace {

json examples() {
  std::ifstream f(SOURCE_DIR "/tests/vectors/sd-jwt/sd-jwt-examples.json");
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

json example_keys() {
  std::ifstream f(SOURCE_DIR "/tests/vectors/sd-jwt/example-keys.json");
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

// A deterministic "random" source for tests: a counter run through SHA-256.
Random counter_random() {
  auto n = std::make_shared<uint64_t>(0);
  return [n](unsigned char* out, size_t size) {
    for (size_t i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(sha256_raw(std::to_string((*n)++))[0]);
  };
}

PublicKey issuer_key(const json& ex) { return public_from_jwk(ex["rfc9901_sec5"]["issuerPublicJwk_AppendixA5"], "issuer"); }

const int64_t now2026 = 1767225600;

}  // namespace

TEST_CASE("RFC 9901 section 4.2: disclosure digests are over the encoded string", "[sdjwt]") {
  json small = examples()["rfc9901_sec4_small"];
  const json& obj = small["objectPropertyDisclosure"];
  CHECK(sd_digest(obj["disclosure"].get<std::string>()) == obj["digest"]);
  CHECK(json::parse(base64url_decode(obj["disclosure"].get<std::string>()).value()) == obj["array"]);
  const json& arr = small["arrayElementDisclosure"];
  CHECK(sd_digest(arr["disclosure"].get<std::string>()) == arr["digest"]);
  // Three spellings of the same claim decode equal but digest differently.
  std::set<std::string> digests;
  for (const auto& e : small["equivalentEncodingsOfSameClaim"]) {
    CHECK(json::parse(base64url_decode(e.get<std::string>()).value()) == obj["array"]);
    digests.insert(sd_digest(e.get<std::string>()));
  }
  CHECK(digests.size() == 3);
}

TEST_CASE("RFC 9901 examples: digests, sd_hash and verification", "[sdjwt]") {
  json ex = examples();
  for (const char* name : {"rfc9901_sec5", "rfc9901_A3_sdjwtvc", "sdjwtvc_draft_sec2_3"}) {
    INFO(name);
    const json& e = ex[name];
    for (const auto& d : e["disclosures"]) CHECK(sd_digest(d["disclosure"].get<std::string>()) == d["digest"]);
    std::string presentation = e["presentationSdJwtKb"];
    SdJwtParts parts = split_sd_jwt(presentation);
    CHECK(sd_digest(parts.hashed_part()) == e["kbJwtPayload"]["sd_hash"]);

    bool vc = std::string(name) != "rfc9901_sec5";
    int64_t kb_iat = e["kbJwtPayload"]["iat"];
    SdJwtVerifyOptions opts;
    opts.vc = vc;
    opts.now = kb_iat;
    opts.aud = e["kbJwtPayload"]["aud"];
    opts.nonce = e["kbJwtPayload"]["nonce"];
    VerifyResult v = sd_jwt_verify(presentation, issuer_key(ex), opts);
    CHECK(v.reason == "");
    REQUIRE(v.ok);
    CHECK(v.claims == e["expectedProcessedPayload"]);

    // The issued SD-JWT (all disclosures, no KB) verifies too.
    SdJwtVerifyOptions plain;
    plain.vc = vc;
    plain.now = kb_iat;
    VerifyResult issued = sd_jwt_verify(e["sdJwt"].get<std::string>(), issuer_key(ex), plain);
    CHECK(issued.reason == "");
    CHECK(issued.ok);

    // Wrong nonce, wrong audience, stale KB-JWT.
    SdJwtVerifyOptions bad = opts;
    bad.nonce = "other";
    CHECK_FALSE(sd_jwt_verify(presentation, issuer_key(ex), bad).ok);
    bad = opts;
    bad.aud = "https://evil.example";
    CHECK_FALSE(sd_jwt_verify(presentation, issuer_key(ex), bad).ok);
    bad = opts;
    bad.now = kb_iat + 3600;
    CHECK_THAT(sd_jwt_verify(presentation, issuer_key(ex), bad).reason, Catch::Contains("too old"));
    // Dropping a disclosure after the holder signed breaks sd_hash.
    SdJwtParts cut = parts;
    cut.disclosures.pop_back();
    CHECK_THAT(sd_jwt_verify(cut.hashed_part() + cut.kb_jwt, issuer_key(ex), opts).reason, Catch::Contains("sd_hash"));
  }
  const json& fig10 = ex["sdjwtvc_draft_sec2_3"];
  SdJwtVerifyOptions o;
  o.now = now2026;
  VerifyResult nokb = sd_jwt_verify(fig10["presentationNoKb_Figure10"].get<std::string>(), issuer_key(ex), o);
  REQUIRE(nokb.ok);
  CHECK(nokb.claims == fig10["expectedProcessedPayloadNoKb_Figure11"]);
}

TEST_CASE("issue, present and verify our own SD-JWT VC", "[sdjwt]") {
  json keys = example_keys();
  KeyPair holder = key_from_private_jwk(keys["holder"], "holder");
  json claims{{"platform", "linkedin"}, {"company", "Acme Ltd"}, {"title", "Engineer"},
              {"start", "2019-03"}, {"emails", json::array({"a@example.com", "b@example.com"})},
              {"location", {{"city", "Lyon"}, {"country", "FR"}}}};
  for (KeyType type : {KeyType::p256, KeyType::ed25519}) {
    INFO(key_type_name(type));
    KeyPair issuer = generate_key(type, counter_random());
    SdJwtIssueOptions io;
    io.vct = "urn:dataport:vct:position:1";
    io.iat = now2026;
    io.exp = now2026 + 86400 * 365;
    io.holder = holder.pub;
    std::string token = sd_jwt_issue(claims, issuer, io, counter_random());
    // A fixed random source gives the same salts, decoys and payload; ES256 signatures are
    // randomised by OpenSSL, Ed25519 ones are not.
    std::string again = sd_jwt_issue(claims, issuer, io, counter_random());
    SdJwtParts parts = split_sd_jwt(token);
    CHECK(split_sd_jwt(again).disclosures == parts.disclosures);
    if (type == KeyType::ed25519) CHECK(again == token);
    CHECK(parts.kb_jwt.empty());
    Jws jws = jws_decode(parts.jwt, "t");
    CHECK(jws.header["typ"] == "dc+sd-jwt");
    CHECK(jws.header["alg"] == jws_alg(type));
    // Nothing but the structural claims is in the clear.
    CHECK_FALSE(jws.payload.contains("company"));
    CHECK(jws.payload["vct"] == io.vct);
    CHECK(jws.payload["cnf"]["jwk"] == public_jwk(holder.pub));
    CHECK(jws.payload["_sd_alg"] == "sha-256");
    CHECK(jws.payload["_sd"].size() > claims.size());  // decoys

    SdJwtVerifyOptions vo;
    vo.now = now2026 + 10;
    VerifyResult all = sd_jwt_verify(token, issuer.pub, vo);
    REQUIRE(all.reason == "");
    json expected = claims;
    expected["vct"] = io.vct;
    expected["iat"] = now2026;
    expected["exp"] = *io.exp;
    expected["cnf"] = json{{"jwk", public_jwk(holder.pub)}};
    CHECK(all.claims == expected);

    SdJwtPresentOptions po;
    po.disclose = {"company", "location.country"};
    po.holder = holder;
    po.aud = "https://verifier.example";
    po.nonce = "n-0S6_WzA2Mj";
    po.iat = now2026 + 20;
    std::string shown = sd_jwt_present(token, po);
    vo.now = now2026 + 30;
    vo.aud = po.aud;
    vo.nonce = po.nonce;
    VerifyResult part = sd_jwt_verify(shown, issuer.pub, vo);
    REQUIRE(part.reason == "");
    CHECK(part.claims["company"] == "Acme Ltd");
    CHECK(part.claims["location"] == json{{"country", "FR"}});
    CHECK_FALSE(part.claims.contains("title"));
    CHECK_FALSE(part.claims.contains("emails"));

    po.disclose = {"emails"};
    VerifyResult arr = sd_jwt_verify(sd_jwt_present(token, po), issuer.pub, vo);
    REQUIRE(arr.ok);
    CHECK(arr.claims["emails"] == claims["emails"]);

    po.disclose = {"salary"};
    CHECK_THROWS_AS(sd_jwt_present(token, po), Error);
    // A holder key other than cnf.jwk cannot present with key binding.
    po.disclose = {"company"};
    po.holder = generate_key(KeyType::p256, counter_random());
    CHECK_THROWS_AS(sd_jwt_present(token, po), Error);
  }
}

TEST_CASE("tampered SD-JWTs fail verification", "[sdjwt]") {
  KeyPair issuer = generate_key(KeyType::p256, counter_random());
  SdJwtIssueOptions io;
  io.vct = "urn:dataport:vct:position:1";
  io.exp = now2026 + 1000;
  json claims{{"company", "Acme Ltd"}, {"title", "Engineer"}, {"skills", json::array({"C++"})}};
  std::string token = sd_jwt_issue(claims, issuer, io, counter_random());
  SdJwtParts parts = split_sd_jwt(token);
  SdJwtVerifyOptions vo;
  vo.now = now2026;
  REQUIRE(sd_jwt_verify(token, issuer.pub, vo).ok);
  auto reason = [&](const std::string& t) { return sd_jwt_verify(t, issuer.pub, vo).reason; };

  SECTION("changed claim value") {
    SdJwtParts p = parts;
    for (auto& d : p.disclosures) {
      json arr = json::parse(*base64url_decode(d));
      if (arr.size() == 3 && arr[1] == "title") {
        arr[2] = "CEO";
        d = base64url_encode(arr.dump());
      }
    }
    CHECK_THAT(reason(p.hashed_part()), Catch::Contains("not referenced"));
  }
  SECTION("unreferenced disclosure from elsewhere") {
    SdJwtParts p = parts;
    p.disclosures.push_back(base64url_encode(R"(["c2FsdHNhbHRzYWx0c2FsdA","admin",true])"));
    CHECK_THAT(reason(p.hashed_part()), Catch::Contains("not referenced"));
  }
  SECTION("disclosure overriding a plaintext claim") {
    std::string d = base64url_encode(R"(["c2FsdHNhbHRzYWx0c2FsdA","company","Evil Corp"])");
    json payload{{"vct", io.vct}, {"company", "Acme Ltd"}, {"_sd", json::array({sd_digest(d)})}, {"_sd_alg", "sha-256"}};
    std::string t = jws_sign(json{{"typ", "dc+sd-jwt"}}, payload, issuer) + "~" + d + "~";
    CHECK_THAT(reason(t), Catch::Contains("override"));
  }
  SECTION("array digest pointing at a claim disclosure, and duplicate digests") {
    std::string d = base64url_encode(R"(["c2FsdHNhbHRzYWx0c2FsdA","x","y"])");
    json payload{{"vct", io.vct}, {"list", json::array({json{{"...", sd_digest(d)}}})}};
    CHECK_THAT(reason(jws_sign(json{{"typ", "dc+sd-jwt"}}, payload, issuer) + "~" + d + "~"), Catch::Contains("array digest"));
    json dup{{"vct", io.vct}, {"_sd", json::array({sd_digest(d), sd_digest(d)})}};
    CHECK_THAT(reason(jws_sign(json{{"typ", "dc+sd-jwt"}}, dup, issuer) + "~" + d + "~"), Catch::Contains("more than once"));
  }
  SECTION("selectively disclosed vct") {
    std::string d = base64url_encode(R"(["c2FsdHNhbHRzYWx0c2FsdA","vct","urn:x"])");
    json payload{{"_sd", json::array({sd_digest(d)})}};
    CHECK_THAT(reason(jws_sign(json{{"typ", "dc+sd-jwt"}}, payload, issuer) + "~" + d + "~"), Catch::Contains("must not be selectively disclosed"));
  }
  SECTION("wrong typ") {
    json payload{{"vct", io.vct}};
    CHECK_THAT(reason(jws_sign(json{{"typ", "vc+sd-jwt"}}, payload, issuer) + "~"), Catch::Contains("dc+sd-jwt"));
    CHECK_THAT(reason(jws_sign(json{{"typ", "JWT"}}, payload, issuer) + "~"), Catch::Contains("dc+sd-jwt"));
  }
  SECTION("wrong key and alg none") {
    KeyPair other = generate_key(KeyType::p256, [](unsigned char* o, size_t n) { std::fill(o, o + n, 0x42); });
    CHECK_THAT(sd_jwt_verify(token, other.pub, vo).reason, Catch::Contains("signature does not match"));
    KeyPair ed = generate_key(KeyType::ed25519, counter_random());
    CHECK_FALSE(sd_jwt_verify(token, ed.pub, vo).ok);
    std::string none = base64url_encode(R"({"alg":"none","typ":"dc+sd-jwt"})") + "." +
                       base64url_encode(json{{"vct", io.vct}}.dump()) + ".~";
    CHECK_THAT(reason(none), Catch::Contains("unsigned"));
  }
  SECTION("expired and not yet valid") {
    vo.now = now2026 + 5000;
    CHECK_THAT(reason(token), Catch::Contains("expired"));
    SdJwtIssueOptions later = io;
    later.nbf = now2026 + 4000;
    std::string t = sd_jwt_issue(claims, issuer, later, counter_random());
    vo.now = now2026;
    CHECK_THAT(reason(t), Catch::Contains("not valid before"));
  }
  SECTION("a key binding jwt is demanded when a nonce is expected") {
    vo.nonce = "abc";
    CHECK_THAT(reason(token), Catch::Contains("key binding jwt is required"));
  }
}

TEST_CASE("a signed SD-JWT with odd headers and dates is a verdict, not an exception or overflow (issue 16, fuzz)", "[sdjwt]") {
  KeyPair issuer = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  SdJwtVerifyOptions vo;
  vo.now = now2026;
  auto verify_with = [&](const json& header, const json& payload) {
    return sd_jwt_verify(jws_sign(header, payload, issuer) + "~", issuer.pub, vo);
  };
  json payload{{"vct", "urn:example"}};
  CHECK(verify_with({{"typ", "dc+sd-jwt"}}, payload).ok);
  VerifyResult v;
  CHECK_NOTHROW(v = verify_with({{"typ", 7}}, payload));
  CHECK_FALSE(v.ok);
  CHECK_NOTHROW(v = verify_with({{"typ", json::array()}}, payload));
  CHECK_FALSE(v.ok);
  // Dates far outside any calendar: no signed overflow in exp + skew, no nonsense year printed.
  for (const json& when : {json(9223372036854775807LL), json(18446744073709551615ULL), json(1e300), json(-1e300),
                           json(-9223372036854775807LL - 1)}) {
    INFO(when.dump());
    json p = payload;
    p["exp"] = when;
    CHECK_NOTHROW(v = verify_with({{"typ", "dc+sd-jwt"}}, p));
    INFO(v.reason);
    // The sign as a number: nlohmann compares an unsigned value with 0 as a signed one.
    const bool future = when.get<double>() > 0;
    CHECK(v.ok == future);
    p.erase("exp");
    p["nbf"] = when;
    CHECK_NOTHROW(v = verify_with({{"typ", "dc+sd-jwt"}}, p));
    CHECK(v.ok == !future);
  }
}

// The sdjwt fuzz target's finding: a verdict's reason quoted a holder's bytes that are not UTF-8,
// and `credential verify --json` threw writing it. Every reason is UTF-8 and can be written as JSON.
TEST_CASE("a verdict quoting bytes that are not UTF-8 is still UTF-8 (issue 16, fuzz)", "[sdjwt]") {
  KeyPair issuer = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  SdJwtVerifyOptions vo;
  vo.now = now2026;
  std::string jwt = jws_sign({{"typ", "dc+sd-jwt"}, {"alg", "EdDSA"}}, {{"vct", "urn:example"}}, issuer);
  const std::vector<std::string> disclosures = {
      "ab\xFF\xFE" "cd",                        // not base64url, quoted in the reason
      base64url_encode("[\"salt\", \"\xC3\"]"),  // JSON whose string is cut inside a character
      base64url_encode("\xFF\xFE[\"salt\", 1]")};     // not JSON from its first byte
  for (const std::string& d : disclosures) {
    INFO(d);
    VerifyResult v;
    REQUIRE_NOTHROW(v = sd_jwt_verify(jwt + "~" + d + "~", issuer.pub, vo));
    CHECK_FALSE(v.ok);
    CHECK(valid_utf8(v.reason));
    CHECK_NOTHROW(json{{"valid", v.ok}, {"reason", v.reason}}.dump(2));
  }
}
