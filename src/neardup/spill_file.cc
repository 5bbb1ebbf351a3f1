// SpillFile (POSIX temporary files) and SignatureStore.
#include "neardup/spill_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace saring::neardup_internal {
namespace {

constexpr size_t kWriteBufferBytes = size_t{1} << 20;
// Appends at least this large are written directly instead of copied through the buffer.
constexpr size_t kDirectWriteBytes = size_t{1} << 18;

Status ErrnoStatus(std::string_view action, std::string_view what) {
  return Status::IoError(std::string(action) + " " + std::string(what) + ": " +
                         std::strerror(errno));
}

}  // namespace

Result<SpillFile> SpillFile::Create(const std::string& dir, std::string_view what) {
  if (dir.empty()) {
    return Status::InvalidArgument("no folder for the " + std::string(what) +
                                   " spill file: set work_dir (near_dup.work_dir, run.work_dir)");
  }
  const std::string& base = dir;
  std::string path = base + "/saring-neardup-" + std::string(what) + "-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return ErrnoStatus("cannot create spill file in", base);
  unlink(path.c_str());  // the data lives as long as the descriptor
  return SpillFile(fd, std::string(what) + " spill file in " + base);
}

SpillFile::SpillFile(int fd, std::string what) : fd_(fd), what_(std::move(what)) {
  buffer_.reserve(kWriteBufferBytes);
}

SpillFile::SpillFile(SpillFile&& other) noexcept
    : fd_(other.fd_),
      what_(std::move(other.what_)),
      buffer_(std::move(other.buffer_)),
      size_(other.size_) {
  other.fd_ = -1;
}

SpillFile& SpillFile::operator=(SpillFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    what_ = std::move(other.what_);
    buffer_ = std::move(other.buffer_);
    size_ = other.size_;
    other.fd_ = -1;
  }
  return *this;
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) close(fd_);
}

