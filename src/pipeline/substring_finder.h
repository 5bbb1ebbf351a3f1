// SubstringFinder: the corpus-wide part of substring dedup (docs/substrings.md). Documents are
// added in input order as sequences of word keys (substring_keys.h); the finder reports every run
// of words that repeats, word for word, a run at an earlier position (an earlier document, or
// earlier in the same one), as pieces that point at their first occurrence.
//
// Method. While documents are added, each window's hash is counted in an occurrence filter (a
// table of 2-bit saturating counters indexed by hash bits, a quarter of the budget, at most
// 64 MiB; given up, every window then kept, once half its counters are in use): a hash whose
// counter stays below 2 occurred once, so its window can be neither a later copy nor a first
// occurrence. Finish reads the word keys back, computes the windows again (on its `threads`
// workers, a chunk of documents at a time) and keeps only those of live documents whose counter
// reached 2 (every window of a repeated hash, and the few that share
// a counter with one). Every kept window is one record {hash, position}, position =
// (document << 32 | word), so positions order as the input does. Records are split into 256
// partitions by the top bits of the hash and appended in input order, so each partition is a
// stream sorted by position. A partition is processed on its own (one per worker thread): an
// open-addressing table keeps, for each hash, its first (smallest) position among live documents;
// every later record with that hash becomes a candidate pair (later, first). Candidate pairs are
// merged in position order, grouped into chains (consecutive windows whose first occurrences are
// consecutive too), and verified: the word keys of both ranges are read back and compared, and a
// window is kept only if all its n keys are equal. A hash collision can therefore never cut text;
// it can only make the finder miss a window (counted in Stats::collisions).
//
// Memory. The filter takes a quarter of the budget until Finish has read it (huge pages where the
// kernel grants them). Records wait in
// per-partition buffers; past half the budget they are appended to one
// spill file in the work folder (each partition's records as a list of extents). A partition
// whose table would pass its share of the budget is split again by the next four hash bits into
// sub-partitions (recursively), so no corpus fails for lack of memory, only for lack of disk.
// Word keys (8 bytes a word) and candidate pairs (16 bytes each) live in files of the work
// folder. Pieces (20 bytes each) wait in memory up to a quarter of the budget, then are appended
// to a file of the work folder and read back in order (PieceReader). In memory: the budget and 9
// bytes per document, and while Finish collects windows one chunk of them (a sixteenth of the
// budget).
//
// Determinism: the pieces depend only on the documents, their order and n; not on the thread
// count, the budget or how often the finder spilled.
//
// Thread-safety: none; AddDocument, Drop and Finish are called from one thread. Finish uses
// `threads` workers internally.
#ifndef SARING_PIPELINE_SUBSTRING_FINDER_H_
#define SARING_PIPELINE_SUBSTRING_FINDER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/seen_table.h"
#include "pipeline/substring_keys.h"
#include "saring/status.h"

namespace saring::pipeline {

struct CollectedWindows;  // substring_finder.cc

// Words [begin, end) of document `doc` are cut: they repeat words [source_begin, source_begin +
// end - begin) of document `source_doc` (source_doc < doc, or source_doc == doc and source_begin <
// begin). Pieces of one document never overlap; a cut run that repeats several earlier places is
// several adjacent pieces.
struct SubstringPiece {
  uint32_t doc = 0;
  uint32_t begin = 0, end = 0;
  uint32_t source_doc = 0, source_begin = 0;
  bool operator==(const SubstringPiece&) const = default;
};

// One window record: the hash of its n word keys and its position (document << 32 | word).
struct SubstringWindow {
  uint64_t hash, pos;
};

struct SubstringFinderOptions {
  uint32_t min_words = 40;                // n: the shortest repeated run that is cut
  uint64_t memory_budget = 128ull << 20;  // bytes (at least 4 KiB)
  std::string work_dir;                   // spill files (TMPDIR or /tmp if empty)
  // How a document's window hashes follow from its keys: AddDocument's `windows` must be what it
  // computes, as Finish computes them again from the stored keys (tests give another function).
  void (*window_hashes)(const uint64_t* keys, size_t count, uint32_t n,
                        std::vector<uint64_t>* out) = ComputeWindowHashes;
};

class SubstringFinder {
 public:
  struct Stats {
    uint64_t windows = 0;         // windows added
    uint64_t kept_windows = 0;    // windows of live documents past the occurrence filter
    uint64_t candidates = 0;      // later windows whose hash occurred before (live documents)
    uint64_t verified = 0;        // candidates whose n word keys equal their first occurrence's
    uint64_t collisions = 0;      // candidates that failed verification (hash collisions)
    uint64_t spilled_bytes = 0;   // window records written to the work folder
    uint64_t splits = 0;          // partitions split again for lack of memory
    uint64_t pieces = 0;          // pieces found
    uint64_t spilled_pieces = 0;  // ... of those, written to the work folder
  };

