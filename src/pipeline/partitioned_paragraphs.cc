#include "pipeline/partitioned_paragraphs.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/round_exchange.h"
#include "pipeline/spill_sorter.h"

namespace saring::pipeline {
namespace {

// One considered paragraph at its hash's owner; sorted by hash, then input order.
struct Occurrence {
  uint64_t hash, locator;
  uint32_t index, begin, end, pad;
  bool operator<(const Occurrence& o) const {
    return hash != o.hash         ? hash < o.hash
           : locator != o.locator ? locator < o.locator
                                  : index < o.index;
  }
};

constexpr size_t kOccurrenceBytes = 8 + 8 + 4 + 4 + 4;
constexpr size_t kVerdictBytes = 8 + 4 + 4 + 4 + 8;

int HashOwner(uint64_t hash, int parts) {
  return static_cast<int>((hash >> 17) % static_cast<uint64_t>(parts));
}
int RecordOwner(uint64_t locator, int parts) {
  return static_cast<int>((locator >> 32) % static_cast<uint64_t>(parts));
}

}  // namespace

Result<std::vector<ParagraphVerdict>> DecideParagraphs(const RunOptions& options, PartExchange* ex,
                                                       const KeptRecords& kept) {
  const int parts = ex->size();
  const uint64_t budget = options.dedup.memory_budget_bytes;
  const size_t round_bytes = RoundBytes(budget / 2, parts);
  // 1. Every considered paragraph to its hash's owner, which sorts them.
  SpillSorter<Occurrence> table(budget / 2, options.work_dir, "paragraph hashes");
  RoundExchange to_owners(ex, round_bytes, [&](int, std::string_view bytes) -> Status {
    return ForEachFixedRecord(
        bytes, kOccurrenceBytes, "garbled paragraph hashes", [&](ByteReader* r) {
          Occurrence o{};
          r->Get(&o.hash), r->Get(&o.locator), r->Get(&o.index), r->Get(&o.begin), r->Get(&o.end);
          return table.Add(o);
        });
  });
  SARING_RETURN_IF_ERROR(
      kept([&](uint64_t locator, const std::vector<ParagraphKey>& keys) -> Status {
        for (const ParagraphKey& k : keys) {
          std::string* out = to_owners.to(HashOwner(k.hash, parts));
          Put<uint64_t>(out, k.hash);
          Put<uint64_t>(out, locator);
          Put<uint32_t>(out, k.index);
          Put<uint32_t>(out, k.begin);
          Put<uint32_t>(out, k.end);
        }
        return to_owners.MaybeRound();
      }));
  SARING_RETURN_IF_ERROR(to_owners.Finish());
  // 2. The first occurrence of each hash names the original of the later ones, whose verdicts go
  // back to their records' parts.
  std::vector<ParagraphVerdict> verdicts;
  RoundExchange back(ex, round_bytes, [&](int, std::string_view bytes) -> Status {
    return ForEachFixedRecord(
        bytes, kVerdictBytes, "garbled paragraph verdicts", [&](ByteReader* r) -> Status {
          ParagraphVerdict v;
          r->Get(&v.locator), r->Get(&v.index), r->Get(&v.first_begin), r->Get(&v.first_end),
              r->Get(&v.first);
          if (RecordOwner(v.locator, parts) != ex->rank()) {
            return Status::Corruption("a paragraph verdict came to the wrong part");
          }
          verdicts.push_back(v);
          return Status::Ok();
        });
  });
  auto hash = [](const Occurrence& o) { return o.hash; };
  SARING_RETURN_IF_ERROR(
      table.ForEachAfterFirst(hash, [&](const Occurrence& o, const Occurrence& first) -> Status {
        if (o.locator == first.locator) return Status::Ok();  // a repeat within the document
        std::string* out = back.to(RecordOwner(o.locator, parts));
        Put<uint64_t>(out, o.locator);
        Put<uint32_t>(out, o.index);
        Put<uint32_t>(out, first.begin);
        Put<uint32_t>(out, first.end);
        Put<uint64_t>(out, first.locator);
        return back.MaybeRound();
      }));
  SARING_RETURN_IF_ERROR(back.Finish());
  std::sort(verdicts.begin(), verdicts.end());
  return verdicts;
}

bool OverlapsStageSpan(const Paragraph& p, const DocWork& d) {
  bool overlaps = false;
  for (const StageSpan& s : d.stage_spans) overlaps |= s.begin < p.end && p.begin < s.end;
  return overlaps;
}

void CutCopiedParagraph(const Paragraph& p, std::string first_id, uint32_t first_begin,
                        uint32_t first_end, DocWork* d) {
  uint32_t end = p.end;
  if (end < d->text.size() && d->text[end] == '\r') ++end;
  if (end < d->text.size() && d->text[end] == '\n') ++end;
  d->cross_spans.push_back({p.begin, end, std::move(first_id), first_begin, first_end});
}

void RemoveIfEveryParagraphCut(size_t kept_paragraphs, DocWork* d) {
  if (kept_paragraphs == 0 || d->cross_spans.size() != kept_paragraphs) return;
  d->fate = DocFate::kRemoved;
  d->reason = RemovalReason::kAllParagraphsDuplicated;
  d->duplicate_of = d->cross_spans.front().duplicate_id;
  d->cross_spans.clear();
}

Status ApplyDuplicateParagraphs(const std::vector<ParagraphDup>& dups, DocWork* d) {
  if (dups.empty()) return Status::Ok();
  const std::vector<Paragraph>& paragraphs = d->repair.paragraphs;
  size_t kept_paragraphs = 0;
  for (const Paragraph& p : paragraphs) kept_paragraphs += !p.removed;
  for (const ParagraphDup& dup : dups) {
    if (dup.index >= paragraphs.size() || paragraphs[dup.index].removed) {
      return Status::Corruption(fmt::format(
          "a paragraph decision names paragraph {} of document '{}', which is not one it keeps: "
          "were the decisions computed for these inputs and settings?",
          dup.index, d->parsed.id));
    }
    const Paragraph& p = paragraphs[dup.index];
    if (!OverlapsStageSpan(p, *d))
      CutCopiedParagraph(p, dup.duplicate_of, dup.first_begin, dup.first_end, d);
  }
  RemoveIfEveryParagraphCut(kept_paragraphs, d);
  return Status::Ok();
}

}  // namespace saring::pipeline
