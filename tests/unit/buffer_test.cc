#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "lib/buffer.h"

using namespace dataport;

TEST_CASE("a text arena keeps every text where it put it, packed, and a repeat of the last once", "[buffer]") {
  TextArena arena;
  std::mt19937 rng(7);
  std::vector<std::string> given;
  std::vector<std::string_view> kept;
  size_t bytes = 0, longest = 0;
  for (int i = 0; i < 20000; ++i) {
    size_t n = rng() % 7 == 0 ? 0 : rng() % 101 == 0 ? 20000 + rng() % 50000 : 1 + rng() % 90;
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>('a' + rng() % 26);
    if (rng() % 5 == 0 && !given.empty()) s = given.back();  // a run of one note
    if (s != (given.empty() ? "" : given.back())) bytes += s.size();
    longest = std::max(longest, s.size());
    given.push_back(s);
    kept.push_back(arena.keep(s));
  }
  REQUIRE(longest > TextArena::block_size / 4);  // the long ones took blocks of their own
  // Every view still reads what was given, after all the blocks that came later.
  for (size_t i = 0; i < given.size(); ++i) {
    INFO("text " << i);
    REQUIRE(kept[i] == given[i]);
  }
  // A repeat of the text kept last is the same bytes, not a copy.
  for (size_t i = 1; i < given.size(); ++i)
    if (!given[i].empty() && given[i] == given[i - 1]) REQUIRE(kept[i].data() == kept[i - 1].data());
  // Packed: what was allocated is what was kept, give or take one block's end per block.
  CHECK(arena.allocated() >= bytes);
  CHECK(arena.allocated() <= bytes + bytes / 16 + TextArena::block_size);
  CHECK(arena.keep("").empty());
}
