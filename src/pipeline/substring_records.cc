#include "pipeline/substring_records.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/partitioned_paragraphs.h"

namespace saring::pipeline {

namespace {

// In place of the word count: the record was signed with dedup.substrings off.
constexpr uint32_t kNotSigned = 0xffffffffu;
constexpr uint8_t kRemovedBit = 1, kDecidedBit = 2;

}  // namespace

void AppendSubstringSign(const DocWork& d, std::string* out) {
  if (!d.substring_input) {
    Put<uint32_t>(out, kNotSigned);
    return;
  }
  const uint32_t words = static_cast<uint32_t>(d.substring_keys.size());
  Put<uint32_t>(out, words);
  if (words == 0) return;
  out->append(reinterpret_cast<const char*>(d.substring_keys.data()), size_t{words} * 8);
  out->append(reinterpret_cast<const char*>(d.substring_offsets.data()), size_t{words} * 8);
  uint32_t kept = 0;
  std::vector<uint32_t> overlapping;
  const std::vector<Paragraph>& ps = d.repair.paragraphs;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].removed) continue;
    ++kept;
    if (OverlapsStageSpan(ps[i], d)) overlapping.push_back(static_cast<uint32_t>(i));
  }
  Put<uint32_t>(out, kept);
  Put<uint32_t>(out, static_cast<uint32_t>(overlapping.size()));
  out->append(reinterpret_cast<const char*>(overlapping.data()), overlapping.size() * 4);
}

bool ReadSubstringSign(ByteReader* r, SubstringSign* s) {
  uint32_t words;
  if (!r->Get(&words)) return false;
  s->signed_with_substrings = words != kNotSigned;
  if (words == kNotSigned) words = 0;
  if (r->remaining() / 16 < words) return false;
  s->keys.resize(words);
  s->offsets.resize(2 * size_t{words});
  s->kept_paragraphs = 0;
  s->overlapping.clear();
  if (words == 0) return true;
  for (uint64_t& k : s->keys) r->Get(&k);
  for (uint32_t& o : s->offsets) r->Get(&o);
  return r->Get(&s->kept_paragraphs) && r->GetU32s(&s->overlapping);
}

void AppendSubstringCuts(const SubstringCuts& c, std::string* out) {
  Put<uint8_t>(out,
               static_cast<uint8_t>((c.removed ? kRemovedBit : 0) | (c.decided ? kDecidedBit : 0)));
  if (c.removed) PutString(out, c.duplicate_of);
  Put<uint32_t>(out, static_cast<uint32_t>(c.spans.size()));
  for (const SubstringCut& s : c.spans) {
    Put<uint32_t>(out, s.begin);
    Put<uint32_t>(out, s.end);
    Put<uint32_t>(out, s.first_begin);
    Put<uint32_t>(out, s.first_end);
    PutString(out, s.first_id);
  }
}

bool ReadSubstringCuts(ByteReader* r, SubstringCuts* c) {
  uint8_t flags;
  uint32_t spans;
  c->duplicate_of.clear();
  if (!r->Get(&flags) || flags > (kRemovedBit | kDecidedBit)) return false;
  const bool removed = flags & kRemovedBit;
  c->decided = flags & kDecidedBit;
  if ((removed && !r->GetString(&c->duplicate_of)) || !r->Get(&spans) ||
      r->remaining() / 20 < spans) {
    return false;
  }
  c->removed = removed;
  c->spans.resize(spans);
  for (SubstringCut& s : c->spans) {
    if (!r->Get(&s.begin) || !r->Get(&s.end) || !r->Get(&s.first_begin) || !r->Get(&s.first_end) ||
        !r->GetString(&s.first_id)) {
      return false;
    }
  }
  return true;
}

std::vector<std::pair<uint32_t, uint32_t>> TakenRanges(const DocWork& d) {
  std::vector<std::pair<uint32_t, uint32_t>> taken;
  for (const RemovedSpan& s : d.repair.removed) taken.push_back({s.begin, s.end});
  for (const StageSpan& s : d.stage_spans) taken.push_back({s.begin, s.end});
  for (const CrossDocSpan& s : d.cross_spans) taken.push_back({s.begin, s.end});
  std::sort(taken.begin(), taken.end());
  return taken;
}

void CutSubstringAround(uint32_t begin, uint32_t end, const std::string& first_id,
                        uint32_t first_begin, uint32_t first_end,
                        const std::vector<std::pair<uint32_t, uint32_t>>& taken, DocWork* d) {
  uint32_t cursor = begin;
  auto emit = [&](uint32_t b, uint32_t e) {
    if (b < e)
      d->cross_spans.push_back({b, e, first_id, first_begin, first_end, "duplicate_substring"});
  };
  for (const auto& [tb, te] : taken) {
    if (te <= cursor) continue;
    if (tb >= end) break;
    emit(cursor, tb);
    cursor = std::max(cursor, te);
  }
  if (cursor < end) emit(cursor, end);
}

Status ApplySubstringCuts(const SubstringCuts& c, bool substrings, size_t input, DocWork* d) {
  if (c.decided != substrings) {
    return Status::InvalidArgument(fmt::format(
        "the dedup decisions for input {} were made with dedup.substrings={}, but this stage runs "
        "with dedup.substrings={}: every stage of a run needs the same dedup.substrings",
        input, c.decided, substrings));
  }
  if (c.removed) {
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kDuplicateSubstrings;
    d->duplicate_of = c.duplicate_of;
    return Status::Ok();
  }
  if (c.spans.empty()) return Status::Ok();
  const std::vector<std::pair<uint32_t, uint32_t>> taken = TakenRanges(*d);
  for (const SubstringCut& s : c.spans) {
    CutSubstringAround(s.begin, s.end, s.first_id, s.first_begin, s.first_end, taken, d);
  }
  return Status::Ok();
}

}  // namespace saring::pipeline
