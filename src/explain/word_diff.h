// Word diff: which words of document A are missing from document B and which words B adds,
// for showing near-duplicates side by side.
//
// Words are maximal runs of non-whitespace; each word carries the whitespace that follows it, and
// words are compared without that whitespace. The diff is a longest common subsequence of words
// computed as a patience diff (Bram Cohen; see e.g. https://bramcohen.livejournal.com/73318.html):
// the common prefix and suffix are matched first, then words occurring exactly once on each side
// anchor the match (longest increasing subsequence), and each gap between anchors is solved exactly
// with the LCS dynamic program when it has at most kMaxDiffCells cells. A gap that is larger and has
// no anchor is reported as one removal and one addition. So the result is exact for small inputs
// and near-minimal, in O((n + m) log n) plus bounded DP work, for large ones.
//
// Thread-safety: stateless; safe from any thread.
#ifndef SARING_EXPLAIN_WORD_DIFF_H_
#define SARING_EXPLAIN_WORD_DIFF_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "saring/explain.h"

namespace saring::report {

// Largest gap (words of A times words of B) solved with the exact dynamic program (8 MiB of
// 16-bit cells).
inline constexpr size_t kMaxDiffCells = 4u << 20;

struct WordDiffOptions {
  size_t max_words = 20000;  // words of each side compared; the rest of both is one change
  // Runs of equal words longer than 2 * context_words are shortened to context_words on each
  // side of a kSkipped piece; SIZE_MAX keeps every word.
  size_t context_words = SIZE_MAX;
};

// Splits `text` into words, each with its trailing whitespace; leading whitespace forms its own
// piece. The views point into `text`.
std::vector<std::string_view> SplitWords(std::string_view text);

// The word diff of `a` against `b`: concatenating the kSame and kRemoved pieces gives `a` and the
// kSame and kAdded pieces give `b` (except where kSkipped shortens equal runs, and for the
// whitespace of equal words, which is taken from `a`). Adjacent pieces of one kind are merged.
std::vector<DiffPiece> WordDiff(std::string_view a, std::string_view b,
                                const WordDiffOptions& options);

// Number of words in the kRemoved and kAdded pieces of `diff`.
size_t ChangedWords(const std::vector<DiffPiece>& diff);

}  // namespace saring::report

#endif  // SARING_EXPLAIN_WORD_DIFF_H_
