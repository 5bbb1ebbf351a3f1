// PassRunner: see pass_runner.h.
#include "pipeline/pass_runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "pipeline/output_folder.h"
#include "pipeline/parquet_output.h"
#include "pipeline/record_encoder.h"
#include "saring/shard_writer.h"

namespace saring::pipeline {
namespace {

Status Interrupted() { return Status::Aborted("interrupted; run again with --resume to finish"); }

}  // namespace

unsigned WorkerThreads(const RunOptions& options) {
  unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  uint64_t per_batch = std::max<uint64_t>(1, options.reader.batch_bytes * kBatchMemoryFactor);
  return static_cast<unsigned>(
      std::clamp<uint64_t>(options.memory_budget_bytes / per_batch, 1, threads));
}

PassRunner::PassRunner(const PassSetup& setup)
    : options_(*setup.options),
      hooks_(*setup.hooks),
      inputs_(*setup.inputs),
      pass_(setup.kind),
      depth_(setup.depth),
      analyzer_(*setup.analyzer),
      decider_(*setup.options, setup.kind, setup.near_dup, setup.stats),
      stats_(setup.stats),
      output_(setup.output) {
  for (size_t i = 0; i < inputs_.size(); ++i) selected_.push_back(i);
  for (const InputSpec& in : inputs_) {
    for (const std::string& f : in.files) {
      struct stat st;
      if (::stat(f.c_str(), &st) == 0) bytes_total_ += st.st_size;
    }
  }
}

Status PassRunner::Run(unsigned threads) {
  start_ = std::chrono::steady_clock::now();
  if (pass_ == PassKind::kLearn) {
    for (unsigned t = 0; t < threads; ++t) {
      learners_.push_back(std::make_unique<BoilerplateLearner>(options_.boilerplate));
    }
  }
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back([this, t] { Work(t); });
  for (std::thread& t : pool) t.join();
  // The workers look for a stop only between batches: one asked for after the last batch was
  // taken still stops the pass, so that a stopped run never completes (--resume finishes it).
  MutexLock lock(&error_mu_);
  if (error_.ok() && Stopped()) error_ = Interrupted();
  return error_;
}

Result<BoilerplateModel> PassRunner::MergedBoilerplate() {
  for (size_t i = 1; i < learners_.size(); ++i)
    SARING_RETURN_IF_ERROR(learners_[0]->Merge(*learners_[i]));
  return std::move(*learners_[0]).Finish();
}

Result<std::string> PassRunner::MergedBoilerplateCounts() {
  for (size_t i = 1; i < learners_.size(); ++i)
    SARING_RETURN_IF_ERROR(learners_[0]->Merge(*learners_[i]));
  return learners_[0]->SerializePart(0, 1);
}

void PassRunner::Fail(Status s) {
  MutexLock lock(&error_mu_);
  if (error_.ok()) error_ = std::move(s);
  failed_.store(true);
  decide_gate_.Abort();
  write_gate_.Abort();
}

void PassRunner::Work(unsigned worker) {
  DocAnalyzer analyzer(analyzer_);
  WorkBatch batch;
  while (!failed_.load()) {
    if (Stopped()) return Fail(Interrupted());
    Result<bool> got = ReadNext(&batch);
    if (!got.ok()) return Fail(got.status());
    if (!*got) return;
    if (Status s = Analyze(&analyzer, &batch); !s.ok()) return Fail(s);
    if (pass_ == PassKind::kLearn) {
      Learn(batch, learners_[worker].get());
      continue;
    }
    if (!decide_gate_.Wait(batch.seq)) return;
    Status s = decider_.Decide(&batch);
    // A failed batch fails the pass before its turnstile lets the next batch in: the decider
    // stopped inside it (--strict stops at a bad record), and a later batch decided from there
    // would meet state that does not fit it (the signing pass's exact-dedup log, replayed).
    if (!s.ok()) return Fail(s);
    decide_gate_.Pass(batch.seq);
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
    if (!s.ok()) return Fail(s);  // before the next batch is written after this one
    write_gate_.Pass(batch.seq);
  }
}

Result<bool> PassRunner::ReadNext(WorkBatch* b) {
  MutexLock lock(&read_mu_);
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
      stats_->files[input].skipped_records = reader_->counters().skipped_records;
    }
    bytes_done_before_ += reader_->counters().compressed_bytes;
    reader_.reset();
    ++next_input_;
  }
  return false;
}

