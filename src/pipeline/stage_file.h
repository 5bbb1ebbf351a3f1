// The framing of the files that sharded runs pass between processes (sign/, decisions/, ledger/ in
// the stage commands' work folder; docs/formats/stage-files.md): a header naming the kind and
// version, blocks each with its XXH3-64 checksum, and an end mark with the payload's total size,
// so that a file of another kind or version, a flipped byte and a cut-short file are all refused
// with a message naming the file.
//
// Thread-safety: a StageFileReader belongs to one thread; the free functions are pure.
#ifndef SARING_PIPELINE_STAGE_FILE_H_
#define SARING_PIPELINE_STAGE_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

inline constexpr uint32_t kStageFileVersion = 4;
inline constexpr size_t kStageFileHeaderBytes = 16;

// The 16-byte header of a stage file of `kind`.
std::string StageFileHeader(StageFileKind kind);
// Appends one block holding `payload` (not empty).
void AppendStageBlock(std::string_view payload, std::string* out);
// Appends the end mark; `total` is the sum of the blocks' payload sizes.
void AppendStageEnd(uint64_t total, std::string* out);

// Reads the blocks of a stage file in order, one block in memory at a time.
class StageFileReader {
 public:
  StageFileReader(std::string path, StageFileKind kind) : path_(std::move(path)), kind_(kind) {}
  StageFileReader(const StageFileReader&) = delete;
  StageFileReader& operator=(const StageFileReader&) = delete;
  ~StageFileReader();
  // Sets *payload to the next block; false after the end mark. NotFound when the file cannot be
  // opened, Corruption for anything but a complete file of this kind and version.
  Result<bool> Next(std::string* payload);
  const std::string& path() const { return path_; }

 private:
  Status ReadExactly(void* out, size_t n, const char* what);
  Status Corrupt(std::string_view why) const;

  std::string path_;
  StageFileKind kind_;
  int fd_ = -1;
  bool done_ = false;
  uint64_t total_ = 0, offset_ = 0;
};

// Whole records in bytes in memory, or in the blocks of a stage file read one at a time (blocks
// end at record boundaries): the part the record readers (SignRecordReader, DecisionReader) share.
class RecordBlocks {
 public:
  explicit RecordBlocks(const std::string* bytes) : bytes_(bytes) {}
  RecordBlocks(std::string path, StageFileKind kind)
      : file_(std::make_unique<StageFileReader>(std::move(path), kind)) {}
  // Makes sure a record starts at bytes()[at()]; false at the end.
  Result<bool> Fill();
  const std::string& bytes() const { return bytes_ ? *bytes_ : block_; }
  size_t at() const { return at_; }
  void set_at(size_t at) { at_ = at; }
  // The file's path, or null for bytes in memory.
  const std::string* path() const { return file_ ? &file_->path() : nullptr; }

 private:
  const std::string* bytes_ = nullptr;
  std::unique_ptr<StageFileReader> file_;
  std::string block_;
  size_t at_ = 0;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_STAGE_FILE_H_
