// Stage operations: `saring run`'s near-duplicate removal split into three small, deterministic
// steps that an external scheduler (Dask, Spark, a shell loop) can run on separate machines:
//
//   SignShard  one input JSONL file -> one signature file (parallel, one task per input file)
//   Cluster    all signature files, in input order -> one decisions file (exact dedup, then
//              near-duplicate clustering, exactly as the pipeline's sequential stage does)
//   ApplyShard one input file + the decisions -> its kept records (parallel again)
//
// Given the same settings and the inputs in the same order, the records Cluster removes as
// exact_duplicate / near_duplicate (and empty_text, empty_after_repair) are the ones `saring run`
// removes, with the same duplicate_of ids. Stages that run after near-dup in `saring run`
// (boilerplate, language and quality filters, paragraph dedup) are not part of this split and
// CheckStageOptions rejects settings that enable them. docs/python.md documents both file formats.
//
// Thread-safety: the functions are independent and may run concurrently on different files.
#ifndef SARING_PYTHON_STAGE_OPS_H_
#define SARING_PYTHON_STAGE_OPS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "saring/lsh.h"
#include "saring/near_dup.h"
#include "saring/run.h"
#include "saring/status.h"

namespace saring::python {

inline constexpr uint32_t kDecisionsFormatVersion = 1;

// InvalidArgument naming the first setting the stage functions do not support.
Status CheckStageOptions(const RunOptions& options);

struct SignShardSummary {
  uint64_t records = 0;      // records read (lines that are not blank)
  uint64_t signed_docs = 0;  // records with a signature
  uint64_t quarantined = 0;  // records that could not be parsed
  uint64_t empty = 0;        // empty_text or empty_after_repair
};

// Reads the JSONL file `input_path` (plain, gzip or zstd) with the record fields, repair and
// near_dup.* settings of `options`, and writes its signature file to `out_path` atomically.
// Errors: CheckStageOptions; NotFound/IoError for the input or the output.
Status SignShard(const RunOptions& options, const std::string& input_path,
                 const std::string& out_path, SignShardSummary* summary);

struct ClusterSummary {
  uint64_t records = 0;
  uint64_t kept = 0;
  std::map<std::string, uint64_t> removed;  // reason -> records (quarantined included)
  NearDupStats near_dup;
  LshParams lsh;
};

// Reads the signature files (in input order), applies exact dedup (if dedup.exact) and
// near-duplicate clustering (if near_dup.enabled) with the settings of `options`, and writes the
// decisions file to `out_path` atomically. Errors: Corruption or InvalidArgument for a bad
// signature file or one signed with other parameters than `options` asks for; ResourceExhausted
// past dedup.memory_budget; IoError.
Status Cluster(const RunOptions& options, const std::vector<std::string>& signature_paths,
               const std::string& out_path, ClusterSummary* summary);

struct ApplySummary {
  uint64_t records = 0;
  uint64_t kept = 0;
  uint64_t dropped = 0;
};

// Copies the records of `input_path` whose ordinals are not in `dropped` (sorted ascending) to
// `out_path` as plain JSONL, byte for byte, and, if `removed_path` is not empty, the dropped ones
// there. FailedPrecondition if the input no longer has `expected_records` records (it changed
// since it was signed).
Status ApplyShard(const RunOptions& options, const std::string& input_path,
                  const std::vector<uint64_t>& dropped, uint64_t expected_records,
                  const std::string& out_path, const std::string& removed_path,
                  ApplySummary* summary);

}  // namespace saring::python

#endif  // SARING_PYTHON_STAGE_OPS_H_
