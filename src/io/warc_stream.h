// WarcStream: the decompressed bytes of a WARC file, plain or gzip, that survives damage.
//
// A gzip WARC is a series of members (usually one per record). Members are decoded one after
// another; when one is corrupt or truncated, or bytes between members are not a member, the
// stream records a break and goes on at the next gzip member header found in the file, so the
// records after the damage are still read. The reader attributes each break to the record(s)
// whose bytes it damaged (warc_record_reader.cc).
//
// Private to src/io. Not thread-safe.
#ifndef SARING_IO_WARC_STREAM_H_
#define SARING_IO_WARC_STREAM_H_

#include <zlib.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "io/posix_io.h"

namespace saring::io_internal {

// Damage found in the stream. Decompressed bytes in [damaged_begin, end) came from a member that
// then broke; the bytes from `end` on come from the next good member.
struct WarcBreak {
  uint64_t damaged_begin = 0;
  uint64_t end = 0;
  uint64_t file_offset = 0;  // where the damage is in the file (the member's offset)
  std::string message;       // what broke, for a person
  bool attributed = false;   // the reader blamed it on a record already
};

class WarcStream {
 public:
  // `gzip`: decode members (the file begins with 1f 8b); else the bytes pass through.
  WarcStream(ScopedFd fd, bool gzip);
  WarcStream(const WarcStream&) = delete;
  WarcStream& operator=(const WarcStream&) = delete;
  ~WarcStream();

  // Appends up to `max` decompressed bytes to *out. Returns the count; 0 only at the end.
  size_t Read(std::string* out, size_t max);

  // File offset of the gzip member holding decompressed offset `pos` (the offset itself when not
  // compressed). REQUIRES: pos not before the last Forget().
  uint64_t FileOffsetOf(uint64_t pos) const;
  // True if a gzip member begins at decompressed offset `pos`.
  bool MemberStartsAt(uint64_t pos) const;
  // Damage found so far and not yet forgotten, in stream order.
  std::deque<WarcBreak>& breaks() { return breaks_; }
  // Drops what is known about bytes before `pos` (member starts; breaks ending before it).
  void Forget(uint64_t pos);

  bool gzip() const { return gzip_; }
  uint64_t file_bytes_consumed() const { return in_file_offset_ + in_pos_; }
  uint64_t decompressed_bytes() const { return out_total_; }

 private:
  size_t ReadPlain(std::string* out, size_t max);
  bool Refill(size_t want);  // false at end of file (or a read error: *read_error_ set)
  void Break(uint64_t damaged_begin, uint64_t file_offset, std::string message);
  void Resync(uint64_t from);  // moves the input to the next gzip header at or after `from`
  uint64_t Offset() const { return in_file_offset_ + in_pos_; }

  ScopedFd fd_;
  const bool gzip_;
  std::unique_ptr<char[]> in_;
  size_t in_pos_ = 0, in_end_ = 0;
  uint64_t in_file_offset_ = 0;  // file offset of in_[0]
  bool eof_ = false;
  std::string read_error_;
  uint64_t out_total_ = 0;

  z_stream zs_{};
  bool in_member_ = false;
  uint64_t member_file_offset_ = 0;
  uint64_t member_out_begin_ = 0;
  struct MemberStart {
    uint64_t out_offset, file_offset;
  };
  std::deque<MemberStart> members_;
  std::deque<WarcBreak> breaks_;
};

}  // namespace saring::io_internal

#endif  // SARING_IO_WARC_STREAM_H_
