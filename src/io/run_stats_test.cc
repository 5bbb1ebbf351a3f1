#include "saring/run_stats.h"

#include <gtest/gtest.h>

#include <string>

namespace saring {
namespace {

RunStats SampleStats() {
  RunStats s;
  FileLedger a;
  a.path = "in/a \"quoted\".jsonl";
  a.counts.records = 10;
  a.counts.kept = 6;
  a.counts.removed = {{"exact_duplicate", 2}, {"quality", 1}};
  a.counts.quarantined = {{"malformed_json", 1}};
  a.counts.bytes_in = 5000;
  a.counts.bytes_kept = 3100;
  a.blank_lines = 2;
  a.errors = {"truncated zstd stream at byte 900"};
  FileLedger b;
  b.path = "in/b.warc.gz";
  b.counts.records = 3;
  b.counts.kept = 2;
  b.counts.removed = {{"language", 1}};
  b.skipped_records = {{"request", 3}, {"warcinfo", 1}};
  s.files = {a, b};
  s.spans_removed = {{"boilerplate_template", {4, 210}}, {"duplicate_paragraph", {2, 96}}};
  s.stage_removed = {{"exact_dedup", 2}, {"language", 1}, {"quality", 1}};
  s.filters["quality"] = {9, 1, {{"gopher.word_count", 1}, {"c4.a/b~c", 0}}};
  s.filters["language"] = {12, 1, {{"ms", 1}}};
  s.languages = {{"id", 7}, {"ms", 1}};
  s.warnings = {{"filter_removes_nothing", "the quality filter removed 0 of 9 documents\n(0.0 %)"}};
  s.documents_with_spans_removed = 3;
  return s;
}

TEST(RunStatsJson, ReadsBackWhatItWrites) {
  RunStats s = SampleStats();
  Result<RunStats> back = RunStats::FromJson(s.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(back->ToJson(), s.ToJson());
  Result<RunStats> empty = RunStats::FromJson(RunStats().ToJson());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, RunStats());
}

TEST(RunStatsJson, KeepsUnknownMembersAndLeavesAbsentOnesEmpty) {
  Result<RunStats> s = RunStats::FromJson(
      R"({"format": "saring-stats/1", "future": {"b": [1, 2]}, "languages": {"id": 4}, "also": "x"})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->languages, (std::map<std::string, uint64_t>{{"id", 4}}));
  EXPECT_TRUE(s->files.empty());
  ASSERT_EQ(s->unknown_members.size(), 2u);
  EXPECT_EQ(s->unknown_members[0],
            (std::pair<std::string, std::string>{"future", R"({"b":[1,2]})"}));
  EXPECT_EQ(s->unknown_members[1].first, "also");
}

// Each broken ledger is Corruption, and the message names the source and where it broke.
TEST(RunStatsJson, BrokenLedgersNameTheSourceAndTheMember) {
  std::string good = SampleStats().ToJson();
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  const std::pair<std::string, std::string> cases[] = {
      {"{\"format\": ", "the ledger is not JSON"},
      {"[1, 2]", "the ledger is not a JSON object"},
      {replaced("saring-stats/1", "other/1"), "/format is not \"saring-stats/...\""},
      {replaced("\"kept\": 6", "\"kept\": -6"), "/files/0/kept is not a count"},
      {replaced("\"kept\": 6", "\"kept\": 6.5"), "/files/0/kept is not a count"},
      {replaced("\"gopher.word_count\": 1", "\"gopher.word_count\": \"1\""),
       "/filters/quality/by_cause/gopher.word_count is not a count"},
      {replaced("\"c4.a/b~c\": 0", "\"c4.a/b~c\": null"),
       "/filters/quality/by_cause/c4.a~1b~0c is not a count"},
      {replaced("\"errors\": [\"", "\"errors\": [7, \""), "/files/0/errors/0 is not a string"},
      {replaced("\"files\": [", "\"files\": [3, "), "/files/0 is not an object"},
      {replaced("\"records\": 13", "\"records\": 14"), "/totals do not equal the sum of /files"},
  };
  for (const auto& [json, message] : cases) {
    Result<RunStats> s = RunStats::FromJson(json, "out/stats.json");
    ASSERT_FALSE(s.ok()) << message;
    EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
    EXPECT_NE(s.status().message().find("out/stats.json: " + message), std::string::npos)
        << s.status().ToString();
  }
}

}  // namespace
}  // namespace saring
