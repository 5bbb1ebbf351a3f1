#include "pipeline/substring_stage.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/doc_analyzer.h"
#include "pipeline/substring_keys.h"
#include "pipeline/substring_records.h"

namespace saring::pipeline {

namespace {

// Maps offsets of a kept text back to its original text, given the ranges cut from the original
// (sorted, disjoint).
class KeptToOriginal {
 public:
  explicit KeptToOriginal(const std::vector<std::pair<uint32_t, uint32_t>>& removed) {
    cumulative_.push_back(0);
    for (const auto& [b, e] : removed) {
      kept_at_.push_back(b - cumulative_.back());
      cumulative_.push_back(cumulative_.back() + (e - b));
    }
  }
  // The original offset of the kept byte at `k`.
  uint32_t Begin(uint32_t k) const {
    size_t j = static_cast<size_t>(std::upper_bound(kept_at_.begin(), kept_at_.end(), k) -
                                   kept_at_.begin());
    return k + cumulative_[j];
  }
  // The original offset just past the kept byte at `k - 1`.
  uint32_t End(uint32_t k) const { return Begin(k - 1) + 1; }

 private:
  std::vector<uint32_t> kept_at_, cumulative_;
};

}  // namespace

void ComputeSubstringInput(uint32_t n, DocWork* d) {
  thread_local std::vector<WordSpan> words;
  thread_local std::string scratch;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> removed;
  ComputeWordKeys(d->KeptText(), &words, &d->substring_keys, &scratch);
  ComputeWindowHashes(d->substring_keys.data(), d->substring_keys.size(), n, &d->substring_windows);
  removed.clear();
  for (const RemovedSpan& s : d->repair.removed) removed.push_back({s.begin, s.end});
  for (const StageSpan& s : d->stage_spans) removed.push_back({s.begin, s.end});
  std::sort(removed.begin(), removed.end());
  KeptToOriginal map(removed);
  d->substring_offsets.resize(2 * words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    d->substring_offsets[2 * i] = map.Begin(words[i].begin);
    d->substring_offsets[2 * i + 1] = map.End(words[i].end);
  }
}

Result<std::unique_ptr<SubstringStage>> SubstringStage::Create(const RunOptions& options) {
  std::unique_ptr<SubstringStage> s(new SubstringStage(
      options.dedup.substring_min_words, AnalyzerConfig::From(options, nullptr, nullptr).parser));
  SARING_RETURN_IF_ERROR(s->offsets_.Open(options.work_dir, "substring word offsets"));
  SARING_RETURN_IF_ERROR(s->ids_.Open(options.work_dir, "substring first-occurrence ids"));
  SubstringFinderOptions f;
  f.min_words = options.dedup.substring_min_words;
  f.memory_budget = options.dedup.substring_memory_budget_bytes;
  f.work_dir = options.work_dir;
  SARING_ASSIGN_OR_RETURN(s->finder_, SubstringFinder::Create(f));
  return s;
}

Status SubstringStage::Collect(uint64_t seq, uint32_t index, const DocWork& d,
                               int64_t near_dup_ordinal) {
  seqs_.push_back(seq);
  indices_.push_back(index);
  near_dup_.push_back(near_dup_ordinal);
  SARING_RETURN_IF_ERROR(
      offsets_.Append(d.substring_offsets.data(), d.substring_offsets.size() * sizeof(uint32_t)));
  return finder_->AddDocument(d.substring_keys.data(), d.substring_keys.size(),
                              d.substring_windows.data());
}

Status SubstringStage::Finish(const NearDupDetector* detector, unsigned threads) {
  if (detector != nullptr) {
    for (uint32_t doc = 0; doc < near_dup_.size(); ++doc) {
      if (near_dup_[doc] >= 0 && detector->Get(static_cast<uint64_t>(near_dup_[doc])).removed) {
        finder_->Drop(doc);
      }
    }
  }
  near_dup_.clear();
  near_dup_.shrink_to_fit();
  SARING_RETURN_IF_ERROR(finder_->Finish(threads));
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  by_source_.resize(pieces.size());
  for (uint32_t i = 0; i < pieces.size(); ++i) by_source_[i] = i;
  std::stable_sort(by_source_.begin(), by_source_.end(), [&](uint32_t a, uint32_t b) {
    return pieces[a].source_doc != pieces[b].source_doc
               ? pieces[a].source_doc < pieces[b].source_doc
               : pieces[a].source_begin < pieces[b].source_begin;
  });
  sources_.assign(pieces.size(), Source{});
  return Status::Ok();
}

Status SubstringStage::Apply(uint64_t seq, uint32_t index, std::string_view line, DocWork* d) {
  while (
      doc_cursor_ < seqs_.size() &&
      (seqs_[doc_cursor_] < seq || (seqs_[doc_cursor_] == seq && indices_[doc_cursor_] < index))) {
    ++doc_cursor_;
  }
  if (doc_cursor_ == seqs_.size() || seqs_[doc_cursor_] != seq || indices_[doc_cursor_] != index) {
    return Status::Ok();
  }
  const uint32_t doc = static_cast<uint32_t>(doc_cursor_);
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  while (piece_cursor_ < pieces.size() && pieces[piece_cursor_].doc < doc) ++piece_cursor_;
  while (source_cursor_ < by_source_.size() &&
         pieces[by_source_[source_cursor_]].source_doc < doc) {
    ++source_cursor_;
  }
  const bool is_source =
      source_cursor_ < by_source_.size() && pieces[by_source_[source_cursor_]].source_doc == doc;
  const bool is_cut = piece_cursor_ < pieces.size() && pieces[piece_cursor_].doc == doc;
  if (!is_source && !is_cut) return Status::Ok();
  words_.resize(2 * static_cast<size_t>(finder_->words(doc)));
  SARING_RETURN_IF_ERROR(offsets_.ReadAt(finder_->first_word(doc) * 2 * sizeof(uint32_t),
                                         words_.data(), words_.size() * sizeof(uint32_t)));
  if (is_source) SARING_RETURN_IF_ERROR(ResolveSources(doc, *d));
  if (is_cut) return Cut(doc, line, d);
  return Status::Ok();
}

Status SubstringStage::ResolveSources(uint32_t doc, const DocWork& d) {
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  const uint64_t id_at = ids_.size();
  const uint32_t id_size = static_cast<uint32_t>(d.parsed.id.size());
  SARING_RETURN_IF_ERROR(ids_.Append(d.parsed.id.data(), id_size));
  for (size_t c = source_cursor_; c < by_source_.size(); ++c) {
    const SubstringPiece& p = pieces[by_source_[c]];
    if (p.source_doc != doc) break;
    const uint32_t last = p.source_begin + (p.end - p.begin) - 1;
    sources_[by_source_[c]] = {true, id_size, id_at, words_[2 * p.source_begin],
                               words_[2 * last + 1]};
  }
  return Status::Ok();
}

Status SubstringStage::Cut(uint32_t doc, std::string_view line, DocWork* d) {
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  // Spans already cut (repair, boilerplate, paragraph dedup) stay as they are; a piece is cut
  // around them, so spans never overlap.
  const std::vector<std::pair<uint32_t, uint32_t>> taken = TakenRanges(*d);
  const size_t spans_before = d->cross_spans.size();
  uint64_t cut_words = 0;
  bool any_cut = false;
  for (size_t c = piece_cursor_; c < pieces.size() && pieces[c].doc == doc; ++c) {
    const SubstringPiece& p = pieces[c];
    const Source& src = sources_[c];
    if (!src.resolved) continue;  // its first occurrence left the output (paragraph dedup)
    // A piece followed at once by the next one is cut up to that one's first word, so that a
    // run of several pieces leaves no gap.
    const bool adjacent = c + 1 < pieces.size() && pieces[c + 1].doc == doc &&
                          pieces[c + 1].begin == p.end && sources_[c + 1].resolved;
    const uint32_t begin = words_[2 * p.begin];
    const uint32_t end = adjacent ? words_[2 * p.end] : words_[2 * (p.end - 1) + 1];
    cut_words += p.end - p.begin;
    id_.resize(src.id_size);
    SARING_RETURN_IF_ERROR(ids_.ReadAt(src.id_at, id_.data(), id_.size()));
    if (!any_cut) first_id_ = id_;
    any_cut = true;
    CutSubstringAround(begin, end, id_, src.begin, src.end, taken, d);
  }
  if (cut_words > 0 && finder_->words(doc) - cut_words < min_words_) {
    d->cross_spans.resize(spans_before);
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kDuplicateSubstrings;
    d->duplicate_of = first_id_;
    return Status::Ok();
  }
  // A document the final pass restored from the signing pass's analysis holds its text only when
  // repair cut from it; the encoder needs it to cut these spans.
  if (d->cross_spans.size() > spans_before && d->text.size() != d->text_bytes) {
    const RecordLayout& l = d->parsed.layout;
    if (!(l.text_begin < l.text_end && l.text_end <= line.size() &&
          parser_.DecodeString(line.substr(l.text_begin, l.text_end - l.text_begin), &d->text) &&
          d->text.size() == d->text_bytes)) {
      return Status::Internal(
          fmt::format("substring dedup: the text of {} cannot be decoded again; run with "
                      "near_dup.reuse_analysis=false and report this",
                      d->parsed.id));
    }
  }
  return Status::Ok();
}

}  // namespace saring::pipeline
