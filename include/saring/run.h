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
#include <vector>

#include "saring/boilerplate.h"
#include "saring/input.h"
#include "saring/quality.h"
#include "saring/record_reader.h"
#include "saring/repair.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring {

struct RunOptions {
  std::vector<std::string> inputs;     // files, folders and globs (see docs/input-order.md)
  std::string output_dir;              // REQUIRED: created if absent
  bool overwrite = false;              // replace an existing saring output in output_dir
  bool resume = false;                 // finish an interrupted run in output_dir (checkpoint.h)
  unsigned threads = 0;                // 0: every core
  bool strict = false;                 // stop at the first bad record or broken input

  // Record fields (top-level JSON keys).
  std::string id_field = "id";
  std::string text_field = "text";
  std::string metadata_field = "metadata";

  InputOptions input;
  ReaderOptions reader;

  bool repair = true;                  // per-document repair (repair.h)
  RepairOptions repair_options;

  bool exact_dedup = true;             // drop documents whose normalised text equals an earlier one
  bool paragraph_dedup = false;        // cut paragraphs that occurred in an earlier document
  uint32_t paragraph_dedup_min_chars = 100;  // normalised length a paragraph needs to be cut

  // Boilerplate learned from the corpus (boilerplate.h): a learning pass over every document,
  // then recurring lines and line templates of each source are cut.
  bool boilerplate = false;
  BoilerplateOptions boilerplate_options;
  // Where a document's source comes from: a metadata field (or /json/pointer); a URL value
  // stands for its host. Documents without it form one corpus-wide source.
  std::string boilerplate_source_field = "source";

  // Language identification (language_id.h) and the language filter.
  bool language_id = false;
  std::string language_backend = "combined";  // combined | cld2 | fasttext
  std::string language_model;                 // fastText model; "" = the default search path
  std::vector<std::string> languages;         // keep only these (ISO 639-1); empty = keep all
  double language_min_score = 0;              // with `languages`: below this, removed
  uint32_t language_max_bytes = 768;          // identify on at most this many bytes of the text...
  uint32_t language_windows = 4;              // ...in this many windows spread over it
  bool language_paragraphs = false;           // also the share of text per language, by paragraph
  // fastText classifiers (pipeline/classifier_stage.h): "NAME:filter|annotate:LABEL:THRESHOLD:PATH".
  std::vector<std::string> classifiers;
  uint32_t classifier_max_bytes = 0;          // score at most this many bytes (0 = the whole text)

  // Quality and repetition filters (quality.h): off, annotate (signals in metadata) or filter.
  std::string quality_mode = "off";
  QualityOptions quality;
  std::string default_language = "en";        // stop words when the language is unknown

  // Near-duplicate documents (near_dup.h): MinHash over word shingles of the normalised kept
  // text, LSH banding, verified clusters guarded against chaining, a chosen survivor. The
  // defaults are the preset "saring" (ApplyNearDupPreset): word 3-grams banded 37 x 3 find
  // candidates down to a low Jaccard similarity, and word alignment verifies them.
  bool near_dup = true;
  uint32_t near_dup_ngram = 3;
  bool near_dup_char_ngrams = false;
  uint32_t near_dup_num_perm = 112;
  uint32_t near_dup_bands = 37;          // bands and rows both 0: derived from the threshold
  uint32_t near_dup_rows = 3;
  double near_dup_threshold = 0.85;      // similarity at which a candidate pair is a duplicate
  std::string near_dup_survivor = "first";  // first | longest | newest | oldest | priority
  std::string near_dup_survivor_field = "date";  // metadata field for newest/oldest/priority
  std::string near_dup_verify = "align";  // align | estimate | exact (NearDupVerify)
  double near_dup_containment = 0.95;    // align: aligned share of a cut copy (0 = off)
  uint64_t near_dup_memory_budget_bytes = 1ull << 30;  // signatures and band keys in RAM
  // The final pass restores the signing pass's per-document analysis (repair, language, quality)
  // from a spill file in the work folder instead of computing it again (analysis_cache.h).
  bool near_dup_reuse_analysis = true;
  std::string work_dir;                  // spill files; default DIR/work (removed at the end)
  // Incremental dedup (dedup_index.h): documents matching an archived one in this index are
  // removed as its near duplicates; with update_index the run's survivors are added to it.
  std::string against_index;
  bool update_index = false;
  // Write an index of the run's surviving documents here (saring index build); "" = none.
  std::string build_index;

  // Read and parse only: no repair, dedup or output (the input ceiling, `saring count`). Records
  // that parse are counted as kept; output_dir may be empty.
  bool read_only = false;

  int zstd_level = 1;                  // output compression level (1: fastest of the normal levels)
  uint64_t max_shard_bytes = 256ull << 20;
  bool output_parquet = false;         // output.format: parquet (pipeline/parquet_output.h) or jsonl
  bool fsync = true;                   // fsync shards and stats before renaming them
  uint64_t memory_budget_bytes = 1ull << 30;  // batches in flight (threads are reduced to fit)
  uint64_t dedup_memory_budget_bytes = 4ull << 30;  // exact/paragraph seen-sets
  // Substring dedup (docs/substrings.md): every run of at least substring_min_words words that
  // occurred earlier in input order is cut from the later copy.
  bool substring_dedup = false;
  uint32_t substring_min_words = 40;
  uint64_t substring_memory_budget_bytes = 128ull << 20;
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
  uint64_t input_bytes = 0;       // compressed bytes read
  uint64_t decoded_bytes = 0;     // decompressed bytes
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
