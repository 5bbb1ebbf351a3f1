#include "saring/explain.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "output_reader/output_folder_test_util.h"

namespace saring {
namespace {

using report_test::ScratchDir;

Explanation MustExplain(const std::string& dir, const std::string& id) {
  Result<Explanation> e = Explain(dir, id, {});
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : Explanation();
}

TEST(Explain, KeptDocumentShowsEachSpanInContext) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  Explanation e = MustExplain(dir.path(), "k-1");
  EXPECT_EQ(e.fate, DocumentFate::kKept);
  EXPECT_EQ(e.shard_line, 1u);
  EXPECT_EQ(e.original_text,
            report_test::kP0 + report_test::kShared + report_test::kP1 + report_test::kCredit);
  ASSERT_EQ(e.spans.size(), 2u);
  const ExplainedSpan& dup = e.spans[0];
  EXPECT_EQ(dup.reason, "duplicate_paragraph");
  EXPECT_EQ(dup.context_before, report_test::kP0);
  EXPECT_EQ(dup.context_after, report_test::kP1 + report_test::kCredit);
  ASSERT_TRUE(dup.duplicate_of.has_value());
  EXPECT_EQ(*dup.duplicate_of, "k-2");
  // Fetched from k-2's original text at the recorded offsets.
  ASSERT_TRUE(dup.duplicated_text.has_value());
  EXPECT_EQ(*dup.duplicated_text, report_test::kShared);
  EXPECT_EQ(e.spans[1].reason, "credit_line");
  EXPECT_EQ(e.language, "id");
  EXPECT_EQ(e.cluster_size, 3);

  std::string text = FormatExplanation(e, {});
  EXPECT_NE(text.find("k-1: kept"), std::string::npos) << text;
  EXPECT_NE(text.find("[1] duplicate_paragraph at bytes 68–136 (68 bytes)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("      | [-Pemerintah daerah menyiapkan operasi pasar murah di tiga "
                      "kecamatan.\n      | -]Pedagang"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("duplicates k-2 bytes 22–90:"), std::string::npos) << text;
  EXPECT_EQ(text.find("\033["), std::string::npos);
  ExplainFormat color;
  color.color = true;
  EXPECT_NE(FormatExplanation(e, color).find("\033[9;31mPemerintah"), std::string::npos);
}

TEST(Explain, NearDuplicateIsDiffedAgainstItsSurvivor) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  Explanation e = MustExplain(dir.path(), "n-1");
  EXPECT_EQ(e.fate, DocumentFate::kRemoved);
  EXPECT_EQ(e.reason, "near_duplicate");
  EXPECT_EQ(e.duplicate_of, "k-1");
  EXPECT_EQ(e.near_duplicate.similarity, 0.9);
  EXPECT_EQ(e.near_duplicate.similarity_kind, "estimated");
  EXPECT_EQ(e.near_duplicate.cluster_id, 7);
  EXPECT_TRUE(e.survivor_found);
  std::string text = FormatExplanation(e, {});
  EXPECT_NE(text.find("similarity: 0.9 (estimated)"), std::string::npos) << text;
  EXPECT_NE(text.find("[-drastis -]{+tajam +}"), std::string::npos) << text;
}

TEST(Explain, QualityAndLanguageRemovalsShowTheirRule) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  Explanation q = MustExplain(dir.path(), "q-1");
  EXPECT_EQ(q.rule, "gopher.word_count");
  EXPECT_EQ(q.value, 12);
  EXPECT_EQ(q.threshold, 50);
  EXPECT_NE(FormatExplanation(q, {}).find("threshold: 50"), std::string::npos);
  Explanation l = MustExplain(dir.path(), "l-1");
  EXPECT_EQ(l.language, "ms");
  EXPECT_EQ(l.score, 0.81);
}

TEST(Explain, QuarantinedRecordsAreFoundByTheIdInTheirRawBytes) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  Explanation bad1 = MustExplain(dir.path(), "bad-1");
  EXPECT_EQ(bad1.fate, DocumentFate::kQuarantined);
  EXPECT_EQ(bad1.error, "malformed_json");
  EXPECT_EQ(bad1.line, 4u);
  EXPECT_EQ(bad1.raw, "{\"id\": \"bad-1\", \"text\": broken");
  Explanation bad2 = MustExplain(dir.path(), "bad-2");  // stored as raw_base64
  EXPECT_EQ(bad2.error, "invalid_utf8");
  EXPECT_EQ(bad2.raw, "{\"id\":\"bad-2\",\"text\":\"\xff\"}");
  EXPECT_NE(FormatExplanation(bad2, {}).find("in/a.jsonl line 9 (byte 700)"), std::string::npos);
}

TEST(Explain, UnknownIdIsNotFound) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  Result<Explanation> e = Explain(dir.path(), "nope", {});
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("'nope'"), std::string::npos);
  EXPECT_EQ(Explain(dir.path() + "/missing", "k-1", {}).status().code(), StatusCode::kNotFound);
}

TEST(Explain, JsonIsOneParsableObject) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  for (const char* id : {"k-1", "n-2", "bad-2", "e-1"}) {
    std::string json = ExplanationToJson(MustExplain(dir.path(), id));
    EXPECT_EQ(json.find('\n'), json.size() - 1);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
    EXPECT_EQ(std::string_view(doc["id"]), id);
  }
  std::string json = ExplanationToJson(MustExplain(dir.path(), "k-1"));
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(std::string_view(doc["status"]), "kept");
  EXPECT_EQ(std::string_view(doc["spans"].at(0)["duplicate_of"]["text"]), report_test::kShared);
  EXPECT_EQ(uint64_t(doc["saring"]["cluster"]["size"]), 3u);
}

}  // namespace
}  // namespace saring
