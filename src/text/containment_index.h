// Finds paragraphs whose normalised text occurs inside a longer paragraph of the same document
// (private; rule "Contained" in docs/repair.md).
//
// Every indexed paragraph contributes its word 3-gram shingles (hash + byte position). To test a
// paragraph P, the index looks up P's shingles: one that occurs nowhere else proves P is not
// contained (the common case, decided at P's first unique shingle). Otherwise the rarest shingle's
// occurrences in other paragraphs give candidate alignments, and each is verified by comparing
// bytes, at most kMaxContainmentProbes of them per paragraph. Total cost is linear in the text.
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

// Occurrences of P's rarest shingle examined per paragraph, at most.
inline constexpr uint32_t kMaxContainmentProbes = 32;
// Words per shingle; a paragraph with fewer words is never found contained.
inline constexpr uint32_t kShingleWords = 3;

class ContainmentIndex {
 public:
  // Indexes the paragraphs that are not removed and whose normalised text is at least min_chars
  // bytes. `normalized_all` and `paragraphs` must stay unchanged (removed flags aside) until the
  // last FindContainer call.
  void Build(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs, uint32_t min_chars);

  // Returns the index of an indexed paragraph, other than p and with longer normalised text, in
  // which p's normalised text occurs at word boundaries; -1 if none is found. REQUIRES: p was
  // indexed (not removed and at least min_chars long when Build ran).
  int32_t FindContainer(uint32_t p) const;

 private:
  struct Shingle {
    uint64_t hash;
    uint32_t pos;        // byte offset of its first word in normalized_all
    uint32_t paragraph;
    uint32_t next;       // next occurrence of the same hash (kNone at the end)
    uint32_t slot;       // its HashSlotTable slot
  };

  bool Matches(uint32_t p, uint32_t q, uint32_t start) const;

  std::string_view normalized_;
  const std::vector<Paragraph>* paragraphs_ = nullptr;
  std::vector<Shingle> shingles_;
  std::vector<uint32_t> first_shingle_;  // paragraph i's shingles are [first_shingle_[i], first_shingle_[i+1])
  std::vector<WordSpan> words_;
  HashSlotTable table_;
};

}  // namespace saring::text

#endif  // SARING_TEXT_CONTAINMENT_INDEX_H_
