#include <catch2/catch.hpp>

#include "lib/car.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "tests/unit/car_writer.h"

using namespace dataport;
using test::cbor;

namespace {

json dec(const std::string& bytes) { return decode_dag_cbor(bytes, "t"); }
std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s += static_cast<char>(x);
  return s;
}

}  // namespace

TEST_CASE("car: CIDs in binary and text form", "[car]") {
  std::string cid = cid_of("hello", 0x55);
  CHECK(cid.size() == 36);
  // The CIDv1 (raw, sha2-256) of "hello" as every IPFS tool writes it.
  CHECK(cid_text(cid) == "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  auto back = cid_from_text("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  REQUIRE(back);
  CHECK(*back == cid);
  auto info = parse_cid(cid);
  REQUIRE(info);
  CHECK(info->codec == 0x55);
  CHECK(info->hash == 0x12);
  CHECK(info->digest == sha256_raw("hello"));
  CHECK_FALSE(cid_from_text("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4ye"));  // cut short
  CHECK_FALSE(cid_from_text("not a cid"));
  CHECK_FALSE(parse_cid(bytes({0x01, 0x71, 0x12, 0x20, 0x00})));  // digest longer than the bytes
}

TEST_CASE("car: DAG-CBOR values", "[car]") {
  CHECK(dec(bytes({0x00})) == 0);
  CHECK(dec(bytes({0x18, 0x64})) == 100);
  CHECK(dec(bytes({0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})) == 18446744073709551615ull);
  CHECK(dec(bytes({0x20})) == -1);
  CHECK(dec(bytes({0x38, 0x63})) == -100);
  CHECK(dec(bytes({0xf4})) == false);
  CHECK(dec(bytes({0xf6})).is_null());
  CHECK(dec(bytes({0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0})) == 1.5);
  CHECK(dec(bytes({0xf9, 0x3c, 0x00})) == 1.0);  // half precision
  CHECK(dec("\x65" "caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(dec(bytes({0x43, 1, 2, 3})) == json{{"$bytes", "AQID"}});
  json m = dec(cbor({{"text", "hi"}, {"n", json::array({1, 2})}}));
  CHECK(m == json{{"text", "hi"}, {"n", {1, 2}}});
  std::string cid = cid_of("x");
  CHECK(dec(cbor(test::link(cid))) == json{{"$link", cid_text(cid)}});
}

TEST_CASE("car: DAG-CBOR refuses what it does not allow, with the byte", "[car]") {
  auto refuses = [](const std::string& b, const std::string& what) {
    try {
      dec(b);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK_THAT(e.message(), Catch::Contains(what));
    }
  };
  refuses(bytes({0x9f, 0x01, 0xff}), "indefinite");
  refuses(bytes({0xc1, 0x00}), "tag 1");
  refuses(bytes({0xa1, 0x01, 0x02}), "not a text string");
  refuses(bytes({0xa2, 0x61, 'a', 0x01, 0x61, 'a', 0x02}), "twice");
  refuses(bytes({0xf7}), "undefined");
  refuses(bytes({0xf9, 0x7c, 0x00}), "infinite");
  refuses(bytes({0x62, 0xc3, 0x28}), "not UTF-8");
  refuses(bytes({0x01, 0x02}), "after the value");
  refuses(bytes({0x5a, 0xff, 0xff, 0xff, 0xff}), "bytes");  // a 4 GB string in 5 bytes
  refuses(bytes({0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "more items than bytes");
  refuses(bytes({0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "below -2^63");
  refuses(bytes({0xd8, 0x2a, 0x42, 0x00, 0x01}), "not a CID");
  refuses(bytes({0xd8, 0x2a, 0x41, 0x01}), "0x00 prefix");
  refuses(bytes({0x18}), "ends early");
  std::string deep(100, static_cast<char>(0x81));
  refuses(deep + bytes({0x00}), "deeper");
}

TEST_CASE("car: blocks are read one by one and each CID is checked", "[car]") {
  std::string a = cbor({{"a", 1}}), b = cbor({{"b", 2}});
  std::string header = cbor({{"version", 1}, {"roots", json::array({test::link(cid_of(a))})}});
  std::string bad = b;
  bad[bad.size() - 1] = 3;  // the bytes changed after the CID was made
  std::string file = test::uvarint(header.size()) + header + test::car_block(cid_of(a), a) + test::car_block(cid_of(b), bad);
  MemoryStream s(file);
  CarReader car(s, "repo.car");
  REQUIRE(car.roots().size() == 1);
  CHECK(car.roots()[0] == cid_of(a));
  CarBlock blk;
  REQUIRE(car.next(blk));
  CHECK(blk.bad.empty());
  CHECK(blk.data == a);
  CHECK(blk.number == 1);
  REQUIRE(car.next(blk));
  CHECK_THAT(blk.bad, Catch::Contains("hash to"));
  CHECK_THAT(car.where(blk), Catch::Contains("block 2 at byte") && Catch::Contains(cid_text(cid_of(b))));
  CHECK_FALSE(car.next(blk));

  // A CIDv0 (a bare sha2-256 multihash, as the fuzz target found one) is checked as well: good
  // when the bytes hash to it, bad when not.
  std::string v0 = std::string("\x12\x20", 2) + sha256_raw(a);
  std::string v0_bad = std::string("\x12\x20", 2) + sha256_raw(b);
  MemoryStream v0s(test::uvarint(header.size()) + header + test::car_block(v0, a) + test::car_block(v0_bad, a));
  CarReader v0car(v0s, "repo.car");
  REQUIRE(v0car.next(blk));
  CHECK(blk.bad.empty());
  CHECK(blk.cid == v0);
  CHECK(blk.data == a);
  REQUIRE(v0car.next(blk));
  CHECK_THAT(blk.bad, Catch::Contains("hash to"));

  MemoryStream cut(file.substr(0, file.size() - 3));
  CarReader short_car(cut, "repo.car");
  REQUIRE(short_car.next(blk));
  CHECK_THROWS_WITH(short_car.next(blk), Catch::Contains("ends early"));
  std::string v2_header = cbor({{"version", 2}});
  MemoryStream v2(test::uvarint(v2_header.size()) + v2_header);
  CHECK_THROWS_WITH(CarReader(v2, "x.car"), Catch::Contains("CAR v2"));
  // A map with a "$link" key is not a link: the root must be a tag-42 CID.
  for (json fake : {json{{"$link", 5}}, json{{"$link", "bafy-not-a-cid"}}}) {
    std::string h = cbor({{"version", 1}, {"roots", json::array({fake})}});
    MemoryStream s2(test::uvarint(h.size()) + h);
    CHECK_THROWS_WITH(CarReader(s2, "x.car"), Catch::Contains("not a link"));
  }
  MemoryStream junk(std::string("PK\x03\x04 not a car"));
  CHECK_THROWS_AS(CarReader(junk, "x.car"), Error);
}
