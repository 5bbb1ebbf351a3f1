#include "saring/outcome.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace saring {
namespace {

constexpr RemovalReason kAllReasons[] = {
    RemovalReason::kEmptyText,
    RemovalReason::kEmptyAfterRepair,
    RemovalReason::kExactDuplicate,
    RemovalReason::kAllParagraphsDuplicated,
    RemovalReason::kDuplicateSubstrings,
    RemovalReason::kNearDuplicate,
    RemovalReason::kLanguage,
    RemovalReason::kQuality,
    RemovalReason::kClassifier,
};

TEST(Outcome, EveryReasonHasADistinctNameThatParsesBack) {
  std::set<std::string_view> names;
  for (RemovalReason r : kAllReasons) {
    std::string_view name = RemovalReasonName(r);
    ASSERT_FALSE(name.empty()) << static_cast<int>(r);
    EXPECT_TRUE(names.insert(name).second) << name;
    Result<RemovalReason> back = ParseRemovalReason(name);
    ASSERT_TRUE(back.ok()) << name;
    EXPECT_EQ(*back, r);
  }
  // The enum's last value is the last reason: none is left out of the table.
  EXPECT_EQ(static_cast<int>(RemovalReason::kClassifier), static_cast<int>(std::size(kAllReasons)));
  EXPECT_EQ(RemovalReasonName(RemovalReason::kNone), "");
}

TEST(Outcome, NamesOnDiskAreStable) {
  EXPECT_EQ(RemovalReasonName(RemovalReason::kExactDuplicate), "exact_duplicate");
  EXPECT_EQ(RemovalReasonName(RemovalReason::kAllParagraphsDuplicated),
            "all_paragraphs_duplicated");
  EXPECT_EQ(RemovalReasonName(RemovalReason::kDuplicateSubstrings), "duplicate_substrings");
  EXPECT_EQ(RemovalReasonName(RemovalReason::kNearDuplicate), "near_duplicate");
  EXPECT_EQ(RemovalReasonName(RemovalReason::kEmptyAfterRepair), "empty_after_repair");
  EXPECT_EQ(StageName(Stage::kExactDedup), "exact_dedup");
  EXPECT_EQ(StageName(Stage::kNearDedup), "near_dedup");
  EXPECT_EQ(StageName(Stage::kRepair), "repair");
}

TEST(Outcome, EveryReasonMapsToItsStage) {
  EXPECT_EQ(StageOf(RemovalReason::kEmptyText), Stage::kRepair);
  EXPECT_EQ(StageOf(RemovalReason::kEmptyAfterRepair), Stage::kRepair);
  EXPECT_EQ(StageOf(RemovalReason::kExactDuplicate), Stage::kExactDedup);
  EXPECT_EQ(StageOf(RemovalReason::kAllParagraphsDuplicated), Stage::kExactDedup);
  EXPECT_EQ(StageOf(RemovalReason::kDuplicateSubstrings), Stage::kExactDedup);
  EXPECT_EQ(StageOf(RemovalReason::kNearDuplicate), Stage::kNearDedup);
  EXPECT_EQ(StageOf(RemovalReason::kLanguage), Stage::kLanguage);
  EXPECT_EQ(StageOf(RemovalReason::kQuality), Stage::kQuality);
  EXPECT_EQ(StageOf(RemovalReason::kClassifier), Stage::kClassifier);
  for (RemovalReason r : kAllReasons) {
    Result<Stage> stage = ParseStage(StageName(StageOf(r)));
    ASSERT_TRUE(stage.ok()) << RemovalReasonName(r);
    EXPECT_EQ(*stage, StageOf(r));
  }
}

TEST(Outcome, UnknownNamesAreRefusedWithTheValidOnes) {
  Result<RemovalReason> r = ParseRemovalReason("near_dupe");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "unknown removal reason 'near_dupe' (expected empty_text, empty_after_repair, "
            "exact_duplicate, all_paragraphs_duplicated, duplicate_substrings, near_duplicate, "
            "language, quality or classifier)");
  EXPECT_FALSE(ParseRemovalReason("").ok());
  Result<Stage> s = ParseStage("dedup");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("'dedup'"), std::string::npos);
  EXPECT_NE(s.status().message().find("near_dedup"), std::string::npos);
}

}  // namespace
}  // namespace saring
