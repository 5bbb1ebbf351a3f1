// The saring run: a fixed set of worker threads moves numbered batches through
//   read (sequential) -> analyze (parallel) -> decide (sequential, in order)
//   -> encode + compress (parallel) -> write (sequential, in order).
// Each worker takes the next batch from the shared reader, so at most `threads` batches are in
// flight (bounded memory), and the sequential stages see batches in input order through
// turnstiles, which makes every output byte independent of the thread count: batch boundaries
// depend only on the input, each batch is compressed as its own zstd frame, and dedup decisions are
// taken in input order.
#include "saring/run.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <xxhash.h>

#include "pipeline/doc_work.h"
#include "pipeline/output_folder.h"
#include "pipeline/record_encoder.h"
#include "pipeline/record_parser.h"
#include "pipeline/seen_table.h"
#include "pipeline/turnstile.h"
#include "saring/file_util.h"
#include "saring/normalize.h"
#include "saring/shard_writer.h"

namespace saring {
namespace {

using pipeline::DocFate;
using pipeline::DocWork;
using pipeline::RecordError;
using pipeline::WorkBatch;

// Salt that keeps paragraph hashes apart from document hashes in the shared table.
constexpr uint64_t kParagraphSalt = 0x9e3779b97f4a7c15ull;
// Bytes of memory a batch in flight costs, as a multiple of its input bytes (input, decoded
// text, repaired text, encoded lines, compressed frames).
constexpr uint64_t kBatchMemoryFactor = 6;

std::string FileStem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

void Quarantine(DocWork* d, RecordError error, std::string detail) {
  d->fate = DocFate::kQuarantined;
  d->error = error;
  d->error_detail = std::move(detail);
}

// State shared by the workers of one run.
class Runner {
 public:
  Runner(const RunOptions& options, const RunHooks& hooks, std::vector<InputSpec> inputs)
      : options_(options), hooks_(hooks), inputs_(std::move(inputs)),
        seen_(options.dedup_memory_budget_bytes) {
    pipeline::ParserOptions po;
    po.id_field = options.id_field;
    po.text_field = options.text_field;
    po.metadata_field = options.metadata_field;
    parser_options_ = po;
    repair_options_ = options.repair_options;
    if (!options.repair) {
      repair_options_.remove_repeated = false;
      repair_options_.remove_contained = false;
      repair_options_.remove_credits = false;
    }
    stats_.files.resize(inputs_.size());
    for (size_t i = 0; i < inputs_.size(); ++i) {
      stats_.files[i].path = inputs_[i].path;
      for (const std::string& f : inputs_[i].files) {
        struct stat st;
        if (::stat(f.c_str(), &st) == 0) bytes_total_ += st.st_size;
      }
    }
  }

  Status Open() {
    if (options_.read_only) return Status::Ok();
    for (int k = 0; k < 3; ++k) {
      ShardWriterOptions wo;
      wo.max_shard_bytes = options_.max_shard_bytes;
      wo.fsync = options_.fsync;
      SARING_ASSIGN_OR_RETURN(writers_[k], ShardWriter::Open(
          options_.output_dir + "/" + pipeline::kOutputSubdirs[k], wo));
    }
    return Status::Ok();
  }

  // Runs `threads` workers to completion.
  Status RunWorkers(unsigned threads) {
    start_ = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([this] { Work(); });
    for (std::thread& t : pool) t.join();
    if (!error_.ok()) return error_;
    if (options_.read_only) return Status::Ok();
    for (auto& w : writers_) SARING_RETURN_IF_ERROR(w->Finish());
    return Status::Ok();
  }

  RunStats& stats() { return stats_; }
  uint64_t decoded_bytes() const { return decoded_bytes_; }
  uint64_t input_bytes() const { return bytes_total_; }

 private:
  // Per-thread reusable state.
  struct Worker {
    explicit Worker(const pipeline::ParserOptions& po, const RepairOptions& ro)
        : parser(po), repairer(ro) {}
    pipeline::RecordParser parser;
    DocumentRepairer repairer;
    WorkBatch batch;
  };

  void Fail(Status s) {
    std::lock_guard<std::mutex> lock(error_mu_);
    if (error_.ok()) error_ = std::move(s);
    failed_.store(true);
    decide_gate_.Abort();
    write_gate_.Abort();
  }

