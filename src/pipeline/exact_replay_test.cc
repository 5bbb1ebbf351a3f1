// The signing pass's exact-dedup decisions, replayed by the final pass (NearDupState).
#include <gtest/gtest.h>

#include "pipeline/decider.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

TEST(ExactReplay, ReplaysDecisionsInOrderAndRefusesOtherDocuments) {
  test_util::ScratchDir dir;
  RunOptions options;
  options.work_dir = dir.path();
  Result<std::unique_ptr<NearDupState>> made = NearDupState::Create(options);
  ASSERT_TRUE(made.ok()) << made.status().message();
  NearDupState& state = **made;
  ASSERT_TRUE(state.logs_exact());
  // Enough decisions to pass the log's write buffer and the replay's read-ahead several times.
  constexpr uint64_t kDocs = 200000;
  for (uint64_t i = 0; i < kDocs; ++i) {
    const std::string id = "doc-" + std::to_string(i / 3);
    ASSERT_TRUE(state.LogExact(i * 7919, i % 3 == 0 ? nullptr : &id).ok());
  }
  std::string dup;
  for (uint64_t i = 0; i < kDocs; ++i) {
    Result<bool> r = state.ReplayExact(i * 7919, &dup);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(*r, i % 3 != 0) << i;
    if (*r) {
      ASSERT_EQ(dup, "doc-" + std::to_string(i / 3));
    }
  }
  EXPECT_FALSE(state.ReplayExact(0, &dup).ok());  // past the end

  Result<std::unique_ptr<NearDupState>> other = NearDupState::Create(options);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->LogExact(1, nullptr).ok());
  Result<bool> wrong = (*other)->ReplayExact(2, &dup);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("other documents"), std::string::npos);

  options.dedup.paragraphs = true;  // shares the seen table in the final pass: no replay
  Result<std::unique_ptr<NearDupState>> para = NearDupState::Create(options);
  ASSERT_TRUE(para.ok());
  EXPECT_FALSE((*para)->logs_exact());
}

// A --strict final pass stops at the first bad record; the signing pass, which does not stop at
// one, logged the exact-dedup decisions of the documents after it. The runner used to let the next
// batch through the decide turnstile before it recorded the stop, so under load a later batch was
// decided from the stop and its replay met the log of the rest of the stopped batch: the run
// failed with "the final pass met other documents" instead of the bad record's own error. Every
// call after the stop must give the stop's error, and never read the log further.
TEST(ExactReplay, StrictStopStandsForLaterBatches) {
  test_util::ScratchDir dir;
  RunOptions options;
  options.work_dir = dir.path();
  options.strict = true;
  Result<std::unique_ptr<NearDupState>> made = NearDupState::Create(options);
  ASSERT_TRUE(made.ok()) << made.status().message();
  NearDupState& state = **made;
  ASSERT_TRUE(state.logs_exact());
  // The signing pass: batch 0 = {copy, bad record, copy}, batch 1 = {copy}; each document a copy
  // of "first" (removed, so that no near-dup decision is asked for).
  const std::string first = "first";
  for (uint64_t hash : {11, 12, 13}) ASSERT_TRUE(state.LogExact(hash, &first).ok());

  RunStats stats;
  stats.files.resize(1);
  Decider decider(options, PassKind::kFinal, &state, &stats);
  WorkBatch stopped;
  stopped.docs.resize(3);
  stopped.docs[0].doc_hash = 11;
  stopped.docs[1].fate = DocFate::kQuarantined;
  stopped.docs[1].error = RecordError::kMalformedJson;
  stopped.docs[1].error_detail = "in.jsonl line 2 (byte 40): not valid JSON";
  stopped.docs[2].doc_hash = 12;
  const Status stop = decider.Decide(&stopped);
  ASSERT_EQ(stop.code(), StatusCode::kAborted) << stop.message();
  EXPECT_NE(stop.message().find("in.jsonl line 2 (byte 40)"), std::string::npos) << stop.message();
  EXPECT_EQ(stopped.docs[0].fate, DocFate::kRemoved);
  EXPECT_EQ(stopped.docs[0].duplicate_of, first);
  EXPECT_EQ(stopped.docs[2].fate, DocFate::kKept);  // after the stop: not decided

  WorkBatch later;
  later.seq = 1;
  later.docs.resize(1);
  later.docs[0].doc_hash = 13;
  const Status again = decider.Decide(&later);
  EXPECT_EQ(again.code(), StatusCode::kAborted) << again.message();
  EXPECT_EQ(again.message(), stop.message());
  EXPECT_EQ(later.docs[0].fate, DocFate::kKept);
  EXPECT_EQ(stats.files[0].counts.records, 2u);  // the copy and the bad record, nothing later
}

}  // namespace
}  // namespace saring::pipeline
