// saring::Run and the stage functions of saring/stages.h. Run checks the options and resolves
// the inputs, opens the output folder (OutputFolder: lock, manifest, resume) and the work folder,
// runs the passes of kRunPasses in order (learn, sign, final, index; each a PassRunner over the
// inputs, pass_runner.h, or a step on what earlier passes gathered), then finishes the folder.
//
// With near-dup on, the inputs are read twice: a signing pass feeds every document's MinHash
// signature to the detector (which then clusters), and the final pass applies its decisions and
// writes the output. Both passes analyse documents identically, so the near-dup ordinals agree.
#include "saring/run.h"

#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "pipeline/analysis_cache.h"
#include "pipeline/checkpoint.h"
#include "pipeline/decider.h"
#include "pipeline/distributed.h"
#include "pipeline/doc_analyzer.h"
#include "pipeline/doc_work.h"
#include "pipeline/filters.h"
#include "pipeline/output_folder.h"
#include "pipeline/output_set.h"
#include "pipeline/partitioned_boilerplate.h"
#include "pipeline/partitioned_decide.h"
#include "pipeline/partitioned_index.h"
#include "pipeline/pass_runner.h"
#include "pipeline/substring_run.h"
#include "saring/dedup_index.h"
#include "saring/file_util.h"
#include "saring/output_files.h"
#include "saring/shard_writer.h"
#include "saring/stages.h"
#include "util/env.h"

