// The stage commands: `saring run` split into steps that a scheduler runs shard by shard over a
// shared folder (docs/distributed.md):
//   saring learn   --work W [--shard I | --shards K/N] INPUT...   W/learn/IIIII.bin per input
//                  (only with boilerplate.enabled: line counts; sign and apply learn from them)
//   saring sign    --work W [--shard I | --shards K/N] INPUT...   W/sign/IIIII.bin per input
//   saring cluster --work W [--partition K/P] INPUT...            W/decisions/IIIII.bin
//   saring apply   --work W -o OUT [--shard I | --shards K/N] INPUT...  OUT shards, W/ledger/IIIII.bin
//   saring finish  --work W -o OUT INPUT...                       OUT/stats.json, OUT/run.json
// Every step is idempotent per input; the output equals `saring run -o OUT INPUT...`.
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "commands.h"
#include "saring/config.h"
#include "saring/file_util.h"
#include "saring/report.h"
#include "saring/stages.h"

namespace saring::tools {
namespace {

struct StageFlags {
  std::vector<std::string> inputs;
  std::string work, output, config, shards, partition;
  std::vector<std::string> sets;
  std::vector<size_t> shard;
};

// Options from --config and --set, as `saring run` reads them.
Result<RunOptions> Options(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, LoadRunOptions(f.config, {}, f.sets));
  o.inputs = f.inputs;
  o.output_dir = f.output;
  return o;
}

// The inputs this invocation handles: --shard indices, --shards K/N, or all.
Result<std::vector<size_t>> Selected(const StageFlags& f, size_t inputs) {
  std::vector<size_t> out;
  if (!f.shards.empty()) {
    unsigned k = 0, n = 0;
    if (std::sscanf(f.shards.c_str(), "%u/%u", &k, &n) != 2 || n == 0 || k >= n) {
      return Status::InvalidArgument(
          fmt::format("--shards expects K/N with K < N, got '{}'", f.shards));
    }
    for (size_t i = k; i < inputs; i += n) out.push_back(i);
    return out;
  }
  if (f.shard.empty()) {
    for (size_t i = 0; i < inputs; ++i) out.push_back(i);
    return out;
  }
  for (size_t i : f.shard) {
    if (i >= inputs)
      return Status::InvalidArgument(fmt::format("--shard {}: there are {} inputs", i, inputs));
    out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Reads W/<stage>/IIIII.bin for every input; NotFound naming the first missing one.
Result<std::vector<std::string>> ReadAll(const std::string& work, StageFileKind kind, size_t inputs,
                                         const char* producer) {
  std::vector<std::string> out(inputs);
  for (size_t i = 0; i < inputs; ++i) {
    SARING_ASSIGN_OR_RETURN(out[i], ReadStageInput(work, kind, i, producer));
  }
  return out;
}

// boilerplate.enabled: the model learned from W/learn/IIIII.bin of every input ("" when off).
Result<std::string> Boilerplate(const StageFlags& f, const RunOptions& o, size_t inputs) {
  if (!o.boilerplate.enabled) return std::string();
  SARING_ASSIGN_OR_RETURN(
      std::vector<std::string> counts,
      ReadAll(f.work, StageFileKind::kBoilerplateCounts, inputs, "`saring learn`"));
  return LearnedModel(o, counts);
}

Status Learn(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, Options(f));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(o));
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> mine, Selected(f, inputs.size()));
  for (size_t i : mine) {  // one file per input: any split of the inputs learns the same
    SARING_ASSIGN_OR_RETURN(std::string counts, LearnInputs(o, {i}));
    SARING_RETURN_IF_ERROR(WriteStageInput(f.work, StageFileKind::kBoilerplateCounts, i, counts));
  }
  fmt::print("counted the lines of {} of {} inputs into {}/learn\n", mine.size(), inputs.size(),
             f.work);
  return Status::Ok();
}

Status Sign(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, Options(f));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(o));
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> mine, Selected(f, inputs.size()));
  if (o.work_dir.empty()) o.work_dir = f.work;  // spill files go to the stage's work folder
  SARING_ASSIGN_OR_RETURN(std::string boilerplate, Boilerplate(f, o, inputs.size()));
  SARING_RETURN_IF_ERROR(SignInputsToFolder(o, mine, f.work + "/sign", boilerplate));
  fmt::print("signed {} of {} inputs into {}/sign\n", mine.size(), inputs.size(), f.work);
  return Status::Ok();
}

