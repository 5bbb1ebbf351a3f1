#include "pipeline/decider.h"

#include "pipeline/distributed.h"
#include "pipeline/partitioned_near_dup.h"
#include "pipeline/partitioned_paragraphs.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace saring::pipeline {
namespace {

// Salt that keeps paragraph hashes apart from document hashes in the shared table.
constexpr uint64_t kParagraphSalt = 0x9e3779b97f4a7c15ull;

// Messages of damaged WARC records kept in a file's errors (all are in the quarantine).
constexpr size_t kMaxFileErrors = 100;

}  // namespace

// ---------------------------------------------------------------------------- NearDupState

Result<std::unique_ptr<NearDupState>> NearDupState::Create(const RunOptions& options, Env* env) {
  NearDupOptions nd = NearDupOptionsOf(options);
  SARING_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(MinHashOptionsFor(nd)));
  std::unique_ptr<NearDupState> state(new NearDupState(std::move(hasher), options.work_dir, env));
  if (nd.verify == NearDupVerify::kExact) {
    SARING_ASSIGN_OR_RETURN(state->texts_, env->NewScratchFile(options.work_dir, "near-dup texts"));
    NearDupState* raw = state.get();
    nd.text_provider = [raw](uint64_t ordinal, std::string* text) {
      return raw->ReadText(ordinal, text);
    };
  }
  SARING_ASSIGN_OR_RETURN(state->detector_, NearDupDetector::Create(nd));
  state->log_exact_ = options.dedup.exact && !options.dedup.paragraphs;
  return state;
}

NearDupState::~NearDupState() = default;

DedupIndexParams NearDupState::IndexParams() const {
  const NearDupDetector& det = *detector_;
  DedupIndexParams p;
  p.hash_id = kMinHashSchemeId;
  p.seed = hasher_.options().seed;
  p.num_perm = hasher_.num_perm();
  p.bands = det.lsh_params().bands;
  p.rows = det.lsh_params().rows;
  p.ngram = hasher_.options().shingles.ngram;
  p.char_ngrams = hasher_.options().shingles.char_ngrams;
  return p;
}

Status NearDupState::AddId(std::string_view id) {
  SARING_ASSIGN_OR_RETURN(uint64_t offset, ids_.Add(id));
  return AddIdOffset(offset);
}

Status NearDupState::AddIdOffset(uint64_t offset) {
  if (!id_offsets_.is_open())
    SARING_RETURN_IF_ERROR(id_offsets_.Open(work_dir_, "document ids", env_));
  ++added_;
  return id_offsets_.Append(&offset, sizeof(offset));
}

Status NearDupState::IdOf(uint64_t ordinal, std::string* id) const {
  uint64_t offset;
  SARING_RETURN_IF_ERROR(id_offsets_.ReadAt(ordinal * sizeof(offset), &offset, sizeof(offset)));
  return ids_.Get(offset, id);
}

Status NearDupState::Remember(const DocWork& d, uint64_t id_offset) {
  SARING_RETURN_IF_ERROR(AddIdOffset(id_offset));
  if (keep_signatures_)
    signatures_.insert(signatures_.end(), d.signature.begin(), d.signature.end());
  if (keep_words_) words_.Add(d.word_hashes);
  return RememberText(d.shingle_text);
}

Status NearDupState::RememberText(std::string_view t) {
  if (!texts_) return Status::Ok();
  text_offsets_.push_back(text_bytes_);
  SARING_RETURN_IF_ERROR(texts_->WriteAt(text_bytes_, t));
  text_bytes_ += t.size();
  return Status::Ok();
}

Status NearDupState::RememberId(std::string_view id, const uint32_t* signature) {
  if (texts_) {
    return Status::InvalidArgument(
        "near_dup.verify=exact needs the texts in one process; it is not "
        "available to sharded (stage or MPI) runs");
  }
  SARING_RETURN_IF_ERROR(AddId(id));
  if (keep_signatures_)
    signatures_.insert(signatures_.end(), signature, signature + hasher_.num_perm());
  return Status::Ok();
}

