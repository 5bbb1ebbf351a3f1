// SeenTable: the first occurrence of each 64-bit content hash, for exact document and paragraph
// dedup. An open-addressing table (linear probing, power-of-two capacity, load <= 1/2) of
// {hash, value} pairs, 16 bytes a slot, plus a string pool for the ids values point to.
//
// Memory: about 32 bytes per distinct hash plus the id bytes; Insert fails with
// ResourceExhausted rather than grow past the budget.
// Thread-safety: not thread-safe; the pipeline uses it from its sequential decide stage.
#ifndef SARING_PIPELINE_SEEN_TABLE_H_
#define SARING_PIPELINE_SEEN_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring::pipeline {

// Where a hash was first seen: an id from the pool and a byte range in that document.
struct FirstSeen {
  uint64_t id_offset = 0;  // into the pool (IdPool)
  uint32_t begin = 0, end = 0;
};

class SeenTable {
 public:
  explicit SeenTable(uint64_t budget_bytes);
  SeenTable(const SeenTable&) = delete;
  SeenTable& operator=(const SeenTable&) = delete;

  // If `hash` is present, sets *found to its first occurrence and returns true. Otherwise inserts
  // `first` and returns false. ResourceExhausted when the budget would be exceeded.
  Result<bool> FindOrInsert(uint64_t hash, const FirstSeen& first, FirstSeen* found);

  uint64_t size() const { return size_; }
  uint64_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t hash;
    FirstSeen value;
    bool used;
  };
  Status Grow();

  uint64_t budget_bytes_;
  uint64_t size_ = 0;
  std::vector<Slot> slots_;
};

// Append-only storage for document ids, addressed by offset. Thread-safety: none.
class IdPool {
 public:
  uint64_t Add(std::string_view id);
  std::string_view Get(uint64_t offset) const;
  // Drops every id added at or after `offset` (an id that turned out not to be needed).
  void Truncate(uint64_t offset) { data_.resize(offset); }
  uint64_t bytes() const { return data_.size(); }

 private:
  std::string data_;  // each id: 4-byte length, then bytes
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SEEN_TABLE_H_
