// RunStats: the ledger of a saring run, written to DIR/stats.json.
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
#include <vector>

namespace saring {

struct LedgerCounts {
  uint64_t records = 0;
  uint64_t kept = 0;
  std::map<std::string, uint64_t> removed;      // reason -> documents
  std::map<std::string, uint64_t> quarantined;  // error -> records
  uint64_t bytes_in = 0;        // text bytes of every document read
  uint64_t bytes_kept = 0;      // text bytes written in kept documents

  uint64_t RemovedTotal() const;
  uint64_t QuarantinedTotal() const;
  // records == kept + removed + quarantined.
  bool Balanced() const { return records == kept + RemovedTotal() + QuarantinedTotal(); }
  void Add(const LedgerCounts& other);
};

struct FileLedger {
  std::string path;
  LedgerCounts counts;
  std::vector<std::string> errors;  // what stopped or broke the file (unreadable, truncated stream)
  uint64_t blank_lines = 0;         // skipped empty lines (not records)
  // WARC/WET records that are not documents, by kind (ReaderCounters::skipped_records); not records.
  std::map<std::string, uint64_t> skipped_records;
};

struct SpanCount {
  uint64_t spans = 0;
  uint64_t bytes = 0;
};

// A warning for a person, shown in the summary and stored in stats.json.
struct RunWarning {
  std::string kind;     // e.g. "filter_removes_nothing"
  std::string message;
};

// How a filter stage did: documents it judged, documents it removed, and removals by cause (the
// failed rule, or the language found).
struct FilterCount {
  uint64_t checked = 0;
  uint64_t removed = 0;
  std::map<std::string, uint64_t> by_cause;
};

struct RunStats {
  std::vector<FileLedger> files;
  std::map<std::string, SpanCount> spans_removed;  // span reason -> count and bytes
  std::map<std::string, uint64_t> stage_removed;   // stage -> documents removed
  std::map<std::string, FilterCount> filters;      // "language", "quality"
  std::map<std::string, uint64_t> languages;       // language of kept documents (when identified)
  std::vector<RunWarning> warnings;
  uint64_t documents_with_spans_removed = 0;

  LedgerCounts Totals() const;
  // Adds a warning for each filter that removed almost nothing or almost everything of what it
  // judged (guard rails for thresholds that do not fit the corpus).
  void AddFilterWarnings();
  // Deterministic JSON (sorted keys within maps, fixed layout); no timing, so identical runs give
  // identical bytes.
  std::string ToJson() const;
};

}  // namespace saring

#endif  // SARING_RUN_STATS_H_
