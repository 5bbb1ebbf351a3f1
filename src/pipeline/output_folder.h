// The output folder of a run (OutputFolder) and the files around its shards. Every file name is
// a constant of saring/output_files.h; every file access goes through an Env (util/env.h), so
// that the unit tests can fail any of them.
//
// Thread-safety: none; used by the run's control thread (the progress log also by the sequential
// write stage).
#ifndef SARING_PIPELINE_OUTPUT_FOLDER_H_
#define SARING_PIPELINE_OUTPUT_FOLDER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/checkpoint.h"
#include "saring/output_files.h"
#include "saring/run.h"
#include "saring/status.h"
#include "util/env.h"

namespace saring::pipeline {

enum OutputKind { kOutputKept = 0, kOutputRemoved = 1, kOutputQuarantine = 2 };

// The output folder of one run, from its opening (created, locked, prepared or resumed) to its
// end (Finish). Destroying it without Finish leaves an unfinished run that --resume finishes.
class OutputFolder {
 public:
  // Opens options.output_dir for a run of `inputs`: creates and locks it; then, for a new run,
  // prepares it (PrepareOutputFolder) and writes the manifest, or, with options.resume, checks
  // the manifest, loads the progress log and removes the shards written after its last entry.
  // A resumed run that had already finished is cleaned of its leftovers and reports
  // already_complete(). FailedPrecondition when there is nothing to resume, the run changed or
  // another run holds the folder; IoError naming the file that failed.
  static Result<std::unique_ptr<OutputFolder>> Open(const RunOptions& options,
                                                    const std::vector<InputSpec>& inputs,
                                                    Env* env = Env::Default());
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::string& dir() const { return dir_; }
  // DIR/name.
  std::string Path(std::string_view name) const { return dir_ + "/" + std::string(name); }
  bool already_complete() const { return already_complete_; }
  ProgressLog* progress() { return &progress_; }

  // Ends the run: writes run-info.json, removes the progress log, the lock file and the work
  // folder if the run made it (a failure to remove the work folder becomes a warning of the
  // ledger), then writes stats.json, the mark of a finished run.
  Status Finish(const RunOptions& options, RunResult* result);

 private:
  OutputFolder(Env* env, std::string dir, OutputLock lock)
      : env_(env), dir_(std::move(dir)), lock_(std::move(lock)), progress_(dir_, env) {}
  Status Resume(const std::string& manifest);
  Status RemoveLeftovers();

  Env* env_;
  std::string dir_;
  OutputLock lock_;
  ProgressLog progress_;
  bool already_complete_ = false;
};

// The folder for a run's spill files: options.work_dir, or else FOLDER/work for the run's output
// folder (or the index's "<index>.work" when the run only builds an index). Created if missing;
// *owned tells whether the run made the choice (and removes the folder at its end).
// InvalidArgument when there is neither a work folder nor an output folder.
Result<std::string> WorkFolder(const RunOptions& options, bool* owned, Env* env = Env::Default());

// Creates `dir` (and parents) for a new run. An existing folder that already holds saring output
// is refused unless `overwrite`, in which case that output (and only that) is deleted first. A
// non-empty folder without saring output is refused: saring never deletes files it did not write.
Status PrepareOutputFolder(const std::string& dir, bool overwrite, Env* env = Env::Default());

// Removes, under kept/, removed/ and quarantine/, temporary files and the shards the progress log
// does not list as completed (written after the last checkpoint of an interrupted run).
Status RemoveUnfinishedShards(const std::string& dir, const ProgressLog& progress,
                              Env* env = Env::Default());

// Removes every shard of input `input` under kept/, removed/ and quarantine/ (so that a repeated
// stage rewrites them). IoError naming the file that could not be removed.
Status RemoveInputShards(const std::string& dir, size_t input, Env* env = Env::Default());

// Writes DIR/run-info.json: tool version, threads, timing and throughput of the run.
Status WriteRunInfo(const RunOptions& options, const RunResult& result, Env* env = Env::Default());

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_OUTPUT_FOLDER_H_
