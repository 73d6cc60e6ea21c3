// `credential verify` of a W3C VC (eddsa-jcs-2022 Data Integrity proof), as the command runs it:
// parse, verify, print the verdict as JSON. And the same document signed here with a fixed key,
// so the fuzzer reaches the checks behind a valid signature: a document dataport signs, it must
// verify (the signature's round trip through JCS).

#include <cstdint>
#include <string>

#include "fuzz/fuzz.h"
#include "credentials/jcs.h"
#include "credentials/vc.h"

using namespace dataport;

namespace {

const int64_t now2026 = 1767225600;

void print(const VerifyResult& v) {
  json out{{"valid", v.ok}, {"checks", v.checks}, {"reason", v.reason}};
  if (v.ok) out["claims"] = v.claims;
  out.dump(2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const KeyPair key = key_from_secret(KeyType::ed25519, std::string(32, '\x01'));
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json doc;
  try {
    doc = parse_json_strict(text, "fuzz.json");
  } catch (const Error&) {
    return 0;
  }
  DiVerifyOptions opts;
  opts.now = now2026;
  opts.vc = doc.is_object() && (doc.contains("credentialSubject") || doc.contains("@context"));
  print(di_verify(doc, opts));
  if (!doc.is_object() || doc.contains("proof")) return 0;
  json signed_doc;
  try {
    signed_doc = di_sign(doc, key, {"2026-01-01T00:00:00Z", did_key_method(key.pub)});
  } catch (const Error&) {
    return 0;
  }
  opts.issuer_key = key.pub;
  print(di_verify(signed_doc, opts));
  opts.vc = false;
  VerifyResult plain = di_verify(signed_doc, opts);
  if (!plain.ok) fuzz::finding("a document di_sign signed does not verify: " + plain.reason);
  return 0;
}
