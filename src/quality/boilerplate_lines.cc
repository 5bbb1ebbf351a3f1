// Line features for the boilerplate learner and matcher (see boilerplate_lines.h).
#include "quality/boilerplate_lines.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>

#include "quality/text_scan.h"
#include "saring/normalize.h"

namespace saring::quality_internal {
namespace {

// Distinguish line keys from prefix keys of the same source.
constexpr uint64_t kLineSalt = 0x6c696e655f6b6579ull;    // "line_key"
constexpr uint64_t kPrefixSalt = 0x7072656669785f6bull;  // "prefix_k"

// Normalisation for comparing lines: NFKC, case folding, punctuation as spaces, and digits folded
// so that "© 2023" and "© 2024" footers are the same line.
constexpr NormalizeOptions kLineNormalization{true, true, true};

// True if the trimmed line p[b, e) ends like a sentence: . ! ? (or CJK/Arabic/Devanagari full
// stops) before any closing quotes, and not an ellipsis (truncated headlines end in "...").
bool EndsSentence(const uint8_t* p, size_t b, size_t e) {
  size_t start = 0;
  uint32_t cp = LastCodePoint(p, b, e, &start);
  while (IsCloser(cp) && start > b) {
    e = start;
    cp = LastCodePoint(p, b, e, &start);
  }
  if (cp == 0x2026 || (cp == '.' && e - b >= 2 && p[e - 2] == '.')) return false;
  return IsSentenceEnd(cp);
}

}  // namespace

uint64_t SourceHash(std::string_view source) { return XXH3_64bits(source.data(), source.size()); }

uint64_t UnsaltedPrefixHash(std::string_view normalized_prefix) {
  return XXH3_64bits(normalized_prefix.data(), normalized_prefix.size());
}

void LineAnalyzer::Analyze(std::string_view line, uint64_t source_hash, LineInfo* out) {
  out->candidate = false;
  const uint8_t* p = Bytes(line);
  size_t b = 0, e = line.size();
  TrimSpaces(p, &b, &e);
  if (b == e || CountCodePoints(p + b, e - b) > max_line_chars_) return;
  normalized_.clear();
  NormalizeText(line.substr(b, e - b), kLineNormalization, &normalized_);
  words_.clear();
  SegmentWords(normalized_, &words_);
  if (words_.empty()) return;
  out->candidate = true;
  out->num_words = static_cast<uint32_t>(words_.size());
  out->ends_sentence = EndsSentence(p, b, e);
  out->line_key =
      XXH3_64bits_withSeed(normalized_.data(), normalized_.size(), source_hash ^ kLineSalt);
  out->line_hash = XXH3_64bits(normalized_.data(), normalized_.size());
  const uint32_t max_k = std::min<uint32_t>(out->num_words, kMaxPrefixWords);
  for (uint32_t k = 1; k <= max_k; ++k) {
    const size_t len = words_[k - 1].end;
    out->prefix_key[k] = XXH3_64bits_withSeed(normalized_.data(), len, source_hash ^ kPrefixSalt);
    out->prefix_hash[k] = XXH3_64bits(normalized_.data(), len);
  }
}

std::string_view LineAnalyzer::RawPrefix(std::string_view line, uint32_t k) {
  size_t b = 0, e = line.size();
  TrimSpaces(Bytes(line), &b, &e);
  const std::string_view trimmed = line.substr(b, e - b);
  words_.clear();
  SegmentWords(trimmed, &words_);
  if (k == 0 || words_.size() < k) return trimmed;
  return trimmed.substr(0, words_[k - 1].end);
}

}  // namespace saring::quality_internal
