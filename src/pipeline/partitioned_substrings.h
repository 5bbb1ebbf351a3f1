// Substring dedup (dedup.substrings, docs/substrings.md) for sharded runs: the same cuts as the
// SubstringStage of `saring run`, taken by P parts none of which holds every document.
//
// The sequential rule: over the documents still kept after exact dedup, the archive and
// near-dup, in input order, every window of n words whose word keys occurred at an earlier
// position (an earlier document, or earlier in the same one) is cut from the later copy; cut
// windows merge into pieces naming their first occurrence, which the final pass resolves to an id
// and byte range when it reaches it (a document paragraph dedup removes is reached by no one).
//
// Partitioned (each step one round exchange, round_exchange.h, every table a SpillSorter of the
// work folder, bounded by dedup.substring_memory_budget):
//   1. each part keeps its kept records' word keys, word offsets and ids in files of the work
//      folder, and sends every window {hash, locator, word} to the part owning the hash;
//   2. the owner sorts them; per hash the first position is the first occurrence and every later
//      one a candidate, sent to the later record's part;
//   3. that part sorts its candidates by position, groups them into chains (consecutive windows
//      whose first occurrences are consecutive too) and sends each chain, with its own keys, to
//      the first occurrence's part, which compares the keys word for word (a hash collision never
//      cuts text) and keeps the verified runs of windows;
//   4. the verified runs go back to the later record's part, which merges them into pieces in
//      position order, exactly as the sequential finder does;
//   5. each piece asks the first occurrence's part for its id and byte range (none when paragraph
//      dedup will remove that document), and the answers make each record's SubstringCuts.
#ifndef SARING_PIPELINE_PARTITIONED_SUBSTRINGS_H_
#define SARING_PIPELINE_PARTITIONED_SUBSTRINGS_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "pipeline/part_records.h"
#include "pipeline/partitioned_paragraphs.h"
#include "pipeline/substring_records.h"
#include "saring/run.h"
#include "saring/stages.h"

namespace saring::pipeline {

// The records of one part: part r holds the inputs `mine` (i % P == r, ascending).
struct SubstringPartInput {
  const std::vector<SignSource>* records = nullptr;
  const std::vector<size_t>* mine = nullptr;
  std::function<bool(size_t input, uint32_t record)> kept;    // still kept after near-dup
  const std::vector<ParagraphVerdict>* paragraphs = nullptr;  // this part's, sorted (may be empty)
};

// Every part calls it. Returns the substring decisions of this part's records that have one,
// sorted by locator.
Result<std::vector<std::pair<uint64_t, SubstringCuts>>> DecideSubstrings(
    const RunOptions& options, PartExchange* ex, const SubstringPartInput& in);

// Whether the apply pass's paragraph dedup removes a kept record ("all_paragraphs_duplicated")
// with the paragraph verdicts [first, last) of it (ApplyDuplicateParagraphs' rule).
bool RemovedByParagraphs(const SubstringSign& s, const ParagraphVerdict* first,
                         const ParagraphVerdict* last);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_SUBSTRINGS_H_
