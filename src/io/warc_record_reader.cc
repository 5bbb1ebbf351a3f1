// Splits a WARC (or WET) file into records: each record of a document type becomes one kWarc
// record of the batch (its whole header and block, for the worker to turn into a document), the
// others are counted by kind and dropped.
//
// The decompressed stream is held in a window (buf_) from which records are copied into the
// batch. A record is checked before it is passed on: its header parses, its block (Content-Length
// bytes) is there and is followed by the blank line that ends a record (or by the end of the file
// or of its gzip member), and no gzip damage touches its bytes. A record that fails is quarantined
// as kDamaged with its offsets and reading goes on at the next "WARC/1." at a line start or gzip
// member start; damage that touches no record (a member lost whole) is quarantined on its own.
// A record longer than max_record_bytes is never held whole: its prefix is kept (kTooLong) and the
// rest is read past.
#include <algorithm>
#include <cstring>
#include <string_view>

#include "io/record_readers.h"
#include "io/warc_stream.h"
#include "saring/warc.h"

namespace saring::io_internal {
namespace {

constexpr size_t kChunkBytes = 1 << 20;
constexpr std::string_view kVersionPrefix = "WARC/1.";

class WarcRecordReader final : public RecordReader {
 public:
  WarcRecordReader(std::string path, const ReaderOptions& options, ScopedFd fd, bool gzip)
      : path_(std::move(path)),
        options_(options),
        prefix_bytes_(std::min(options.too_long_prefix_bytes, options.max_record_bytes)),
        stream_(std::move(fd), gzip) {}

  Result<bool> NextBatch(RecordBatch* batch) override;

 private:
  uint64_t BufEnd() const { return buf_base_ + buf_.size(); }
  std::string_view View(uint64_t begin, uint64_t end) const {
    begin = std::max(begin, buf_base_);
    end = std::min(end, BufEnd());
    return begin >= end ? std::string_view()
                        : std::string_view(buf_).substr(begin - buf_base_, end - begin);
  }
  bool Ensure(uint64_t end);
  void Compact(uint64_t keep_from);
  void Step(RecordBatch* batch);
  bool SkipLongBlock(uint64_t record_end, uint64_t* damage_at);
  uint64_t TrailerEnd(uint64_t block_end);
  WarcBreak* Overlapping(uint64_t begin, uint64_t end);
  uint64_t FindRecordStart(uint64_t from);
  void EmitBreaks(RecordBatch* batch, uint64_t upto);
  void Damage(RecordBatch* batch, uint64_t start, std::string what, uint64_t resync_from);
  RecordRef& NewRef(RecordBatch* batch, uint64_t start, std::string_view held);
  std::string Where(uint64_t start) const;

