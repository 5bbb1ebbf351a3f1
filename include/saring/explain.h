// Explain: what a `saring run` did to one document, looked up by id in a finished output folder.
//
// Explain scans the shards of kept/, then removed/, then quarantine/ and stops at the first
// record whose id matches. For a kept document it rebuilds the original text (the kept text with
// each removed span put back at its offset) and reports every removed span with a few lines of
// surrounding context and, for duplicated spans, the text they duplicate. For a removed document
// it reports the reason and its details (the rule, value and threshold of a quality filter, the
// language and score of a language filter, the survivor, similarity and cluster of a near
// duplicate) and, for duplicates, a word diff against the survivor fetched from the shards. For a
// quarantined record it reports the file, line, error and raw bytes.
//
// Thread-safety: Explain, FormatExplanation and ExplanationToJson share no state.
#ifndef SARING_EXPLAIN_H_
#define SARING_EXPLAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "saring/status.h"

namespace saring {

// One piece of a word diff of document A against document B.
struct DiffPiece {
  enum class Kind : uint8_t {
    kSame,     // in both
    kRemoved,  // only in A
    kAdded,    // only in B
    kSkipped,  // a long run of equal words left out (text holds "… N words …")
  };
  Kind kind = Kind::kSame;
  std::string text;  // words with their whitespace, as in the source text
};

enum class DocumentFate : uint8_t { kKept, kRemoved, kQuarantined };

// "kept", "removed" or "quarantined".
std::string_view DocumentFateName(DocumentFate fate);

// A span cut from a kept document, with its context in the original text.
struct ExplainedSpan {
  uint64_t begin = 0, end = 0;  // UTF-8 byte offsets in the original text
  std::string reason;
  std::string text;            // the removed bytes
  std::string evidence;        // boilerplate spans: the learned template or rule; else empty
  std::string context_before;  // up to ExplainOptions::context_lines lines before the cut
  std::string context_after;   // ... and after it
  // Duplicated spans: the copy this one duplicates.
  std::optional<std::string> duplicate_of;          // its document id
  uint64_t duplicate_begin = 0, duplicate_end = 0;  // offsets in that document's original text
  std::optional<std::string> duplicated_text;       // the bytes there, if that document was found
};

// The near-duplicate details of a removed document (fields absent from the record stay unset).
struct NearDuplicateInfo {
  std::optional<double> similarity;
  std::string similarity_kind;  // "estimated" or "exact"; empty if not recorded
  std::optional<int64_t> cluster_id;
  std::optional<int64_t> cluster_size;
};

// Everything known about one document.
struct Explanation {
  std::string id;
  DocumentFate fate = DocumentFate::kKept;
  std::string shard;        // the shard file it was found in
  uint64_t shard_line = 0;  // 1-based line in that shard
  std::string
      saring_json;  // metadata.saring (kept/removed) or the whole record (quarantined), minified

  // Kept documents.
  std::string original_text;            // rebuilt from the kept text and the removed spans
  uint64_t kept_bytes = 0;              // length of the kept text
  std::vector<ExplainedSpan> spans;     // in offset order
  std::optional<std::string> language;  // metadata.saring.language.code
  std::optional<double> language_score;
  std::optional<int64_t> cluster_id, cluster_size;  // the cluster this document survives for

  // Removed documents.
  std::string reason;  // e.g. "near_duplicate", "quality"
  std::optional<std::string> duplicate_of;
  NearDuplicateInfo near_duplicate;
  std::string rule;                        // quality: the rule that fired
  std::optional<double> value, threshold;  // quality: the measured value and the limit
  std::optional<double> score;             // language: the score of `language`
  bool survivor_found = false;             // duplicate_of was found in the shards
  std::vector<DiffPiece> diff;  // this document against the survivor (empty if not found)
  std::string text;             // the removed document's text

  // Quarantined records.
  std::string file, error, message, raw;  // raw: decoded from raw_base64 when needed
  uint64_t line = 0, byte_offset = 0, length = 0;
  bool raw_truncated = false;
};

struct ExplainOptions {
  std::string id_field = "id";
  std::string text_field = "text";
  uint32_t context_lines = 2;  // lines of context on each side of a removed span
  uint32_t max_diff_words =
      20000;  // words compared by the word diff; the rest is shown as one change
};

// Finds document `id` in the output folder `dir` and explains it. Errors: NotFound (with a
// message naming the folder and the id) if no kept, removed or quarantined record has that id, or
// if DIR has no kept/, removed/ or quarantine/ folder; IoError if a shard cannot be opened. Cost:
// a scan of the shards up to the match, plus one more scan when the survivor or duplicated spans
// must be fetched. Records are pre-filtered by a byte search for the id, so an id written with
// \u escapes in the shards is not found.
Result<Explanation> Explain(const std::string& dir, const std::string& id,
                            const ExplainOptions& options);

struct ExplainFormat {
  bool color = false;             // ANSI colours (for a terminal)
  uint32_t max_span_bytes = 600;  // longer spans and texts are shown with their middle elided
};

// Renders an explanation for a person: fate, reason, details, each span in context with the cut
// marked [-like this-] (red when coloured), and word diffs as [-removed-] / {+added+}.
std::string FormatExplanation(const Explanation& e, const ExplainFormat& format);

// Renders an explanation as one JSON object (one line, ending in '\n') for programs.
std::string ExplanationToJson(const Explanation& e);

}  // namespace saring

#endif  // SARING_EXPLAIN_H_
