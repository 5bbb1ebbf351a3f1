// Fuzz target: the JSONL record reader and its gzip / zstd decoding (include/saring/record_reader.h,
// through the private in-memory seam io_internal::NewJsonlRecordReader of src/io/record_readers.h).
//
// Input: a payload, then 21 control bytes at the end (FuzzedDataProvider reads integers from the
// end; the last byte is the mode, and all-zero control bytes mean "no limits, no damage") choosing how the payload becomes the stream the reader sees:
//   mode 0  the payload itself (plain text, or whatever its first bytes make it);
//   mode 1  the payload gzip-compressed, as 1-4 members;
//   mode 2  the payload zstd-compressed, as 1-4 frames, maybe with a skippable frame and checksums;
//   mode 3  a valid gzip header followed by the raw payload (garbage deflate data);
//   mode 4  a zstd frame magic followed by the raw payload (garbage frame);
// then optional damage (truncation, a flipped byte, appended zero bytes or zlib stream), a read pattern (the
// sizes the in-memory RawInput returns per call) and an optional read error at a given offset,
// and small ReaderOptions so that the too-long and batch boundaries are reached.
//
// Properties, always: batches end with kRecordPadding zero bytes; records are in order,
// disjoint, inside the batch, hold no '\n'; kOk records are not blank and within the limit;
// kTooLong records keep min(prefix, limit) bytes of a longer line; a kStreamError record is the
// last one of the stream; line numbers and offsets increase; a batch holds at most batch_bytes +
// max_record_bytes bytes. When the stream is intact: the records are exactly those of a
// reference line splitter written here (BOM, CRLF, blank lines, too-long prefixes), and the
// counters are right. When it is truncated inside a member/frame, has bytes appended, or a read
// fails: it ends with kStreamError, and the records before it are a prefix of the reference.
#include <fuzzer/FuzzedDataProvider.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_gzip.h"
#include "io/record_readers.h"
#include "saring/record_reader.h"

