#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "credentials/keys.h"
#include "lib/base.h"
#include "lib/hash.h"

using namespace dataport;

TEST_CASE("base64url round-trips and rejects padding and bad alphabets", "[base]") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode(std::string("\xfb\xff\xbf", 3)) == "-_-_");
  CHECK(base64_encode(std::string("\xfb\xff\xbf", 3)) == "+/+/");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64url_decode("Zm9vYmFy").value() == "foobar");
  CHECK(base64url_decode("Zm8").value() == "fo");
  CHECK_FALSE(base64url_decode("Zm8=").has_value());     // padding
  CHECK_FALSE(base64url_decode("+/+/").has_value());     // standard alphabet
  CHECK_FALSE(base64url_decode("Zm9vY").has_value());    // impossible length
  CHECK_FALSE(base64url_decode("Zm9").has_value());      // non-zero trailing bits ("Zm8" is canonical)
  CHECK_FALSE(base64url_decode("Zm 8").has_value());
}

TEST_CASE("base58btc matches the draft-msporny-base58 examples", "[base]") {
  CHECK(base58btc_encode("Hello World!") == "2NEpo7TZRRrLZSi2U");
  CHECK(base58btc_encode("The quick brown fox jumps over the lazy dog.") ==
        "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
  CHECK(base58btc_encode(std::string("\x00\x00\x28\x7f\xb4\xcd", 6)) == "11233QC4");
  CHECK(base58btc_decode("11233QC4").value() == std::string("\x00\x00\x28\x7f\xb4\xcd", 6));
  CHECK(base58btc_decode("2NEpo7TZRRrLZSi2U").value() == "Hello World!");
  CHECK_FALSE(base58btc_decode("0OIl").has_value());  // not in the alphabet
  CHECK(base58btc_encode("") == "");
}

TEST_CASE("multibase and multicodec varints", "[base]") {
  CHECK(multicodec_wrap(0xed, "k") == std::string("\xed\x01k", 3));
  CHECK(multicodec_wrap(0x1300, "") == std::string("\x80\x26", 2));
  auto mc = multicodec_unwrap(std::string("\xed\x01xyz", 5));
  REQUIRE(mc);
  CHECK(mc->code == 0xed);
  CHECK(mc->payload == "xyz");
  CHECK_FALSE(multicodec_unwrap(std::string("\xed", 1)));        // truncated
  CHECK_FALSE(multicodec_unwrap(std::string("\x80\x00", 2)));    // not minimal
  CHECK(multibase_decode("zJxF12TrwUP45BMd").value() == "Hello World");  // multibase spec example
  CHECK(multibase_decode("uSGVsbG8").value() == "Hello");
  CHECK_FALSE(multibase_decode("fabcd").has_value());
  CHECK(from_hex("00ff10").value() == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(from_hex("0g").has_value());
}

TEST_CASE("did:key vectors: seed -> public key -> did:key and back", "[base][did]") {
  std::ifstream f(SOURCE_DIR "/tests/vectors/did-key/ed25519.json");
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  json vectors = json::parse(ss.str())["vectors"];
  REQUIRE(vectors.size() >= 5);
  int checked = 0;
  for (const auto& v : vectors) {
    KeyPair k;
    if (v["seedHex"].is_string()) {
      k = key_from_secret(KeyType::ed25519, from_hex(v["seedHex"].get<std::string>()).value());
      CHECK(to_hex(k.pub.bytes) == v["publicKeyHex"].get<std::string>());
    } else {  // the spec's examples give only the public key
      k.pub = PublicKey{KeyType::ed25519, from_hex(v["publicKeyHex"].get<std::string>()).value()};
    }
    if (v.contains("publicKeyBase58")) CHECK(base58btc_encode(k.pub.bytes) == v["publicKeyBase58"].get<std::string>());
    CHECK(ed25519_multikey(k.pub) == v["publicKeyMultibase"].get<std::string>());
    CHECK(did_key(k.pub) == v["did"].get<std::string>());
    CHECK(did_key_method(k.pub) == v["verificationMethodId"].get<std::string>());
    auto back = public_from_did_key(v["verificationMethodId"].get<std::string>());
    REQUIRE(back);
    CHECK(back->bytes == k.pub.bytes);
    ++checked;
  }
  CHECK(checked == static_cast<int>(vectors.size()));
  std::string did = vectors[0]["did"].get<std::string>();
  CHECK_FALSE(public_from_did_key(did + "#z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"));  // fragment of another key
  CHECK_FALSE(public_from_did_key("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"));  // P-256, not Ed25519
  CHECK_FALSE(public_from_did_key("did:web:example.com"));
}
