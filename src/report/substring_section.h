// The report's substring-dedup section (docs/substrings.md): the passages cut most often as
// duplicate_substring (grouped by their first occurrence: every later copy of one passage points
// at the same place), and the bytes cut per input.
//
// Thread-safety: plain data; one collector per report.
#ifndef SARING_REPORT_SUBSTRING_SECTION_H_
#define SARING_REPORT_SUBSTRING_SECTION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "output_reader/doc_text.h"

namespace saring::report {

struct ReportData;

struct SubstringReport {
  struct Passage {
    uint64_t copies = 0, bytes = 0;
    std::string example;  // the text of one copy (elided)
  };
  // (first occurrence's id, begin, end) -> its cut copies; at most kMaxPassages are tracked.
  std::map<std::tuple<std::string, uint64_t, uint64_t>, Passage> passages;
  uint64_t untracked = 0;  // copies of passages past the bound
  // Input (shard name prefix "part-IIIII") -> spans and bytes cut.
  std::map<std::string, std::pair<uint64_t, uint64_t>> per_input;

  // Counts a duplicate_substring span of a kept record read from `shard` (a shard path).
  void Add(std::string_view shard, const SpanView& s);
};

// Appends the section (nothing when no span was cut as duplicate_substring).
void AppendSubstringSection(const ReportData& data, std::string* out);

}  // namespace saring::report

#endif  // SARING_REPORT_SUBSTRING_SECTION_H_
