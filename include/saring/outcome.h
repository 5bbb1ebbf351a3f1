// Outcomes of a document: why a run removed it (RemovalReason) and which stage of the pipeline
// did (Stage). The names are what stats.json ("removed", "stage_removed") and the removed records
// (metadata.saring.reason) carry, so they are stable; each enum has one name table, and every
// reason belongs to exactly one stage (StageOf).
//
// Thread-safety: the functions are pure.
#ifndef SARING_OUTCOME_H_
#define SARING_OUTCOME_H_

#include <cstdint>
#include <string_view>

#include "saring/status.h"

namespace saring {

enum class RemovalReason : uint8_t {
  kNone = 0,                 // not removed (kept or quarantined); has no name
  kEmptyText,                // empty_text: no text at all
  kEmptyAfterRepair,         // empty_after_repair: nothing left once repair and filters cut spans
  kExactDuplicate,           // exact_duplicate: same normalised text as an earlier document
  kAllParagraphsDuplicated,  // all_paragraphs_duplicated: every paragraph occurred earlier
  kDuplicateSubstrings,      // duplicate_substrings: nothing left once copied runs are cut
  kNearDuplicate,            // near_duplicate: similar to a kept document (or an archived one)
  kLanguage,                 // language: not one of language.keep, or below language.min_score
  kQuality,                  // quality: failed a quality rule (quality.mode=filter)
  kClassifier,               // classifier: a filtering classifier's score
};

// The stages that remove documents, as the ledger counts them (stats.json "stage_removed").
enum class Stage : uint8_t {
  kRepair,      // repair: empty_text, empty_after_repair
  kExactDedup,  // exact_dedup: exact_duplicate, all_paragraphs_duplicated, duplicate_substrings
  kNearDedup,   // near_dedup: near_duplicate
  kLanguage,    // language
  kQuality,     // quality
  kClassifier,  // classifier
};

// The reason's name ("exact_duplicate", ...); "" for kNone.
std::string_view RemovalReasonName(RemovalReason reason);
// The reason named `name`; InvalidArgument naming it and the valid names otherwise ("" is not
// a name: kNone is never parsed).
Result<RemovalReason> ParseRemovalReason(std::string_view name);

// The stage's name ("exact_dedup", ...).
std::string_view StageName(Stage stage);
Result<Stage> ParseStage(std::string_view name);

// The stage that removes documents for `reason`. REQUIRES: reason != kNone.
Stage StageOf(RemovalReason reason);

}  // namespace saring

#endif  // SARING_OUTCOME_H_
