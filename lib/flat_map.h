#pragma once
// A map from 64-bit keys to 64-bit values in one flat array (open addressing, linear probing):
// 16 bytes a slot, no node per entry. For what is kept per record or row, millions of them: the
// ids an ingest without a store (inspect, --dry-run) has met, by the hash of each, to tell
// repeats apart (std::unordered_map took about 48 bytes an entry and a cache miss or two per
// lookup), and the natural keys of a CSV file's rows (CsvRows), by theirs.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace dataport {

class FlatU64Map {
 public:
  /// Inserts key -> value unless key is there; returns its value's place and whether it was new.
  /// The place stays valid until the next insert.
  std::pair<uint64_t*, bool> try_emplace(uint64_t key, uint64_t value) {
    if (key == empty_key) {  // the one key a slot cannot hold: kept aside
      bool fresh = !has_empty_key_;
      if (fresh) {
        has_empty_key_ = true;
        empty_key_value_ = value;
        ++size_;
      }
      return {&empty_key_value_, fresh};
    }
    // Grown at 4/5 full: a probe stays a few slots long (four to a cache line), and 6.3M fixes
    // fit 8M slots (128 MiB; unordered_map took 300 MB for them).
    if ((size_ + 1) * 5 > slots_.size() * 4) grow();
    Slot* s = find(key);
    bool fresh = s->key == empty_key;
    if (fresh) {
      *s = {key, value};
      ++size_;
    }
    return {&s->value, fresh};
  }
  size_t size() const { return size_; }
  /// The bytes the slots take.
  size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  static constexpr uint64_t empty_key = 0;
  struct Slot {
    uint64_t key = empty_key, value = 0;
  };
  // The slot holding key, or the empty one where it would go. Keys are mixed first: callers give
  // hashes, but a hash of few bits' spread (or a plain count) must not crowd one run of slots.
  Slot* find(uint64_t key) {
    size_t mask = slots_.size() - 1;
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    for (size_t i = static_cast<size_t>(h ^ (h >> 29)) & mask;; i = (i + 1) & mask)
      if (slots_[i].key == key || slots_[i].key == empty_key) return &slots_[i];
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    for (const Slot& s : old)
      if (s.key != empty_key) *find(s.key) = s;
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
  bool has_empty_key_ = false;
  uint64_t empty_key_value_ = 0;
};

}  // namespace dataport
