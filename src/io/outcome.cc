// The name tables of saring/outcome.h.
#include "saring/outcome.h"

#include <array>
#include <iterator>

#include "util/name_table.h"

namespace saring {
namespace {

using util::NamedValue;

// One row per reason: its name and the stage that removes documents for it.
struct ReasonRow {
  RemovalReason reason;
  std::string_view name;
  Stage stage;
};

constexpr ReasonRow kReasons[] = {
    {RemovalReason::kEmptyText, "empty_text", Stage::kRepair},
    {RemovalReason::kEmptyAfterRepair, "empty_after_repair", Stage::kRepair},
    {RemovalReason::kExactDuplicate, "exact_duplicate", Stage::kExactDedup},
    {RemovalReason::kAllParagraphsDuplicated, "all_paragraphs_duplicated", Stage::kExactDedup},
    {RemovalReason::kDuplicateSubstrings, "duplicate_substrings", Stage::kExactDedup},
    {RemovalReason::kNearDuplicate, "near_duplicate", Stage::kNearDedup},
    {RemovalReason::kLanguage, "language", Stage::kLanguage},
    {RemovalReason::kQuality, "quality", Stage::kQuality},
    {RemovalReason::kClassifier, "classifier", Stage::kClassifier},
};

constexpr auto kReasonNames = [] {
  std::array<NamedValue<RemovalReason>, std::size(kReasons)> names{};
  for (size_t i = 0; i < names.size(); ++i) names[i] = {kReasons[i].reason, kReasons[i].name};
  return names;
}();

constexpr NamedValue<Stage> kStages[] = {
    {Stage::kRepair, "repair"},        {Stage::kExactDedup, "exact_dedup"},
    {Stage::kNearDedup, "near_dedup"}, {Stage::kLanguage, "language"},
    {Stage::kQuality, "quality"},      {Stage::kClassifier, "classifier"},
};

}  // namespace

std::string_view RemovalReasonName(RemovalReason reason) {
  return util::NameIn<RemovalReason>(kReasonNames, reason, "");
}

Result<RemovalReason> ParseRemovalReason(std::string_view name) {
  return util::ParseIn<RemovalReason>(kReasonNames, "removal reason", name);
}

std::string_view StageName(Stage stage) { return util::NameIn<Stage>(kStages, stage); }

Result<Stage> ParseStage(std::string_view name) {
  return util::ParseIn<Stage>(kStages, "stage", name);
}

Stage StageOf(RemovalReason reason) {
  for (const ReasonRow& row : kReasons) {
    if (row.reason == reason) return row.stage;
  }
  return Stage::kRepair;
}

}  // namespace saring
