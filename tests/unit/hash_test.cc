#include <catch2/catch.hpp>

#include <cctype>
#include <optional>
#include <string>

#include "lib/hash.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

TEST_CASE("SHA-256 and SHA-512 match the FIPS 180 vectors", "[hash]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha512_hex("abc").substr(0, 32) == "ddaf35a193617abacc417349ae204131");
}

TEST_CASE("incremental hashing equals one-shot", "[hash]") {
  Hasher h;
  h.update("a");
  h.update("bc");
  CHECK(h.size() == 3);
  CHECK(h.hex() == sha256_hex("abc"));
  CHECK(to_hex(std::string("\x00\xff", 2)) == "00ff");
}

TEST_CASE("sha256_parts is the digest of its parts one after another, again and again", "[hash]") {
  unsigned char md[32];
  // FIPS 180-2's two-block message, cut anywhere, and the empty parts a record key may have.
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  for (size_t cut = 0; cut <= two_blocks.size(); cut += 7) {
    sha256_parts({"", std::string_view(two_blocks).substr(0, cut), "", std::string_view(two_blocks).substr(cut)}, md);
    CHECK(to_hex(std::string_view(reinterpret_cast<char*>(md), 32)) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
  // One million 'a's (FIPS 180-2's third message) in parts cut at and around block and buffer
  // sizes, and rows given in two parts against one update of a context of their own.
  const std::string a(1000000, 'a');
  const std::string million_a = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  for (size_t first : {size_t{0}, size_t{1}, size_t{255}, size_t{511}, size_t{512}, size_t{513}, size_t{999999}}) {
    std::string_view all(a);
    sha256_parts({all.substr(0, first), "", all.substr(first)}, md);
    CHECK(to_hex(std::string_view(reinterpret_cast<char*>(md), 32)) == million_a);
  }
  const std::string rows[] = {std::string(512, 'x'), std::string(513, 'x'), std::string(200, 'y') + std::string(312, 'z')};
  for (const std::string& r : rows) {
    sha256_parts({std::string_view(r).substr(0, 100), std::string_view(r).substr(100)}, md);
    Hasher whole(Hasher::Alg::sha256);  // a context of its own, given the row in one update
    whole.update(r.data(), r.size());
    CHECK(to_hex(std::string_view(reinterpret_cast<char*>(md), 32)) == whole.hex());
  }
  sha256_parts({}, md);  // the thread's context is reused: nothing of the last digest remains
  CHECK(to_hex(std::string_view(reinterpret_cast<char*>(md), 32)) == sha256_hex(""));
  CHECK(to_hex(sha256_raw("abc")) == sha256_hex("abc"));
}

TEST_CASE("a SHA-256 kept in its 32 bytes gives back the hex it came from; nothing else is one", "[hash]") {
  for (const std::string& data : {std::string(), std::string("abc"), std::string(1000, 'x')}) {
    std::string hex = sha256_hex(data);
    std::optional<Sha256> d = Sha256::parse(hex);
    REQUIRE(d);
    CHECK(d->hex() == hex);
    CHECK(d->view() == sha256_raw(data));
  }
  std::string hex = sha256_hex("abc");
  CHECK_FALSE(Sha256::parse(""));
  CHECK_FALSE(Sha256::parse(hex.substr(1)));
  CHECK_FALSE(Sha256::parse(hex + "0"));
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK_FALSE(Sha256::parse(upper));  // would not give back what it was given
  std::string bad = hex;
  bad[63] = 'g';
  CHECK_FALSE(Sha256::parse(bad));
  CHECK_FALSE(Sha256::parse("sha-3-a.jpg"));
}

TEST_CASE("a file is hashed in chunks to what hashing its bytes gives; an unreadable one says why", "[hash]") {
  dataport::test::TempDir t;
  std::string big(3 << 20, 'x');  // past the chunk size
  for (size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>(i);
  for (const std::string& bytes : {std::string(), std::string("abc"), big}) {
    t.write("f", bytes);
    FileHash h = sha256_file(t.path("f"));
    CHECK(h.error.empty());
    CHECK(h.hex == sha256_hex(bytes));
    CHECK(h.size == static_cast<int64_t>(bytes.size()));
    CHECK(is_sha256_hex(h.hex));
  }
  FileHash none = sha256_file(t.path("missing"));
  CHECK(none.error.find("cannot open") == 0);
  CHECK(none.hex.empty());
  CHECK_FALSE(is_sha256_hex(std::string(64, 'A')));
}
