#include "pipeline/substring_stage.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/substring_keys.h"

namespace saring::pipeline {

void ComputeSubstringInput(uint32_t n, DocWork* d) {
  thread_local std::vector<WordSpan> words;
  thread_local std::string scratch;
  ComputeWordKeys(d->KeptText(), &words, &d->substring_keys, &scratch);
  ComputeWindowHashes(d->substring_keys.data(), d->substring_keys.size(), n, &d->substring_windows);
}

Result<std::unique_ptr<SubstringStage>> SubstringStage::Create(const RunOptions& options) {
  std::unique_ptr<SubstringStage> s(new SubstringStage(options.substring_min_words));
  SubstringFinderOptions f;
  f.min_words = options.substring_min_words;
  f.memory_budget = options.substring_memory_budget_bytes;
  f.work_dir = options.work_dir;
  SARING_ASSIGN_OR_RETURN(s->finder_, SubstringFinder::Create(f));
  return s;
}

Status SubstringStage::Collect(uint64_t seq, uint32_t index, const DocWork& d, int64_t near_dup_ordinal) {
  seqs_.push_back(seq);
  indices_.push_back(index);
  near_dup_.push_back(near_dup_ordinal);
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
    return pieces[a].source_doc != pieces[b].source_doc ? pieces[a].source_doc < pieces[b].source_doc
                                                        : pieces[a].source_begin < pieces[b].source_begin;
  });
  sources_.assign(pieces.size(), Source{});
  return Status::Ok();
}

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
    size_t j = static_cast<size_t>(std::upper_bound(kept_at_.begin(), kept_at_.end(), k) - kept_at_.begin());
    return k + cumulative_[j];
  }
  // The original offset just past the kept byte at `k - 1`.
  uint32_t End(uint32_t k) const { return Begin(k - 1) + 1; }

 private:
  std::vector<uint32_t> kept_at_, cumulative_;
};

}  // namespace

Status SubstringStage::Apply(uint64_t seq, uint32_t index, DocWork* d) {
  while (doc_cursor_ < seqs_.size() &&
         (seqs_[doc_cursor_] < seq || (seqs_[doc_cursor_] == seq && indices_[doc_cursor_] < index))) {
    ++doc_cursor_;
  }
  if (doc_cursor_ == seqs_.size() || seqs_[doc_cursor_] != seq || indices_[doc_cursor_] != index) {
    return Status::Ok();
  }
  const uint32_t doc = static_cast<uint32_t>(doc_cursor_);
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  while (piece_cursor_ < pieces.size() && pieces[piece_cursor_].doc < doc) ++piece_cursor_;
  while (source_cursor_ < by_source_.size() && pieces[by_source_[source_cursor_]].source_doc < doc) {
    ++source_cursor_;
  }
  const bool is_source =
      source_cursor_ < by_source_.size() && pieces[by_source_[source_cursor_]].source_doc == doc;
  const bool is_cut = piece_cursor_ < pieces.size() && pieces[piece_cursor_].doc == doc;
  if (!is_source && !is_cut) return Status::Ok();
  words_.clear();
  SegmentWords(d->KeptText(), &words_);
  if (words_.size() != finder_->words(doc)) {
    return Status::Internal(fmt::format(
        "substring dedup: document {} has {} words in the final pass but had {} in the signing "
        "pass; report this", d->parsed.id, words_.size(), finder_->words(doc)));
  }
  removed_.clear();
  for (const RemovedSpan& s : d->repair.removed) removed_.push_back({s.begin, s.end});
  for (const StageSpan& s : d->stage_spans) removed_.push_back({s.begin, s.end});
  std::sort(removed_.begin(), removed_.end());
  if (is_source) ResolveSources(doc, *d);
  if (is_cut) return Cut(doc, d);
  return Status::Ok();
}

void SubstringStage::ResolveSources(uint32_t doc, const DocWork& d) {
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  KeptToOriginal map(removed_);
  ids_.push_back(d.parsed.id);
  for (size_t c = source_cursor_; c < by_source_.size(); ++c) {
    const SubstringPiece& p = pieces[by_source_[c]];
    if (p.source_doc != doc) break;
    const uint32_t last = p.source_begin + (p.end - p.begin) - 1;
    sources_[by_source_[c]] = {true, static_cast<uint32_t>(ids_.size() - 1),
                               map.Begin(words_[p.source_begin].begin), map.End(words_[last].end)};
  }
}

Status SubstringStage::Cut(uint32_t doc, DocWork* d) {
  const std::vector<SubstringPiece>& pieces = finder_->pieces();
  KeptToOriginal map(removed_);
  // Spans already cut (repair, boilerplate, paragraph dedup) stay as they are; a piece is cut
  // around them, so spans never overlap.
  std::vector<std::pair<uint32_t, uint32_t>> taken = removed_;
  for (const CrossDocSpan& s : d->cross_spans) taken.push_back({s.begin, s.end});
  std::sort(taken.begin(), taken.end());
  const size_t spans_before = d->cross_spans.size();
  uint64_t cut_words = 0;
  const std::string* first_source = nullptr;
  for (size_t c = piece_cursor_; c < pieces.size() && pieces[c].doc == doc; ++c) {
    const SubstringPiece& p = pieces[c];
    const Source& src = sources_[c];
    if (!src.resolved) continue;  // its first occurrence left the output (paragraph dedup)
    // A piece followed at once by the next one is cut up to that one's first word, so that a
    // run of several pieces leaves no gap.
    const bool adjacent = c + 1 < pieces.size() && pieces[c + 1].doc == doc &&
                          pieces[c + 1].begin == p.end && sources_[c + 1].resolved;
    const uint32_t begin = map.Begin(words_[p.begin].begin);
    const uint32_t end = adjacent ? map.Begin(words_[p.end].begin) : map.End(words_[p.end - 1].end);
    cut_words += p.end - p.begin;
    if (first_source == nullptr) first_source = &ids_[src.id];
    uint32_t cursor = begin;
    auto emit = [&](uint32_t b, uint32_t e) {
      if (b < e) d->cross_spans.push_back({b, e, ids_[src.id], src.begin, src.end, "duplicate_substring"});
    };
    for (const auto& [tb, te] : taken) {
      if (te <= cursor) continue;
      if (tb >= end) break;
      emit(cursor, tb);
      cursor = std::max(cursor, te);
    }
    if (cursor < end) emit(cursor, end);
  }
  if (cut_words > 0 && words_.size() - cut_words < min_words_) {
    d->cross_spans.resize(spans_before);
    d->fate = DocFate::kRemoved;
    d->reason = "duplicate_substrings";
    d->duplicate_of = *first_source;
  }
  return Status::Ok();
}

}  // namespace saring::pipeline
