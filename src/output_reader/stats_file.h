// The run ledger (DIR/stats.json, format "saring-stats/1") and run facts (DIR/run-info.json), read
// into plain structs for the report. Unknown members are kept as minified JSON so that a newer
// ledger still shows everything.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_OUTPUT_READER_STATS_FILE_H_
#define SARING_OUTPUT_READER_STATS_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/status.h"

namespace saring::report {

// Name -> count, in the order of the file.
using CountList = std::vector<std::pair<std::string, uint64_t>>;

struct LedgerRow {
  uint64_t records = 0, kept = 0, removed_total = 0, quarantined_total = 0;
  uint64_t bytes_in = 0, bytes_kept = 0;
  bool balanced = false;
  CountList removed, quarantined;
};

struct FileRow {
  std::string path;
  LedgerRow ledger;
  uint64_t blank_lines = 0;
  std::vector<std::string> errors;
};

struct SpanCount {
  std::string reason;
  uint64_t spans = 0, bytes = 0;
};

struct RunWarningRow {
  std::string kind, message;
};

// One filter stage (stats.json "filters"): documents it checked and removed, and why.
struct FilterRow {
  std::string name;
  uint64_t checked = 0, removed = 0;
  CountList by_cause;  // rule or language -> documents removed
};

struct StatsFile {
  std::string format;
  LedgerRow totals;
  std::vector<SpanCount> spans_removed;
  uint64_t documents_with_spans_removed = 0;
  CountList stage_removed;
  std::vector<FilterRow> filters;
  CountList languages;  // language code -> kept documents
  std::vector<RunWarningRow> warnings;
  std::vector<FileRow> files;
  std::vector<std::pair<std::string, std::string>> other;  // unknown top-level key -> minified JSON
};

// Parses stats.json. Errors: Corruption naming `path` if the text is not a JSON object.
Result<StatsFile> ParseStatsFile(std::string_view json, std::string_view path);

// run-info.json as (key, display value) pairs in file order: strings as is, arrays of strings
// joined with ", ", other values as JSON. Malformed or missing input gives an empty list.
std::vector<std::pair<std::string, std::string>> ParseRunInfo(std::string_view json);

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_STATS_FILE_H_
