#include "pipeline/analysis_cache.h"

#include <unistd.h>

#include <string>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

// A document as the signing pass leaves it: original text, two removed spans, a language guess,
// quality signals and a failed rule.
DocWork AnalysedDoc(const std::vector<RuleInfo>& rules) {
  DocWork d;
  d.text = "Lead paragraph.\n\nLead paragraph.\n(esn/indo)\nLast words.";
  d.text_bytes = d.text.size();
  d.parsed.id = "a-01";
  d.parsed.layout.text_begin = 20;
  d.parsed.layout.text_end = 90;
  d.parsed.layout.metadata_kind = MetadataKind::kObject;
  d.parsed.layout.metadata_begin = 103;
  d.parsed.layout.metadata_end = 130;
  d.parsed.layout.metadata_close = 129;
  d.parsed.layout.metadata_empty = false;
  d.parsed.layout.has_saring = true;
  d.parsed.layout.saring_begin = 115;
  d.parsed.layout.saring_end = 128;
  d.parsed.layout.root_close = 131;
  d.parsed.layout.root_empty = false;
  d.fate = DocFate::kRemoved;
  d.reason = RemovalReason::kQuality;
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

// The line the documents above are said to come from (only its length and hash matter here).
constexpr std::string_view kLine = R"({"id":"a-01","text":"...","metadata":{"saring":{}}})";

TEST(AnalysisCache, DocumentRoundTrips) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  DocWork quarantined;
  quarantined.fate = DocFate::kQuarantined;
  std::string bytes;
  PutAnalysis(in, kLine, &bytes);
  PutAnalysis(quarantined, "not json", &bytes);

  std::string_view view = bytes;
  EXPECT_TRUE(NextIsAnalysed(view));
  DocWork out;
  RecordImage image;
  ASSERT_TRUE(GetAnalysis(&view, rules, &out, &image));
  EXPECT_TRUE(image.present);
  EXPECT_EQ(image.line_bytes, kLine.size());
  EXPECT_EQ(image.line_hash, XXH3_64bits(kLine.data(), kLine.size()));
  EXPECT_EQ(image.id, "a-01");
  EXPECT_FALSE(image.id_generated);
  EXPECT_TRUE(image.layout == in.parsed.layout);
  EXPECT_EQ(out.text_bytes, in.text.size());
  EXPECT_EQ(out.fate, DocFate::kRemoved);
  EXPECT_EQ(out.reason, RemovalReason::kQuality);
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

  EXPECT_FALSE(NextIsAnalysed(view));
  DocWork q;
  q.fate = DocFate::kQuarantined;  // the record failed to parse again, as in the signing pass
  ASSERT_TRUE(GetAnalysis(&view, rules, &q, nullptr));
  EXPECT_TRUE(view.empty());

  // Without an image to fill, the record was parsed again: the image is skipped.
  view = bytes;
  DocWork parsed;
  parsed.text = in.text;
  parsed.text_bytes = in.text.size();
  ASSERT_TRUE(GetAnalysis(&view, rules, &parsed, nullptr));
  EXPECT_EQ(parsed.repair.removed.size(), 2u);
  EXPECT_TRUE(NextIsAnalysed(bytes) && !NextIsAnalysed(view));
}

TEST(AnalysisCache, TextFileDocumentsHaveNoImage) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  in.from_text_file = true;
  std::string bytes;
  PutAnalysis(in, in.text, &bytes);
  std::string_view view = bytes;
  DocWork out;
  RecordImage image;
  EXPECT_FALSE(GetAnalysis(&view, rules, &out, &image));  // an image was asked for
  view = bytes;
  out.text_bytes = in.text.size();
  EXPECT_TRUE(GetAnalysis(&view, rules, &out, nullptr));
  EXPECT_TRUE(view.empty());
}

TEST(AnalysisCache, WarcDocumentsKeepTheirBuiltTextAndMetadata) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  in.from_text_file = true;
  in.from_warc = true;
  in.parsed.id = "urn:uuid:1";
  in.record_metadata = ",\"url\":\"https://a.example/\",\"warc_offset\":7";
  const std::string record = "WARC/1.0\r\nContent-Length: 3\r\n\r\n<p>";
  std::string bytes;
  PutAnalysis(in, record, &bytes);
  std::string_view view = bytes;
  DocWork out;
  RecordImage image;
  ASSERT_TRUE(GetAnalysis(&view, rules, &out, &image));
  EXPECT_TRUE(view.empty());
  EXPECT_TRUE(image.present && image.built);
  EXPECT_EQ(image.text, in.text);
  EXPECT_EQ(image.record_metadata, in.record_metadata);
  EXPECT_EQ(image.id, "urn:uuid:1");
  EXPECT_EQ(image.line_bytes, record.size());
  EXPECT_EQ(out.text_bytes, in.text.size());
  EXPECT_EQ(out.repair.removed.size(), in.repair.removed.size());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {  // a cut spill is refused
    std::string_view part(bytes.data(), cut);
    DocWork o;
    EXPECT_FALSE(GetAnalysis(&part, rules, &o, &image)) << cut;
  }
}

TEST(AnalysisCache, MalformedOrMismatchedBytesAreRefused) {
  const std::vector<RuleInfo> rules = DescribeRules(QualityOptions());
  DocWork in = AnalysedDoc(rules);
  std::string bytes;
  PutAnalysis(in, kLine, &bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {  // every truncation, either way of reading
    std::string_view view(bytes.data(), cut);
    DocWork out;
    out.text_bytes = in.text.size();
    EXPECT_FALSE(GetAnalysis(&view, rules, &out, nullptr)) << cut;
    view = std::string_view(bytes.data(), cut);
    RecordImage image;
    DocWork restored;
    EXPECT_FALSE(GetAnalysis(&view, rules, &restored, &image)) << cut;
  }
  {  // a span past the end of the text: the record is not the one analysed
    std::string_view view = bytes;
    DocWork out;
    out.text_bytes = 5;
    EXPECT_FALSE(GetAnalysis(&view, rules, &out, nullptr));
  }
  {  // analysed then, quarantined now
    std::string_view view = bytes;
    DocWork out;
    out.text_bytes = in.text.size();
    out.fate = DocFate::kQuarantined;
    EXPECT_FALSE(GetAnalysis(&view, rules, &out, nullptr));
  }
  {  // a rule the run does not know
    std::string_view view = bytes;
    DocWork out;
    out.text_bytes = in.text.size();
    EXPECT_FALSE(GetAnalysis(&view, {}, &out, nullptr));
  }
  {  // a flag byte of the image that is neither 0 nor 1
    std::string bad = bytes;
    bad[1] = 2;
    std::string_view view = bad;
    RecordImage image;
    DocWork out;
    EXPECT_FALSE(GetAnalysis(&view, rules, &out, &image));
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
  o.near_dup.reuse_analysis = false;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.boilerplate.enabled = true;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.dedup.paragraphs = true;
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.against_index = "archive.idx";
  EXPECT_FALSE(ReusableAnalysis(o));
  o = RunOptions();
  o.near_dup.enabled = false;
  EXPECT_FALSE(ReusableAnalysis(o));
}

}  // namespace
}  // namespace saring::pipeline
