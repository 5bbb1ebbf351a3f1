// Containment search keyed on the bytes at word starts (see containment_index.h for the overview).
#include "text/containment_index.h"

#include <utf8proc.h>

#include <cstring>
#include <limits>

#include "text/script_ranges.h"
#include "text/utf8_codec.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::text {
namespace {

constexpr uint32_t kNoKey = std::numeric_limits<uint32_t>::max();

uint32_t NormalizedLength(const Paragraph& p) { return p.normalized_end - p.normalized_begin; }

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// True if `s` has a byte >= 0xE0: the lead byte of a code point >= U+0800. (Repair gets this from
// the normaliser; WordStartsForTesting computes it.)
bool HasWideByte(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0xE0) return true;
  }
  return false;
}

// Bit i set if text[i] is a space, for the 16 bytes at text.
uint32_t SpaceBits(const char* text) {
#if SARING_X86_SIMD
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text));
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
#else
  uint32_t bits = 0;
  for (uint32_t i = 0; i < 16; ++i) bits |= uint32_t{text[i] == ' '} << i;
  return bits;
#endif
}

// Only selects alignments to verify, so it needs to spread well, not to be stable across versions.
uint64_t KeyHash(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ ((b << 29) | (b >> 35)) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 31);
}

bool IsMark(char32_t cp) {
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

// True if byte offset `pos` of normalised text `s` lies between two words. Normalised text holds
// only letters, marks, numbers and single spaces, so a boundary is a space, an end of the text, or
// a spaceless-script letter on either side (its marks stay with it).
bool IsWordBoundary(std::string_view s, size_t pos) {
  if (pos == 0 || pos == s.size() || s[pos - 1] == ' ' || s[pos] == ' ') return true;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  if (p[pos - 1] < 0x80 && p[pos] < 0x80) return false;  // inside an ASCII word
  const char32_t before = DecodeUtf8(p, s.size(), PreviousCodePointStart(p, pos)).cp;
  const char32_t at = DecodeUtf8(p, s.size(), pos).cp;
  return (IsSpacelessScript(before) || IsSpacelessScript(at)) && !IsMark(at);
}

}  // namespace

void ContainmentIndex::PrepareWordStarts(uint32_t p, bool wide) {
  CandidateInfo& info = candidate_info_[p];
  info.key = kNoKey;
  // Spaceless scripts start at U+0E00: text without a lead byte >= 0xE0 (U+0800) has none.
  info.segmented = wide;
  if (!info.segmented) return;
  const Paragraph& para = (*paragraphs_)[p];
  const std::string_view text = normalized_.substr(para.normalized_begin, NormalizedLength(para));
  // ChooseKey and ScanContainer both walk these: segment once.
  words_.clear();
  SegmentWords(text, &words_);
  info.first = static_cast<uint32_t>(segmented_starts_.size());
  info.count = static_cast<uint32_t>(words_.size());
  for (const WordSpan& w : words_) segmented_starts_.push_back(w.begin);
}

template <class Visit>
void ContainmentIndex::ForEachWordStart(uint32_t p, Visit visit) {
  const CandidateInfo& info = candidate_info_[p];
  if (info.segmented) {
    for (uint32_t k = info.first; k < info.first + info.count; ++k) {
      if (!visit(segmented_starts_[k])) return;
    }
    return;
  }
  // Normalised text is letters, marks and numbers separated by single spaces (no leading or
  // trailing space). Without spaceless scripts every such run is one word (SegmentWords), so a
  // word starts at 0 and after every space. Find the spaces sixteen bytes at a time.
  const Paragraph& para = (*paragraphs_)[p];
  const char* text = normalized_.data() + para.normalized_begin;
  const uint32_t size = NormalizedLength(para);
  if (size == 0 || !visit(0)) return;
  uint32_t i = 0;
  for (; i + 16 <= size; i += 16) {
    for (uint32_t mask = SpaceBits(text + i); mask != 0; mask &= mask - 1) {
      if (!visit(i + static_cast<uint32_t>(__builtin_ctz(mask)) + 1)) return;
    }
  }
  for (; i < size; ++i) {
    if (text[i] == ' ' && !visit(i + 1)) return;
  }
}

