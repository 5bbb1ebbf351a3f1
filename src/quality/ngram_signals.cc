// Gopher's n-gram repetition signals (Rae et al. 2021, App. A, Table A1) by iterative refinement.
//
// Instead of hashing every n-gram for every n (nine hash-table operations per word for n = 2..10),
// n-grams are identified level by level. Level 1 gives each distinct word a dense id. The n-gram
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
#include <algorithm>

#include "quality/signal_scratch.h"

namespace saring::quality_internal {
namespace {

constexpr uint32_t kUnique = UINT32_MAX;  // group id of an n-gram known to occur once

// Sums word_chars over the union of [i, i + n) for every start position i where covered(i).
template <class Pred>
uint64_t CoveredChars(const std::vector<uint32_t>& word_chars, size_t positions, size_t n,
                      Pred covered) {
  uint64_t chars = 0;
  size_t covered_until = 0;
  for (size_t i = 0; i < positions; ++i) {
    if (!covered(i)) continue;
    for (size_t j = std::max(i, covered_until); j < i + n; ++j) chars += word_chars[j];
    covered_until = i + n;
  }
  return chars;
}

// Level 1: dense ids for distinct words, and their counts.
void GroupWords(SignalScratch* sc) {
  const size_t n = sc->word_hash.size();
  sc->ngram_map.Reset(n);
  sc->word_group.resize(n);
  sc->word_count.clear();
  for (size_t i = 0; i < n; ++i) {
    bool inserted = false;
    const auto next_id = static_cast<uint32_t>(sc->word_count.size());
    const uint32_t id = sc->ngram_map.FindOrInsert(sc->word_hash[i], next_id, &inserted);
    if (inserted) sc->word_count.push_back(0);
    ++sc->word_count[id];
    sc->word_group[i] = id;
  }
}

// Refines sc->group from level n-1 to level n over start positions [0, positions).
void RefineLevel(SignalScratch* sc, size_t n, size_t positions) {
  sc->ngram_map.Reset(positions);
  sc->next_count.clear();
  for (size_t i = 0; i < positions; ++i) {
    const uint32_t prev = sc->group[i];
    const uint32_t last = sc->word_group[i + n - 1];
    sc->repeat[i] = 0;
    if (prev == kUnique || sc->group_count[prev] < 2 || sc->word_count[last] < 2) {
      sc->group[i] = kUnique;
      continue;
    }
    bool inserted = false;
    const auto next_id = static_cast<uint32_t>(sc->next_count.size());
    const uint64_t key = (static_cast<uint64_t>(prev) << 32) | last;
    const uint32_t id = sc->ngram_map.FindOrInsert(key, next_id, &inserted);
    if (inserted) sc->next_count.push_back(0);
    ++sc->next_count[id];
    sc->group[i] = id;
    sc->repeat[i] = !inserted;
  }
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
  const size_t words = sc->word_hash.size();
  uint64_t total_chars = 0;
  for (uint32_t c : sc->word_chars) total_chars += c;
  if (words < 2 || total_chars == 0) return;
  GroupWords(sc);
  // Level 1 as the starting point of the refinement: group = word id.
  sc->group.assign(sc->word_group.begin(), sc->word_group.end());
  sc->group_count.assign(sc->word_count.begin(), sc->word_count.end());
  sc->repeat.assign(words, 0);
  const double denominator = static_cast<double>(total_chars);
  for (size_t n = 2; n <= 10 && n <= words; ++n) {
    const size_t positions = words - n + 1;
    RefineLevel(sc, n, positions);
    uint64_t chars = 0;
    if (n <= 4) {
      const uint32_t top = TopGroup(sc->group_count);
      if (top != kUnique) {
        chars = CoveredChars(sc->word_chars, positions, n,
                             [&](size_t i) { return sc->group[i] == top; });
      }
      s->top_ngram_char_fraction[n - 2] = static_cast<double>(chars) / denominator;
    } else {
      chars = CoveredChars(sc->word_chars, positions, n,
                           [&](size_t i) { return sc->repeat[i] != 0; });
      s->dup_ngram_char_fraction[n - 5] = static_cast<double>(chars) / denominator;
    }
  }
}

}  // namespace saring::quality_internal
