#include "pipeline/output_set.h"

#include <fmt/format.h>

#include "pipeline/output_folder.h"
#include "pipeline/parquet_output.h"

namespace saring::pipeline {

std::string ShardPrefix(uint64_t input) { return fmt::format("part-{:05}", input); }

OutputSet::OutputSet(const RunOptions& options, ProgressLog* progress)
    : options_(options), progress_(progress) {
  for (int k = 0; k < 3; ++k) skip_until_[k] = progress_->skip_until(k);
}

bool OutputSet::Done(uint64_t seq) const {
  for (int k = 0; k < 3; ++k) {
    if (static_cast<int64_t>(seq) > skip_until_[k]) return false;
  }
  return true;
}

Status OutputSet::FinishInput() {
  // The last shards of every kind are closed first and recorded together, in one rewrite of
  // progress.txt: each is durable under its final name before the log mentions it.
  bool noted = false;
  for (int k = 0; k < 3; ++k) {
    if (!writers_[k]) continue;
    size_t before = writers_[k]->shards().size();
    SARING_RETURN_IF_ERROR(writers_[k]->Finish());
    if (writers_[k]->shards().size() != before) {
      progress_->Note(k, input_, last_seq_[k]);
      noted = true;
    }
    writers_[k].reset();
  }
  return noted ? progress_->Save() : Status::Ok();
}

Status OutputSet::SwitchTo(uint64_t input) {
  SARING_RETURN_IF_ERROR(FinishInput());
  input_ = static_cast<int64_t>(input);
  for (int k = 0; k < 3; ++k) {
    ShardWriterOptions wo;
    wo.prefix = ShardPrefix(input);
    wo.max_shard_bytes = options_.output.max_shard_bytes;
    wo.fsync = options_.output.fsync;
    wo.first_index = progress_->completed(k, input);
    if (options_.output.parquet) wo.parquet_columns = ParquetOutputColumns(k, options_);
    SARING_ASSIGN_OR_RETURN(writers_[k],
                            ShardWriter::Open(options_.output_dir + "/" + kOutputFolders[k], wo));
  }
  return Status::Ok();
}

Status OutputSet::Append(int kind, uint64_t input, uint64_t seq, std::string_view frames,
                         uint64_t records) {
  if (static_cast<int64_t>(input) != input_) SARING_RETURN_IF_ERROR(SwitchTo(input));
  if (frames.empty() || static_cast<int64_t>(seq) <= skip_until_[kind]) return Status::Ok();
  ShardWriter& w = *writers_[kind];
  size_t before = w.shards().size();
  SARING_RETURN_IF_ERROR(w.Append(frames, records));
  last_seq_[kind] = seq;
  if (w.shards().size() != before) SARING_RETURN_IF_ERROR(progress_->Add(kind, input, seq));
  return Status::Ok();
}

Status OutputSet::Finish() { return FinishInput(); }

}  // namespace saring::pipeline
