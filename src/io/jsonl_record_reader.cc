// Splits a decompressed byte stream into JSON lines.
//
// The stream is decoded into a 1 MiB block; each line is found with memchr and copied once, into
// the batch. A line longer than max_record_bytes is never held whole: once it passes the limit,
// only its first too_long_prefix_bytes stay in the batch and the rest is counted and dropped, so
// memory stays bounded by the limit however long the line. One byte beyond the limit is held
// before deciding, because a trailing '\r' (CRLF) does not count towards the record's length.
#include <algorithm>
#include <cstring>

#include "io/record_readers.h"

namespace saring::io_internal {
namespace {

constexpr size_t kBlockBytes = 1 << 20;
constexpr uint64_t kMaxReserveBytes = 64 << 20;
constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

class JsonlRecordReader final : public RecordReader {
 public:
  JsonlRecordReader(std::string path, const ReaderOptions& options, std::unique_ptr<RawInput> raw)
      : path_(std::move(path)),
        options_(options),
        prefix_bytes_(std::min(options.too_long_prefix_bytes, options.max_record_bytes)),
        source_(std::move(raw)),
        block_(new char[kBlockBytes]) {}

  Result<bool> NextBatch(RecordBatch* batch) override;

 private:
  bool FillBlock();
  bool ConsumeBlock(RecordBatch* batch);
  void StartLine(const RecordBatch& batch);
  void AppendToLine(const char* p, size_t n, RecordBatch* batch);
  void FinishLine(RecordBatch* batch);
  void FinishStream(RecordBatch* batch);
  std::string TooLongMessage(uint64_t full_length) const;

  const std::string path_;
  const ReaderOptions options_;
  const uint64_t prefix_bytes_;
  ByteSource source_;
  std::unique_ptr<char[]> block_;  // decompressed bytes [block_pos_, block_end_) not yet split
  size_t block_pos_ = 0;
  size_t block_end_ = 0;
  uint64_t block_offset_ = 0;  // stream offset of block_[0]
  bool started_ = false;
  bool done_ = false;
  uint64_t lines_ = 0;  // lines completed so far, blank ones included