Status SpillFile::Append(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  size_ += n;
  if (n >= kDirectWriteBytes) {
    SARING_RETURN_IF_ERROR(Flush());
    return WriteAll(p, n);
  }
  while (n > 0) {
    const size_t take = std::min(n, kWriteBufferBytes - buffer_.size());
    buffer_.insert(buffer_.end(), p, p + take);
    p += take;
    n -= take;
    if (buffer_.size() == kWriteBufferBytes) SARING_RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Status SpillFile::Flush() {
  SARING_RETURN_IF_ERROR(WriteAll(buffer_.data(), buffer_.size()));
  buffer_.clear();
  return Status::Ok();
}

Status SpillFile::WriteAll(const char* p, size_t left) {
  while (left > 0) {
    const ssize_t w = write(fd_, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return ErrnoStatus("cannot write", what_);
    p += w;
    left -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

Status SpillFile::ReadAt(uint64_t offset, void* out, size_t n) const {
  char* p = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t r = pread(fd_, p, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ErrnoStatus("cannot read", what_);
    if (r == 0) return Status::IoError("unexpected end of " + what_);
    p += r;
    n -= static_cast<size_t>(r);
    offset += static_cast<uint64_t>(r);
  }
  return Status::Ok();
}

SignatureStore::SignatureStore(uint32_t k, uint64_t ram_limit_bytes, std::string work_dir,
                               const MinHasher* hasher)
    : k_(k), ram_limit_bytes_(ram_limit_bytes), work_dir_(std::move(work_dir)), hasher_(hasher) {
  SARING_DCHECK(hasher == nullptr || hasher->num_perm() == k);
  if (hasher_) sketches_ = std::make_unique<SequenceStore>(ram_limit_bytes_, work_dir_);
}

Status SignatureStore::Append(const uint32_t* signature, std::span<const uint32_t> folds) {
  if (sketches_) {
    ++count_;
    // Fewer than k folds: fewer bytes than the signature, and told apart from it by the size.
    if (!folds.empty() && folds.size() < k_) return sketches_->Append(folds.data(), folds.size());
    return sketches_->Append(signature, k_);
  }
  const size_t bytes = size_t{k_} * sizeof(uint32_t);
  if (file_ == nullptr && (count_ + 1) * bytes > ram_limit_bytes_) SARING_RETURN_IF_ERROR(Spill());
  if (file_ != nullptr) {
    SARING_RETURN_IF_ERROR(file_->Append(signature, bytes));
  } else {
    if (count_ % kPerChunk == 0) {
      chunks_.push_back(std::make_unique_for_overwrite<uint32_t[]>(kPerChunk * k_));
    }
    std::memcpy(chunks_.back().get() + (count_ % kPerChunk) * k_, signature, bytes);
  }
  ++count_;
  return Status::Ok();
}

Status SignatureStore::Spill() {
  SARING_ASSIGN_OR_RETURN(SpillFile file, SpillFile::Create(work_dir_, "signatures"));
  file_ = std::make_unique<SpillFile>(std::move(file));
  for (uint64_t done = 0; done < count_; done += kPerChunk) {
    const uint64_t n = std::min<uint64_t>(kPerChunk, count_ - done);
    SARING_RETURN_IF_ERROR(file_->Append(chunks_[done / kPerChunk].get(), n * k_ * 4));
  }
  chunks_.clear();
  chunks_.shrink_to_fit();
  return Status::Ok();
}

Status SignatureStore::FinishWriting() {
  if (sketches_) return sketches_->FinishWriting();
  return file_ != nullptr ? file_->Flush() : Status::Ok();
}

Result<const uint32_t*> SignatureStore::Get(uint32_t doc, uint32_t* buffer) const {
  SARING_DCHECK(doc < count_);
  if (sketches_) {
    SARING_RETURN_IF_ERROR(sketches_->Get(doc, &values_));
    if (values_.size() == k_) {
      std::copy(values_.begin(), values_.end(), buffer);
    } else {  // folds: a 32-bit value folds to itself (FoldShingleHash)
      folds_.assign(values_.begin(), values_.end());
      hasher_->SignShingles(folds_.data(), folds_.size(), buffer);
    }
    return static_cast<const uint32_t*>(buffer);
  }
  if (file_ == nullptr) return chunks_[doc / kPerChunk].get() + (doc % kPerChunk) * k_;
  const size_t bytes = size_t{k_} * sizeof(uint32_t);
  SARING_RETURN_IF_ERROR(file_->ReadAt(uint64_t{doc} * bytes, buffer, bytes));
  return static_cast<const uint32_t*>(buffer);
}

Status SequenceStore::Append(const uint32_t* values, size_t n) {
  if (file_ == nullptr && (values_ + n) * sizeof(uint32_t) > ram_limit_bytes_) {
    SARING_ASSIGN_OR_RETURN(SpillFile file, SpillFile::Create(work_dir_, "words"));
    file_ = std::make_unique<SpillFile>(std::move(file));
    std::vector<uint32_t> buffer(ChunkedVector<uint32_t>::kChunkSize);
    for (uint64_t done = 0; done < values_; done += buffer.size()) {
      const size_t take = std::min<uint64_t>(buffer.size(), values_ - done);
      ram_.CopyOut(done, take, buffer.data());
      SARING_RETURN_IF_ERROR(file_->Append(buffer.data(), take * sizeof(uint32_t)));
    }
    ram_.clear();
  }
  if (file_ != nullptr) {
    SARING_RETURN_IF_ERROR(file_->Append(values, n * sizeof(uint32_t)));
  } else {
    ram_.append(values, n);
  }
  values_ += n;
  ends_.push_back(values_);
  return Status::Ok();
}

Status SequenceStore::FinishWriting() { return file_ != nullptr ? file_->Flush() : Status::Ok(); }

Status SequenceStore::Get(uint32_t doc, std::vector<uint32_t>* out) const {
  SARING_DCHECK(doc < ends_.size());
  const uint64_t begin = doc == 0 ? 0 : ends_[doc - 1];
  out->resize(ends_[doc] - begin);
  if (out->empty()) return Status::Ok();
  if (file_ == nullptr) {
    ram_.CopyOut(begin, out->size(), out->data());
    return Status::Ok();
  }
  return file_->ReadAt(begin * sizeof(uint32_t), out->data(), out->size() * sizeof(uint32_t));
}

}  // namespace saring::neardup_internal
