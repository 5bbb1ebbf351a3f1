// The layout of a saring output folder, and the files around the shards.
#ifndef SARING_PIPELINE_OUTPUT_FOLDER_H_
#define SARING_PIPELINE_OUTPUT_FOLDER_H_

#include <string>

#include "pipeline/checkpoint.h"
#include "saring/run.h"
#include "saring/status.h"

namespace saring::pipeline {

enum OutputKind { kOutputKept = 0, kOutputRemoved = 1, kOutputQuarantine = 2 };
inline constexpr const char* kOutputSubdirs[3] = {"kept", "removed", "quarantine"};

// Creates `dir` (and parents) for a new run. An existing folder that already holds saring output
// is refused unless `overwrite`, in which case that output (and only that) is deleted first. A
// non-empty folder without saring output is refused: saring never deletes files it did not write.
Status PrepareOutputFolder(const std::string& dir, bool overwrite);

// Removes, under kept/, removed/ and quarantine/, temporary files and the shards the progress log
// does not list as completed (written after the last checkpoint of an interrupted run).
Status RemoveUnfinishedShards(const std::string& dir, const ProgressLog& progress);

// Writes DIR/run-info.json: tool version, threads, timing and throughput of the run.
Status WriteRunInfo(const RunOptions& options, const RunResult& result);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_OUTPUT_FOLDER_H_
