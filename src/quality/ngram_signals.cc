// Gopher's n-gram repetition signals (Rae et al. 2021, App. A, Table A1) by iterative refinement.
//
// Instead of hashing every n-gram for every n (nine hash-table operations per word for n = 2..10),
// n-grams are identified level by level. Level 1 gives each distinct word a dense id (done by the
// scanner in signals.cc as it hashes each word). The n-gram
// starting at position i is then the pair (id of the (n-1)-gram at i, id of word i+n-1), and only
// pairs that can repeat are looked up: if the (n-1)-gram at i or the word i+n-1 occurs once in the
// document, the n-gram at i occurs once too and is marked unique without a lookup. In prose most
// 4-grams are unique, so levels 5..10 touch few positions and the whole pass costs about two to
// three table operations per word. The result is exact given the word hashes (64-bit XXH3).
//
// Signals, with chars = code points of the words covered (each word counted once):
//   top n-gram (n = 2..4): words covered by any occurrence of the most frequent n-gram, which must
//     occur at least twice (else 0); ties go to the n-gram that occurs first.
//   duplicate n-gram (n = 5..10): words covered by an occurrence that is not the first one.
// Both are divided by the chars of all words.
//
// The positions still in play are kept as a compact ascending "live" list, so a level costs time
// proportional to the n-grams that can still repeat, not to the document.
#include <algorithm>

#include "quality/signal_scratch.h"

namespace saring::quality_internal {
namespace {

constexpr uint32_t kUnique = UINT32_MAX;  // group id of an n-gram known to occur once

// Sums word_chars over the union of [pos, pos + n) for every live entry r with covered(r).
template <class Pred>
uint64_t CoveredChars(const SignalScratch* sc, size_t n, Pred covered) {
  uint64_t chars = 0;
  size_t covered_until = 0;
  for (size_t r = 0; r < sc->live_pos.size(); ++r) {
    if (!covered(r)) continue;
    const size_t i = sc->live_pos[r];
    for (size_t j = std::max(i, covered_until); j < i + n; ++j) chars += sc->word_chars[j];
    covered_until = i + n;
  }
  return chars;
}

// Starts the live list at level 1: every position whose word occurs at least twice.
void InitLive(SignalScratch* sc) {
  const size_t words = sc->word_group.size();
  sc->live_pos.clear();
  sc->live_group.clear();
  for (size_t i = 0; i < words; ++i) {
    const uint32_t g = sc->word_group[i];
    if (sc->word_count[g] < 2) continue;
    sc->live_pos.push_back(static_cast<uint32_t>(i));
    sc->live_group.push_back(g);
  }
  sc->live_repeat.resize(sc->live_pos.size());
  sc->group_count.assign(sc->word_count.begin(), sc->word_count.end());
}

// Refines the live list from level n-1 to level n: drops positions whose n-gram must be unique
// (its (n-1)-gram or its last word occurs once, or it runs past the end) and gives the others
// dense n-gram ids, in place. Afterwards live_group holds level-n ids, group_count their counts
// and live_repeat whether an earlier occurrence exists.
void RefineLevel(SignalScratch* sc, size_t n) {
  const size_t words = sc->word_group.size();
  const size_t live = sc->live_pos.size();
  uint32_t* pos = sc->live_pos.data();
  uint32_t* group = sc->live_group.data();
  uint8_t* repeat = sc->live_repeat.data();
  const uint32_t* prev_count = sc->group_count.data();
  const uint32_t* word_group = sc->word_group.data();
  const uint32_t* word_count = sc->word_count.data();
  sc->ngram_map.Reset(live);
  sc->next_count.clear();
  size_t kept = 0;
  for (size_t r = 0; r < live; ++r) {
    const size_t i = pos[r];
    if (i + n > words) break;  // positions are ascending
    const uint32_t last = word_group[i + n - 1];
    if (prev_count[group[r]] < 2 || word_count[last] < 2) continue;
    bool inserted = false;
    const auto next_id = static_cast<uint32_t>(sc->next_count.size());
    const uint64_t key = (static_cast<uint64_t>(group[r]) << 32) | last;
    const uint32_t id = sc->ngram_map.FindOrInsert(key, next_id, &inserted);
    if (inserted) sc->next_count.push_back(0);
    ++sc->next_count[id];
    pos[kept] = static_cast<uint32_t>(i);
    group[kept] = id;
    repeat[kept] = !inserted;
    ++kept;
  }
  sc->live_pos.resize(kept);
  sc->live_group.resize(kept);
  sc->live_repeat.resize(kept);
  sc->group_count.swap(sc->next_count);
}

// The id of the most frequent n-gram (earliest on ties), or kUnique if none occurs twice.
uint32_t TopGroup(const std::vector<uint32_t>& counts) {
  uint32_t best = kUnique, best_count = 1;
  for (size_t id = 0; id < counts.size(); ++id) {
    if (counts[id] > best_count) {
      best = static_cast<uint32_t>(id);
      best_count = counts[id];
    }
  }
  return best;
}

}  // namespace

void ComputeNgramSignals(SignalScratch* sc, QualitySignals* s) {
  const size_t words = sc->word_group.size();
  uint64_t total_chars = 0;
  for (uint32_t c : sc->word_chars) total_chars += c;
  if (words < 2 || total_chars == 0) return;
  InitLive(sc);
  const double denominator = static_cast<double>(total_chars);
  for (size_t n = 2; n <= 10 && n <= words && !sc->live_pos.empty(); ++n) {
    RefineLevel(sc, n);
    uint64_t chars = 0;
    if (n <= 4) {
      const uint32_t top = TopGroup(sc->group_count);
      if (top != kUnique) {
        chars = CoveredChars(sc, n, [&](size_t r) { return sc->live_group[r] == top; });
      }
      s->top_ngram_char_fraction[n - 2] = static_cast<double>(chars) / denominator;
    } else {
      chars = CoveredChars(sc, n, [&](size_t r) { return sc->live_repeat[r] != 0; });
      s->dup_ngram_char_fraction[n - 5] = static_cast<double>(chars) / denominator;
    }
  }
}

}  // namespace saring::quality_internal
