// Tests of the settings table's mapping onto RunOptions' per-section structs and option enums.
#include <string>

#include <gtest/gtest.h>

#include "saring/config.h"

namespace saring {
namespace {

TEST(ConfigMapping, EachSectionSetsItsNestedStruct) {
  RunOptions o;
  const std::string yaml =
      "repair:\n  enabled: false\n  min_contained_chars: 30\n"
      "boilerplate:\n  enabled: true\n  source_field: site\n  line_min_docs: 9\n"
      "dedup:\n  exact: false\n  paragraphs: true\n  paragraph_min_chars: 50\n"
      "  memory_budget: 1GiB\n  substrings: true\n  substring_min_words: 20\n"
      "  substring_memory_budget: 64MiB\n"
      "language:\n  enabled: true\n  backend: cld2\n  model: /m.ftz\n  keep: [en, id]\n"
      "  min_score: 0.5\n  max_bytes: 100\n  windows: 2\n  paragraphs: true\n"
      "classifier:\n  models: [a:filter:x:0.5:/p]\n  max_bytes: 7\n"
      "quality:\n  mode: annotate\n"
      "near_dup:\n  enabled: false\n  ngram: 4\n  char_ngrams: true\n  num_perm: 64\n  bands: 8\n"
      "  rows: 8\n  threshold: 0.7\n  survivor: newest\n  survivor_field: when\n  verify: exact\n"
      "  containment: 0.5\n  memory_budget: 2MiB\n  reuse_analysis: false\n"
      "output:\n  zstd_level: 5\n  max_shard_size: 1MiB\n  format: parquet\n  fsync: false\n";
  ASSERT_TRUE(LoadConfigText(yaml, "t.yaml", &o).ok());
  EXPECT_FALSE(o.repair.enabled);
  EXPECT_EQ(o.repair.min_contained_chars, 30u);
  EXPECT_TRUE(o.boilerplate.enabled);
  EXPECT_EQ(o.boilerplate.source_field, "site");
  EXPECT_EQ(o.boilerplate.line_min_docs, 9u);
  EXPECT_FALSE(o.dedup.exact);
  EXPECT_TRUE(o.dedup.paragraphs);
  EXPECT_EQ(o.dedup.paragraph_min_chars, 50u);
  EXPECT_EQ(o.dedup.memory_budget_bytes, 1ull << 30);
  EXPECT_TRUE(o.dedup.substrings);
  EXPECT_EQ(o.dedup.substring_min_words, 20u);
  EXPECT_EQ(o.dedup.substring_memory_budget_bytes, 64ull << 20);
  EXPECT_TRUE(o.language.enabled);
  EXPECT_EQ(o.language.backend, LanguageIdBackend::kCld2);
  EXPECT_EQ(o.language.model, "/m.ftz");
  EXPECT_EQ(o.language.keep, (std::vector<std::string>{"en", "id"}));
  EXPECT_EQ(o.language.min_score, 0.5);
  EXPECT_EQ(o.language.max_bytes, 100u);
  EXPECT_EQ(o.language.windows, 2u);
  EXPECT_TRUE(o.language.paragraphs);
  EXPECT_EQ(o.classifier.models, (std::vector<std::string>{"a:filter:x:0.5:/p"}));
  EXPECT_EQ(o.classifier.max_bytes, 7u);
  EXPECT_EQ(o.quality_mode, QualityMode::kAnnotate);
  EXPECT_FALSE(o.near_dup.enabled);
  EXPECT_EQ(o.near_dup.ngram, 4u);
  EXPECT_TRUE(o.near_dup.char_ngrams);
  EXPECT_EQ(o.near_dup.num_perm, 64u);
  EXPECT_EQ(o.near_dup.bands, 8u);
  EXPECT_EQ(o.near_dup.rows, 8u);
  EXPECT_EQ(o.near_dup.threshold, 0.7);
  EXPECT_EQ(o.near_dup.survivor, SurvivorPolicy::kNewest);
  EXPECT_EQ(o.near_dup.survivor_field, "when");
  EXPECT_EQ(o.near_dup.verify, NearDupVerify::kExact);
  EXPECT_EQ(o.near_dup.containment, 0.5);
  EXPECT_EQ(o.near_dup.memory_budget_bytes, 2ull << 20);
  EXPECT_FALSE(o.near_dup.reuse_analysis);
  EXPECT_EQ(o.output.zstd_level, 5);
  EXPECT_EQ(o.output.max_shard_bytes, 1ull << 20);
  EXPECT_TRUE(o.output.parquet);
  EXPECT_FALSE(o.output.fsync);
}

TEST(ConfigMapping, EnumSettingsShowTheirNames) {
  RunOptions o;
  EXPECT_EQ(GetSetting("quality.mode", o).value(), "off");
  EXPECT_EQ(GetSetting("language.backend", o).value(), "combined");
  EXPECT_EQ(GetSetting("near_dup.survivor", o).value(), "first");
  EXPECT_EQ(GetSetting("near_dup.verify", o).value(), "align");
  for (const char* mode : {"off", "annotate", "filter"}) {
    ASSERT_TRUE(SetSetting("quality.mode", mode, &o).ok());
    EXPECT_EQ(GetSetting("quality.mode", o).value(), mode);
  }
  for (const char* backend : {"combined", "cld2", "fasttext"}) {
    ASSERT_TRUE(SetSetting("language.backend", backend, &o).ok());
    EXPECT_EQ(GetSetting("language.backend", o).value(), backend);
  }
  for (const char* survivor : {"first", "longest", "newest", "oldest", "priority"}) {
    ASSERT_TRUE(SetSetting("near_dup.survivor", survivor, &o).ok());
    EXPECT_EQ(GetSetting("near_dup.survivor", o).value(), survivor);
  }
  for (const char* verify : {"align", "estimate", "exact"}) {
    ASSERT_TRUE(SetSetting("near_dup.verify", verify, &o).ok());
    EXPECT_EQ(GetSetting("near_dup.verify", o).value(), verify);
  }
}

TEST(ConfigMapping, ABadEnumValueNamesTheKeyTheValueAndTheValidOnes) {
  RunOptions o;
  Status s = LoadConfigText("quality:\n  mode: strict\n", "c.yaml", &o);
  EXPECT_EQ(s.message(),
            "c.yaml:2: setting quality.mode: unknown quality mode 'strict' (expected off, annotate "
            "or filter)");
  EXPECT_EQ(SetSetting("language.backend", "cld3", &o).message(),
            "setting language.backend: unknown language-ID backend 'cld3' (expected combined, "
            "cld2 or fasttext)");
  EXPECT_EQ(SetSetting("near_dup.survivor", "biggest", &o).message(),
            "setting near_dup.survivor: unknown survivor policy 'biggest' (expected first, "
            "longest, newest, oldest or priority)");
  EXPECT_EQ(SetSetting("near_dup.verify", "jaccard", &o).message(),
            "setting near_dup.verify: unknown near-duplicate verification 'jaccard' (expected "
            "estimate, exact or align)");
  EXPECT_EQ(o.quality_mode, QualityMode::kOff);  // a refused value changes nothing
  EXPECT_EQ(o.near_dup.survivor, SurvivorPolicy::kFirst);
}

}  // namespace
}  // namespace saring
