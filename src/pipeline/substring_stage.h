// SubstringStage: substring dedup inside `saring run` (docs/substrings.md).
//
//   analysis (parallel):   ComputeSubstringInput fills a kept document's word keys and window
//                          hashes (DocWork::substring_keys/_windows) in the signing pass.
//   signing pass, decide:  Collect hands every document that survived exact dedup to the
//                          finder, in input order, remembering where it sits (batch, record).
//   after clustering:      Finish drops the documents near-dup removed, then finds the pieces.
//   final pass, decide:    Apply turns the pieces of a kept document into removed spans (reason
//                          duplicate_substring, duplicate_of its first occurrence's id and byte
//                          range), and removes a document left with fewer than
//                          substring_min_words words (reason duplicate_substrings).
//
// First occurrences are therefore among kept documents, on their repaired text (after repair and
// boilerplate cuts; cross-document paragraph dedup, which decides in the final pass, is not
// taken into account and its spans are left as they are).
//
// Thread-safety: none; the pipeline calls it from its sequential decide stage.
#ifndef SARING_PIPELINE_SUBSTRING_STAGE_H_
#define SARING_PIPELINE_SUBSTRING_STAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/doc_work.h"
#include "pipeline/record_parser.h"
#include "pipeline/seen_table.h"
#include "pipeline/substring_finder.h"
#include "saring/near_dup.h"
#include "saring/run.h"

namespace saring::pipeline {

// Fills d->substring_keys, d->substring_windows (windows of n words) and d->substring_offsets
// from d's kept text.
void ComputeSubstringInput(uint32_t n, DocWork* d);

class SubstringStage {
 public:
  static Result<std::unique_ptr<SubstringStage>> Create(const RunOptions& options);

  // Signing pass: record `index` of batch `seq`, kept so far; `near_dup_ordinal` is its ordinal
  // in the near-dup detector, or -1 (near-dup off).
  Status Collect(uint64_t seq, uint32_t index, const DocWork& d, int64_t near_dup_ordinal);
  // Drops what `detector` (may be null) removed and finds the pieces.
  Status Finish(const NearDupDetector* detector, unsigned threads);
  // Final pass: cuts the pieces of record `index` of batch `seq` from *d (kept); `line` is the
  // record's bytes, from which the original text is decoded when the final pass restored the
  // signing pass's analysis without it (analysis_cache.h).
  Status Apply(uint64_t seq, uint32_t index, std::string_view line, DocWork* d);

  const SubstringFinder& finder() const { return *finder_; }

 private:
  struct Source {          // the first occurrence of a piece, as Cut names it
    bool reached = false;  // the final pass reached it kept (else it is left out: no cut)
    std::string id;
    uint32_t begin = 0, end = 0;
  };
  struct Reached {  // per collected document, in reached_
    uint64_t id_at;
    uint32_t id_size, reached;
  };

  SubstringStage(uint32_t min_words, const ParserOptions& parser)
      : min_words_(min_words), parser_(parser) {}
  Status NextPiece();
  Status MarkReached(uint32_t doc, const DocWork& d);
  Status ReadSource(const SubstringPiece& p, Source* s);
  Status Cut(uint32_t doc, std::string_view line, DocWork* d);
  // The begin and end offsets of the first `words` words of collected document `doc`.
  Status ReadOffsets(uint32_t doc, uint32_t words, std::vector<uint32_t>* out);

  uint32_t min_words_;
  std::unique_ptr<SubstringFinder> finder_;
  std::vector<uint64_t> seqs_;      // per collected document: its batch
  std::vector<uint32_t> indices_;   // ... and its record in the batch
  std::vector<int64_t> near_dup_;   // ... and its near-dup ordinal (-1: none)
  std::vector<uint8_t> is_source_;  // ... and whether a piece names it its first occurrence
  // The final pass reads the pieces in order: next_ is the first not yet taken.
  std::unique_ptr<SubstringFinder::PieceReader> reader_;
  SubstringPiece next_;
  bool has_next_ = false;
  std::vector<SubstringPiece> doc_pieces_;  // Apply's: the current document's pieces
  std::vector<Source> sources_;             // ... and their first occurrences
  // First occurrences the final pass reached: their ids, and a Reached per collected document up
  // to the last one reached (reached_docs_), in the work folder.
  AppendFile ids_, reached_;
  uint32_t reached_docs_ = 0;
  std::string first_id_;  // Cut's scratch
  size_t doc_cursor_ = 0;
  // Per word: begin, end in its original text, packed (PackOffsets in the .cc); per collected
  // document, where its packed offsets end in the file.
  AppendFile offsets_;
  std::vector<uint64_t> offsets_at_;
  std::string packed_;                  // Collect's and ReadOffsets' scratch
  std::vector<uint32_t> source_words_;  // ReadSource's scratch
  RecordParser parser_;                 // decodes the text of a restored document
  // Per document of the final pass: its words' offsets (reused).
  std::vector<uint32_t> words_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SUBSTRING_STAGE_H_
