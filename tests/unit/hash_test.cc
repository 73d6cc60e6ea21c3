#include <catch2/catch.hpp>

#include "lib/hash.h"

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
