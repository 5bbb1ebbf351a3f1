#include "pipeline/output_folder.h"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "pipeline/json_text.h"
#include "pipeline/output_set.h"

namespace saring::pipeline {
namespace {

// Files and folders a saring run writes at the top of its output folder.
bool IsSaringEntry(const std::string& name) {
  for (const char* sub : kOutputFolders) {
    if (name == sub) return true;
  }
  for (const char* file : {kStatsFile, kRunInfoFile, kReportFile, kManifestFile, kProgressFile,
                           kLockFile, kWorkFolder}) {
    if (name == file) return true;
  }
  return name.ends_with(".tmp");
}

// Removes `path`; a file already gone is fine.
Status RemoveIfPresent(Env* env, const std::string& path) {
  Status s = env->RemoveFile(path);
  return s.code() == StatusCode::kNotFound ? Status::Ok() : s;
}

// Calls remove(name) for each entry of the shard folders of `dir` that exist.
template <class Remove>
Status ForEachShardEntry(Env* env, const std::string& dir, Remove&& remove) {
  for (int k = 0; k < 3; ++k) {
    std::string sub = dir + "/" + kOutputFolders[k];
    SARING_ASSIGN_OR_RETURN(bool exists, PathExists(env, sub));
    if (!exists) continue;
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> names, env->ListDir(sub));
    for (const std::string& name : names) {
      if (remove(k, name)) SARING_RETURN_IF_ERROR(env->RemoveFile(fmt::format("{}/{}", sub, name)));
    }
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------- OutputFolder

Result<std::unique_ptr<OutputFolder>> OutputFolder::Open(const RunOptions& options,
                                                         const std::vector<InputSpec>& inputs,
                                                         Env* env) {
  const std::string& dir = options.output_dir;
  SARING_RETURN_IF_ERROR(CreateDirectories(env, dir));
  SARING_ASSIGN_OR_RETURN(OutputLock lock, OutputLock::Acquire(env, dir));
  std::unique_ptr<OutputFolder> folder(new OutputFolder(env, dir, std::move(lock)));
  SARING_ASSIGN_OR_RETURN(std::string manifest, RunManifest(env, options, inputs));
  if (options.resume) {
    SARING_RETURN_IF_ERROR(folder->Resume(manifest));
  } else {
    SARING_RETURN_IF_ERROR(PrepareOutputFolder(dir, options.overwrite, env));
    SARING_RETURN_IF_ERROR(WriteFileAtomically(env, folder->Path(kManifestFile), manifest));
  }
  return folder;
}

Status OutputFolder::Resume(const std::string& manifest) {
  const std::string manifest_path = Path(kManifestFile);
  Result<std::string> old = env_->ReadFile(manifest_path);
  if (old.status().code() == StatusCode::kNotFound) {
    return Status::FailedPrecondition(
        fmt::format("nothing to resume in {}: it holds no interrupted saring run", dir_));
  }
  if (!old.ok()) return old.status();
  if (*old != manifest) {
    return Status::FailedPrecondition(fmt::format(
        "cannot resume in {}: the configuration, the inputs (size or modification time) or "
        "the saring version changed since the run started ({}); pass --force-restart to "
        "start over",
        dir_, manifest_path));
  }
  SARING_ASSIGN_OR_RETURN(already_complete_, PathExists(env_, Path(kStatsFile)));
  if (already_complete_) return RemoveLeftovers();  // the caller writes report.html if missing
  SARING_ASSIGN_OR_RETURN(progress_, ProgressLog::Load(env_, dir_));
  return RemoveUnfinishedShards(dir_, progress_, env_);
}

// What a run that finished but was stopped before its cleanup may have left.
Status OutputFolder::RemoveLeftovers() {
  SARING_RETURN_IF_ERROR(RemoveIfPresent(env_, Path(kProgressFile)));
  SARING_RETURN_IF_ERROR(RemoveAll(env_, Path(kWorkFolder)));
  return RemoveIfPresent(env_, Path(kLockFile));
}

Status OutputFolder::Finish(const RunOptions& options, RunResult* result) {
  SARING_RETURN_IF_ERROR(WriteRunInfo(options, *result, env_));
  // A finished run needs no checkpoint: the folder then holds the same files whichever way the
  // run was executed (one process, stage commands, MPI ranks).
  SARING_RETURN_IF_ERROR(RemoveIfPresent(env_, Path(kProgressFile)));
  if (Status s = RemoveAll(env_, Path(kWorkFolder)); !s.ok()) {
    result->stats.warnings.push_back({"work_folder_left", s.message()});
  }
  // stats.json, the mark of a finished run, is written last; the lock file goes after it (the
  // lock itself is held until this folder is destroyed).
  SARING_RETURN_IF_ERROR(WriteFileAtomically(env_, Path(kStatsFile), result->stats.ToJson()));
  return RemoveIfPresent(env_, Path(kLockFile));
}

// ---------------------------------------------------------------------------- files

Result<std::string> WorkFolder(const RunOptions& options, bool* owned, Env* env) {
  *owned = options.work_dir.empty();
  std::string dir = options.work_dir;
  if (dir.empty() && !options.output_dir.empty()) dir = options.output_dir + "/" + kWorkFolder;
  if (dir.empty() && !options.build_index.empty()) dir = options.build_index + ".work";
  if (dir.empty()) {
    return Status::InvalidArgument(
        "no folder for spill files: set run.work_dir or give an output folder");
  }
  SARING_RETURN_IF_ERROR(CreateDirectories(env, dir));
  return dir;
}

Status PrepareOutputFolder(const std::string& dir, bool overwrite, Env* env) {
  SARING_ASSIGN_OR_RETURN(bool exists, PathExists(env, dir));
  if (exists) {
    SARING_ASSIGN_OR_RETURN(FileInfo info, env->Stat(dir));
    if (info.type != FileType::kDirectory) {
      return Status::InvalidArgument(fmt::format("output {} exists and is not a folder", dir));
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> names, env->ListDir(dir));
    bool has_output = false, has_other = false;
    for (const std::string& name : names) {
      if (name == kLockFile) continue;
      (IsSaringEntry(name) ? has_output : has_other) = true;
    }
    if (has_other) {
      return Status::FailedPrecondition(fmt::format(
          "output folder {} holds files saring did not write; choose an empty or new folder", dir));
    }
    if (has_output && !overwrite) {
      SARING_ASSIGN_OR_RETURN(bool finished, PathExists(env, dir + "/" + kStatsFile));
      return Status::FailedPrecondition(
          fmt::format("output folder {} already holds a {} saring run; pass {} to replace it", dir,
                      finished ? "finished" : "partial",
                      finished ? "--overwrite" : "--resume to finish it, or --force-restart"));
    }
    for (const std::string& name : names) {
      if (name == kLockFile) continue;  // held by this run
      SARING_RETURN_IF_ERROR(RemoveAll(env, fmt::format("{}/{}", dir, name)));
    }
  }
  SARING_RETURN_IF_ERROR(CreateDirectories(env, dir));
  for (const char* sub : kOutputFolders)
    SARING_RETURN_IF_ERROR(CreateDirectories(env, dir + "/" + sub));
  return Status::Ok();
}

Status RemoveUnfinishedShards(const std::string& dir, const ProgressLog& progress, Env* env) {
  return ForEachShardEntry(env, dir, [&](int kind, const std::string& name) {
    // part-IIIII-NNNNN.jsonl.zst[.tmp]: keep the completed ones only.
    unsigned long long input = 0, n = 0;
    bool numbered = std::sscanf(name.c_str(), "part-%llu-%llu.jsonl.zst", &input, &n) == 2 ||
                    std::sscanf(name.c_str(), "part-%llu-%llu.parquet", &input, &n) == 2;
    return name.ends_with(".tmp") || (numbered && n >= progress.completed(kind, input));
  });
}

Status RemoveInputShards(const std::string& dir, size_t input, Env* env) {
  const std::string prefix = ShardPrefix(input) + "-";
  return ForEachShardEntry(env, dir,
                           [&](int, const std::string& name) { return name.starts_with(prefix); });
}

Status WriteRunInfo(const RunOptions& options, const RunResult& result, Env* env) {
  double mb = result.decoded_bytes / 1e6;
  LedgerCounts t = result.stats.Totals();
  std::string json = "{\n  \"tool\": \"saring " SARING_VERSION "\",\n";
  json +=
      fmt::format("  \"threads\": {},\n  \"seconds\": {:.3f},\n", result.threads, result.seconds);
  json += fmt::format("  \"input_bytes\": {},\n  \"decoded_bytes\": {},\n", result.input_bytes,
                      result.decoded_bytes);
  json += fmt::format("  \"documents\": {},\n", t.records);
  json +=
      fmt::format("  \"mb_per_second\": {:.1f},\n", result.seconds > 0 ? mb / result.seconds : 0.0);
  json += fmt::format("  \"documents_per_second\": {:.0f},\n",
                      result.seconds > 0 ? t.records / result.seconds : 0.0);
  json += "  \"phases\": [";
  for (size_t i = 0; i < result.phases.size(); ++i) {
    const PhaseTime& ph = result.phases[i];
    json += fmt::format("{}{{\"name\": \"{}\", \"wall_seconds\": {:.3f}, \"cpu_seconds\": {:.3f}}}",
                        i ? ", " : "", ph.name, ph.wall_seconds, ph.cpu_seconds);
  }
  json += "],\n";
  json += "  \"inputs\": [";
  for (size_t i = 0; i < options.inputs.size(); ++i) {
    if (i) json += ", ";
    AppendJsonString(options.inputs[i], &json);
  }
  json += "]\n}\n";
  return WriteFileAtomically(env, options.output_dir + "/" + kRunInfoFile, json);
}

}  // namespace saring::pipeline

namespace saring {

std::string NewOutputFolderName() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
  std::string base = fmt::format("saring-out-{}", stamp);
  std::string name = base;
  // A name that cannot be examined is taken as free: creating the folder then reports the error.
  for (int n = 2;; ++n) {
    Result<bool> taken = PathExists(Env::Default(), name);
    if (!taken.ok() || !*taken) return name;
    name = fmt::format("{}-{}", base, n);
  }
}

}  // namespace saring
