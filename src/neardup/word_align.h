// Word alignment of two documents: the measure that verifies near-duplicate candidates by
// default (near_dup.verify = align, docs/near-dup.md section 4).
//
// A document is reduced to the sequence of 32-bit hashes of its words (WordHashes: the same
// tokens as the shingles). Two sequences are aligned by a longest common subsequence (LCS) of
// words: the words that survive in the same order in both. Scattered edits (a word replaced,
// dropped or inserted here and there) each cost one word of the alignment, where they cost up to
// n shingles of an n-gram set, so the aligned share stays high for edited copies while unrelated
// texts, or pages that share a template but differ in what fills it, stay low.
//
// The LCS length is computed bit-parallel (L. Allison and T. I. Dix, "A bit-string
// longest-common-subsequence algorithm", Information Processing Letters 23(6), 1986; the
// formulation V' = (V + U) | (V - U) with U = V & Match(b_j) is H. Hyyrö's, 2004): the reference
// sequence's positions are bits, one 64-bit word covers 64 words of text, and each word of the
// other sequence costs ceil(n / 64) additions and subtractions. Sequences longer than
// kMaxAlignedWords are compared on their first kMaxAlignedWords words.
//
// Thread-safety: WordAligner holds scratch tables; use one per thread.
#ifndef SARING_NEARDUP_WORD_ALIGN_H_
#define SARING_NEARDUP_WORD_ALIGN_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace saring::neardup_internal {

// Words of each side compared at most (bounds one comparison to 2^8 x 2^14 word steps).
inline constexpr size_t kMaxAlignedWords = size_t{1} << 14;

// An alignment of the reference with another sequence.
struct Alignment {
  size_t lcs = 0;      // length of a longest common subsequence
  size_t covered = 0;  // the shortest prefix of the reference that still aligns lcs words
};

// LCS lengths of word-hash sequences against one reference sequence.
class WordAligner {
 public:
  // Makes a[0, n) the reference (copied). Cost: O(n + distinct words x n / 64).
  void SetReference(const uint32_t* a, size_t n);
  size_t reference_size() const { return n_; }
  // Aligns the reference with b[0, m) (both cut to kMaxAlignedWords). Cost: O(m x n / 64).
  Alignment Align(const uint32_t* b, size_t m);

 private:
  // Index of word hash `h` among the reference's distinct words, or -1.
  int64_t Symbol(uint32_t h) const;

  size_t n_ = 0;
  size_t blocks_ = 0;            // 64-bit words per bit vector
  std::vector<uint32_t> keys_;   // open-addressing table: word hash ...
  std::vector<uint32_t> slots_;  // ... and 1 + its symbol index (0 = empty slot)
  std::vector<uint64_t> masks_;  // per symbol: bit i set where reference word i is it
  std::vector<uint64_t> v_;
};

// The verdict on a pair of word sequences.
struct AlignVerdict {
  bool similar = false;
  bool contained = false;  // similar by containment (the shorter is a cut copy of the longer)
  double value = 0;        // aligned share, or containment when `contained`
  // Not similar by the aligned share, but the containment rule needs the longer sequence as
  // the reference, and it was not: judge again with the roles swapped.
  bool swap_to_contain = false;
};

struct AlignThresholds {
  // Aligned words over the words of the longer document (default 0.85).
  double aligned = 0.85;
  // For a shorter document with at least min_length_ratio of the longer one's words: aligned
  // words over the words of the shorter document and of the longer one's prefix that the
  // alignment covers (a copy with its end cut off; unaligned words spread through the longer
  // document do not qualify). 0 turns the rule off (defaults 0.95 and 0.7).
  double contained = 0.95;
  double min_length_ratio = 0.7;
};

// Judges the pair (reference of *aligner, b): LCS over the longer length against t.aligned, else
// the containment rule above (when the reference is the longer sequence, or as long; else
// swap_to_contain is set). Skips the LCS when lengths alone rule the pair out. Two empty
// sequences are similar (value 1).
AlignVerdict JudgeAlignment(WordAligner* aligner, const uint32_t* b, size_t m,
                            const AlignThresholds& t);

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_WORD_ALIGN_H_
