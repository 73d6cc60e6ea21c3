#include <catch2/catch.hpp>

#include <algorithm>
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
