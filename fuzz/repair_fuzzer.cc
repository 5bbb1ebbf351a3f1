// Fuzz target: paragraph splitting and document repair (include/saring/repair.h).
//
// Input: the text, then trailing bytes choosing the RepairOptions and whether ill-formed UTF-8
// is replaced by '?' (Repair's REQUIRES) or kept (it must still do no harm). Properties:
//  - removed spans are sorted, non-overlapping and inside the text; each (but the BOM) cuts one
//    removed paragraph plus its line terminator, and every removed paragraph has its span;
//  - kept_text is the text minus the spans, and RebuildOriginal gives the text back;
//  - paragraphs are non-empty, in order, inside the text; their normalised slices tile
//    normalized_all (joined by '\n'), equal NormalizeText of their bytes, and hash to `hash`;
//  - kept_normalized joins the kept paragraphs' normalised text;
//  - a span's reason is enabled in the options; a repeated paragraph's normalised text equals
//    that of the kept paragraph it names, a contained one's occurs inside it; credit lines are
//    single lines;
//  - a repairer reused after another document gives the same result as a fresh one.
#include <fuzzer/FuzzedDataProvider.h>
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_utf8.h"
#include "saring/normalize.h"
#include "saring/repair.h"

namespace {

using saring::Paragraph;
using saring::RemovedSpan;
using saring::RepairOptions;
using saring::RepairResult;
using saring::SpanReason;

std::string_view Slice(std::string_view s, uint32_t begin, uint32_t end) {
  return s.substr(begin, end - begin);
}

bool IsLineTerminator(std::string_view s) {
  return s.empty() || s == "\n" || s == "\r\n" || s == "\r";
}

void CheckParagraphs(std::string_view text, const RepairResult& r) {
  const saring::NormalizeOptions normalize_options;
  std::string expected_norm;
  uint32_t prev_end = 0, prev_line = 0, norm_cursor = 0;
  for (size_t i = 0; i < r.paragraphs.size(); ++i) {
    const Paragraph& p = r.paragraphs[i];
    SARING_FUZZ_CHECK(p.begin < p.end && p.end <= text.size(), "paragraph empty or out of bounds");
    SARING_FUZZ_CHECK(i == 0 || p.begin > prev_end, "paragraphs overlap or are out of order");
    SARING_FUZZ_CHECK(p.first_line <= p.last_line && p.first_line > prev_line, "bad line numbers");
    SARING_FUZZ_CHECK(p.normalized_begin == norm_cursor && p.normalized_begin <= p.normalized_end &&
                          p.normalized_end <= r.normalized_all.size(),
                      "normalised slices do not tile normalized_all");
    const std::string_view norm = Slice(r.normalized_all, p.normalized_begin, p.normalized_end);
    expected_norm.clear();
    saring::NormalizeText(Slice(text, p.begin, p.end), normalize_options, &expected_norm);
    SARING_FUZZ_CHECK(norm == expected_norm, "paragraph's normalised text is not NormalizeText");
    SARING_FUZZ_CHECK(p.hash == XXH3_64bits(norm.data(), norm.size()), "paragraph hash");
    const bool last = i + 1 == r.paragraphs.size();
    SARING_FUZZ_CHECK(last ? p.normalized_end == r.normalized_all.size()
                           : r.normalized_all[p.normalized_end] == '\n',
                      "normalised paragraphs are not joined by a newline");
    norm_cursor = p.normalized_end + 1;
    prev_end = p.end;
    prev_line = p.last_line;
  }
  if (r.paragraphs.empty()) SARING_FUZZ_CHECK(r.normalized_all.empty(), "normalized_all");
}

void CheckDuplicate(const RepairResult& r, const RemovedSpan& s, const RepairOptions& options) {
  const Paragraph& p = r.paragraphs[s.paragraph];
  const std::string_view norm = Slice(r.normalized_all, p.normalized_begin, p.normalized_end);
  if (s.reason == SpanReason::kCreditLine) {
    SARING_FUZZ_CHECK(options.remove_credits, "credit line cut with remove_credits off");
    SARING_FUZZ_CHECK(s.duplicate_of == -1 && p.first_line == p.last_line, "credit line span");
    return;
  }
  SARING_FUZZ_CHECK(
      s.reason == SpanReason::kRepeatedParagraph || s.reason == SpanReason::kContainedParagraph,
      "unexpected span reason");
  SARING_FUZZ_CHECK(s.duplicate_of >= 0 &&
                        s.duplicate_of < static_cast<int32_t>(r.paragraphs.size()) &&
                        s.duplicate_of != s.paragraph,
                    "duplicate_of out of range");
  const Paragraph& target = r.paragraphs[s.duplicate_of];
  SARING_FUZZ_CHECK(!target.removed, "duplicate_of names a removed paragraph");
  SARING_FUZZ_CHECK(s.dup_begin == target.begin && s.dup_end == target.end, "dup_begin/dup_end");
  const std::string_view target_norm =
      Slice(r.normalized_all, target.normalized_begin, target.normalized_end);
  SARING_FUZZ_CHECK(!norm.empty(), "an empty paragraph was cut as a duplicate");
  if (s.reason == SpanReason::kRepeatedParagraph) {
    SARING_FUZZ_CHECK(options.remove_repeated, "repeat cut with remove_repeated off");
    SARING_FUZZ_CHECK(norm == target_norm, "repeated paragraph differs from its original");
  } else {
    SARING_FUZZ_CHECK(options.remove_contained, "containment cut with remove_contained off");
    SARING_FUZZ_CHECK(norm.size() >= options.min_contained_chars, "contained paragraph too short");
    SARING_FUZZ_CHECK(
        norm.size() < target_norm.size() && target_norm.find(norm) != std::string_view::npos,
        "contained paragraph does not occur in its container");
  }
}

void CheckSpans(std::string_view text, const RepairResult& r, const RepairOptions& options) {
  uint32_t prev_end = 0;
  size_t removed_paragraphs = 0;
  for (const Paragraph& p : r.paragraphs) removed_paragraphs += p.removed;
  size_t paragraph_spans = 0;
  std::string kept;
  std::vector<std::pair<uint32_t, std::string>> cut;
  for (const RemovedSpan& s : r.removed) {
    SARING_FUZZ_CHECK(s.begin < s.end && s.end <= text.size(), "span empty or out of bounds");
    SARING_FUZZ_CHECK(s.begin >= prev_end, "spans overlap or are out of order");
    kept.append(Slice(text, prev_end, s.begin));
    cut.emplace_back(s.begin, std::string(Slice(text, s.begin, s.end)));
    prev_end = s.end;
    if (s.reason == SpanReason::kByteOrderMark) {
      SARING_FUZZ_CHECK(
          s.begin == 0 && s.end == 3 && text.substr(0, 3) == "\xEF\xBB\xBF" && s.paragraph == -1,
          "BOM span");
      continue;
    }
    SARING_FUZZ_CHECK(s.paragraph >= 0 && s.paragraph < static_cast<int32_t>(r.paragraphs.size()),
                      "span names no paragraph");
    const Paragraph& p = r.paragraphs[s.paragraph];
    SARING_FUZZ_CHECK(p.removed && s.begin == p.begin && s.end >= p.end,
                      "span is not its paragraph");
    SARING_FUZZ_CHECK(IsLineTerminator(Slice(text, p.end, s.end)), "span cuts past the terminator");
    CheckDuplicate(r, s, options);
    ++paragraph_spans;
  }
  kept.append(text.substr(prev_end));
  SARING_FUZZ_CHECK(paragraph_spans == removed_paragraphs, "removed paragraph without a span");
  SARING_FUZZ_CHECK(kept == r.kept_text, "kept_text is not the text minus the spans");
  SARING_FUZZ_CHECK(saring::RebuildOriginal(r.kept_text, cut) == text, "RebuildOriginal");
}

void CheckKeptNormalized(const RepairResult& r) {
  std::string expected;
  bool first = true;
  for (const Paragraph& p : r.paragraphs) {
    if (p.removed) continue;
    if (!first) expected.push_back('\n');
    first = false;
    expected.append(Slice(r.normalized_all, p.normalized_begin, p.normalized_end));
  }
  SARING_FUZZ_CHECK(expected == r.kept_normalized, "kept_normalized");
}

void CheckResult(std::string_view text, const RepairResult& r, const RepairOptions& options) {
  CheckParagraphs(text, r);
  CheckSpans(text, r, options);
  CheckKeptNormalized(r);
}

bool SameParagraph(const Paragraph& a, const Paragraph& b) {
  return a.begin == b.begin && a.end == b.end && a.first_line == b.first_line &&
         a.last_line == b.last_line && a.hash == b.hash &&
         a.normalized_begin == b.normalized_begin && a.normalized_end == b.normalized_end &&
         a.removed == b.removed;
}

bool SameSpan(const RemovedSpan& a, const RemovedSpan& b) {
  return a.begin == b.begin && a.end == b.end && a.reason == b.reason &&
         a.paragraph == b.paragraph && a.duplicate_of == b.duplicate_of &&
         a.dup_begin == b.dup_begin && a.dup_end == b.dup_end;
}

bool SameResult(const RepairResult& a, const RepairResult& b) {
  if (a.paragraphs.size() != b.paragraphs.size() || a.removed.size() != b.removed.size())
    return false;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    if (!SameParagraph(a.paragraphs[i], b.paragraphs[i])) return false;
  }
  for (size_t i = 0; i < a.removed.size(); ++i) {
    if (!SameSpan(a.removed[i], b.removed[i])) return false;
  }
  return a.kept_text == b.kept_text && a.kept_normalized == b.kept_normalized &&
         a.normalized_all == b.normalized_all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  RepairOptions options;  // the trailing bytes choose; all zero bytes keep the defaults
  const uint8_t flags = fdp.ConsumeIntegral<uint8_t>();
  options.remove_repeated = (flags & 1) == 0;
  options.remove_contained = (flags & 2) == 0;
  options.remove_credits = (flags & 4) == 0;
  const uint8_t min_contained = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t max_credit = fdp.ConsumeIntegral<uint8_t>();
  if (min_contained != 0) options.min_contained_chars = min_contained % 64;
  if (max_credit != 0) options.max_credit_chars = max_credit % 96;
  // Repair wants valid UTF-8 but promises that invalid bytes do no harm: flag bit 3 keeps them.
  const std::string raw = fdp.ConsumeRemainingBytesAsString();
  const std::string text = (flags & 8) ? raw : saring_fuzz::MakeValidUtf8(raw);

  saring::DocumentRepairer fresh(options);
  RepairResult expected;
  fresh.Repair(text, &expected);
  CheckResult(text, expected, options);

  // The same repairer and result object, after a different (longer) document.
  const std::string doubled = text + "\n\n" + text;
  RepairResult reused;
  fresh.Repair(doubled, &reused);
  CheckResult(doubled, reused, options);
  fresh.Repair(text, &reused);
  SARING_FUZZ_CHECK(SameResult(expected, reused), "a reused repairer gives a different result");
  return 0;
}
