#include "pipeline/output_folder.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "pipeline/json_text.h"
#include "saring/file_util.h"

namespace saring::pipeline {
namespace fs = std::filesystem;

namespace {

// Files and folders a saring run writes at the top of its output folder.
bool IsSaringEntry(const std::string& name) {
  for (const char* sub : kOutputSubdirs) {
    if (name == sub) return true;
  }
  return name == "stats.json" || name == "run-info.json" || name == "report.html" ||
         name == "run.json" || name == "progress.txt" || name == ".lock" || name == "work" ||
         name.ends_with(".tmp");
}

}  // namespace

Status PrepareOutputFolder(const std::string& dir, bool overwrite) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      return Status::InvalidArgument(fmt::format("output {} exists and is not a folder", dir));
    }
    bool has_output = false, has_other = false;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().filename() == ".lock") continue;
      (IsSaringEntry(entry.path().filename().string()) ? has_output : has_other) = true;
    }
    if (has_other) {
      return Status::FailedPrecondition(fmt::format(
          "output folder {} holds files saring did not write; choose an empty or new folder", dir));
    }
    if (has_output && !overwrite) {
      bool finished = fs::exists(dir + "/stats.json", ec);
      return Status::FailedPrecondition(fmt::format(
          "output folder {} already holds a {} saring run; pass {} to replace it", dir,
          finished ? "finished" : "partial", finished ? "--overwrite" : "--resume to finish it, or --force-restart"));
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().filename() == ".lock") continue;  // held by this run
      fs::remove_all(entry.path(), ec);
      if (ec) {
        return Status::IoError(fmt::format("cannot remove {}: {}", entry.path().string(), ec.message()));
      }
    }
  }
  SARING_RETURN_IF_ERROR(CreateDirectories(dir));
  for (const char* sub : kOutputSubdirs) SARING_RETURN_IF_ERROR(CreateDirectories(dir + "/" + sub));
  return Status::Ok();
}

Status RemoveUnfinishedShards(const std::string& dir, const ProgressLog& progress) {
  std::error_code ec;
  for (int k = 0; k < 3; ++k) {
    std::string sub = dir + "/" + kOutputSubdirs[k];
    if (!fs::exists(sub, ec)) continue;
    for (const auto& entry : fs::directory_iterator(sub, ec)) {
      std::string name = entry.path().filename().string();
      // part-IIIII-NNNNN.jsonl.zst[.tmp]: keep the completed ones only.
      unsigned long long input = 0, n = 0;
      bool numbered = std::sscanf(name.c_str(), "part-%llu-%llu.jsonl.zst", &input, &n) == 2 ||
                      std::sscanf(name.c_str(), "part-%llu-%llu.parquet", &input, &n) == 2;
      if (name.ends_with(".tmp") || (numbered && n >= progress.completed(k, input))) {
        fs::remove(entry.path(), ec);
        if (ec) return Status::IoError(fmt::format("cannot remove {}: {}", entry.path().string(), ec.message()));
      }
    }
  }
  return Status::Ok();
}

Status WriteRunInfo(const RunOptions& options, const RunResult& result) {
  double mb = result.decoded_bytes / 1e6;
  LedgerCounts t = result.stats.Totals();
  std::string json = "{\n  \"tool\": \"saring " SARING_VERSION "\",\n";
  json += fmt::format("  \"threads\": {},\n  \"seconds\": {:.3f},\n", result.threads, result.seconds);
  json += fmt::format("  \"input_bytes\": {},\n  \"decoded_bytes\": {},\n", result.input_bytes,
                      result.decoded_bytes);
  json += fmt::format("  \"documents\": {},\n", t.records);
  json += fmt::format("  \"mb_per_second\": {:.1f},\n",
                      result.seconds > 0 ? mb / result.seconds : 0.0);
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
  return WriteFileAtomically(options.output_dir + "/run-info.json", json);
}

}  // namespace saring::pipeline

namespace saring {

namespace fs = std::filesystem;

std::string NewOutputFolderName() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
  std::string base = fmt::format("saring-out-{}", stamp);
  std::string name = base;
  std::error_code ec;
  for (int n = 2; fs::exists(name, ec); ++n) name = fmt::format("{}-{}", base, n);
  return name;
}

}  // namespace saring