Status NearDupState::RememberIdWords(std::string_view id, const uint32_t* signature,
                                     std::span<const uint32_t> words) {
  SARING_RETURN_IF_ERROR(RememberId(id, signature));
  if (keep_words_) words_.Add(words);
  return Status::Ok();
}

Status NearDupState::ReadText(uint64_t ordinal, std::string* text) const {
  uint64_t begin = text_offsets_[ordinal];
  uint64_t end = ordinal + 1 < text_offsets_.size() ? text_offsets_[ordinal + 1] : text_bytes_;
  text->resize(end - begin);
  return texts_->ReadAt(begin, text->size(), text->data());
}

Status NearDupState::LogExact(uint64_t hash, const std::string* duplicate_of) {
  if (!exact_log_.is_open()) {
    SARING_RETURN_IF_ERROR(exact_log_.Open(work_dir_, "exact-dedup decisions", env_));
  }
  char head[13];
  std::memcpy(head, &hash, 8);
  const uint32_t n = duplicate_of ? static_cast<uint32_t>(duplicate_of->size()) + 1 : 0;
  std::memcpy(head + 8, &n, 4);  // 0: first copy; else 1 + the id's length
  SARING_RETURN_IF_ERROR(exact_log_.Append(head, 12));
  return duplicate_of ? exact_log_.Append(duplicate_of->data(), duplicate_of->size())
                      : Status::Ok();
}

Result<bool> NearDupState::ReplayExact(uint64_t hash, std::string* duplicate_of) {
  // Reads `n` bytes at the cursor into *out, refilling the read-ahead buffer as needed.
  auto take = [this](size_t n, char* out) -> Status {
    while (n > 0) {
      if (exact_at_ == exact_buffer_.size()) {
        exact_read_ += exact_buffer_.size();
        const uint64_t left = exact_log_.size() - exact_read_;
        if (left == 0)
          return Status::Internal("the exact-dedup decisions of the signing pass end early");
        exact_buffer_.resize(static_cast<size_t>(std::min<uint64_t>(left, 1 << 16)));
        SARING_RETURN_IF_ERROR(
            exact_log_.ReadAt(exact_read_, exact_buffer_.data(), exact_buffer_.size()));
        exact_at_ = 0;
      }
      const size_t k = std::min(n, exact_buffer_.size() - exact_at_);
      std::memcpy(out, exact_buffer_.data() + exact_at_, k);
      exact_at_ += k;
      out += k;
      n -= k;
    }
    return Status::Ok();
  };
  char head[12];
  SARING_RETURN_IF_ERROR(take(12, head));
  uint64_t logged;
  uint32_t n;
  std::memcpy(&logged, head, 8);
  std::memcpy(&n, head + 8, 4);
  if (logged != hash) {
    return Status::Internal(
        "the final pass met other documents than the signing pass; run again "
        "with near_dup.reuse_analysis=false and report this");
  }
  if (n == 0) return false;
  duplicate_of->resize(n - 1);
  SARING_RETURN_IF_ERROR(take(n - 1, duplicate_of->data()));
  return true;
}

// ---------------------------------------------------------------------------- Decider

Decider::Decider(const RunOptions& options, PassKind pass, NearDupState* near_dup, RunStats* stats,
                 Env* env)
    : options_(options),
      pass_(pass),
      near_dup_(near_dup),
      stats_(stats),
      seen_(options.dedup.memory_budget_bytes, options.work_dir, env),
      own_ids_(options.work_dir, env),
      ids_(pass == PassKind::kSign && near_dup != nullptr ? near_dup->id_pool() : &own_ids_),
      replay_exact_(pass == PassKind::kFinal && near_dup != nullptr && near_dup->logs_exact()) {}

Status Decider::ExactDedup(DocWork* d, uint64_t id_offset, bool* id_used) {
  bool dup;
  if (replay_exact_) {
    SARING_ASSIGN_OR_RETURN(dup, near_dup_->ReplayExact(d->doc_hash, &d->duplicate_of));
  } else {
    FirstSeen found;
    SARING_ASSIGN_OR_RETURN(dup, seen_.FindOrInsert(d->doc_hash, {id_offset, 0, 0}, &found));
    if (dup) SARING_RETURN_IF_ERROR(ids_->Get(found.id_offset, &d->duplicate_of));
    *id_used = !dup;
    if (pass_ == PassKind::kSign && near_dup_ && near_dup_->logs_exact()) {
      SARING_RETURN_IF_ERROR(near_dup_->LogExact(d->doc_hash, dup ? &d->duplicate_of : nullptr));
    }
  }
  if (dup) {
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kExactDuplicate;
  }
  return Status::Ok();
}

