// CompressFrame and ShardWriter. A shard's bytes go to "<name>.tmp"; closing a shard is
// fsync(file), close, rename to the final name, fsync(directory), in that order, so that the
// final name only ever points at complete, durable data.
#include "saring/shard_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <utility>

#include "io/parquet/parquet_shard.h"
#include "io/posix_io.h"
#include "saring/file_util.h"

namespace saring {
namespace {

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* cctx) const { ZSTD_freeCCtx(cctx); }
};

// One context per thread, reused: creating a context costs far more than a small frame.
ZSTD_CCtx* ThreadCCtx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  return cctx.get();
}

Status ZstdError(const char* what, size_t rc) {
  return Status::Internal(std::string("zstd ") + what + ": " + ZSTD_getErrorName(rc));
}

std::string ShardName(const std::string& prefix, size_t index, bool parquet) {
  char number[24];
  std::snprintf(number, sizeof(number), "%05zu", index);
  return prefix + "-" + number + (parquet ? ".parquet" : ".jsonl.zst");
}

}  // namespace

Status CompressFrame(std::string_view jsonl, int level, std::string* out) {
  SARING_DCHECK(jsonl.empty() || jsonl.back() == '\n');
  return CompressZstd(jsonl, level, out);
}

Status CompressZstd(std::string_view jsonl, int level, std::string* out) {
  if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
    return Status::InvalidArgument("zstd level " + std::to_string(level) + " is outside [" +
                                   std::to_string(ZSTD_minCLevel()) + ", " +
                                   std::to_string(ZSTD_maxCLevel()) + "]");
  }
  ZSTD_CCtx* cctx = ThreadCCtx();
  if (cctx == nullptr) return Status::Internal("cannot create a zstd context (out of memory)");
  // Reset every parameter so that the frame depends only on (jsonl, level).
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  size_t rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  if (ZSTD_isError(rc)) return ZstdError("parameter", rc);
  // Compressed into a per-thread buffer and appended: growing *out to the bound first would
  // zero-fill about as many bytes as the input holds, three times what the frame needs.
  thread_local std::unique_ptr<char[]> buffer;
  thread_local size_t capacity = 0;
  const size_t bound = ZSTD_compressBound(jsonl.size());
  if (capacity < bound) {
    buffer.reset(new char[bound]);
    capacity = bound;
  }
  rc = ZSTD_compress2(cctx, buffer.get(), capacity, jsonl.data(), jsonl.size());
  if (ZSTD_isError(rc)) return ZstdError("compression", rc);
  out->append(buffer.get(), rc);
  return Status::Ok();
}

ShardWriter::ShardWriter(std::string dir, const ShardWriterOptions& options)
    : dir_(std::move(dir)), options_(options) {}

ShardWriter::~ShardWriter() {
  if (fd_ >= 0) {  // abandoned without Finish(): leave no partial shard behind
    ::close(fd_);
    ::unlink(tmp_path_.c_str());
  }
}

Result<std::unique_ptr<ShardWriter>> ShardWriter::Open(const std::string& dir,
                                                       const ShardWriterOptions& options) {
  SARING_RETURN_IF_ERROR(CreateDirectories(dir));
  return std::unique_ptr<ShardWriter>(new ShardWriter(dir, options));
}

Status ShardWriter::OpenShard() {
  const bool parquet = !options_.parquet_columns.empty();
  current_ = ShardInfo{
      dir_ + "/" + ShardName(options_.prefix, options_.first_index + shards_.size(), parquet), 0,
      0};
  writeback_from_ = 0;
  tmp_path_ = current_.path + ".tmp";
  // A stale .tmp from a crashed run is replaced; O_EXCL after unlink never follows a symlink.
  ::unlink(tmp_path_.c_str());
  fd_ = ::open(tmp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) return io_internal::ErrnoStatus(errno, "cannot create shard", tmp_path_);
  if (!parquet) return Status::Ok();
  footer_ = std::make_unique<parquet::ShardFooter>(options_.parquet_columns);
  return WriteBytes(std::string_view(parquet::kMagic, 4));
}

Status ShardWriter::WriteBytes(std::string_view bytes) {
  SARING_RETURN_IF_ERROR(io_internal::WriteAll(fd_, bytes, tmp_path_));
  current_.bytes += bytes.size();
  return Status::Ok();
}

Status ShardWriter::CloseShard() {
  Status status;
  if (footer_) {
    std::string footer;
    footer_->Encode(&footer);
    footer_.reset();
    status = WriteBytes(footer);
  }
  io_internal::ScopedFd fd(std::exchange(fd_, -1));
  if (options_.fsync && status.ok()) status = io_internal::SyncFd(fd.get(), tmp_path_);
  Status closed = fd.Close(tmp_path_);
  if (status.ok()) status = closed;
  if (status.ok()) status = io_internal::RenameFile(tmp_path_, current_.path);
  if (!status.ok()) {
    ::unlink(tmp_path_.c_str());
    return status;
  }
  if (options_.fsync) SARING_RETURN_IF_ERROR(io_internal::SyncParentDirectory(current_.path));
  shard_paths_.push_back(current_.path);
  shards_.push_back(current_);
  return Status::Ok();
}

Status ShardWriter::Append(std::string_view frames, uint64_t records) {
  SARING_DCHECK(!finished_);
  if (!error_.ok()) return error_;
  if (frames.empty() && records == 0) return Status::Ok();
  if (fd_ < 0) error_ = OpenShard();
  std::string_view bytes = frames;
  if (error_.ok() && footer_ && !footer_->Take(frames, current_.bytes, &bytes)) {
    error_ =
        Status::Internal("shard " + tmp_path_ + ": a batch is not an encoded Parquet row group");
  }
  if (error_.ok()) error_ = WriteBytes(bytes);
  if (error_.ok()) {
    current_.records += records;
    if (current_.bytes >= options_.max_shard_bytes) {
      error_ = CloseShard();
    } else {
      StartWriteback();
    }
  }
  return error_;
}

void ShardWriter::StartWriteback() {
  if (!options_.fsync || options_.writeback_bytes == 0) return;
  if (current_.bytes - writeback_from_ < options_.writeback_bytes) return;
#ifdef __linux__
  // Only a hint: it starts the writeback of the range and returns without waiting for it. A
  // failure is left to the fsync at the close, which reports it.
  (void)::sync_file_range(fd_, static_cast<off64_t>(writeback_from_),
                          static_cast<off64_t>(current_.bytes - writeback_from_),
                          SYNC_FILE_RANGE_WRITE);
#endif
  writeback_from_ = current_.bytes;
}

Status ShardWriter::Finish() {
  SARING_DCHECK(!finished_);
  finished_ = true;
  if (!error_.ok()) return error_;
  if (fd_ >= 0) error_ = CloseShard();
  return error_;
}

}  // namespace saring
