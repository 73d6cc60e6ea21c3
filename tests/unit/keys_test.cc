#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "credentials/keys.h"
#include "credentials/keystore.h"
#include "lib/base.h"
#include "lib/error.h"

using namespace dataport;

namespace {

Random fixed(unsigned char byte) {
  return [byte](unsigned char* out, size_t n) { std::fill(out, out + n, byte); };
}

std::string temp_dir(const char* tag) {
  auto p = std::filesystem::temp_directory_path() / ("dataport-keys-" + std::string(tag) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  return p.string();
}

}  // namespace

TEST_CASE("keys sign and verify, and a changed message or key fails", "[keys]") {
  for (KeyType t : {KeyType::ed25519, KeyType::p256}) {
    INFO(key_type_name(t));
    KeyPair k = generate_key(t, system_random());
    CHECK(k.secret.size() == 32);
    CHECK(k.pub.bytes.size() == (t == KeyType::ed25519 ? 32u : 65u));
    std::string sig = sign(k, "hello");
    CHECK(sig.size() == 64);  // ES256 as raw r||s, not DER
    CHECK(verify(k.pub, "hello", sig));
    CHECK_FALSE(verify(k.pub, "hellO", sig));
    std::string bad = sig;
    bad[10] ^= 1;
    CHECK_FALSE(verify(k.pub, "hello", bad));
    CHECK_FALSE(verify(generate_key(t, system_random()).pub, "hello", sig));
    // JWK round trip, private and public.
    CHECK(public_from_jwk(public_jwk(k.pub), "t").bytes == k.pub.bytes);
    CHECK(key_from_private_jwk(private_jwk(k), "t").secret == k.secret);
    CHECK_FALSE(public_jwk(k.pub).contains("d"));
    CHECK(jwk_thumbprint(k.pub).size() == 43);
  }
  // Injected randomness makes generation deterministic.
  CHECK(generate_key(KeyType::p256, fixed(7)).pub.bytes == generate_key(KeyType::p256, fixed(7)).pub.bytes);
  // A P-256 scalar of all 0xff bytes is >= n: the generator draws again instead of failing.
  int calls = 0;
  KeyPair k = generate_key(KeyType::p256, [&](unsigned char* o, size_t n) { std::fill(o, o + n, calls++ ? 3 : 0xff); });
  CHECK(calls == 2);
  CHECK(k.secret == std::string(32, '\x03'));
}

TEST_CASE("JWKs: RFC 7638 thumbprint, off-curve points and mismatched private keys are refused", "[keys]") {
  // RFC 8037 appendix A: Ed25519 key and its thumbprint.
  json ed = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
             {"d", "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}};
  KeyPair k = key_from_private_jwk(ed, "rfc8037");
  CHECK(jwk_thumbprint(k.pub) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  // RFC 8037 A.4: the signature over "Example of Ed25519 signing" is deterministic.
  std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  CHECK(base64url_encode(sign(k, input)) ==
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  json ec = {{"kty", "EC"}, {"crv", "P-256"}, {"x", "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ"},
             {"y", "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}};
  CHECK(public_from_jwk(ec, "t").type == KeyType::p256);
  json off = ec;
  off["y"] = "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk9";
  CHECK_THROWS_AS(public_from_jwk(off, "t"), Error);
  json wrong = ec;
  wrong["d"] = ed["d"];
  CHECK_THROWS_AS(key_from_private_jwk(wrong, "t"), Error);
  CHECK_THROWS_AS(public_from_jwk(json{{"kty", "RSA"}}, "t"), Error);
}

TEST_CASE("key store: files are 0600, never overwritten, loose permissions refused", "[keys]") {
  std::string dir = temp_dir("store");
  KeyStore ks(dir);
  KeyPair k = generate_key(KeyType::ed25519, fixed(9));
  std::string path = ks.save("work", k, "2026-01-01T00:00:00Z");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(ks.exists("work"));
  StoredKey back = ks.load("work");
  CHECK(back.key.secret == k.secret);
  CHECK(back.created == "2026-01-01T00:00:00Z");
  CHECK_THROWS_AS(ks.save("work", generate_key(KeyType::p256, fixed(3)), "x"), Error);
  CHECK(ks.load("work").key.secret == k.secret);  // unchanged
  CHECK_THROWS_AS(ks.save("../evil", k, "x"), Error);
  CHECK_THROWS_AS(ks.load("missing"), Error);

  ::chmod(path.c_str(), 0644);
  try {
    ks.load("work");
    FAIL("a world-readable key file was accepted");
  } catch (const Error& e) {
    CHECK_THAT(e.message(), Catch::Contains("too open"));
    CHECK_THAT(e.hint(), Catch::Contains("chmod 600"));
  }
  std::vector<std::string> problems;
  CHECK(ks.list(&problems).empty());
  CHECK(problems.size() == 1);
  ::chmod(path.c_str(), 0600);
  CHECK(ks.list().size() == 1);
  std::filesystem::remove_all(dir);
}
