#include "pipeline/checkpoint.h"

#include <unistd.h>

#include <sstream>

#include <fmt/format.h>

#include "pipeline/json_text.h"
#include "saring/config.h"

namespace saring::pipeline {

Result<OutputLock> OutputLock::Acquire(Env* env, const std::string& dir) {
  std::string holder;
  Result<std::unique_ptr<FileLock>> lock =
      env->LockFile(dir + "/" + kLockFile, std::to_string(::getpid()) + "\n", &holder);
  if (lock.status().code() == StatusCode::kFailedPrecondition) {
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    return Status::FailedPrecondition(fmt::format(
        "output folder {} is in use by another saring run (process {}); wait for it or choose "
        "another folder",
        dir, holder.empty() ? "unknown" : holder));
  }
  if (!lock.ok()) return lock.status();
  return OutputLock(std::move(lock).value());
}

Result<std::string> RunManifest(Env* env, const RunOptions& options,
                                const std::vector<InputSpec>& inputs) {
  std::string json = "{\n  \"tool\": \"saring " SARING_VERSION "\",\n  \"config\": ";
  // Settings that do not change a byte of the output may differ on resume.
  RunOptions o = options;
  o.threads = 0;
  o.memory_budget_bytes = RunOptions().memory_budget_bytes;
  o.overwrite = false;
  AppendJsonString(DumpConfig(o), &json);
  json += ",\n  \"inputs\": [";
  bool first = true;
  for (const InputSpec& in : inputs) {
    for (const std::string& f : in.files) {
      SARING_ASSIGN_OR_RETURN(FileInfo info, env->Stat(f));
      json += first ? "\n    " : ",\n    ";
      first = false;
      json += "{\"path\": ";
      AppendJsonString(f, &json);
      json += fmt::format(", \"size\": {}, \"mtime_ns\": {}}}", info.size, info.mtime_ns);
    }
  }
  json += "\n  ]\n}\n";
  return json;
}

Result<ProgressLog> ProgressLog::Load(Env* env, const std::string& dir) {
  ProgressLog log(dir, env);
  std::string path = dir + "/" + kProgressFile;
  Result<std::string> read = env->ReadFile(path);
  if (read.status().code() == StatusCode::kNotFound) return log;
  SARING_ASSIGN_OR_RETURN(std::string text, std::move(read));
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    int kind;
    unsigned long long input, shard, seq;
    if (std::sscanf(line.c_str(), "%d %llu %llu %llu", &kind, &input, &shard, &seq) != 4 ||
        kind < 0 || kind > 2 || shard != log.completed(kind, input)) {
      return Status::Corruption(
          fmt::format("{}:{}: not a progress entry; start over with "
                      "--force-restart",
                      path, n));
    }
    log.entries_[kind].push_back({input, seq});
  }
  return log;
}

uint64_t ProgressLog::completed(int kind, uint64_t input) const {
  uint64_t n = 0;
  for (const Entry& e : entries_[kind]) n += e.input == input;
  return n;
}

int64_t ProgressLog::skip_until(int kind) const {
  return entries_[kind].empty() ? -1 : static_cast<int64_t>(entries_[kind].back().last_seq);
}

Status ProgressLog::Save() {
  if (dir_.empty()) return Status::Ok();  // kept in memory only (sharded stages)
  std::string text;
  for (int k = 0; k < 3; ++k) {
    std::vector<uint64_t> per_input;
    for (const Entry& e : entries_[k]) {
      uint64_t shard = 0;
      for (const Entry& f : entries_[k]) {
        if (&f == &e) break;
        shard += f.input == e.input;
      }
      text += fmt::format("{} {} {} {}\n", k, e.input, shard, e.last_seq);
    }
  }
  return WriteFileAtomically(env_, dir_ + "/" + kProgressFile, text);
}

}  // namespace saring::pipeline
