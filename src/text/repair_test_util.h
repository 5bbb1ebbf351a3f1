// Helpers shared by the repair tests (private, test-only).
#ifndef SARING_TEXT_REPAIR_TEST_UTIL_H_
#define SARING_TEXT_REPAIR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/repair.h"

namespace saring::text {

// Byte offset where 1-based line `line` starts; text.size() past the last line.
inline uint32_t LineStart(std::string_view text, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return static_cast<uint32_t>(text.size());
    pos = nl + 1;
  }
  return static_cast<uint32_t>(pos);
}

// Byte offset where the content of 1-based line `line` ends (before "\n" or "\r\n").
inline uint32_t LineEnd(std::string_view text, int line) {
  uint32_t end = LineStart(text, line + 1);
  if (end > 0 && end <= text.size() && text[end - 1] == '\n') --end;
  if (end > 0 && text[end - 1] == '\r') --end;
  return end;
}

// Checks the invariants every RepairResult must satisfy for `text`.
inline void ExpectConsistent(std::string_view text, const RepairResult& r) {
  std::string kept;
  std::vector<std::pair<uint32_t, std::string>> spans;
  size_t cursor = 0;
  size_t removed_paragraphs = 0;
  for (const RemovedSpan& s : r.removed) {
    ASSERT_LE(cursor, s.begin);
    ASSERT_LT(s.begin, s.end);
    ASSERT_LE(s.end, text.size());
    kept.append(text.substr(cursor, s.begin - cursor));
    cursor = s.end;
    spans.emplace_back(s.begin, std::string(text.substr(s.begin, s.end - s.begin)));
    if (s.reason == SpanReason::kByteOrderMark) continue;
    ++removed_paragraphs;
    ASSERT_GE(s.paragraph, 0);
    const Paragraph& p = r.paragraphs[s.paragraph];
    EXPECT_TRUE(p.removed);
    EXPECT_EQ(p.begin, s.begin);
    const bool has_target =
        s.reason == SpanReason::kRepeatedParagraph || s.reason == SpanReason::kContainedParagraph;
    if (!has_target) continue;
    ASSERT_GE(s.duplicate_of, 0);
    const Paragraph& target = r.paragraphs[s.duplicate_of];
    EXPECT_FALSE(target.removed);
    EXPECT_EQ(s.dup_begin, target.begin);
    EXPECT_EQ(s.dup_end, target.end);
    const std::string_view norm = r.normalized_all;
    const std::string_view mine =
        norm.substr(p.normalized_begin, p.normalized_end - p.normalized_begin);
    const std::string_view theirs =
        norm.substr(target.normalized_begin, target.normalized_end - target.normalized_begin);
    if (s.reason == SpanReason::kRepeatedParagraph) {
      EXPECT_EQ(mine, theirs);
    } else {
      EXPECT_NE(theirs.find(mine), std::string_view::npos);
      EXPECT_GT(theirs.size(), mine.size());
    }
  }
  kept.append(text.substr(cursor));
  EXPECT_EQ(r.kept_text, kept);
  EXPECT_EQ(RebuildOriginal(r.kept_text, spans), text);
  size_t flagged = 0;
  std::string kept_normalized;
  bool first_kept = true;
  for (const Paragraph& p : r.paragraphs) {
    flagged += p.removed;
    if (p.removed) continue;
    if (!first_kept) kept_normalized.push_back('\n');
    first_kept = false;
    kept_normalized.append(r.normalized_all, p.normalized_begin,
                           p.normalized_end - p.normalized_begin);
  }
  EXPECT_EQ(flagged, removed_paragraphs);
  EXPECT_EQ(r.kept_normalized, kept_normalized);
}

}  // namespace saring::text

#endif  // SARING_TEXT_REPAIR_TEST_UTIL_H_
