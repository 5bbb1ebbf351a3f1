// LineAnalyzer: the per-line features both boilerplate passes compute, so that learning and
// matching agree exactly: whether the line is a candidate, the hash of its normalised text, and
// the hashes of its first k normalised words.
#ifndef SARING_QUALITY_BOILERPLATE_LINES_H_
#define SARING_QUALITY_BOILERPLATE_LINES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quality/flat_map.h"
#include "saring/words.h"

namespace saring::quality_internal {

// Longest prefix hashed, in words: the cap on template_max_words and on seed templates.
constexpr uint32_t kMaxPrefixWords = 8;

struct LineInfo {
  bool candidate = false;      // non-blank, short enough, and with at least one word
  uint32_t num_words = 0;      // normalised words
  bool ends_sentence = false;  // ends in . ! ? (not an ellipsis), before closing quotes
  uint64_t line_key = 0;       // XXH3 of the normalised line, salted with the source
  uint64_t line_hash = 0;      // XXH3 of the normalised line, unsalted
  // [k] for 1 <= k <= min(num_words, kMaxPrefixWords): XXH3 of the first k normalised words
  // (the normalised text up to the end of word k), salted with the source / unsalted.
  uint64_t prefix_key[kMaxPrefixWords + 1] = {};
  uint64_t prefix_hash[kMaxPrefixWords + 1] = {};
};

// Calls fn(begin, end) for every '\n'-separated line of text (the bytes [begin, end), without
// the '\n'; a text ending in '\n' has a last, empty line).
template <class Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    fn(b, e);
    b = e + 1;
  }
}

// XXH3 of a source string; the salt of every key of that source.
uint64_t SourceHash(std::string_view source);

// Hash of a normalised word prefix, as LineInfo::prefix_hash (for seed templates).
uint64_t UnsaltedPrefixHash(std::string_view normalized_prefix);

class LineAnalyzer {
 public:
  explicit LineAnalyzer(uint32_t max_line_chars) : max_line_chars_(max_line_chars) {}

  // Fills *out for one raw line (without '\n').
  void Analyze(std::string_view line, uint64_t source_hash, LineInfo* out);

  // The raw text of the line's first k words: from its first non-space byte to the end of its
  // k-th word (SegmentWords on the raw line), or the whole trimmed line if it has fewer words.
  std::string_view RawPrefix(std::string_view line, uint32_t k);

  // Scratch set for the learner: the keys already counted for the current document.
  FlatMap64* doc_keys() { return &doc_keys_; }

 private:
  FlatMap64 doc_keys_;
  uint32_t max_line_chars_;
  std::string normalized_;
  std::vector<WordSpan> words_;
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_BOILERPLATE_LINES_H_
