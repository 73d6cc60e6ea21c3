// `credential verify` of an SD-JWT (RFC 9901), as the command runs it, on the raw token; and on a
// token built here from the input, so the fuzzer reaches disclosure processing behind a valid
// issuer signature: the input is the payload's JSON and then the disclosures' JSON texts, each
// after a line "~"; each disclosure is base64url-encoded and its digest added to the payload's
// top-level _sd, then the JWT is signed with a fixed key.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "lib/base.h"
#include "credentials/jcs.h"
#include "credentials/sdjwt.h"
#include "lib/text.h"

using namespace dataport;

namespace {

const int64_t now2026 = 1767225600;

void run(std::string_view token, const PublicKey& issuer) {
  SdJwtVerifyOptions opts;
  opts.now = now2026;
  VerifyResult v = sd_jwt_verify(token, issuer, opts);
  json out{{"valid", v.ok}, {"checks", v.checks}, {"reason", v.reason}};
  if (v.ok) out["claims"] = v.claims;
  out.dump(2);
  try {
    for (const DisclosureInfo& d : sd_jwt_disclosures(token)) d.value.dump();
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const KeyPair key = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    SdJwtParts parts = split_sd_jwt(text);
    jws_decode(parts.jwt, "fuzz");
  } catch (const Error&) {
  }
  run(text, key.pub);

  std::vector<std::string> pieces;
  size_t from = 0;
  for (size_t at; (at = text.find("\n~\n", from)) != std::string::npos; from = at + 3)
    pieces.push_back(text.substr(from, at - from));
  pieces.push_back(text.substr(from));
  json payload;
  try {
    payload = parse_json_strict(pieces[0], "payload");
  } catch (const Error&) {
    return 0;
  }
  if (!payload.is_object()) return 0;
  std::string token;
  std::vector<std::string> disclosures;
  for (size_t i = 1; i < pieces.size(); ++i) {
    disclosures.push_back(base64url_encode(pieces[i]));
    if (!payload.contains("_sd")) payload["_sd"] = json::array();
    if (payload["_sd"].is_array()) payload["_sd"].push_back(sd_digest(disclosures.back()));
  }
  if (!valid_utf8(payload.dump(-1, ' ', false, json::error_handler_t::replace))) return 0;
  try {
    token = jws_sign(json{{"typ", "dc+sd-jwt"}}, payload, key) + "~";
  } catch (const json::exception&) {
    return 0;  // a payload string that is not UTF-8 cannot be signed: not a verifier's input
  }
  for (const std::string& d : disclosures) token += d + "~";
  run(token, key.pub);
  return 0;
}
