#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader, for the window size and dictionary id
#include "output_reader/zstd_frames.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace saring::report {

namespace {

// Unmaps the pages wholly inside [begin, end) of a read-only file mapping.
void ReleasePages(const char* begin, const char* end) {
  uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  uintptr_t b = (reinterpret_cast<uintptr_t>(begin) + page - 1) / page * page;
  uintptr_t e = reinterpret_cast<uintptr_t>(end) / page * page;
  if (b < e) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_DONTNEED);
}

constexpr size_t kReleaseBytes = 8 << 20;  // headers walked between two releases

}  // namespace

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

bool MappedFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  void* data = regular
                   ? ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0)
                   : MAP_FAILED;
  ::close(fd);
  if (data == MAP_FAILED) return false;
  data_ = data;
  size_ = static_cast<size_t>(st.st_size);
  return true;
}

FrameBuffers::Buffer::~Buffer() {
  if (data_ != nullptr) ::munmap(data_, capacity_);
}

bool FrameBuffers::Buffer::Reserve(size_t size) {
  if (size <= capacity_) return true;
  constexpr size_t kHugePage = 2 << 20;
  // Grow-only, with some headroom (the frames of a run are about the same size), in whole huge
  // pages.
  size_t capacity = (size + size / 8 + kHugePage - 1) / kHugePage * kHugePage;
  void* data =
      ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) return false;
  ::madvise(data, capacity, MADV_HUGEPAGE);  // a hint: without it, or if refused, plain pages
  if (data_ != nullptr) ::munmap(data_, capacity_);
  data_ = static_cast<char*>(data);
  capacity_ = capacity;
  return true;
}

void MappedFile::Release(size_t begin, size_t end) {
  ReleasePages(static_cast<const char*>(data_) + begin,
               static_cast<const char*>(data_) + std::min(end, size_));
}

void MappedFile::ReadSequentially() {
  if (data_ != nullptr) ::madvise(data_, size_, MADV_SEQUENTIAL);
}

bool SplitZstdFrames(std::string_view file, uint64_t max_content_bytes,
                     std::vector<ZstdFrame>* frames, MappedFile* mapping) {
  frames->clear();
  uint64_t content_offset = 0;
  size_t pos = 0, released = 0;
  while (pos < file.size()) {
    if (mapping != nullptr && pos - released >= kReleaseBytes) {
      mapping->Release(released, pos);
      released = pos;
    }
    const char* p = file.data() + pos;
    size_t avail = file.size() - pos;
    ZSTD_frameHeader header;
    if (ZSTD_getFrameHeader(&header, p, avail) != 0) return false;  // error, or a cut header
    // Walks the block headers: fails on a truncated frame or one running past the file's end.
    size_t size = ZSTD_findFrameCompressedSize(p, avail);
    if (ZSTD_isError(size) || size == 0 || size > avail) return false;
    if (header.frameType == ZSTD_frame) {
      // The stream reader refuses windows above its default limit and knows no dictionaries; a
      // frame it would refuse must be refused here too, so that both read the same records.
      if (header.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN ||
          header.frameContentSize > max_content_bytes ||
          header.windowSize > (uint64_t{1} << ZSTD_WINDOWLOG_LIMIT_DEFAULT) || header.dictID != 0) {
        return false;
      }
      frames->push_back({pos, size, header.frameContentSize, content_offset});
      content_offset += header.frameContentSize;
    }
    pos += size;
  }
  if (mapping != nullptr) mapping->Release(released, file.size());
  return true;
}

FrameDecoder::FrameDecoder(std::string_view file, const std::vector<ZstdFrame>& frames,
                           std::vector<size_t> jobs, FrameBuffers* buffers, bool helper)
    : file_(file), frames_(frames), jobs_(std::move(jobs)), buffers_(*buffers) {
  if (!buffers_.caller_dctx_) buffers_.caller_dctx_.reset(ZSTD_createDCtx());
  if (helper && jobs_.size() > 1) {
    if (!buffers_.helper_dctx_) buffers_.helper_dctx_.reset(ZSTD_createDCtx());
    helper_ = std::thread([this] { HelperLoop(); });
  }
}

FrameDecoder::~FrameDecoder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  helper_cv_.notify_all();
  if (helper_.joinable()) helper_.join();
}

bool FrameDecoder::Decode(size_t job, ZSTD_DCtx* dctx) {
  const ZstdFrame& f = frames_[jobs_[job]];
  FrameBuffers::Buffer& buffer = buffers_.buffers_[job % kSlots];
  if (!buffer.Reserve(static_cast<size_t>(f.content_size) + kPadding)) return false;
  bool ok = dctx != nullptr;
  if (ok) {
    size_t rc =
        ZSTD_decompressDCtx(dctx, buffer.data(), f.content_size, file_.data() + f.offset, f.size);
    ok = !ZSTD_isError(rc) && rc == f.content_size;
  }
  std::memset(buffer.data() + f.content_size, 0, kPadding);
  // The frame's compressed pages are not needed again in this pass: unmap them, so that the
  // mapping of a large shard does not stay resident (they stay in the page cache). Only pages
  // wholly inside the frame, which no other frame's decoding touches.
  ReleasePages(file_.data() + f.offset, file_.data() + f.offset + f.size);
  return ok;
}

void FrameDecoder::HelperLoop() {
  ZSTD_DCtx* dctx = buffers_.helper_dctx_.get();
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Job j may start once job j - kSlots (same slot) was given back.
    helper_cv_.wait(lock, [this] {
      return stop_ || next_claim_ >= jobs_.size() || next_claim_ < released_ + kSlots;
    });
    if (stop_ || next_claim_ >= jobs_.size()) return;
    size_t job = next_claim_++;
    Slot& slot = slots_[job % kSlots];
    slot.job = job;
    slot.state = State::kDecoding;
    lock.unlock();
    bool ok = Decode(job, dctx);
    lock.lock();
    slot.state = ok ? State::kReady : State::kFailed;
    caller_cv_.notify_one();
  }
}

bool FrameDecoder::Next(std::string_view* bytes, size_t* frame, bool* ok) {
  std::unique_lock<std::mutex> lock(mu_);
  if (next_out_ > 0) {  // the previous job's slot is free again
    released_ = next_out_;
    slots_[(next_out_ - 1) % kSlots].state = State::kFree;
    helper_cv_.notify_one();
  }
  if (next_out_ >= jobs_.size()) return false;
  size_t job = next_out_++;
  Slot& slot = slots_[job % kSlots];
  auto done = [&] {
    return slot.job == job && (slot.state == State::kReady || slot.state == State::kFailed);
  };
  // Rather than wait, decode the job here if nobody started it, or else a later one whose slot
  // is free, so that both threads stay busy whichever of decoding and reading is the slower.
  while (!done()) {
    if (next_claim_ < jobs_.size() && next_claim_ < released_ + kSlots) {
      size_t claimed = next_claim_++;
      Slot& s = slots_[claimed % kSlots];
      s.job = claimed;
      s.state = State::kDecoding;
      lock.unlock();
      bool decoded = Decode(claimed, buffers_.caller_dctx_.get());
      lock.lock();
      s.state = decoded ? State::kReady : State::kFailed;
    } else {
      caller_cv_.wait(lock);
    }
  }
  *frame = jobs_[job];
  *ok = slot.state == State::kReady;
  *bytes = *ok ? std::string_view(buffers_.buffers_[job % kSlots].data(),
                                  frames_[jobs_[job]].content_size)
               : std::string_view();
  return true;
}

}  // namespace saring::report