namespace saring {
namespace {

// Measures one phase of a run, wall clock and the process's CPU time, into *phases.
class PhaseTimer {
 public:
  PhaseTimer(const char* name, std::vector<PhaseTime>* phases)
      : name_(name), phases_(phases), wall_(std::chrono::steady_clock::now()), cpu_(CpuSeconds()) {}
  ~PhaseTimer() {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    phases_->push_back({name_, wall, CpuSeconds() - cpu_});
  }
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  static double CpuSeconds() {
    struct rusage ru;
    if (::getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }
  const char* name_;
  std::vector<PhaseTime>* phases_;
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

using pipeline::AnalysisDepth;
using pipeline::PassKind;

void AddIgnoredWarnings(const std::vector<std::string>& ignored, RunStats* stats) {
  for (const std::string& path : ignored) {
    stats->warnings.push_back(
        {"ignored_file", fmt::format("{} was ignored: not JSONL and not a text file", path)});
  }
}

// Writes an index of the near-dup survivors of this run to `path` (appended to the archive when
// `append`), atomically. Returns the documents in the index written.
Result<uint64_t> WriteIndex(const pipeline::NearDupState& nd, const std::string& path,
                            bool append) {
  std::vector<std::string> ids;
  std::vector<uint32_t> signatures;
  const uint32_t k = nd.IndexParams().num_perm;
  const DedupIndexWords* all_words = nd.WordsKept();  // near_dup.verify=align
  DedupIndexWords words;
  for (uint64_t i = 0; i < nd.added(); ++i) {
    if (nd.detector_const().Get(i).removed) continue;
    SARING_RETURN_IF_ERROR(nd.IdOf(i, &ids.emplace_back()));
    const uint32_t* sig = nd.SignatureOf(i);
    signatures.insert(signatures.end(), sig, sig + k);
    if (all_words) {
      const uint64_t begin = all_words->offsets[i], end = all_words->offsets[i + 1];
      words.Add(std::span<const uint32_t>(all_words->hashes).subspan(begin, end - begin));
    }
  }
  return pipeline::WriteSurvivorIndex(nd.IndexParams(), append ? nd.archive() : nullptr, ids,
                                      std::move(signatures), all_words ? &words : nullptr, path);
}

// The state of one run that its passes share, filled in the order of kRunPasses.
struct RunState {
  RunOptions options;
  const RunHooks* hooks = nullptr;
  std::vector<InputSpec> inputs;
  std::vector<std::string> ignored;  // files of the input folders that are not inputs
  bool index_only = false;           // builds an index, writes no output folder
  unsigned threads = 0;
  std::unique_ptr<pipeline::OutputFolder> folder;  // null when read-only or index-only
  bool own_work_dir = false;  // the run chose options.work_dir (and removes it at the end)
  std::unique_ptr<pipeline::Filters> filters;
  std::optional<DedupIndex> archive;  // --against, until the near-dup state takes it
  std::unique_ptr<pipeline::NearDupState> near_dup;
  std::unique_ptr<pipeline::AnalysisCache> analysis_cache;  // near-dup: kept from sign to final
  std::unique_ptr<pipeline::SubstringStage> substrings;     // dedup.substrings (substring_stage.h)
  RunResult result;
};

// One pass of a run over its inputs (or over what earlier passes gathered): when it runs, and
// what it does. A new pass is one more entry of kRunPasses.
struct RunPass {
  const char* name;
  bool (*enabled)(const RunState&);
  Status (*run)(RunState*);
};

// Boilerplate learning: the paragraphs that repeat across documents.
Status LearnPass(RunState* s) {
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(s->options, nullptr, nullptr);
  PhaseTimer timer("learn", &s->result.phases);
  pipeline::PassRunner learn({.options = &s->options,
                              .hooks = s->hooks,
                              .inputs = &s->inputs,
                              .kind = PassKind::kLearn,
                              .depth = AnalysisDepth::kRepair,
                              .analyzer = &config,
                              .stats = &s->result.stats});
  SARING_RETURN_IF_ERROR(learn.Run(s->threads));
  SARING_ASSIGN_OR_RETURN(BoilerplateModel model, learn.MergedBoilerplate());
  s->filters->SetBoilerplate(std::move(model));
  return Status::Ok();
}

// Near-dup: every document's MinHash signature to the detector, then clustering.
Status SignPass(RunState* s) {
  const RunOptions& options = s->options;
  SARING_ASSIGN_OR_RETURN(s->near_dup, pipeline::NearDupState::Create(options));
  if (options.update_index || !options.build_index.empty()) {
    s->near_dup->KeepSignatures();
    if (options.near_dup.verify == NearDupVerify::kAlign) s->near_dup->KeepWords();
  }
  if (s->archive) {
    if (!(s->archive->params() == s->near_dup->IndexParams())) {
      return Status::InvalidArgument(fmt::format(
          "index {} was built with other near-dup settings (num_perm, bands, rows, ngram or "
          "seed) than this run's; use the settings it was built with",
          options.against_index));
    }
    if (options.near_dup.verify == NearDupVerify::kAlign && !s->archive->has_words()) {
      s->result.stats.warnings.push_back(
          {"index_without_words",
           fmt::format("index {} holds no word hashes (format version 2, or built without "
                       "near_dup.verify=align): documents are matched against it by the "
                       "signature estimate, not by word alignment; rebuild it with `saring "
                       "index build` to find edited copies as one run does",
                       options.against_index)});
    }
    s->near_dup->SetArchive(std::move(*s->archive));
    s->archive.reset();
  }
  pipeline::AnalyzerConfig config =
      pipeline::AnalyzerConfig::From(options, &s->near_dup->hasher(), s->filters.get());
  config.archive = s->near_dup->archive();
  config.lsh = s->near_dup->detector().lsh_params();
  if (s->substrings) config.substring_words = options.dedup.substring_min_words;
  pipeline::PassRunner sign({.options = &options,
                             .hooks = s->hooks,
                             .inputs = &s->inputs,
                             .kind = PassKind::kSign,
                             .depth = AnalysisDepth::kSign,
                             .analyzer = &config,
                             .near_dup = s->near_dup.get(),
                             .stats = &s->result.stats});
  if (pipeline::ReusableAnalysis(options) && !s->index_only) {
    SARING_ASSIGN_OR_RETURN(s->analysis_cache,
                            pipeline::AnalysisCache::Create(options.work_dir + "/analysis.bin"));
    sign.ReuseAnalysis(s->analysis_cache.get());
  }
  if (s->substrings) sign.decider().SetSubstrings(s->substrings.get());
  {
    PhaseTimer timer("sign", &s->result.phases);
    SARING_RETURN_IF_ERROR(sign.Run(s->threads));
  }
  {
    PhaseTimer timer("cluster", &s->result.phases);
    SARING_RETURN_IF_ERROR(s->near_dup->detector().Finish());
  }
  s->result.input_bytes = sign.input_bytes();
  s->result.decoded_bytes = sign.decoded_bytes();
  return Status::Ok();
}

// Every decision applied and, unless read-only, the output written.
Status FinalPass(RunState* s) {
  const RunOptions& options = s->options;
  pipeline::NearDupState* near_dup = s->near_dup.get();
  pipeline::ProgressLog no_progress("");  // read-only: nothing is written
  pipeline::OutputSet output(options, s->folder ? s->folder->progress() : &no_progress);
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(
      options, near_dup ? &near_dup->hasher() : nullptr, s->filters.get());
  config.archive = near_dup ? near_dup->archive() : nullptr;
  AnalysisDepth depth = options.read_only ? AnalysisDepth::kParseOnly
                        : config.archive  ? AnalysisDepth::kSign  // the same archive queries
                                          : AnalysisDepth::kFull;
  pipeline::PassRunner final_pass({.options = &options,
                                   .hooks = s->hooks,
                                   .inputs = &s->inputs,
                                   .kind = PassKind::kFinal,
                                   .depth = depth,
                                   .analyzer = &config,
                                   .near_dup = near_dup,
                                   .stats = &s->result.stats,
                                   .output = &output});
  if (s->analysis_cache) final_pass.ReuseAnalysis(s->analysis_cache.get());
  if (s->substrings) final_pass.decider().SetSubstrings(s->substrings.get());
  PhaseTimer timer("final", &s->result.phases);
  SARING_RETURN_IF_ERROR(final_pass.Run(s->threads));
  if (!options.read_only) SARING_RETURN_IF_ERROR(output.Finish());
  s->result.input_bytes = final_pass.input_bytes();
  s->result.decoded_bytes = final_pass.decoded_bytes();
  return Status::Ok();
}

// The near-dup survivors into a new index (--build-index) or appended to the archive
// (--update-index).
Status IndexPass(RunState* s) {
  const bool append = s->options.update_index && !s->index_only;
  const std::string& path = append ? s->options.against_index : s->options.build_index;
  SARING_ASSIGN_OR_RETURN(s->result.index_documents, WriteIndex(*s->near_dup, path, append));
  return Status::Ok();
}

// Substring dedup: the windows collected in the signing pass (or in a pass of their own when
// near-dup is off) matched across the corpus, after clustering (substring_run.h).
Status SubstringPass(RunState* s) {
  return pipeline::RunSubstringPasses(s->options, *s->hooks, s->inputs, s->filters.get(),
                                      s->near_dup.get(), s->threads, s->substrings.get(),
                                      &s->result);
}

constexpr RunPass kRunPasses[] = {
    {"learn",
     [](const RunState& s) { return s.options.boilerplate.enabled && !s.options.read_only; },
     LearnPass},
    {"sign", [](const RunState& s) { return s.options.near_dup.enabled; }, SignPass},
    {"substrings", [](const RunState& s) { return s.substrings != nullptr; }, SubstringPass},
    {"final", [](const RunState& s) { return !s.index_only; }, FinalPass},
    {"index",
     [](const RunState& s) { return s.options.update_index || !s.options.build_index.empty(); },
     IndexPass},
};

// Checks the options and resolves the inputs.
Status Validate(RunState* s) {
  RunOptions& options = s->options;
  if (options.inputs.empty()) return Status::InvalidArgument("no input given");
  if (options.output_dir.empty() && !options.read_only && options.build_index.empty()) {
    return Status::InvalidArgument("no output folder given");
  }
  SARING_ASSIGN_OR_RETURN(s->inputs, ExpandInputs(options.inputs, options.input, &s->ignored));
  if (s->inputs.empty()) {
    return Status::InvalidArgument(
        fmt::format("no input files found in {}; saring reads *.jsonl[.gz|.zst], *.parquet, "
                    "*.warc[.gz] and *.wet[.gz] "
                    "files, and folders of them or of {} files",
                    fmt::join(options.inputs, ", "), options.input.text_glob));
  }
  if (options.read_only) options.near_dup.enabled = false;
  s->index_only = !options.build_index.empty() && options.output_dir.empty();
  if ((!options.against_index.empty() || options.update_index || !options.build_index.empty()) &&
      !options.near_dup.enabled) {
    return Status::InvalidArgument(
        "a dedup index needs near-duplicate detection (near_dup.enabled)");
  }
  if (options.update_index && options.against_index.empty()) {
    return Status::InvalidArgument("--update-index needs --against INDEX");
  }
  return Status::Ok();
}

// Opens the output folder and the work folder, and loads what the passes share.
Status OpenRun(RunState* s) {
  RunOptions& options = s->options;
  if (!options.read_only && !s->index_only) {
    SARING_ASSIGN_OR_RETURN(s->folder, pipeline::OutputFolder::Open(options, s->inputs));
    if (s->folder->already_complete()) return Status::Ok();
  }
  if (!options.read_only) {
    SARING_ASSIGN_OR_RETURN(options.work_dir, pipeline::WorkFolder(options, &s->own_work_dir));
    SARING_ASSIGN_OR_RETURN(s->filters, pipeline::Filters::Create(options));
  }
  if (options.dedup.substrings && !options.read_only && !s->index_only) {
    SARING_ASSIGN_OR_RETURN(s->substrings, pipeline::SubstringStage::Create(options));
  }
  s->threads = pipeline::WorkerThreads(options);
  s->result.stats.files.resize(s->inputs.size());
  for (size_t i = 0; i < s->inputs.size(); ++i) s->result.stats.files[i].path = s->inputs[i].path;
  if (!options.against_index.empty()) {
    SARING_ASSIGN_OR_RETURN(s->archive, DedupIndex::Load(options.against_index));
  }
  return Status::Ok();
}

// After the passes: the run's totals, then the files that end it.
Status CloseRun(RunState* s) {
  RunResult& result = s->result;
  s->near_dup.reset();
  result.threads = s->threads;
  if (s->index_only) {  // the index is written; only the run's own work folder remains
    Status removed =
        s->own_work_dir ? RemoveAll(Env::Default(), s->options.work_dir) : Status::Ok();
    if (!removed.ok()) result.stats.warnings.push_back({"work_folder_left", removed.message()});
    return Status::Ok();
  }
  result.stats.AddFilterWarnings();
  AddIgnoredWarnings(s->ignored, &result.stats);
  result.output_dir = s->options.output_dir;
  if (s->options.read_only) return Status::Ok();
  return s->folder->Finish(s->options, &result);
}

}  // namespace

Result<RunResult> Run(const RunOptions& options, const RunHooks& hooks) {
  const auto t0 = std::chrono::steady_clock::now();
  RunState s;
  s.options = options;
  s.hooks = &hooks;
  SARING_RETURN_IF_ERROR(Validate(&s));
  SARING_RETURN_IF_ERROR(OpenRun(&s));
  if (s.folder && s.folder->already_complete()) {
    RunResult done;  // the caller writes what comes after the run (report.html) if missing
    done.already_complete = true;
    done.output_dir = options.output_dir;
    return done;
  }
  for (const RunPass& pass : kRunPasses) {
    if (pass.enabled(s)) SARING_RETURN_IF_ERROR(pass.run(&s));
  }
  s.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  SARING_RETURN_IF_ERROR(CloseRun(&s));
  return std::move(s.result);
}

}  // namespace saring

// ---------------------------------------------------------------------------- sharded stages

namespace saring {
namespace {

Result<std::optional<DedupIndex>> LoadArchive(const RunOptions& o) {
  if (o.against_index.empty()) return std::optional<DedupIndex>();
  SARING_ASSIGN_OR_RETURN(DedupIndex index, DedupIndex::Load(o.against_index));
  return std::optional<DedupIndex>(std::move(index));
}

}  // namespace

Result<std::vector<InputSpec>> ResolveInputs(const RunOptions& options) {
  std::vector<std::string> ignored;
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs,
                          ExpandInputs(options.inputs, options.input, &ignored));
  if (inputs.empty()) return Status::InvalidArgument("no input files found");
  return inputs;
}

namespace {

// The signing pass of a sharded run over `shard`, into `sink`.
Status SignShard(const RunOptions& options_in, const std::vector<size_t>& shard,
                 pipeline::SignSink* sink, std::string_view boilerplate_model) {
  RunOptions options = options_in;
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  std::unique_ptr<pipeline::Filters> filters;
  SARING_ASSIGN_OR_RETURN(filters, pipeline::Filters::Create(options));
  SARING_RETURN_IF_ERROR(pipeline::InstallBoilerplate(options, boilerplate_model, filters.get()));
  // Only the hasher is used here: the signatures go to `sink`, never to a detector, so nothing
  // spills and the pass needs no work folder.
  std::unique_ptr<pipeline::NearDupState> near_dup;
  if (options.near_dup.enabled) {
    SARING_ASSIGN_OR_RETURN(near_dup, pipeline::NearDupState::Create(options));
  }
  SARING_ASSIGN_OR_RETURN(std::optional<DedupIndex> archive, LoadArchive(options));
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(
      options, near_dup ? &near_dup->hasher() : nullptr, filters.get());
  config.archive = archive ? &*archive : nullptr;
  if (options.dedup.substrings)
    config.substring_words = options.dedup.substring_min_words;  // their words
  RunStats scratch;
  scratch.files.resize(inputs.size());
  RunHooks hooks;
  pipeline::PassRunner sign({.options = &options,
                             .hooks = &hooks,
                             .inputs = &inputs,
                             .kind = PassKind::kSign,
                             .depth = near_dup ? AnalysisDepth::kSign : AnalysisDepth::kFull,
                             .analyzer = &config,
                             .stats = &scratch});
  sign.Select(shard);
  sign.decider().SetSignSink(sink);
  SARING_RETURN_IF_ERROR(sign.Run(pipeline::WorkerThreads(options)));
  return sink->Finish(shard);
}

Result<size_t> InputCount(const RunOptions& options) {
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  return inputs.size();
}

}  // namespace

Result<std::vector<std::string>> SignInputs(const RunOptions& options,
                                            const std::vector<size_t>& shard,
                                            std::string_view boilerplate_model) {
  SARING_ASSIGN_OR_RETURN(size_t inputs, InputCount(options));
  pipeline::SignSink sink(inputs, "");
  SARING_RETURN_IF_ERROR(SignShard(options, shard, &sink, boilerplate_model));
  return sink.TakeBuffers();
}

Result<std::vector<std::string>> SignInputs(const RunOptions& options,
                                            const std::vector<size_t>& shard) {
  return SignInputs(options, shard, {});
}

Status SignInputsToFolder(const RunOptions& options, const std::vector<size_t>& shard,
                          const std::string& folder, std::string_view boilerplate_model) {
  SARING_ASSIGN_OR_RETURN(size_t inputs, InputCount(options));
  SARING_RETURN_IF_ERROR(CreateDirectories(folder));
  pipeline::SignSink sink(inputs, folder);
  return SignShard(options, shard, &sink, boilerplate_model);
}

Status SignInputsToFolder(const RunOptions& options, const std::vector<size_t>& shard,
                          const std::string& folder) {
  return SignInputsToFolder(options, shard, folder, {});
}

Result<std::string> LearnInputs(const RunOptions& options, const std::vector<size_t>& shard) {
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(options, nullptr, nullptr);
  RunStats scratch;
  scratch.files.resize(inputs.size());
  RunHooks hooks;
  pipeline::PassRunner learn({.options = &options,
                              .hooks = &hooks,
                              .inputs = &inputs,
                              .kind = PassKind::kLearn,
                              .depth = AnalysisDepth::kRepair,
                              .analyzer = &config,
                              .stats = &scratch});
  learn.Select(shard);
  SARING_RETURN_IF_ERROR(learn.Run(pipeline::WorkerThreads(options)));
  return learn.MergedBoilerplateCounts();
}

Result<std::vector<std::string>> DecideInputs(const RunOptions& options_in,
                                              const std::vector<std::string>& signatures) {
  RunOptions options = options_in;
  pipeline::ThreadExchangeHub one(1);
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> decisions,
                          DecidePart(options, signatures, one.part(0)));
  if (options.update_index || !options.build_index.empty()) {
    SARING_RETURN_IF_ERROR(WriteIndexPart(options, signatures, decisions, one.part(0)).status());
  }
  return decisions;
}

Result<std::vector<std::string>> DecideInputsFromFolder(const RunOptions& options,
                                                        const std::string& folder, size_t inputs) {
  pipeline::ThreadExchangeHub one(1);
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> decisions,
                          DecidePartFromFolder(options, folder, inputs, one.part(0)));
  if (options.update_index || !options.build_index.empty()) {
    SARING_RETURN_IF_ERROR(
        WriteIndexPartFromFolder(options, folder, inputs, decisions, one.part(0)).status());
  }
  return decisions;
}

Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions) {
  return ApplyInputs(options, shard, decisions, {});
}

