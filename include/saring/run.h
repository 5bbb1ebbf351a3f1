// Run: the whole saring job over a set of inputs, as `saring run` does it.
//
// Stages, in order, for every document (see docs/pipeline.md):
//   read -> parse -> repair -> [exact document dedup] -> [cross-document paragraph dedup] -> write
// Reading and the ledger are sequential; parsing, repair, hashing, encoding and compression run on
// `threads` workers; batches carry sequence numbers and pass the sequential stages in input order,
// so the output is byte-identical at any thread count.
//
// Output folder:
//   DIR/kept/part-IIIII-NNNNN.jsonl.zst  documents kept (text repaired, metadata.saring.removed_spans)
//   DIR/removed/part-IIIII-NNNNN...      documents removed (original text, metadata.saring.reason)
//   DIR/quarantine/part-IIIII-NNNNN...   records that could not be processed (raw bytes, file, line)
//   DIR/stats.json                       the ledger (run_stats.h)
//   DIR/run-info.json                    timing, threads, tool version (not deterministic)
//
// Thread-safety: Run() may be called from any thread; it owns all of its state.
#ifndef SARING_RUN_H_
#define SARING_RUN_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "saring/boilerplate.h"
#include "saring/input.h"
#include "saring/language_id.h"
#include "saring/near_dup.h"
#include "saring/quality.h"
#include "saring/record_reader.h"
#include "saring/repair.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring {

// The option enums of a run (the others: LanguageIdBackend, SurvivorPolicy, NearDupVerify). Each
// has one name table: Parse* accepts exactly the names the
// config file and the flags take (InvalidArgument naming the bad value and the valid ones), and
// *Name gives the name back (what --dry-run shows).

// quality.mode: off, annotate (signals in metadata) or filter (remove on the first failed rule).
enum class QualityMode : uint8_t { kOff, kAnnotate, kFilter };
std::string_view QualityModeName(QualityMode mode);
Result<QualityMode> ParseQualityMode(std::string_view name);

// Each struct below is one section of the config file (docs/config.md); the settings table
// (config.h, AllSettings) binds each key of the section to one field.

// repair: per-document repair (repair.h); the RepairOptions part holds its rules.
struct RepairStageOptions : RepairOptions {
  bool enabled = true;
};

// boilerplate: learned from the corpus (boilerplate.h): a learning pass over every document,
// then recurring lines and line templates of each source are cut. The BoilerplateOptions part
// holds the learner's settings.
struct BoilerplateStageOptions : BoilerplateOptions {
  bool enabled = false;
  // Where a document's source comes from: a metadata field (or /json/pointer); a URL value
  // stands for its host. Documents without it form one corpus-wide source.
  std::string source_field = "source";
};

// dedup: exact document, cross-document paragraph and substring dedup.
struct DedupOptions {
  bool exact = true;                   // drop documents whose normalised text equals an earlier one
  bool paragraphs = false;             // cut paragraphs that occurred in an earlier document
  uint32_t paragraph_min_chars = 100;  // normalised length a paragraph needs to be cut
  uint64_t memory_budget_bytes = 4ull << 30;  // exact/paragraph seen-sets
  // Substring dedup (docs/substrings.md): every run of at least substring_min_words words that
  // occurred earlier in input order is cut from the later copy.
  bool substrings = false;
  uint32_t substring_min_words = 40;
  uint64_t substring_memory_budget_bytes = 128ull << 20;
};

// language: language identification (language_id.h) and the language filter.
struct LanguageOptions {
  bool enabled = false;
  LanguageIdBackend backend = LanguageIdBackend::kCombined;  // language_id.h
  std::string model;              // fastText model; "" = the default search path
  std::vector<std::string> keep;  // keep only these (ISO 639-1); empty = keep all
  double min_score = 0;           // with `keep`: below this, removed
  uint32_t max_bytes = 768;       // identify on at most this many bytes of the text...
  uint32_t windows = 4;           // ...in this many windows spread over it
  bool paragraphs = false;        // also the share of text per language, by paragraph
};

// classifier: fastText classifiers (pipeline/classifier_stage.h).
struct ClassifierOptions {
  std::vector<std::string> models;  // "NAME:filter|annotate:LABEL:THRESHOLD:PATH"
  uint32_t max_bytes = 0;           // score at most this many bytes (0 = the whole text)
};