inline uint64_t ContainmentIndex::KeyAt(uint32_t pos) const {
  return KeyHash(Load8(normalized_.data() + pos), Load8(normalized_.data() + pos + 8));
}

namespace {

// The filter slot of a key (or of a word start) whose first eight bytes are `head`: one multiply,
// against the two of KeyHash, because nearly every word start of a container misses.
inline uint32_t FilterSlot(uint64_t head) {
  return static_cast<uint32_t>((head * 0x9E3779B97F4A7C15ULL) >> 52);
}

}  // namespace

// Non-zero if some key may start with the eight bytes `head`.
inline uint32_t ContainmentIndex::MayBeKey(uint64_t head) const {
  return key_filter_[FilterSlot(head)];
}

void ContainmentIndex::FindContainers(std::string_view normalized_all,
                                      const std::vector<Paragraph>& paragraphs,
                                      const std::vector<uint8_t>& wide, uint32_t min_chars,
                                      std::vector<int32_t>* container) {
  normalized_ = normalized_all;
  paragraphs_ = &paragraphs;
  container->assign(paragraphs.size(), -1);
  // Clear the previous document's filter entries (clearing all 4 KiB would cost more).
  for (uint16_t slot : key_filter_set_) key_filter_[slot] = 0;
  key_filter_set_.clear();
  const uint32_t min_length = min_chars > kKeyBytes ? min_chars : kKeyBytes;
  candidates_.clear();
  for (uint32_t i = 0; i < paragraphs.size(); ++i) {
    if (!paragraphs[i].removed && NormalizedLength(paragraphs[i]) >= min_length)
      candidates_.push_back(i);
  }
  if (candidates_.size() < 2) return;  // containment needs two paragraphs
  candidate_info_.resize(paragraphs.size());
  segmented_starts_.clear();
  for (uint32_t p : candidates_) PrepareWordStarts(p, wide[p] != 0);
  keys_.clear();
  key_table_.Reset(candidates_.size());
  shortest_key_length_ = std::numeric_limits<uint32_t>::max();
  min_key_offset_ = std::numeric_limits<uint32_t>::max();
  min_key_tail_ = std::numeric_limits<uint32_t>::max();
  probes_left_.assign(paragraphs.size(), kMaxContainmentProbes);
  for (uint32_t p : candidates_) ChooseKey(p);
  if (keys_.empty()) return;
  // A key k of paragraph p is only verified at a word start w of a longer q with
  // k.offset <= w <= length(q) - (length(p) - k.offset) (VerifyHits' conditions), so word starts
  // outside [min k.offset, length(q) - min (length(p) - k.offset)] need no look-up. The minima
  // are over all keys, not only those of paragraphs shorter than q: a wider range, but O(1). The
  // shortest paragraph's key, usually at offset 0, is in reach of every q scanned, so the range
  // is rarely wider than the exact one.
  for (uint32_t q : candidates_) {
    const uint32_t length = NormalizedLength(paragraphs[q]);
    if (length <= shortest_key_length_) continue;  // too short to hold any other candidate
    if (reference_scan_) {
      ReferenceScanForTesting(q, container);
      continue;
    }
    // min_key_tail_ <= shortest_key_length_ < length, and >= kKeyBytes (keys lie inside their
    // paragraphs), so `last` leaves room for a key.
    const uint32_t last = length - min_key_tail_;
    if (min_key_offset_ <= last) ScanContainer(q, {min_key_offset_, last}, container);
  }
}

