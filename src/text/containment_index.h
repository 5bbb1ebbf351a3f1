// Finds paragraphs whose normalised text occurs inside a longer paragraph of the same document
// (private; rule "Contained" in docs/repair.md).
//
// A candidate paragraph P (not removed, at least max(min_chars, kKeyBytes) normalised bytes and at
// least kMinContainedWords words) gets one key: the kKeyBytes bytes at one of its word starts,
// the first word start whose bytes fewer than kMaxKeySharing other candidates already use. If P
// occurs in Q at word boundaries, P's key occurs at a word start of Q. So one pass over every word
// start of every candidate Q looks the kKeyBytes bytes found there up among the keys (a small
// table: one key per paragraph); where a paragraph Q longer than P holds P's key at a position
// that leaves room for all of P, the bytes of P are compared. Each P gets at most
// kMaxContainmentProbes comparisons. Cost: O(1) per word of the candidates (O(kMaxKeySharing)
// table work), plus at most kMaxContainmentProbes * |P| bytes compared per P: linear in the
// document, whatever its shape.
//
// Thread-safety: not thread-safe; reuse one per DocumentRepairer.
#ifndef SARING_TEXT_CONTAINMENT_INDEX_H_
#define SARING_TEXT_CONTAINMENT_INDEX_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "saring/repair.h"
#include "saring/words.h"
#include "text/hash_slot_table.h"

namespace saring::text {

// Byte comparisons (alignments verified) per candidate paragraph, at most.
inline constexpr uint32_t kMaxContainmentProbes = 32;
// At most this many candidates share one key; this bounds the work per word start.
inline constexpr uint32_t kMaxKeySharing = 4;
// Bytes of normalised text in a key; also the least length of a contained paragraph.
inline constexpr uint32_t kKeyBytes = 16;
// A paragraph with fewer words is never found contained.
inline constexpr uint32_t kMinContainedWords = 3;

class ContainmentIndex {
 public:
  // Sets (*container)[i], for every paragraph i, to the index of a longer paragraph that contains
  // paragraph i's normalised text at word boundaries, or to -1. Only paragraphs that are not
  // removed and have at least max(min_chars, kKeyBytes) normalised bytes take part, as contained
  // or as container. Among several containers the first in document order wins (within the probe
  // budget). wide[i] says whether paragraph i's normalised text holds a byte >= 0xE0 (see
  // NormalizeTextNotingWide): only such text may hold a spaceless script.
  void FindContainers(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                      const std::vector<uint8_t>& wide, uint32_t min_chars,
                      std::vector<int32_t>* container);

  // Test hook: with `reference`, FindContainers looks up every word start of every container with
  // room for a key, one at a time (the plain definition), instead of the bounded range and the
  // block filter of ScanContainer. The results must be the same.
  void SetReferenceScanForTesting(bool reference) { reference_scan_ = reference; }

  // Test hook: appends to *out the word starts the search visits in `normalized` (the output of
  // NormalizeText with default options), which must equal SegmentWords' word begins.
  void WordStartsForTesting(std::string_view normalized, std::vector<uint32_t>* out);

 private:
  struct Key {
    uint32_t paragraph;
    uint32_t offset;  // of the key within the paragraph's normalised text
    uint32_t next;    // next key with the same hash, or kNoKey
    uint32_t slot;    // its slot in key_table_
  };

  // Per candidate paragraph: how ForEachWordStart finds its word starts, and its key.
  struct CandidateInfo {
    bool segmented = false;  // from SegmentWords (spaceless scripts), cached in segmented_starts_
    uint32_t first = 0;      // segmented: its first entry in segmented_starts_
    uint32_t count = 0;      // segmented: its number of words
    uint32_t key = 0;        // its entry in keys_, or kNoKey
  };

  // Sets up candidate p's CandidateInfo, once per document: decides how its word starts are found
  // (and caches them if that takes SegmentWords). `wide`: its text holds a byte >= 0xE0.
  void PrepareWordStarts(uint32_t p, bool wide);
  // Calls visit(offset) for each word start of paragraph p's normalised text, in order, until it
  // returns false.
  template <class Visit>
  void ForEachWordStart(uint32_t p, Visit visit);
  // The word starts [first, last] of a container that may need a look-up (see FindContainers).
  struct KeyReach {
    uint32_t first;
    uint32_t last;
  };

  uint64_t KeyAt(uint32_t pos) const;
  uint32_t MayBeKey(uint64_t head) const;
  void ChooseKey(uint32_t p);
  void ScanContainer(uint32_t q, KeyReach reach, std::vector<int32_t>* container);
  void ReferenceScanForTesting(uint32_t q, std::vector<int32_t>* container);
  uint32_t OwnKeyOffset(uint32_t q) const;
  void VerifyHits(uint32_t q, uint32_t offset, uint64_t hash, std::vector<int32_t>* container);
  bool Matches(uint32_t p, uint32_t q, uint32_t start) const;

  std::string_view normalized_;
  const std::vector<Paragraph>* paragraphs_ = nullptr;
  std::vector<uint32_t> candidates_;   // paragraph indices
  std::vector<uint32_t> probes_left_;  // per paragraph
  std::vector<Key> keys_;
  uint32_t shortest_key_length_ = 0;  // normalised length of the shortest paragraph with a key
  uint32_t min_key_offset_ = 0;       // least Key::offset
  uint32_t min_key_tail_ = 0;  // least normalised length of a key's paragraph minus its offset
  std::vector<WordSpan> words_;
  std::vector<CandidateInfo> candidate_info_;  // per paragraph (set for candidates only)
  std::vector<uint32_t> segmented_starts_;     // word starts of the segmented candidates
  HashSlotTable key_table_;
  // One flag per key, chosen by a cheap hash of the key's first eight bytes (FilterSlot): nearly
  // every word start misses every key, and this answers that with one multiply and one byte load,
  // without the unpredictable branches of a table probe. A byte per flag (not a bit) saves the
  // bit arithmetic in the scan's inner loop.
  std::array<uint8_t, 4096> key_filter_{};
  std::vector<uint16_t> key_filter_set_;  // the entries of key_filter_ that are set
  bool reference_scan_ = false;
};

}  // namespace saring::text

#endif  // SARING_TEXT_CONTAINMENT_INDEX_H_
