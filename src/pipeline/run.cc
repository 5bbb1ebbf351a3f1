// saring::Run and the stage functions of saring/stages.h: resolve the inputs, prepare the output
// folder (lock, manifest, resume), then run the passes (pass_runner.h) and write the run's files.
//
// With near-dup on, the inputs are read twice: a signing pass feeds every document's MinHash
// signature to the detector (which then clusters), and the final pass applies its decisions and
// writes the output. Both passes analyse documents identically, so the near-dup ordinals agree.
#include "saring/run.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
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
#include "pipeline/partitioned_decide.h"
#include "pipeline/pass_runner.h"
#include "saring/dedup_index.h"
#include "saring/file_util.h"
#include "saring/shard_writer.h"
#include "saring/stages.h"

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
    stats->warnings.push_back({"ignored_file", fmt::format("{} was ignored: not JSONL and not a text file", path)});
  }
}

// Writes an index of the near-dup survivors of this run to `path` (appended to the archive when
// `append`), atomically. Returns the documents in the index written.
Result<uint64_t> WriteIndex(const pipeline::NearDupState& nd, const std::string& path, bool append) {
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
  std::optional<DedupIndex> index;
  if (append && all_words) {
    SARING_ASSIGN_OR_RETURN(index, nd.archive()->WithAppended(ids, signatures.data(), ids.size(), words));
  } else if (append) {
    SARING_ASSIGN_OR_RETURN(index, nd.archive()->WithAppended(ids, signatures.data(), ids.size()));
  } else if (all_words) {
    SARING_ASSIGN_OR_RETURN(index, DedupIndex::Build(nd.IndexParams(), ids, std::move(signatures),
                                                     std::move(words)));
  } else {
    SARING_ASSIGN_OR_RETURN(index, DedupIndex::Build(nd.IndexParams(), ids, std::move(signatures)));
  }
  SARING_RETURN_IF_ERROR(index->Write(path));
  return index->size();
}

}  // namespace

