// The reusable buffers of a SignalComputer and the n-gram repetition pass that works on them.
#ifndef SARING_QUALITY_SIGNAL_SCRATCH_H_
#define SARING_QUALITY_SIGNAL_SCRATCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "quality/flat_map.h"
#include "saring/quality.h"

namespace saring::quality_internal {

// An array of plain values that is never value-initialised and grows only when told to: the
// scanner makes room for a whole line's words at once and writes every element before reading
// it, so per-token writes need neither a capacity check nor a size update (as push_back would).
template <class T>
class PodArray {
 public:
  // Makes room for n elements; the contents are lost when it grows.
  void Reserve(size_t n) {
    if (n <= capacity_) return;
    data_.reset(new T[n]);
    capacity_ = n;
  }
  // Makes room for n elements, keeping the first `keep`; grows at least 1.5 times.
  void Grow(size_t n, size_t keep) {
    if (n <= capacity_) return;
    const size_t capacity = std::max(n, capacity_ + capacity_ / 2);
    std::unique_ptr<T[]> data(new T[capacity]);
    std::copy(data_.get(), data_.get() + keep, data.get());
    data_ = std::move(data);
    capacity_ = capacity;
  }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
};

// Capacity (a power of two, at least 16) for about `entries` keys at load <= 1/2.
inline size_t TableCapacity(size_t entries) {
  size_t cap = 16;
  while (cap < entries * 2) cap *= 2;
  return cap;
}

// CoreCache: everything the scanner derives from a short word core, kept across documents.
//
// Keyed by the core's exact bytes (CoreKey: at most 15 bytes, ASCII letters lower-cased, and the
// length), so a hit returns exactly what recomputing would: the core's XXH3 hash (of its full
// lower-casing, the n-gram identity), code points, whether it has a letter, its C4 keyword,
// whether it starts with "javascript", and stop-word status. Most words of a document were met
// in earlier documents, so the lower-casing (utf8proc for non-ASCII letters), hashing and
// stop-word and keyword lookups run once per distinct core, not once per token. The slot also
// holds the core's word id in the document with stamp `doc`: later occurrences in the same
// document need no other lookup. (Tokens whose keys differ but whose cores hash alike, e.g.
// "École" and "école", still share one word id, through WordIdMap.)
//
// Stop words: bit b of stop_is is membership in built-in list b (StopWords::BuiltIn, which live
// for the whole program), known if bit b of stop_known is set. Another list could be destroyed
// and a different one built at the same address, so its status is kStop, recomputed at the
// core's first occurrence in each document.
//
// Open addressing with linear probing, 40-byte slots. When half full it is emptied, which only
// costs recomputation, and grown, up to 2^kMaxLogSlots slots. It is then larger than the
// first-level cache, so the scanner requests a token's slot (Prefetch) a few tokens before it
// looks it up.
struct CacheSlot {
  uint64_t lo = 0, hi = 0;  // the key; hi == 0: empty
  uint64_t hash = 0;        // XXH3 of the lower-cased core (or of the token if its core is empty)
  uint32_t doc = 0;         // stamp of the document `id` belongs to; 0: none
  uint32_t id = 0;          // word id in that document
  uint8_t chars = 0;        // code points of the core
  uint8_t flags = 0;        // k* bits
  uint8_t keyword = 0;      // the C4 keyword (signals.cc's Keyword), or 0
  uint8_t stop_known = 0, stop_is = 0;

  static constexpr uint8_t kAlpha = 1;       // contains a letter (Unicode L*)
  static constexpr uint8_t kJavascript = 2;  // starts with "javascript" (ASCII case-insensitive)
  static constexpr uint8_t kStop = 4;        // in the document's list, if not a built-in one
  static constexpr uint8_t kEmptyCore = 8;   // a token of punctuation only (never a stop word)
  static constexpr uint8_t kNonAscii = 16;   // has a byte >= 0x80 (so lower-cases with utf8proc)
};

class CoreCache {
 public:
  static constexpr int kMinLogSlots = 9;   // 20 KB: a computer used for one document stays cheap
  static constexpr int kMaxLogSlots = 15;  // 1.3 MB