  const std::string path_;
  const ReaderOptions options_;
  const uint64_t prefix_bytes_;
  WarcStream stream_;
  std::string buf_;  // decompressed bytes [buf_base_, BufEnd())
  uint64_t buf_base_ = 0;
  uint64_t pos_ = 0;  // where the next record begins
  bool done_ = false;
  std::string skip_kind_;  // scratch
};

Result<bool> WarcRecordReader::NextBatch(RecordBatch* batch) {
  batch->Clear();
  while (!done_ && batch->data.size() < options_.batch_bytes) Step(batch);
  counters_.compressed_bytes = stream_.file_bytes_consumed();
  counters_.decompressed_bytes = stream_.decompressed_bytes();
  counters_.compression = stream_.gzip() ? Compression::kGzip : Compression::kNone;
  batch->data.append(kRecordPadding, '\0');
  return !batch->records.empty();
}

// Reads until the window reaches decompressed offset `end`; false if the stream ends first.
bool WarcRecordReader::Ensure(uint64_t end) {
  while (BufEnd() < end) {
    size_t want = static_cast<size_t>(std::max<uint64_t>(kChunkBytes, end - BufEnd()));
    if (stream_.Read(&buf_, std::min<size_t>(want, 16 * kChunkBytes)) == 0) return false;
  }
  return true;
}

// Drops window bytes before `keep_from` once they are a good part of it.
void WarcRecordReader::Compact(uint64_t keep_from) {
  uint64_t drop = std::min(keep_from, BufEnd()) - buf_base_;
  if (drop < kChunkBytes || drop < buf_.size() / 2) return;
  buf_.erase(0, drop);
  buf_base_ += drop;
  stream_.Forget(buf_base_);
}

std::string WarcRecordReader::Where(uint64_t start) const {
  if (!stream_.gzip()) return "byte offset " + std::to_string(start);
  return "decompressed byte offset " + std::to_string(start) + " (gzip member at file offset " +
         std::to_string(stream_.FileOffsetOf(start)) + ")";
}

RecordRef& WarcRecordReader::NewRef(RecordBatch* batch, uint64_t start, std::string_view held) {
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = batch->data.size();
  batch->data.append(held);
  ref.length = held.size();
  ref.full_length = held.size();
  ref.byte_offset = start;
  ref.file_offset = stream_.FileOffsetOf(start);
  ref.format = RecordFormat::kWarc;
  return ref;
}

// The first not-yet-blamed break whose damaged bytes meet [begin, end), or null.
WarcBreak* WarcRecordReader::Overlapping(uint64_t begin, uint64_t end) {
  for (WarcBreak& b : stream_.breaks()) {
    if (b.damaged_begin < end && begin < b.end && b.damaged_begin < b.end) return &b;
  }
  return nullptr;
}

// Quarantines, each on its own, the breaks ending at or before `upto` that no record took.
void WarcRecordReader::EmitBreaks(RecordBatch* batch, uint64_t upto) {
  auto& breaks = stream_.breaks();
  while (!breaks.empty() && breaks.front().end <= upto) {
    const WarcBreak& b = breaks.front();
    if (!b.attributed) {
      RecordRef& ref = NewRef(batch, b.end, {});
      ref.file_offset = b.file_offset;
      ref.status = RecordStatus::kDamaged;
      ref.error = "input '" + path_ + "': " + b.message + "; the WARC records in it are lost, " +
                  "reading went on after it. Check the file with gzip -t and fetch it again.";
    }
    breaks.pop_front();
  }
}

// The next "WARC/1." at or after `from` that begins a line or a gzip member; BufEnd() at the end
// of the stream. Window bytes before the scan are dropped as it goes.
uint64_t WarcRecordReader::FindRecordStart(uint64_t from) {
  uint64_t p = from;
  while (true) {
    bool more = Ensure(p + kChunkBytes);
    std::string_view window = View(p, BufEnd());
    for (size_t i = window.find(kVersionPrefix); i != std::string_view::npos;
         i = window.find(kVersionPrefix, i + 1)) {
      uint64_t h = p + i;
      if (h == 0 || (h > buf_base_ && buf_[h - 1 - buf_base_] == '\n') ||
          stream_.MemberStartsAt(h)) {
        return h;
      }
    }
    if (!more && BufEnd() < p + kChunkBytes) return BufEnd();
    p = std::max(p, BufEnd() - (kVersionPrefix.size() - 1));
    Compact(p - 1);
  }
}

// Quarantines the record at `start` as damaged (`what` says why), then goes on at the next
// record start at or after `resync_from`.
void WarcRecordReader::Damage(RecordBatch* batch, uint64_t start, std::string what,
                              uint64_t resync_from) {
  const size_t index = batch->records.size();
  NewRef(batch, start, View(start, start + prefix_bytes_));
  uint64_t resume = FindRecordStart(std::max(resync_from, start + 1));
  RecordRef& ref = batch->records[index];
  if (ref.length > resume - start) {
    ref.length = resume - start;
    batch->data.resize(ref.begin + ref.length);
  }
  ref.full_length = resume - start;
  ref.status = RecordStatus::kDamaged;
  for (WarcBreak* b = Overlapping(start, resume); b != nullptr; b = Overlapping(start, resume)) {
    b->attributed = true;
    b->damaged_begin = b->end;  // blamed: it no longer meets later records
    what += "; " + b->message;
  }
  ref.error =
      "input '" + path_ + "': the WARC record at " + Where(start) + " is damaged: " + what +
      (resume < BufEnd() ? "; reading went on at the next record, at decompressed byte offset " +
                               std::to_string(resume)
                         : "; no record follows it") +
      ".";
  pos_ = resume;
}

// Where the next record may begin after a block ending at `block_end`: past the blank line
// "\r\n\r\n"; or past a sloppier CR/LF run some writers leave, when what follows is the end of
// the stream, a gzip member start or another record. 0 if the block is not followed by a record end.
uint64_t WarcRecordReader::TrailerEnd(uint64_t block_end) {
  Ensure(block_end + 4 + kVersionPrefix.size() + 1);
  if (View(block_end, block_end + 4) == "\r\n\r\n") return block_end + 4;
  uint64_t i = block_end;
  while (i < block_end + 4 && i < BufEnd() &&
         (buf_[i - buf_base_] == '\r' || buf_[i - buf_base_] == '\n'))
    ++i;
  if (i == BufEnd() || stream_.MemberStartsAt(i) ||
      View(i, i + kVersionPrefix.size()) == kVersionPrefix) {
    return i;
  }
  return 0;
}

// Reads past the block of a too-long record up to `record_end`. False if the stream ends or gzip
// damage is found first (*damage_at: where reading stopped).
bool WarcRecordReader::SkipLongBlock(uint64_t record_end, uint64_t* damage_at) {
  uint64_t p = BufEnd();
  while (p < record_end) {
    Compact(p);
    bool more = Ensure(std::min(record_end, p + kChunkBytes));
    p = std::min(BufEnd(), record_end);
    if (Overlapping(pos_, p) != nullptr || (!more && p < record_end)) {
      *damage_at = p;
      return false;
    }
  }
  return true;
}

void WarcRecordReader::Step(RecordBatch* batch) {
  EmitBreaks(batch, pos_);
  Compact(pos_ > 0 ? pos_ - 1 : 0);
  // Blank lines between records are tolerated.
  while (Ensure(pos_ + 1) && (buf_[pos_ - buf_base_] == '\r' || buf_[pos_ - buf_base_] == '\n'))
    ++pos_;
  if (!Ensure(pos_ + 1)) {
    EmitBreaks(batch, UINT64_MAX);
    done_ = true;
    return;
  }
  const uint64_t start = pos_;
  Ensure(start + kMaxWarcHeaderBytes);
  WarcHeader h;
  std::string error;
  if (View(start, start + kVersionPrefix.size()) != kVersionPrefix) {
    return Damage(batch, start, "no WARC record begins there", start + 1);
  }
  if (!ParseWarcHeader(View(start, BufEnd()), &h, &error))
    return Damage(batch, start, error, start + 1);
  const uint64_t block_begin = start + h.header_bytes;
  if (h.content_length > UINT64_MAX / 2) {
    return Damage(batch, start, "Content-Length " + std::to_string(h.content_length) + " is absurd",
                  block_begin);
  }
  const uint64_t record_end = block_begin + h.content_length;
  const bool too_long = h.header_bytes + h.content_length > options_.max_record_bytes;
  if (!too_long) Ensure(record_end + 1);
  WarcPayload payload = ClassifyWarcRecord(h, View(block_begin, record_end), &skip_kind_);
  if (too_long) {
    std::string held(View(start, start + prefix_bytes_));
    uint64_t damage_at = 0;
    if (!SkipLongBlock(record_end, &damage_at)) {
      return Damage(batch, start,
                    "its Content-Length (" + std::to_string(h.content_length) +
                        ") runs past the end of the file or into damaged data",
                    damage_at);
    }
    uint64_t next = TrailerEnd(record_end);
    if (next == 0) return Damage(batch, start, "no record end follows its block", record_end);
    pos_ = next;
    if (payload == WarcPayload::kSkip) {
      ++counters_.skipped_records[skip_kind_];
      return;
    }
    RecordRef& ref = NewRef(batch, start, held);
    ref.full_length = record_end - start;
    ref.status = RecordStatus::kTooLong;
    ref.error = "input '" + path_ + "': the WARC record at " + Where(start) + " is " +
                std::to_string(ref.full_length) + " bytes, more than the limit of " +
                std::to_string(options_.max_record_bytes) + " bytes; only its first " +
                std::to_string(held.size()) +
                " bytes were kept. Raise the record size limit to read it.";
    return;
  }
  if (BufEnd() < record_end) {
    return Damage(batch, start,
                  "its Content-Length (" + std::to_string(h.content_length) +
                      ") runs past the end of the file (" + std::to_string(BufEnd() - block_begin) +
                      " bytes follow its header)",
                  block_begin);
  }
  uint64_t next = TrailerEnd(record_end);
  // Damage in the member(s) holding the record, its end included, makes the record damaged.
  if (Overlapping(start, std::max(next, record_end)) != nullptr) {
    return Damage(batch, start, "its gzip data is damaged", record_end);
  }
  if (next == 0) {
    return Damage(batch, start,
                  "no record end follows its block: its Content-Length (" +
                      std::to_string(h.content_length) + ") does not fit the data",
                  block_begin);
  }
  pos_ = next;
  if (payload == WarcPayload::kSkip) {
    ++counters_.skipped_records[skip_kind_];
    return;
  }
  NewRef(batch, start, View(start, record_end));
}

}  // namespace

std::unique_ptr<RecordReader> NewWarcRecordReader(std::string path, const ReaderOptions& options,
                                                  ScopedFd fd, bool gzip) {
  return std::make_unique<WarcRecordReader>(std::move(path), options, std::move(fd), gzip);
}

}  // namespace saring::io_internal
