#include "pipeline/substring_run.h"

#include <chrono>
#include <ctime>

#include "pipeline/pass_runner.h"

namespace saring::pipeline {
namespace {

// Runs fn() and records its wall and process CPU time as phase `name`.
template <class Fn>
Status Timed(const char* name, RunResult* result, Fn fn) {
  const auto wall = std::chrono::steady_clock::now();
  const std::clock_t cpu = std::clock();
  Status st = fn();
  result->phases.push_back(
      {name, std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(),
       static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC});
  return st;
}

}  // namespace

Status RunSubstringPasses(const RunOptions& options, const RunHooks& hooks,
                          const std::vector<InputSpec>& inputs, const Filters* filters,
                          const NearDupState* near_dup, unsigned threads, SubstringStage* stage,
                          RunResult* result) {
  if (near_dup == nullptr) {
    AnalyzerConfig config = AnalyzerConfig::From(options, nullptr, filters);
    config.substring_words = options.dedup.substring_min_words;
    PassRunner collect({.options = &options,
                        .hooks = &hooks,
                        .inputs = &inputs,
                        .kind = PassKind::kSign,
                        .depth = AnalysisDepth::kFull,
                        .analyzer = &config,
                        .stats = &result->stats});
    collect.decider().SetSubstrings(stage);
    SARING_RETURN_IF_ERROR(Timed("collect", result, [&] { return collect.Run(threads); }));
  }
  return Timed("substrings", result, [&] {
    return stage->Finish(near_dup ? &near_dup->detector_const() : nullptr, threads);
  });
}

}  // namespace saring::pipeline
