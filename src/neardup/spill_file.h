// Scratch storage for near-duplicate detection: an anonymous temporary file for data that
// exceeds the memory budget, and a chunked array that grows without reallocating (so its peak
// memory is its size, not twice it).
//
// Thread-safety: none; each object belongs to one thread at a time.
#ifndef SARING_NEARDUP_SPILL_FILE_H_
#define SARING_NEARDUP_SPILL_FILE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "saring/minhash.h"
#include "saring/status.h"

namespace saring::neardup_internal {

// A temporary file created in a work directory and unlinked at once, so it vanishes when
// closed, even if the process dies. Appends are buffered; reads see only flushed bytes.
class SpillFile {
 public:
  // Creates the file in `dir` (the system temporary directory if empty). `what` names it in
  // error messages. Returns IoError if the file cannot be created.
  static Result<SpillFile> Create(const std::string& dir, std::string_view what);

  SpillFile(SpillFile&& other) noexcept;
  SpillFile& operator=(SpillFile&& other) noexcept;
  SpillFile(const SpillFile&) = delete;  // owns a file descriptor
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile();

  // Appends n bytes. Returns IoError (e.g. disk full).
  Status Append(const void* data, size_t n);
  // Writes buffered bytes to the file.
  Status Flush();
  // Reads n bytes at `offset`. REQUIRES: offset + n <= flushed size. Returns IoError.
  Status ReadAt(uint64_t offset, void* out, size_t n) const;
  // Bytes appended so far, flushed or not.
  uint64_t size() const { return size_; }

 private:
  SpillFile(int fd, std::string what);
  Status WriteAll(const char* p, size_t n);

  int fd_ = -1;
  std::string what_;
  std::vector<char> buffer_;
  uint64_t size_ = 0;
};

// An array of T in fixed chunks of 2^16 elements: push_back never moves existing elements.
template <class T>
class ChunkedVector {
 public:
  static constexpr size_t kChunkBits = 16;
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;

  void push_back(const T& value) {
    if ((size_ & (kChunkSize - 1)) == 0) chunks_.push_back(std::make_unique<T[]>(kChunkSize));
    chunks_.back()[size_ & (kChunkSize - 1)] = value;
    ++size_;
  }
  // Appends values[0..n), a chunk's worth at a time.
  void append(const T* values, size_t n) {
    while (n > 0) {
      const size_t at = size_ & (kChunkSize - 1);
      if (at == 0) chunks_.push_back(std::make_unique_for_overwrite<T[]>(kChunkSize));
      const size_t take = std::min(n, kChunkSize - at);
      std::copy_n(values, take, chunks_.back().get() + at);
      values += take;
      n -= take;
      size_ += take;
    }
  }
  const T& operator[](size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  // Copies elements [begin, begin + n) to out. REQUIRES: begin + n <= size().
  void CopyOut(size_t begin, size_t n, T* out) const {
    while (n > 0) {
      const size_t in_chunk = std::min(n, kChunkSize - (begin & (kChunkSize - 1)));
      std::copy_n(&(*this)[begin], in_chunk, out);
      begin += in_chunk;
      out += in_chunk;
      n -= in_chunk;
    }
  }
  size_t size() const { return size_; }
  void clear() {
    chunks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

// Variable-length sequences of 32-bit values (a document's word hashes), in RAM until they would
// pass `ram_limit_bytes`, then all in a SpillFile (the RAM copy is freed; reads go through the
// page cache). Their 8-byte end offsets stay in RAM.
class SequenceStore {
 public:
  SequenceStore(uint64_t ram_limit_bytes, std::string work_dir)
      : ram_limit_bytes_(ram_limit_bytes), work_dir_(std::move(work_dir)) {}

  // Appends the sequence of the next document. Returns IoError when writing fails.
  Status Append(const uint32_t* values, size_t n);
  // Makes every appended sequence readable. Call before Get.
  Status FinishWriting();
  // Replaces *out with sequence `doc`. Returns IoError.
  Status Get(uint32_t doc, std::vector<uint32_t>* out) const;
  // Closes the file and frees the offsets; Get must not be called afterwards.
  void Release() {
    ends_.clear();
    ram_.clear();
    file_.reset();
  }
  uint64_t size() const { return ends_.size(); }
  bool spilled() const { return file_ != nullptr; }

 private:
  uint64_t ram_limit_bytes_;
  std::string work_dir_;
  uint64_t values_ = 0;
  ChunkedVector<uint32_t> ram_;
  ChunkedVector<uint64_t> ends_;  // end offset (in values) of each sequence
  std::unique_ptr<SpillFile> file_;
};

// Signatures of K values, in RAM until they would pass `ram_limit_bytes`, then all in a
// SpillFile (the RAM copy is freed).
//
// With a `hasher` (the MinHasher that signed them), a document whose signature came from fewer
// than K shingles may instead be stored as those shingles' folded 32-bit values
// (FoldShingleHash; Append's `folds`), and Get signs them again: MinHash over the folds gives
// the very same signature, and a short document's folds take far fewer bytes than K values
// (docs/near-dup.md, "Memory model"). Each document then costs 8 more bytes of RAM (the end
// offset of its values).
class SignatureStore {
 public:
  // `hasher`, if given, must outlive the store and have num_perm() == k.
  SignatureStore(uint32_t k, uint64_t ram_limit_bytes, std::string work_dir,
                 const MinHasher* hasher = nullptr);

  // Appends one signature of k values, or, with a hasher and 0 < folds.size() < k, the folded
  // shingle values it was signed from. Returns IoError when spilling fails.
  Status Append(const uint32_t* signature, std::span<const uint32_t> folds = {});
  // Makes every appended signature readable. Call before Get.
  Status FinishWriting();
  // Returns signature `doc`: a pointer into RAM, or into `buffer` (k values) after reading it
  // from the spill file or signing its folds. The pointer is valid until the next Get with the
  // same buffer.
  Result<const uint32_t*> Get(uint32_t doc, uint32_t* buffer) const;

  // Frees the RAM copy and closes the spill file; Get must not be called afterwards.
  void Release() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    file_.reset();
    if (sketches_) sketches_->Release();
  }

  bool spilled() const { return file_ != nullptr || (sketches_ && sketches_->spilled()); }
  uint64_t size() const { return count_; }

 private:
  static constexpr size_t kPerChunk = 4096;  // signatures per RAM chunk

  Status Spill();

  uint32_t k_;
  uint64_t ram_limit_bytes_;
  std::string work_dir_;
  uint64_t count_ = 0;
  std::vector<std::unique_ptr<uint32_t[]>> chunks_;
  std::unique_ptr<SpillFile> file_;
  // With a hasher: every document's k values or folds, in place of chunks_ and file_.
  const MinHasher* hasher_ = nullptr;
  std::unique_ptr<SequenceStore> sketches_;
  mutable std::vector<uint32_t> values_;  // Get's scratch
  mutable std::vector<uint64_t> folds_;
};

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_SPILL_FILE_H_
