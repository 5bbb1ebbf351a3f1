// Containment search over word 3-gram shingles (see containment_index.h for the overview).
//
// Shingle hashes only select alignments to verify, so they need to be fast and well spread, not
// stable across versions: a word hash mixes 8-byte blocks with the splitmix64 multipliers, and a
// shingle hash combines three word hashes with different rotations and a final avalanche.
#include "text/containment_index.h"

#include <utf8proc.h>

#include <cstring>
#include <limits>

#include "text/script_ranges.h"
#include "text/utf8_codec.h"

namespace saring::text {
namespace {

constexpr uint32_t kNoKey = std::numeric_limits<uint32_t>::max();

uint32_t NormalizedLength(const Paragraph& p) { return p.normalized_end - p.normalized_begin; }

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t Avalanche(uint64_t h) {
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

constexpr uint64_t kWordSeed = 0x9E3779B97F4A7C15ULL;

uint64_t MixBlock(uint64_t h, uint64_t block) { return Rotl((h ^ block) * 0xBF58476D1CE4E5B9ULL, 29); }
uint64_t FinishWord(uint64_t h, uint64_t tail) { return (h ^ tail) * 0x94D049BB133111EBULL; }

// Hash of a word's bytes: full 8-byte blocks, then the zero-padded tail. Words hold no NUL byte,
// so the padding cannot make two words collide systematically.
uint64_t WordHash(const char* p, size_t n) {
  uint64_t h = kWordSeed;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t block;
    std::memcpy(&block, p, 8);
    h = MixBlock(h, block);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return FinishWord(h, tail);
}

// Loads 8 bytes from p, of which `available` are readable; the rest read as zero.
inline uint64_t Load8(const char* p, size_t available) {
  uint64_t v = 0;
  if (available >= 8) {
    std::memcpy(&v, p, 8);
  } else {
    std::memcpy(&v, p, available);
  }
  return v;
}

// Index (0..8) of the first space among the 8 bytes of v; 8 if none. The borrow trick can flag
// bytes above the first zero byte of v ^ spaces, but never below it, so the lowest flag is exact.
size_t FirstSpace(uint64_t v) {
  const uint64_t x = v ^ 0x2020202020202020ULL;
  const uint64_t zero = (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
  return zero == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(zero)) / 8;
}

uint64_t ShingleHash(uint64_t a, uint64_t b, uint64_t c) { return Avalanche(a ^ Rotl(b, 21) ^ Rotl(c, 42)); }

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

ShingleStream::ShingleStream(std::string_view normalized_all, uint32_t begin, uint32_t end,
                             std::vector<WordSpan>* words)
    : all_(normalized_all), begin_(begin), end_(end), cursor_(begin), words_(nullptr) {
  const std::string_view text = all_.substr(begin, end - begin);
  if (AsciiPrefixLength(reinterpret_cast<const unsigned char*>(text.data()), text.size()) != text.size()) {
    words->clear();
    SegmentWords(text, words);
    words_ = words;
  }
}

inline bool ShingleStream::NextWord(uint64_t* hash, uint32_t* begin) {
  if (words_ != nullptr) {
    if (next_word_ == words_->size()) return false;
    const WordSpan& w = (*words_)[next_word_++];
    *hash = WordHash(all_.data() + begin_ + w.begin, w.end - w.begin);
    *begin = begin_ + w.begin;
    return true;
  }
  // ASCII normalised text is lower-case letters and digits separated by single spaces, so its
  // words are exactly what SegmentWords would find; read them eight bytes at a time.
  if (cursor_ >= end_) return false;
  *begin = cursor_;
  uint64_t h = kWordSeed;
  while (true) {
    const uint64_t v = Load8(all_.data() + cursor_, all_.size() - cursor_);
    size_t k = FirstSpace(v);
    if (cursor_ + k > end_) k = end_ - cursor_;
    if (k == 8) {
      h = MixBlock(h, v);
      cursor_ += 8;
      continue;
    }
    const uint64_t tail = k == 0 ? 0 : v & (~uint64_t{0} >> (64 - 8 * k));
    *hash = FinishWord(h, tail);
    cursor_ += static_cast<uint32_t>(k) + 1;  // past the space
    return true;
  }
}

bool ShingleStream::Next(uint64_t* hash, uint32_t* pos) {
  uint64_t word_hash;
  uint32_t word_begin;
  while (NextWord(&word_hash, &word_begin)) {
    hashes_[0] = hashes_[1], hashes_[1] = hashes_[2], hashes_[2] = word_hash;
    begins_[0] = begins_[1], begins_[1] = begins_[2], begins_[2] = word_begin;
    if (have_ < kShingleWords) ++have_;
    if (have_ < kShingleWords) continue;
    *hash = ShingleHash(hashes_[0], hashes_[1], hashes_[2]);
    *pos = begins_[0];
    return true;
  }
  return false;
}

void ContainmentIndex::FindContainers(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                                      uint32_t min_chars, std::vector<int32_t>* container) {
  normalized_ = normalized_all;
  paragraphs_ = &paragraphs;
  container->assign(paragraphs.size(), -1);
  candidates_.clear();
  for (uint32_t i = 0; i < paragraphs.size(); ++i) {
    if (!paragraphs[i].removed && NormalizedLength(paragraphs[i]) >= min_chars) candidates_.push_back(i);
  }
  if (candidates_.size() < 2) return;  // containment needs two paragraphs
  keys_.clear();
  key_table_.Reset(candidates_.size());
  probes_left_.assign(paragraphs.size(), kMaxContainmentProbes);
  for (uint32_t p : candidates_) ChooseKey(p);
  if (keys_.empty()) return;
  for (uint32_t q : candidates_) ScanContainer(q, container);
}

void ContainmentIndex::ChooseKey(uint32_t p) {
  const Paragraph& para = (*paragraphs_)[p];
  ShingleStream stream(normalized_, para.normalized_begin, para.normalized_end, &words_);
  uint64_t hash;
  uint32_t pos;
  while (stream.Next(&hash, &pos)) {
    HashSlotTable::Slot* slot = key_table_.FindOrInsert(hash);
    if (slot->count >= kMaxKeySharing) continue;
    keys_.push_back({p, pos - para.normalized_begin, slot->count == 0 ? kNoKey : slot->head});
    slot->head = static_cast<uint32_t>(keys_.size() - 1);
    ++slot->count;
    return;
  }
}

// Looks up every shingle of candidate q among the keys and verifies the alignments it implies.
void ContainmentIndex::ScanContainer(uint32_t q, std::vector<int32_t>* container) {
  const Paragraph& outer = (*paragraphs_)[q];
  ShingleStream stream(normalized_, outer.normalized_begin, outer.normalized_end, &words_);
  uint64_t hash;
  uint32_t pos;
  while (stream.Next(&hash, &pos)) {
    const HashSlotTable::Slot* slot = key_table_.Find(hash);
    if (slot == nullptr) continue;
    for (uint32_t k = slot->head; k != kNoKey; k = keys_[k].next) {
      const Key& key = keys_[k];
      const uint32_t p = key.paragraph;
      if (p == q || (*container)[p] >= 0 || probes_left_[p] == 0) continue;
      const uint32_t length = NormalizedLength((*paragraphs_)[p]);
      if (NormalizedLength(outer) <= length || pos < outer.normalized_begin + key.offset) continue;
      const uint32_t start = pos - key.offset;
      if (start + length > outer.normalized_end) continue;
      --probes_left_[p];
      if (Matches(p, q, start)) (*container)[p] = static_cast<int32_t>(q);
    }
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

}  // namespace saring::text
