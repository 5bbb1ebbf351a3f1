// The reusable buffers of a SignalComputer and the n-gram repetition pass that works on them.
#ifndef SARING_QUALITY_SIGNAL_SCRATCH_H_
#define SARING_QUALITY_SIGNAL_SCRATCH_H_

#include <cstdint>
#include <vector>

#include "quality/flat_map.h"
#include "saring/quality.h"

namespace saring::quality_internal {

struct SignalScratch {
  // One entry per word of the document, in order.
  std::vector<uint32_t> word_chars;  // code points of the token
  std::vector<uint32_t> word_group;  // dense id of the word's core, by first occurrence
  std::vector<uint32_t> word_count;  // occurrences per word id
  FlatMap64 word_map;                // XXH3 of a core -> word id

  // N-gram pass (ngram_signals.cc).
  // The live list: start positions (ascending) whose n-gram may occur more than once, with the
  // n-gram's id at the current level and whether an earlier occurrence exists.
  std::vector<uint32_t> live_pos;
  std::vector<uint32_t> live_group;
  std::vector<uint8_t> live_repeat;
  std::vector<uint32_t> group_count;  // occurrences per n-gram id at the current level
  std::vector<uint32_t> next_count;

  FlatMap64 ngram_map;
  FlatMap64 line_map;
  FlatMap64 paragraph_map;
};

// Fills s->top_ngram_char_fraction and s->dup_ngram_char_fraction from scratch->word_chars,
// word_group and word_count. See ngram_signals.cc for the algorithm.
void ComputeNgramSignals(SignalScratch* scratch, QualitySignals* s);

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_SIGNAL_SCRATCH_H_