namespace {

using saring::ReaderOptions;
using saring::RecordBatch;
using saring::RecordRef;
using saring::RecordStatus;

constexpr uint64_t kMaxDecompressedBytes = 4 << 20;  // stop following a decompression bomb

struct ExpectedRecord {
  std::string bytes;
  uint64_t line, byte_offset, full_length;
  RecordStatus status;
};

bool IsBlankLine(std::string_view s) {
  return s.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

// The records of `payload` as the header describes them, line by line.
std::vector<ExpectedRecord> ReferenceRecords(std::string_view payload, const ReaderOptions& o,
                                             uint64_t* blank_lines) {
  std::vector<ExpectedRecord> out;
  const uint64_t prefix = std::min(o.too_long_prefix_bytes, o.max_record_bytes);
  size_t pos = payload.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  uint64_t line = 0;
  *blank_lines = 0;
  while (pos < payload.size()) {
    size_t nl = payload.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? payload.size() : nl;
    std::string_view content = payload.substr(pos, end - pos);
    ++line;
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (IsBlankLine(content)) {
      ++*blank_lines;
    } else if (content.size() > o.max_record_bytes) {
      out.push_back({std::string(content.substr(0, prefix)), line, pos, content.size(),
                     RecordStatus::kTooLong});
    } else {
      out.push_back({std::string(content), line, pos, content.size(), RecordStatus::kOk});
    }
    pos = end + 1;
  }
  return out;
}

// Serves `stream` in the sizes of `chunks` (cycled; 0 = all that is asked), failing with EIO
// once `fail_at` bytes have been served.
class MemoryInput final : public saring::io_internal::RawInput {
 public:
  MemoryInput(std::string stream, std::vector<size_t> chunks, uint64_t fail_at)
      : stream_(std::move(stream)), chunks_(std::move(chunks)), fail_at_(fail_at) {}
  long Read(char* out, size_t capacity, int* err) override {
    if (pos_ >= fail_at_) {
      *err = EIO;
      return -1;
    }
    size_t n = std::min<uint64_t>(capacity, stream_.size() - pos_);
    n = std::min<uint64_t>(n, fail_at_ - pos_);
    const size_t chunk = chunks_.empty() ? 0 : chunks_[calls_++ % chunks_.size()];
    if (chunk != 0) n = std::min(n, chunk);
    std::memcpy(out, stream_.data() + pos_, n);
    pos_ += n;
    return static_cast<long>(n);
  }

 private:
  std::string stream_;
  std::vector<size_t> chunks_;
  uint64_t fail_at_;
  size_t pos_ = 0;
  size_t calls_ = 0;
};

using saring_fuzz::GzipMember;

std::string ZlibStream(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  SARING_FUZZ_CHECK(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                              reinterpret_cast<const Bytef*>(data.data()),
                              static_cast<uLong>(data.size()), 6) == Z_OK,
                    "compress2");
  out.resize(size);
  return out;
}

std::string ZstdFrame(std::string_view data, bool checksum) {
  static ZSTD_CCtx* const cctx = ZSTD_createCCtx();
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  SARING_FUZZ_CHECK(!ZSTD_isError(n), "ZSTD_compress2");
  out.resize(n);
  return out;
}

std::string SkippableFrame(uint8_t variant, std::string_view content) {
  std::string out = {static_cast<char>(0x50 | (variant & 0x0F)), 0x2A, 0x4D, 0x18};
  const uint32_t size = static_cast<uint32_t>(content.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(size >> (8 * i)));
  out.append(content);
  return out;
}

// What the fuzzer chose, and what the stream is.
struct Plan {
  uint8_t mode = 0;
  std::string payload, stream;
  // Where members/frames end: {offset in stream, payload bytes decoded up to there}, from {0, 0}.
  std::vector<std::pair<uint64_t, uint64_t>> boundaries;
  uint64_t decoded_bytes = 0;  // payload bytes the stream decodes to (a clean cut shortens it)
  ReaderOptions options;
  std::vector<size_t> chunks;
  uint64_t fail_at = UINT64_MAX;
  uint8_t damage = 0;             // 0 none, 1 truncate, 2 flip, 3 append zeros
  bool truncated_inside = false;  // damage 1 cut inside a member/frame, after the magic
  bool magic_cut = false;         // damage 1 cut the gzip/zstd magic: the stream looks plain
};

// Builds the stream of modes 1 and 2 from `pieces` members/frames; zstd_flags bit 0 adds a
// skippable frame, bit 1 content checksums, bits 4-7 pick the skippable magic.
void Compress(size_t pieces, uint8_t zstd_flags, Plan* p) {
  p->boundaries = {{0, 0}};
  for (size_t k = 0; k < pieces; ++k) {
    const size_t begin = p->payload.size() * k / pieces, end = p->payload.size() * (k + 1) / pieces;
    const std::string_view part = std::string_view(p->payload).substr(begin, end - begin);
    if (p->mode == 1) {
      p->stream += GzipMember(part);
    } else {
      if ((zstd_flags & 1) && k == pieces / 2) {
        p->stream += SkippableFrame(zstd_flags >> 4, part.substr(0, 7));
        p->boundaries.push_back({p->stream.size(), begin});
      }
      p->stream += ZstdFrame(part, (zstd_flags & 2) != 0);
    }
    p->boundaries.push_back({p->stream.size(), end});
  }
}

// Applies damage `kind` at `where` (modulo the stream size); `what` is the flip mask, or for
// appended bytes picks a zlib stream (bit 7) or a count of zero bytes.
void Damage(uint8_t kind, uint16_t where, uint8_t what, Plan* p) {
  p->damage = kind;
  if (p->stream.empty() && p->damage != 3) p->damage = 0;
  if (p->damage == 1) {
    const size_t cut = where % p->stream.size();
    p->stream.resize(cut);
    const size_t magic = p->mode == 1 ? 2 : 4;
    bool on_boundary = false;
    for (const auto& [offset, decoded] : p->boundaries) {
      if (offset != cut) continue;
      on_boundary = true;  // a clean end: the stream decodes to a shorter payload
      p->decoded_bytes = decoded;
    }
    p->truncated_inside = (p->mode == 1 || p->mode == 2) && cut >= magic && !on_boundary;
    p->magic_cut = cut > 0 && cut < magic;
  } else if (p->damage == 2) {
    p->stream[where % p->stream.size()] ^= static_cast<char>(what | 1);
  } else if (p->damage == 3 && (what & 0x80)) {
    // A zlib stream is not a gzip member (finding F3: it used to be decoded as one).
    p->stream += ZlibStream("{\"text\":\"not a gzip member\"}\n");
  } else if (p->damage == 3) {
    p->stream.append(1 + what % 8, '\0');
  }
}

Plan MakePlan(FuzzedDataProvider* fdp) {
  Plan p;
  p.mode = fdp->ConsumeIntegralInRange<uint8_t>(0, 4);
  const uint16_t max_record = fdp->ConsumeIntegral<uint16_t>();
  const uint16_t prefix = fdp->ConsumeIntegral<uint16_t>();
  const uint16_t batch = fdp->ConsumeIntegral<uint16_t>();
  // Zero bytes (as in a short seed) keep the defaults' spirit: no limit is reached.
  p.options.max_record_bytes = max_record == 0 ? 1 << 20 : 1 + max_record % 600;
  p.options.too_long_prefix_bytes = prefix == 0 ? 64 : prefix % 700;
  p.options.batch_bytes = batch == 0 ? 4 << 20 : 1 + batch % 3000;
  const size_t chunk_count = fdp->ConsumeIntegralInRange<size_t>(0, 3);
  for (size_t i = 0; i < 3; ++i) {  // always 3 bytes, so that the layout is fixed
    const uint8_t chunk = fdp->ConsumeIntegral<uint8_t>();
    if (i < chunk_count) p.chunks.push_back(chunk);
  }
  const uint16_t fail = fdp->ConsumeIntegral<uint16_t>();
  const uint8_t flags = fdp->ConsumeIntegral<uint8_t>();  // bit 0: damage, bit 1: read error
  const size_t pieces = fdp->ConsumeIntegralInRange<size_t>(1, 4);
  const uint8_t zstd_flags = fdp->ConsumeIntegral<uint8_t>();
  const uint8_t damage = fdp->ConsumeIntegralInRange<uint8_t>(1, 3);
  const uint16_t where = fdp->ConsumeIntegral<uint16_t>();
  const uint8_t what = fdp->ConsumeIntegral<uint8_t>();
  p.payload = fdp->ConsumeRemainingBytesAsString();
  p.decoded_bytes = p.payload.size();
  if (p.mode == 1 || p.mode == 2) {
    Compress(pieces, zstd_flags, &p);
  } else if (p.mode == 3) {
    p.stream = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + p.payload;
  } else if (p.mode == 4) {
    p.stream = std::string("\x28\xb5\x2f\xfd", 4) + p.payload;
  } else {
    p.stream = p.payload;
  }
  if (flags & 1) Damage(damage, where, what, &p);
  if (flags & 2) p.fail_at = fail % (p.stream.size() + 1);
  return p;
}

// Checks one batch in isolation, and the order against the previous records.
void CheckBatch(const RecordBatch& b, bool more, const ReaderOptions& o, uint64_t* last_line,
                uint64_t* last_offset, bool* ended) {
  SARING_FUZZ_CHECK(more == !b.records.empty(), "NextBatch's result disagrees with the batch");
  SARING_FUZZ_CHECK(b.data.size() >= saring::kRecordPadding, "batch without padding");
  const size_t end = b.data.size() - saring::kRecordPadding;
  for (size_t i = end; i < b.data.size(); ++i)
    SARING_FUZZ_CHECK(b.data[i] == '\0', "padding not zero");
  SARING_FUZZ_CHECK(end <= o.batch_bytes + o.max_record_bytes, "batch larger than its bound");
  const uint64_t prefix = std::min(o.too_long_prefix_bytes, o.max_record_bytes);
  uint64_t prev_end = 0;
  for (size_t i = 0; i < b.records.size(); ++i) {
    const RecordRef& r = b.records[i];
    SARING_FUZZ_CHECK(!*ended, "a record after a kStreamError record");
    SARING_FUZZ_CHECK(r.begin >= prev_end && r.begin + r.length <= end, "record outside the batch");
    prev_end = r.begin + r.length;
    const std::string_view bytes(b.data.data() + r.begin, r.length);
    SARING_FUZZ_CHECK(bytes.find('\n') == std::string_view::npos, "newline inside a record");
    SARING_FUZZ_CHECK(r.line > *last_line && (*last_line == 0 || r.byte_offset > *last_offset),
                      "records out of order");
    *last_line = r.line;
    *last_offset = r.byte_offset;
    if (r.status == RecordStatus::kOk) {
      SARING_FUZZ_CHECK(r.length == r.full_length && r.length <= o.max_record_bytes, "kOk length");
      SARING_FUZZ_CHECK(!IsBlankLine(bytes) && r.error.empty(), "blank or annotated kOk record");
    } else if (r.status == RecordStatus::kTooLong) {
      SARING_FUZZ_CHECK(r.length == prefix && r.full_length > o.max_record_bytes,
                        "kTooLong length");
      SARING_FUZZ_CHECK(!r.error.empty(), "kTooLong without a message");
    } else {
      SARING_FUZZ_CHECK(i + 1 == b.records.size() && !r.error.empty(), "kStreamError placement");
      *ended = true;
    }
  }
}

bool SameRecord(const ExpectedRecord& e, const RecordBatch& b, const RecordRef& r) {
  return e.status == r.status && e.line == r.line && e.byte_offset == r.byte_offset &&
         e.full_length == r.full_length &&
         e.bytes == std::string_view(b.data.data() + r.begin, r.length);
}

// What the stream must look like to the reader, derived from the plan.
struct Expectation {
  std::string_view decoded;  // the payload, or the part before a clean cut between members/frames
  std::vector<ExpectedRecord> records;
  uint64_t blank_lines = 0;
  bool faithful = false;    // the records are (a prefix of) `records`
  bool must_break = false;  // the stream must end with kStreamError
  bool intact = false;      // all of `records`, no kStreamError, exact counters
};

Expectation Expect(const Plan& p) {
  Expectation e;
  e.decoded = std::string_view(p.payload).substr(0, p.decoded_bytes);
  e.records = ReferenceRecords(e.decoded, p.options, &e.blank_lines);
  const auto has = [&](size_t pos, std::string_view magic) {
    return p.stream.size() >= pos + magic.size() && p.stream.compare(pos, magic.size(), magic) == 0;
  };
  const bool magic_free = p.mode != 0 || (!has(0, "\x1f\x8b") && !has(1, "\x2a\x4d\x18") &&
                                          !has(0, "\x28\xb5\x2f\xfd"));
  // Damage to a plain stream changes its content; a flipped byte changes what any stream
  // decodes to; a cut magic makes a compressed stream look plain.
  e.faithful =
      magic_free && !p.magic_cut && (p.mode == 0 ? p.damage == 0 : p.mode <= 2 && p.damage != 2);
  const bool failed_read = p.fail_at <= p.stream.size();
  e.must_break = failed_read || p.truncated_inside || (p.damage == 3 && p.mode != 0);
  e.intact =
      e.faithful && (p.damage == 0 || (p.damage == 1 && !p.truncated_inside)) && !failed_read;
  return e;
}

// What the reader produced, summarised while its batches are checked.
struct Outcome {
  bool ended = false;     // a kStreamError record was seen
  size_t matched = 0;     // records compared with Expectation::records, in order
  bool mismatch = false;  // one of them differed (or there were more)
  bool bomb = false;      // stopped early: the stream decodes to too many bytes
};

Outcome Drain(saring::RecordReader* reader, const Plan& p, const Expectation& e) {
  Outcome o;
  RecordBatch batch;
  uint64_t last_line = 0, last_offset = 0;
  bool more = true;
  while (more) {
    saring::Result<bool> next = reader->NextBatch(&batch);
    SARING_FUZZ_CHECK(next.ok(), "NextBatch failed on bad data");
    more = *next;
    CheckBatch(batch, more, p.options, &last_line, &last_offset, &o.ended);
    for (const RecordRef& r : batch.records) {
      if (r.status != RecordStatus::kStreamError) {
        o.mismatch |= o.matched >= e.records.size() || !SameRecord(e.records[o.matched], batch, r);
        ++o.matched;
      } else if (e.faithful) {
        const std::string_view partial(batch.data.data() + r.begin, r.length);
        SARING_FUZZ_CHECK(p.payload.compare(r.byte_offset, r.length, partial) == 0,
                          "the interrupted line is not a prefix of the payload's line");
      }
    }
    o.bomb = reader->counters().decompressed_bytes > kMaxDecompressedBytes;
    if (o.bomb) return o;
  }
  SARING_FUZZ_CHECK(!reader->NextBatch(&batch).value(), "records after the end of the input");
  return o;
}

void CheckCounters(const saring::ReaderCounters& c, const Plan& p, const Expectation& e) {
  SARING_FUZZ_CHECK(c.blank_lines == e.blank_lines, "blank line count");
  SARING_FUZZ_CHECK(c.decompressed_bytes == e.decoded.size(), "decompressed byte count");
  SARING_FUZZ_CHECK(c.compressed_bytes == p.stream.size(), "compressed byte count");
  const saring::Compression want = p.stream.empty() ? saring::Compression::kNone
                                   : p.mode == 1    ? saring::Compression::kGzip
                                   : p.mode == 2    ? saring::Compression::kZstd
                                                    : saring::Compression::kNone;
  SARING_FUZZ_CHECK(c.compression == want, "detected compression");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const Plan p = MakePlan(&fdp);
  const Expectation e = Expect(p);
  auto reader = saring::io_internal::NewJsonlRecordReader(
      "fuzz.jsonl", p.options, std::make_unique<MemoryInput>(p.stream, p.chunks, p.fail_at));
  const Outcome o = Drain(reader.get(), p, e);
  if (o.bomb) return 0;
  if (e.must_break)
    SARING_FUZZ_CHECK(o.ended, "a broken stream ended without a kStreamError record");
  if (e.faithful) SARING_FUZZ_CHECK(!o.mismatch, "records differ from the reference splitter");
  if (e.intact) {
    SARING_FUZZ_CHECK(!o.ended && o.matched == e.records.size(), "an intact stream lost records");
    CheckCounters(reader->counters(), p, e);
  }
  return 0;
}
