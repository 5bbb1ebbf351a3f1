// A reusable open-addressing hash table from 64-bit hashes to a small record (private).
// The keys are already well-mixed hashes (XXH3), so the low bits index the table directly.
//
// Thread-safety: not thread-safe.
#ifndef SARING_TEXT_HASH_SLOT_TABLE_H_
#define SARING_TEXT_HASH_SLOT_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace saring::text {

class HashSlotTable {
 public:
  struct Slot {
    uint64_t hash = 0;
    uint32_t head = 0;   // caller-defined, e.g. the first item with this hash
    uint32_t count = 0;  // 0 means the slot is empty; callers set it >= 1 on insertion
  };

  // Empties the table and sizes it for up to `expected_keys` keys (load factor <= 1/2). Keeps
  // its allocation; clears only the part it will use. Cost: O(expected_keys).
  void Reset(size_t expected_keys) {
    size_t capacity = 16;
    while (capacity < 2 * expected_keys) capacity *= 2;
    if (slots_.size() < capacity) slots_.resize(capacity);
    for (size_t i = 0; i < capacity; ++i) slots_[i].count = 0;
    mask_ = capacity - 1;
  }

  // Returns the slot of `hash`; a new slot has count == 0 and must be given count >= 1 before
  // the next call. REQUIRES: at most `expected_keys` distinct keys since Reset().
  Slot* FindOrInsert(uint64_t hash) {
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.count == 0) {
        s.hash = hash;
        return &s;
      }
      if (s.hash == hash) return &s;
    }
  }

  // Returns the slot of `hash`, or null if it has none.
  const Slot* Find(uint64_t hash) const {
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.count == 0) return nullptr;
      if (s.hash == hash) return &s;
    }
  }

  Slot& at(uint32_t index) { return slots_[index]; }
  const Slot& at(uint32_t index) const { return slots_[index]; }
  uint32_t IndexOf(const Slot* slot) const { return static_cast<uint32_t>(slot - slots_.data()); }

 private:
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace saring::text

#endif  // SARING_TEXT_HASH_SLOT_TABLE_H_
