// Streaming over the shards of a saring output folder (DIR/kept, DIR/removed, DIR/quarantine):
// every record line, in shard order, parsed with the simdjson DOM.
//
// The shards saring writes are sequences of zstd frames, one per batch. Such a shard is read frame
// by frame (zstd_frames.h): frames are decoded on a helper thread and on the scanning thread, and
// lines are parsed in place in the decoded frame. Any other shard, and the rest of a shard from a
// frame that does not decode or does not end a line, is read with saring::RecordReader; the
// records visited, their order and the counters are the same either way.
//
// Thread-safety: a ShardScanner is used by one thread at a time (it runs a helper thread of its own
// during Scan; visit is always called on the scanning thread).
#ifndef SARING_OUTPUT_READER_SHARD_SCAN_H_
#define SARING_OUTPUT_READER_SHARD_SCAN_H_

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "output_reader/zstd_frames.h"
#include "saring/report.h"
#include "saring/status.h"

namespace saring::report {

// The shards of DIR/<sub>: files named *.jsonl, *.jsonl.zst, *.jsonl.gz or *.parquet, sorted by name. A
// missing folder has no shards.
std::vector<std::string> ListShards(const std::string& dir, std::string_view sub);

// Sum of the sizes of `paths` (files that cannot be stat'ed count 0).
uint64_t TotalFileBytes(const std::vector<std::string>& paths);

// One record as the visitor sees it. `line` is valid (and padded for simdjson) only during the
// visit; `record` is valid only if `parsed`, until the visit returns.
struct ShardRecord {
  std::string_view line;
  const std::string* shard = nullptr;  // the shard path
  uint64_t line_number = 0;            // 1-based within the shard (0 after a skipped chunk)
  // The part of the scan the record comes from: (shard's index in the scanned list << 32) | frame
  // index for a shard read frame by frame, or | kRestOfShard for the records read as a stream.
  // Scanning the same shards again gives every record the same chunk.
  uint64_t chunk = 0;
  bool parsed = false;  // the line is a JSON document
  simdjson::dom::element record;
};

// What a scan saw besides good records.
struct ScanCounters {
  uint64_t records = 0;         // lines visited
  uint64_t malformed = 0;       // lines that are not JSON
  uint64_t broken_streams = 0;  // shards whose stream broke (truncated or corrupt zstd)
  uint64_t bytes = 0;           // compressed bytes read
};

class ShardScanner {
 public:
  static constexpr uint32_t kRestOfShard = UINT32_MAX;
  // A shard with a frame holding more than this is read as a stream (bounds the memory of the
  // frames in flight).
  static constexpr uint64_t kMaxFrameBytes = 32 << 20;

  // `progress` may be empty; `bytes_total` is what ReportProgress::bytes_total reports.
  ShardScanner(std::function<void(const ReportProgress&)> progress, uint64_t bytes_total);

  ShardScanner(const ShardScanner&) = delete;  // owns a simdjson parser (large buffers)
  ShardScanner& operator=(const ShardScanner&) = delete;

  // Calls visit(record) for every line of `shards` in order, until visit returns false. If
  // `needle` is not empty, lines not containing it are skipped without parsing (cheap filter).
  // If `skip` is set, it is asked once per frame chunk (never for kRestOfShard) before the frame
  // is read, and the frames it returns true for are neither decoded nor visited. It is a hint
  // that saves work: a caller must only skip chunks it saw whole in an earlier scan of the same
  // shards (so that the next frame starts a line), and must not rely on them being skipped.
  // Errors: IoError/NotFound if a shard cannot be opened. Returns OK when visit stopped the scan.
  Status Scan(const std::vector<std::string>& shards, std::string_view stage,
              std::string_view needle, const std::function<bool(const ShardRecord&)>& visit,
              const std::function<bool(uint64_t chunk)>& skip = {});

  const ScanCounters& counters() const { return counters_; }

 private:
  // One shard; *stop is set when visit stopped the scan.
  Status ScanShard(const std::string& path, uint64_t shard_index, std::string_view stage,
                   std::string_view needle, const std::function<bool(const ShardRecord&)>& visit,
                   const std::function<bool(uint64_t chunk)>& skip, bool* stop);
  // Reads the frames of a mapped zstd shard. Returns true if it read the shard to its end (or
  // visit stopped it); false if the stream reader must take over at decompressed offset *resume.
  bool ScanFrames(std::string_view file, const std::vector<ZstdFrame>& frames,
                  std::string_view stage, std::string_view needle,
                  const std::function<bool(const ShardRecord&)>& visit,
                  const std::function<bool(uint64_t chunk)>& skip, ShardRecord* rec, bool* stop,
                  uint64_t* resume);
  // Counts, filters, parses and visits one line; false if visit stopped the scan.
  bool VisitLine(ShardRecord* rec, std::string_view needle,
                 const std::function<bool(const ShardRecord&)>& visit);

  std::function<void(const ReportProgress&)> progress_;
  uint64_t bytes_total_;
  uint64_t bytes_before_shard_ = 0;  // compressed bytes of shards finished earlier
  ScanCounters counters_;
  std::vector<ZstdFrame> frames_;  // of the shard being read
  FrameBuffers frame_buffers_;
  simdjson::dom::parser parser_;
};

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_SHARD_SCAN_H_
