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

}  // namespace
}  // namespace saring::pipeline
