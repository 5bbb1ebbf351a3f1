// Gopher's n-gram repetition signals (Rae et al. 2021, App. A, Table A1) by iterative refinement.
//
// Instead of hashing every n-gram for every n (nine hash-table operations per word for n = 2..10),
// n-grams are identified level by level. Level 1 gives each distinct word a dense id (done by the
// scanner in signals.cc as it hashes each word). The n-gram
// starting at position i is then the pair (id of the (n-1)-gram at i, id of word i+n-1), and only
// pairs that can repeat are looked up: if the (n-1)-gram at i or the word i+n-1 occurs once in the
// document, the n-gram at i occurs once too and is marked unique without a lookup. In prose most
// 4-grams are unique, so levels 5..10 touch few positions and the whole pass costs about 1.2
// table operations per word (on the benchmark corpus). The result is exact given the word hashes
// (64-bit XXH3).
//
// Signals, with chars = code points of the words covered (each word counted once):
//   top n-gram (n = 2..4): words covered by any occurrence of the most frequent n-gram, which must
//     occur at least twice (else 0); ties go to the n-gram that occurs first.
//   duplicate n-gram (n = 5..10): words covered by an occurrence that is not the first one.
// Both are divided by the chars of all words.
//
// The positions still in play are kept as a compact ascending "live" list, so a level costs time
// proportional to the n-grams that can still repeat, not to the document.
//
// Pair keys are (group + 1) << 32 | last, never 0 (the empty-slot mark). Until 2026-11-29 the
// key was group << 32 | last with 0 remapped to 1, which merged the n-grams "(n-1)-gram 0, then
// word 0" and "(n-1)-gram 0, then word 1" and changed the n-gram fractions of 86 of the 34,441
// documents of the benchmark corpus (QualitySignals.FirstPairsAreDistinctNgrams).
#include <algorithm>

#include "quality/signal_scratch.h"

namespace saring::quality_internal {
namespace {

constexpr uint32_t kUnique = UINT32_MAX;  // TopGroup: no n-gram occurs twice

// Open addressing on ((n-1)-gram id, word id) pairs, sized per level for at most `entries`
// insertions at load <= 1/2, so it never grows. Reset() empties the slots the last level used.
class PairTable {
 public:
  explicit PairTable(SignalScratch* sc) : sc_(sc) {}

  void Reset(size_t entries) {
    const size_t cap = TableCapacity(entries);
    if (sc_->pair_keys.size() < cap) {
      sc_->pair_keys.resize(cap);
      sc_->pair_ids.resize(cap);
    }
    keys_ = sc_->pair_keys.data();
    ids_ = sc_->pair_ids.data();
    for (size_t r = 0; r < sc_->pair_used_count; ++r) keys_[sc_->pair_used[r]] = 0;
    sc_->pair_used.Reserve(entries);
    used_ = sc_->pair_used.data();
    used_count_ = 0;
    mask_ = cap - 1;
    shift_ = 64;
    for (size_t c = cap; c > 1; c >>= 1) --shift_;
  }
  // Records which slots are in use, for the next Reset().
  void Finish() { sc_->pair_used_count = used_count_; }

  // The id of pair (group, last); if absent, inserts it with id `next_id` and sets *inserted.
  // Found or not, the slot is written the same way (whether a pair is new is close to random, so
  // a branch on it would often be mispredicted).
  [[gnu::always_inline]] inline uint32_t FindOrInsert(uint32_t group, uint32_t last,
                                                      uint32_t next_id, bool* inserted) {
    const uint64_t key = ((static_cast<uint64_t>(group) + 1) << 32) | last;  // never 0 (empty)
    // Fibonacci hashing (the top bits of the product) spreads keys made of small integers.
    size_t slot = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask_;
    const bool found = keys_[slot] != 0;
    used_[used_count_] = static_cast<uint32_t>(slot);
    used_count_ += !found;
    const uint32_t id = found ? ids_[slot] : next_id;
    keys_[slot] = key;
    ids_[slot] = id;
    *inserted = !found;
    return id;
  }

