// The part of `saring run` that belongs to substring dedup: between the signing pass and the
// final pass, the substring finder runs (and, with near-dup off, a collecting pass over the
// inputs first, since there is no signing pass to collect in).
#ifndef SARING_PIPELINE_SUBSTRING_RUN_H_
#define SARING_PIPELINE_SUBSTRING_RUN_H_

#include <vector>

#include "pipeline/decider.h"
#include "pipeline/filters.h"
#include "pipeline/substring_stage.h"
#include "saring/input.h"
#include "saring/run.h"

namespace saring::pipeline {

// `near_dup` is null when near-dup is off; otherwise its signing pass already collected into
// `stage`. Adds the phases it runs to result->phases.
Status RunSubstringPasses(const RunOptions& options, const RunHooks& hooks,
                          const std::vector<InputSpec>& inputs, const Filters* filters,
                          const NearDupState* near_dup, unsigned threads, SubstringStage* stage,
                          RunResult* result);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SUBSTRING_RUN_H_
