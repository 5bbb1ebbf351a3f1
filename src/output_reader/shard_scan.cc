#include "output_reader/shard_scan.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include "saring/input.h"
#include "saring/record_reader.h"

namespace saring::report {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr uint64_t kProgressBytes = 4 << 20;  // decompressed bytes between progress calls

}  // namespace

std::vector<std::string> ListShards(const std::string& dir, std::string_view sub) {
  std::vector<std::string> shards;
  std::error_code ec;
  fs::path folder = fs::path(dir) / sub;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    bool shard = name.ends_with(".jsonl") || name.ends_with(".jsonl.zst") ||
                 name.ends_with(".jsonl.gz") || name.ends_with(".parquet");
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

ShardScanner::ShardScanner(std::function<void(const ReportProgress&)> progress,
                           uint64_t bytes_total)
    : progress_(std::move(progress)), bytes_total_(bytes_total) {}

Status ShardScanner::Scan(const std::vector<std::string>& shards, std::string_view stage,
                          std::string_view needle,
                          const std::function<bool(const ShardRecord&)>& visit,
                          const std::function<bool(uint64_t chunk)>& skip) {
  for (size_t i = 0; i < shards.size(); ++i) {
    bool stop = false;
    SARING_RETURN_IF_ERROR(ScanShard(shards[i], i, stage, needle, visit, skip, &stop));
    if (stop) break;
  }
  return Status::Ok();
}

Status ShardScanner::ScanShard(const std::string& path, uint64_t shard_index,
                               std::string_view stage, std::string_view needle,
                               const std::function<bool(const ShardRecord&)>& visit,
                               const std::function<bool(uint64_t chunk)>& skip, bool* stop) {
  ShardRecord rec;
  rec.shard = &path;
  rec.chunk = shard_index << 32;
  uint64_t resume = 0;  // records starting before this decompressed offset were visited
  {
    MappedFile file;
    if (file.Open(path) && SplitZstdFrames(file.bytes(), kMaxFrameBytes, &frames_, &file)) {
      file.ReadSequentially();
      if (ScanFrames(file.bytes(), frames_, stage, needle, visit, skip, &rec, stop, &resume))
        return Status::Ok();
    }
  }
  // Not a shard of frames, or its frames stopped qualifying at `resume`: the stream reader reads
  // the file from its start (so that its counters and broken-stream records are what they always
  // were) and the records visited frame by frame are passed over.
  rec.chunk = (shard_index << 32) | kRestOfShard;
  RecordBatch batch;
  InputSpec spec{path, InputKind::kJsonl, {path}};
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                          RecordReader::Open(spec, ReaderOptions()));
  while (!*stop) {
    SARING_ASSIGN_OR_RETURN(bool more, reader->NextBatch(&batch));
    if (!more) break;
    for (const RecordRef& r : batch.records) {
      if (r.status == RecordStatus::kStreamError) {
        ++counters_.broken_streams;
        if (r.length == 0) continue;
      } else if (r.byte_offset < resume) {
        continue;
      }
      rec.line = std::string_view(batch.data).substr(r.begin, r.length);
      rec.line_number = r.line;
      // The batch keeps kRecordPadding readable bytes after every record (the next record's
      // bytes or the final zero padding), which is all simdjson needs.
      if (!VisitLine(&rec, needle, visit)) {
        *stop = true;
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
  return Status::Ok();
}

bool ShardScanner::ScanFrames(std::string_view file, const std::vector<ZstdFrame>& frames,
                              std::string_view stage, std::string_view needle,
                              const std::function<bool(const ShardRecord&)>& visit,
                              const std::function<bool(uint64_t chunk)>& skip, ShardRecord* rec,
                              bool* stop, uint64_t* resume) {
  const uint64_t shard_chunk = rec->chunk;
  std::vector<size_t> jobs;
  jobs.reserve(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!skip || frames[i].content_size == 0 || !skip(shard_chunk | i)) jobs.push_back(i);
  }
  FrameDecoder decoder(file, frames, std::move(jobs), &frame_buffers_, /*helper=*/true);
  uint64_t lines = 0;       // lines so far, blank ones included, as the stream reader numbers them
  bool lines_known = true;  // false once a frame was skipped
  bool at_start = true;     // no byte of the stream seen yet
  size_t expected = 0;      // the frame after the last one handed out
  uint64_t reported = 0;    // decompressed offset of the last progress call
  std::string_view bytes;
  size_t index = 0;
  bool ok = false;
  while (decoder.Next(&bytes, &index, &ok)) {
    const ZstdFrame& f = frames[index];
    if (index != expected) lines_known = at_start = false;
    expected = index + 1;
    if (!ok) {
      *resume = f.content_offset;  // corrupt: the stream reader says where and counts it
      return false;
    }
    if (bytes.empty()) continue;
    // The stream reader drops a byte-order mark at the start of the stream, and joins a line that
    // runs over a frame's end with the next frame: both are left to it.
    bool bom = at_start && (bytes.size() < 3 || bytes.substr(0, 3) == kUtf8Bom);
    if (bom || (bytes.back() != '\n' && index + 1 < frames.size())) {
      *resume = f.content_offset;
      return false;
    }
    at_start = false;
    rec->chunk = shard_chunk | index;
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    while (p < end) {
      const char* newline =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* line_end = newline != nullptr ? newline : end;
      ++lines;
      size_t n = static_cast<size_t>(line_end - p);
      if (n > 0 && line_end[-1] == '\r') --n;
      if (!IsBlankLine(p, n)) {
        // The frame keeps FrameDecoder::kPadding readable bytes after its end, so every line is
        // followed by at least that many: all simdjson needs.
        rec->line = std::string_view(p, n);
        rec->line_number = lines_known ? lines : 0;
        if (!VisitLine(rec, needle, visit)) {
          *stop = true;
          bytes_before_shard_ += f.offset + f.size;
          counters_.bytes += f.offset + f.size;
          return true;
        }
      }
      p = newline != nullptr ? newline + 1 : end;
    }
    uint64_t decoded = f.content_offset + f.content_size;
    if (progress_ && decoded - reported >= kProgressBytes) {
      reported = decoded;
      progress_({stage, bytes_before_shard_ + f.offset + f.size, bytes_total_, counters_.records});
    }
  }
  if (progress_)
    progress_({stage, bytes_before_shard_ + file.size(), bytes_total_, counters_.records});
  bytes_before_shard_ += file.size();
  counters_.bytes += file.size();
  return true;
}

bool ShardScanner::VisitLine(ShardRecord* rec, std::string_view needle,
                             const std::function<bool(const ShardRecord&)>& visit) {
  ++counters_.records;
  if (!needle.empty() && rec->line.find(needle) == std::string_view::npos) return true;
  rec->parsed = parser_.parse(rec->line.data(), rec->line.size(), false).get(rec->record) ==
                simdjson::SUCCESS;
  if (!rec->parsed) ++counters_.malformed;
  return visit(*rec);
}

}  // namespace saring::report
