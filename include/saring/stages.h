// Sharded execution of `saring run`, for schedulers (Slurm job arrays, Kubernetes jobs, Dask,
// Spark) and for MPI: the inputs are split among processes, yet the output is the same as one
// `saring run`, byte for byte (docs/distributed.md).
//
//   SignInputs   per process, its inputs: analysis and MinHash signatures
//   DecideInputs one process, all inputs in order: exact dedup, archive, near-dup clusters
//   ApplyInputs  per process, its inputs: the final pass with those decisions; writes the
//                inputs' output shards (part-IIIII-*) into the shared output folder
//   FinishRun    one process: merges the partial ledgers, writes stats.json and run.json
//
// Every stage is deterministic and idempotent per input: running it again rewrites the same
// bytes. Every setting of `saring run` works sharded but --resume (a failed stage is simply run
// again); near_dup.verify=exact carries each document's shingle text in its signature record.
// Boilerplate learning adds a stage before signing (LearnInputs, LearnPart); an index is written
// after the decisions (WriteIndexPart).
//
// Spill files (the exact-dedup table, near-dup band runs) go to options.work_dir, or else to
// OUTPUT/work when options.output_dir is set; a stage that must spill without either fails with
// InvalidArgument. There is no default temporary folder.
//
// Thread-safety: each function may be called from any thread; they share nothing.
#ifndef SARING_STAGES_H_
#define SARING_STAGES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/run.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring {

// The inputs of `options.inputs` as the run sees them (folders and globs expanded, in order);
// stages address inputs by their index in this list.
Result<std::vector<InputSpec>> ResolveInputs(const RunOptions& options);

// Analyses the inputs `shard` (indices, ascending) and returns, for every input index, the
// serialised signatures of its documents ("" for inputs not in `shard`).
Result<std::vector<std::string>> SignInputs(const RunOptions& options,
                                            const std::vector<size_t>& shard);

// Takes every dedup decision from the signatures of all inputs (one entry per input, in input
// order). Returns the serialised decisions per input.
Result<std::vector<std::string>> DecideInputs(const RunOptions& options,
                                              const std::vector<std::string>& signatures);

// How the P parts of a partitioned decision talk (MPI ranks, threads). Every part calls the
// collective functions (AllToAll, AllOk) in the same order; Send/Receive are point to point and
// delivered in order per pair of parts. Sizes are 64-bit: a transport with smaller messages
// splits them.
class PartExchange {
 public:
  virtual ~PartExchange() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Sends send[q] to every part q (send.size() == size()); returns what each part sent to this one.
  virtual Result<std::vector<std::string>> AllToAll(std::vector<std::string> send) = 0;
  // True on every part if `ok` is true on every part.
  virtual bool AllOk(bool ok) = 0;
  virtual Status Send(int to, const std::string& bytes) = 0;
  virtual Result<std::string> Receive(int from) = 0;
};

// DecideInputs split over the parts of `exchange`: part r holds only the signatures of the inputs
// i with i % P == r (other entries of `signatures` are ignored) and returns the decisions of those
// inputs, byte-identical to DecideInputs'. Exact-dedup hashes and near-dup band keys are
// partitioned by hash, near-dup components merged across parts; ids travel only for removed
// documents' survivors (docs/distributed.md). dedup.memory_budget and near_dup.memory_budget
// are the whole decision's: each part's tables get 1/P of them. Every part must call it; when one
// part fails the others may wait for it unless the exchange ends them (an MPI caller aborts the
// job; the folder exchange's failure marker and ThreadExchangeHub::RunParts end them with Aborted
// naming the failing part).
Result<std::vector<std::string>> DecidePart(const RunOptions& options,
                                            const std::vector<std::string>& signatures,
                                            PartExchange* exchange);

// SignInputs writing the signatures of each input of `shard` to FOLDER/IIIII.bin (5 digits) as
// they are made, instead of holding them in memory (the stage commands' work/sign files).
Status SignInputsToFolder(const RunOptions& options, const std::vector<size_t>& shard,
                          const std::string& folder);

// DecidePart reading each input's signatures from FOLDER/IIIII.bin (as SignInputsToFolder wrote
// them) a block at a time; `inputs` is the number of inputs of the run.
Result<std::vector<std::string>> DecidePartFromFolder(const RunOptions& options,
                                                      const std::string& folder, size_t inputs,
                                                      PartExchange* exchange);

// DecidePartFromFolder for part `part` of `parts` separate processes (`saring cluster
// --partition K/P`) that all run at the same time and exchange their messages as files in
// `exchange_folder` (created if missing; src/pipeline/folder_exchange.h). Returns the decisions
// of the inputs i with i % parts == part. With options.update_index or build_index, the parts
// then write the index as WriteIndexPartFromFolder does (part 0 writes the file). A part that
// fails leaves a marker there that ends the others with Aborted; remove the folder before
// starting the parts again.
Result<std::vector<std::string>> DecidePartitionThroughFolder(const RunOptions& options,
                                                              const std::string& sign_folder,
                                                              size_t inputs,
                                                              const std::string& exchange_folder,
                                                              int part, int parts);

// DecideInputs reading the signatures from FOLDER/IIIII.bin (one part: `saring cluster`).
Result<std::vector<std::string>> DecideInputsFromFolder(const RunOptions& options,
                                                        const std::string& folder, size_t inputs);

// Runs the final pass over the inputs `shard` with `decisions` (from DecideInputs; entries for
// other inputs may be empty), writing their shards into options.output_dir (created if needed;
// earlier shards of these inputs are replaced). Returns the partial ledger of these inputs.
Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions);

