// The name tables of RunOptions' own enums (saring/run.h).
#include "saring/run.h"

#include "util/name_table.h"

namespace saring {
namespace {

constexpr util::NamedValue<QualityMode> kQualityModes[] = {
    {QualityMode::kOff, "off"},
    {QualityMode::kAnnotate, "annotate"},
    {QualityMode::kFilter, "filter"},
};

}  // namespace

std::string_view QualityModeName(QualityMode mode) {
  return util::NameIn<QualityMode>(kQualityModes, mode);
}

Result<QualityMode> ParseQualityMode(std::string_view name) {
  return util::ParseIn<QualityMode>(kQualityModes, "quality mode", name);
}

}  // namespace saring
