// Document repair (rules: docs/repair.md).
//
// Repair runs in passes over one document: split into lines and paragraphs, normalise and hash
// every paragraph, then mark paragraphs for removal (credit lines, then repeated paragraphs, then
// contained ones), and finally cut the marked spans out. Every pass is linear; all buffers live in
// the repairer or the result and are reused, so steady-state repair does not allocate.
#include "saring/repair.h"

#include <xxhash.h>

#include <algorithm>

#include "saring/normalize.h"
#include "saring/status.h"
#include "text/containment_index.h"
#include "text/hash_slot_table.h"
#include "text/normalize_internal.h"
#include "text/paragraph_splitter.h"

namespace saring {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr int8_t kKept = -1;

std::string_view Slice(std::string_view s, uint32_t begin, uint32_t end) {
  return s.substr(begin, end - begin);
}

}  // namespace

std::string_view SpanReasonName(SpanReason r) {
  switch (r) {
    case SpanReason::kRepeatedParagraph: return "repeated_paragraph";
    case SpanReason::kContainedParagraph: return "contained_paragraph";
    case SpanReason::kCreditLine: return "credit_line";
    case SpanReason::kByteOrderMark: return "byte_order_mark";
  }
  return "unknown";
}

void RepairResult::Clear() {
  paragraphs.clear();
  removed.clear();
  kept_text.clear();
  kept_normalized.clear();
  normalized_all.clear();
}

namespace text {

struct RepairScratch {
  text::ParagraphSplitter splitter;
  text::ContainmentIndex containment;
  text::HashSlotTable repeated;
  std::vector<int8_t> reason;                 // per paragraph: a SpanReason, or kKept
  std::vector<int32_t> duplicate_of;          // per paragraph: repeated/contained target, or -1
  std::vector<int32_t> container;             // per paragraph: ContainmentIndex output
  std::vector<uint8_t> wide;                  // per paragraph: normalised text holds a byte >= 0xE0
  std::vector<text::TextRange> ranges;        // per paragraph: its bytes in the text
  std::vector<text::NormalizedPiece> pieces;  // per paragraph: its bytes in normalized_all
};

}  // namespace text

DocumentRepairer::DocumentRepairer(const RepairOptions& options)
    : options_(options), scratch_(std::make_unique<text::RepairScratch>()) {}
DocumentRepairer::~DocumentRepairer() = default;
DocumentRepairer::DocumentRepairer(DocumentRepairer&&) noexcept = default;
DocumentRepairer& DocumentRepairer::operator=(DocumentRepairer&&) noexcept = default;

namespace {

// The passes of Repair, over one document. Holds only references.
class RepairPass {
 public:
  RepairPass(const RepairOptions& options, std::string_view text, text::RepairScratch& scratch,
             RepairResult* result);

  void Run(uint32_t start);

 private:
  void BuildParagraphs();
  void MarkCredits();
  void MarkRepeated();
  void MarkContained();
  void ResolveContainmentChains();
  void Mark(size_t i, SpanReason reason, int32_t duplicate_of);
  void EmitResult();
  std::string_view Normalized(const Paragraph& p) const {
    return Slice(result_->normalized_all, p.normalized_begin, p.normalized_end);
  }

  const RepairOptions& options_;
  std::string_view text_;
  text::RepairScratch& scratch_;
  RepairResult* result_;
};

}  // namespace

void DocumentRepairer::Repair(std::string_view text, RepairResult* result) {
  SARING_DCHECK(text.size() < (uint64_t{1} << 32));
  // Cleared, except that normalized_all keeps its bytes: NormalizeJoined overwrites them (and
  // trims the string), which spares zero-filling it again for every document.
  std::string normalized_all = std::move(result->normalized_all);
  result->Clear();
  result->normalized_all = std::move(normalized_all);
  uint32_t start = 0;
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    RemovedSpan bom;
    bom.begin = 0;
    bom.end = static_cast<uint32_t>(kUtf8Bom.size());
    bom.reason = SpanReason::kByteOrderMark;
    result->removed.push_back(bom);
    start = bom.end;
  }
  RepairPass(options_, text, *scratch_, result).Run(start);
}

