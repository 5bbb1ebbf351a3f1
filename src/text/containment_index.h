// Finds paragraphs whose normalised text occurs inside a longer paragraph of the same document
// (private; rule "Contained" in docs/repair.md).
//
// Each candidate paragraph P (not removed, at least min_chars normalised bytes, at least three
// words) gets one key: the first of its word 3-gram shingles that fewer than kMaxKeySharing other
// candidates have already chosen. A single pass then streams the shingles of every candidate and
// looks each one up among the keys (a small table: one key per paragraph); where a paragraph Q
// longer than P holds P's key at a position that leaves room for all of P, the bytes are compared.
// Each P gets at most kMaxContainmentProbes such comparisons. Cost: one cheap hash per word of the
// candidates plus O(kMaxKeySharing) per shingle, plus at most kMaxContainmentProbes * |P| bytes
// compared per P: linear in the document, whatever its shape.
//
// Thread-safety: not thread-safe; reuse one per DocumentRepairer.
#ifndef SARING_TEXT_CONTAINMENT_INDEX_H_
#define SARING_TEXT_CONTAINMENT_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "saring/repair.h"
#include "saring/words.h"
#include "text/hash_slot_table.h"

namespace saring::text {

// Byte comparisons (alignments verified) per candidate paragraph, at most.
inline constexpr uint32_t kMaxContainmentProbes = 32;
// At most this many candidates share one key shingle; this bounds the work per shingle.
inline constexpr uint32_t kMaxKeySharing = 4;
// Words per shingle; a paragraph with fewer words is never found contained.
inline constexpr uint32_t kShingleWords = 3;

// The word 3-gram shingles of one paragraph's normalised text, in order. A shingle's hash depends
// only on the bytes of its three words, so equal word sequences hash equally in any paragraph.
class ShingleStream {
 public:
  // Streams the shingles of normalized_all[begin, end). `words` is scratch space (used for
  // non-ASCII text). The arguments must outlive the stream.
  ShingleStream(std::string_view normalized_all, uint32_t begin, uint32_t end, std::vector<WordSpan>* words);

  // Sets *hash and *pos (offset in normalized_all of the shingle's first word) to the next
  // shingle; returns false after the last one.
  bool Next(uint64_t* hash, uint32_t* pos);

 private:
  bool NextWord(uint64_t* hash, uint32_t* begin);

  std::string_view all_;
  uint32_t begin_, end_;
  uint32_t cursor_;                      // next byte to read (ASCII mode)
  const std::vector<WordSpan>* words_;   // null in ASCII mode
  size_t next_word_ = 0;                 // next word index (segmented mode)
  uint64_t hashes_[kShingleWords] = {};  // the last words read
  uint32_t begins_[kShingleWords] = {};
  uint32_t have_ = 0;                    // words read so far, saturating at kShingleWords
};

class ContainmentIndex {
 public:
  // Sets (*container)[i], for every paragraph i, to the index of a longer paragraph that contains
  // paragraph i's normalised text at word boundaries, or to -1. Only paragraphs that are not
  // removed and have at least min_chars normalised bytes take part, as contained or as container.
  // Among several containers the first in document order wins (within the probe budget).
  void FindContainers(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                      uint32_t min_chars, std::vector<int32_t>* container);

 private:
  struct Key {
    uint32_t paragraph;
    uint32_t offset;  // of the key shingle within the paragraph's normalised text
    uint32_t next;    // next key with the same hash, or kNoKey
  };

  void ChooseKey(uint32_t p);
  void ScanContainer(uint32_t q, std::vector<int32_t>* container);
  bool Matches(uint32_t p, uint32_t q, uint32_t start) const;

  std::string_view normalized_;
  const std::vector<Paragraph>* paragraphs_ = nullptr;
  std::vector<uint32_t> candidates_;   // paragraph indices
  std::vector<uint32_t> probes_left_;  // per paragraph
  std::vector<Key> keys_;
  std::vector<WordSpan> words_;
  HashSlotTable key_table_;
};

}  // namespace saring::text

#endif  // SARING_TEXT_CONTAINMENT_INDEX_H_