Status Decider::ParagraphDedup(DocWork* d, uint64_t id_offset, bool* id_used) {
  size_t kept_paragraphs = 0;
  for (const Paragraph& p : d->repair.paragraphs) {
    if (p.removed) continue;
    ++kept_paragraphs;
    if (p.normalized_end - p.normalized_begin < options_.dedup.paragraph_min_chars) continue;
    FirstSeen found;
    SARING_ASSIGN_OR_RETURN(
        bool dup, seen_.FindOrInsert(p.hash ^ kParagraphSalt, {id_offset, p.begin, p.end}, &found));
    if (!dup) {
      *id_used = true;
      continue;
    }
    if (found.id_offset == id_offset) continue;  // a repeat within the document: repair's job
    if (OverlapsStageSpan(p, *d)) continue;
    std::string first_id;
    SARING_RETURN_IF_ERROR(ids_->Get(found.id_offset, &first_id));
    CutCopiedParagraph(p, std::move(first_id), found.begin, found.end, d);
  }
  RemoveIfEveryParagraphCut(kept_paragraphs, d);
  return Status::Ok();
}

Status Decider::ApplyNearDup(DocWork* d) {
  NearDupDetector::Decision nd = near_dup_->detector().Get(near_dup_ordinal_++);
  d->cluster_id = nd.cluster_id;
  d->cluster_size = nd.cluster_size;
  if (nd.removed) {
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kNearDuplicate;
    d->near_dup_removed = true;
    SARING_RETURN_IF_ERROR(near_dup_->IdOf(nd.survivor, &d->duplicate_of));
    d->similarity = nd.similarity;
    d->similarity_kind = nd.similarity_kind;
  } else {
    d->cluster_head = nd.is_cluster_head;
  }
  return Status::Ok();
}

void Decider::CountFilters(const DocWork& d) {
  if (d.has_language) {
    FilterCount& c = stats_->filters["language"];
    if (!options_.language.keep.empty()) {
      c.checked += 1;
      if (d.reason == RemovalReason::kLanguage) {
        c.removed += 1;
        c.by_cause[d.language.language] += 1;
      }
    }
  }
  if (!d.classifier_json.empty()) {
    FilterCount& c = stats_->filters["classifier"];
    c.checked += 1;
    if (d.reason == RemovalReason::kClassifier) {
      c.removed += 1;
      c.by_cause[std::string(d.rule)] += 1;
    }
  }
  if (options_.quality_mode == QualityMode::kFilter &&
      (d.fate == DocFate::kKept || d.reason == RemovalReason::kQuality)) {
    FilterCount& c = stats_->filters["quality"];
    c.checked += 1;
    if (d.reason == RemovalReason::kQuality) {
      c.removed += 1;
      c.by_cause[std::string(d.rule)] += 1;
    }
  }
}

Result<DecisionReader*> Decider::DecisionsOf(size_t input) {
  if (decision_readers_.size() <= input) decision_readers_.resize(input + 1);
  std::unique_ptr<DecisionReader>& r = decision_readers_[input];
  if (!r && decisions_ != nullptr) {
    if (input >= decisions_->size()) {
      return Status::InvalidArgument(fmt::format("no dedup decisions for input {}", input));
    }
    r = std::make_unique<DecisionReader>(&(*decisions_)[input]);
  } else if (!r) {
    r = std::make_unique<DecisionReader>(DecisionFilePath(decision_folder_, input));
  }
  return r.get();
}

