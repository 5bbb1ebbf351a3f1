// Output shards: JSONL compressed as independent zstd frames, written atomically.
//
// Workers compress their batches with CompressFrame (in parallel); one thread appends the frames
// to a ShardWriter in sequence order, so the output bytes do not depend on the thread count. A
// shard is a concatenation of frames, which `zstd -d` and any zstd reader decode as one stream.
//
// Thread-safety: CompressFrame is thread-safe; a ShardWriter is used by one thread at a time.
#ifndef SARING_SHARD_WRITER_H_
#define SARING_SHARD_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/parquet_writer.h"
#include "saring/status.h"

namespace saring {
namespace parquet {
class ShardFooter;
}  // namespace parquet

// Compresses `jsonl` (whole lines) into one independent zstd frame (with content size and
// checksum) appended to *out. Thread-safe (one compression context per thread, reused).
// Deterministic: the same input and level give the same bytes. Errors: InvalidArgument for a level
// outside zstd's range, Internal if zstd fails. Cost: zstd at `level`; *out grows by at most
// ZSTD_compressBound(jsonl.size()) during the call.
Status CompressFrame(std::string_view jsonl, int level, std::string* out);

// CompressFrame for any bytes (not only whole lines), e.g. a Parquet page.
Status CompressZstd(std::string_view bytes, int level, std::string* out);

struct ShardWriterOptions {
  std::string prefix = "part";  // shard names: <prefix>-00000.jsonl.zst, ...
  uint64_t max_shard_bytes =
      256ull << 20;   // roll to a new shard once this many compressed bytes are written
  bool fsync = true;  // fsync each shard and its directory before the rename
  // With fsync: once this many bytes are written since the last request, ask the kernel to start
  // writing them back (Linux sync_file_range), so the disk works while the run computes and the
  // closing fsync has little left to wait for. 0 = never.
  uint64_t writeback_bytes = 4ull << 20;
  uint64_t first_index = 0;  // number of the first shard (a resumed run continues)
  // Non-empty: the shards are Parquet files <prefix>-NNNNN.parquet with these columns, and
  // Append takes row groups encoded by RowGroupBuilder::Encode (saring/parquet_writer.h), one
  // per call; max_shard_bytes counts the file's bytes. The footer is written when a shard closes.
  std::vector<ParquetColumn> parquet_columns;
};

// One finished shard.
struct ShardInfo {
  std::string path;      // final name, DIR/<prefix>-NNNNN.jsonl.zst
  uint64_t bytes = 0;    // compressed size
  uint64_t records = 0;  // sum of the `records` passed to Append for its frames
};

// Writes DIR/<prefix>-00000.jsonl.zst, -00001, ... Each shard is written as <name>.tmp and renamed
// to its final name only when complete (after fsync of file and directory), so a crash never
// leaves a partial file under a final name. A writer destroyed before Finish() removes its
// unfinished .tmp file. Not thread-safe.
class ShardWriter {
 public:
  // Creates `dir` (and parents) if missing. Writes nothing until the first Append. An existing
  // shard of the same name is replaced when the new one is complete. Errors: IoError naming the
  // folder if it cannot be created.
  static Result<std::unique_ptr<ShardWriter>> Open(const std::string& dir,
                                                   const ShardWriterOptions& options);

  ShardWriter(const ShardWriter&) = delete;  // owns an open file
  ShardWriter& operator=(const ShardWriter&) = delete;
  ~ShardWriter();

  // Appends one or more complete zstd frames holding `records` records. Rolls to a new shard at a
  // frame boundary once the current shard holds >= max_shard_bytes compressed bytes. Write errors
  // (ENOSPC, EIO, ...) return IoError naming the file; after an error every later call returns
  // the same error. REQUIRES: Finish() was not called.
  Status Append(std::string_view frames, uint64_t records);

  // Completes the last shard (an empty writer produces no file). REQUIRES: called at most once.
  Status Finish();

  // Final paths of the completed shards, in order.
  const std::vector<std::string>& shard_paths() const { return shard_paths_; }
  // The completed shards with their sizes and record counts, in order.
  const std::vector<ShardInfo>& shards() const { return shards_; }

 private:
  ShardWriter(std::string dir, const ShardWriterOptions& options);
  Status OpenShard();
  Status CloseShard();
  Status WriteBytes(std::string_view bytes);
  void StartWriteback();

  const std::string dir_;
  const ShardWriterOptions options_;
  int fd_ = -1;                  // the open .tmp shard, or -1
  std::string tmp_path_;         // its name while written
  ShardInfo current_;            // the shard being written
  uint64_t writeback_from_ = 0;  // current_ bytes before this offset were handed to writeback
  std::vector<std::string> shard_paths_;
  std::vector<ShardInfo> shards_;
  std::unique_ptr<parquet::ShardFooter> footer_;  // Parquet shards: the open shard's row groups
  Status error_;                                  // first failure; sticky
  bool finished_ = false;
};

}  // namespace saring

#endif  // SARING_SHARD_WRITER_H_