Status Cluster(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, Options(f));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(o));
  std::vector<size_t> mine;
  int part = 0, parts = 1;
  if (!f.partition.empty()) {
    if (std::sscanf(f.partition.c_str(), "%d/%d", &part, &parts) != 2 || parts < 1 || part < 0 ||
        part >= parts) {
      return Status::InvalidArgument(
          fmt::format("--partition expects K/P with K < P, got '{}'", f.partition));
    }
  }
  for (size_t i = part; i < inputs.size(); i += parts) mine.push_back(i);
  if (o.work_dir.empty()) o.work_dir = f.work;  // spill files go to the stage's work folder
  // Unpartitioned, ClusterToFolder names the first missing sign file before reading any;
  // partitioned, a missing file ends the other partitions too. The decisions stream into
  // WORK/decisions; partition 0 writes the index, and no partition succeeds when another failed.
  SARING_RETURN_IF_ERROR(ClusterToFolder(o, f.work, inputs.size(), part, parts));
  if (!f.partition.empty()) {
    ::rmdir((f.work + "/exchange").c_str());  // the last partition to finish leaves it empty
    fmt::print("decided the documents of {} of {} inputs (partition {}/{}) into {}/decisions\n",
               mine.size(), inputs.size(), part, parts, f.work);
    return Status::Ok();
  }
  fmt::print("decided the documents of {} inputs into {}/decisions\n", inputs.size(), f.work);
  return Status::Ok();
}

Status Apply(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, Options(f));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(o));
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> mine, Selected(f, inputs.size()));
  // Name the first missing decision file before writing any output.
  SARING_RETURN_IF_ERROR(
      CheckStageInputs(f.work, StageFileKind::kDecisions, mine, "`saring cluster`"));
  SARING_ASSIGN_OR_RETURN(std::string boilerplate, Boilerplate(f, o, inputs.size()));
  for (size_t i : mine) {  // one input at a time: each ledger file is that input's alone
    // The decisions stream from WORK/decisions/IIIII.bin.
    SARING_ASSIGN_OR_RETURN(RunStats stats, ApplyInputsFromFolder(o, {i}, f.work, boilerplate));
    SARING_RETURN_IF_ERROR(
        WriteStageInput(f.work, StageFileKind::kLedger, i, SerializeRunStats(stats)));
  }
  fmt::print("wrote the output of {} of {} inputs into {}\n", mine.size(), inputs.size(), f.output);
  return Status::Ok();
}

Status Finish(const StageFlags& f) {
  SARING_ASSIGN_OR_RETURN(RunOptions o, Options(f));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(o));
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> ledgers,
                          ReadAll(f.work, StageFileKind::kLedger, inputs.size(), "`saring apply`"));
  std::vector<RunStats> parts;
  for (const std::string& bytes : ledgers) {
    SARING_ASSIGN_OR_RETURN(RunStats s, ParseRunStats(bytes));
    parts.push_back(std::move(s));
  }
  SARING_RETURN_IF_ERROR(FinishRun(o, parts));
  ReportOptions ro;
  ro.id_field = o.id_field;
  ro.text_field = o.text_field;
  SARING_RETURN_IF_ERROR(WriteReport(f.output, ro).status());
  fmt::print("output: {}\n", f.output);
  return Status::Ok();
}

CommandMain Register(CLI::App& app, const char* name, const char* help, bool needs_output,
                     bool sharded, Status (*fn)(const StageFlags&), bool partitioned = false) {
  auto flags = std::make_shared<StageFlags>();
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("inputs", flags->inputs, "the run's inputs, all of them, in the same order")
      ->required();
  cmd->add_option("--work", flags->work, "shared folder for the stages' files")->required();
  if (needs_output)
    cmd->add_option("-o,--output", flags->output, "output folder of the run")->required();
  if (sharded) {
    cmd->add_option("--shard", flags->shard,
                    "index of an input to handle (repeatable; default all)")
        ->allow_extra_args(false);
    cmd->add_option("--shards", flags->shards, "handle inputs K, K+N, K+2N, ... (K/N)");
  }
  if (partitioned) {
    cmd->add_option("--partition", flags->partition,
                    "decide as partition K of P processes that run at once and exchange files in "
                    "WORK/exchange (K/P; decisions of inputs K, K+P, ...)");
  }
  cmd->add_option("--config", flags->config, "YAML pipeline config (the same for every stage)");
  cmd->add_option("--set", flags->sets, "override any setting: KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  return [flags, fn, name] {
    Status s = fn(*flags);
    if (!s.ok()) {
      fmt::print(stderr, "saring {}: {}\n", name, s.message());
      return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailed;
    }
    return kExitOk;
  };
}

}  // namespace

CommandMain RegisterLearn(CLI::App& app) {
  return Register(app, "learn",
                  "stage 0 (boilerplate.enabled): count the lines of inputs (one shard)", false,
                  true, Learn);
}
CommandMain RegisterSign(CLI::App& app) {
  return Register(app, "sign", "stage 1: analyse and sign inputs (one shard)", false, true, Sign);
}
CommandMain RegisterCluster(CLI::App& app) {
  return Register(app, "cluster", "stage 2: exact and near-dup decisions over all inputs", false,
                  false, Cluster, true);
}
CommandMain RegisterApply(CLI::App& app) {
  return Register(app, "apply", "stage 3: write the output of inputs (one shard)", true, true,
                  Apply);
}
CommandMain RegisterFinish(CLI::App& app) {
  return Register(app, "finish", "stage 4: merge the ledgers into stats.json", true, false, Finish);
}

}  // namespace saring::tools