Status Decider::ApplyDecision(size_t input, DocWork* d) {
  SARING_ASSIGN_OR_RETURN(DecisionReader * reader, DecisionsOf(input));
  DedupDecision dd;
  Result<bool> read = reader->Next(&dd);
  if (!read.ok() || !*read) {
    return Status::Corruption(fmt::format(
        "the dedup decisions for input {} end early{}: were they computed for these inputs and "
        "settings?",
        input, read.ok() ? "" : fmt::format(" ({})", read.status().message())));
  }
  SetFate(dd, d);
  if (d->fate == DocFate::kKept) SARING_RETURN_IF_ERROR(ApplyDuplicateParagraphs(dd.paragraphs, d));
  if (d->fate == DocFate::kKept)  // dedup.substrings
    SARING_RETURN_IF_ERROR(ApplySubstringCuts(dd.substrings, options_.dedup.substrings, input, d));
  return Status::Ok();
}

Status Decider::CheckDecisionsUsed(const std::vector<size_t>& inputs,
                                   const std::vector<std::string>& input_paths) {
  if (!has_decisions_) return Status::Ok();
  for (size_t input : inputs) {
    if (decisions_ != nullptr && input >= decisions_->size()) continue;
    SARING_ASSIGN_OR_RETURN(DecisionReader * reader, DecisionsOf(input));
    SARING_ASSIGN_OR_RETURN(bool at_end, reader->AtEnd());
    if (!at_end) {
      return Status::Corruption(fmt::format(
          "{}: fewer records than when it was signed (dedup decisions left unread after byte {} "
          "of {}); sign it again",
          input < input_paths.size() ? input_paths[input] : std::to_string(input),
          reader->consumed(), reader->Name()));
    }
  }
  return Status::Ok();
}

void Decider::Count(const DocWork& d, FileLedger* f) {
  if (d.fate == DocFate::kRemoved) {
    f->counts.removed[std::string(RemovalReasonName(d.reason))] += 1;
    stats_->stage_removed[std::string(StageName(StageOf(d.reason)))] += 1;
    return;
  }
  f->counts.kept += 1;
  if (d.has_language) stats_->languages[d.language.language] += 1;
  for (const StageSpan& s : d.stage_spans) {
    SpanCount& c = stats_->spans_removed[std::string(s.reason)];
    c.spans += 1;
    c.bytes += s.end - s.begin;
  }
  uint64_t cut = 0;
  for (const RemovedSpan& s : d.repair.removed) {
    SpanCount& c = stats_->spans_removed[std::string(SpanReasonName(s.reason))];
    c.spans += 1;
    c.bytes += s.end - s.begin;
    cut += s.end - s.begin;
  }
  for (const CrossDocSpan& s : d.cross_spans) {
    SpanCount& c = stats_->spans_removed[std::string(s.reason)];
    c.spans += 1;
    c.bytes += s.end - s.begin;
    cut += s.end - s.begin;
  }
  for (const StageSpan& s : d.stage_spans) cut += s.end - s.begin;
  if (cut) stats_->documents_with_spans_removed += 1;
  f->counts.bytes_kept += d.text_bytes - cut;
}

Status Decider::Decide(WorkBatch* b) {
  if (!stopped_.ok()) return stopped_;
  Status s = DecideBatch(b);
  if (!s.ok()) stopped_ = s;
  return s;
}

