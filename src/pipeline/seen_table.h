// SeenTable: the first occurrence of each 64-bit content hash, for exact document and paragraph
// dedup, in bounded memory.
//
// The hashes live in an open-addressing table (linear probing, power-of-two capacity, load <= 1/2)
// of {hash, value} pairs, 32 bytes a slot. When the table would grow past three quarters of the
// budget, its entries are written, sorted by hash, as one run (24 bytes an entry) to a file in the
// spill folder, and the table starts empty. Each run keeps in memory a Bloom filter (10 bits an
// entry) and every 128th hash; a lookup that misses the table asks each run's filter and reads at
// most one 3 KiB block of the runs whose filter says "maybe". When the filters pass a quarter of
// the budget, all runs are merged into one whose filter is sized to fit that quarter (more false
// positives, more block reads: slower, never wrong). A hash is stored once (in the table or in one
// run), so the answer is exactly that of an unbounded table.
//
// Memory: at most about the budget (the table, the filters, the sparse hashes, one read block)
// however many hashes are inserted; disk: 24 bytes per distinct hash, twice that while runs merge.
// Only a failing write (disk full) fails an insert, with a message saying how much disk it needs.
// Thread-safety: not thread-safe; the pipeline uses it from its sequential decide stage.
#ifndef SARING_PIPELINE_SEEN_TABLE_H_
#define SARING_PIPELINE_SEEN_TABLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"
#include "util/env.h"

namespace saring::pipeline {

// Where a hash was first seen: an id from the pool and a byte range in that document.
struct FirstSeen {
  uint64_t id_offset = 0;  // into the pool (IdPool)
  uint32_t begin = 0, end = 0;
};

// An append-only file in a folder, created and unlinked at once (it vanishes with the process),
// read back at any offset. Appends are buffered; reads see buffered bytes too, and the unflushed
// tail can be cut off again. Thread-safety: none.
class AppendFile {
 public:
  AppendFile() = default;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  // Creates the file in folder `dir` through `env`; `what` names it in error messages.
  // InvalidArgument if `dir` is empty (there is no default folder).
  Status Open(const std::string& dir, std::string_view what, Env* env = Env::Default());
  bool is_open() const { return file_ != nullptr; }
  Status Append(const void* data, size_t n);
  // Drops every byte at and after `size`.
  Status Truncate(uint64_t size);
  Status ReadAt(uint64_t offset, void* out, size_t n) const;
  // Drops every byte (the file becomes empty).
  Status Clear() { return Truncate(0); }
  uint64_t size() const { return flushed_ + buffer_.size(); }

 private:
  Status Flush();

  std::unique_ptr<ScratchFile> file_;
  uint64_t flushed_ = 0;
  std::string buffer_;
};

class SeenTable {
 public:
  // `spill_dir`: the folder for spilled runs, through `env` (required once the table spills).
  SeenTable(uint64_t budget_bytes, std::string spill_dir, Env* env = Env::Default());
  SeenTable(const SeenTable&) = delete;
  SeenTable& operator=(const SeenTable&) = delete;

  // If `hash` is present, sets *found to its first occurrence and returns true. Otherwise inserts
  // `first` and returns false. IoError only when a spill cannot be written or read.
  Result<bool> FindOrInsert(uint64_t hash, const FirstSeen& first, FirstSeen* found);
  // Asks the processor to load the memory FindOrInsert(hash, ...) will read first (its table
  // slot, and each spilled run's filter block), so that looking ahead hides the cache misses.
  void Prefetch(uint64_t hash) const;

  // Distinct hashes inserted.
  uint64_t size() const { return size_ + spilled_; }
  // Bytes held in memory (table, filters, sparse hashes).
  uint64_t bytes() const;
  // Runs written so far and merges done (for tests and the benchmark).
  uint64_t runs_written() const { return runs_written_; }
  uint64_t merges() const { return merges_; }

 private:
  struct Slot {
    uint64_t hash;
    FirstSeen value;
    bool used;
  };
  struct Entry {  // on disk
    uint64_t hash;
    FirstSeen value;
  };
  struct Run {
    uint64_t first = 0, count = 0;  // entry index in the run file
    std::vector<uint64_t> bloom;    // bit set
    std::vector<uint64_t> sparse;   // hash of entry 0, 128, 256, ...
    int hashes = 1;                 // bits set per entry in `bloom` (BloomHashes)
  };
  static constexpr uint64_t kBlock = 128;  // entries per sparse step

  Status Grow();
  Status SpillTable();
  Status MergeRuns();
  // Adds the run of `count` entries at entry `first` of the run file, with its filter and
  // sparse hashes.
  Status AddRun(uint64_t first, uint64_t count, uint64_t bloom_bits);
  Result<bool> FindInRuns(uint64_t hash, FirstSeen* found);
  uint64_t bloom_bytes() const;
  Status DiskFull(const Status& s) const;

  uint64_t budget_bytes_;
  uint64_t max_slots_;
  std::string spill_dir_;
  Env* env_;
  uint64_t size_ = 0, spilled_ = 0;
  std::vector<Slot> slots_;
  std::unique_ptr<AppendFile> runs_file_;
  std::vector<Run> runs_;
  uint64_t runs_written_ = 0, merges_ = 0;
  std::vector<Entry> block_;
};

// Append-only storage for document ids, addressed by offset, in a file of the spill folder: an id
// costs no memory once written. Thread-safety: none.
class IdPool {
 public:
  explicit IdPool(std::string spill_dir, Env* env = Env::Default())
      : spill_dir_(std::move(spill_dir)), env_(env) {}
  Result<uint64_t> Add(std::string_view id);
  // Sets *id to the id added at `offset`.
  Status Get(uint64_t offset, std::string* id) const;
  // Drops every id added at or after `offset` (an id that turned out not to be needed).
  Status Truncate(uint64_t offset) { return file_.Truncate(offset); }
  uint64_t bytes() const { return file_.size(); }

 private:
  std::string spill_dir_;
  Env* env_;
  AppendFile file_;  // each id: 4-byte length, then bytes
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SEEN_TABLE_H_
