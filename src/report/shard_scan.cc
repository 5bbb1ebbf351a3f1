#include "report/shard_scan.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

#include "saring/input.h"
#include "saring/record_reader.h"

namespace saring::report {
namespace fs = std::filesystem;

std::vector<std::string> ListShards(const std::string& dir, std::string_view sub) {
  std::vector<std::string> shards;
  std::error_code ec;
  fs::path folder = fs::path(dir) / sub;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    bool shard = name.ends_with(".jsonl") || name.ends_with(".jsonl.zst") || name.ends_with(".jsonl.gz");
    if (shard && it->is_regular_file(ec)) shards.push_back(it->path().string());
  }
  std::sort(shards.begin(), shards.end());
  return shards;
}

uint64_t TotalFileBytes(const std::vector<std::string>& paths) {
  uint64_t total = 0;
  for (const std::string& p : paths) {
    std::error_code ec;
    uintmax_t n = fs::file_size(p, ec);
    if (!ec) total += n;
  }
  return total;
}

ShardScanner::ShardScanner(std::function<void(const ReportProgress&)> progress, uint64_t bytes_total)
    : progress_(std::move(progress)), bytes_total_(bytes_total) {}

Status ShardScanner::Scan(const std::vector<std::string>& shards, std::string_view stage,
                          std::string_view needle,
                          const std::function<bool(const ShardRecord&)>& visit) {
  RecordBatch batch;
  ShardRecord rec;
  for (const std::string& path : shards) {
    InputSpec spec{path, InputKind::kJsonl, {path}};
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader, RecordReader::Open(spec, ReaderOptions()));
    rec.shard = &path;
    bool stop = false;
    while (!stop) {
      SARING_ASSIGN_OR_RETURN(bool more, reader->NextBatch(&batch));
      if (!more) break;
      for (const RecordRef& r : batch.records) {
        if (r.status == RecordStatus::kStreamError) {
          ++counters_.broken_streams;
          if (r.length == 0) continue;
        }
        ++counters_.records;
        rec.line = std::string_view(batch.data).substr(r.begin, r.length);
        rec.line_number = r.line;
        if (!needle.empty() && rec.line.find(needle) == std::string_view::npos) continue;
        // The batch keeps kRecordPadding readable bytes after every record (the next record's
        // bytes or the final zero padding), which is all simdjson needs.
        rec.parsed = parser_.parse(rec.line.data(), rec.line.size(), false).get(rec.record) ==
                     simdjson::SUCCESS;
        if (!rec.parsed) ++counters_.malformed;
        if (!visit(rec)) {
          stop = true;
          break;
        }
      }
      if (progress_) {
        progress_({stage, bytes_before_shard_ + reader->counters().compressed_bytes, bytes_total_,
                   counters_.records});
      }
    }
    bytes_before_shard_ += reader->counters().compressed_bytes;
    counters_.bytes += reader->counters().compressed_bytes;
    if (stop) break;
  }
  return Status::Ok();
}

}  // namespace saring::report