Status Decider::DecideBatch(WorkBatch* b) {
  if (pass_ == PassKind::kLearn) return Status::Ok();  // learning is done by the workers
  FileLedger* f = pass_ == PassKind::kFinal ? &stats_->files[b->input_index] : nullptr;
  if (!b->open_error.empty()) {
    if (f) {
      f->errors.push_back(b->open_error);
      f->counts.records += 1;
      f->counts.quarantined["unreadable_file"] += 1;
    }
    return Status::Ok();
  }
  // The seen table is far larger than the caches: its lines are asked for a few documents ahead.
  constexpr size_t kPrefetchAhead = 8;
  const bool prefetch = options_.dedup.exact && !replay_exact_ && !sign_sink_ && !has_decisions_;
  for (size_t i = 0; i < b->docs.size(); ++i) {
    DocWork& d = b->docs[i];
    if (prefetch && i + kPrefetchAhead < b->docs.size()) {
      seen_.Prefetch(b->docs[i + kPrefetchAhead].doc_hash);
    }
    if (f) f->counts.records += 1;
    if (d.fate == DocFate::kQuarantined) {
      if (!f) continue;
      f->counts.quarantined[std::string(RecordErrorName(d.error))] += 1;
      if (d.error == RecordError::kStreamError) f->errors.push_back(d.error_detail);
      // A damaged WARC record is named too (reading went on after it), up to a bound per file.
      if (d.error == RecordError::kDamagedRecord && f->errors.size() < kMaxFileErrors) {
        f->errors.push_back(d.error_detail);
      }
      if (options_.strict) {
        return Status::Aborted(
            fmt::format("--strict: stopping at a bad record: {}", d.error_detail));
      }
      continue;
    }
    if (f) f->counts.bytes_in += d.text_bytes;
    if (options_.read_only) {
      if (f) f->counts.kept += 1;
      continue;
    }
    if (sign_sink_ && pass_ == PassKind::kSign) {
      if (d.fate == DocFate::kKept)
        AppendSignRecord(
            d, sign_sink_->buffer(b->input_index),
            options_.dedup.paragraphs ? options_.dedup.paragraph_min_chars : kNoParagraphs,
            options_.near_dup.verify == NearDupVerify::kExact);
      continue;
    }
    if (has_decisions_) {
      if (d.fate == DocFate::kKept) SARING_RETURN_IF_ERROR(ApplyDecision(b->input_index, &d));
      if (f) {
        CountFilters(d);
        Count(d, f);
      }
      continue;
    }
    // Replaying the signing pass's decisions needs no id of this document.
    uint64_t id_offset = 0;
    if (!replay_exact_) {
      SARING_ASSIGN_OR_RETURN(id_offset, ids_->Add(d.parsed.id));
    }
    bool id_used = replay_exact_;
    if (d.fate == DocFate::kKept && options_.dedup.exact) {
      SARING_RETURN_IF_ERROR(ExactDedup(&d, id_offset, &id_used));
    }
    if (d.fate == DocFate::kKept && d.archive_match) {
      d.fate = DocFate::kRemoved;
      d.reason = RemovalReason::kNearDuplicate;
      d.near_dup_removed = true;
      d.duplicate_of = d.archive_id;
      d.similarity = d.archive_similarity;
      d.similarity_kind = d.archive_kind;
      d.cluster_size = 0;  // the archive's clusters are not known
    }
    if (d.fate == DocFate::kKept && near_dup_) {
      if (pass_ == PassKind::kSign) {
        NearDupDetector& detector = near_dup_->detector();
        SARING_RETURN_IF_ERROR(d.band_keys.empty()
                                   ? detector.Add(near_dup_->added(), d.signature.data(),
                                                  d.repair.kept_text.size(), d.survivor_key,
                                                  d.word_hashes, d.shingle_folds)
                                   : detector.Add(near_dup_->added(), d.signature.data(),
                                                  d.band_keys.data(), d.repair.kept_text.size(),
                                                  d.survivor_key, d.word_hashes, d.shingle_folds));
        SARING_RETURN_IF_ERROR(near_dup_->Remember(d, id_offset));
        id_used = true;
      } else {
        SARING_RETURN_IF_ERROR(ApplyNearDup(&d));
      }
    }
    if (d.fate == DocFate::kKept && options_.dedup.paragraphs && pass_ == PassKind::kFinal) {
      SARING_RETURN_IF_ERROR(ParagraphDedup(&d, id_offset, &id_used));
    }
    if (d.fate == DocFate::kKept && substrings_) {
      const uint32_t index = static_cast<uint32_t>(&d - b->docs.data());
      SARING_RETURN_IF_ERROR(
          pass_ == PassKind::kSign
              ? substrings_->Collect(b->seq, index, d,
                                     near_dup_ ? static_cast<int64_t>(near_dup_->added()) - 1 : -1)
              : substrings_->Apply(
                    b->seq, index,
                    std::string_view(b->records.data.data() + b->records.records[index].begin,
                                     b->records.records[index].length),
                    &d));
    }
    if (!id_used) SARING_RETURN_IF_ERROR(ids_->Truncate(id_offset));
    if (f) {
      CountFilters(d);
      Count(d, f);
    }
  }
  if (sign_sink_ && pass_ == PassKind::kSign) return sign_sink_->AfterBatch(b->input_index);
  return Status::Ok();
}

}  // namespace saring::pipeline
