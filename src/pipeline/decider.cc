#include "pipeline/decider.h"

#include "pipeline/distributed.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace saring::pipeline {
namespace {

// Salt that keeps paragraph hashes apart from document hashes in the shared table.
constexpr uint64_t kParagraphSalt = 0x9e3779b97f4a7c15ull;

// Messages of damaged WARC records kept in a file's errors (all are in the quarantine).
constexpr size_t kMaxFileErrors = 100;

Status SysError(const std::string& what, const std::string& path) {
  return Status::IoError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

}  // namespace

// ---------------------------------------------------------------------------- NearDupState

Result<std::unique_ptr<NearDupState>> NearDupState::Create(const RunOptions& options) {
  NearDupOptions nd;
  nd.ngram = options.near_dup_ngram;
  nd.char_ngrams = options.near_dup_char_ngrams;
  nd.num_perm = options.near_dup_num_perm;
  nd.bands = options.near_dup_bands;
  nd.rows = options.near_dup_rows;
  nd.threshold = options.near_dup_threshold;
  nd.survivor = options.near_dup_survivor;
  SARING_ASSIGN_OR_RETURN(nd.verify, ParseNearDupVerify(options.near_dup_verify));
  nd.containment = options.near_dup_containment;
  nd.memory_budget_bytes = options.near_dup_memory_budget_bytes;
  nd.work_dir = options.work_dir;
  SARING_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(MinHashOptionsFor(nd)));
  std::unique_ptr<NearDupState> state(new NearDupState(std::move(hasher), options.work_dir));
  if (nd.verify == NearDupVerify::kExact) {
    std::string path = options.work_dir + "/near-dup-texts.tmp";
    state->text_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (state->text_fd_ < 0) return SysError("cannot create", path);
    ::unlink(path.c_str());
    NearDupState* raw = state.get();
    nd.text_provider = [raw](uint64_t ordinal, std::string* text) {
      return raw->ReadText(ordinal, text);
    };
  }
  SARING_ASSIGN_OR_RETURN(state->detector_, NearDupDetector::Create(nd));
  return state;
}

NearDupState::~NearDupState() {
  if (text_fd_ >= 0) ::close(text_fd_);
}

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
  if (!id_offsets_.is_open()) SARING_RETURN_IF_ERROR(id_offsets_.Open(work_dir_, "document ids"));
  SARING_ASSIGN_OR_RETURN(uint64_t offset, ids_.Add(id));
  ++added_;
  return id_offsets_.Append(&offset, sizeof(offset));
}

Status NearDupState::IdOf(uint64_t ordinal, std::string* id) const {
  uint64_t offset;
  SARING_RETURN_IF_ERROR(id_offsets_.ReadAt(ordinal * sizeof(offset), &offset, sizeof(offset)));
  return ids_.Get(offset, id);
}

Status NearDupState::Remember(const DocWork& d) {
  SARING_RETURN_IF_ERROR(AddId(d.parsed.id));
  if (keep_signatures_) signatures_.insert(signatures_.end(), d.signature.begin(), d.signature.end());
  if (keep_words_) words_.Add(d.word_hashes);
  if (text_fd_ < 0) return Status::Ok();
  text_offsets_.push_back(text_bytes_);
  const std::string& t = d.shingle_text;
  if (::pwrite(text_fd_, t.data(), t.size(), text_bytes_) != static_cast<ssize_t>(t.size())) {
    return SysError("cannot write near-dup texts to", "the work folder");
  }
  text_bytes_ += t.size();
  return Status::Ok();
}