// near_dup: near-duplicate documents (near_dup.h): MinHash over word shingles of the normalised
// kept text, LSH banding, verified clusters guarded against chaining, a chosen survivor. The
// detector's options are the NearDupOptions part (work_dir there is ignored: the run's work_dir
// is used); the defaults are the preset "saring" (ApplyNearDupPreset): word 3-grams banded 37 x 3
// find candidates down to a low Jaccard similarity, and word alignment verifies them.
struct NearDupStageOptions : NearDupOptions {
  NearDupStageOptions() {
    ngram = 3;
    bands = 37;
    rows = 3;
    threshold = 0.85;
    verify = NearDupVerify::kAlign;
  }
  bool enabled = true;
  std::string survivor_field = "date";  // metadata field for newest/oldest/priority
  // The final pass restores the signing pass's per-document analysis (repair, language, quality)
  // from a spill file in the work folder instead of computing it again (analysis_cache.h).
  bool reuse_analysis = true;
};

// output: what is written.
struct OutputOptions {
  int zstd_level = 1;  // compression level (1: fastest of the normal levels)
  uint64_t max_shard_bytes = 256ull << 20;
  bool parquet = false;  // output.format: parquet (pipeline/parquet_output.h) or jsonl
  bool fsync = true;     // fsync shards and stats before renaming them
};

struct RunOptions {
  std::vector<std::string> inputs;  // files, folders and globs (see docs/input-order.md)
  std::string output_dir;           // REQUIRED: created if absent
  bool overwrite = false;           // replace an existing saring output in output_dir
  bool resume = false;              // finish an interrupted run in output_dir (checkpoint.h)
  unsigned threads = 0;             // 0: every core
  bool strict = false;              // stop at the first bad record or broken input

  // Record fields (top-level JSON keys).
  std::string id_field = "id";
  std::string text_field = "text";
  std::string metadata_field = "metadata";

  InputOptions input;
  ReaderOptions reader;

  // The stages, one struct per config section (the structs above).
  RepairStageOptions repair;
  DedupOptions dedup;
  BoilerplateStageOptions boilerplate;
  LanguageOptions language;
  ClassifierOptions classifier;

  // Quality and repetition filters (quality.h).
  QualityMode quality_mode = QualityMode::kOff;
  QualityOptions quality;
  std::string default_language = "en";  // stop words when the language is unknown

  NearDupStageOptions near_dup;
  std::string work_dir;  // spill files; default DIR/work (removed at the end)
  // Incremental dedup (dedup_index.h): documents matching an archived one in this index are
  // removed as its near duplicates; with update_index the run's survivors are added to it.
  std::string against_index;
  bool update_index = false;
  // Write an index of the run's surviving documents here (saring index build); "" = none.
  std::string build_index;

  // Read and parse only: no repair, dedup or output (the input ceiling, `saring count`). Records
  // that parse are counted as kept; output_dir may be empty.
  bool read_only = false;

  OutputOptions output;
  uint64_t memory_budget_bytes = 1ull << 30;  // batches in flight (threads are reduced to fit)
};

// Progress reported after each batch; called from a pipeline thread, serially.
struct RunProgress {
  std::string stage;
  uint64_t bytes_done = 0, bytes_total = 0;  // compressed input bytes
  uint64_t documents = 0;
  double seconds = 0;
};

struct RunHooks {
  std::function<void(const RunProgress&)> progress;  // may be empty
  std::function<void(const std::string&)> warn;      // messages for a person; may be empty
  // When set and it becomes true (e.g. from a signal handler), the run stops at the next batch
  // with Aborted, leaving the output folder resumable.
  const std::atomic<bool>* cancel = nullptr;
};

// Time spent in one phase of a run: learn (boilerplate), sign (near-dup signatures), cluster
// (LSH candidates, verification, survivors), final (repair, filter, write).
struct PhaseTime {
  std::string name;
  double wall_seconds = 0;
  double cpu_seconds = 0;  // user + system time of the whole process during the phase
};

struct RunResult {
  bool already_complete = false;  // --resume found a finished run; nothing was done
  RunStats stats;
  std::string output_dir;
  double seconds = 0;
  uint64_t input_bytes = 0;    // compressed bytes read
  uint64_t decoded_bytes = 0;  // decompressed bytes
  unsigned threads = 0;
  uint64_t index_documents = 0;   // documents in the index written (build_index / update_index)
  std::vector<PhaseTime> phases;  // in the order they ran
};

// Runs the job. Bad records never fail the run (they are quarantined) unless options.strict; the
// Status is for what stops it: unusable options, unwritable output, a disk error.
Result<RunResult> Run(const RunOptions& options, const RunHooks& hooks = {});

// A fresh output folder name for a run without -o: saring-out-YYYYMMDD-HHMMSS[-N], in the
// current folder.
std::string NewOutputFolderName();

}  // namespace saring

#endif  // SARING_RUN_H_
