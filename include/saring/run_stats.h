// RunStats: the ledger of a saring run, written to DIR/stats.json ("saring-stats/1") with ToJson
// and read back with FromJson (the report, tests). Between MPI ranks it travels in a binary form
// (SerializeStats / ParseStats, src/pipeline/distributed.cc).
//
// Every input document is counted exactly once, per input file: kept, removed (by reason) or
// quarantined (by error). For every file, records == kept + sum(removed) + sum(quarantined); the
// totals are the sums over files. Spans cut from kept documents are counted separately (they do not
// change the document counts).
//
// Thread-safety: a RunStats is a plain value; the pipeline fills it from one thread.
#ifndef SARING_RUN_STATS_H_
#define SARING_RUN_STATS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/status.h"

namespace saring {

struct LedgerCounts {
  uint64_t records = 0;
  uint64_t kept = 0;
  std::map<std::string, uint64_t> removed;      // reason -> documents
  std::map<std::string, uint64_t> quarantined;  // error -> records
  uint64_t bytes_in = 0;                        // text bytes of every document read
  uint64_t bytes_kept = 0;                      // text bytes written in kept documents

  uint64_t RemovedTotal() const;
  uint64_t QuarantinedTotal() const;
  // records == kept + removed + quarantined.
  bool Balanced() const { return records == kept + RemovedTotal() + QuarantinedTotal(); }
  void Add(const LedgerCounts& other);
  bool operator==(const LedgerCounts&) const = default;
};

struct FileLedger {
  std::string path;
  LedgerCounts counts;
  std::vector<std::string> errors;  // what stopped or broke the file (unreadable, truncated stream)
  uint64_t blank_lines = 0;         // skipped empty lines (not records)
  // WARC/WET records that are not documents, by kind (ReaderCounters::skipped_records); not records.
  std::map<std::string, uint64_t> skipped_records;
  bool operator==(const FileLedger&) const = default;
};

struct SpanCount {
  uint64_t spans = 0;
  uint64_t bytes = 0;
  bool operator==(const SpanCount&) const = default;
};

// A warning for a person, shown in the summary and stored in stats.json.
struct RunWarning {
  std::string kind;  // e.g. "filter_removes_nothing"
  std::string message;
  bool operator==(const RunWarning&) const = default;
};

// How a filter stage did: documents it judged, documents it removed, and removals by cause (the
// failed rule, or the language found).
struct FilterCount {
  uint64_t checked = 0;
  uint64_t removed = 0;
  std::map<std::string, uint64_t> by_cause;
  bool operator==(const FilterCount&) const = default;
};

struct RunStats {
  std::vector<FileLedger> files;
  std::map<std::string, SpanCount> spans_removed;  // span reason -> count and bytes
  std::map<std::string, uint64_t> stage_removed;   // stage -> documents removed
  std::map<std::string, FilterCount> filters;      // "language", "quality"
  std::map<std::string, uint64_t> languages;       // language of kept documents (when identified)
  std::vector<RunWarning> warnings;
  uint64_t documents_with_spans_removed = 0;
  // Top-level members of a read ledger that FromJson does not know (a newer saring wrote them),
  // as (key, minified JSON) in file order, so that a reader can still show them. Not written by
  // ToJson; empty in a run's own ledger.
  std::vector<std::pair<std::string, std::string>> unknown_members;

  LedgerCounts Totals() const;
  // Adds a warning for each filter that removed almost nothing or almost everything of what it
  // judged (guard rails for thresholds that do not fit the corpus).
  void AddFilterWarnings();
  // Deterministic JSON (sorted keys within maps, fixed layout); no timing, so identical runs give
  // identical bytes.
  std::string ToJson() const;
  // Reads a ledger written by ToJson: FromJson(s.ToJson()) equals s. Members that are derived
  // (removed_total, quarantined_total, balanced) are not read; "totals" is checked against the sum
  // of the files; absent members stay empty. Errors: Corruption naming `source` and the member
  // (as a JSON Pointer) if the text is not JSON, is not a "saring-stats/..." ledger, a member has
  // the wrong type or a negative or fractional count, or the totals do not add up.
  static Result<RunStats> FromJson(std::string_view json, std::string_view source = "stats.json");
  bool operator==(const RunStats&) const = default;
};

}  // namespace saring

#endif  // SARING_RUN_STATS_H_
