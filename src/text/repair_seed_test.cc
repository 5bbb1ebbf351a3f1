// Checks the repair of the shared seed document (docs: /work/shared/golden/seed/README.md) when
// the shared folder is present; skipped otherwise. The expectations are written in line numbers
// from the README; byte offsets are derived from the file itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "saring/repair.h"
#include "text/repair_test_util.h"

namespace saring::text {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("SARING_SHARED_DIR");
  return env != nullptr ? std::string(env) : std::string(SARING_SOURCE_DIR "/../shared");
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

std::string TrimTrailingWhitespace(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  return s;
}

TEST(SeedDocument, KeptTextAndSpans) {
  const std::string dir = SharedDir() + "/golden/seed";
  std::string text, expected_kept;
  if (!ReadFile(dir + "/000_005f5a89bd05a5c8.txt", &text) ||
      !ReadFile(dir + "/expected-kept.txt", &expected_kept)) {
    GTEST_SKIP() << "seed document not found under " << dir;
  }
  DocumentRepairer repairer(RepairOptions{});
  RepairResult r;
  repairer.Repair(text, &r);
  ExpectConsistent(text, r);
  EXPECT_EQ(TrimTrailingWhitespace(r.kept_text), TrimTrailingWhitespace(expected_kept));

  struct Expected {
    int first, last;
    SpanReason reason;
    int dup_first, dup_last;
  };
  const Expected expected[] = {{1, 2, SpanReason::kContainedParagraph, 4, 8},
                               {3, 3, SpanReason::kCreditLine, 0, 0},
                               {13, 13, SpanReason::kRepeatedParagraph, 9, 9},
                               {14, 14, SpanReason::kRepeatedParagraph, 10, 10},
                               {15, 15, SpanReason::kRepeatedParagraph, 11, 11},
                               {16, 16, SpanReason::kRepeatedParagraph, 12, 12},
                               {17, 17, SpanReason::kCreditLine, 0, 0}};
  ASSERT_EQ(r.removed.size(), std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) {
    const RemovedSpan& s = r.removed[i];
    EXPECT_EQ(s.begin, LineStart(text, expected[i].first)) << i;
    EXPECT_EQ(s.end, LineStart(text, expected[i].last + 1)) << i;
    EXPECT_EQ(s.reason, expected[i].reason) << i;
    const Paragraph& p = r.paragraphs[s.paragraph];
    EXPECT_EQ(p.first_line, static_cast<uint32_t>(expected[i].first)) << i;
    EXPECT_EQ(p.last_line, static_cast<uint32_t>(expected[i].last)) << i;
    if (expected[i].dup_first == 0) {
      EXPECT_EQ(s.duplicate_of, -1) << i;
      continue;
    }
    ASSERT_GE(s.duplicate_of, 0) << i;
    EXPECT_EQ(r.paragraphs[s.duplicate_of].first_line, static_cast<uint32_t>(expected[i].dup_first))
        << i;
    EXPECT_EQ(r.paragraphs[s.duplicate_of].last_line, static_cast<uint32_t>(expected[i].dup_last))
        << i;
    EXPECT_EQ(s.dup_begin, LineStart(text, expected[i].dup_first)) << i;
    EXPECT_EQ(s.dup_end, LineEnd(text, expected[i].dup_last)) << i;
  }
}

}  // namespace
}  // namespace saring::text
