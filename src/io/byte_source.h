// ByteSource: the decompressed bytes of one file, read in large blocks.
//
// The first bytes decide the format: 1f 8b is gzip (members are decoded one after another until
// the end of the file), 28 b5 2f fd or a skippable-frame magic (5? 2a 4d 18) is zstd (frames one
// after another; skippable frames are skipped), anything else is passed through unchanged. A stream that breaks (truncated or corrupt
// data, a read error) stops the source with a message naming the compressed byte offset.
//
// RawInput is the seam between the source and the operating system, so that tests can inject
// read errors in the middle of a file.
//
// Private to src/io. Not thread-safe.
#ifndef SARING_IO_BYTE_SOURCE_H_
#define SARING_IO_BYTE_SOURCE_H_

#include <zlib.h>
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/posix_io.h"
#include "saring/record_reader.h"

namespace saring::io_internal {

// The raw bytes of a file, in order.
class RawInput {
 public:
  virtual ~RawInput() = default;
  // Reads up to `capacity` bytes into `out`. Returns the count (0 at end of file), or -1 with the
  // errno value in *err.
  virtual long Read(char* out, size_t capacity, int* err) = 0;
};

// A RawInput reading from an open file descriptor, which it owns.
std::unique_ptr<RawInput> NewFdRawInput(ScopedFd fd);

class ByteSource {
 public:
  // REQUIRES: raw != nullptr. Reads nothing yet.
  explicit ByteSource(std::unique_ptr<RawInput> raw);
  ByteSource(const ByteSource&) = delete;  // owns decoder state that cannot be shared
  ByteSource& operator=(const ByteSource&) = delete;
  ~ByteSource();

  // Reads up to `capacity` decompressed bytes into `out`. Returns the count; 0 means the stream
  // is over, either cleanly or because it broke (then failed() is true). Blocks of `capacity`
  // are filled as far as the input allows, except possibly the first.
  size_t Read(char* out, size_t capacity);

  bool failed() const { return !error_.empty(); }
  // What broke and where, e.g. "gzip data is truncated at compressed byte offset 1234".
  const std::string& error() const { return error_; }
  // Valid after the first Read().
  Compression compression() const { return compression_; }
  uint64_t raw_bytes_read() const { return raw_read_; }

 private:
  void Detect();
  bool RefillInput();  // false on a read error; at end of file sets raw_eof_
  size_t ReadPlain(char* out, size_t capacity);
  size_t ReadGzip(char* out, size_t capacity);
  size_t ReadZstd(char* out, size_t capacity);
  uint64_t ConsumedOffset() const { return raw_read_ - (in_end_ - in_pos_); }
  void Fail(std::string what);

  std::unique_ptr<RawInput> raw_;
  std::unique_ptr<char[]> in_;  // compressed input block
  size_t in_pos_ = 0;
  size_t in_end_ = 0;
  uint64_t raw_read_ = 0;
  bool raw_eof_ = false;
  bool detected_ = false;
  bool done_ = false;
  Compression compression_ = Compression::kNone;
  std::string error_;

  z_stream zs_{};
  bool zs_ready_ = false;
  bool member_open_ = false;  // inside a gzip member (its end not yet seen)
  bool need_reset_ = false;   // a member ended; reset before decoding more input
  ZSTD_DCtx* zstd_ = nullptr;
  bool frame_open_ = false;  // inside a zstd frame
  size_t zstd_hint_ = 0;     // input zstd asked for last (0: a frame begins)
};

}  // namespace saring::io_internal

#endif  // SARING_IO_BYTE_SOURCE_H_
