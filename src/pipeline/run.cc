// The saring run: a fixed set of worker threads moves numbered batches through
//   read (sequential) -> analyze (parallel) -> decide (sequential, in order)
//   -> encode + compress (parallel) -> write (sequential, in order).
// Each worker takes the next batch from the shared reader, so at most `threads` batches are in
// flight (bounded memory), and the sequential stages see batches in input order through
// turnstiles, which makes every output byte independent of the thread count: batch boundaries
// depend only on the input, each batch is compressed as its own zstd frame, and dedup decisions are
// taken in input order.
//
// With near-dup on, the inputs are read twice: a signing pass feeds every document's MinHash
// signature to the detector (which then clusters), and the final pass applies its decisions and
// writes the output. Both passes analyse documents identically, so the near-dup ordinals agree.
#include "saring/run.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "pipeline/checkpoint.h"
#include "pipeline/decider.h"
#include "pipeline/distributed.h"
#include "pipeline/doc_analyzer.h"
#include "pipeline/doc_work.h"
#include "pipeline/filters.h"
#include "pipeline/output_folder.h"
#include "pipeline/output_set.h"
#include "pipeline/record_encoder.h"
#include "pipeline/turnstile.h"
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
using pipeline::DocFate;
using pipeline::DocWork;
using pipeline::PassKind;
using pipeline::RecordError;
using pipeline::WorkBatch;

// Bytes of memory a batch in flight costs, as a multiple of its input bytes (input, decoded
// text, repaired text, encoded lines, compressed frames).
constexpr uint64_t kBatchMemoryFactor = 6;

// One pass over all inputs by `threads` workers.
class PassRunner {
 public:
  PassRunner(const RunOptions& options, const RunHooks& hooks, const std::vector<InputSpec>& inputs,
             PassKind pass, AnalysisDepth depth, const pipeline::AnalyzerConfig& analyzer,
             pipeline::NearDupState* near_dup, RunStats* stats,
             pipeline::OutputSet* output)
      : options_(options), hooks_(hooks), inputs_(inputs), pass_(pass), depth_(depth),
        analyzer_(analyzer), decider_(options, pass, near_dup, stats), stats_(stats),
        output_(output) {
    for (size_t i = 0; i < inputs_.size(); ++i) selected_.push_back(i);
    for (const InputSpec& in : inputs_) {
      for (const std::string& f : in.files) {
        struct stat st;
        if (::stat(f.c_str(), &st) == 0) bytes_total_ += st.st_size;
      }
    }
  }

