// What the report knows about a run: the ledger files plus bounded state gathered by streaming the
// shards (exact counters, fixed histograms, bottom-k samples, the largest clusters). Filled by
// CollectReportData, rendered by RenderReportHtml.
//
// Thread-safety: plain data; CollectReportData uses no shared state.
#ifndef SARING_REPORT_REPORT_DATA_H_
#define SARING_REPORT_REPORT_DATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "output_reader/run_info.h"
#include "output_reader/shard_scan.h"
#include "report/histogram.h"
#include "report/substring_section.h"
#include "saring/report.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring::report {

// One sampled example: a document id, a one-line detail and an excerpt.
struct Example {
  std::string id;
  std::string detail;   // e.g. "gopher.word_count = 12 (threshold 50)"
  std::string before;   // context before the highlighted part (may be empty)
  std::string excerpt;  // the highlighted part (a removed span, a template line, a text start)
  std::string after;    // context after it
};

// A group of counted things with a deterministic sample of them.
struct SampledGroup {
  explicit SampledGroup(size_t k) : sample(k) {}
  uint64_t count = 0;
  uint64_t bytes = 0;
  BottomK<Example> sample;
};

// A quality rule seen in removed records.
struct RuleStats {
  uint64_t count = 0;
  double min_value = 0, max_value = 0;
  std::optional<double> threshold;  // of the first record seen
};

// Per-survivor counter of a near-duplicate cluster (keyed by XXH3 of the survivor's id).
struct ClusterCounter {
  uint32_t members = 0;        // removed near-duplicates pointing at the survivor
  uint32_t reported_size = 0;  // largest cluster_size any member recorded (0 if none)
  int64_t cluster_id = -1;     // cluster_id recorded by members (-1 if none)
  uint64_t Size() const { return std::max<uint64_t>(reported_size, uint64_t{members} + 1); }
};

struct ClusterMember {
  std::string id, similarity_kind, text;
  std::optional<double> similarity;
};

// One of the largest clusters, with the texts needed to show it.
struct ClusterExample {
  uint64_t survivor_key = 0;
  uint64_t size = 0;
  int64_t cluster_id = -1;
  std::string survivor_id;
  bool survivor_found = false;
  bool survivor_removed = false;  // the survivor was itself removed later (found in removed/)
  std::string survivor_text;
  std::vector<ClusterMember> members;  // the first ones in shard order
};

struct ReportData {
  explicit ReportData(const ReportOptions& options);

  RunStats stats;              // DIR/stats.json
  LedgerCounts totals;         // stats.Totals()
  SubstringReport substrings;  // dedup.substrings (substring_section.h)
  std::vector<std::pair<std::string, std::string>> run_info;

  // kept/
  uint64_t kept_records = 0, kept_with_spans = 0, inconsistent_spans = 0;
  LogHistogram length_before, length_after;  // bytes: every document with text / kept texts
  std::map<std::string, uint64_t, std::less<>> kept_languages;    // metadata.saring.language.code
  std::map<std::string, SampledGroup, std::less<>> span_reasons;  // counted from the records
  std::map<std::string, SampledGroup, std::less<>>
      templates;                          // boilerplate_template and _inline spans by evidence
  uint64_t template_spans_untracked = 0;  // spans of templates past the tracking cap

  // removed/
  uint64_t removed_records = 0;
  std::map<std::string, SampledGroup, std::less<>> removal_reasons;
  std::map<std::string, RuleStats, std::less<>> quality_rules;
  std::map<std::string, uint64_t, std::less<>> removed_languages;
  LinearHistogram similarity{0.5, 1.0, 25};
  std::map<std::string, uint64_t, std::less<>> similarity_kinds;
  uint64_t near_duplicates = 0, near_duplicates_without_survivor = 0;
  std::unordered_map<uint64_t, ClusterCounter> clusters;
  bool clusters_truncated = false;  // max_tracked_clusters was reached
  LogHistogram cluster_sizes;
  std::vector<ClusterExample> top_clusters;

  // quarantine/
  uint64_t quarantined_records = 0;
  std::map<std::string, SampledGroup, std::less<>> quarantine_errors;

  // How the shards were read. removed/ is read a second time (cluster_scan) only when the first
  // pass could not gather the largest clusters' members and survivors (report_collect.cc).
  ScanCounters kept_scan, removed_scan, quarantine_scan, cluster_scan;
  bool removed_read_twice = false;
  uint64_t shards_kept = 0, shards_removed = 0, shards_quarantine = 0;

  // A new SampledGroup for this report's sample size.
  SampledGroup NewGroup() const { return SampledGroup(samples_per_group_); }

 private:
  size_t samples_per_group_;
};

// Reads DIR/stats.json, DIR/run-info.json and the shards into *data. Errors: NotFound if
// stats.json is missing, Corruption if it does not parse, IoError if a shard cannot be opened.
Status CollectReportData(const std::string& dir, const ReportOptions& options, ReportData* data);

// The complete HTML page for `data`.
std::string RenderReportHtml(const ReportData& data, const ReportOptions& options);

}  // namespace saring::report

#endif  // SARING_REPORT_REPORT_DATA_H_