  void Work() {
    Worker w(parser_options_, repair_options_);
    while (!failed_.load()) {
      Result<bool> got = ReadNext(&w.batch);
      if (!got.ok()) return Fail(got.status());
      if (!*got) return;
      Analyze(&w);
      if (!decide_gate_.Wait(w.batch.seq)) return;
      Status s = Decide(&w.batch);
      decide_gate_.Pass(w.batch.seq);
      if (!s.ok()) return Fail(s);
      s = Encode(&w.batch);
      if (!s.ok()) return Fail(s);
      if (!write_gate_.Wait(w.batch.seq)) return;
      s = Write(&w.batch);
      write_gate_.Pass(w.batch.seq);
      if (!s.ok()) return Fail(s);
    }
  }

  // Takes the next batch of the current input, opening inputs in order. A file that cannot be
  // opened becomes one quarantined record (and a file error) so that nothing vanishes silently.
  Result<bool> ReadNext(WorkBatch* b) {
    std::lock_guard<std::mutex> lock(read_mu_);
    while (next_input_ < inputs_.size()) {
      if (!reader_) {
        Result<std::unique_ptr<RecordReader>> r = RecordReader::Open(inputs_[next_input_], options_.reader);
        if (!r.ok()) {
          if (options_.strict) return r.status();
          b->Clear();
          b->open_error = r.status().message();
          b->input_index = next_input_++;
          b->seq = next_seq_++;
          return true;
        }
        reader_ = std::move(r).value();
      }
      SARING_ASSIGN_OR_RETURN(bool more, reader_->NextBatch(&b->records));
      if (more) {
        b->open_error.clear();
        b->input_index = next_input_;
        b->seq = next_seq_++;
        decoded_bytes_ += b->records.data.size();
        return true;
      }
      stats_.files[next_input_].blank_lines = reader_->counters().blank_lines;
      bytes_done_before_ += reader_->counters().compressed_bytes;
      reader_.reset();
      ++next_input_;
    }
    return false;
  }

  void AnalyzeRecord(Worker* w, const InputSpec& spec, const RecordRef& r, DocWork* d) {
    std::string_view raw(w->batch.records.data.data() + r.begin, r.length);
    d->source_file = spec.kind == InputKind::kTextFiles ? spec.files[r.file_index] : spec.path;
    if (r.status == RecordStatus::kTooLong) {
      return Quarantine(d, RecordError::kLineTooLong, r.error);
    }
    if (r.status == RecordStatus::kStreamError) {
      return Quarantine(d, RecordError::kStreamError, r.error);
    }
    if (spec.kind == InputKind::kTextFiles) {
      d->from_text_file = true;
      d->parsed.id = FileStem(d->source_file);
      size_t bad = 0;
      if (!IsValidUtf8(raw, &bad)) {
        return Quarantine(d, RecordError::kInvalidUtf8,
                          fmt::format("{}: invalid UTF-8 at byte {}; re-encode the file as UTF-8",
                                      d->source_file, bad));
      }
      if (raw.find('\0') != std::string_view::npos) {
        return Quarantine(d, RecordError::kNulByte,
                          fmt::format("{}: NUL byte at byte {}; is this a binary file?",
                                      d->source_file, raw.find('\0')));
      }
      d->text.assign(raw);
    } else {
      std::string fallback = fmt::format("{}:{}", FileStem(spec.path), r.line);
      RecordError e = w->parser.Parse(raw, fallback, &d->parsed);
      if (e != RecordError::kNone) {
        std::string detail = fmt::format("{} line {} (byte {}): {}", spec.path, r.line,
                                         r.byte_offset, d->parsed.error_detail);
        return Quarantine(d, e, std::move(detail));
      }
      d->text.assign(d->parsed.text);
    }
    if (options_.read_only) return;
    w->repairer.Repair(d->text, &d->repair);
    d->doc_hash = XXH3_64bits(d->repair.kept_normalized.data(), d->repair.kept_normalized.size());
    if (d->repair.kept_normalized.empty()) {
      d->fate = DocFate::kRemoved;
      d->reason = d->repair.normalized_all.empty() ? "empty_text" : "empty_after_repair";
    }
  }