  // Reads the pieces, after Finish, in (doc, begin) order; one chunk of them in memory at a time.
  // Valid while the finder is.
  class PieceReader {
   public:
    explicit PieceReader(const SubstringFinder* finder) : finder_(finder) {}
    // The next piece into *p; false after the last.
    Result<bool> Next(SubstringPiece* p);

   private:
    const SubstringFinder* finder_;
    uint64_t next_ = 0;  // index of the first piece not yet in chunk_
    std::vector<SubstringPiece> chunk_;
    size_t at_ = 0;
  };

  static Result<std::unique_ptr<SubstringFinder>> Create(const SubstringFinderOptions& options);
  SubstringFinder(const SubstringFinder&) = delete;
  SubstringFinder& operator=(const SubstringFinder&) = delete;
  ~SubstringFinder();

  // Adds the next document (its ordinal is documents() before the call): `count` word keys and,
  // when count >= min_words, the count - min_words + 1 window hashes of ComputeWindowHashes.
  Status AddDocument(const uint64_t* keys, size_t count, const uint64_t* windows);
  uint32_t documents() const { return static_cast<uint32_t>(word_start_.size()); }
  // The index of the document's first word among every word added (its keys' place in the file).
  uint64_t first_word(uint32_t doc) const { return word_start_[doc]; }
  uint32_t words(uint32_t doc) const {
    return static_cast<uint32_t>(WordStart(doc + 1) - word_start_[doc]);
  }
  // Drops a document: it is neither cut nor a first occurrence (a later decision removed it).
  void Drop(uint32_t doc) { live_[doc] = 0; }

  // Finds every piece, using `threads` workers. Call once, after the last AddDocument.
  Status Finish(unsigned threads);
  // After Finish: every piece, ordered by (doc, begin), all in memory (for tests and small runs;
  // PieceReader reads them a chunk at a time).
  Result<std::vector<SubstringPiece>> ReadPieces() const;
  const Stats& stats() const { return stats_; }
  uint32_t min_words() const { return options_.min_words; }

 private:
  struct Segment;
  struct Worker;
  static constexpr int kPartitionBits = 8;
  static constexpr int kPartitions = 1 << kPartitionBits;
  static constexpr uint32_t kStage = 64;

  explicit SubstringFinder(SubstringFinderOptions options);
  uint64_t WordStart(uint32_t doc) const {
    return doc < word_start_.size() ? word_start_[doc] : total_words_;
  }
  Status SpillBuffers();
  // Finish, first step: the windows of live documents that passed the filter into the buffers,
  // checked by `threads` workers.
  Status CollectRepeatedWindows(unsigned threads);
  // The windows of live documents [begin, end) that pass the filter into *c (any thread).
  Status CollectRange(uint32_t begin, uint32_t end, CollectedWindows* c) const;
  Status ProcessPartition(int partition, size_t worker_index, Worker* worker);
  Status MergeAndVerify(std::vector<Worker>* workers);
  Status VerifyChain(uint64_t later, uint64_t first, uint64_t windows);
  Status AddVerified(uint64_t later, uint64_t first);

  SubstringFinderOptions options_;
  std::vector<uint64_t> word_start_;  // per document: its first word in the key file
  std::vector<uint8_t> live_;
  uint64_t total_words_ = 0;
  AppendFile keys_;  // every word key, in input order
  std::array<std::vector<SubstringWindow>, kPartitions> buffers_;
  // Spilled windows: one file; each partition's are the extents (first window, count) listed.
  struct Extent {
    uint64_t first, count;
  };
  AppendFile spill_;
  std::array<std::vector<Extent>, kPartitions> extents_;
  uint64_t buffered_ = 0;
  // The occurrence filter: per partition a slice of slice_words_ words of 32 two-bit counters,
  // indexed by hash bits. Hashes wait in per-partition staging (kStage each) and are counted a
  // stage at a time, so that the counters touched lie in one slice (in cache) rather than all
  // over the filter.
  struct FreeDeleter {  // unmaps the filter's mapping
    void* base;
    size_t length;
    void operator()(uint64_t* p) const;
  };
  std::unique_ptr<uint64_t, FreeDeleter> filter_;
  uint64_t slice_words_ = 0;
  uint64_t used_counters_ = 0;  // counters above 0
  enum class FilterState { kNone, kCounting, kSaturated };
  FilterState filter_state_ = FilterState::kNone;
  std::vector<uint64_t> staged_;  // kPartitions * kStage hashes
  std::array<uint32_t, kPartitions> staged_count_{};
  void CountStaged(int partition);
  bool Repeated(uint64_t hash) const;
  void Prefetch(uint64_t hash) const;
  bool spilled_ = false;
  std::vector<std::vector<Segment>> segments_;     // per partition: its candidate streams
  std::vector<uint64_t> later_keys_, first_keys_;  // verification scratch
  // Pieces in (doc, begin) order: the first stats_.spilled_pieces in pieces_file_, the rest here
  // (the last one still growing while MergeAndVerify runs).
  std::vector<SubstringPiece> pieces_;
  AppendFile pieces_file_;
  bool open_piece_ = false;
  Stats stats_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SUBSTRING_FINDER_H_
