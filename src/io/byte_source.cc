// Decompression with zlib's inflate (windowBits 15 + 32: gzip or zlib header, detected) and
// zstd's streaming decoder. Both decoders are driven by the same loop shape: refill the input block
// when it is empty, decode into the caller's buffer, and at end of file decide whether the stream
// ended cleanly (between gzip members / zstd frames) or was cut short.
#include "io/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace saring::io_internal {
namespace {

constexpr size_t kInputBlockBytes = 1 << 20;

class FdRawInput final : public RawInput {
 public:
  explicit FdRawInput(ScopedFd fd) : fd_(std::move(fd)) {}
  long Read(char* out, size_t capacity, int* err) override {
    long n = ReadSome(fd_.get(), out, capacity);
    if (n < 0) *err = errno;
    return n;
  }

 private:
  ScopedFd fd_;
};

}  // namespace

std::unique_ptr<RawInput> NewFdRawInput(ScopedFd fd) {
  return std::make_unique<FdRawInput>(std::move(fd));
}

ByteSource::ByteSource(std::unique_ptr<RawInput> raw)
    : raw_(std::move(raw)), in_(new char[kInputBlockBytes]) {}

ByteSource::~ByteSource() {
  if (zs_ready_) inflateEnd(&zs_);
  ZSTD_freeDCtx(zstd_);
}

void ByteSource::Fail(std::string what) {
  error_ = std::move(what);
  done_ = true;
}

bool ByteSource::RefillInput() {
  in_pos_ = 0;
  in_end_ = 0;
  int err = 0;
  long n = raw_->Read(in_.get(), kInputBlockBytes, &err);
  if (n < 0) {
    Fail("read failed at compressed byte offset " + std::to_string(raw_read_) + " (" +
         ErrnoText(err) + ")");
    return false;
  }
  if (n == 0) raw_eof_ = true;
  in_end_ = static_cast<size_t>(n);
  raw_read_ += static_cast<uint64_t>(n);
  return true;
}

// Reads until 4 bytes are buffered (or the file ends) and picks the decoder from them.
void ByteSource::Detect() {
  detected_ = true;
  while (in_end_ < 4 && !raw_eof_) {
    int err = 0;
    long n = raw_->Read(in_.get() + in_end_, kInputBlockBytes - in_end_, &err);
    if (n < 0) {
      Fail("read failed at compressed byte offset " + std::to_string(raw_read_) + " (" +
           ErrnoText(err) + ")");
      return;
    }
    if (n == 0) raw_eof_ = true;
    in_end_ += static_cast<size_t>(n);
    raw_read_ += static_cast<uint64_t>(n);
  }
  const auto* b = reinterpret_cast<const unsigned char*>(in_.get());
  // zstd frames start with 28 b5 2f fd; skippable frames with 5? 2a 4d 18.
  bool zstd =
      in_end_ >= 4 && ((b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) ||
                       ((b[0] & 0xf0) == 0x50 && b[1] == 0x2a && b[2] == 0x4d && b[3] == 0x18));
  if (in_end_ >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
    compression_ = Compression::kGzip;
    // 15 + 16: gzip only; a zlib stream after a member is corruption, not another member.
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) return Fail("cannot initialise zlib (out of memory)");
    zs_ready_ = true;
    member_open_ = true;
  } else if (zstd) {
    compression_ = Compression::kZstd;
    zstd_ = ZSTD_createDCtx();
    if (zstd_ == nullptr) return Fail("cannot initialise zstd (out of memory)");
    frame_open_ = true;
  }
}

size_t ByteSource::Read(char* out, size_t capacity) {
  if (!detected_) Detect();
  if (done_ || capacity == 0) return 0;
  switch (compression_) {
    case Compression::kNone: return ReadPlain(out, capacity);
    case Compression::kGzip: return ReadGzip(out, capacity);
    case Compression::kZstd: return ReadZstd(out, capacity);
  }
  return 0;
}

