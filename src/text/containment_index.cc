// Containment search keyed on the bytes at word starts (see containment_index.h for the overview).
#include "text/containment_index.h"

#include <utf8proc.h>

#include <cstring>
#include <limits>

#include "text/script_ranges.h"
#include "text/utf8_codec.h"

namespace saring::text {
namespace {

constexpr uint32_t kNoKey = std::numeric_limits<uint32_t>::max();
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

uint32_t NormalizedLength(const Paragraph& p) { return p.normalized_end - p.normalized_begin; }

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// True if `s` has a byte >= 0xE0: the lead byte of a code point >= U+0800. Spaceless scripts
// start at U+0E00, so text without such a byte has none.
bool MayHoldSpacelessScript(std::string_view s) {
  size_t i = 0;
  uint64_t any = 0;
  for (; i + 8 <= s.size(); i += 8) {
    const uint64_t v = Load8(s.data() + i);
    any |= v & (v << 1) & (v << 2);  // bit 7 of a byte: its bits 7, 6 and 5 are all set
  }
  if ((any & kHigh) != 0) return true;
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0xE0) return true;
  }
  return false;
}

// 0x80 in every byte of v that is a space, 0 elsewhere (exact, no borrow between bytes).
uint64_t SpaceMask(uint64_t v) {
  const uint64_t x = v ^ (kOnes * ' ');
  return ~(((x & ~kHigh) + ~kHigh) | x) & kHigh;
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

template <class Visit>
void ContainmentIndex::ForEachWordStart(uint32_t p, Visit visit) {
  const Paragraph& para = (*paragraphs_)[p];
  const std::string_view text = normalized_.substr(para.normalized_begin, NormalizedLength(para));
  if (MayHoldSpacelessScript(text)) {
    words_.clear();
    SegmentWords(text, &words_);
    for (const WordSpan& w : words_) {
      if (!visit(w.begin)) return;
    }
    return;
  }
  // Normalised text is letters, marks and numbers separated by single spaces (no leading or
  // trailing space). Without spaceless scripts every such run is one word (SegmentWords), so a
  // word starts at 0 and after every space. Find the spaces eight bytes at a time.
  if (text.empty() || !visit(0)) return;
  const auto size = static_cast<uint32_t>(text.size());
  uint32_t i = 0;
  for (; i + 8 <= size; i += 8) {
    for (uint64_t mask = SpaceMask(Load8(text.data() + i)); mask != 0; mask &= mask - 1) {
      if (!visit(i + static_cast<uint32_t>(__builtin_ctzll(mask)) / 8 + 1)) return;
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

// The filter bit of a key (or of a word start) whose first eight bytes are `head`: one multiply,
// against the two of KeyHash, because nearly every word start of a container misses.
inline uint32_t FilterBit(uint64_t head) { return static_cast<uint32_t>((head * 0x9E3779B97F4A7C15ULL) >> 52); }

}  // namespace

inline bool ContainmentIndex::MayBeKey(uint64_t head) const {
  const uint32_t bit = FilterBit(head);
  return (key_filter_[bit >> 6] >> (bit & 63)) & 1;
}

void ContainmentIndex::FindContainers(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                                      uint32_t min_chars, std::vector<int32_t>* container) {
  normalized_ = normalized_all;
  paragraphs_ = &paragraphs;
  container->assign(paragraphs.size(), -1);
  const uint32_t min_length = min_chars > kKeyBytes ? min_chars : kKeyBytes;
  candidates_.clear();
  for (uint32_t i = 0; i < paragraphs.size(); ++i) {
    if (!paragraphs[i].removed && NormalizedLength(paragraphs[i]) >= min_length) candidates_.push_back(i);
  }
  if (candidates_.size() < 2) return;  // containment needs two paragraphs
  keys_.clear();
  key_table_.Reset(candidates_.size());
  key_filter_.fill(0);
  shortest_key_length_ = std::numeric_limits<uint32_t>::max();
  probes_left_.assign(paragraphs.size(), kMaxContainmentProbes);
  for (uint32_t p : candidates_) ChooseKey(p);
  if (keys_.empty()) return;
  for (uint32_t q : candidates_) {
    if (NormalizedLength(paragraphs[q]) > shortest_key_length_) ScanContainer(q, container);  // else too short
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
      if (slot == nullptr || slot->count < kMaxKeySharing) found = true, key_offset = offset, key_hash = hash;
    }
    if (!found && offset + kKeyBytes > length) return false;  // later word starts have even less room
    return words < kMinContainedWords || !found;
  });
  if (!found || words < kMinContainedWords) return;
  HashSlotTable::Slot* slot = key_table_.FindOrInsert(key_hash);
  const uint32_t bit = FilterBit(Load8(normalized_.data() + para.normalized_begin + key_offset));
  key_filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  keys_.push_back({p, key_offset, slot->count == 0 ? kNoKey : slot->head});
  slot->head = static_cast<uint32_t>(keys_.size() - 1);
  ++slot->count;
  if (length < shortest_key_length_) shortest_key_length_ = length;
}

// Looks up the key bytes at every word start of candidate q and verifies the alignments they imply.
void ContainmentIndex::ScanContainer(uint32_t q, std::vector<int32_t>* container) {
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t outer_length = NormalizedLength(outer);
  ForEachWordStart(q, [&](uint32_t offset) {
    if (offset + kKeyBytes > outer_length) return false;
    const uint32_t pos = outer.normalized_begin + offset;
    if (MayBeKey(Load8(normalized_.data() + pos))) VerifyHits(q, offset, KeyAt(pos), container);
    return true;
  });
}

// The keys whose hash is `hash` occur at word start `offset` of q: verify each alignment.
void ContainmentIndex::VerifyHits(uint32_t q, uint32_t offset, uint64_t hash, std::vector<int32_t>* container) {
  const HashSlotTable::Slot* slot = key_table_.Find(hash);
  if (slot == nullptr) return;
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t outer_length = NormalizedLength(outer);
  for (uint32_t k = slot->head; k != kNoKey; k = keys_[k].next) {
    const Key& key = keys_[k];
    const uint32_t p = key.paragraph;
    if (p == q || (*container)[p] >= 0 || probes_left_[p] == 0) continue;
    const uint32_t length = NormalizedLength((*paragraphs_)[p]);
    if (outer_length <= length || offset < key.offset || offset - key.offset + length > outer_length) continue;
    --probes_left_[p];
    if (Matches(p, q, outer.normalized_begin + offset - key.offset)) (*container)[p] = static_cast<int32_t>(q);
  }
}

bool ContainmentIndex::Matches(uint32_t p, uint32_t q, uint32_t start) const {
  const Paragraph& para = (*paragraphs_)[p];
  const Paragraph& outer = (*paragraphs_)[q];
  const uint32_t length = NormalizedLength(para);
  if (std::memcmp(normalized_.data() + start, normalized_.data() + para.normalized_begin, length) != 0) {
    return false;
  }
  const std::string_view text = normalized_.substr(outer.normalized_begin, NormalizedLength(outer));
  const size_t local = start - outer.normalized_begin;
  return IsWordBoundary(text, local) && IsWordBoundary(text, local + length);
}

void ContainmentIndex::WordStartsForTesting(std::string_view normalized, std::vector<uint32_t>* out) {
  std::vector<Paragraph> one(1);
  one[0].normalized_end = static_cast<uint32_t>(normalized.size());
  normalized_ = normalized;
  paragraphs_ = &one;
  ForEachWordStart(0, [&](uint32_t offset) {
    out->push_back(offset);
    return true;
  });
  paragraphs_ = nullptr;
}

}  // namespace saring::text