  Status Run(unsigned threads) {
    start_ = std::chrono::steady_clock::now();
    if (pass_ == PassKind::kLearn) {
      for (unsigned t = 0; t < threads; ++t) {
        learners_.push_back(std::make_unique<BoilerplateLearner>(options_.boilerplate_options));
      }
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([this, t] { Work(t); });
    for (std::thread& t : pool) t.join();
    return error_;
  }

  // After a learning pass: the workers' learners merged (the result does not depend on how the
  // documents were spread over them).
  Result<BoilerplateModel> MergedBoilerplate() {
    for (size_t i = 1; i < learners_.size(); ++i) SARING_RETURN_IF_ERROR(learners_[0]->Merge(*learners_[i]));
    return std::move(*learners_[0]).Finish();
  }

  // Restricts the pass to these inputs (indices into the input list, ascending); the others are
  // left to other processes (stage commands, MPI ranks).
  void Select(std::vector<size_t> inputs) { selected_ = std::move(inputs); }
  pipeline::Decider& decider() { return decider_; }

  uint64_t decoded_bytes() const { return decoded_bytes_; }
  uint64_t input_bytes() const { return bytes_total_; }

 private:
  bool writes() const { return pass_ == PassKind::kFinal && !options_.read_only; }

  void Fail(Status s) {
    std::lock_guard<std::mutex> lock(error_mu_);
    if (error_.ok()) error_ = std::move(s);
    failed_.store(true);
    decide_gate_.Abort();
    write_gate_.Abort();
  }

  void Work(unsigned worker) {
    pipeline::DocAnalyzer analyzer(analyzer_);
    WorkBatch batch;
    while (!failed_.load()) {
      if (hooks_.cancel && hooks_.cancel->load()) {
        return Fail(Status::Aborted("interrupted; run again with --resume to finish"));
      }
      Result<bool> got = ReadNext(&batch);
      if (!got.ok()) return Fail(got.status());
      if (!*got) return;
      Analyze(&analyzer, &batch);
      if (pass_ == PassKind::kLearn) {
        Learn(batch, learners_[worker].get());
        continue;
      }
      if (!decide_gate_.Wait(batch.seq)) return;
      Status s = decider_.Decide(&batch);
      decide_gate_.Pass(batch.seq);
      if (!s.ok()) return Fail(s);
      if (!writes()) continue;
      if (output_->Done(batch.seq)) {  // resume: already in completed shards; keep the order
        if (!write_gate_.Wait(batch.seq)) return;
        write_gate_.Pass(batch.seq);
        continue;
      }
      s = Encode(&batch);
      if (!s.ok()) return Fail(s);
      if (!write_gate_.Wait(batch.seq)) return;
      s = Write(&batch);
      write_gate_.Pass(batch.seq);
      if (!s.ok()) return Fail(s);
    }
  }

  // Takes the next batch of the current input, opening inputs in order. A file that cannot be
  // opened becomes a batch with open_error set (one quarantined record, and a file error).
  Result<bool> ReadNext(WorkBatch* b) {
    std::lock_guard<std::mutex> lock(read_mu_);
    while (next_input_ < selected_.size()) {
      const size_t input = selected_[next_input_];
      if (!reader_) {
        Result<std::unique_ptr<RecordReader>> r = RecordReader::Open(inputs_[input], options_.reader);
        if (!r.ok()) {
          if (options_.strict) return r.status();
          b->Clear();
          b->open_error = r.status().message();
          b->input_index = input;
          ++next_input_;
          b->seq = next_seq_++;
          return true;
        }
        reader_ = std::move(r).value();
      }
      SARING_ASSIGN_OR_RETURN(bool more, reader_->NextBatch(&b->records));
      if (more) {
        b->open_error.clear();
        b->input_index = input;
        b->seq = next_seq_++;
        decoded_bytes_ += b->records.data.size();
        ReportProgress(b->records.records.size());
        return true;
      }
      if (pass_ == PassKind::kFinal) {
        stats_->files[input].blank_lines = reader_->counters().blank_lines;
      }
      bytes_done_before_ += reader_->counters().compressed_bytes;
      reader_.reset();
      ++next_input_;
    }
    return false;
  }

  void Analyze(pipeline::DocAnalyzer* analyzer, WorkBatch* b) {
    b->docs.resize(b->records.records.size());
    if (!b->open_error.empty()) return;
    const InputSpec& spec = inputs_[b->input_index];
    for (size_t i = 0; i < b->docs.size(); ++i) {
      const RecordRef& r = b->records.records[i];
      b->docs[i].Reset();
      analyzer->Analyze(spec, r, std::string_view(b->records.data.data() + r.begin, r.length),
                        depth_, &b->docs[i]);
    }
  }

  static void Learn(const WorkBatch& b, BoilerplateLearner* learner) {
    thread_local std::string view;
    for (const DocWork& d : b.docs) {
      if (d.fate != DocFate::kKept) continue;
      pipeline::BuildParagraphView(d, &view);
      learner->AddDocument(d.source, view);
    }
  }

  Status Encode(WorkBatch* b) {
    for (int k = 0; k < 3; ++k) {
      b->jsonl[k].clear();
      b->counts[k] = 0;
    }
    if (!b->open_error.empty()) {
      DocWork d;
      d.fate = DocFate::kQuarantined;
      d.error = RecordError::kUnreadableFile;
      d.error_detail = b->open_error;
      pipeline::EncodeQuarantine(d, RecordRef{}, {}, inputs_[b->input_index].path,
                                 &b->jsonl[pipeline::kOutputQuarantine]);
      b->counts[pipeline::kOutputQuarantine] = 1;
    }
    for (size_t i = 0; i < b->docs.size(); ++i) {
      const DocWork& d = b->docs[i];
      const RecordRef& r = b->records.records[i];
      std::string_view raw(b->records.data.data() + r.begin, r.length);
      switch (d.fate) {
        case DocFate::kKept:
          pipeline::EncodeKept(d, raw, &b->jsonl[pipeline::kOutputKept]);
          ++b->counts[pipeline::kOutputKept];
          break;
        case DocFate::kRemoved:
          pipeline::EncodeRemoved(d, raw, &b->jsonl[pipeline::kOutputRemoved]);
          ++b->counts[pipeline::kOutputRemoved];
          break;
        case DocFate::kQuarantined:
          pipeline::EncodeQuarantine(d, r, raw, d.source_file, &b->jsonl[pipeline::kOutputQuarantine]);
          ++b->counts[pipeline::kOutputQuarantine];
          break;
      }
    }
    for (int k = 0; k < 3; ++k) {
      b->frames[k].clear();
      if (b->jsonl[k].empty()) continue;
      SARING_RETURN_IF_ERROR(CompressFrame(b->jsonl[k], options_.zstd_level, &b->frames[k]));
    }
    return Status::Ok();
  }

  Status Write(WorkBatch* b) {
    for (int k = 0; k < 3; ++k) {
      SARING_RETURN_IF_ERROR(output_->Append(k, b->input_index, b->seq, b->frames[k], b->counts[k]));
    }
    return Status::Ok();
  }

  // Reports progress after a batch is read. REQUIRES: read_mu_ held.
  void ReportProgress(uint64_t records) {
    documents_read_ += records;
    if (!hooks_.progress) return;
    RunProgress p;
    p.stage = pass_ == PassKind::kLearn ? "learn" : pass_ == PassKind::kSign ? "sign" : "write";
    p.documents = documents_read_;
    p.bytes_total = bytes_total_;
    p.bytes_done = bytes_done_before_ + (reader_ ? reader_->counters().compressed_bytes : 0);
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    hooks_.progress(p);
  }

  const RunOptions& options_;
  const RunHooks& hooks_;
  const std::vector<InputSpec>& inputs_;
  const PassKind pass_;
  const AnalysisDepth depth_;
  const pipeline::AnalyzerConfig& analyzer_;

  std::mutex read_mu_;
  std::vector<size_t> selected_;  // inputs of this pass, in order
  size_t next_input_ = 0;          // index into selected_
  uint64_t next_seq_ = 0;
  std::unique_ptr<RecordReader> reader_;
  uint64_t decoded_bytes_ = 0;
  uint64_t bytes_done_before_ = 0;
  uint64_t bytes_total_ = 0;

  pipeline::Turnstile decide_gate_, write_gate_;
  std::mutex error_mu_;
  Status error_;
  std::atomic<bool> failed_{false};

  pipeline::Decider decider_;   // owned by the decide stage
  RunStats* stats_;

  std::vector<std::unique_ptr<BoilerplateLearner>> learners_;  // one per worker (learning pass)
  pipeline::OutputSet* output_;  // owned by the write stage
  uint64_t documents_read_ = 0;  // guarded by read_mu_
  std::chrono::steady_clock::time_point start_;
};

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
  for (uint64_t i = 0; i < nd.added(); ++i) {
    if (nd.detector_const().Get(i).removed) continue;
    ids.emplace_back(nd.IdOf(i));
    const uint32_t* sig = nd.SignatureOf(i);
    signatures.insert(signatures.end(), sig, sig + k);
  }
  std::optional<DedupIndex> index;
  if (append) {
    SARING_ASSIGN_OR_RETURN(index, nd.archive()->WithAppended(ids, signatures.data(), ids.size()));
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
        "no input files found in {}; saring reads *.jsonl[.gz|.zst] files and folders of {} files",
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

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  uint64_t per_batch = std::max<uint64_t>(1, options.reader.batch_bytes * kBatchMemoryFactor);
  threads = static_cast<unsigned>(std::clamp<uint64_t>(options.memory_budget_bytes / per_batch, 1, threads));

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
    PassRunner learn(options, hooks, inputs, PassKind::kLearn, AnalysisDepth::kRepair, config,
                     nullptr, &result.stats, nullptr);
    SARING_RETURN_IF_ERROR(learn.Run(threads));
    SARING_ASSIGN_OR_RETURN(BoilerplateModel model, learn.MergedBoilerplate());
    filters->SetBoilerplate(std::move(model));
  }

