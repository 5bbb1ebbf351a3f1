// DocAnalyzer: everything the pipeline does to one document without knowledge of the others —
// parse the record, repair the text, hash it, and (in the signing pass) compute its MinHash
// signature. One per worker thread; not thread-safe.
#ifndef SARING_PIPELINE_DOC_ANALYZER_H_
#define SARING_PIPELINE_DOC_ANALYZER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/analysis_cache.h"
#include "pipeline/doc_work.h"
#include "pipeline/filters.h"
#include "pipeline/record_parser.h"
#include "pipeline/warc_document.h"
#include "saring/dedup_index.h"
#include "saring/input.h"
#include "saring/lsh.h"
#include "saring/minhash.h"
#include "saring/repair.h"
#include "saring/run.h"

namespace saring::pipeline {

// What a pass needs from the analysis.
enum class AnalysisDepth : uint8_t {
  kParseOnly,  // read-only runs
  kRepair,     // parse and repair (the boilerplate learning pass)
  kFull,       // parse, repair, hash
  kSign,       // kFull plus the MinHash signature
};

// Writes `in` to out[0, in.size()) with the digits '1'..'9' replaced by '0': near-dup shingles
// see every number as zeros, so that a changed date or figure barely moves a signature.
// `out` may be in.data() itself.
void FoldDigitsToZero(std::string_view in, char* out);

// Options derived once per run from RunOptions.
struct AnalyzerConfig {
  ParserOptions parser;
  RepairOptions repair;
  const MinHasher* hasher = nullptr;    // required for kSign
  int survivor_key_field = -1;          // index in parser.extra_fields of the survivor key
  int64_t missing_key = 0;              // key of a document without the survivor field
  int source_field = -1;                // index in parser.extra_fields of the boilerplate source
  const Filters* filters = nullptr;     // boilerplate, language, quality (may be null)
  const DedupIndex* archive = nullptr;  // --against: queried with each signature (kSign)
  // kSign: with bands > 0, the signature's band keys are computed too (DocWork::band_keys), so
  // that the sequential stage that adds them to the detector does not.
  LshParams lsh{0, 0};
  double threshold = 0.8;  // near-dup similarity threshold
  // WARC HTML pages (warc_document.h): the most bytes of a page that are extracted, and the
  // page language's code for the extractor's stop words ("" when the run keeps several).
  uint64_t max_html_bytes = 64ull << 20;
  std::string extract_language;
  bool word_hashes = false;  // near_dup.verify=align: fill DocWork::word_hashes (kSign)
  // dedup.substrings, signing pass: fill DocWork::substring_keys/_windows (windows of this many
  // words) for every kept document; 0: off.
  uint32_t substring_words = 0;
  // near_dup.verify=align: archive queries align the word hashes with the archived documents'
  // (DedupIndex's aligned Query; the estimate when the index holds no words).
  DedupIndexAlign align;

  static AnalyzerConfig From(const RunOptions& options, const MinHasher* hasher,
                             const Filters* filters);
};

class DocAnalyzer {
 public:
  explicit DocAnalyzer(const AnalyzerConfig& config);
  DocAnalyzer(const DocAnalyzer&) = delete;
  DocAnalyzer& operator=(const DocAnalyzer&) = delete;

  // Fills *d for record `r` of `spec`; `raw` is the record's bytes (padded for simdjson).
  void Analyze(const InputSpec& spec, const RecordRef& r, std::string_view raw, AnalysisDepth depth,
               DocWork* d);

  // As Analyze(kFull), but the outcome of repair and filters is read from the front of *cached
  // (written by PutAnalysis in the signing pass; analysis_cache.h) instead of computed, and a
  // JSONL record is not parsed again (its id and layout are restored too), nor is a WARC record's
  // document built again (its id, text and metadata are restored). The restored document
  // has no paragraphs, no normalised texts, no kept text, and holds its original text only when
  // spans were cut from it (text_bytes is always set). False if *cached is malformed or does not
  // belong to this record (another length or hash of the line).
  bool Restore(const InputSpec& spec, const RecordRef& r, std::string_view raw,
               std::string_view* cached, DocWork* d);

 private:
  // Quarantines records the reader flagged, then parses the record (or takes the text file);
  // false if the document was quarantined.
  bool Read(const InputSpec& spec, const RecordRef& r, std::string_view raw, DocWork* d);
  bool ParseJson(const InputSpec& spec, const RecordRef& r, std::string_view raw, DocWork* d);
  bool ReadTextFile(std::string_view raw, DocWork* d);

  const AnalyzerConfig& config_;
  RecordParser parser_;
  DocumentRepairer repairer_;
  std::optional<FilterWorker> filter_worker_;
  SignScratch sign_scratch_;
  std::vector<uint32_t> query_scratch_;
  DedupIndex::AlignScratch align_scratch_;
  std::vector<RuleInfo> rules_;  // the run's quality rules, for Restore
  RecordImage image_;            // Restore's scratch
  WarcDocument warc_;            // builds the documents of WARC/WET records
};

// Seconds since 1970-01-01 of an ISO date or date-time ("2024-05-01", "2024-05-01T10:00:00Z"),
// or the value of an integer; false if `text` is neither.
bool ParseSurvivorKey(std::string_view text, int64_t* key);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DOC_ANALYZER_H_