  // The hash of a key, for Find and Prefetch: a multiply on a mix of both halves, whose top bits
  // (the home slot) depend on every bit of the key.
  static uint64_t Hash(uint64_t lo, uint64_t hi) {
    return (lo ^ (hi * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull;
  }

  // Starts loading the home slot of a key with hash `hash`.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash >> shift_]); }

  // The slot for key (lo, hi) with hash `hash`, or the empty slot where it belongs (hi == 0).
  [[gnu::always_inline]] inline CacheSlot* Find(uint64_t lo, uint64_t hi, uint64_t hash) {
    CacheSlot* const slots = slots_.get();
    size_t slot = static_cast<size_t>(hash >> shift_);
    while ((slots[slot].hi != 0) & ((slots[slot].lo != lo) | (slots[slot].hi != hi))) {
      slot = (slot + 1) & mask_;
    }
    return &slots[slot];
  }

  // Claims the empty slot s (from Find) for key (lo, hi): returns it, or, if the cache was half
  // full and has been emptied (growing it, up to its largest size), the key's slot in the
  // empty cache.
  CacheSlot* Claim(CacheSlot* s, uint64_t lo, uint64_t hi, uint64_t hash) {
    if (++size_ * 2 > mask_ + 1) {
      Allocate(std::min(64 - shift_ + 1, kMaxLogSlots));
      size_ = 1;
      s = Find(lo, hi, hash);
    }
    *s = CacheSlot();
    s->lo = lo;
    s->hi = hi;
    return s;
  }

  // Starts a document: returns its stamp (CacheSlot::doc).
  uint32_t NewDocument() {
    if (!slots_) Allocate(kMinLogSlots);
    if (++doc_ == 0) {  // wrapped: slots of 2^32 documents ago would read as current
      Allocate(64 - shift_);
      doc_ = 1;
    }
    return doc_;
  }

 private:
  // Empties the cache, with 2^log_slots slots.
  void Allocate(int log_slots) {
    const size_t slots = size_t{1} << log_slots;
    if (mask_ + 1 == slots && slots_) {
      std::fill(slots_.get(), slots_.get() + slots, CacheSlot());
    } else {
      slots_.reset(new CacheSlot[slots]());
    }
    mask_ = slots - 1;
    shift_ = 64 - log_slots;
    size_ = 0;
  }

  std::unique_ptr<CacheSlot[]> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
  uint32_t doc_ = 0;
};

// WordIdMap: word hash (XXH3 of the lower-cased core) -> dense word id, for one document.
// Keeps FlatMap64's behaviour exactly (hash 0 is stored as 1, so hashes 0 and 1 share an id),
// with 8-byte keys in their own array (0 = empty). Reset() empties only the slots the last
// document used, so that the map stays in cache.
class WordIdMap {
 public:
  void Reset(size_t expected_entries) {
    for (uint32_t slot : used_) keys_[slot] = 0;
    used_.clear();
    SetCapacity(TableCapacity(expected_entries));
  }

  // The id of `hash`; if absent, inserts it with id `value_if_new` and sets *inserted.
  [[gnu::always_inline]] inline uint32_t FindOrInsert(uint64_t hash, uint32_t value_if_new,
                                                      bool* inserted) {
    const uint64_t key = hash == 0 ? 1 : hash;
    size_t slot = Home(key);
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask_;
    *inserted = keys_[slot] == 0;
    if (!*inserted) return ids_[slot];
    keys_[slot] = key;
    ids_[slot] = value_if_new;
    used_.push_back(static_cast<uint32_t>(slot));
    if (used_.size() * 2 > mask_ + 1) Grow();
    return value_if_new;
  }

 private:
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void SetCapacity(size_t cap) {
    if (keys_.size() < cap) {
      keys_.resize(cap);
      ids_.resize(cap);
    }
    mask_ = cap - 1;
    shift_ = 64;
    for (size_t c = cap; c > 1; c >>= 1) --shift_;
  }

  [[gnu::noinline]] void Grow() {
    grow_keys_.clear();
    grow_ids_.clear();
    for (uint32_t slot : used_) {
      grow_keys_.push_back(keys_[slot]);
      grow_ids_.push_back(ids_[slot]);
      keys_[slot] = 0;
    }
    used_.clear();
    SetCapacity((mask_ + 1) * 2);
    for (size_t i = 0; i < grow_keys_.size(); ++i) {
      size_t slot = Home(grow_keys_[i]);
      while (keys_[slot] != 0) slot = (slot + 1) & mask_;
      keys_[slot] = grow_keys_[i];
      ids_[slot] = grow_ids_[i];
      used_.push_back(static_cast<uint32_t>(slot));
    }
  }

  std::vector<uint64_t> keys_;  // all 0, except those listed in used_
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> used_;
  std::vector<uint64_t> grow_keys_;
  std::vector<uint32_t> grow_ids_;
  size_t mask_ = 0;
  int shift_ = 60;
};

struct SignalScratch {
  // One entry per word of the document, in order.
  PodArray<uint32_t> word_chars;  // code points of the token
  PodArray<uint32_t> word_group;  // dense id of the word's core, by first occurrence
  PodArray<uint32_t> word_count;  // occurrences per word id
  size_t num_words = 0;
  size_t num_ids = 0;
  WordIdMap word_map;  // XXH3 of a core -> word id

  CoreCache core_cache;

  // Byte classes of the document (ClassifyText, byte_classes.h): one bit per byte.
  PodArray<uint64_t> space_bits;   // whitespace characters
  PodArray<uint64_t> high_bits;    // >= 0x80
  PodArray<uint64_t> punct_bits;   // ASCII punctuation
  PodArray<uint64_t> letter_bits;  // ASCII letters

  // N-gram pass (ngram_signals.cc).
  // The live list: start positions (ascending) whose n-gram may occur more than once, with the
  // n-gram's id at the current level.
  PodArray<uint32_t> live_pos;
  PodArray<uint32_t> live_group;
  PodArray<uint32_t> group_count;  // occurrences per n-gram id at the current level
  PodArray<uint32_t> next_count;
  // The n-gram pair table (ngram_signals.cc): keys (all 0 = empty, except those at the first
  // pair_used_count slots listed in pair_used) and ids.
  std::vector<uint64_t> pair_keys;
  std::vector<uint32_t> pair_ids;
  PodArray<uint32_t> pair_used;
  size_t pair_used_count = 0;

  FlatMap64 line_map;
  FlatMap64 paragraph_map;
};

// Fills s->top_ngram_char_fraction and s->dup_ngram_char_fraction from the first
// scratch->num_words entries of word_chars and word_group and the first num_ids of word_count;
// total_chars is the sum of word_chars. See ngram_signals.cc for the algorithm.
void ComputeNgramSignals(SignalScratch* scratch, uint64_t total_chars, QualitySignals* s);

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_SIGNAL_SCRATCH_H_
