#pragma once
// A lookup by a text key over items that already hold it (archive entries by path, stored media
// by path or name): their places sorted by the key, 4 bytes an item, instead of a hash map of
// views (40-60 bytes an item) or of copies.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <string_view>
#include <vector>

namespace dataport {

/// The places 0..n-1 sorted by key(place) (a std::string_view), equal keys in place order.
template <class Key>
std::vector<uint32_t> sorted_places(size_t n, Key key) {
  std::vector<uint32_t> out(n);
  std::iota(out.begin(), out.end(), uint32_t{0});
  std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  return out;
}

/// The places whose key is `want`, in place order: a range of `sorted` (made by sorted_places
/// with the same key).
template <class Key>
std::span<const uint32_t> places_of(const std::vector<uint32_t>& sorted, std::string_view want, Key key) {
  auto from = std::lower_bound(sorted.begin(), sorted.end(), want,
                               [&](uint32_t p, std::string_view w) { return key(p) < w; });
  auto to = std::upper_bound(from, sorted.end(), want, [&](std::string_view w, uint32_t p) { return w < key(p); });
  return {from, to};
}

}  // namespace dataport