Status PassRunner::Analyze(DocAnalyzer* analyzer, WorkBatch* b) {
  b->docs.resize(b->records.records.size());
  if (!b->open_error.empty()) return Status::Ok();
  const InputSpec& spec = inputs_[b->input_index];
  thread_local std::string cached;
  bool restore = false;
  if (cache_ != nullptr && pass_ == PassKind::kFinal) {
    SARING_ASSIGN_OR_RETURN(restore, cache_->Get(b->seq, &cached));
  }
  std::string_view in = cached;
  // Each document's analysis is spilled as soon as it is made, while the document is in cache.
  const bool spill = cache_ != nullptr && pass_ == PassKind::kSign;
  if (spill) cached.clear();
  for (size_t i = 0; i < b->docs.size(); ++i) {
    const RecordRef& r = b->records.records[i];
    std::string_view raw(b->records.data.data() + r.begin, r.length);
    DocWork& d = b->docs[i];
    d.Reset();
    if (!restore) {
      analyzer->Analyze(spec, r, raw, depth_, &d);
      if (spill) PutAnalysis(d, raw, &cached);
    } else if (!analyzer->Restore(spec, r, raw, &in, &d)) {
      return Status::Internal(fmt::format(
          "the signing pass's analysis of {} record {} (batch {}) does not fit the record; "
          "run again with near_dup.reuse_analysis=false and report this",
          spec.path, i, b->seq));
    }
  }
  if (spill) SARING_RETURN_IF_ERROR(cache_->Put(b->seq, cached));
  return Status::Ok();
}

void PassRunner::Learn(const WorkBatch& b, BoilerplateLearner* learner) {
  thread_local std::string view;
  for (const DocWork& d : b.docs) {
    if (d.fate != DocFate::kKept) continue;
    BuildParagraphView(d, &view);
    learner->AddDocument(d.source, view);
  }
}

Status PassRunner::Encode(WorkBatch* b) {
  for (int k = 0; k < 3; ++k) {
    b->jsonl[k].clear();
    b->counts[k] = 0;
  }
  if (!b->open_error.empty()) {
    DocWork d;
    d.fate = DocFate::kQuarantined;
    d.error = RecordError::kUnreadableFile;
    d.error_detail = b->open_error;
    EncodeQuarantine(d, RecordRef{}, {}, inputs_[b->input_index].path,
                     &b->jsonl[kOutputQuarantine]);
    b->counts[kOutputQuarantine] = 1;
  }
  for (size_t i = 0; i < b->docs.size(); ++i) {
    const DocWork& d = b->docs[i];
    const RecordRef& r = b->records.records[i];
    std::string_view raw(b->records.data.data() + r.begin, r.length);
    switch (d.fate) {
      case DocFate::kKept:
        EncodeKept(d, raw, &b->jsonl[kOutputKept]);
        ++b->counts[kOutputKept];
        break;
      case DocFate::kRemoved:
        EncodeRemoved(d, raw, &b->jsonl[kOutputRemoved]);
        ++b->counts[kOutputRemoved];
        break;
      case DocFate::kQuarantined:
        EncodeQuarantine(d, r, raw, d.source_file, &b->jsonl[kOutputQuarantine]);
        ++b->counts[kOutputQuarantine];
        break;
    }
  }
  for (int k = 0; k < 3; ++k) {
    b->frames[k].clear();
    if (b->jsonl[k].empty()) continue;
    if (options_.output.parquet) {
      SARING_RETURN_IF_ERROR(EncodeParquetBatch(k, b->jsonl[k], options_, &b->frames[k]));
      continue;
    }
    SARING_RETURN_IF_ERROR(CompressFrame(b->jsonl[k], options_.output.zstd_level, &b->frames[k]));
  }
  return Status::Ok();
}

Status PassRunner::Write(WorkBatch* b) {
  for (int k = 0; k < 3; ++k) {
    SARING_RETURN_IF_ERROR(output_->Append(k, b->input_index, b->seq, b->frames[k], b->counts[k]));
  }
  return Status::Ok();
}

void PassRunner::ReportProgress(uint64_t records) {
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

}  // namespace saring::pipeline
