// Containment search over word 3-gram shingles (see containment_index.h for the overview).
#include "text/containment_index.h"

#include <xxhash.h>

#include <cstring>
#include <limits>

#include <utf8proc.h>

#include "text/script_ranges.h"
#include "text/utf8_codec.h"

namespace saring::text {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

uint32_t NormalizedLength(const Paragraph& p) { return p.normalized_end - p.normalized_begin; }

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

void ContainmentIndex::Build(std::string_view normalized_all, const std::vector<Paragraph>& paragraphs,
                             uint32_t min_chars) {
  normalized_ = normalized_all;
  paragraphs_ = &paragraphs;
  shingles_.clear();
  first_shingle_.clear();
  size_t indexable = 0;
  for (const Paragraph& p : paragraphs) indexable += !p.removed && NormalizedLength(p) >= min_chars;
  const bool worthwhile = indexable >= 2;  // containment needs two paragraphs
  for (uint32_t i = 0; i < paragraphs.size(); ++i) {
    first_shingle_.push_back(static_cast<uint32_t>(shingles_.size()));
    const Paragraph& p = paragraphs[i];
    if (!worthwhile || p.removed || NormalizedLength(p) < min_chars) continue;
    words_.clear();
    SegmentWords(normalized_all.substr(p.normalized_begin, NormalizedLength(p)), &words_);
    for (size_t w = 0; w + kShingleWords <= words_.size(); ++w) {
      const uint32_t begin = p.normalized_begin + words_[w].begin;
      const uint32_t end = p.normalized_begin + words_[w + kShingleWords - 1].end;
      const uint64_t hash = XXH3_64bits(normalized_all.data() + begin, end - begin);
      shingles_.push_back({hash, begin, i, kNone, 0});
    }
  }
  first_shingle_.push_back(static_cast<uint32_t>(shingles_.size()));
  table_.Reset(shingles_.size());
  // Insert backwards so that each hash's occurrence list runs in document order.
  for (size_t s = shingles_.size(); s-- > 0;) {
    Shingle& sh = shingles_[s];
    HashSlotTable::Slot* slot = table_.FindOrInsert(sh.hash);
    sh.next = slot->count == 0 ? kNone : slot->head;
    slot->head = static_cast<uint32_t>(s);
    ++slot->count;
    sh.slot = table_.IndexOf(slot);
  }
}

int32_t ContainmentIndex::FindContainer(uint32_t p) const {
  const uint32_t begin = first_shingle_[p];
  const uint32_t end = first_shingle_[p + 1];
  if (begin == end) return -1;
  uint32_t rarest = begin;
  uint32_t rarest_count = kNone;
  for (uint32_t s = begin; s < end; ++s) {
    const uint32_t count = table_.at(shingles_[s].slot).count;
    if (count == 1) return -1;  // this shingle occurs nowhere else
    if (count < rarest_count) rarest = s, rarest_count = count;
  }
  const Paragraph& para = (*paragraphs_)[p];
  const uint32_t offset = shingles_[rarest].pos - para.normalized_begin;
  uint32_t probes = 0;
  for (uint32_t o = table_.at(shingles_[rarest].slot).head; o != kNone && probes < kMaxContainmentProbes;
       o = shingles_[o].next, ++probes) {
    const uint32_t q = shingles_[o].paragraph;
    if (q == p) continue;
    const Paragraph& container = (*paragraphs_)[q];
    if (NormalizedLength(container) <= NormalizedLength(para)) continue;
    if (shingles_[o].pos < container.normalized_begin + offset) continue;
    const uint32_t start = shingles_[o].pos - offset;
    if (start + NormalizedLength(para) > container.normalized_end) continue;
    if (Matches(p, q, start)) return static_cast<int32_t>(q);
  }
  return -1;
}

bool ContainmentIndex::Matches(uint32_t p, uint32_t q, uint32_t start) const {
  const Paragraph& para = (*paragraphs_)[p];
  const Paragraph& container = (*paragraphs_)[q];
  const uint32_t length = NormalizedLength(para);
  if (std::memcmp(normalized_.data() + start, normalized_.data() + para.normalized_begin, length) != 0) {
    return false;
  }
  const std::string_view text = normalized_.substr(container.normalized_begin, NormalizedLength(container));
  const size_t local = start - container.normalized_begin;
  return IsWordBoundary(text, local) && IsWordBoundary(text, local + length);
}

}  // namespace saring::text
