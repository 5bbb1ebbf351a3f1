// Boilerplate learning (boilerplate.enabled) for sharded runs: the line, prefix, source and
// inline-label counts of every part, partitioned by key over the parts and summed there, sampled
// as one learner of the whole corpus would be, and the learned model (the counts that can still
// pass a threshold) sent to every part. The model answers exactly as the one `saring run` learns,
// so every boilerplate cut, and with it every byte of the output, is the same.
// Protocol: BoilerplateLearner::SerializePart and the steps in include/saring/boilerplate.h.
#ifndef SARING_PIPELINE_PARTITIONED_BOILERPLATE_H_
#define SARING_PIPELINE_PARTITIONED_BOILERPLATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/filters.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

// Installs the model of LearnPart/LearnedModel (bytes) in *filters when options.boilerplate.enabled;
// InvalidArgument when boilerplate is on and `model` is empty (no learning stage ran).
Status InstallBoilerplate(const RunOptions& options, std::string_view model, Filters* filters);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_BOILERPLATE_H_
