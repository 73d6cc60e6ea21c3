#pragma once
// A buffer for reading files and streams a chunk at a time: allocated, not zero-filled. A
// std::vector<char>(1 << 20) wrote a mebibyte of zeros for every file it was made for, and touched
// 256 pages that a read of a 25 KB photo never reaches: on the Facebook bench's 260 photos that
// was 2.6% of all the instructions of the ingest, more than hashing them.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace dataport {

class ChunkBuffer {
 public:
  static constexpr size_t default_size = size_t{1} << 20;
  explicit ChunkBuffer(size_t size = default_size) : data_(std::make_unique_for_overwrite<char[]>(size)), size_(size) {}
  char* data() { return data_.get(); }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_;
};

/// Short texts kept to the end of a run (a files row's note per archive entry, the path of each
/// file an export names and lacks), packed in blocks that never move, so what keep() returns
/// stays valid as long as the arena. A std::string each took 32 bytes and, past 15 characters, an
/// allocation of its own; a string that grows by doubling would leave up to half its size unused.
/// A text equal to the one kept last is not kept again (notes come in runs: "sidecar", ...).
class TextArena {
 public:
  static constexpr size_t block_size = size_t{64} << 10;
  std::string_view keep(std::string_view s) {
    if (s.empty()) return {};
    if (s == last_) return last_;
    if (s.size() > block_size / 4) {  // a long one gets a block of its own; the current one goes on
      char* own = allocate(s.size());
      std::memcpy(own, s.data(), s.size());
      return last_ = std::string_view(own, s.size());
    }
    if (room_ < s.size()) {
      at_ = allocate(block_size);
      room_ = block_size;
    }
    std::memcpy(at_, s.data(), s.size());
    last_ = std::string_view(at_, s.size());
    at_ += s.size();
    room_ -= s.size();
    return last_;
  }
  /// Bytes of the blocks allocated.
  size_t allocated() const { return allocated_; }

 private:
  char* allocate(size_t n) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(n));
    allocated_ += n;
    return blocks_.back().get();
  }
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t allocated_ = 0;
  char* at_ = nullptr;
  size_t room_ = 0;
  std::string_view last_;
};

}  // namespace dataport