 private:
  SignalScratch* sc_;
  uint64_t* keys_ = nullptr;
  uint32_t* ids_ = nullptr;
  uint32_t* used_ = nullptr;
  size_t used_count_ = 0;
  size_t mask_ = 0;
  int shift_ = 60;
};

// The result of one level: the live list and counts are in the scratch arrays.
struct Level {
  size_t live = 0;            // entries in live_pos / live_group
  size_t groups = 0;          // ids in next_count
  bool repeats = false;       // whether any n-gram occurs twice
  uint64_t repeat_chars = 0;  // chars covered by occurrences that are not the first
};

// Refines the live list of level n-1 to level n, in place, in two loops:
// 1. Keeps the positions whose n-gram can repeat: its (n-1)-gram and its last word occur at
//    least twice and it does not run past the end. Level 2 starts from every position (the
//    level-1 live list would be every position whose word repeats, in order). Without
//    data-dependent branches: in prose whether a position survives is close to random.
// 2. Gives each kept position the dense id of its n-gram (pair of (n-1)-gram id and last word
//    id), in order of first occurrence, and counts them.
// repeat_chars: whether to sum Level::repeat_chars (needed for n >= 5 only).
template <bool kFromWords>
Level RefineLevel(SignalScratch* sc, size_t n, size_t prev_live, bool repeat_chars,
                  PairTable* table) {
  const size_t words = sc->num_words;
  uint32_t* pos = sc->live_pos.data();
  uint32_t* group = sc->live_group.data();
  const uint32_t* prev_count = kFromWords ? sc->word_count.data() : sc->group_count.data();
  uint32_t* count = sc->next_count.data();
  const uint32_t* word_group = sc->word_group.data();
  const uint32_t* word_count = sc->word_count.data();
  const uint32_t* word_chars = sc->word_chars.data();

  size_t kept = 0;
  if (kFromWords) {
    for (size_t i = 0; i + 1 < words; ++i) {
      pos[kept] = static_cast<uint32_t>(i);
      kept += (prev_count[word_group[i]] >= 2) & (word_count[word_group[i + 1]] >= 2);
    }
  } else {
    for (size_t r = 0; r < prev_live; ++r) {
      const size_t i = pos[r];
      if (i + n > words) break;  // positions are ascending
      const uint32_t g = group[r];
      pos[kept] = static_cast<uint32_t>(i);
      group[kept] = g;
      kept += (prev_count[g] >= 2) & (word_count[word_group[i + n - 1]] >= 2);
    }
  }

  table->Reset(kept);
  Level level;
  level.live = kept;
  uint32_t groups = 0;
  size_t covered_until = 0, repeats = 0;
  for (size_t r = 0; r < kept; ++r) {
    const size_t i = pos[r];
    const uint32_t g = kFromWords ? word_group[i] : group[r];
    bool inserted = false;
    const uint32_t id = table->FindOrInsert(g, word_group[i + n - 1], groups, &inserted);
    group[r] = id;
    count[id] = inserted ? 1 : count[id] + 1;
    groups += inserted;
    repeats += !inserted;
    if (repeat_chars && !inserted) {  // add the chars of its words not yet covered
      for (size_t j = std::max(i, covered_until); j < i + n; ++j)
        level.repeat_chars += word_chars[j];
      covered_until = i + n;
    }
  }
  table->Finish();
  level.groups = groups;
  level.repeats = repeats != 0;
  return level;
}

// The id of the most frequent n-gram (earliest on ties), or kUnique if none occurs twice.
uint32_t TopGroup(const uint32_t* counts, size_t groups) {
  uint32_t best = kUnique, best_count = 1;
  for (size_t id = 0; id < groups; ++id) {
    if (counts[id] > best_count) {
      best = static_cast<uint32_t>(id);
      best_count = counts[id];
    }
  }
  return best;
}

// Sums word_chars over the union of [pos, pos + n) for every live entry whose id is `top`.
uint64_t TopChars(const SignalScratch* sc, size_t n, size_t live, uint32_t top) {
  const uint32_t* pos = sc->live_pos.data();
  const uint32_t* group = sc->live_group.data();
  const uint32_t* word_chars = sc->word_chars.data();
  uint64_t chars = 0;
  size_t covered_until = 0;
  for (size_t r = 0; r < live; ++r) {
    if (group[r] != top) continue;
    const size_t i = pos[r];
    for (size_t j = std::max(i, covered_until); j < i + n; ++j) chars += word_chars[j];
    covered_until = i + n;
  }
  return chars;
}

}  // namespace

void ComputeNgramSignals(SignalScratch* sc, uint64_t total_chars, QualitySignals* s) {
  const size_t words = sc->num_words;
  if (words < 2 || total_chars == 0) return;
  // Every level keeps at most `words` positions and ids.
  sc->live_pos.Reserve(words);
  sc->live_group.Reserve(words);
  sc->group_count.Reserve(words);
  sc->next_count.Reserve(words);
  PairTable table(sc);
  const double denominator = static_cast<double>(total_chars);
  size_t live = 0;
  for (size_t n = 2; n <= 10 && n <= words; ++n) {
    const Level level = n == 2 ? RefineLevel<true>(sc, n, 0, false, &table)
                               : RefineLevel<false>(sc, n, live, n >= 5, &table);
    live = level.live;
    std::swap(sc->group_count, sc->next_count);
    if (n <= 4) {
      const uint32_t top = TopGroup(sc->group_count.data(), level.groups);
      const uint64_t chars = top == kUnique ? 0 : TopChars(sc, n, live, top);
      s->top_ngram_char_fraction[n - 2] = static_cast<double>(chars) / denominator;
    } else {
      s->dup_ngram_char_fraction[n - 5] = static_cast<double>(level.repeat_chars) / denominator;
    }
    // No n-gram occurs twice: no longer one can, and the remaining fractions stay 0.
    if (!level.repeats) break;
  }
}

}  // namespace saring::quality_internal