// Gives p the first key (kKeyBytes at a word start) that is not already shared too widely, if p
// has at least kMinContainedWords words. One pass over p's word starts decides both.
void ContainmentIndex::ChooseKey(uint32_t p) {
  const Paragraph& para = (*paragraphs_)[p];
  const uint32_t length = NormalizedLength(para);
  uint32_t words = 0;
  bool found = false;
  uint32_t key_offset = 0;
  uint64_t key_hash = 0;
  ForEachWordStart(p, [&](uint32_t offset) {
    ++words;
    if (!found && offset + kKeyBytes <= length) {
      const uint64_t hash = KeyAt(para.normalized_begin + offset);
      const HashSlotTable::Slot* slot = key_table_.Find(hash);
      if (slot == nullptr || slot->count < kMaxKeySharing)
        found = true, key_offset = offset, key_hash = hash;
    }
    if (!found && offset + kKeyBytes > length)
      return false;  // later word starts have even less room
    return words < kMinContainedWords || !found;
  });
  if (!found || words < kMinContainedWords) return;
  HashSlotTable::Slot* slot = key_table_.FindOrInsert(key_hash);
  const uint32_t filter_slot =
      FilterSlot(Load8(normalized_.data() + para.normalized_begin + key_offset));
  key_filter_set_.push_back(static_cast<uint16_t>(filter_slot));
  key_filter_[filter_slot] = 1;
  keys_.push_back(
      {p, key_offset, slot->count == 0 ? kNoKey : slot->head, key_table_.IndexOf(slot)});
  slot->head = static_cast<uint32_t>(keys_.size() - 1);
  candidate_info_[p].key = slot->head;
  ++slot->count;
  if (length < shortest_key_length_) shortest_key_length_ = length;
  if (key_offset < min_key_offset_) min_key_offset_ = key_offset;
  if (length - key_offset < min_key_tail_) min_key_tail_ = length - key_offset;
}

// Looks up the key bytes at every word start of candidate q and verifies the alignments they imply.
// This is the inner loop of the search (every word of nearly every paragraph), so the common case
// has its own loop: ForEachWordStart's, stopped at the last word start with room for a key.
void ContainmentIndex::ScanContainer(uint32_t q, KeyReach reach, std::vector<int32_t>* container) {
  const Paragraph& outer = (*paragraphs_)[q];
  const char* text = normalized_.data() + outer.normalized_begin;
  const uint32_t first = reach.first;
  const uint32_t last = reach.last;  // <= length(q) - kKeyBytes
  const uint32_t own_key_offset = OwnKeyOffset(q);
  const auto look_up = [&](uint32_t offset) {
    if (MayBeKey(Load8(text + offset)) && offset != own_key_offset) {
      VerifyHits(q, offset, KeyAt(outer.normalized_begin + offset), container);
    }
  };
  if (candidate_info_[q].segmented) {
    ForEachWordStart(q, [&](uint32_t offset) {
      if (offset > last) return false;
      if (offset >= first) look_up(offset);
      return true;
    });
    return;
  }
  if (first == 0) look_up(0);
  // A space at i in [first - 1, last) starts a word at i + 1 in [first, last]. Blocks are the 16
  // bytes at such i, which end before length(q); the last one counts only its spaces before `last`.
  //
  // Nearly every word start misses every key, and a loop over a block's word starts ends after an
  // unpredictable number of them. So the first kUnconditional word starts of a block are filtered
  // without branches (missing ones test the word start at i + top + 1 <= last instead,
  // harmlessly), any further ones in a loop that rarely runs, and the exact loop runs only for a
  // block with a filter hit. Blocks are 32 bytes (two 16-byte space masks), about five words of
  // prose, so six unconditional tests cover nearly every block: fewer wasted tests per byte than
  // four per 16-byte block.
  const auto scan_block = [&]<int kUnconditional>(uint32_t i, uint64_t mask, uint32_t top) {
    mask &= (uint64_t{2} << top) - 1;
    const uint64_t sentinel = uint64_t{1} << top;
    const char* word = text + i + 1;
    uint64_t m = mask;
    uint32_t hits = 0;
    for (int k = 0; k < kUnconditional; ++k) {
      hits |= MayBeKey(Load8(word + __builtin_ctzll(m | sentinel)));
      m &= m - 1;
    }
    for (; m != 0; m &= m - 1) hits |= MayBeKey(Load8(word + __builtin_ctzll(m)));
    if (hits == 0) return;
    for (uint64_t exact = mask; exact != 0; exact &= exact - 1) {
      look_up(i + static_cast<uint32_t>(__builtin_ctzll(exact)) + 1);
    }
  };
  uint32_t i = first == 0 ? 0 : first - 1;
  for (; i + 32 <= last; i += 32) {
    const uint64_t mask = SpaceBits(text + i) | (uint64_t{SpaceBits(text + i + 16)} << 16);
    scan_block.template operator()<6>(i, mask, 31);
  }
  // The rest in 16-byte blocks, whose loads stay inside q (last <= length(q) - kKeyBytes).
  for (; i + 16 <= last; i += 16) scan_block.template operator()<4>(i, SpaceBits(text + i), 15);
  if (i < last) scan_block.template operator()<4>(i, SpaceBits(text + i), last - i - 1);
}

