// Decider: the sequential, in-order part of a pass. It sees every document of every batch in
// input order, which is what makes "the first copy survives" and the whole output independent of
// the thread count.
//
//   signing pass: exact dedup, then each surviving document's signature goes to the near-dup
//                 detector under a consecutive near-dup ordinal (its id is remembered).
//   final pass:   exact dedup again (the same decisions: replayed from the signing pass's log
//                 when there is one, NearDupState::ReplayExact), the detector's decision for each
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

#include "pipeline/decision_files.h"
#include "pipeline/distributed.h"
#include "pipeline/doc_work.h"
#include "pipeline/seen_table.h"
#include "pipeline/substring_stage.h"
#include "saring/dedup_index.h"
#include "saring/near_dup.h"
#include "saring/run.h"
#include "saring/run_stats.h"
#include "util/env.h"

namespace saring::pipeline {

enum class PassKind : uint8_t { kLearn, kSign, kFinal };

// Near-duplicate state that lives across the two passes.
class NearDupState {
 public:
  // Its spill files (ids, verify=exact texts) go to options.work_dir through `env`.
  static Result<std::unique_ptr<NearDupState>> Create(const RunOptions& options,
                                                      Env* env = Env::Default());

  MinHasher& hasher() { return hasher_; }
  NearDupDetector& detector() { return *detector_; }
  const NearDupDetector& detector_const() const { return *detector_; }
  // Remembers the id and (for exact verification) the shingle text of the next near-dup
  // ordinal; the id is at `id_offset` in id_pool() already.
  Status Remember(const DocWork& d, uint64_t id_offset);
  // The pool of ids the signing pass's decider adds every document's id to (shared, so that an
  // id is stored once).
  IdPool* id_pool() { return &ids_; }
  // Sharded execution (near_dup.verify=exact): remembers the shingle text of the next near-dup
  // ordinal, which travelled with its sign record. Does nothing unless verify=exact.
  Status RememberText(std::string_view text);
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

  // Exact-dedup decisions of the signing pass, replayed by the final pass in the same order, so
  // that the final pass needs no seen table (and no id per document). Only when paragraph dedup,
  // which shares the table in the final pass, is off.
  bool logs_exact() const { return log_exact_; }
  // Records the decision for the document of content hash `hash`: `duplicate_of` is the first
  // copy's id, or null for a first copy.
  Status LogExact(uint64_t hash, const std::string* duplicate_of);
  // Reads the next decision, which must be for `hash`; sets *duplicate_of and returns true for a
  // duplicate.
  Result<bool> ReplayExact(uint64_t hash, std::string* duplicate_of);

 private:
  NearDupState(MinHasher hasher, std::string work_dir, Env* env)
      : hasher_(std::move(hasher)),
        env_(env),
        work_dir_(work_dir),
        ids_(std::move(work_dir), env) {}
  Status AddId(std::string_view id);
  Status AddIdOffset(uint64_t offset);
  Status ReadText(uint64_t ordinal, std::string* text) const;

  MinHasher hasher_;
  std::unique_ptr<NearDupDetector> detector_;
  Env* env_;
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
  std::unique_ptr<ScratchFile> texts_;
  uint64_t text_bytes_ = 0;
  std::vector<uint64_t> text_offsets_;
  bool log_exact_ = false;
  AppendFile exact_log_;
  uint64_t exact_read_ = 0;   // offset in exact_log_ of exact_buffer_[0]
  std::string exact_buffer_;  // bytes read ahead from exact_log_
  size_t exact_at_ = 0;       // next unread byte of exact_buffer_

 public:
  ~NearDupState();
};

class Decider {
 public:
  // `near_dup` may be null (near-dup off); it must outlive the Decider.
  // The exact-dedup table and the id pool spill to options.work_dir through `env`.
  Decider(const RunOptions& options, PassKind pass, NearDupState* near_dup, RunStats* stats,
          Env* env = Env::Default());

  // Decides the fate of every document of `b` (input `b->input_index`), in order. An error stops
  // the decider inside a batch (--strict: at a bad record), where its state no longer fits the
  // next batch (the replayed exact-dedup log is ahead of it): every later call returns that error.
  Status Decide(WorkBatch* b);

  // Sharded execution (distributed.h). In a signing pass with a sink, each document that
  // survives analysis is serialised into (*sink)[input] instead of being decided here. In a
  // final pass with decisions, the dedup decisions of each input's documents are read from
  // decisions[input] (as computed by DecideAll) instead of being taken here.
  void SetSignSink(SignSink* sink) { sign_sink_ = sink; }
  void SetDecisions(const std::vector<std::string>* decisions) {
    decisions_ = decisions;
    has_decisions_ = true;
  }
  // The same with each input's decisions streamed from the decisions stage file
  // WORK/decisions/IIIII.bin (decision_files.h) a block at a time, not held in memory.
  void SetDecisionFolder(std::string work) {
    decision_folder_ = std::move(work);
    has_decisions_ = true;
  }
  // After a final pass with decisions: Corruption naming the input if one of `inputs` left
  // decisions unread (it holds fewer records than when it was signed).
  // Reads ahead to the end of each input's decisions file.
  Status CheckDecisionsUsed(const std::vector<size_t>& inputs,
                            const std::vector<std::string>& input_paths);
  // dedup.substrings: the signing pass collects kept documents into `s`, the final pass cuts
  // what it found (substring_stage.h). `s` must outlive the Decider.
  void SetSubstrings(SubstringStage* s) { substrings_ = s; }

 private:
  Status DecideBatch(WorkBatch* b);
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
  IdPool own_ids_;
  IdPool* ids_;  // own_ids_, or in a signing pass with near-dup the near-dup state's
  uint64_t near_dup_ordinal_ = 0;
  SignSink* sign_sink_ = nullptr;
  const std::vector<std::string>* decisions_ = nullptr;
  std::string decision_folder_;  // SetDecisionFolder's work folder
  bool has_decisions_ = false;
  // Per input: the reader of its decisions (opened at its first document).
  std::vector<std::unique_ptr<DecisionReader>> decision_readers_;
  Result<DecisionReader*> DecisionsOf(size_t input);
  const bool replay_exact_;  // final pass: exact dedup replays the signing pass's decisions
  SubstringStage* substrings_ = nullptr;
  Status stopped_;  // the first error of Decide, returned by every later call
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DECIDER_H_