namespace {

RepairPass::RepairPass(const RepairOptions& options, std::string_view text,
                       text::RepairScratch& scratch, RepairResult* result)
    : options_(options), text_(text), scratch_(scratch), result_(result) {}

void RepairPass::Run(uint32_t start) {
  scratch_.splitter.Split(text_, start, options_.max_credit_chars);
  BuildParagraphs();
  if (options_.remove_credits) MarkCredits();
  if (options_.remove_repeated) MarkRepeated();
  if (options_.remove_contained) MarkContained();
  EmitResult();
}

void RepairPass::BuildParagraphs() {
  const auto& lines = scratch_.splitter.lines();
  const auto& groups = scratch_.splitter.paragraphs();
  const NormalizeOptions normalize_options;  // fold case, strip punctuation, keep digits
  // All paragraphs are normalised in one call (one buffer resize per document, not per paragraph).
  std::vector<text::TextRange>& ranges = scratch_.ranges;
  ranges.resize(groups.size());
  for (size_t i = 0; i < groups.size(); ++i)
    ranges[i] = {lines[groups[i].first_line].begin, lines[groups[i].last_line].end};
  std::vector<text::NormalizedPiece>& pieces = scratch_.pieces;
  pieces.resize(groups.size());
  text::NormalizeJoined(text_, ranges.data(), ranges.size(), normalize_options,
                        &result_->normalized_all, pieces.data());
  const std::string& normalized = result_->normalized_all;
  scratch_.wide.resize(groups.size());
  result_->paragraphs.resize(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    Paragraph& p = result_->paragraphs[i];
    p.begin = ranges[i].begin;
    p.end = ranges[i].end;
    p.first_line = groups[i].first_line + 1;
    p.last_line = groups[i].last_line + 1;
    p.normalized_begin = pieces[i].begin;
    p.normalized_end = pieces[i].end;
    p.hash =
        XXH3_64bits(normalized.data() + p.normalized_begin, p.normalized_end - p.normalized_begin);
    p.removed = false;
    scratch_.wide[i] = pieces[i].wide;
  }
  scratch_.reason.assign(groups.size(), kKept);
  scratch_.duplicate_of.assign(groups.size(), -1);
}

void RepairPass::Mark(size_t i, SpanReason reason, int32_t duplicate_of) {
  result_->paragraphs[i].removed = true;
  scratch_.reason[i] = static_cast<int8_t>(reason);
  scratch_.duplicate_of[i] = duplicate_of;
}

void RepairPass::MarkCredits() {
  const auto& lines = scratch_.splitter.lines();
  const auto& groups = scratch_.splitter.paragraphs();
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].first_line == groups[i].last_line && lines[groups[i].first_line].credit) {
      Mark(i, SpanReason::kCreditLine, -1);
    }
  }
}

void RepairPass::MarkRepeated() {
  std::vector<Paragraph>& paragraphs = result_->paragraphs;
  scratch_.repeated.Reset(paragraphs.size());
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& p = paragraphs[i];
    if (p.removed || p.normalized_begin == p.normalized_end)
      continue;  // empty text repeats nothing
    text::HashSlotTable::Slot* slot = scratch_.repeated.FindOrInsert(p.hash);
    if (slot->count == 0) {
      slot->head = static_cast<uint32_t>(i);
      slot->count = 1;
    } else if (Normalized(paragraphs[slot->head]) == Normalized(p)) {
      Mark(i, SpanReason::kRepeatedParagraph, static_cast<int32_t>(slot->head));
    }
  }
}