  // The line being read; its held bytes are batch->data[line_begin_, end).
  bool in_line_ = false;
  uint64_t line_begin_ = 0;
  uint64_t line_offset_ = 0;   // stream offset of its first byte
  uint64_t line_bytes_ = 0;    // bytes seen, held or not
  bool skipping_ = false;      // too long: the prefix is held, the rest is only counted
  bool skipped_blank_ = true;  // while skipping_: every byte seen so far is whitespace
  char last_byte_ = 0;
};

Result<bool> JsonlRecordReader::NextBatch(RecordBatch* batch) {
  batch->Clear();
  // Reserve the usual batch size once; the string keeps its capacity across Clear().
  batch->data.reserve(std::min<uint64_t>(options_.batch_bytes, kMaxReserveBytes) + kRecordPadding);
  bool full = done_;
  while (!full) {
    if (block_pos_ == block_end_ && !FillBlock()) {
      FinishStream(batch);
      break;
    }
    full = ConsumeBlock(batch);
  }
  counters_.compressed_bytes = source_.raw_bytes_read();
  counters_.decompressed_bytes = block_offset_ + block_end_;
  counters_.compression = source_.compression();
  batch->data.append(kRecordPadding, '\0');
  return !batch->records.empty();
}

// Decodes the next block; false at the end of the stream (clean or broken). The first block is
// read until it holds at least 3 bytes, so that a BOM split by the decoder is still recognised.
bool JsonlRecordReader::FillBlock() {
  block_offset_ += block_end_;
  block_pos_ = 0;
  block_end_ = source_.Read(block_.get(), kBlockBytes);
  if (!started_) {
    started_ = true;
    while (block_end_ > 0 && block_end_ < 3) {
      size_t more = source_.Read(block_.get() + block_end_, kBlockBytes - block_end_);
      if (more == 0) break;
      block_end_ += more;
    }
    if (block_end_ >= 3 && std::memcmp(block_.get(), kUtf8Bom, 3) == 0) block_pos_ = 3;
  }
  return block_end_ > 0;
}

// Splits lines until the block is used up (returns false) or a finished line brings the batch
// to batch_bytes (returns true). A line may continue into the next block.
bool JsonlRecordReader::ConsumeBlock(RecordBatch* batch) {
  while (block_pos_ < block_end_) {
    if (!in_line_) StartLine(*batch);
    const char* p = block_.get() + block_pos_;
    size_t avail = block_end_ - block_pos_;
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', avail));
    size_t n = newline != nullptr ? static_cast<size_t>(newline - p) : avail;
    AppendToLine(p, n, batch);
    block_pos_ += n;
    if (newline == nullptr) return false;
    ++block_pos_;
    FinishLine(batch);
    if (batch->data.size() >= options_.batch_bytes) return true;
  }
  return false;
}

void JsonlRecordReader::StartLine(const RecordBatch& batch) {
  in_line_ = true;
  line_begin_ = batch.data.size();
  line_offset_ = block_offset_ + block_pos_;
  line_bytes_ = 0;
  skipping_ = false;
  skipped_blank_ = true;
  last_byte_ = 0;
}

void JsonlRecordReader::AppendToLine(const char* p, size_t n, RecordBatch* batch) {
  if (n == 0) return;
  line_bytes_ += n;
  last_byte_ = p[n - 1];
  if (!skipping_) {
    uint64_t held = batch->data.size() - line_begin_;
    uint64_t room = options_.max_record_bytes + 1 - held;
    if (n <= room) {
      batch->data.append(p, n);
      return;
    }
    batch->data.append(p, room);
    p += room;
    n -= room;
    skipped_blank_ = IsBlankLine(batch->data.data() + line_begin_, held + room);
    batch->data.resize(line_begin_ + prefix_bytes_);
    skipping_ = true;
  }
  if (skipped_blank_) skipped_blank_ = IsBlankLine(p, n);
}

void JsonlRecordReader::FinishLine(RecordBatch* batch) {
  in_line_ = false;
  ++lines_;
  uint64_t full_length = line_bytes_;
  if (full_length > 0 && last_byte_ == '\r') --full_length;
  bool blank = skipped_blank_;
  if (!skipping_) {
    batch->data.resize(line_begin_ + full_length);  // drops the '\r'
    blank = IsBlankLine(batch->data.data() + line_begin_, full_length);
  }
  if (blank) {
    batch->data.resize(line_begin_);
    ++counters_.blank_lines;
    return;
  }
  bool too_long = full_length > options_.max_record_bytes;
  if (too_long && !skipping_) batch->data.resize(line_begin_ + prefix_bytes_);
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = line_begin_;
  ref.length = batch->data.size() - line_begin_;
  ref.line = lines_;
  ref.byte_offset = line_offset_;
  ref.full_length = full_length;
  if (too_long) {
    ref.status = RecordStatus::kTooLong;
    ref.error = TooLongMessage(full_length);
  }
}

// At the end of the stream: the last line may lack its '\n'; a broken stream ends with a
// kStreamError record holding whatever of the interrupted line was read.
void JsonlRecordReader::FinishStream(RecordBatch* batch) {
  done_ = true;
  if (!source_.failed()) {
    if (in_line_) FinishLine(batch);
    return;
  }
  if (!in_line_) StartLine(*batch);
  in_line_ = false;
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = line_begin_;
  ref.length = batch->data.size() - line_begin_;
  ref.line = lines_ + 1;
  ref.byte_offset = line_offset_;
  ref.full_length = line_bytes_;
  ref.status = RecordStatus::kStreamError;
  ref.error = "input '" + path_ + "': " + source_.error() + ", in line " +
              std::to_string(ref.line) + " (decompressed byte offset " +
              std::to_string(line_offset_ + line_bytes_) + "). The " + std::to_string(lines_) +
              " lines before it were read; the rest of the file is lost. Check the file (gzip -t / "
              "zstd -t) and fetch or compress it again.";
}

std::string JsonlRecordReader::TooLongMessage(uint64_t full_length) const {
  return "input '" + path_ + "' line " + std::to_string(lines_) + " (decompressed byte offset " +
         std::to_string(line_offset_) + ") is " + std::to_string(full_length) +
         " bytes, more than the limit of " + std::to_string(options_.max_record_bytes) +
         " bytes; only its first " + std::to_string(prefix_bytes_) +
         " bytes were kept. Raise the record size limit to read it whole.";
}

}  // namespace

std::unique_ptr<RecordReader> NewJsonlRecordReader(std::string path, const ReaderOptions& options,
                                                   std::unique_ptr<RawInput> raw) {
  return std::make_unique<JsonlRecordReader>(std::move(path), options, std::move(raw));
}

}  // namespace saring::io_internal

namespace saring {

bool IsBlankLine(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    char c = p[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

}  // namespace saring
