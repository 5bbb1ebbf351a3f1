#include "pipeline/partitioned_boilerplate.h"

#include "pipeline/partitioned_decide.h"
#include "saring/boilerplate.h"

namespace saring {

Result<std::string> LearnPart(const RunOptions& options, const std::string& counts,
                              PartExchange* exchange) {
  const int parts = exchange->size();
  const BoilerplateOptions& bo = options.boilerplate;
  // 1. Each key's counts to the part that owns it.
  std::vector<std::string> send(parts);
  {
    BoilerplateLearner mine(bo);
    SARING_RETURN_IF_ERROR(mine.MergePart(counts));
    for (int q = 0; q < parts; ++q) send[q] = mine.SerializePart(q, parts);
  }
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, exchange->AllToAll(std::move(send)));
  BoilerplateLearner owned(bo);
  for (std::string& bytes : got) {
    SARING_RETURN_IF_ERROR(owned.MergePart(bytes));
    std::string().swap(bytes);
  }
  // 2. The sampling levels one learner of every key would have.
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> censuses,
                          exchange->AllToAll(std::vector<std::string>(parts, owned.LevelCensus())));
  SARING_RETURN_IF_ERROR(owned.AdoptLevels(censuses));
  // 3. The counts that can still pass a threshold, to every part.
  owned.DropCountsBelowThresholds();
  SARING_ASSIGN_OR_RETURN(
      got, exchange->AllToAll(std::vector<std::string>(parts, owned.SerializePart(0, 1))));
  BoilerplateLearner model(bo);
  SARING_RETURN_IF_ERROR(model.AdoptLevels(censuses));
  for (const std::string& bytes : got) SARING_RETURN_IF_ERROR(model.MergePart(bytes));
  return model.SerializePart(0, 1);
}

Result<std::string> LearnedModel(const RunOptions& options,
                                 const std::vector<std::string>& counts) {
  BoilerplateLearner all(options.boilerplate);
  for (const std::string& c : counts) SARING_RETURN_IF_ERROR(all.MergePart(c));
  pipeline::ThreadExchangeHub one(1);
  return LearnPart(options, all.SerializePart(0, 1), one.part(0));
}

}  // namespace saring

namespace saring::pipeline {

Status InstallBoilerplate(const RunOptions& options, std::string_view model, Filters* filters) {
  if (!options.boilerplate.enabled) return Status::Ok();
  if (model.empty()) {
    return Status::InvalidArgument(
        "boilerplate.enabled in a sharded run needs the boilerplate learned from every input "
        "first: `saring learn` (stage commands) or LearnInputs + LearnPart");
  }
  BoilerplateLearner learner(options.boilerplate);
  SARING_RETURN_IF_ERROR(learner.MergePart(model));
  filters->SetBoilerplate(std::move(learner).Finish());
  return Status::Ok();
}

}  // namespace saring::pipeline
