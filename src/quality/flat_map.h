// FlatMap64: an open-addressing (linear probing) map from a 64-bit hash to a uint32_t, for the
// per-document tables of the signal computer.
//
// Reset() is O(1): every slot carries the epoch it was written in, and a slot from an older epoch
// reads as empty, so no memory is cleared between documents. The table grows (doubling, rehash)
// when more than half full, so Reset() only needs an estimate. A computer that has seen its
// largest document never allocates again. Keys are hashes; the key 0 is remapped internally, so
// every uint64_t is a valid key.
#ifndef SARING_QUALITY_FLAT_MAP_H_
#define SARING_QUALITY_FLAT_MAP_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace saring::quality_internal {

class FlatMap64 {
 public:
  // Empties the map and sizes it for about `expected_entries` insertions.
  void Reset(size_t expected_entries) {
    size_ = 0;
    if (++epoch_ == 0) {  // wrapped: slots of 2^32 epochs ago would read as live
      std::fill(slots_.begin(), slots_.end(), Slot{});
      epoch_ = 1;
    }
    size_t cap = 16;
    while (cap < expected_entries * 2) cap *= 2;
    SetCapacity(cap);
  }

  // Finds `key`; if absent, inserts it with value `value_if_new`. Returns the stored value and
  // sets *inserted. Amortised O(1).
  [[gnu::always_inline]] inline uint32_t FindOrInsert(uint64_t key, uint32_t value_if_new,
                                                      bool* inserted) {
    key = key == 0 ? 1 : key;
    size_t slot = Home(key);
    while (slots_[slot].epoch == epoch_) {
      if (slots_[slot].key == key) {
        *inserted = false;
        return slots_[slot].value;
      }
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = {key, value_if_new, epoch_};
    *inserted = true;
    if (++size_ * 2 > mask_ + 1) Grow();
    return value_if_new;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t value = 0;
    uint32_t epoch = 0;  // live iff == epoch_
  };

  // Fibonacci hashing (the top bits of the product) spreads keys made of small integers, such as
  // the n-gram group pairs, over the whole table.
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void SetCapacity(size_t cap) {
    if (slots_.size() < cap) slots_.resize(cap);
    mask_ = cap - 1;
    shift_ = 64;
    for (size_t c = cap; c > 1; c >>= 1) --shift_;
  }

  [[gnu::noinline]] void Grow() {  // cold: keeps FindOrInsert small enough to inline
    const size_t old_cap = mask_ + 1;
    grow_buffer_.clear();
    for (size_t i = 0; i < old_cap; ++i) {
      if (slots_[i].epoch == epoch_) grow_buffer_.push_back(slots_[i]);
    }
    if (++epoch_ == 0) {
      std::fill(slots_.begin(), slots_.end(), Slot{});
      epoch_ = 1;
    }
    SetCapacity(old_cap * 2);
    for (Slot s : grow_buffer_) {
      size_t slot = Home(s.key);
      while (slots_[slot].epoch == epoch_) slot = (slot + 1) & mask_;
      slots_[slot] = {s.key, s.value, epoch_};
    }
  }

  std::vector<Slot> slots_;
  std::vector<Slot> grow_buffer_;
  size_t mask_ = 0;
  size_t size_ = 0;
  int shift_ = 60;  // 64 - log2(capacity)
  uint32_t epoch_ = 0;
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_FLAT_MAP_H_