namespace {

// The final pass over `shard` with the decisions `set_decisions` gives the decider.
Result<RunStats> ApplyWith(const RunOptions& options, const std::vector<size_t>& shard,
                           std::string_view boilerplate_model,
                           const std::function<void(pipeline::Decider*)>& set_decisions) {
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  std::unique_ptr<pipeline::Filters> filters;
  SARING_ASSIGN_OR_RETURN(filters, pipeline::Filters::Create(options));
  SARING_RETURN_IF_ERROR(pipeline::InstallBoilerplate(options, boilerplate_model, filters.get()));
  for (const char* sub : kOutputFolders) {
    SARING_RETURN_IF_ERROR(CreateDirectories(options.output_dir + "/" + sub));
  }
  for (size_t input : shard) {
    SARING_RETURN_IF_ERROR(pipeline::RemoveInputShards(options.output_dir, input));
  }
  RunStats stats;
  stats.files.resize(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) stats.files[i].path = inputs[i].path;
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(options, nullptr, filters.get());
  pipeline::ProgressLog progress("");  // no progress file: each stage is rerun whole
  pipeline::OutputSet output(options, &progress);
  RunHooks hooks;
  pipeline::PassRunner apply({.options = &options,
                              .hooks = &hooks,
                              .inputs = &inputs,
                              .kind = PassKind::kFinal,
                              .depth = AnalysisDepth::kFull,
                              .analyzer = &config,
                              .stats = &stats,
                              .output = &output});
  apply.Select(shard);
  set_decisions(&apply.decider());
  SARING_RETURN_IF_ERROR(apply.Run(pipeline::WorkerThreads(options)));
  std::vector<std::string> paths;
  for (const InputSpec& in : inputs) paths.push_back(in.path);
  SARING_RETURN_IF_ERROR(apply.decider().CheckDecisionsUsed(shard, paths));
  SARING_RETURN_IF_ERROR(output.Finish());
  return stats;
}

}  // namespace

Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions,
                             std::string_view boilerplate_model) {
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  if (decisions.size() != inputs.size()) {
    return Status::InvalidArgument(fmt::format("decisions for {} inputs, but the run has {}",
                                               decisions.size(), inputs.size()));
  }
  return ApplyWith(options, shard, boilerplate_model,
                   [&](pipeline::Decider* d) { d->SetDecisions(&decisions); });
}

