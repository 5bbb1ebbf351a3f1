// Cross-document paragraph dedup (dedup.paragraphs) for sharded runs: the same cuts as the
// sequential Decider of `saring run`, taken by P parts none of which holds every paragraph.
//
// The sequential rule: in input order, over the documents still kept after exact dedup, the
// archive and near-dup, each considered paragraph (ParagraphKey) whose hash was seen in an
// earlier document is cut (unless a boilerplate cut overlaps it), and a document all of whose kept
// paragraphs are cut is removed as "all_paragraphs_duplicated". A document whose paragraphs are all
// copies inserts none of them, and a copy never inserts, so the first occurrence of each hash in
// input order, among the considered paragraphs of kept documents, is the one every later copy
// names.
//
// Partitioned: each part sends (hash, locator, paragraph) of its kept records to the part owning
// the hash, in rounds of bounded size (round_exchange.h); the owner sorts what it receives in
// bounded memory, spilling sorted runs to the work folder past half of dedup.memory_budget
// (spill_sorter.h), names the first locator of each hash the original of the later ones, and
// sends each copy's verdict back to its record's part. Survivor ids are resolved later with the
// other locators (partitioned_decide.cc), and the apply pass cuts the paragraphs
// (ApplyDuplicateParagraphs), where the boilerplate cuts are known.
#ifndef SARING_PIPELINE_PARTITIONED_PARAGRAPHS_H_
#define SARING_PIPELINE_PARTITIONED_PARAGRAPHS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "pipeline/distributed.h"
#include "pipeline/doc_work.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

// A considered paragraph of a record that copies a paragraph of an earlier record.
struct ParagraphVerdict {
  uint64_t locator = 0;  // the record (input << 32 | position among the input's sign records)
  uint32_t index = 0;    // ParagraphKey::index
  uint32_t first_begin = 0, first_end = 0;
  uint64_t first = 0;  // locator of the record holding the first occurrence
  bool operator<(const ParagraphVerdict& o) const {
    return locator != o.locator ? locator < o.locator : index < o.index;
  }
};

// Calls emit(locator, paragraphs) for every record of this part still kept, in input order.
using KeptRecords = std::function<Status(
    const std::function<Status(uint64_t locator, const std::vector<ParagraphKey>& paragraphs)>&
        emit)>;

// Every part calls it. Returns the verdicts of this part's records, sorted by (locator, index).
// `parts_of_input`: part owning a record's input is (locator >> 32) % P.
Result<std::vector<ParagraphVerdict>> DecideParagraphs(const RunOptions& options, PartExchange* ex,
                                                       const KeptRecords& kept);

// The paragraph rule, shared with the sequential Decider. A copied paragraph holding a
// boilerplate cut stays (spans never overlap):
bool OverlapsStageSpan(const Paragraph& p, const DocWork& d);
// Cuts copied paragraph `p` (with its line break) from *d, naming the first occurrence.
void CutCopiedParagraph(const Paragraph& p, std::string first_id, uint32_t first_begin,
                        uint32_t first_end, DocWork* d);
// Removes *d ("all_paragraphs_duplicated", naming the first cut's original) when every one of its
// `kept_paragraphs` paragraphs is cut.
void RemoveIfEveryParagraphCut(size_t kept_paragraphs, DocWork* d);

// The apply pass: cuts the paragraphs of `dups` from kept document *d, as the sequential Decider
// does, and removes it ("all_paragraphs_duplicated") when every kept paragraph is cut.
// Corruption when a paragraph index is not the document's (decisions of other inputs or settings).
Status ApplyDuplicateParagraphs(const std::vector<ParagraphDup>& dups, DocWork* d);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_PARAGRAPHS_H_
