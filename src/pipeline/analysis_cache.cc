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
// dup_begin, dup_end.
constexpr size_t kSpanBytes = 4 + 4 + 1 + 4 + 4 + 4 + 4;

Status FileError(const char* what, const std::string& path, int err) {
  return Status::IoError(std::string("cannot ") + what + " the analysis spill file '" + path +
                         "': " + std::generic_category().message(err) +
                         "; check the free space of the work folder (run.work_dir)");
}

void PutImage(const DocWork& d, std::string_view line, std::string* out) {
  Put<uint8_t>(out, d.from_text_file ? 0 : 1);
  if (d.from_text_file) return;
  Put<uint64_t>(out, line.size());
  Put<uint64_t>(out, XXH3_64bits(line.data(), line.size()));
  Put<uint64_t>(out, d.text_bytes);
  PutString(out, d.parsed.id);
  Put<uint8_t>(out, d.parsed.id_generated);
  const RecordLayout& l = d.parsed.layout;
  Put<uint64_t>(out, l.text_begin);
  Put<uint64_t>(out, l.text_end);
  Put<uint8_t>(out, static_cast<uint8_t>(l.metadata_kind));
  Put<uint64_t>(out, l.metadata_begin);
  Put<uint64_t>(out, l.metadata_end);
  Put<uint64_t>(out, l.metadata_close);
  Put<uint8_t>(out, l.metadata_empty);
  Put<uint8_t>(out, l.has_saring);
  Put<uint64_t>(out, l.saring_begin);
  Put<uint64_t>(out, l.saring_end);
  Put<uint64_t>(out, l.root_close);
  Put<uint8_t>(out, l.root_empty);
}

bool GetFlag(ByteReader* in, bool* flag) {
  uint8_t v = 0;
  if (!in->Get(&v) || v > 1) return false;
  *flag = v != 0;
  return true;
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
  if (!GetFlag(in, &m->present)) return false;
  if (!m->present) return true;
  RecordLayout& l = m->layout;
  return in->Get(&m->line_bytes) && in->Get(&m->line_hash) && in->Get(&m->text_bytes) &&
         in->GetString(&m->id) && GetFlag(in, &m->id_generated) && in->Get(&l.text_begin) &&
         in->Get(&l.text_end) && GetMetadataKind(in, &l.metadata_kind) && in->Get(&l.metadata_begin) &&
         in->Get(&l.metadata_end) && in->Get(&l.metadata_close) && GetFlag(in, &l.metadata_empty) &&
         GetFlag(in, &l.has_saring) && in->Get(&l.saring_begin) && in->Get(&l.saring_end) &&
         in->Get(&l.root_close) && GetFlag(in, &l.root_empty);
}

bool GetAnalysis(ByteReader* in, const std::vector<RuleInfo>& rules, DocWork* d, RecordImage* image) {
  uint8_t tag = 0;
  if (!in->Get(&tag)) return false;
  if (tag == kNotAnalysed) return d->fate == DocFate::kQuarantined;
  if (tag != kAnalysed || d->fate == DocFate::kQuarantined) return false;
  if (!GetImage(in, image)) return false;
  if (image != nullptr) {
    if (!image->present) return false;
    d->text_bytes = image->text_bytes;
  }
  uint8_t fate = 0;
  uint32_t spans = 0;
  if (!in->Get(&fate) || fate > static_cast<uint8_t>(DocFate::kRemoved) ||
      !in->GetString(&d->reason) || !in->Get(&d->doc_hash) || !in->Get(&spans) ||
      in->remaining() / kSpanBytes < spans) {
    return false;
  }
  d->fate = static_cast<DocFate>(fate);
  // The spans (sorted, non-overlapping, inside the text). The kept text is not rebuilt: nothing
  // after the per-document stages reads it (the encoder cuts the spans from d->text itself).
  RepairResult& r = d->repair;
  r.removed.resize(spans);
  r.kept_text.clear();
  uint32_t cursor = 0;
  for (RemovedSpan& s : r.removed) {
    uint8_t reason = 0;
    if (!in->Get(&s.begin) || !in->Get(&s.end) || !in->Get(&reason) || !in->Get(&s.paragraph) ||
        !in->Get(&s.duplicate_of) || !in->Get(&s.dup_begin) || !in->Get(&s.dup_end) ||
        reason > static_cast<uint8_t>(SpanReason::kByteOrderMark) || s.begin < cursor ||
        s.end < s.begin || s.end > d->text_bytes) {
      return false;
    }
    s.reason = static_cast<SpanReason>(reason);
    cursor = s.end;
  }
  uint8_t has_language = 0;
  if (!in->Get(&has_language)) return false;
  d->has_language = has_language != 0;
  if (d->has_language) {
    uint8_t reliable = 0;
    if (!in->GetString(&d->language.language) || !in->Get(&d->language.score) ||
        !in->GetString(&d->language.runner_up) || !in->Get(&d->language.runner_up_score) ||
        !in->Get(&reliable)) {
      return false;
    }
    d->language.reliable = reliable != 0;
  }
  std::string rule;
  if (!in->GetString(&d->signals_json) || !in->GetString(&d->classifier_json) ||
      !in->GetString(&d->language_shares_json) || !in->GetString(&rule) ||
      !in->Get(&d->rule_value) ||
      !in->Get(&d->rule_threshold)) {
    return false;
  }
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
  return o.near_dup && o.near_dup_reuse_analysis && !o.boilerplate && !o.paragraph_dedup &&
         o.against_index.empty();
}

void PutAnalysis(const DocWork& d, std::string_view line, std::string* out) {
  if (d.fate == DocFate::kQuarantined) {
    out->push_back(static_cast<char>(kNotAnalysed));
    return;
  }
  out->push_back(static_cast<char>(kAnalysed));
  PutImage(d, line, out);
  Put<uint8_t>(out, static_cast<uint8_t>(d.fate));
  PutString(out, d.reason);
  Put<uint64_t>(out, d.doc_hash);
  Put<uint32_t>(out, static_cast<uint32_t>(d.repair.removed.size()));
  for (const RemovedSpan& s : d.repair.removed) {
    Put<uint32_t>(out, s.begin);
    Put<uint32_t>(out, s.end);
    Put<uint8_t>(out, static_cast<uint8_t>(s.reason));
    Put<int32_t>(out, s.paragraph);
    Put<int32_t>(out, s.duplicate_of);
    Put<uint32_t>(out, s.dup_begin);
    Put<uint32_t>(out, s.dup_end);
  }
  Put<uint8_t>(out, d.has_language);
  if (d.has_language) {
    PutString(out, d.language.language);
    Put<double>(out, d.language.score);
    PutString(out, d.language.runner_up);
    Put<double>(out, d.language.runner_up_score);
    Put<uint8_t>(out, d.language.reliable);
  }
  PutString(out, d.signals_json);
  PutString(out, d.classifier_json);
  PutString(out, d.language_shares_json);
  PutString(out, d.rule);
  Put<double>(out, d.rule_value);
  Put<double>(out, d.rule_threshold);
}

bool NextIsAnalysed(std::string_view in) {
  return !in.empty() && static_cast<uint8_t>(in[0]) == kAnalysed;
}

bool GetAnalysis(std::string_view* in, const std::vector<RuleInfo>& rules, DocWork* d, RecordImage* image) {
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
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(offset + done));
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
    ssize_t n = ::pread(fd_, bytes->data() + done, e.size - done, static_cast<off_t>(e.offset + done));
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
