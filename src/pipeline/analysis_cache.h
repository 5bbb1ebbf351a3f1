// AnalysisCache: the signing pass's analysis of every document, kept in a spill file of the work
// folder, so that the final pass of a near-duplicate run restores it instead of repairing,
// identifying the language of and measuring every document a second time.
//
// What is kept per document is the outcome of the per-document stages, not their inputs: the fate
// and reason, the exact-dedup hash, the repair's removed spans, the language guess, the quality
// signals or the failed rule; and, for a JSONL record, what encoding it needs (its id, the size of
// its text, the layout of its line, the line's length and hash), so that the final pass does not
// parse it again. The final pass cuts the spans from the original text as it encodes it, so the output
// is byte-identical to a final pass that analyses from scratch (tested against `saring run` with
// near_dup.reuse_analysis off and against the sharded stage commands, which never reuse).
//
// Not used when a per-document stage needs more than this (boilerplate cutting, cross-document
// paragraph dedup, an archive index): see ReusableAnalysis().
//
// Thread-safety: Put and Get may be called concurrently from the workers of a pass.
#ifndef SARING_PIPELINE_ANALYSIS_CACHE_H_
#define SARING_PIPELINE_ANALYSIS_CACHE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/doc_work.h"
#include "saring/quality.h"
#include "saring/run.h"
#include "saring/status.h"

namespace saring::pipeline {

// True if the final pass of a run with these options can restore the signing pass's analysis.
bool ReusableAnalysis(const RunOptions& options);

// What the final pass needs of a JSONL record besides its line: kept with an analysed record so
// that the record is not parsed again (the line's length and XXH3 hash tie it to its line). For a
// WARC/WET document, the document built from the record (id, text, metadata), tied to the record
// the same way, so that its page is not extracted again.
struct RecordImage {
  bool present = false;  // false for a document of a text file
  // A WARC/WET document: its record is not a JSON line but its text is built from it at a cost
  // (HTML extraction), so the built text and metadata are kept instead of a layout.
  bool built = false;
  std::string text, record_metadata;
  uint64_t line_bytes = 0, line_hash = 0;
  uint64_t text_bytes = 0;  // size of the decoded text
  std::string id;
  bool id_generated = false;
  RecordLayout layout;
};

// Appends the analysis outcome of `d`, whose record is `line`, to *out (see the file comment for
// what is kept).
void PutAnalysis(const DocWork& d, std::string_view line, std::string* out);

// True if the next document in `in` (as PutAnalysis wrote it) was analysed, i.e. not quarantined.
bool NextIsAnalysed(std::string_view in);

// Reads one document's analysis written by PutAnalysis from the front of *in (which advances) into
// *d. With `image` null, *d already holds the parsed record and its original text (d->text,
// d->text_bytes) and the record image is skipped; else it is read into *image and d->text_bytes
// is set from it (false if the document has no image: one of a text file). The kept text (d->repair.kept_text) is left empty: only the stages that are not
// run on a restored document read it. `rules` is DescribeRules() of the run's quality options (a
// failed rule is kept as its index). False if the bytes are malformed.
bool GetAnalysis(std::string_view* in, const std::vector<RuleInfo>& rules, DocWork* d,
                 RecordImage* image);

class AnalysisCache {
 public:
  // Creates (truncating) the spill file `path`; it is removed when the cache is destroyed.
  static Result<std::unique_ptr<AnalysisCache>> Create(const std::string& path);
  ~AnalysisCache();
  AnalysisCache(const AnalysisCache&) = delete;
  AnalysisCache& operator=(const AnalysisCache&) = delete;

  // Stores the analysis of batch `seq` (the bytes of PutAnalysis for each of its documents).
  Status Put(uint64_t seq, std::string_view bytes);
  // Reads the analysis of batch `seq` into *bytes. False if that batch was not stored.
  Result<bool> Get(uint64_t seq, std::string* bytes) const;

  uint64_t bytes() const;

 private:
  AnalysisCache(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  struct Extent {
    uint64_t offset = 0, size = 0;
  };
  const std::string path_;
  const int fd_;
  mutable std::mutex mu_;
  uint64_t end_ = 0;                              // guarded by mu_
  std::unordered_map<uint64_t, Extent> batches_;  // guarded by mu_
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_ANALYSIS_CACHE_H_
