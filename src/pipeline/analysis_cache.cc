#include "pipeline/analysis_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <system_error>

#include <xxhash.h>

#include "pipeline/byte_codec.h"

namespace saring::pipeline {
namespace {

// Per document: one tag byte, then (for an analysed document) the fields below in this order.
constexpr uint8_t kNotAnalysed = 0;  // quarantined while parsing: nothing to restore
constexpr uint8_t kAnalysed = 1;
// One RemovedSpan as PutAnalysis writes it: begin, end, reason, paragraph, duplicate_of,
// dup_begin, dup_end, each a varint but the reason byte; at least this many bytes.
constexpr size_t kMinSpanBytes = 7;

Status FileError(const char* what, const std::string& path, int err) {
  return Status::IoError(std::string("cannot ") + what + " the analysis spill file '" + path +
                         "': " + std::generic_category().message(err) +
                         "; check the free space of the work folder (run.work_dir)");
}

// The image's tag: none (a text file's document), a JSONL record's, a WARC document's.
constexpr uint8_t kNoImage = 0, kJsonImage = 1, kBuiltImage = 2;

// Flag bits of an image: the record's booleans, in one byte.
constexpr uint8_t kIdGenerated = 1, kMetadataEmpty = 2, kHasSaring = 4, kRootEmpty = 8;

// Offsets and sizes are varints: for a short record most take one byte (an image of a record
// without metadata is ~20 bytes plus its id, where fixed-size fields took ~110). A WARC document's
// image also holds its text and metadata (BuiltImageBytes).
constexpr size_t kImageMaxBytes = 1 + 2 * 8 + 2 + 11 * ByteWriter::kMaxVarintBytes;

size_t BuiltImageBytes(const DocWork& d) {
  return d.from_warc ? 2 * ByteWriter::kMaxVarintBytes + d.text.size() + d.record_metadata.size()
                     : 0;
}

void PutImage(const DocWork& d, std::string_view line, ByteWriter* out) {
  const uint8_t tag = d.from_warc ? kBuiltImage : d.from_text_file ? kNoImage : kJsonImage;
  out->Put<uint8_t>(tag);
  if (tag == kNoImage) return;
  out->PutVarint(line.size());
  out->Put<uint64_t>(XXH3_64bits(line.data(), line.size()));
  out->PutVarint(d.text_bytes);
  out->PutVarString(d.parsed.id);
  if (tag == kBuiltImage) {
    out->PutVarString(d.text);
    out->PutVarString(d.record_metadata);
    return;
  }
  const RecordLayout& l = d.parsed.layout;
  out->Put<uint8_t>((d.parsed.id_generated ? kIdGenerated : 0) |
                    (l.metadata_empty ? kMetadataEmpty : 0) | (l.has_saring ? kHasSaring : 0) |
                    (l.root_empty ? kRootEmpty : 0));
  out->PutVarint(l.text_begin);
  out->PutVarint(l.text_end);
  out->Put<uint8_t>(static_cast<uint8_t>(l.metadata_kind));
  out->PutVarint(l.metadata_begin);
  out->PutVarint(l.metadata_end);
  out->PutVarint(l.metadata_close);
  out->PutVarint(l.saring_begin);
  out->PutVarint(l.saring_end);
  out->PutVarint(l.root_close);
}

bool GetMetadataKind(ByteReader* in, MetadataKind* kind) {
  uint8_t v = 0;
  if (!in->Get(&v) || v > static_cast<uint8_t>(MetadataKind::kOther)) return false;
  *kind = static_cast<MetadataKind>(v);
  return true;
}

// Reads the image PutImage wrote; with `image` null, only skips it.
bool GetImage(ByteReader* in, RecordImage* image) {
  RecordImage scratch;
  RecordImage* m = image != nullptr ? image : &scratch;
  uint8_t tag = 0;
  if (!in->Get(&tag) || tag > kBuiltImage) return false;
  m->present = tag != kNoImage;
  m->built = tag == kBuiltImage;
  if (!m->present) return true;
  if (!in->GetVarint(&m->line_bytes) || !in->Get(&m->line_hash) || !in->GetVarint(&m->text_bytes) ||
      !in->GetVarString(&m->id)) {
    return false;
  }
  if (m->built) {
    return in->GetVarString(&m->text) && in->GetVarString(&m->record_metadata) &&
           m->text.size() == m->text_bytes;
  }
  RecordLayout& l = m->layout;
  uint8_t flags = 0;
  if (!in->Get(&flags) || flags > 15 || !in->GetVarint(&l.text_begin) ||
      !in->GetVarint(&l.text_end) || !GetMetadataKind(in, &l.metadata_kind) ||
      !in->GetVarint(&l.metadata_begin) || !in->GetVarint(&l.metadata_end) ||
      !in->GetVarint(&l.metadata_close) || !in->GetVarint(&l.saring_begin) ||
      !in->GetVarint(&l.saring_end) || !in->GetVarint(&l.root_close)) {
    return false;
  }
  m->id_generated = flags & kIdGenerated;
  l.metadata_empty = flags & kMetadataEmpty;
  l.has_saring = flags & kHasSaring;
  l.root_empty = flags & kRootEmpty;
  return true;
}

bool GetAnalysis(ByteReader* in, const std::vector<RuleInfo>& rules, DocWork* d,
                 RecordImage* image) {
  uint8_t tag = 0;
  if (!in->Get(&tag)) return false;
  if (tag == kNotAnalysed) return d->fate == DocFate::kQuarantined;
  if (tag != kAnalysed || d->fate == DocFate::kQuarantined) return false;
  if (!GetImage(in, image)) return false;
  if (image != nullptr) {
    if (!image->present) return false;
    d->text_bytes = image->text_bytes;
  }
  uint8_t fate = 0, reason = 0;
  uint32_t spans = 0;
  if (!in->Get(&fate) || fate > static_cast<uint8_t>(DocFate::kRemoved) || !in->Get(&reason) ||
      (reason != 0 && RemovalReasonName(static_cast<RemovalReason>(reason)).empty()) ||
      !in->Get(&d->doc_hash) || !in->GetVarint(&spans) || in->remaining() / kMinSpanBytes < spans) {
    return false;
  }
  d->fate = static_cast<DocFate>(fate);
  d->reason = static_cast<RemovalReason>(reason);
  // The spans (sorted, non-overlapping, inside the text). The kept text is not rebuilt: nothing
  // after the per-document stages reads it (the encoder cuts the spans from d->text itself).
  RepairResult& r = d->repair;
  r.removed.resize(spans);
  r.kept_text.clear();
  uint32_t cursor = 0;
  for (RemovedSpan& s : r.removed) {
    uint8_t reason = 0;
    uint32_t paragraph = 0, duplicate_of = 0;
    if (!in->GetVarint(&s.begin) || !in->GetVarint(&s.end) || !in->Get(&reason) ||
        !in->GetVarint(&paragraph) || !in->GetVarint(&duplicate_of) ||
        !in->GetVarint(&s.dup_begin) || !in->GetVarint(&s.dup_end) ||
        reason > static_cast<uint8_t>(SpanReason::kByteOrderMark) || s.begin < cursor ||
        s.end < s.begin || s.end > d->text_bytes) {
      return false;
    }
    s.reason = static_cast<SpanReason>(reason);
    s.paragraph = static_cast<int32_t>(paragraph);
    s.duplicate_of = static_cast<int32_t>(duplicate_of);
    cursor = s.end;
  }
  uint8_t has_language = 0;
  if (!in->Get(&has_language)) return false;
  d->has_language = has_language != 0;
  if (d->has_language) {
    uint8_t reliable = 0;
    if (!in->GetVarString(&d->language.language) || !in->Get(&d->language.score) ||
        !in->GetVarString(&d->language.runner_up) || !in->Get(&d->language.runner_up_score) ||
        !in->Get(&reliable)) {
      return false;
    }
    d->language.reliable = reliable != 0;
  }
  std::string rule;
  if (!in->GetVarString(&d->signals_json) || !in->GetVarString(&d->classifier_json) ||
      !in->GetVarString(&d->language_shares_json) || !in->GetVarString(&rule)) {
    return false;
  }
  // The value and threshold are kept only with a rule: nothing reads them without one.
  d->rule_value = d->rule_threshold = 0;
  if (!rule.empty() && (!in->Get(&d->rule_value) || !in->Get(&d->rule_threshold))) return false;
  d->rule = {};
  if (!rule.empty()) {  // back to the static name of the rule table
    for (const RuleInfo& info : rules) {
      if (info.name == rule) d->rule = info.name;
    }
    if (d->rule.empty()) return false;
  }
  return true;
}

}  // namespace

bool ReusableAnalysis(const RunOptions& o) {
  // Boilerplate cutting and paragraph dedup need the paragraphs and normalised texts, an archive
  // needs the signature: none of them is kept.
  return o.near_dup.enabled && o.near_dup.reuse_analysis && !o.boilerplate.enabled &&
         !o.dedup.paragraphs && o.against_index.empty();
}

void PutAnalysis(const DocWork& d, std::string_view line, std::string* out) {
  if (d.fate == DocFate::kQuarantined) {
    out->push_back(static_cast<char>(kNotAnalysed));
    return;
  }
  constexpr size_t kVarint = ByteWriter::kMaxVarintBytes;
  const size_t max_bytes =
      1 + kImageMaxBytes + BuiltImageBytes(d) + d.parsed.id.size() + 1 + 1 + 8 + kVarint +
      d.repair.removed.size() * (1 + 6 * kVarint) + 1 +
      (2 * kVarint + d.language.language.size() + d.language.runner_up.size() + 2 * 8 + 1) +
      kVarint + d.signals_json.size() + kVarint + d.classifier_json.size() + kVarint +
      d.language_shares_json.size() + kVarint + d.rule.size() + 2 * 8;
  ByteWriter w(out, max_bytes);
  w.Put<uint8_t>(kAnalysed);
  PutImage(d, line, &w);
  w.Put<uint8_t>(static_cast<uint8_t>(d.fate));
  w.Put<uint8_t>(static_cast<uint8_t>(d.reason));
  w.Put<uint64_t>(d.doc_hash);
  w.PutVarint(d.repair.removed.size());
  for (const RemovedSpan& s : d.repair.removed) {
    w.PutVarint(s.begin);
    w.PutVarint(s.end);
    w.Put<uint8_t>(static_cast<uint8_t>(s.reason));
    w.PutVarint(static_cast<uint32_t>(s.paragraph));  // -1 (none) as 2^32 - 1
    w.PutVarint(static_cast<uint32_t>(s.duplicate_of));
    w.PutVarint(s.dup_begin);
    w.PutVarint(s.dup_end);
  }
  w.Put<uint8_t>(d.has_language);
  if (d.has_language) {
    w.PutVarString(d.language.language);
    w.Put<double>(d.language.score);
    w.PutVarString(d.language.runner_up);
    w.Put<double>(d.language.runner_up_score);
    w.Put<uint8_t>(d.language.reliable);
  }
  w.PutVarString(d.signals_json);
  w.PutVarString(d.classifier_json);
  w.PutVarString(d.language_shares_json);
  w.PutVarString(d.rule);
  if (!d.rule.empty()) {
    w.Put<double>(d.rule_value);
    w.Put<double>(d.rule_threshold);
  }
  w.Finish();
}

bool NextIsAnalysed(std::string_view in) {
  return !in.empty() && static_cast<uint8_t>(in[0]) == kAnalysed;
}

bool GetAnalysis(std::string_view* in, const std::vector<RuleInfo>& rules, DocWork* d,
                 RecordImage* image) {
  ByteReader r(*in, 0);
  bool ok = GetAnalysis(&r, rules, d, image);
  in->remove_prefix(r.at());
  return ok;
}

Result<std::unique_ptr<AnalysisCache>> AnalysisCache::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return FileError("create", path, errno);
  return std::unique_ptr<AnalysisCache>(new AnalysisCache(path, fd));
}

AnalysisCache::~AnalysisCache() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

Status AnalysisCache::Put(uint64_t seq, std::string_view bytes) {
  uint64_t offset = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    offset = end_;
    end_ += bytes.size();
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return FileError("write", path_, n < 0 ? errno : ENOSPC);
    done += static_cast<size_t>(n);
  }
  std::lock_guard<std::mutex> lock(mu_);
  batches_[seq] = Extent{offset, bytes.size()};
  return Status::Ok();
}

Result<bool> AnalysisCache::Get(uint64_t seq, std::string* bytes) const {
  Extent e;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = batches_.find(seq);
    if (it == batches_.end()) return false;
    e = it->second;
  }
  bytes->resize(e.size);
  size_t done = 0;
  while (done < e.size) {
    ssize_t n =
        ::pread(fd_, bytes->data() + done, e.size - done, static_cast<off_t>(e.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return FileError("read", path_, n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  return true;
}

uint64_t AnalysisCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_;
}

}  // namespace saring::pipeline
