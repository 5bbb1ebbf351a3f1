// The run report: one self-contained HTML page (inline CSS, a little inline JS, plots as inline
// SVG, no network) that shows what a `saring run` did to a corpus. It is built from a finished
// output folder: stats.json and run-info.json, plus one streaming pass over the kept/ and
// quarantine/ shards and two over removed/.
//
// The page shows the ledger (totals and per input file), removals by reason and by stage, length
// histograms before and after repair, near-duplicate cluster sizes and pair similarities, the
// language mix, the largest near-duplicate clusters (survivor beside each member, differing words
// highlighted), sample lines of learned boilerplate templates, and each filter's removal rate next
// to the run's warnings. docs/report.md describes every section and how examples are sampled.
//
// Memory is bounded whatever the corpus size: histograms are fixed arrays of exact counters,
// examples are bottom-k samples by hash, clusters are tracked as 16-byte counters keyed by the
// survivor's id hash (up to ReportOptions::max_tracked_clusters), and only the texts of the
// top_clusters largest clusters are kept. The page is deterministic: the same output folder gives
// the same bytes (the only times shown come from run-info.json).
//
// Thread-safety: WriteReport and RenderReport share no state; concurrent calls on distinct output
// folders are safe.
#ifndef SARING_REPORT_H_
#define SARING_REPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring {

// Where a report is while it reads the shards.
struct ReportProgress {
  std::string_view stage;    // "removed", "clusters", "kept" or "quarantine"
  uint64_t bytes_done = 0;   // compressed shard bytes read so far, over all stages
  uint64_t bytes_total = 0;  // compressed bytes of all shards times the passes made over them
  uint64_t documents = 0;    // records read so far, over all stages
};

struct ReportOptions {
  std::string id_field = "id";       // the records' id field (as given to `saring run --id-field`)
  std::string text_field = "text";   // the records' text field
  std::string output_path;           // default: DIR/report.html
  uint32_t top_clusters = 10;        // largest near-duplicate clusters shown
  uint32_t members_per_cluster = 4;  // members shown beside each cluster's survivor
  uint32_t templates = 20;           // boilerplate templates shown (most frequent first)
  uint32_t samples_per_group = 5;    // sample lines per template and examples per removal reason
  uint32_t max_files_listed = 200;   // per-file ledger rows (files with most records first)
  uint32_t max_diff_words = 4000;    // words of each document the cluster diff looks at
  uint64_t max_tracked_clusters = 4ull << 20;  // cluster counters kept in memory (16 bytes each)
  // Called about every 4 MiB of decompressed shard data; may be empty.
  std::function<void(const ReportProgress&)> progress;
};

// What WriteReport produced.
struct ReportSummary {
  std::string path;             // the written report.html
  uint64_t html_bytes = 0;      // its size
  uint64_t documents_read = 0;  // records read from the shards, over all passes
  uint64_t shard_bytes = 0;     // compressed shard bytes read, over all passes
};

// Renders the report of the output folder `dir` into *html (replacing its content) and, if
// `summary` is not null, fills its html_bytes, documents_read and shard_bytes. Errors:
// NotFound if DIR/stats.json is missing; Corruption if stats.json does not parse; IoError if a
// shard cannot be opened. Malformed lines and broken zstd streams inside shards are counted and
// shown on the page, not returned as errors. Cost: reads each shard once, except that the frames
// of removed/ holding the largest clusters' members are read a second time when the clusters'
// sizes were not all recorded (cluster_size) or a survivor was removed before its first member;
// memory is bounded as described above.
Status RenderReport(const std::string& dir, const ReportOptions& options, std::string* html,
                    ReportSummary* summary);

// Renders the report and writes it atomically to options.output_path (default DIR/report.html).
// Errors: those of RenderReport; InvalidArgument if the output path exists and is not a regular
// file (a symbolic link, folder or device, which the atomic rename would replace); IoError if the
// file cannot be written.
Result<ReportSummary> WriteReport(const std::string& dir, const ReportOptions& options);

}  // namespace saring

#endif  // SARING_REPORT_H_
