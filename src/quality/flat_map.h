// FlatMap64: an open-addressing (linear probing) map from a 64-bit hash to a uint32_t, for the
// per-document tables of the signal computer. Reset() keeps the allocation, so a computer that
// has seen its largest document never allocates again. Keys are hashes; the key 0 is remapped
// internally, so every uint64_t is a valid key.
#ifndef SARING_QUALITY_FLAT_MAP_H_
#define SARING_QUALITY_FLAT_MAP_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace saring::quality_internal {

class FlatMap64 {
 public:
  // Empties the map and sizes it for up to `max_entries` insertions (load factor <= 1/2).
  void Reset(size_t max_entries) {
    size_t cap = 16;
    shift_ = 60;
    while (cap < max_entries * 2) {
      cap *= 2;
      --shift_;
    }
    if (keys_.size() < cap) {
      keys_.resize(cap);
      values_.resize(cap);
    }
    mask_ = cap - 1;
    std::fill(keys_.begin(), keys_.begin() + static_cast<ptrdiff_t>(cap), 0);
  }

  // Finds `key`; if absent, inserts it with value `value_if_new`. Returns the stored value and
  // sets *inserted. REQUIRES: fewer insertions since Reset() than its max_entries.
  uint32_t FindOrInsert(uint64_t key, uint32_t value_if_new, bool* inserted) {
    key = key == 0 ? 1 : key;
    // Fibonacci hashing (the top bits of the product) spreads keys made of small integers, such
    // as the n-gram group pairs, over the whole table.
    size_t slot = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    while (keys_[slot] != 0) {
      if (keys_[slot] == key) {
        *inserted = false;
        return values_[slot];
      }
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = key;
    values_[slot] = value_if_new;
    *inserted = true;
    return value_if_new;
  }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  int shift_ = 60;  // 64 - log2(capacity)
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_FLAT_MAP_H_
