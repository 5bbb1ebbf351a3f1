#include "pipeline/decision_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "pipeline/stage_file.h"

namespace saring::pipeline {

StageFileAppender::StageFileAppender(std::string path, StageFileKind kind)
    : path_(std::move(path)), kind_(kind) {}

StageFileAppender::~StageFileAppender() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink((path_ + ".tmp").c_str());
  }
}

Status StageFileAppender::Write(std::string_view bytes) {
  const std::string tmp = path_ + ".tmp";
  if (fd_ < 0) {
    fd_ = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      return Status::IoError(fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
    }
    const std::string header = StageFileHeader(kind_);
    SARING_RETURN_IF_ERROR(Write(header));
  }
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return Status::IoError(fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status StageFileAppender::Append(std::string_view payload) {
  if (payload.empty()) return Status::Ok();
  std::string block;
  block.reserve(payload.size() + 16);
  AppendStageBlock(payload, &block);
  total_ += payload.size();
  return Write(block);
}

Status StageFileAppender::Finish() {
  std::string end;
  AppendStageEnd(total_, &end);
  SARING_RETURN_IF_ERROR(Write(end));
  const std::string tmp = path_ + ".tmp";
  const bool synced = ::fsync(fd_) == 0;
  const bool closed = ::close(fd_) == 0;
  fd_ = -1;
  if (!synced || !closed || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    Status s = Status::IoError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    ::unlink(tmp.c_str());
    return s;
  }
  return Status::Ok();
}

DecisionReader::DecisionReader(const std::string* bytes)
    : blocks_(std::make_unique<RecordBlocks>(bytes)) {}

DecisionReader::DecisionReader(std::string path)
    : blocks_(std::make_unique<RecordBlocks>(std::move(path), StageFileKind::kDecisions)) {}

DecisionReader::~DecisionReader() = default;

std::string DecisionReader::Name() const {
  return blocks_->path() ? *blocks_->path() : "decisions";
}

Result<bool> DecisionReader::Next(DedupDecision* d) {
  SARING_ASSIGN_OR_RETURN(bool more, blocks_->Fill());
  if (!more) return false;
  size_t at = blocks_->at();
  if (!ReadDecision(blocks_->bytes(), &at, d)) {
    return Status::Corruption(
        blocks_->path() == nullptr
            ? std::string("the dedup decisions are garbled")
            : fmt::format("{}: a block ends inside a decision", *blocks_->path()));
  }
  consumed_ += at - blocks_->at();
  blocks_->set_at(at);
  return true;
}

Result<bool> DecisionReader::AtEnd() {
  SARING_ASSIGN_OR_RETURN(bool more, blocks_->Fill());
  return !more;
}

std::string DecisionFilePath(const std::string& work, size_t input) {
  return StageFilePath(work, StageFileKind::kDecisions, input);
}

}  // namespace saring::pipeline