Result<RunResult> Run(const RunOptions& options_in, const RunHooks& hooks) {
  auto t0 = std::chrono::steady_clock::now();
  RunOptions options = options_in;
  if (options.inputs.empty()) return Status::InvalidArgument("no input given");
  if (options.output_dir.empty() && !options.read_only && options.build_index.empty()) {
    return Status::InvalidArgument("no output folder given");
  }
  std::vector<std::string> ignored;
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs,
                          ExpandInputs(options.inputs, options.input, &ignored));
  if (inputs.empty()) {
    return Status::InvalidArgument(fmt::format(
        "no input files found in {}; saring reads *.jsonl[.gz|.zst], *.parquet, *.warc[.gz] and *.wet[.gz] "
        "files, and folders of them or of {} files",
        fmt::join(options.inputs, ", "), options.input.text_glob));
  }
  if (options.read_only) options.near_dup = false;
  const bool index_only = !options.build_index.empty() && options.output_dir.empty();
  if ((!options.against_index.empty() || options.update_index || !options.build_index.empty()) &&
      !options.near_dup) {
    return Status::InvalidArgument("a dedup index needs near-duplicate detection (near_dup.enabled)");
  }
  if (options.update_index && options.against_index.empty()) {
    return Status::InvalidArgument("--update-index needs --against INDEX");
  }
  bool own_work_dir = false;
  std::optional<pipeline::OutputLock> lock;
  pipeline::ProgressLog progress(options.output_dir);
  if (index_only) {
    options.work_dir = options.work_dir.empty() ? options.build_index + ".work" : options.work_dir;
    own_work_dir = true;
    SARING_RETURN_IF_ERROR(CreateDirectories(options.work_dir));
  } else if (!options.read_only) {
    SARING_RETURN_IF_ERROR(CreateDirectories(options.output_dir));
    SARING_ASSIGN_OR_RETURN(lock, pipeline::OutputLock::Acquire(options.output_dir));
    std::string manifest = pipeline::RunManifest(options, inputs);
    std::string manifest_path = options.output_dir + "/" + pipeline::kManifestFile;
    if (options.resume) {
      Result<std::string> old = ReadFileToString(manifest_path);
      if (!old.ok()) {
        return Status::FailedPrecondition(fmt::format(
            "nothing to resume in {}: it holds no interrupted saring run", options.output_dir));
      }
      if (*old != manifest) {
        return Status::FailedPrecondition(fmt::format(
            "cannot resume in {}: the configuration, the inputs (size or modification time) or "
            "the saring version changed since the run started ({}); pass --force-restart to "
            "start over", options.output_dir, manifest_path));
      }
      if (::access((options.output_dir + "/stats.json").c_str(), F_OK) == 0) {
        RunResult done;  // the caller writes what comes after the run (report.html) if missing
        done.already_complete = true;
        done.output_dir = options.output_dir;
        std::error_code ec;
        std::filesystem::remove(options.output_dir + "/progress.txt", ec);
        std::filesystem::remove_all(options.output_dir + "/work", ec);
        std::filesystem::remove(options.output_dir + "/.lock", ec);
        return done;
      }
      SARING_ASSIGN_OR_RETURN(progress, pipeline::ProgressLog::Load(options.output_dir));
      SARING_RETURN_IF_ERROR(pipeline::RemoveUnfinishedShards(options.output_dir, progress));
    } else {
      SARING_RETURN_IF_ERROR(pipeline::PrepareOutputFolder(options.output_dir, options.overwrite));
      SARING_RETURN_IF_ERROR(WriteFileAtomically(manifest_path, manifest));
    }
    if (options.work_dir.empty()) {
      options.work_dir = options.output_dir + "/work";
      own_work_dir = true;
    }
    SARING_RETURN_IF_ERROR(CreateDirectories(options.work_dir));
  }

  const unsigned threads = pipeline::WorkerThreads(options);

  RunResult result;
  result.stats.files.resize(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) result.stats.files[i].path = inputs[i].path;

  std::unique_ptr<pipeline::Filters> filters;
  if (!options.read_only) {
    SARING_ASSIGN_OR_RETURN(filters, pipeline::Filters::Create(options));
  }
  std::optional<DedupIndex> archive;
  if (!options.against_index.empty()) {
    SARING_ASSIGN_OR_RETURN(archive, DedupIndex::Load(options.against_index));
  }
  if (options.boilerplate && !options.read_only) {
    pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(options, nullptr, nullptr);
    PhaseTimer timer("learn", &result.phases);
    pipeline::PassRunner learn(options, hooks, inputs, PassKind::kLearn, AnalysisDepth::kRepair, config,
                     nullptr, &result.stats, nullptr);
    SARING_RETURN_IF_ERROR(learn.Run(threads));
    SARING_ASSIGN_OR_RETURN(BoilerplateModel model, learn.MergedBoilerplate());
    filters->SetBoilerplate(std::move(model));
  }

  std::unique_ptr<pipeline::NearDupState> near_dup;
  std::unique_ptr<pipeline::AnalysisCache> analysis_cache;  // near-dup: kept from sign to final
  if (options.near_dup) {
    SARING_ASSIGN_OR_RETURN(near_dup, pipeline::NearDupState::Create(options));
    if (options.update_index || !options.build_index.empty()) {
      near_dup->KeepSignatures();
      if (options.near_dup_verify == "align") near_dup->KeepWords();
    }
    if (archive) {
      if (!(archive->params() == near_dup->IndexParams())) {
        return Status::InvalidArgument(fmt::format(
            "index {} was built with other near-dup settings (num_perm, bands, rows, ngram or "
            "seed) than this run's; use the settings it was built with", options.against_index));
      }
      if (options.near_dup_verify == "align" && !archive->has_words()) {
        result.stats.warnings.push_back(
            {"index_without_words",
             fmt::format("index {} holds no word hashes (format version 2, or built without "
                         "near_dup.verify=align): documents are matched against it by the "
                         "signature estimate, not by word alignment; rebuild it with `saring "
                         "index build` to find edited copies as one run does",
                         options.against_index)});
      }
      near_dup->SetArchive(std::move(*archive));
    }
    pipeline::AnalyzerConfig config =
        pipeline::AnalyzerConfig::From(options, &near_dup->hasher(), filters.get());
    config.archive = near_dup->archive();
    config.lsh = near_dup->detector().lsh_params();
    pipeline::PassRunner sign(options, hooks, inputs, PassKind::kSign, AnalysisDepth::kSign, config,
                    near_dup.get(), &result.stats, nullptr);
    if (pipeline::ReusableAnalysis(options) && !index_only) {
      SARING_ASSIGN_OR_RETURN(analysis_cache,
                              pipeline::AnalysisCache::Create(options.work_dir + "/analysis.bin"));
      sign.ReuseAnalysis(analysis_cache.get());
    }
    {
      PhaseTimer timer("sign", &result.phases);
      SARING_RETURN_IF_ERROR(sign.Run(threads));
    }
    {
      PhaseTimer timer("cluster", &result.phases);
      SARING_RETURN_IF_ERROR(near_dup->detector().Finish());
    }
    result.decoded_bytes += sign.decoded_bytes();
    if (index_only) {
      SARING_ASSIGN_OR_RETURN(result.index_documents,
                              WriteIndex(*near_dup, options.build_index, /*append=*/false));
      std::error_code ec;
      std::filesystem::remove_all(options.work_dir, ec);
      result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      result.threads = threads;
      result.input_bytes = sign.input_bytes();
      return result;
    }
  }

  pipeline::OutputSet output(options, &progress);
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(
      options, near_dup ? &near_dup->hasher() : nullptr, filters.get());
  config.archive = near_dup ? near_dup->archive() : nullptr;
  AnalysisDepth final_depth = options.read_only ? AnalysisDepth::kParseOnly
                              : config.archive  ? AnalysisDepth::kSign  // the same archive queries
                                                : AnalysisDepth::kFull;
  pipeline::PassRunner final_pass(options, hooks, inputs, PassKind::kFinal, final_depth,
                        config, near_dup.get(), &result.stats, &output);
  if (analysis_cache) final_pass.ReuseAnalysis(analysis_cache.get());
  {
    PhaseTimer timer("final", &result.phases);
    SARING_RETURN_IF_ERROR(final_pass.Run(threads));
    if (!options.read_only) SARING_RETURN_IF_ERROR(output.Finish());
  }
  if (options.update_index) {
    SARING_ASSIGN_OR_RETURN(result.index_documents,
                            WriteIndex(*near_dup, options.against_index, /*append=*/true));
  } else if (!options.build_index.empty()) {
    SARING_ASSIGN_OR_RETURN(result.index_documents,
                            WriteIndex(*near_dup, options.build_index, /*append=*/false));
  }
  near_dup.reset();

  result.stats.AddFilterWarnings();
  AddIgnoredWarnings(ignored, &result.stats);
  result.output_dir = options.output_dir;
  result.threads = threads;
  result.input_bytes = final_pass.input_bytes();
  result.decoded_bytes = final_pass.decoded_bytes();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (options.read_only) return result;
  if (own_work_dir) {
    std::error_code ec;
    std::filesystem::remove_all(options.work_dir, ec);
  }
  SARING_RETURN_IF_ERROR(pipeline::WriteRunInfo(options, result));
  // A finished run needs no checkpoint: the folder then holds the same files whichever way the
  // run was executed (one process, stage commands, MPI ranks). stats.json, the mark of a
  // finished run, is written last.
  std::error_code ec;
  std::filesystem::remove(options.output_dir + "/progress.txt", ec);
  SARING_RETURN_IF_ERROR(WriteFileAtomically(options.output_dir + "/stats.json", result.stats.ToJson()));
  std::filesystem::remove(options.output_dir + "/.lock", ec);
  return result;
}

}  // namespace saring

