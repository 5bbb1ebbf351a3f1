#include "pipeline/analysis_cache.h"

#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

// A document as the signing pass leaves it: original text, two removed spans, a language guess,
// quality signals and a failed rule.
DocWork AnalysedDoc(const std::vector<RuleInfo>& rules) {
  DocWork d;
  d.text = "Lead paragraph.\n\nLead paragraph.\n(esn/indo)\nLast words.";
  d.fate = DocFate::kRemoved;
  d.reason = "quality";
  d.doc_hash = 0x1234567890abcdefull;
  RemovedSpan repeated;
  repeated.begin = 17;
  repeated.end = 33;
  repeated.reason = SpanReason::kRepeatedParagraph;
  repeated.paragraph = 1;
  repeated.duplicate_of = 0;
  repeated.dup_begin = 0;
  repeated.dup_end = 15;
  RemovedSpan credit;
  credit.begin = 33;
  credit.end = 44;
  credit.reason = SpanReason::kCreditLine;
  credit.paragraph = 2;
  d.repair.removed = {repeated, credit};
  d.has_language = true;
  d.language.language = "id";
  d.language.score = 0.97;
  d.language.runner_up = "ms";
  d.language.runner_up_score = 0.02;
  d.language.reliable = true;
  d.signals_json = "{\"num_words\":6}";
  d.rule = rules.at(0).name;
  d.rule_value = 6;
  d.rule_threshold = 50;
  return d;
}

TEST(AnalysisCache, DocumentRoundTrips) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  DocWork quarantined;
  quarantined.fate = DocFate::kQuarantined;
  std::string bytes;
  PutAnalysis(in, &bytes);
  PutAnalysis(quarantined, &bytes);

  std::string_view view = bytes;
  DocWork out;
  out.text = in.text;  // the final pass parses the record again
  ASSERT_TRUE(GetAnalysis(&view, rules, &out));
  EXPECT_EQ(out.fate, DocFate::kRemoved);
  EXPECT_EQ(out.reason, "quality");
  EXPECT_EQ(out.doc_hash, in.doc_hash);
  ASSERT_EQ(out.repair.removed.size(), 2u);
  EXPECT_EQ(out.repair.removed[0].reason, SpanReason::kRepeatedParagraph);
  EXPECT_EQ(out.repair.removed[0].dup_end, 15u);
  EXPECT_EQ(out.repair.removed[1].begin, 33u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(out.repair.removed[i].begin, in.repair.removed[i].begin);
    EXPECT_EQ(out.repair.removed[i].end, in.repair.removed[i].end);
    EXPECT_EQ(out.repair.removed[i].paragraph, in.repair.removed[i].paragraph);
    EXPECT_EQ(out.repair.removed[i].duplicate_of, in.repair.removed[i].duplicate_of);
  }
  EXPECT_TRUE(out.has_language);
  EXPECT_EQ(out.language.language, "id");
  EXPECT_EQ(out.language.runner_up, "ms");
  EXPECT_DOUBLE_EQ(out.language.score, 0.97);
  EXPECT_TRUE(out.language.reliable);
  EXPECT_EQ(out.signals_json, in.signals_json);
  EXPECT_EQ(out.rule, rules[0].name);
  EXPECT_EQ(out.rule.data(), rules[0].name.data());  // the static name, not a copy
  EXPECT_DOUBLE_EQ(out.rule_threshold, 50);

  DocWork q;
  q.fate = DocFate::kQuarantined;  // the record failed to parse again, as in the signing pass
  ASSERT_TRUE(GetAnalysis(&view, rules, &q));
  EXPECT_TRUE(view.empty());
}

TEST(AnalysisCache, MalformedOrMismatchedBytesAreRefused) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  std::string bytes;
  PutAnalysis(in, &bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {  // every truncation
    std::string_view view(bytes.data(), cut);
    DocWork out;
    out.text = in.text;
    EXPECT_FALSE(GetAnalysis(&view, rules, &out)) << cut;
  }
  {  // a span past the end of the text: the record is not the one analysed
    std::string_view view = bytes;
    DocWork out;
    out.text = "short";
    EXPECT_FALSE(GetAnalysis(&view, rules, &out));
  }
  {  // analysed then, quarantined now
    std::string_view view = bytes;
    DocWork out;
    out.text = in.text;
    out.fate = DocFate::kQuarantined;
    EXPECT_FALSE(GetAnalysis(&view, rules, &out));
  }
  {  // a rule the run does not know
    std::string_view view = bytes;
    DocWork out;
    out.text = in.text;
    EXPECT_FALSE(GetAnalysis(&view, {}, &out));
  }
}

TEST(AnalysisCache, BatchesAreStoredAndTheFileGoesAway) {
  test_util::ScratchDir dir("pipeline");
  const std::string path = dir.Sub("analysis.bin");
  {
    auto cache = AnalysisCache::Create(path);
    ASSERT_TRUE(cache.ok()) << cache.status().message();
    ASSERT_TRUE((*cache)->Put(7, "seven").ok());
    ASSERT_TRUE((*cache)->Put(3, "three!").ok());
    ASSERT_TRUE((*cache)->Put(9, "").ok());
    std::string bytes;
    auto got = (*cache)->Get(3, &bytes);
    ASSERT_TRUE(got.ok() && *got);
    EXPECT_EQ(bytes, "three!");
    got = (*cache)->Get(7, &bytes);
    ASSERT_TRUE(got.ok() && *got);
    EXPECT_EQ(bytes, "seven");
    got = (*cache)->Get(9, &bytes);
    ASSERT_TRUE(got.ok() && *got);
    EXPECT_EQ(bytes, "");
    got = (*cache)->Get(4, &bytes);
    ASSERT_TRUE(got.ok());
    EXPECT_FALSE(*got);
    EXPECT_EQ((*cache)->bytes(), 11u);
    EXPECT_EQ(::access(path.c_str(), F_OK), 0);
  }
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

TEST(AnalysisCache, UnwritableFolderIsAnIoErrorNamingTheFile) {
  auto cache = AnalysisCache::Create("/nonexistent-saring-folder/analysis.bin");
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.status().code(), StatusCode::kIoError);
  EXPECT_NE(cache.status().message().find("/nonexistent-saring-folder/analysis.bin"),
            std::string::npos);
}

TEST(AnalysisCache, ReusedOnlyWhereNothingElseIsNeeded) {
  RunOptions o;
  EXPECT_TRUE(ReusableAnalysis(o));
  o.near_dup_reuse_analysis = false;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.boilerplate = true;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.paragraph_dedup = true;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.against_index = "archive.idx";
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.near_dup = false;
  EXPECT_FALSE(ReusableAnalysis(o));
}

}  // namespace
}  // namespace saring::pipeline
