// Sharded execution: the pieces that let the dedup decisions, which need the whole corpus in
// input order, be taken once for inputs that are read and written by different processes
// (`saring sign/cluster/apply/finish`, MPI ranks).
//
//   sign:    each process analyses its inputs and serialises, per input, a SignRecord for every
//            document that survives analysis (hash, length, survivor key, id, MinHash signature,
//            archive match);
//   cluster: the SignRecords of all inputs, in input order, give exactly the decisions
//            `saring run` takes (exact dedup, archive, near-dup clusters), one DedupDecision per
//            record (partitioned_decide.h: one process or P parts);
//   apply:   each process runs the final pass over its inputs with those decisions injected.
//
// The byte layouts are little-endian and private to one saring version (docs/distributed.md).
#ifndef SARING_PIPELINE_DISTRIBUTED_H_
#define SARING_PIPELINE_DISTRIBUTED_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/byte_codec.h"
#include "pipeline/doc_work.h"
#include "pipeline/substring_records.h"
#include "saring/run.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring::pipeline {

class RecordBlocks;

// A paragraph that cross-document paragraph dedup considers (dedup.paragraphs: not cut by repair,
// at least dedup.paragraph_min_chars normalised characters): its hash, its index among the
// document's paragraphs and its byte range in the original text.
struct ParagraphKey {
  uint64_t hash = 0;
  uint32_t index = 0, begin = 0, end = 0;
};

// What the signing pass keeps of a document that survived analysis.
struct SignRecord {
  uint64_t hash = 0, length = 0;
  int64_t key = 0;
  std::string id;
  std::vector<uint32_t> signature;
  std::vector<uint32_t> words;  // near_dup.verify=align: the document's word hashes
  uint8_t archived = 0;         // 0, or 1 + the SimilarityKind of the archive match
  std::string archive_id;
  double archive_similarity = 0;
  std::vector<ParagraphKey> paragraphs;  // dedup.paragraphs: the paragraphs it considers
  std::string text;          // near_dup.verify=exact: the shingle text (normalised, digits folded)
  SubstringSign substrings;  // dedup.substrings: the words substring dedup compares
  SimilarityKind archive_kind() const {
    const bool known = archived > 1 && archived - 1 <= static_cast<int>(SimilarityKind::kContained);
    return known ? static_cast<SimilarityKind>(archived - 1) : SimilarityKind::kEstimated;
  }
};

inline constexpr uint32_t kNoParagraphs = ~uint32_t{0};
// Appends the SignRecord of a document that survived analysis; with paragraph_min_chars other
// than kNoParagraphs (dedup.paragraphs), with the paragraphs paragraph dedup considers; with
// `text` (near_dup.verify=exact), with the shingle text that verification compares.
void AppendSignRecord(const DocWork& d, std::string* out,
                      uint32_t paragraph_min_chars = kNoParagraphs, bool text = false);
// Reads the SignRecord at the reader's position; false when cut short.
bool ReadSignRecord(ByteReader* r, SignRecord* rec);

// Where the signing pass of a sharded run puts each input's SignRecords: in memory, or, with a
// folder, appended to FOLDER/IIIII.bin.tmp past 4 MiB as one block of a signatures stage file
// (stage_file.h) and renamed to FOLDER/IIIII.bin by Finish.
// Thread-safety: none (the decide stage's thread).
class SignSink {
 public:
  SignSink(size_t inputs, std::string folder) : buffers_(inputs), folder_(std::move(folder)) {}
  std::string* buffer(size_t input) { return &buffers_[input]; }
  // Called after each batch of `input`: writes its buffer out when it is large.
  Status AfterBatch(size_t input);
  // Writes out every input of `shard` (an input without records gets an empty file).
  Status Finish(const std::vector<size_t>& shard);
  std::vector<std::string> TakeBuffers() { return std::move(buffers_); }

 private:
  Status WriteOut(size_t input, bool last);
  std::vector<std::string> buffers_;
  std::string folder_;
  std::vector<bool> started_;
  std::vector<uint64_t> totals_;
};

// FOLDER/IIIII.bin: the signatures of input `input` in the stage commands' work folder.
std::string SignFilePath(const std::string& folder, size_t input);

// Reads SignRecords one by one from bytes in memory or from a stage file (stage_file.h), one
// block in memory at a time.
class SignRecordReader {
 public:
  explicit SignRecordReader(const std::string* bytes);
  explicit SignRecordReader(std::string path);
  SignRecordReader(const SignRecordReader&) = delete;
  SignRecordReader& operator=(const SignRecordReader&) = delete;
  ~SignRecordReader();
  // Reads the next record; false at the end. Corruption when the bytes end inside a record or
  // the file is not a complete signatures file.
  Result<bool> Next(SignRecord* rec);

 private:
  std::unique_ptr<RecordBlocks> blocks_;
};

enum class DecisionKind : uint8_t {
  kKept = 0,
  kExactDuplicate = 1,
  kNearDuplicate = 2,
  kArchived = 3
};

// A paragraph of a kept document that an earlier document holds (dedup.paragraphs): its index
// among the document's paragraphs, the earlier document's id and the paragraph's bytes there.
struct ParagraphDup {
  uint32_t index = 0, first_begin = 0, first_end = 0;
  std::string duplicate_of;
};

struct DedupDecision {
  DecisionKind kind = DecisionKind::kKept;
  std::string duplicate_of;
  double similarity = 0;
  SimilarityKind similarity_kind = SimilarityKind::kEstimated;
  uint64_t cluster_id = 0;
  uint32_t cluster_size = 0;
  bool cluster_head = false;
  std::vector<ParagraphDup> paragraphs;  // kept documents: paragraphs to cut (input order)
  bool archived = false;     // matched in the --against index (an exact duplicate says so too)
  SubstringCuts substrings;  // dedup.substrings: kept documents' spans to cut, or their removal
};

void AppendDecision(const DedupDecision& d, std::string* out);
// Reads the decision at *at and advances it; false at the end or on malformed bytes.
bool ReadDecision(const std::string& bytes, size_t* at, DedupDecision* d);
// Sets the document's fate as the sequential decide stage of `saring run` would.
void SetFate(const DedupDecision& dd, DocWork* d);

// Partial run statistics, for merging the ledgers of several processes.
std::string SerializeStats(const RunStats& stats);
Result<RunStats> ParseStats(std::string_view bytes);
// Adds `part` into `total` (files by index; counts summed).
void MergeStats(const RunStats& part, RunStats* total);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DISTRIBUTED_H_
