// Tests of the near-duplicate presets and their settings.
#include <gtest/gtest.h>

#include "saring/config.h"

namespace saring {
namespace {

TEST(NearDupPreset, DefaultsAreTheSaringPreset) {
  RunOptions defaults;
  EXPECT_EQ(NearDupPresetOf(defaults), "saring");
  RunOptions applied;
  ApplyNearDupPreset("fineweb", &applied);
  ASSERT_TRUE(ApplyNearDupPreset("saring", &applied));
  EXPECT_EQ(DumpConfig(applied), DumpConfig(defaults));
}

TEST(NearDupPreset, FinewebSetsItsSemanticsAndLaterSettingsOverride) {
  RunOptions o;
  ASSERT_TRUE(SetSetting("near_dup.preset", "fineweb", &o).ok());
  EXPECT_EQ(o.near_dup.ngram, 5u);
  EXPECT_EQ(o.near_dup.bands, 14u);
  EXPECT_EQ(o.near_dup.rows, 8u);
  EXPECT_EQ(o.near_dup.threshold, 0.8);
  EXPECT_EQ(o.near_dup.verify, NearDupVerify::kEstimate);
  EXPECT_EQ(GetSetting("near_dup.preset", o).value(), "fineweb");
  ASSERT_TRUE(SetSetting("near_dup.threshold", "0.7", &o).ok());
  EXPECT_EQ(GetSetting("near_dup.preset", o).value(), "custom");
  // A dump (preset first, then every value) loads back to the same options.
  RunOptions again;
  ASSERT_TRUE(LoadConfigText(DumpConfig(o), "dump", &again).ok());
  EXPECT_EQ(DumpConfig(again), DumpConfig(o));
  EXPECT_EQ(again.near_dup.threshold, 0.7);
  EXPECT_EQ(again.near_dup.ngram, 5u);
}

TEST(NearDupPreset, RejectsUnknownNamesAndVerifications) {
  RunOptions o;
  Status s = SetSetting("near_dup.preset", "datatrove", &o);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("saring or fineweb"), std::string::npos) << s.message();
  EXPECT_FALSE(SetSetting("near_dup.verify", "jaccard", &o).ok());
  EXPECT_EQ(NearDupPresetOf(o), "saring");  // nothing changed
}

}  // namespace
}  // namespace saring
