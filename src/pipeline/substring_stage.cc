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

// Word offsets in the work folder, per document: for each word, the distance from the previous
// word's end (zigzag, so that any order is representable) and its length, as LEB128 varints:
// about 2 bytes a word instead of 8.
void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PackOffsets(const std::vector<uint32_t>& offsets, std::string* out) {
  out->clear();
  int64_t prev_end = 0;
  for (size_t i = 0; i + 1 < offsets.size(); i += 2) {
    const int64_t gap = static_cast<int64_t>(offsets[i]) - prev_end;
    PutVarint((static_cast<uint64_t>(gap) << 1) ^ static_cast<uint64_t>(gap >> 63), out);
    PutVarint(offsets[i + 1] - offsets[i], out);
    prev_end = offsets[i + 1];
  }
}

// Decodes the first `words` words of PackOffsets' `in` into out[0, 2 * words). False if `in`
// ends early or holds a malformed varint.
bool UnpackOffsets(std::string_view in, size_t words, uint32_t* out) {
  size_t at = 0;
  auto get = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
      const auto byte = static_cast<uint8_t>(in[at++]);
      *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return true;
    }
    return false;
  };
  int64_t prev_end = 0;
  for (size_t i = 0; i < words; ++i) {
    uint64_t zigzag = 0, length = 0;
    if (!get(&zigzag) || !get(&length)) return false;
    const int64_t gap = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
    out[2 * i] = static_cast<uint32_t>(prev_end + gap);
    out[2 * i + 1] = static_cast<uint32_t>(out[2 * i] + length);
    prev_end = out[2 * i + 1];
  }
  return true;
}

}  // namespace

void ComputeSubstringInput(uint32_t n, DocWork* d) {
  thread_local std::vector<WordSpan> words;
  thread_local std::string scratch;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> removed;
  ComputeWordKeys(d->KeptText(), &words, &d->substring_keys, &scratch);
  ComputeWindowHashes(d->substring_keys.data(), d->substring_keys.size(), n, &d->substring_windows);
  d->substring_input = true;
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
  SARING_RETURN_IF_ERROR(s->reached_.Open(options.work_dir, "substring first occurrences"));
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
  PackOffsets(d.substring_offsets, &packed_);
  SARING_RETURN_IF_ERROR(offsets_.Append(packed_.data(), packed_.size()));
  offsets_at_.push_back(offsets_.size());
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
  is_source_.assign(finder_->documents(), 0);
  SubstringFinder::PieceReader all(finder_.get());
  for (;;) {
    SARING_ASSIGN_OR_RETURN(bool more, all.Next(&next_));
    if (!more) break;
    is_source_[next_.source_doc] = 1;
  }
  reader_ = std::make_unique<SubstringFinder::PieceReader>(finder_.get());
  return NextPiece();
}

Status SubstringStage::NextPiece() {
  SARING_ASSIGN_OR_RETURN(has_next_, reader_->Next(&next_));
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
  while (has_next_ && next_.doc < doc) SARING_RETURN_IF_ERROR(NextPiece());
  doc_pieces_.clear();
  while (has_next_ && next_.doc == doc) {
    doc_pieces_.push_back(next_);
    SARING_RETURN_IF_ERROR(NextPiece());
  }
  if (is_source_[doc]) SARING_RETURN_IF_ERROR(MarkReached(doc, *d));
  if (doc_pieces_.empty()) return Status::Ok();
  SARING_RETURN_IF_ERROR(ReadOffsets(doc, finder_->words(doc), &words_));
  return Cut(doc, line, d);
}

Status SubstringStage::MarkReached(uint32_t doc, const DocWork& d) {
  const Reached none{0, 0, 0};
  for (; reached_docs_ < doc; ++reached_docs_)
    SARING_RETURN_IF_ERROR(reached_.Append(&none, sizeof(none)));
  const Reached r{ids_.size(), static_cast<uint32_t>(d.parsed.id.size()), 1};
  SARING_RETURN_IF_ERROR(ids_.Append(d.parsed.id.data(), d.parsed.id.size()));
  SARING_RETURN_IF_ERROR(reached_.Append(&r, sizeof(r)));
  ++reached_docs_;
  return Status::Ok();
}

Status SubstringStage::ReadSource(const SubstringPiece& p, Source* s) {
  s->reached = false;
  if (p.source_doc >= reached_docs_) return Status::Ok();
  Reached r;
  SARING_RETURN_IF_ERROR(reached_.ReadAt(uint64_t{p.source_doc} * sizeof(r), &r, sizeof(r)));
  if (!r.reached) return Status::Ok();
  s->reached = true;
  s->id.resize(r.id_size);
  SARING_RETURN_IF_ERROR(ids_.ReadAt(r.id_at, s->id.data(), r.id_size));
  const uint32_t last = p.source_begin + (p.end - p.begin) - 1;
  SARING_RETURN_IF_ERROR(ReadOffsets(p.source_doc, last + 1, &source_words_));
  s->begin = source_words_[2 * p.source_begin];
  s->end = source_words_[2 * last + 1];
  return Status::Ok();
}

Status SubstringStage::ReadOffsets(uint32_t doc, uint32_t words, std::vector<uint32_t>* out) {
  const uint64_t begin = doc == 0 ? 0 : offsets_at_[doc - 1];
  packed_.resize(offsets_at_[doc] - begin);
  SARING_RETURN_IF_ERROR(offsets_.ReadAt(begin, packed_.data(), packed_.size()));
  out->resize(2 * static_cast<size_t>(words));
  if (!UnpackOffsets(packed_, words, out->data())) {
    return Status::Internal(
        fmt::format("substring dedup: the word offsets of collected document {} in the work "
                    "folder are damaged",
                    doc));
  }
  return Status::Ok();
}

Status SubstringStage::Cut(uint32_t doc, std::string_view line, DocWork* d) {
  // Spans already cut (repair, boilerplate, paragraph dedup) stay as they are; a piece is cut
  // around them, so spans never overlap.
  const std::vector<std::pair<uint32_t, uint32_t>> taken = TakenRanges(*d);
  const size_t spans_before = d->cross_spans.size();
  const size_t count = doc_pieces_.size();
  sources_.resize(count);
  for (size_t c = 0; c < count; ++c)
    SARING_RETURN_IF_ERROR(ReadSource(doc_pieces_[c], &sources_[c]));
  uint64_t cut_words = 0;
  bool any_cut = false;
  for (size_t c = 0; c < count; ++c) {
    const SubstringPiece& p = doc_pieces_[c];
    const Source& src = sources_[c];
    if (!src.reached) continue;  // its first occurrence left the output (paragraph dedup)
    // A piece followed at once by the next one is cut up to that one's first word, so that a
    // run of several pieces leaves no gap.
    const bool adjacent =
        c + 1 < count && doc_pieces_[c + 1].begin == p.end && sources_[c + 1].reached;
    const uint32_t begin = words_[2 * p.begin];
    const uint32_t end = adjacent ? words_[2 * p.end] : words_[2 * (p.end - 1) + 1];
    cut_words += p.end - p.begin;
    if (!any_cut) first_id_ = src.id;
    any_cut = true;
    CutSubstringAround(begin, end, src.id, src.begin, src.end, taken, d);
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
