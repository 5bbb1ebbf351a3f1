// Streaming over the shards of a saring output folder (DIR/kept, DIR/removed, DIR/quarantine):
// every record line, in shard order, parsed with the simdjson DOM.
//
// Thread-safety: a ShardScanner is used by one thread at a time.
#ifndef SARING_REPORT_SHARD_SCAN_H_
#define SARING_REPORT_SHARD_SCAN_H_

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "saring/report.h"
#include "saring/status.h"

namespace saring::report {

// The shards of DIR/<sub>: files named *.jsonl, *.jsonl.zst or *.jsonl.gz, sorted by name. A
// missing folder has no shards.
std::vector<std::string> ListShards(const std::string& dir, std::string_view sub);

// Sum of the sizes of `paths` (files that cannot be stat'ed count 0).
uint64_t TotalFileBytes(const std::vector<std::string>& paths);

// One record as the visitor sees it. `line` is valid (and padded for simdjson) only during the
// visit; `record` is valid only if `parsed`, until the visit returns.
struct ShardRecord {
  std::string_view line;
  const std::string* shard = nullptr;  // the shard path
  uint64_t line_number = 0;            // 1-based within the shard
  bool parsed = false;                 // the line is a JSON document
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
  // `progress` may be empty; `bytes_total` is what ReportProgress::bytes_total reports.
  ShardScanner(std::function<void(const ReportProgress&)> progress, uint64_t bytes_total);

  ShardScanner(const ShardScanner&) = delete;  // owns a simdjson parser (large buffers)
  ShardScanner& operator=(const ShardScanner&) = delete;

  // Calls visit(record) for every line of `shards` in order, until visit returns false. If
  // `needle` is not empty, lines not containing it are skipped without parsing (cheap filter).
  // Errors: IoError/NotFound if a shard cannot be opened. Returns OK when visit stopped the scan.
  Status Scan(const std::vector<std::string>& shards, std::string_view stage,
              std::string_view needle, const std::function<bool(const ShardRecord&)>& visit);

  const ScanCounters& counters() const { return counters_; }

 private:
  std::function<void(const ReportProgress&)> progress_;
  uint64_t bytes_total_;
  uint64_t bytes_before_shard_ = 0;  // compressed bytes of shards finished earlier
  ScanCounters counters_;
  simdjson::dom::parser parser_;
};

}  // namespace saring::report

#endif  // SARING_REPORT_SHARD_SCAN_H_
