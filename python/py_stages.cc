// Bindings of the sharded-run stages (saring/stages.h) for external schedulers: the calls the
// stage commands `saring sign/cluster/apply/finish` make, over a work folder laid out as theirs
// (WORK/sign, WORK/decisions, WORK/ledger: one versioned stage file per input,
// docs/formats/stage-files.md), so Python and CLI stages can be mixed. Every call releases the GIL.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "py_common.h"
#include "saring/file_util.h"
#include "saring/report.h"
#include "saring/stages.h"

namespace saring::python {
namespace {

using Shard = std::optional<std::vector<size_t>>;

// The inputs `shard` names (sorted, unique), or all inputs; InvalidArgument for an index past
// them. Sets *inputs to the number of inputs of the run.
Result<std::vector<size_t>> Selected(const RunOptions& o, const Shard& shard, size_t* inputs) {
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> specs, ResolveInputs(o));
  *inputs = specs.size();
  std::vector<size_t> out;
  for (size_t i = 0; i < specs.size(); ++i) out.push_back(i);
  if (!shard) return out;
  out = *shard;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (!out.empty() && out.back() >= specs.size()) {
    return Status::InvalidArgument(
        fmt::format("shard {}: there are {} inputs", out.back(), specs.size()));
  }
  return out;
}

// The stages, with one signature for the bindings: each returns what Python receives (the
// partial ledgers of `apply` as JSON; nothing for the others).
using Ledgers = std::vector<std::string>;

// Stage 1: signs the inputs of `shard` into WORK/sign.
Result<Ledgers> Sign(const RunOptions& o, const Shard& shard, const std::string& work, bool) {
  size_t inputs = 0;
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> mine, Selected(o, shard, &inputs));
  SARING_RETURN_IF_ERROR(SignInputsToFolder(o, mine, work + "/sign"));
  return Ledgers();
}

// Stage 2: every dedup decision, from all of WORK/sign, into WORK/decisions.
Result<Ledgers> Cluster(const RunOptions& o, const Shard&, const std::string& work, bool) {
  size_t inputs = 0;
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> all, Selected(o, std::nullopt, &inputs));
  for (size_t i : all) {  // name the first missing file before reading any
    std::string path = StageFilePath(work, StageFileKind::kSignatures, i);
    if (::access(path.c_str(), R_OK) != 0) {
      return Status::NotFound(
          fmt::format("{} is missing: run saring.sign_shard for input {} first", path, i));
    }
  }
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> decisions,
                          DecideInputsFromFolder(o, work + "/sign", inputs));
  for (size_t i : all) {
    SARING_RETURN_IF_ERROR(WriteStageInput(work, StageFileKind::kDecisions, i, decisions[i]));
  }
  return Ledgers();
}

// Stage 3: the output shards of the inputs of `shard`, one input at a time (each ledger file is
// that input's alone); returns each input's partial ledger as JSON.
Result<Ledgers> Apply(const RunOptions& o, const Shard& shard, const std::string& work, bool) {
  size_t inputs = 0;
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> mine, Selected(o, shard, &inputs));
  std::vector<std::string> decisions(inputs);
  Ledgers ledgers;
  for (size_t i : mine) {
    SARING_ASSIGN_OR_RETURN(decisions[i],
                            ReadStageInput(work, StageFileKind::kDecisions, i, "saring.cluster"));
    SARING_ASSIGN_OR_RETURN(RunStats stats, ApplyInputs(o, {i}, decisions));
    SARING_RETURN_IF_ERROR(
        WriteStageInput(work, StageFileKind::kLedger, i, SerializeRunStats(stats)));
    ledgers.push_back(stats.ToJson());
    decisions[i].clear();
  }
  return ledgers;
}

// Stage 4: merges WORK/ledger into stats.json and run.json (and report.html if `report`).
Result<Ledgers> Finish(const RunOptions& o, const Shard&, const std::string& work, bool report) {
  size_t inputs = 0;
  SARING_ASSIGN_OR_RETURN(std::vector<size_t> all, Selected(o, std::nullopt, &inputs));
  std::vector<RunStats> parts;
  for (size_t i : all) {
    SARING_ASSIGN_OR_RETURN(std::string bytes,
                            ReadStageInput(work, StageFileKind::kLedger, i, "saring.apply"));
    SARING_ASSIGN_OR_RETURN(RunStats part, ParseRunStats(bytes));
    parts.push_back(std::move(part));
  }
  SARING_RETURN_IF_ERROR(FinishRun(o, parts));
  if (report) {
    ReportOptions ro;
    ro.id_field = o.id_field;
    ro.text_field = o.text_field;
    SARING_RETURN_IF_ERROR(WriteReport(o.output_dir, ro).status());
  }
  return Ledgers();
}

}  // namespace

void RegisterStages(py::module_& m) {
  using StageFn = Result<Ledgers> (*)(const RunOptions&, const Shard&, const std::string&, bool);
  for (auto [name, fn] : {std::pair<const char*, StageFn>{"sign_shard", Sign},
                          {"cluster", Cluster},
                          {"apply", Apply},
                          {"finish", Finish}}) {
    // fn is captured by an init-capture: clang before 16 (clang-tidy) cannot capture a binding.
    m.def(
        name,
        [fn = fn](const std::vector<std::string>& inputs, const Shard& shard,
                  const std::string& work, const std::string& output_dir, bool report,
                  const std::optional<std::string>& config, const Settings& settings) {
          RunOptions o = BuildRunOptions(inputs, output_dir, config, settings);
          // Spill files of sign and cluster go to the stage's work folder, as the commands do.
          if (o.work_dir.empty() && (fn == Sign || fn == Cluster)) o.work_dir = work;
          return ValueOrThrow(WithoutGil([&] { return fn(o, shard, work, report); }));
        },
        "inputs"_a, "shard"_a, "work"_a, "output_dir"_a, "report"_a, "config"_a, "settings"_a);
  }
}

}  // namespace saring::python
