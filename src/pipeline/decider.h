// Decider: the sequential, in-order part of a pass. It sees every document of every batch in
// input order, which is what makes "the first copy survives" and the whole output independent of
// the thread count.
//
//   signing pass: exact dedup, then each surviving document's signature goes to the near-dup
//                 detector under a consecutive near-dup ordinal (its id is remembered).
//   final pass:   exact dedup again (the same decisions), the detector's decision for each
//                 near-dup ordinal, cross-document paragraph dedup, and the ledger.
//
// Thread-safety: none; the runner calls it from one thread at a time, in batch order.
#ifndef SARING_PIPELINE_DECIDER_H_
#define SARING_PIPELINE_DECIDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/distributed.h"
#include "pipeline/doc_work.h"
#include "pipeline/seen_table.h"
#include "saring/dedup_index.h"
#include "saring/near_dup.h"
#include "saring/run.h"
#include "saring/run_stats.h"

namespace saring::pipeline {

enum class PassKind : uint8_t { kLearn, kSign, kFinal };

// Near-duplicate state that lives across the two passes.
class NearDupState {
 public:
  static Result<std::unique_ptr<NearDupState>> Create(const RunOptions& options);

  MinHasher& hasher() { return hasher_; }
  NearDupDetector& detector() { return *detector_; }
  const NearDupDetector& detector_const() const { return *detector_; }
  // Remembers the id and (for exact verification) the shingle text of near-dup ordinal `n`.
  Status Remember(const DocWork& d);
  // The same for sharded execution, where only the id and the signature travel.
  Status RememberId(std::string_view id, const uint32_t* signature);
  // Sets *id to the id of near-dup ordinal `ordinal` (kept in the work folder, not in memory).
  Status IdOf(uint64_t ordinal, std::string* id) const;
  uint64_t added() const { return added_; }
  // Signatures of every added document, kept when an index is built or updated.
  void KeepSignatures() { keep_signatures_ = true; }
  const uint32_t* SignatureOf(uint64_t ordinal) const {
    return signatures_.data() + ordinal * hasher_.num_perm();
  }
  // With KeepSignatures, the word hashes of every added document too (near_dup.verify=align), for
  // an index with words: Remember keeps DocWork::word_hashes, RememberIdWords the words given.
  // WordsOf is null unless every added document's words were kept.
  void KeepWords() { keep_words_ = true; }
  Status RememberIdWords(std::string_view id, const uint32_t* signature,
                         std::span<const uint32_t> words);
  const DedupIndexWords* WordsKept() const {
    return keep_words_ && words_.documents() == added_ ? &words_ : nullptr;
  }
  // The archive to dedup against, and the parameters an index written by this run carries.
  const DedupIndex* archive() const { return archive_ ? &*archive_ : nullptr; }
  void SetArchive(DedupIndex archive) { archive_.emplace(std::move(archive)); }
  DedupIndexParams IndexParams() const;

 private:
  NearDupState(MinHasher hasher, std::string work_dir)
      : hasher_(std::move(hasher)), work_dir_(work_dir), ids_(std::move(work_dir)) {}
  Status AddId(std::string_view id);
  Status ReadText(uint64_t ordinal, std::string* text) const;

  MinHasher hasher_;
  std::unique_ptr<NearDupDetector> detector_;
  std::string work_dir_;
  IdPool ids_;
  AppendFile id_offsets_;  // u64 offset into ids_ per near-dup ordinal
  uint64_t added_ = 0;
  bool keep_signatures_ = false;
  std::vector<uint32_t> signatures_;
  bool keep_words_ = false;
  DedupIndexWords words_;
  std::optional<DedupIndex> archive_;
  // verify_exact: shingle texts spilled to a file, with their offsets.
  int text_fd_ = -1;
  uint64_t text_bytes_ = 0;
  std::vector<uint64_t> text_offsets_;

 public:
  ~NearDupState();
};

class Decider {
 public:
  // `near_dup` may be null (near-dup off); it must outlive the Decider.
  Decider(const RunOptions& options, PassKind pass, NearDupState* near_dup, RunStats* stats);

  // Decides the fate of every document of `b` (input `b->input_index`), in order.
  Status Decide(WorkBatch* b);

  // Sharded execution (distributed.h). In a signing pass with a sink, each document that
  // survives analysis is serialised into (*sink)[input] instead of being decided here. In a
  // final pass with decisions, the dedup decisions of each input's documents are read from
  // decisions[input] (as computed by DecideAll) instead of being taken here.
  void SetSignSink(SignSink* sink) { sign_sink_ = sink; }
  void SetDecisions(const std::vector<std::string>* decisions) { decisions_ = decisions; }

 private:
  Status ExactDedup(DocWork* d, uint64_t id_offset, bool* id_used);
  Status ParagraphDedup(DocWork* d, uint64_t id_offset, bool* id_used);
  Status ApplyNearDup(DocWork* d);
  void Count(const DocWork& d, FileLedger* f);
  void CountFilters(const DocWork& d);
  Status ApplyDecision(size_t input, DocWork* d);

  const RunOptions& options_;
  PassKind pass_;
  NearDupState* near_dup_;
  RunStats* stats_;
  SeenTable seen_;
  IdPool ids_;
  uint64_t near_dup_ordinal_ = 0;
  SignSink* sign_sink_ = nullptr;
  const std::vector<std::string>* decisions_ = nullptr;
  std::vector<size_t> decision_cursor_;  // per input: bytes of decisions_[input] consumed
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DECIDER_H_