size_t ByteSource::ReadPlain(char* out, size_t capacity) {
  if (in_pos_ < in_end_) {  // bytes buffered by Detect()
    size_t n = std::min(capacity, in_end_ - in_pos_);
    std::memcpy(out, in_.get() + in_pos_, n);
    in_pos_ += n;
    return n;
  }
  size_t produced = 0;
  while (produced < capacity && !raw_eof_) {  // read straight into the caller's block
    int err = 0;
    long n = raw_->Read(out + produced, capacity - produced, &err);
    if (n < 0) {
      Fail("read failed at byte offset " + std::to_string(raw_read_) + " (" + ErrnoText(err) + ")");
      break;
    }
    if (n == 0) raw_eof_ = true;
    produced += static_cast<size_t>(n);
    raw_read_ += static_cast<uint64_t>(n);
  }
  if (produced == 0) done_ = true;
  return produced;
}

size_t ByteSource::ReadGzip(char* out, size_t capacity) {
  zs_.next_out = reinterpret_cast<Bytef*>(out);
  zs_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
  const uInt out_size = zs_.avail_out;
  while (zs_.avail_out > 0) {
    if (in_pos_ == in_end_ && !raw_eof_ && !RefillInput()) break;
    if (in_pos_ == in_end_ && raw_eof_ && !member_open_) {
      done_ = true;  // clean end between members
      break;
    }
    if (need_reset_) {  // another member follows the one that ended
      inflateReset(&zs_);
      need_reset_ = false;
      member_open_ = true;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(in_.get() + in_pos_);
    zs_.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    in_pos_ = in_end_ - zs_.avail_in;
    if (rc == Z_STREAM_END) {
      member_open_ = false;
      need_reset_ = true;
    } else if (rc == Z_BUF_ERROR && in_pos_ == in_end_ && raw_eof_) {
      Fail("gzip data is truncated at compressed byte offset " + std::to_string(ConsumedOffset()));
      break;
    } else if (rc == Z_BUF_ERROR && in_pos_ < in_end_) {  // cannot happen; never spin on it
      Fail("zlib made no progress at compressed byte offset " + std::to_string(ConsumedOffset()));
      break;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      Fail("gzip data is corrupt near compressed byte offset " + std::to_string(ConsumedOffset()) +
           " (zlib: " + (zs_.msg != nullptr ? zs_.msg : "error " + std::to_string(rc)) + ")");
      break;
    }
  }
  return out_size - zs_.avail_out;
}

// zstd reports nothing of a call that fails (not even the blocks it decoded before the bad one),
// so the output is offered in steps of one block: a corrupt block then costs only itself.
size_t ByteSource::ReadZstd(char* out, size_t capacity) {
  ZSTD_outBuffer ob{out, 0, 0};
  while (ob.pos < capacity) {
    ob.size = std::min(capacity, ob.pos + ZSTD_BLOCKSIZE_MAX);
    if (in_pos_ == in_end_ && !raw_eof_ && !RefillInput()) break;
    if (in_pos_ == in_end_ && raw_eof_ && !frame_open_) {
      done_ = true;  // clean end between frames
      break;
    }
    // Offer no more input than zstd asked for: it decodes a block ahead of what it hands out,
    // and a block decoded ahead is lost with the call that then fails on a corrupt one.
    constexpr size_t kFrameHeaderMax = 18;  // ZSTD_FRAMEHEADERSIZE_MAX of the zstd format
    size_t hint = zstd_hint_ ? zstd_hint_ : kFrameHeaderMax;
    ZSTD_inBuffer ib{in_.get() + in_pos_, std::min(in_end_ - in_pos_, hint), 0};
    size_t out_before = ob.pos;
    size_t rc = ZSTD_decompressStream(zstd_, &ob, &ib);
    in_pos_ += ib.pos;
    if (ZSTD_isError(rc)) {
      Fail("zstd data is corrupt near compressed byte offset " + std::to_string(ConsumedOffset()) +
           " (zstd: " + ZSTD_getErrorName(rc) + ")");
      break;
    }
    frame_open_ = rc != 0;
    zstd_hint_ = rc;
    bool stalled = ib.pos == 0 && ob.pos == out_before;
    if (stalled && in_pos_ == in_end_ && raw_eof_) {  // frame_open_ here, else we broke above
      Fail("zstd data is truncated at compressed byte offset " + std::to_string(ConsumedOffset()));
      break;
    }
  }
  return ob.pos;
}

}  // namespace saring::io_internal
