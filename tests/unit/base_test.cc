#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <random>
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

TEST_CASE("MIME base64 skips line breaks and stray bytes and stops at '='", "[base]") {
  CHECK(mime_base64_decode("") == "");
  CHECK(mime_base64_decode("Zm9vYmFy") == "foobar");
  CHECK(mime_base64_decode("Zm9v\r\nYmFy\r\n") == "foobar");
  CHECK(mime_base64_decode("Zm8=") == "fo");
  CHECK(mime_base64_decode("Zg==") == "f");
  CHECK(mime_base64_decode("Zm9vYg") == "foob");  // unpadded: the whole bytes its bits give
  CHECK(mime_base64_decode(" Z m\t9 v ") == "foo");
  CHECK(mime_base64_decode("Zm9v=YmFy") == "foo");  // '=' ends the data
  CHECK(mime_base64_decode("Z=m9v") == "");        // six bits: no whole byte
  CHECK(mime_base64_decode("Zm9vYmFy-_") == "foobar");  // the URL alphabet's bytes are stray here
  // Every byte value through the encoder, wrapped at 76 columns as a MIME body is.
  std::string all;
  for (int i = 0; i < 256 * 3; ++i) all += static_cast<char>(i * 7 % 256);
  std::string enc = base64_encode(all), wrapped;
  for (size_t i = 0; i < enc.size(); i += 76) wrapped += enc.substr(i, 76) + "\r\n";
  CHECK(mime_base64_decode(wrapped) == all);
  // Against the rule read one byte at a time, on text that mixes the alphabet with line breaks,
  // stray bytes and '=' at every offset (the four-at-a-time path must never change a result).
  auto one_at_a_time = [](std::string_view text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
      if (c == '=') break;
      size_t v = alphabet.find(c);
      if (v == std::string::npos) continue;
      acc = acc << 6 | static_cast<uint32_t>(v);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += static_cast<char>(acc >> bits & 0xff);
      }
    }
    return out;
  };
  std::mt19937 rng(20261207);
  const std::string pool = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\r\n \t-=\x80\xff";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    size_t n = rng() % 120;
    for (size_t i = 0; i < n; ++i) {
      // Mostly the alphabet, as a body is; now and then one of the other bytes.
      size_t k = rng() % 10 == 0 ? 64 + rng() % (pool.size() - 64) : rng() % 64;
      text += pool[k];
    }
    INFO(text);
    REQUIRE(mime_base64_decode(text) == one_at_a_time(text));
  }
}

TEST_CASE("quoted-printable: escapes, soft line breaks, stray '=' and the header form", "[base]") {
  CHECK(quoted_printable_decode("", false) == "");
  CHECK(quoted_printable_decode("caf=C3=A9 =e2=82=ac", false) == "café €");
  CHECK(quoted_printable_decode("long line=\r\ngoes on", false) == "long linegoes on");
  CHECK(quoted_printable_decode("a=\n\nb", false) == "ab");  // every break after the '=' goes
  CHECK(quoted_printable_decode("1+1=2 =ZZ =4", false) == "1+1=2 =ZZ =4");
  CHECK(quoted_printable_decode("end=", false) == "end=");
  CHECK(quoted_printable_decode(std::string_view("x=41", 3), false) == "x=4");  // a view cut in an escape
  CHECK(quoted_printable_decode("a_b=5Fc", true) == "a b_c");
  CHECK(quoted_printable_decode("a_b", false) == "a_b");
  // Against the rule read one byte at a time, on random text dense in '=', '_', hex digits and
  // line breaks.
  auto one_at_a_time = [](std::string_view in, bool header) {
    std::string out;
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    for (size_t i = 0; i < in.size(); ++i) {
      char c = in[i];
      if (header && c == '_') out += ' ';
      else if (c == '=' && i + 2 < in.size() && hex(in[i + 1]) && hex(in[i + 2])) {
        out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else if (c == '=' && i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {
        while (i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) ++i;
      } else {
        out += c;
      }
    }
    return out;
  };
  std::mt19937 rng(20261207);
  const std::string pool = "==__\r\n09afAFgz xé";
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    size_t n = rng() % 40;
    for (size_t i = 0; i < n; ++i) text += pool[rng() % pool.size()];
    INFO(text);
    REQUIRE(quoted_printable_decode(text, false) == one_at_a_time(text, false));
    REQUIRE(quoted_printable_decode(text, true) == one_at_a_time(text, true));
  }
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
