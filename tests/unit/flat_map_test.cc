#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <unordered_map>

#include "lib/flat_map.h"

using namespace dataport;

TEST_CASE("FlatU64Map keeps the first value of each key, as unordered_map does, through its growth", "[flat_map]") {
  FlatU64Map map;
  std::unordered_map<uint64_t, uint64_t> reference;
  std::mt19937_64 rng(6);
  // Keys of every kind: random, small counts (which a plain modulo would crowd into few slots),
  // the key 0 that marks an empty slot, and keys met again with another value.
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 20000; ++i) keys.push_back(i);
  for (int i = 0; i < 60000; ++i) keys.push_back(rng());
  for (int i = 0; i < 40000; ++i) keys.push_back(keys[rng() % keys.size()]);
  std::shuffle(keys.begin(), keys.end(), rng);
  int differ = 0;
  for (uint64_t k : keys) {
    uint64_t v = rng();
    auto [place, fresh] = map.try_emplace(k, v);
    auto [it, ref_fresh] = reference.try_emplace(k, v);
    if ((fresh != ref_fresh || *place != it->second) && ++differ <= 5) FAIL_CHECK("key " << k);
  }
  CHECK(differ == 0);
  CHECK(map.size() == reference.size());
  CHECK(reference.size() > 70000);
  // Every key is found again with its first value, none added.
  for (const auto& [k, v] : reference) {
    auto [place, fresh] = map.try_emplace(k, v + 1);
    if ((fresh || *place != v) && ++differ <= 5) FAIL_CHECK("key " << k << " again");
  }
  CHECK(differ == 0);
  CHECK(map.size() == reference.size());
  // At most 4 in 5 slots full, 16 bytes each: a power of two of slots.
  CHECK(map.bytes() >= map.size() * 16 * 5 / 4);
  CHECK(map.bytes() <= map.size() * 16 * 5 / 4 * 2 + 16 * 1024);
}

TEST_CASE("FlatKey128Map keeps the first value of each key up to its cap, then takes no new key", "[flat_map]") {
  const size_t cap = 50000;
  FlatKey128Map map(cap);
  std::map<std::pair<uint64_t, uint64_t>, int64_t> reference;
  std::mt19937_64 rng(11);
  // Keys that share a word (ids are random, but the map must not rely on it), the key (0, 0) that
  // marks an empty slot, and keys met again with another value.
  std::vector<std::pair<uint64_t, uint64_t>> keys{{0, 0}, {0, 1}, {1, 0}};
  for (uint64_t i = 0; i < 20000; ++i) keys.push_back({7, i});
  for (uint64_t i = 0; i < 20000; ++i) keys.push_back({i, 7});
  for (int i = 0; i < 30000; ++i) keys.push_back({rng(), rng()});
  for (int i = 0; i < 30000; ++i) keys.push_back(keys[rng() % keys.size()]);
  std::shuffle(keys.begin(), keys.end(), rng);
  int differ = 0, refused = 0;
  for (auto [hi, lo] : keys) {
    auto v = static_cast<int64_t>(rng());
    int64_t* place = map.find_or_insert(hi, lo, v);
    auto it = reference.find({hi, lo});
    if (it != reference.end()) {
      if ((!place || *place != it->second) && ++differ <= 5) FAIL_CHECK("key " << hi << "," << lo << " again");
    } else if (reference.size() < cap) {
      reference.emplace(std::make_pair(hi, lo), v);
      if ((!place || *place != v) && ++differ <= 5) FAIL_CHECK("key " << hi << "," << lo);
    } else {
      ++refused;
      if (place && ++differ <= 5) FAIL_CHECK("key " << hi << "," << lo << " past the cap");
    }
  }
  CHECK(differ == 0);
  CHECK(map.size() == cap);
  CHECK(refused > 10000);
  // What it holds, it still finds with the first value; cleared, it takes new keys again.
  for (const auto& [k, v] : reference) {
    int64_t* place = map.find_or_insert(k.first, k.second, v + 1);
    if ((!place || *place != v) && ++differ <= 5) FAIL_CHECK("key " << k.first << "," << k.second << " at the end");
  }
  CHECK(differ == 0);
  map.clear();
  CHECK(map.size() == 0);
  REQUIRE(map.find_or_insert(0, 0, 5) != nullptr);
  CHECK(*map.find_or_insert(0, 0, 6) == 5);
  CHECK(*map.find_or_insert(keys[0].first + 1, 3, 9) == 9);
}