Result<RunStats> ApplyInputsFromFolder(const RunOptions& options, const std::vector<size_t>& shard,
                                       const std::string& work,
                                       std::string_view boilerplate_model) {
  return ApplyWith(options, shard, boilerplate_model,
                   [&](pipeline::Decider* d) { d->SetDecisionFolder(work); });
}

Status FinishRun(const RunOptions& options, const std::vector<RunStats>& parts) {
  std::vector<std::string> ignored;
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs,
                          ExpandInputs(options.inputs, options.input, &ignored));
  RunStats total;
  for (const RunStats& p : parts) pipeline::MergeStats(p, &total);
  total.AddFilterWarnings();
  AddIgnoredWarnings(ignored, &total);
  SARING_ASSIGN_OR_RETURN(std::string manifest,
                          pipeline::RunManifest(Env::Default(), options, inputs));
  SARING_RETURN_IF_ERROR(WriteFileAtomically(options.output_dir + "/" + kManifestFile, manifest));
  return WriteFileAtomically(options.output_dir + "/" + kStatsFile, total.ToJson());
}

Status PrepareOutput(const RunOptions& options) {
  return pipeline::PrepareOutputFolder(options.output_dir, options.overwrite);
}

std::string SerializeRunStats(const RunStats& stats) { return pipeline::SerializeStats(stats); }
Result<RunStats> ParseRunStats(std::string_view bytes) { return pipeline::ParseStats(bytes); }

}  // namespace saring