  void Analyze(Worker* w) {
    WorkBatch& b = w->batch;
    b.docs.resize(b.records.records.size());
    if (!b.open_error.empty()) return;
    const InputSpec& spec = inputs_[b.input_index];
    for (size_t i = 0; i < b.docs.size(); ++i) {
      b.docs[i].Reset();
      AnalyzeRecord(w, spec, b.records.records[i], &b.docs[i]);
    }
  }

  // Exact document dedup and cross-document paragraph dedup, in input order.
  Status DecideDedup(DocWork* d) {
    uint64_t id_offset = ids_.Add(d->parsed.id);
    bool id_used = false;
    if (options_.exact_dedup) {
      pipeline::FirstSeen found;
      SARING_ASSIGN_OR_RETURN(bool dup, seen_.FindOrInsert(d->doc_hash, {id_offset, 0, 0}, &found));
      if (dup) {
        d->fate = DocFate::kRemoved;
        d->reason = "exact_duplicate";
        d->duplicate_of.assign(ids_.Get(found.id_offset));
        ids_.Truncate(id_offset);
        return Status::Ok();
      }
      id_used = true;
    }
    if (options_.paragraph_dedup) {
      size_t kept_paragraphs = 0;
      for (const Paragraph& p : d->repair.paragraphs) {
        if (p.removed) continue;
        ++kept_paragraphs;
        if (p.normalized_end - p.normalized_begin < options_.paragraph_dedup_min_chars) continue;
        pipeline::FirstSeen found;
        SARING_ASSIGN_OR_RETURN(bool dup, seen_.FindOrInsert(p.hash ^ kParagraphSalt,
                                                             {id_offset, p.begin, p.end}, &found));
        if (!dup) {
          id_used = true;
          continue;
        }
        if (found.id_offset == id_offset) continue;  // repeats within the document: repair's job
        uint32_t end = p.end;
        if (end < d->text.size() && d->text[end] == '\r') ++end;
        if (end < d->text.size() && d->text[end] == '\n') ++end;
        d->cross_spans.push_back({p.begin, end, std::string(ids_.Get(found.id_offset)),
                                  found.begin, found.end});
      }
      if (kept_paragraphs > 0 && d->cross_spans.size() == kept_paragraphs) {
        d->fate = DocFate::kRemoved;
        d->reason = "all_paragraphs_duplicated";
        d->duplicate_of = d->cross_spans.front().duplicate_id;
        d->cross_spans.clear();
      }
    }
    if (!id_used) ids_.Truncate(id_offset);
    if (seen_.bytes() + ids_.bytes() > options_.dedup_memory_budget_bytes) {
      return Status::ResourceExhausted(fmt::format(
          "exact dedup needs more than its budget of {} MiB; raise dedup.memory_budget",
          options_.dedup_memory_budget_bytes >> 20));
    }
    return Status::Ok();
  }

  Status Decide(WorkBatch* b) {
    FileLedger& f = stats_.files[b->input_index];
    if (!b->open_error.empty()) {
      f.errors.push_back(b->open_error);
      f.counts.records += 1;
      f.counts.quarantined["unreadable_file"] += 1;
      return Status::Ok();
    }
    for (size_t i = 0; i < b->docs.size(); ++i) {
      DocWork& d = b->docs[i];
      f.counts.records += 1;
      if (d.fate == DocFate::kQuarantined) {
        f.counts.quarantined[std::string(RecordErrorName(d.error))] += 1;
        if (d.error == RecordError::kStreamError) f.errors.push_back(d.error_detail);
        if (options_.strict) {
          return Status::Aborted(fmt::format("--strict: stopping at a bad record: {}", d.error_detail));
        }
        continue;
      }
      f.counts.bytes_in += d.text.size();
      if (options_.read_only) {
        f.counts.kept += 1;
        continue;
      }
      if (d.fate == DocFate::kKept) SARING_RETURN_IF_ERROR(DecideDedup(&d));
      if (d.fate == DocFate::kRemoved) {
        f.counts.removed[d.reason] += 1;
        stats_.stage_removed[d.reason == "exact_duplicate" || d.reason == "all_paragraphs_duplicated"
                                 ? "exact_dedup" : "repair"] += 1;
        continue;
      }
      f.counts.kept += 1;
      uint64_t cut = 0;
      for (const RemovedSpan& s : d.repair.removed) {
        SpanCount& c = stats_.spans_removed[std::string(SpanReasonName(s.reason))];
        c.spans += 1;
        c.bytes += s.end - s.begin;
        cut += s.end - s.begin;
      }
      for (const pipeline::CrossDocSpan& s : d.cross_spans) {
        SpanCount& c = stats_.spans_removed["duplicate_paragraph"];
        c.spans += 1;
        c.bytes += s.end - s.begin;
        cut += s.end - s.begin;
      }
      if (cut) stats_.documents_with_spans_removed += 1;
      f.counts.bytes_kept += d.text.size() - cut;
    }
    return Status::Ok();
  }

