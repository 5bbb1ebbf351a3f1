// What substring dedup (dedup.substrings, docs/substrings.md) adds to the records of a sharded run:
// to a document's sign record, the words the decision compares; to its decision, the spans the
// apply pass cuts. Both are appended to the records of distributed.h (docs/formats/stage-files.md).
//
// The sign record carries, per word of the kept text, its key (substring_keys.h) and its byte
// range in the original text, and what the apply pass's paragraph dedup needs to know whether it
// will remove the document (then it is no first occurrence, as in `saring run`, where the final
// pass cuts substrings only from documents paragraph dedup kept).
#ifndef SARING_PIPELINE_SUBSTRING_RECORDS_H_
#define SARING_PIPELINE_SUBSTRING_RECORDS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/byte_codec.h"
#include "pipeline/doc_work.h"
#include "saring/status.h"

namespace saring::pipeline {

struct SubstringSign {
  bool signed_with_substrings = true;  // false: signed with dedup.substrings off (no words below)
  std::vector<uint64_t> keys;          // per word of the kept text
  std::vector<uint32_t> offsets;       // per word: begin, end in the original text
  uint32_t kept_paragraphs = 0;        // paragraphs repair kept
  std::vector<uint32_t> overlapping;   // ... of those, the ones a boilerplate cut overlaps
};

// A span of a kept document that repeats an earlier document's words (byte offsets).
struct SubstringCut {
  uint32_t begin = 0, end = 0, first_begin = 0, first_end = 0;
  std::string first_id;
  bool operator==(const SubstringCut&) const = default;
};

// The substring decision of one document: its spans, or its removal (duplicate_substrings).
struct SubstringCuts {
  bool decided = false;  // the decision stage ran with dedup.substrings on
  bool removed = false;
  std::string duplicate_of;  // removed: the first occurrence of its first cut span
  std::vector<SubstringCut> spans;
  bool empty() const { return !removed && spans.empty(); }
};

// Appends d's SubstringSign; when its substring input was not computed (dedup.substrings off), a
// mark that says so, which DecideSubstrings refuses.
void AppendSubstringSign(const DocWork& d, std::string* out);
bool ReadSubstringSign(ByteReader* r, SubstringSign* s);

void AppendSubstringCuts(const SubstringCuts& c, std::string* out);
bool ReadSubstringCuts(ByteReader* r, SubstringCuts* c);

// The ranges of d's original text already cut (repair, boilerplate, cross-document spans), sorted.
std::vector<std::pair<uint32_t, uint32_t>> TakenRanges(const DocWork& d);
// Cuts [begin, end) of d's original text as a duplicate_substring span naming its first
// occurrence, split around the `taken` ranges so that spans never overlap.
void CutSubstringAround(uint32_t begin, uint32_t end, const std::string& first_id,
                        uint32_t first_begin, uint32_t first_end,
                        const std::vector<std::pair<uint32_t, uint32_t>>& taken, DocWork* d);
// The apply pass of a sharded run: cuts `c` from kept document *d (after paragraph dedup), or
// removes it. `substrings` is the apply stage's dedup.substrings: InvalidArgument, naming the
// setting and input `input`, when the decisions were made with the other value.
Status ApplySubstringCuts(const SubstringCuts& c, bool substrings, size_t input, DocWork* d);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SUBSTRING_RECORDS_H_
