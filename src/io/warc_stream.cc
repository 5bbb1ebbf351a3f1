// WarcStream (warc_stream.h). Reads with pread(2) at explicit offsets, so that a resync can go
// back to just after the start of a damaged member: a corrupt member may have been decoded past
// its true end before zlib noticed.
#include "io/warc_stream.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace saring::io_internal {
namespace {

constexpr size_t kInputBytes = 1 << 20;

bool IsGzipHeader(const char* p) {
  return static_cast<uint8_t>(p[0]) == 0x1f && static_cast<uint8_t>(p[1]) == 0x8b && p[2] == 8;
}

}  // namespace

WarcStream::WarcStream(ScopedFd fd, bool gzip)
    : fd_(std::move(fd)), gzip_(gzip), in_(new char[kInputBytes]) {
  if (gzip_) inflateInit2(&zs_, 15 + 16);
}

WarcStream::~WarcStream() {
  if (gzip_) inflateEnd(&zs_);
}

bool WarcStream::Refill(size_t want) {
  if (in_end_ - in_pos_ >= want) return true;
  std::memmove(in_.get(), in_.get() + in_pos_, in_end_ - in_pos_);
  in_file_offset_ += in_pos_;
  in_end_ -= in_pos_;
  in_pos_ = 0;
  while (in_end_ < want && !eof_) {
    ssize_t n = ::pread(fd_.get(), in_.get() + in_end_, kInputBytes - in_end_,
                        static_cast<off_t>(in_file_offset_ + in_end_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      read_error_ = "read error at file offset " + std::to_string(in_file_offset_ + in_end_) +
                    " (" + ErrnoText(errno) + ")";
      eof_ = true;
      break;
    }
    if (n == 0) eof_ = true;
    in_end_ += static_cast<size_t>(n);
  }
  return in_end_ >= want;
}

void WarcStream::Break(uint64_t damaged_begin, uint64_t file_offset, std::string message) {
  // Damage right after damage (a false gzip header found while resyncing) adds nothing new.
  if (damaged_begin == out_total_ && !breaks_.empty() && breaks_.back().end == out_total_) return;
  breaks_.push_back(WarcBreak{damaged_begin, out_total_, file_offset, std::move(message), false});
}

void WarcStream::Resync(uint64_t from) {
  in_file_offset_ = from;
  in_pos_ = in_end_ = 0;
  eof_ = false;
  while (Refill(3)) {
    const char* p = in_.get() + in_pos_;
    size_t n = in_end_ - in_pos_ - 2;
    const char* hit = static_cast<const char*>(std::memchr(p, 0x1f, n));
    while (hit != nullptr && !IsGzipHeader(hit)) {
      hit = static_cast<const char*>(std::memchr(hit + 1, 0x1f, n - (hit + 1 - p)));
    }
    if (hit != nullptr) {
      in_pos_ += static_cast<size_t>(hit - p);
      return;
    }
    in_pos_ += n;
  }
  in_pos_ = in_end_;  // no member after the damage: the stream ends
}

size_t WarcStream::ReadPlain(std::string* out, size_t max) {
  if (in_pos_ == in_end_ && !Refill(1)) {
    if (!read_error_.empty()) {
      Break(out_total_, Offset(), read_error_);
      read_error_.clear();
    }
    return 0;
  }
  size_t n = std::min(max, in_end_ - in_pos_);
  out->append(in_.get() + in_pos_, n);
  in_pos_ += n;
  out_total_ += n;
  return n;
}

size_t WarcStream::Read(std::string* out, size_t max) {
  if (!gzip_) return ReadPlain(out, max);
  const size_t start = out->size();
  out->resize(start + max);
  size_t produced = 0;
  // Fills the whole block, across member ends (a record is usually one small member).
  while (produced < max) {
    if (!in_member_) {
      Refill(3);
      if (in_pos_ == in_end_) break;  // the end of the file, between members
      if (in_end_ - in_pos_ < 3 || !IsGzipHeader(in_.get() + in_pos_)) {
        uint64_t at = Offset();
        Break(out_total_, at,
              "the bytes at file offset " + std::to_string(at) + " are not a gzip member");
        Resync(at + 1);
        continue;
      }
      inflateReset(&zs_);
      in_member_ = true;
      member_file_offset_ = Offset();
      member_out_begin_ = out_total_;
      members_.push_back(MemberStart{out_total_, member_file_offset_});
    }
    if (in_pos_ == in_end_ && !Refill(1)) {
      in_member_ = false;  // the loop then ends: no input is left
      Break(member_out_begin_, member_file_offset_,
            read_error_.empty()
                ? "the gzip member at file offset " + std::to_string(member_file_offset_) +
                      " is truncated: the file ends inside it"
                : "the gzip member at file offset " + std::to_string(member_file_offset_) +
                      " cannot be read: " + read_error_);
      in_pos_ = in_end_;
      eof_ = true;
      continue;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(in_.get() + in_pos_);
    zs_.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    zs_.next_out = reinterpret_cast<Bytef*>(out->data() + start + produced);
    zs_.avail_out = static_cast<uInt>(max - produced);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    in_pos_ = in_end_ - zs_.avail_in;
    size_t got = (max - produced) - zs_.avail_out;
    produced += got;
    out_total_ += got;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      continue;
    }
    if (rc == Z_OK || (rc == Z_BUF_ERROR && zs_.avail_in == 0)) continue;
    Break(member_out_begin_, member_file_offset_,
          "the gzip member at file offset " + std::to_string(member_file_offset_) +
              " is corrupt (zlib: " + (zs_.msg != nullptr ? zs_.msg : "error") + ")");
    in_member_ = false;
    Resync(member_file_offset_ + 1);
  }
  out->resize(start + produced);
  return produced;
}

// members_ is sorted by out_offset (empty members share one): both look-ups are binary searches.
uint64_t WarcStream::FileOffsetOf(uint64_t pos) const {
  if (!gzip_) return pos;
  auto it = std::upper_bound(members_.begin(), members_.end(), pos,
                             [](uint64_t p, const MemberStart& m) { return p < m.out_offset; });
  return it == members_.begin() ? 0 : std::prev(it)->file_offset;
}

bool WarcStream::MemberStartsAt(uint64_t pos) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), pos,
                             [](const MemberStart& m, uint64_t p) { return m.out_offset < p; });
  return it != members_.end() && it->out_offset == pos;
}

void WarcStream::Forget(uint64_t pos) {
  while (members_.size() > 1 && members_[1].out_offset <= pos) members_.pop_front();
}

}  // namespace saring::io_internal