Status NearDupState::RememberId(std::string_view id, const uint32_t* signature) {
  if (text_fd_ >= 0) {
    return Status::InvalidArgument("near_dup.verify=exact needs the texts in one process; it is not "
                                   "available to sharded (stage or MPI) runs");
  }
  SARING_RETURN_IF_ERROR(AddId(id));
  if (keep_signatures_) signatures_.insert(signatures_.end(), signature, signature + hasher_.num_perm());
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
  if (::pread(text_fd_, text->data(), text->size(), begin) != static_cast<ssize_t>(text->size())) {
    return SysError("cannot read near-dup texts from", "the work folder");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------- Decider

Decider::Decider(const RunOptions& options, PassKind pass, NearDupState* near_dup, RunStats* stats)
    : options_(options), pass_(pass), near_dup_(near_dup), stats_(stats),
      seen_(options.dedup_memory_budget_bytes, options.work_dir), ids_(options.work_dir) {}

Status Decider::ExactDedup(DocWork* d, uint64_t id_offset, bool* id_used) {
  FirstSeen found;
  SARING_ASSIGN_OR_RETURN(bool dup, seen_.FindOrInsert(d->doc_hash, {id_offset, 0, 0}, &found));
  if (dup) {
    d->fate = DocFate::kRemoved;
    d->reason = "exact_duplicate";
    SARING_RETURN_IF_ERROR(ids_.Get(found.id_offset, &d->duplicate_of));
  } else {
    *id_used = true;
  }
  return Status::Ok();
}

Status Decider::ParagraphDedup(DocWork* d, uint64_t id_offset, bool* id_used) {
  size_t kept_paragraphs = 0;
  for (const Paragraph& p : d->repair.paragraphs) {
    if (p.removed) continue;
    ++kept_paragraphs;
    if (p.normalized_end - p.normalized_begin < options_.paragraph_dedup_min_chars) continue;
    FirstSeen found;
    SARING_ASSIGN_OR_RETURN(bool dup, seen_.FindOrInsert(p.hash ^ kParagraphSalt,
                                                         {id_offset, p.begin, p.end}, &found));
    if (!dup) {
      *id_used = true;
      continue;
    }
    if (found.id_offset == id_offset) continue;  // a repeat within the document: repair's job
    bool overlaps = false;  // a paragraph holding a boilerplate cut stays (spans never overlap)
    for (const StageSpan& s : d->stage_spans) overlaps |= s.begin < p.end && p.begin < s.end;
    if (overlaps) continue;
    uint32_t end = p.end;
    if (end < d->text.size() && d->text[end] == '\r') ++end;
    if (end < d->text.size() && d->text[end] == '\n') ++end;
    std::string first_id;
    SARING_RETURN_IF_ERROR(ids_.Get(found.id_offset, &first_id));
    d->cross_spans.push_back({p.begin, end, std::move(first_id), found.begin, found.end});
  }
  if (kept_paragraphs > 0 && d->cross_spans.size() == kept_paragraphs) {
    d->fate = DocFate::kRemoved;
    d->reason = "all_paragraphs_duplicated";
    d->duplicate_of = d->cross_spans.front().duplicate_id;
    d->cross_spans.clear();
  }
  return Status::Ok();
}

Status Decider::ApplyNearDup(DocWork* d) {
  NearDupDetector::Decision nd = near_dup_->detector().Get(near_dup_ordinal_++);
  d->cluster_id = nd.cluster_id;
  d->cluster_size = nd.cluster_size;
  if (nd.removed) {
    d->fate = DocFate::kRemoved;
    d->reason = "near_duplicate";
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
    if (!options_.languages.empty()) {
      c.checked += 1;
      if (d.reason == "language") {
        c.removed += 1;
        c.by_cause[d.language.language] += 1;
      }
    }
  }
  if (!d.classifier_json.empty()) {
    FilterCount& c = stats_->filters["classifier"];
    c.checked += 1;
    if (d.reason == "classifier") {
      c.removed += 1;
      c.by_cause[std::string(d.rule)] += 1;
    }
  }
  if (options_.quality_mode == "filter" && (d.fate == DocFate::kKept || d.reason == "quality")) {
    FilterCount& c = stats_->filters["quality"];
    c.checked += 1;
    if (d.reason == "quality") {
      c.removed += 1;
      c.by_cause[std::string(d.rule)] += 1;
    }
  }
}

Status Decider::ApplyDecision(size_t input, DocWork* d) {
  if (decision_cursor_.size() < decisions_->size()) decision_cursor_.resize(decisions_->size(), 0);
  const std::string& bytes = (*decisions_)[input];
  size_t& at = decision_cursor_[input];
  DedupDecision dd;
  if (!ReadDecision(bytes, &at, &dd)) {
    return Status::Corruption(fmt::format(
        "the dedup decisions for input {} end early: were they computed for these inputs and "
        "settings?", input));
  }
  SetFate(dd, d);
  return Status::Ok();
}

void Decider::Count(const DocWork& d, FileLedger* f) {
  if (d.fate == DocFate::kRemoved) {
    f->counts.removed[d.reason] += 1;
    const char* stage = d.reason == "near_duplicate"                  ? "near_dedup"
                        : d.reason == "exact_duplicate" ||
                              d.reason == "all_paragraphs_duplicated" ? "exact_dedup"
                        : d.reason == "language"                      ? "language"
                        : d.reason == "quality"                       ? "quality"
                        : d.reason == "classifier"                    ? "classifier"
                                                                      : "repair";
    stats_->stage_removed[stage] += 1;
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
    SpanCount& c = stats_->spans_removed["duplicate_paragraph"];
    c.spans += 1;
    c.bytes += s.end - s.begin;
    cut += s.end - s.begin;
  }
  for (const StageSpan& s : d.stage_spans) cut += s.end - s.begin;
  if (cut) stats_->documents_with_spans_removed += 1;
  f->counts.bytes_kept += d.text_bytes - cut;
}

Status Decider::Decide(WorkBatch* b) {
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
  for (DocWork& d : b->docs) {
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
        return Status::Aborted(fmt::format("--strict: stopping at a bad record: {}", d.error_detail));
      }
      continue;
    }
    if (f) f->counts.bytes_in += d.text_bytes;
    if (options_.read_only) {
      if (f) f->counts.kept += 1;
      continue;
    }
    if (sign_sink_ && pass_ == PassKind::kSign) {
      if (d.fate == DocFate::kKept) AppendSignRecord(d, sign_sink_->buffer(b->input_index));
      continue;
    }
    if (decisions_) {
      if (d.fate == DocFate::kKept) SARING_RETURN_IF_ERROR(ApplyDecision(b->input_index, &d));
      if (f) {
        CountFilters(d);
        Count(d, f);
      }
      continue;
    }
    SARING_ASSIGN_OR_RETURN(uint64_t id_offset, ids_.Add(d.parsed.id));
    bool id_used = false;
    if (d.fate == DocFate::kKept && options_.exact_dedup) {
      SARING_RETURN_IF_ERROR(ExactDedup(&d, id_offset, &id_used));
    }
    if (d.fate == DocFate::kKept && d.archive_match) {
      d.fate = DocFate::kRemoved;
      d.reason = "near_duplicate";
      d.near_dup_removed = true;
      d.duplicate_of = d.archive_id;
      d.similarity = d.archive_similarity;
      d.similarity_kind = d.archive_kind;
      d.cluster_size = 0;  // the archive's clusters are not known
    }
    if (d.fate == DocFate::kKept && near_dup_) {
      if (pass_ == PassKind::kSign) {
        NearDupDetector& detector = near_dup_->detector();
        SARING_RETURN_IF_ERROR(
            d.band_keys.empty()
                ? detector.Add(near_dup_->added(), d.signature.data(), d.repair.kept_text.size(),
                               d.survivor_key, d.word_hashes)
                : detector.Add(near_dup_->added(), d.signature.data(), d.band_keys.data(),
                               d.repair.kept_text.size(), d.survivor_key, d.word_hashes));
        SARING_RETURN_IF_ERROR(near_dup_->Remember(d));
      } else {
        SARING_RETURN_IF_ERROR(ApplyNearDup(&d));
      }
    }
    if (d.fate == DocFate::kKept && options_.paragraph_dedup && pass_ == PassKind::kFinal) {
      SARING_RETURN_IF_ERROR(ParagraphDedup(&d, id_offset, &id_used));
    }
    if (!id_used) SARING_RETURN_IF_ERROR(ids_.Truncate(id_offset));
    if (f) {
      CountFilters(d);
      Count(d, f);
    }
  }
  if (sign_sink_ && pass_ == PassKind::kSign) return sign_sink_->AfterBatch(b->input_index);
  return Status::Ok();
}

}  // namespace saring::pipeline