  std::unique_ptr<pipeline::NearDupState> near_dup;
  if (options.near_dup) {
    SARING_ASSIGN_OR_RETURN(near_dup, pipeline::NearDupState::Create(options));
    if (options.update_index || !options.build_index.empty()) near_dup->KeepSignatures();
    if (archive) {
      if (!(archive->params() == near_dup->IndexParams())) {
        return Status::InvalidArgument(fmt::format(
            "index {} was built with other near-dup settings (num_perm, bands, rows, ngram or "
            "seed) than this run's; use the settings it was built with", options.against_index));
      }
      near_dup->SetArchive(std::move(*archive));
    }
    pipeline::AnalyzerConfig config =
        pipeline::AnalyzerConfig::From(options, &near_dup->hasher(), filters.get());
    config.archive = near_dup->archive();
    PassRunner sign(options, hooks, inputs, PassKind::kSign, AnalysisDepth::kSign, config,
                    near_dup.get(), &result.stats, nullptr);
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
  PassRunner final_pass(options, hooks, inputs, PassKind::kFinal, final_depth,
                        config, near_dup.get(), &result.stats, &output);
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
  if (o.boilerplate || o.paragraph_dedup || o.near_dup_verify_exact || o.update_index ||
      !o.build_index.empty()) {
    return Status::InvalidArgument(
        "a sharded run (stage commands, MPI) supports neither boilerplate.enabled, "
        "dedup.paragraphs, near_dup.verify=exact nor writing an index: they need the whole "
        "corpus in one process; use saring run");
  }
  return Status::Ok();
}

unsigned Threads(const RunOptions& o) {
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  uint64_t per_batch = std::max<uint64_t>(1, o.reader.batch_bytes * kBatchMemoryFactor);
  return static_cast<unsigned>(std::clamp<uint64_t>(o.memory_budget_bytes / per_batch, 1, threads));
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

Result<std::vector<std::string>> SignInputs(const RunOptions& options_in, const std::vector<size_t>& shard) {
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
  PassRunner sign(options, hooks, inputs, PassKind::kSign,
                  near_dup ? AnalysisDepth::kSign : AnalysisDepth::kFull, config, nullptr,
                  &scratch, nullptr);
  sign.Select(shard);
  std::vector<std::string> records(inputs.size());
  sign.decider().SetSignSink(&records);
  SARING_RETURN_IF_ERROR(sign.Run(Threads(options)));
  return records;
}

Result<std::vector<std::string>> DecideInputs(const RunOptions& options_in,
                                              const std::vector<std::string>& signatures) {
  RunOptions options = options_in;
  SARING_RETURN_IF_ERROR(CheckShardable(options));
  std::unique_ptr<pipeline::NearDupState> near_dup;
  if (options.near_dup) {
    if (options.work_dir.empty()) options.work_dir = "/tmp";
    SARING_ASSIGN_OR_RETURN(near_dup, pipeline::NearDupState::Create(options));
  }
  return pipeline::DecideAll(options, near_dup.get(), signatures);
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
  PassRunner apply(options, hooks, inputs, PassKind::kFinal, AnalysisDepth::kFull, config, nullptr,
                   &stats, &output);
  apply.Select(shard);
  apply.decider().SetDecisions(&decisions);
  SARING_RETURN_IF_ERROR(apply.Run(Threads(options)));
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