  Status Encode(WorkBatch* b) {
    if (options_.read_only) return Status::Ok();
    for (int k = 0; k < 3; ++k) {
      b->jsonl[k].clear();
      b->counts[k] = 0;
    }
    if (!b->open_error.empty()) {
      DocWork d;
      Quarantine(&d, RecordError::kUnreadableFile, b->open_error);
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
    for (int k = 0; k < 3 && !options_.read_only; ++k) {
      if (b->frames[k].empty()) continue;
      SARING_RETURN_IF_ERROR(writers_[k]->Append(b->frames[k], b->counts[k]));
    }
    documents_done_ += b->docs.size();
    if (hooks_.progress) {
      RunProgress p;
      p.stage = "run";
      p.documents = documents_done_;
      p.bytes_total = bytes_total_;
      {
        std::lock_guard<std::mutex> lock(read_mu_);
        p.bytes_done = bytes_done_before_ + (reader_ ? reader_->counters().compressed_bytes : 0);
      }
      p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      hooks_.progress(p);
    }
    return Status::Ok();
  }

  const RunOptions& options_;
  const RunHooks& hooks_;
  std::vector<InputSpec> inputs_;
  pipeline::ParserOptions parser_options_;
  RepairOptions repair_options_;

  std::mutex read_mu_;
  size_t next_input_ = 0;
  uint64_t next_seq_ = 0;
  std::unique_ptr<RecordReader> reader_;
  uint64_t decoded_bytes_ = 0;
  uint64_t bytes_done_before_ = 0;
  uint64_t bytes_total_ = 0;

  pipeline::Turnstile decide_gate_, write_gate_;
  std::mutex error_mu_;
  Status error_;
  std::atomic<bool> failed_{false};

  // Owned by the decide stage.
  RunStats stats_;
  pipeline::SeenTable seen_;
  pipeline::IdPool ids_;

  // Owned by the write stage.
  std::unique_ptr<ShardWriter> writers_[3];
  uint64_t documents_done_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

Result<RunResult> Run(const RunOptions& options, const RunHooks& hooks) {
  auto t0 = std::chrono::steady_clock::now();
  if (options.inputs.empty()) return Status::InvalidArgument("no input given");
  if (options.output_dir.empty() && !options.read_only) {
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
  if (!options.read_only) {
    SARING_RETURN_IF_ERROR(pipeline::PrepareOutputFolder(options.output_dir, options.overwrite));
  }

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  uint64_t per_batch = std::max<uint64_t>(1, options.reader.batch_bytes * kBatchMemoryFactor);
  threads = static_cast<unsigned>(std::clamp<uint64_t>(options.memory_budget_bytes / per_batch, 1, threads));

  Runner runner(options, hooks, std::move(inputs));
  SARING_RETURN_IF_ERROR(runner.Open());
  SARING_RETURN_IF_ERROR(runner.RunWorkers(threads));

  RunResult result;
  result.stats = std::move(runner.stats());
  for (const std::string& path : ignored) {
    result.stats.warnings.push_back({"ignored_file", fmt::format("{} was ignored: not JSONL and not a text file", path)});
  }
  result.output_dir = options.output_dir;
  result.threads = threads;
  result.input_bytes = runner.input_bytes();
  result.decoded_bytes = runner.decoded_bytes();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (options.read_only) return result;
  SARING_RETURN_IF_ERROR(WriteFileAtomically(options.output_dir + "/stats.json", result.stats.ToJson()));
  SARING_RETURN_IF_ERROR(pipeline::WriteRunInfo(options, result));
  return result;
}

}  // namespace saring
