#include "pipeline/stage_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <xxhash.h>

#include "pipeline/byte_codec.h"
#include "saring/file_util.h"

namespace saring::pipeline {
namespace {

constexpr char kMagic[4] = {'S', 'R', 'G', 'F'};
// Larger blocks are refused rather than allocated: writers make blocks of a few MiB.
constexpr uint64_t kMaxBlock = uint64_t{1} << 34;

const char* KindTag(StageFileKind kind) {
  switch (kind) {
    case StageFileKind::kSignatures: return "SIGN";
    case StageFileKind::kDecisions: return "DECI";
    case StageFileKind::kLedger: return "LEDG";
    case StageFileKind::kBoilerplateCounts: return "BOIL";
  }
  return "????";
}

}  // namespace

std::string StageFileHeader(StageFileKind kind) {
  std::string out(kMagic, 4);
  out.append(KindTag(kind), 4);
  Put<uint32_t>(&out, kStageFileVersion);
  Put<uint32_t>(&out, 0);
  return out;
}

void AppendStageBlock(std::string_view payload, std::string* out) {
  Put<uint64_t>(out, payload.size());
  out->append(payload);
  Put<uint64_t>(out, XXH3_64bits(payload.data(), payload.size()));
}

void AppendStageEnd(uint64_t total, std::string* out) {
  Put<uint64_t>(out, 0);
  Put<uint64_t>(out, total);
}

Result<bool> RecordBlocks::Fill() {
  while (at_ == bytes().size()) {
    if (bytes_) return false;
    SARING_ASSIGN_OR_RETURN(bool more, file_->Next(&block_));
    at_ = 0;
    if (!more) {
      std::string().swap(block_);
      return false;
    }
  }
  return true;
}

StageFileReader::~StageFileReader() {
  if (fd_ >= 0) ::close(fd_);
}

Status StageFileReader::Corrupt(std::string_view why) const {
  return Status::Corruption(
      fmt::format("{}: {} (byte {}); write it again with the stage that "
                  "makes it",
                  path_, why, offset_));
}

Status StageFileReader::ReadExactly(void* out, size_t n, const char* what) {
  char* dst = static_cast<char*>(out);
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::read(fd_, dst + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      return Status::IoError(fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
    if (got == 0) return Corrupt(fmt::format("the file ends inside {}: it is cut short", what));
    done += static_cast<size_t>(got);
  }
  offset_ += n;
  return Status::Ok();
}

Result<bool> StageFileReader::Next(std::string* payload) {
  if (done_) return false;
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      return Status::NotFound(fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
    char header[kStageFileHeaderBytes];
    SARING_RETURN_IF_ERROR(ReadExactly(header, sizeof(header), "the header"));
    uint32_t version;
    std::memcpy(&version, header + 8, 4);
    if (std::memcmp(header, kMagic, 4) != 0) return Corrupt("not a saring stage file");
    if (std::memcmp(header + 4, KindTag(kind_), 4) != 0) {
      return Corrupt(fmt::format("a stage file of kind {:.4}, not {}", header + 4, KindTag(kind_)));
    }
    if (version != kStageFileVersion) {
      return Corrupt(fmt::format("format version {}; this saring reads version {}", version,
                                 kStageFileVersion));
    }
  }
  uint64_t size;
  SARING_RETURN_IF_ERROR(ReadExactly(&size, sizeof(size), "a block's size"));
  if (size == 0) {
    uint64_t total;
    SARING_RETURN_IF_ERROR(ReadExactly(&total, sizeof(total), "the end mark"));
    if (total != total_) return Corrupt("the end mark's size disagrees with the blocks");
    char extra;
    if (::read(fd_, &extra, 1) != 0) return Corrupt("bytes after the end mark");
    done_ = true;
    return false;
  }
  if (size > kMaxBlock) return Corrupt("a block size past any this saring writes");
  payload->resize(size);
  SARING_RETURN_IF_ERROR(ReadExactly(payload->data(), size, "a block"));
  uint64_t sum;
  SARING_RETURN_IF_ERROR(ReadExactly(&sum, sizeof(sum), "a block's checksum"));
  if (sum != XXH3_64bits(payload->data(), payload->size())) {
    return Corrupt("a block's checksum does not match its bytes");
  }
  total_ += size;
  return true;
}

}  // namespace saring::pipeline

namespace saring {

std::string FrameStageFile(StageFileKind kind, std::string_view payload) {
  std::string out = pipeline::StageFileHeader(kind);
  if (!payload.empty()) pipeline::AppendStageBlock(payload, &out);
  pipeline::AppendStageEnd(payload.size(), &out);
  return out;
}

Result<std::string> ReadStageFile(StageFileKind kind, const std::string& path) {
  pipeline::StageFileReader reader(path, kind);
  std::string all, block;
  while (true) {
    SARING_ASSIGN_OR_RETURN(bool more, reader.Next(&block));
    if (!more) return all;
    all += block;
  }
}

namespace {

Status StageInputMissing(const std::string& path, std::string_view producer, size_t input) {
  return Status::NotFound(
      fmt::format("{} is missing: run {} for input {} first", path, producer, input));
}

}  // namespace

std::string StageFilePath(const std::string& work, StageFileKind kind, size_t input) {
  static constexpr const char* kFolders[] = {"sign", "decisions", "ledger", "learn"};
  return fmt::format("{}/{}/{:05}.bin", work, kFolders[static_cast<uint32_t>(kind)], input);
}

Result<std::string> ReadStageInput(const std::string& work, StageFileKind kind, size_t input,
                                   std::string_view producer) {
  const std::string path = StageFilePath(work, kind, input);
  Result<std::string> bytes = ReadStageFile(kind, path);
  if (bytes.status().code() != StatusCode::kNotFound) return bytes;
  return StageInputMissing(path, producer, input);
}

Status CheckStageInputs(const std::string& work, StageFileKind kind,
                        const std::vector<size_t>& inputs, std::string_view producer) {
  for (size_t input : inputs) {
    const std::string path = StageFilePath(work, kind, input);
    if (::access(path.c_str(), R_OK) != 0) return StageInputMissing(path, producer, input);
  }
  return Status::Ok();
}

Status WriteStageInput(const std::string& work, StageFileKind kind, size_t input,
                       std::string_view payload) {
  const std::string path = StageFilePath(work, kind, input);
  SARING_RETURN_IF_ERROR(CreateDirectories(path.substr(0, path.rfind('/'))));
  return WriteFileAtomically(path, FrameStageFile(kind, payload));
}

}  // namespace saring