void RepairPass::MarkContained() {
  std::vector<Paragraph>& paragraphs = result_->paragraphs;
  std::vector<int32_t>& container = scratch_.container;
  // Every decision is made against the paragraphs as they were before this pass, so the outcome
  // does not depend on the order of the decisions; chains are resolved afterwards.
  scratch_.containment.FindContainers(result_->normalized_all, paragraphs, scratch_.wide,
                                      options_.min_contained_chars, &container);
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (container[i] >= 0) Mark(i, SpanReason::kContainedParagraph, container[i]);
  }
  ResolveContainmentChains();
}

// A container may itself be contained in a longer paragraph; containment is transitive, so point
// each removed paragraph at the kept end of its chain. Chains end because containers are strictly
// longer; path compression keeps the walk linear overall even for long chains. A repeat of a
// paragraph that turned out to be contained is contained in the same place, and says so.
void RepairPass::ResolveContainmentChains() {
  constexpr auto kContained = static_cast<int8_t>(SpanReason::kContainedParagraph);
  constexpr auto kRepeated = static_cast<int8_t>(SpanReason::kRepeatedParagraph);
  std::vector<int8_t>& reason = scratch_.reason;
  std::vector<int32_t>& dup = scratch_.duplicate_of;
  for (size_t i = 0; i < dup.size(); ++i) {
    if (reason[i] == kRepeated && reason[dup[i]] == kContained) reason[i] = kContained;
  }
  for (size_t i = 0; i < dup.size(); ++i) {
    if (reason[i] != kContained) continue;
    int32_t root = dup[i];
    while (reason[root] == kContained) root = dup[root];
    for (int32_t at = static_cast<int32_t>(i); at != root;) {
      const int32_t next = dup[at];
      dup[at] = root;
      at = next;
    }
  }
}

void RepairPass::EmitResult() {
  const auto& lines = scratch_.splitter.lines();
  const auto& groups = scratch_.splitter.paragraphs();
  const std::vector<Paragraph>& paragraphs = result_->paragraphs;
  // Most documents lose nothing; then kept_normalized is normalized_all (the same paragraphs,
  // joined the same way), one copy instead of one append per paragraph.
  const bool none_removed = std::none_of(paragraphs.begin(), paragraphs.end(),
                                         [](const Paragraph& p) { return p.removed; });
  if (none_removed) result_->kept_normalized.assign(result_->normalized_all);
  bool first_kept = true;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& p = paragraphs[i];
    if (!p.removed) {
      if (none_removed) continue;
      if (!first_kept) result_->kept_normalized.push_back('\n');
      first_kept = false;
      result_->kept_normalized.append(Normalized(p));
      continue;
    }
    RemovedSpan span;
    span.begin = p.begin;
    span.end = lines[groups[i].last_line].next;
    span.reason = static_cast<SpanReason>(scratch_.reason[i]);
    span.paragraph = static_cast<int32_t>(i);
    span.duplicate_of = scratch_.duplicate_of[i];
    if (span.duplicate_of >= 0) {
      span.dup_begin = paragraphs[span.duplicate_of].begin;
      span.dup_end = paragraphs[span.duplicate_of].end;
    }
    result_->removed.push_back(span);
  }
  size_t cursor = 0;
  for (const RemovedSpan& span : result_->removed) {
    result_->kept_text.append(text_.substr(cursor, span.begin - cursor));
    cursor = span.end;
  }
  result_->kept_text.append(text_.substr(cursor));
}

}  // namespace

std::string RebuildOriginal(
    std::string_view kept_text,
    const std::vector<std::pair<uint32_t, std::string>>& spans_begin_and_text) {
  std::string original;
  size_t kept_cursor = 0;
  for (const auto& [begin, removed] : spans_begin_and_text) {
    SARING_DCHECK(begin >= original.size());
    const size_t take = std::min(begin - original.size(), kept_text.size() - kept_cursor);
    original.append(kept_text.substr(kept_cursor, take));
    kept_cursor += take;
    original.append(removed);
  }
  original.append(kept_text.substr(kept_cursor));
  return original;
}

}  // namespace saring
