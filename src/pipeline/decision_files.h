// The serialised dedup decisions (DedupDecision, distributed.h) of each input, streamed to and from
// decisions stage files (WORK/decisions/IIIII.bin, docs/formats/stage-files.md) a block at a time,
// so that neither the decision step that writes them nor the writing pass that reads them holds a
// whole input's decisions in memory (an MPI rank's inputs: about 32 bytes a document).
//
// Thread-safety: none; each object belongs to one thread.
#ifndef SARING_PIPELINE_DECISION_FILES_H_
#define SARING_PIPELINE_DECISION_FILES_H_

#include <cstdint>
#include <memory>
#include <string>

#include "pipeline/distributed.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

class RecordBlocks;

// Writes one stage file of `kind` block by block to PATH.tmp, renamed to PATH by Finish (a
// reader never sees a partial file under PATH). Blocks must end at record boundaries.
class StageFileAppender {
 public:
  StageFileAppender(std::string path, StageFileKind kind);
  StageFileAppender(const StageFileAppender&) = delete;
  StageFileAppender& operator=(const StageFileAppender&) = delete;
  ~StageFileAppender();
  // Appends `payload` as one block (nothing when it is empty).
  Status Append(std::string_view payload);
  // Writes the end mark, syncs, closes and renames the file into place.
  Status Finish();
  const std::string& path() const { return path_; }

 private:
  Status Write(std::string_view bytes);
  std::string path_;
  StageFileKind kind_;
  int fd_ = -1;
  uint64_t total_ = 0;
};

// Reads the decisions of one input in order, from bytes in memory or from a decisions stage file
// one block in memory at a time.
class DecisionReader {
 public:
  explicit DecisionReader(const std::string* bytes);
  explicit DecisionReader(std::string path);
  DecisionReader(const DecisionReader&) = delete;
  DecisionReader& operator=(const DecisionReader&) = delete;
  ~DecisionReader();
  // Reads the next decision into *d; false at the end. Corruption, naming the file, for
  // malformed bytes or a block that ends inside a decision; NotFound when the file is missing.
  Result<bool> Next(DedupDecision* d);
  // Bytes of decisions read so far.
  uint64_t consumed() const { return consumed_; }
  // Whether every decision was read (reads ahead to the end mark for a file).
  Result<bool> AtEnd();
  // The bytes in memory, or the file's path.
  std::string Name() const;

 private:
  std::unique_ptr<RecordBlocks> blocks_;
  uint64_t consumed_ = 0;
};

// Where the decisions of input `input` of a sharded run live: WORK/decisions/IIIII.bin.
std::string DecisionFilePath(const std::string& work, size_t input);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DECISION_FILES_H_
