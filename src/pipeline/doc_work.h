// The per-document and per-batch state that moves through the pipeline's stages.
//
// A worker owns a WorkBatch and reuses it (and every buffer inside) from batch to batch, so the
// steady state does no per-document heap allocation beyond growth.
#ifndef SARING_PIPELINE_DOC_WORK_H_
#define SARING_PIPELINE_DOC_WORK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/record_parser.h"
#include "saring/language_id.h"
#include "saring/near_dup.h"
#include "saring/outcome.h"
#include "saring/record_reader.h"
#include "saring/repair.h"

namespace saring::pipeline {

// A span cut because its paragraph occurred in an earlier document (cc_net-style).
struct CrossDocSpan {
  uint32_t begin = 0, end = 0;  // in this document's original text
  std::string duplicate_id;     // the earlier document
  uint32_t dup_begin = 0, dup_end = 0;
  std::string_view reason = "duplicate_paragraph";  // or "duplicate_substring" (static storage)
};

// A span cut by a corpus-level stage (boilerplate), with its evidence.
struct StageSpan {
  uint32_t begin = 0, end = 0;  // in the original text
  std::string_view reason;      // static storage
  std::string evidence;         // the template, or "<n> documents of <source>"
};

enum class DocFate : uint8_t { kKept, kRemoved, kQuarantined };

struct DocWork {
  DocFate fate = DocFate::kKept;
  RecordError error = RecordError::kNone;
  std::string error_detail;
  // The output record is built, not spliced: a text file's or a WARC/WET record's document.
  bool from_text_file = false;
  std::string source_file;  // text files: the file path; JSONL, WARC: the input path
  // Built records: JSON members added to metadata after source_file (",\"url\":..."), or empty.
  std::string record_metadata;
  bool from_warc = false;  // built from a WARC/WET record (warc_document.h)
  ParsedRecord parsed;
  std::string text;  // the decoded original text (see text_bytes)
  // Its size. A document restored from the signing pass's analysis holds the text itself only
  // when spans were cut from it (DocAnalyzer::Restore); text_bytes is always set.
  uint64_t text_bytes = 0;
  RepairResult repair;
  uint64_t doc_hash = 0;            // XXH3 of the kept normalised text
  std::string shingle_text;         // kept normalised text with digits folded (near-dup input)
  std::vector<uint32_t> signature;  // MinHash signature (signing pass only)
  // Its LSH band keys, when the analyzer computes them (AnalyzerConfig::lsh); else empty.
  std::vector<uint64_t> band_keys;
  std::vector<uint32_t> word_hashes;  // near_dup.verify=align: ComputeWordHashes (signing pass)
  // Signing pass, a document of fewer shingles than num_perm: their folded values, which the
  // detector keeps instead of the signature (NearDupDetector::Add); else empty.
  std::vector<uint32_t> shingle_folds;
  // dedup.substrings, signing pass: word keys of the kept text and their window hashes
  // (substring_keys.h).
  std::vector<uint64_t> substring_keys, substring_windows;
  std::vector<uint32_t> substring_offsets;  // per word: begin, end in the original text
  bool substring_input = false;             // the three above were computed
  int64_t survivor_key = 0;                 // near-dup survivor policy key (date or priority)
  // Decisions of the sequential stage.
  RemovalReason reason = RemovalReason::kNone;  // removal reason
  std::string duplicate_of;                     // id of the document this one duplicates
  std::vector<CrossDocSpan> cross_spans;
  // Filters.
  std::string source;  // boilerplate source key
  std::vector<StageSpan> stage_spans;
  std::string final_text;        // kept text after stage spans (empty unless stage_spans)
  std::string final_normalized;  // its normalised form (empty unless stage_spans)
  bool has_language = false;
  LanguageGuess language;
  std::string signals_json;          // quality signals, annotate mode
  std::string classifier_json;       // {"<classifier>":score,...} when classifiers ran
  std::string language_shares_json;  // {"<code>":share,...} with language.paragraphs
  std::string_view rule;             // failed quality rule
  double rule_value = 0, rule_threshold = 0;
  // A match in the archive index (--against).
  bool archive_match = false;
  std::string archive_id;
  double archive_similarity = 0;
  SimilarityKind archive_kind = SimilarityKind::kEstimated;  // the measure of archive_similarity
  // Near-duplicate decision: removed documents and the kept heads of clusters.
  bool near_dup_removed = false;
  bool cluster_head = false;
  double similarity = 0;
  SimilarityKind similarity_kind = SimilarityKind::kEstimated;
  uint64_t cluster_id = 0;
  uint32_t cluster_size = 0;

  void Reset();
  // The kept text and its normalised form after every per-document cut.
  const std::string& KeptText() const {
    return stage_spans.empty() ? repair.kept_text : final_text;
  }
  const std::string& KeptNormalized() const {
    return stage_spans.empty() ? repair.kept_normalized : final_normalized;
  }
};

struct WorkBatch {
  uint64_t seq = 0;
  size_t input_index = 0;
  std::string open_error;  // non-empty: the input could not be opened (no records)
  RecordBatch records;
  std::vector<DocWork> docs;  // docs[i] belongs to records.records[i]
  // Encoded output, indexed by kOutputKept / kOutputRemoved / kOutputQuarantine.
  std::string jsonl[3];
  std::string frames[3];  // jsonl[k] compressed as one zstd frame
  uint64_t counts[3] = {0, 0, 0};

  void Clear() {
    open_error.clear();
    records.Clear();
  }
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DOC_WORK_H_
