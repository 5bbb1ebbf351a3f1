// Document repair: removes the parts of one crawled document that are not its content, using
// nothing but the document itself (no corpus statistics). Typical faults in news reposts are a
// photo caption that repeats the lead, a standalone credit line such as "(Antara)", an editor tag
// such as "(esn/indo)" and paragraphs pasted twice. The exact rules, including how hard-wrapped
// lines are grouped into paragraphs, are specified in docs/repair.md.
//
// Repair only ever cuts whole byte ranges out of the original; every kept byte is unchanged, and
// every cut is recorded (reason, offsets, and what it duplicates) so that the original can be
// rebuilt exactly with RebuildOriginal().
//
// Thread-safety: DocumentRepairer is not thread-safe; use one per worker thread. The free
// functions are safe from any thread.
#ifndef SARING_REPAIR_H_
#define SARING_REPAIR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace saring {
namespace text {
struct RepairScratch;  // private: the repairer's reusable buffers
}  // namespace text

// Why a span was removed.
enum class SpanReason : uint8_t {
  kRepeatedParagraph,   // same normalised text as an earlier paragraph
  kContainedParagraph,  // normalised text occurs inside a longer paragraph
  kCreditLine,          // a standalone parenthesised credit or editor tag, e.g. "(Antara)"
  kByteOrderMark,       // a UTF-8 BOM at the start of the text
};

// Returns "repeated_paragraph", "contained_paragraph", "credit_line" or "byte_order_mark".
std::string_view SpanReasonName(SpanReason r);

// One paragraph of the original: one or more consecutive non-blank lines.
struct Paragraph {
  uint32_t begin = 0,
           end = 0;  // bytes of its lines in the original, without the final line terminator
  uint32_t first_line = 0, last_line = 0;             // 1-based
  uint64_t hash = 0;                                  // XXH3-64 of its normalised text
  uint32_t normalized_begin = 0, normalized_end = 0;  // its slice of RepairResult::normalized_all
  bool removed = false;
};

// A byte range cut out of the original.
struct RemovedSpan {
  uint32_t begin = 0,
           end = 0;  // bytes cut from the original (the paragraph plus its line terminator)
  SpanReason reason = SpanReason::kRepeatedParagraph;
  int32_t paragraph = -1;  // index of the removed paragraph (-1 for the BOM)
  int32_t duplicate_of =
      -1;  // repeated/contained: index of the kept paragraph it repeats / is contained in
  uint32_t dup_begin = 0,
           dup_end = 0;  // byte range (Paragraph::begin/end) of that paragraph in the original
};

struct RepairOptions {
  // Remove a paragraph whose normalised text equals an earlier one's (default: true).
  bool remove_repeated = true;
  // Remove a paragraph whose normalised text occurs, at word boundaries, inside a longer
  // paragraph (default: true).
  bool remove_contained = true;
  // A paragraph shorter than this many normalised bytes (and never shorter than 16), or with
  // fewer than 3 words, is never removed as contained (default: 24).
  uint32_t min_contained_chars = 24;
  // Remove standalone credit and editor-tag lines (default: true).
  bool remove_credits = true;
  // A credit/tag line is at most this many code points, parentheses included (default: 48).
  uint32_t max_credit_chars = 48;
};

// The outcome of repairing one document. Offsets refer to the text given to Repair().
struct RepairResult {
  std::vector<Paragraph> paragraphs;  // in document order
  std::vector<RemovedSpan> removed;   // sorted by begin, non-overlapping
  std::string kept_text;  // the original bytes with the removed spans cut out; nothing else changes
  std::string kept_normalized;  // normalised text of the kept paragraphs joined by '\n'
  std::string normalized_all;   // normalised text of all paragraphs joined by '\n'
  // Empties every field but keeps the allocated capacity.
  void Clear();
};

// Repairs documents one at a time, reusing its buffers (and those of the RepairResult it is
// given) so that steady-state repair allocates nothing per paragraph.
class DocumentRepairer {
 public:
  explicit DocumentRepairer(const RepairOptions& options);
  ~DocumentRepairer();
  DocumentRepairer(const DocumentRepairer&) = delete;  // owns large scratch buffers
  DocumentRepairer& operator=(const DocumentRepairer&) = delete;
  DocumentRepairer(DocumentRepairer&&) noexcept;
  DocumentRepairer& operator=(DocumentRepairer&&) noexcept;

  // Replaces *result with the repair of `text`. The result holds copies; `text` need not outlive
  // the call. REQUIRES: text is valid UTF-8 and shorter than 4 GiB (invalid bytes do no harm but
  // normalise to U+FFFD). Cost: linear in the text; the containment search verifies a bounded
  // number of alignments per paragraph (docs/repair.md, "Search cost").
  void Repair(std::string_view text, RepairResult* result);

 private:
  RepairOptions options_;
  std::unique_ptr<text::RepairScratch> scratch_;
};

// Rebuilds the original text from `kept_text` and the removed spans, given as (begin offset in the
// original, removed bytes) sorted by begin. Used by tests and by saring users to prove that nothing
// is lost: RebuildOriginal(r.kept_text, spans) == text, where spans pairs each r.removed[i].begin
// with text.substr(begin, end - begin). REQUIRES: the spans are sorted, non-overlapping and
// consistent with kept_text.
std::string RebuildOriginal(
    std::string_view kept_text,
    const std::vector<std::pair<uint32_t, std::string>>& spans_begin_and_text);

}  // namespace saring

#endif  // SARING_REPAIR_H_