// Boilerplate learning of a sharded run (boilerplate.enabled). LearnInputs runs the learning
// pass over the inputs `shard` and returns their counts as bytes. LearnPart: every part of
// `exchange` calls it with the counts of its inputs; the counts are partitioned by key over the
// parts and summed, sampled as one learner of the whole corpus would be, and every part gets the
// learned model as bytes, answering exactly as the one `saring run` learns. LearnedModel does the
// same in one process from the counts of every input (the stage commands' work/learn files).
// The model's bytes go to the SignInputs, SignInputsToFolder and ApplyInputs overloads below;
// without them a run with boilerplate.enabled is refused (InvalidArgument).
Result<std::string> LearnInputs(const RunOptions& options, const std::vector<size_t>& shard);
Result<std::string> LearnPart(const RunOptions& options, const std::string& counts,
                              PartExchange* exchange);
Result<std::string> LearnedModel(const RunOptions& options, const std::vector<std::string>& counts);
Result<std::vector<std::string>> SignInputs(const RunOptions& options,
                                            const std::vector<size_t>& shard,
                                            std::string_view boilerplate_model);
Status SignInputsToFolder(const RunOptions& options, const std::vector<size_t>& shard,
                          const std::string& folder, std::string_view boilerplate_model);
Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions,
                             std::string_view boilerplate_model);

// The near-dup index of a sharded run (near_dup.update_index: the survivors appended to the
// near_dup.against index; options.build_index: a new index of them), byte-identical to the one
// `saring run` writes. Every part calls it after DecidePart, with its signatures and the decisions
// DecidePart returned; the survivors' ids and signatures stream to part 0 in input order, in
// chunks, and part 0 writes the index. Returns the documents in the index (0 on other parts).
Result<uint64_t> WriteIndexPart(const RunOptions& options,
                                const std::vector<std::string>& signatures,
                                const std::vector<std::string>& decisions, PartExchange* exchange);
Result<uint64_t> WriteIndexPartFromFolder(const RunOptions& options, const std::string& folder,
                                          size_t inputs, const std::vector<std::string>& decisions,
                                          PartExchange* exchange);

// Streaming the decisions through the work folder instead of memory (each process then holds a
// block of them at a time, not about 32 bytes a document of its inputs):
//
// DecidePartFromFolder writing the decisions of this part's inputs to WORK/decisions/IIIII.bin
// (the stage files `saring cluster` writes) a block at a time as they are serialised. With
// options.update_index or options.build_index the parts then write the index (WriteIndexPart's
// rule, the decisions read back from those files). Every part ends by telling every other
// whether it succeeded, so a failure after the last exchange (part 0 writing the index, a full
// disk) makes every part fail, with Aborted "part K/P failed: ..." naming it; a failure before
// ends the others through the exchange, as for DecidePart.
Status DecidePartToFolder(const RunOptions& options, const std::string& sign_folder, size_t inputs,
                          const std::string& work, PartExchange* exchange);
// `saring cluster` (parts == 1) and `saring cluster --partition K/P`: DecidePartToFolder over
// WORK/sign into WORK/decisions for part `part` of `parts` processes that run at the same time
// and exchange files in WORK/exchange (as DecidePartitionThroughFolder; not used with one part).
Status ClusterToFolder(const RunOptions& options, const std::string& work, size_t inputs, int part,
                       int parts);
// ApplyInputs reading each input's decisions from WORK/decisions/IIIII.bin a block at a time.
Result<RunStats> ApplyInputsFromFolder(const RunOptions& options, const std::vector<size_t>& shard,
                                       const std::string& work, std::string_view boilerplate_model);

// Prepares options.output_dir for a new sharded run, as `saring run` does (refusing a folder
// with other files, replacing an earlier run only with options.overwrite).
Status PrepareOutput(const RunOptions& options);

// Merges partial ledgers and writes stats.json and run.json in options.output_dir.
Status FinishRun(const RunOptions& options, const std::vector<RunStats>& parts);

// The files sharded runs leave in the work folder (sign/, decisions/, ledger/) carry a header
// (magic, kind, version), a checksum per block and an end mark (docs/formats/stage-files.md).
enum class StageFileKind : uint32_t { kSignatures, kDecisions, kLedger, kBoilerplateCounts };
// A complete stage file of `kind` holding `payload`.
std::string FrameStageFile(StageFileKind kind, std::string_view payload);
// The payload of the stage file at `path`. NotFound if it cannot be opened; Corruption, naming
// the file, for another kind or version, a checksum mismatch or a file cut short.
Result<std::string> ReadStageFile(StageFileKind kind, const std::string& path);

// The work folder of the stage commands and of Python's stage functions: WORK/<stage>/IIIII.bin
// (5 digits), stage = learn, sign, decisions or ledger by kind.
std::string StageFilePath(const std::string& work, StageFileKind kind, size_t input);
// The payload of input `input`'s stage file of `kind` in `work`; NotFound "PATH is missing: run
// <producer> for input I first" when there is none (producer: the step that writes it).
Result<std::string> ReadStageInput(const std::string& work, StageFileKind kind, size_t input,
                                   std::string_view producer);
// Ok if input `i`'s stage file of `kind` is readable for every i in `inputs`; else the NotFound of
// ReadStageInput for the first that is not. Checked before a step reads or writes anything.
Status CheckStageInputs(const std::string& work, StageFileKind kind,
                        const std::vector<size_t>& inputs, std::string_view producer);
// Writes it atomically, creating the stage folder.
Status WriteStageInput(const std::string& work, StageFileKind kind, size_t input,
                       std::string_view payload);

// Partial ledgers as bytes, for files and MPI messages.
std::string SerializeRunStats(const RunStats& stats);
Result<RunStats> ParseRunStats(std::string_view bytes);

}  // namespace saring

#endif  // SARING_STAGES_H_