// q holds its own key: where no other key shares it, looking it up finds nothing but q. Returns the
// offset of that key in q, or UINT32_MAX.
uint32_t ContainmentIndex::OwnKeyOffset(uint32_t q) const {
  const uint32_t k = candidate_info_[q].key;
  if (k != kNoKey && key_table_.at(keys_[k].slot).count == 1) return keys_[k].offset;
  return std::numeric_limits<uint32_t>::max();
}

void ContainmentIndex::ReferenceScanForTesting(uint32_t q, std::vector<int32_t>* container) {
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t last = NormalizedLength(outer) - kKeyBytes;
  const char* text = normalized_.data() + outer.normalized_begin;
  const uint32_t own_key_offset = OwnKeyOffset(q);
  ForEachWordStart(q, [&](uint32_t offset) {
    if (offset > last) return false;
    if (MayBeKey(Load8(text + offset)) && offset != own_key_offset) {
      VerifyHits(q, offset, KeyAt(outer.normalized_begin + offset), container);
    }
    return true;
  });
}

// The keys whose hash is `hash` occur at word start `offset` of q: verify each alignment.
void ContainmentIndex::VerifyHits(uint32_t q, uint32_t offset, uint64_t hash,
                                  std::vector<int32_t>* container) {
  const HashSlotTable::Slot* slot = key_table_.Find(hash);
  if (slot == nullptr) return;
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t outer_length = NormalizedLength(outer);
  for (uint32_t k = slot->head; k != kNoKey; k = keys_[k].next) {
    const Key& key = keys_[k];
    const uint32_t p = key.paragraph;
    if (p == q || (*container)[p] >= 0 || probes_left_[p] == 0) continue;
    const uint32_t length = NormalizedLength((*paragraphs_)[p]);
    if (outer_length <= length || offset < key.offset ||
        offset - key.offset + length > outer_length)
      continue;
    --probes_left_[p];
    if (Matches(p, q, outer.normalized_begin + offset - key.offset))
      (*container)[p] = static_cast<int32_t>(q);
  }
}

bool ContainmentIndex::Matches(uint32_t p, uint32_t q, uint32_t start) const {
  const Paragraph& para = (*paragraphs_)[p];
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t length = NormalizedLength(para);
  if (std::memcmp(normalized_.data() + start, normalized_.data() + para.normalized_begin, length) !=
      0) {
    return false;
  }
  const std::string_view text = normalized_.substr(outer.normalized_begin, NormalizedLength(outer));
  const size_t local = start - outer.normalized_begin;
  return IsWordBoundary(text, local) && IsWordBoundary(text, local + length);
}

void ContainmentIndex::WordStartsForTesting(std::string_view normalized,
                                            std::vector<uint32_t>* out) {
  std::vector<Paragraph> one(1);
  one[0].normalized_end = static_cast<uint32_t>(normalized.size());
  normalized_ = normalized;
  paragraphs_ = &one;
  candidate_info_.resize(1);
  segmented_starts_.clear();
  PrepareWordStarts(0, HasWideByte(normalized));
  ForEachWordStart(0, [&](uint32_t offset) {
    out->push_back(offset);
    return true;
  });
  paragraphs_ = nullptr;
}

}  // namespace saring::text
