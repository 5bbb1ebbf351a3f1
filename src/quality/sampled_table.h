// SampledTable<Value>: an exact hash -> Value table with a byte budget that degrades by
// deterministic key sampling instead of growing without limit, and whose content does not
// depend on insertion order or on how the input was split between merged tables.
//
// Keys are 64-bit hashes. At sampling level L the table keeps only keys whose top L bits are zero
// (a hash-selected 1/2^L of all keys) and holds exact values for every kept key. When the table
// is at its largest capacity and more than kMaxLoad full, L increases by one and the keys that
// fall outside the new range are dropped; keys outside the range are ignored from then on.
//
// Why this is order-independent: L is only raised when the keys seen so far in range(L) do not
// fit, and those are a subset of all keys in range(L), which then cannot fit either. So any table
// (or merge of tables) built from a set S of keys ends at the same level, the smallest L with
// |S ∩ range(L)| <= max_keys, and every key kept at that level was never dropped, so its value
// is the exact merge of all its updates. Value::Merge must be commutative and associative.
//
// Memory: max_capacity slots of sizeof(Entry) bytes, chosen so that the peak during a resize or
// prune (old and new arrays alive together) stays within the budget.
#ifndef SARING_QUALITY_SAMPLED_TABLE_H_
#define SARING_QUALITY_SAMPLED_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace saring::quality_internal {

template <class Value>
class SampledTable {
 public:
  struct Entry {
    uint64_t key = 0;  // 0: empty slot (key 0 is stored as 1)
    Value value{};
  };
  static constexpr double kMaxLoad = 0.7;

  explicit SampledTable(size_t budget_bytes) {
    max_capacity_ = kMinCapacity;
    while (max_capacity_ * 2 * 2 * sizeof(Entry) <= budget_bytes) max_capacity_ *= 2;
    slots_.resize(kMinCapacity);
  }

  // Returns the value for `key`, inserting a default Value if absent, or nullptr if the key is not
  // sampled at the current level. The pointer is valid until the next Upsert or MergeFrom.
  Value* Upsert(uint64_t key) {
    key = key == 0 ? 1 : key;
    if (!Sampled(key)) return nullptr;
    size_t slot = Probe(key);
    if (slots_[slot].key == key) return &slots_[slot].value;
    slots_[slot].key = key;
    ++size_;
    if (size_ <= Limit()) return &slots_[slot].value;
    // Over the load limit: grow if the budget allows, else sample more coarsely.
    if (slots_.size() < max_capacity_) {
      Rebuild(slots_.size() * 2, level_);
    } else {
      while (size_ > Limit()) Rebuild(slots_.size(), level_ + 1);
    }
    if (!Sampled(key)) return nullptr;
    return &slots_[Probe(key)].value;
  }

  // The value for `key`, or nullptr if absent or not sampled.
  const Value* Find(uint64_t key) const {
    key = key == 0 ? 1 : key;
    if (!Sampled(key)) return nullptr;
    const size_t slot = Probe(key);
    return slots_[slot].key == key ? &slots_[slot].value : nullptr;
  }

  // Adds every entry of `other` (Value::Merge). The result equals a table built from the union
  // of both tables' input, in any order.
  void MergeFrom(const SampledTable& other) {
    if (other.level_ > level_) Rebuild(slots_.size(), other.level_);
    for (const Entry& e : other.slots_) {
      if (e.key == 0) continue;
      Value* v = Upsert(e.key);
      if (v != nullptr) v->Merge(e.value);
    }
  }

  // Sharded learning (boilerplate_partition.cc). Keeps only the keys sampled at `level` when it
  // is above the current level (as if more keys had arrived); otherwise does nothing.
  void RaiseLevel(int level) {
    if (level > level_) Rebuild(slots_.size(), level);
  }
  // The most keys the table holds without sampling more coarsely.
  size_t max_keys() const {
    return static_cast<size_t>(static_cast<double>(max_capacity_) * kMaxLoad);
  }
  // out[L] = keys held whose top L bits are zero, L = 0..64 (exact for L >= level()).
  std::vector<uint64_t> KeysPerLevel() const {
    std::vector<uint64_t> by_zeros(65, 0), out(65, 0);
    for (const Entry& e : slots_) {
      if (e.key != 0) ++by_zeros[static_cast<size_t>(__builtin_clzll(e.key))];
    }
    uint64_t sum = 0;
    for (int zeros = 64; zeros >= 0; --zeros) {
      sum += by_zeros[static_cast<size_t>(zeros)];
      out[static_cast<size_t>(zeros)] = sum;
    }
    return out;
  }
  // Calls f(const Entry&) for every entry, in slot order.
  template <class F>
  void ForEach(F&& f) const {
    for (const Entry& e : slots_) {
      if (e.key != 0) f(e);
    }
  }
  // Drops the entries for which drop(const Entry&) is true.
  template <class P>
  void DropIf(P&& drop) {
    std::vector<Entry> old(slots_.size());
    old.swap(slots_);
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key == 0 || drop(e)) continue;
      slots_[Probe(e.key)] = e;
      ++size_;
    }
  }

  int level() const { return level_; }
  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.size() * sizeof(Entry); }

  // All entries sorted by key, for comparisons in tests.
  std::vector<Entry> SortedEntries() const {
    std::vector<Entry> entries;
    for (const Entry& e : slots_) {
      if (e.key != 0) entries.push_back(e);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });
    return entries;
  }

 private:
  static constexpr size_t kMinCapacity = 1024;

  bool Sampled(uint64_t key) const { return level_ == 0 || (key >> (64 - level_)) == 0; }
  size_t Limit() const {
    return static_cast<size_t>(static_cast<double>(slots_.size()) * kMaxLoad);
  }

  // The slot holding `key`, or the empty slot where it would go. Homes use the low bits; the
  // sampling test uses the top bits, so the two are independent.
  size_t Probe(uint64_t key) const {
    const size_t mask = slots_.size() - 1;
    size_t slot = key & mask;
    while (slots_[slot].key != 0 && slots_[slot].key != key) slot = (slot + 1) & mask;
    return slot;
  }

  // Re-inserts the entries sampled at `level` into `capacity` fresh slots.
  void Rebuild(size_t capacity, int level) {
    std::vector<Entry> old(capacity);
    old.swap(slots_);
    level_ = level;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key == 0 || !Sampled(e.key)) continue;
      slots_[Probe(e.key)] = e;
      ++size_;
    }
  }

  std::vector<Entry> slots_;
  size_t size_ = 0;
  size_t max_capacity_;
  int level_ = 0;
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_SAMPLED_TABLE_H_
