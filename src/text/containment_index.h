// Finds paragraphs whose normalised text occurs inside a longer paragraph of the same document
// (private; rule "Contained" in docs/repair.md).
//
// Each candidate paragraph P (not removed, at least min_chars normalised bytes, at least three
// words) gets one key: the first of its word 3-gram shingles that at most kMaxKeySharing - 1 other
// candidates have already chosen. A single scan over the shingles of every candidate then looks
// each shingle up among the keys (a small table: one key per paragraph); where a paragraph Q longer
// than P holds P's key at a position that leaves room for all of P, the bytes are compared. Each P
// gets at most kMaxContainmentProbes such comparisons. Cost: one cheap hash per word of the
// candidates plus O(1) per shingle, plus at most kMaxContainmentProbes * |P| bytes compared per P:
// linear in the document, whatever its shape.
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

class ContainmentIndex {
 public:
  // Sets (*container)[i], for every paragraph i, to the index of a longer paragraph that contains
  // paragraph i's normalised text at word boundaries, or to -1. Only paragraphs that are not
  // removed and have at least min_chars normalised bytes take part, as contained or as container.
  // Among several containers the first in document order whose key occurrence is found wins.
  void FindContainers(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                      uint32_t min_chars, std::vector<int32_t>* container);

 private:
  struct Shingle {
    uint64_t hash;
    uint32_t pos;        // byte offset of its first word in normalized_all
    uint32_t paragraph;
  };
  struct Key {
    uint32_t paragraph;
    uint32_t offset;     // of the key shingle within the paragraph's normalised text
    uint32_t next;       // next key with the same hash, or kNoKey
  };

  void CollectShingles(uint32_t paragraph);
  void ChooseKeys();
  void Scan(std::vector<int32_t>* container);
  bool Matches(uint32_t p, uint32_t q, uint32_t start) const;

  std::string_view normalized_;
  const std::vector<Paragraph>* paragraphs_ = nullptr;
  std::vector<Shingle> shingles_;
  std::vector<uint32_t> first_shingle_;  // candidate c's shingles: [first_shingle_[c], first_shingle_[c+1])
  std::vector<uint32_t> candidates_;     // paragraph indices
  std::vector<uint32_t> probes_left_;    // per paragraph
  std::vector<Key> keys_;
  std::vector<WordSpan> words_;
  std::vector<uint64_t> word_hashes_;
  std::vector<uint32_t> word_begins_;
  HashSlotTable key_table_;
};

}  // namespace saring::text

#endif  // SARING_TEXT_CONTAINMENT_INDEX_H_