// ---------------------------------------------------------------------------- sharded stages

namespace saring {
namespace {

Status CheckShardable(const RunOptions& o) {
  if (o.boilerplate || o.paragraph_dedup || o.near_dup_verify == "exact" || o.update_index ||
      !o.build_index.empty()) {
    return Status::InvalidArgument(
        "a sharded run (stage commands, MPI) supports neither boilerplate.enabled, "
        "dedup.paragraphs, near_dup.verify=exact nor writing an index: they need the whole "
        "corpus in one process; use saring run");
  }
  return Status::Ok();
}

Result<std::optional<DedupIndex>> LoadArchive(const RunOptions& o) {
  if (o.against_index.empty()) return std::optional<DedupIndex>();
  SARING_ASSIGN_OR_RETURN(DedupIndex index, DedupIndex::Load(o.against_index));
  return std::optional<DedupIndex>(std::move(index));
}

// Removes the earlier shards of `input` so that a repeated stage rewrites them.
Status RemoveInputShards(const std::string& dir, size_t input) {
  std::error_code ec;
  std::string prefix = pipeline::ShardPrefix(input) + "-";
  for (const char* sub : pipeline::kOutputSubdirs) {
    std::string folder = dir + "/" + sub;
    if (!std::filesystem::exists(folder, ec)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
      if (entry.path().filename().string().starts_with(prefix)) std::filesystem::remove(entry.path(), ec);
    }
  }
  return Status::Ok();
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
                 pipeline::SignSink* sink) {
  RunOptions options = options_in;
  SARING_RETURN_IF_ERROR(CheckShardable(options));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  std::unique_ptr<pipeline::Filters> filters;
  SARING_ASSIGN_OR_RETURN(filters, pipeline::Filters::Create(options));
  std::unique_ptr<pipeline::NearDupState> near_dup;
  if (options.near_dup) {
    if (options.work_dir.empty()) options.work_dir = "/tmp";
    SARING_ASSIGN_OR_RETURN(near_dup, pipeline::NearDupState::Create(options));
  }
  SARING_ASSIGN_OR_RETURN(std::optional<DedupIndex> archive, LoadArchive(options));
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(
      options, near_dup ? &near_dup->hasher() : nullptr, filters.get());
  config.archive = archive ? &*archive : nullptr;
  RunStats scratch;
  scratch.files.resize(inputs.size());
  RunHooks hooks;
  pipeline::PassRunner sign(options, hooks, inputs, PassKind::kSign,
                  near_dup ? AnalysisDepth::kSign : AnalysisDepth::kFull, config, nullptr,
                  &scratch, nullptr);
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

Result<std::vector<std::string>> SignInputs(const RunOptions& options, const std::vector<size_t>& shard) {
  SARING_ASSIGN_OR_RETURN(size_t inputs, InputCount(options));
  pipeline::SignSink sink(inputs, "");
  SARING_RETURN_IF_ERROR(SignShard(options, shard, &sink));
  return sink.TakeBuffers();
}

Status SignInputsToFolder(const RunOptions& options, const std::vector<size_t>& shard,
                          const std::string& folder) {
  SARING_ASSIGN_OR_RETURN(size_t inputs, InputCount(options));
  SARING_RETURN_IF_ERROR(CreateDirectories(folder));
  pipeline::SignSink sink(inputs, folder);
  return SignShard(options, shard, &sink);
}

Result<std::vector<std::string>> DecideInputs(const RunOptions& options_in,
                                              const std::vector<std::string>& signatures) {
  RunOptions options = options_in;
  SARING_RETURN_IF_ERROR(CheckShardable(options));
  pipeline::ThreadExchangeHub one(1);
  return DecidePart(options, signatures, one.part(0));
}

Result<std::vector<std::string>> DecideInputsFromFolder(const RunOptions& options,
                                                        const std::string& folder, size_t inputs) {
  SARING_RETURN_IF_ERROR(CheckShardable(options));
  pipeline::ThreadExchangeHub one(1);
  return DecidePartFromFolder(options, folder, inputs, one.part(0));
}

Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions) {
  SARING_RETURN_IF_ERROR(CheckShardable(options));
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, ResolveInputs(options));
  if (decisions.size() != inputs.size()) {
    return Status::InvalidArgument(fmt::format("decisions for {} inputs, but the run has {}",
                                               decisions.size(), inputs.size()));
  }
  std::unique_ptr<pipeline::Filters> filters;
  SARING_ASSIGN_OR_RETURN(filters, pipeline::Filters::Create(options));
  for (const char* sub : pipeline::kOutputSubdirs) {
    SARING_RETURN_IF_ERROR(CreateDirectories(options.output_dir + "/" + sub));
  }
  for (size_t input : shard) SARING_RETURN_IF_ERROR(RemoveInputShards(options.output_dir, input));
  RunStats stats;
  stats.files.resize(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) stats.files[i].path = inputs[i].path;
  pipeline::AnalyzerConfig config = pipeline::AnalyzerConfig::From(options, nullptr, filters.get());
  pipeline::ProgressLog progress("");  // no progress file: each stage is rerun whole
  pipeline::OutputSet output(options, &progress);
  RunHooks hooks;
  pipeline::PassRunner apply(options, hooks, inputs, PassKind::kFinal, AnalysisDepth::kFull, config, nullptr,
                   &stats, &output);
  apply.Select(shard);
  apply.decider().SetDecisions(&decisions);
  SARING_RETURN_IF_ERROR(apply.Run(pipeline::WorkerThreads(options)));
  SARING_RETURN_IF_ERROR(output.Finish());
  return stats;
}

Status FinishRun(const RunOptions& options, const std::vector<RunStats>& parts) {
  std::vector<std::string> ignored;
  SARING_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs,
                          ExpandInputs(options.inputs, options.input, &ignored));
  RunStats total;
  for (const RunStats& p : parts) pipeline::MergeStats(p, &total);
  total.AddFilterWarnings();
  AddIgnoredWarnings(ignored, &total);
  SARING_RETURN_IF_ERROR(WriteFileAtomically(options.output_dir + "/" + pipeline::kManifestFile,
                                             pipeline::RunManifest(options, inputs)));
  return WriteFileAtomically(options.output_dir + "/stats.json", total.ToJson());
}

Status PrepareOutput(const RunOptions& options) {
  return pipeline::PrepareOutputFolder(options.output_dir, options.overwrite);
}

std::string SerializeRunStats(const RunStats& stats) { return pipeline::SerializeStats(stats); }
Result<RunStats> ParseRunStats(std::string_view bytes) { return pipeline::ParseStats(bytes); }

}  // namespace saring
