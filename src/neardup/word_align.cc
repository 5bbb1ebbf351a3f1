// Bit-parallel LCS of word-hash sequences (see word_align.h for the algorithm and references).
#include "neardup/word_align.h"

#include <algorithm>
#include <bit>

namespace saring::neardup_internal {
namespace {

inline uint32_t Mix(uint32_t h) { return (h * 0x9E3779B1u) ^ (h >> 15); }

}  // namespace

int64_t WordAligner::Symbol(uint32_t h) const {
  const size_t mask = keys_.size() - 1;
  for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0) return -1;
    if (keys_[i] == h) return slots_[i] - 1;
  }
}

void WordAligner::SetReference(const uint32_t* a, size_t n) {
  n_ = std::min(n, kMaxAlignedWords);
  blocks_ = (n_ + 63) / 64;
  // A table at most half full: the capacity is a power of two >= 2n.
  size_t capacity = 16;
  while (capacity < 2 * n_) capacity <<= 1;
  keys_.resize(capacity);  // read only where slots_ is non-zero
  slots_.assign(capacity, 0);
  masks_.clear();
  uint32_t symbols = 0;
  for (size_t i = 0; i < n_; ++i) {
    size_t at = Mix(a[i]) & (capacity - 1);
    while (slots_[at] != 0 && keys_[at] != a[i]) at = (at + 1) & (capacity - 1);
    if (slots_[at] == 0) {
      keys_[at] = a[i];
      slots_[at] = ++symbols;
      masks_.resize(masks_.size() + blocks_, 0);
    }
    masks_[(slots_[at] - 1) * blocks_ + i / 64] |= uint64_t{1} << (i % 64);
  }
}

Alignment WordAligner::Align(const uint32_t* b, size_t m) {
  m = std::min(m, kMaxAlignedWords);
  if (n_ == 0 || m == 0) return {};
  // Bit i of v is 0 where the LCS of the reference's first i + 1 words and b[0, j] is one more
  // than that of its first i words; the bits above n_ in the last block stay 1 (no mask has
  // them) and carries out of it are dropped.
  v_.assign(blocks_, ~uint64_t{0});
  uint64_t* v = v_.data();
  for (size_t j = 0; j < m; ++j) {
    const int64_t s = Symbol(b[j]);
    if (s < 0) continue;  // a word the reference lacks leaves v unchanged
    const uint64_t* match = masks_.data() + static_cast<size_t>(s) * blocks_;
    uint64_t carry = 0, borrow = 0;
    for (size_t k = 0; k < blocks_; ++k) {
      const uint64_t x = v[k];
      const uint64_t u = x & match[k];
      const uint64_t sum1 = x + u;
      const uint64_t sum = sum1 + carry;
      carry = (sum1 < x) | (sum < sum1);
      const uint64_t diff1 = x - u;  // u is a subset of x: no borrow here
      const uint64_t diff = diff1 - borrow;
      borrow = diff1 < borrow;
      v[k] = sum | diff;
    }
  }
  const size_t tail = n_ - 64 * (blocks_ - 1);
  v[blocks_ - 1] |= tail == 64 ? 0 : ~uint64_t{0} << tail;  // the bits above n_ are 1 anyway
  Alignment out;
  for (size_t k = 0; k < blocks_; ++k) out.lcs += std::popcount(~v[k]);
  // The LCS reaches its final value at the reference's highest zero bit.
  for (size_t k = blocks_; k-- > 0;) {
    if (~v[k] != 0) {
      out.covered = 64 * k + 64 - std::countl_zero(~v[k]);
      break;
    }
  }
  return out;
}

AlignVerdict JudgeAlignment(WordAligner* aligner, const uint32_t* b, size_t m,
                            const AlignThresholds& t) {
  const size_t n = aligner->reference_size();
  m = std::min(m, kMaxAlignedWords);
  const size_t longer = std::max(n, m), shorter = std::min(n, m);
  if (longer == 0) return {true, false, 1.0};
  const double ratio = static_cast<double>(shorter) / static_cast<double>(longer);
  const bool may_contain = t.contained > 0 && ratio >= t.min_length_ratio;
  // LCS <= shorter, so the aligned share is at most the length ratio.
  if (ratio < t.aligned && !may_contain) return {false, false, ratio};
  const Alignment a = aligner->Align(b, m);
  const double lcs = static_cast<double>(a.lcs);
  const double aligned = lcs / static_cast<double>(longer);
  if (aligned >= t.aligned) return {true, false, aligned};
  if (may_contain && n < m)
    return {false, false, aligned, lcs / static_cast<double>(n) >= t.contained};
  if (may_contain) {
    const double contained = lcs / static_cast<double>(std::max(m, a.covered));
    if (contained >= t.contained) return {true, true, contained};
  }
  return {false, false, aligned};
}

}  // namespace saring::neardup_internal
