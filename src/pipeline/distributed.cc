#include "pipeline/distributed.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/stage_file.h"

namespace saring::pipeline {

namespace {

bool GetParagraphKeys(ByteReader* r, std::vector<ParagraphKey>* keys) {
  uint32_t n;
  if (!r->Get(&n) || r->remaining() / 20 < n) return false;
  keys->resize(n);
  for (ParagraphKey& k : *keys) {
    if (!r->Get(&k.hash) || !r->Get(&k.index) || !r->Get(&k.begin) || !r->Get(&k.end)) return false;
  }
  return true;
}

}  // namespace

bool ReadSignRecord(ByteReader* r, SignRecord* rec) {
  return r->Get(&rec->hash) && r->Get(&rec->length) && r->Get(&rec->key) &&
         r->GetString(&rec->id) && r->GetU32s(&rec->signature) && r->GetU32s(&rec->words) &&
         r->Get(&rec->archived) &&
         (!rec->archived || (r->GetString(&rec->archive_id) && r->Get(&rec->archive_similarity))) &&
         GetParagraphKeys(r, &rec->paragraphs) && r->GetString(&rec->text) &&
         ReadSubstringSign(r, &rec->substrings);
}

void AppendSignRecord(const DocWork& d, std::string* out, uint32_t paragraph_min_chars, bool text) {
  Put<uint64_t>(out, d.doc_hash);
  Put<uint64_t>(out, d.repair.kept_text.size());
  Put<int64_t>(out, d.survivor_key);
  PutString(out, d.parsed.id);
  Put<uint32_t>(out, static_cast<uint32_t>(d.signature.size()));
  out->append(reinterpret_cast<const char*>(d.signature.data()), d.signature.size() * 4);
  Put<uint32_t>(out, static_cast<uint32_t>(d.word_hashes.size()));
  out->append(reinterpret_cast<const char*>(d.word_hashes.data()), d.word_hashes.size() * 4);
  // 0: no archive match; else 1 + the SimilarityKind of the match (SignRecord::archive_kind).
  Put<uint8_t>(
      out, d.archive_match ? static_cast<uint8_t>(1 + static_cast<uint8_t>(d.archive_kind)) : 0);
  if (d.archive_match) {
    PutString(out, d.archive_id);
    Put<double>(out, d.archive_similarity);
  }
  const size_t count_at = out->size();
  uint32_t count = 0;
  Put<uint32_t>(out, 0);
  if (paragraph_min_chars != kNoParagraphs) {
    const std::vector<Paragraph>& ps = d.repair.paragraphs;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (ps[i].removed || ps[i].normalized_end - ps[i].normalized_begin < paragraph_min_chars)
        continue;
      Put<uint64_t>(out, ps[i].hash);
      Put<uint32_t>(out, static_cast<uint32_t>(i));
      Put<uint32_t>(out, ps[i].begin);
      Put<uint32_t>(out, ps[i].end);
      ++count;
    }
  }
  std::memcpy(out->data() + count_at, &count, 4);
  PutString(out, text ? std::string_view(d.shingle_text) : std::string_view());
  AppendSubstringSign(d, out);
}

std::string SignFilePath(const std::string& folder, size_t input) {
  return fmt::format("{}/{:05}.bin", folder, input);
}

Status SignSink::WriteOut(size_t input, bool last) {
  if (started_.size() < buffers_.size()) {
    started_.resize(buffers_.size(), false);
    totals_.resize(buffers_.size(), 0);
  }
  const std::string path = SignFilePath(folder_, input) + ".tmp";
  std::string out = started_[input] ? "" : StageFileHeader(StageFileKind::kSignatures);
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (started_[input] ? O_APPEND : O_TRUNC);
  std::string& b = buffers_[input];
  if (!b.empty()) AppendStageBlock(b, &out);
  totals_[input] += b.size();
  std::string().swap(b);
  if (last) AppendStageEnd(totals_[input], &out);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0)
    return Status::IoError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  started_[input] = true;
  for (size_t done = 0; done < out.size();) {
    ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status s = Status::IoError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0
             ? Status::Ok()
             : Status::IoError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
}

Status SignSink::AfterBatch(size_t input) {
  if (folder_.empty() || buffers_[input].size() < (4u << 20)) return Status::Ok();
  return WriteOut(input, /*last=*/false);
}

Status SignSink::Finish(const std::vector<size_t>& shard) {
  if (folder_.empty()) return Status::Ok();
  for (size_t input : shard) {
    SARING_RETURN_IF_ERROR(WriteOut(input, /*last=*/true));
    const std::string path = SignFilePath(folder_, input);
    if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0) {
      return Status::IoError(fmt::format("cannot rename {}.tmp: {}", path, std::strerror(errno)));
    }
  }
  return Status::Ok();
}

SignRecordReader::SignRecordReader(const std::string* bytes)
    : blocks_(std::make_unique<RecordBlocks>(bytes)) {}

SignRecordReader::SignRecordReader(std::string path)
    : blocks_(std::make_unique<RecordBlocks>(std::move(path), StageFileKind::kSignatures)) {}

SignRecordReader::~SignRecordReader() = default;

Result<bool> SignRecordReader::Next(SignRecord* rec) {
  SARING_ASSIGN_OR_RETURN(bool more, blocks_->Fill());
  if (!more) return false;
  ByteReader r(blocks_->bytes(), blocks_->at());
  if (!ReadSignRecord(&r, rec)) {
    return Status::Corruption(
        blocks_->path() == nullptr
            ? std::string("signatures are cut short")
            : fmt::format("{}: a block ends inside a signature record", *blocks_->path()));
  }
  blocks_->set_at(r.at());
  return true;
}

void AppendDecision(const DedupDecision& d, std::string* out) {
  Put<uint8_t>(out, static_cast<uint8_t>(d.kind));
  PutString(out, d.duplicate_of);
  Put<double>(out, d.similarity);
  Put<uint8_t>(out, static_cast<uint8_t>(d.similarity_kind));
  Put<uint64_t>(out, d.cluster_id);
  Put<uint32_t>(out, d.cluster_size);
  Put<uint8_t>(out, d.cluster_head);
  Put<uint8_t>(out, d.archived);
  Put<uint32_t>(out, static_cast<uint32_t>(d.paragraphs.size()));
  for (const ParagraphDup& p : d.paragraphs) {
    Put<uint32_t>(out, p.index);
    Put<uint32_t>(out, p.first_begin);
    Put<uint32_t>(out, p.first_end);
    PutString(out, p.duplicate_of);
  }
  AppendSubstringCuts(d.substrings, out);
}

bool ReadDecision(const std::string& bytes, size_t* at, DedupDecision* d) {
  ByteReader r(bytes, *at);
  uint8_t kind, exact, head;
  if (!r.Get(&kind) || kind > 3 || !r.GetString(&d->duplicate_of) || !r.Get(&d->similarity) ||
      !r.Get(&exact) || exact > 3 || !r.Get(&d->cluster_id) || !r.Get(&d->cluster_size) ||
      !r.Get(&head)) {
    return false;
  }
  uint8_t archived;
  uint32_t paragraphs;
  if (!r.Get(&archived) || archived > 1 || !r.Get(&paragraphs) || r.remaining() / 16 < paragraphs)
    return false;
  d->paragraphs.resize(paragraphs);
  for (ParagraphDup& p : d->paragraphs) {
    if (!r.Get(&p.index) || !r.Get(&p.first_begin) || !r.Get(&p.first_end) ||
        !r.GetString(&p.duplicate_of)) {
      return false;
    }
  }
  if (!ReadSubstringCuts(&r, &d->substrings)) return false;
  d->kind = static_cast<DecisionKind>(kind);
  d->similarity_kind = static_cast<SimilarityKind>(exact);
  d->cluster_head = head;
  d->archived = archived;
  *at = r.at();
  return true;
}

void SetFate(const DedupDecision& dd, DocWork* d) {
  switch (dd.kind) {
    case DecisionKind::kKept:
      d->cluster_id = dd.cluster_id;
      d->cluster_size = dd.cluster_size;
      d->cluster_head = dd.cluster_head;
      return;
    case DecisionKind::kExactDuplicate:
      d->fate = DocFate::kRemoved;
      d->reason = RemovalReason::kExactDuplicate;
      d->duplicate_of = dd.duplicate_of;
      d->archive_match = dd.archived;  // as the signing pass of `saring run` found it
      return;
    case DecisionKind::kArchived: d->archive_match = true; [[fallthrough]];
    case DecisionKind::kNearDuplicate:
      d->fate = DocFate::kRemoved;
      d->reason = RemovalReason::kNearDuplicate;
      d->near_dup_removed = true;
      d->duplicate_of = dd.duplicate_of;
      d->similarity = dd.similarity;
      d->similarity_kind = dd.similarity_kind;
      d->cluster_id = dd.cluster_id;
      d->cluster_size = dd.cluster_size;
      return;
  }
}

}  // namespace saring::pipeline

// ---------------------------------------------------------------------------- partial stats

namespace saring::pipeline {
namespace {

void PutMap(std::string* out, const std::map<std::string, uint64_t>& m) {
  Put<uint32_t>(out, static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : m) {
    PutString(out, k);
    Put<uint64_t>(out, v);
  }
}

bool GetMap(ByteReader* r, std::map<std::string, uint64_t>* m) {
  uint32_t n;
  if (!r->Get(&n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    std::string k;
    uint64_t v;
    if (!r->GetString(&k) || !r->Get(&v)) return false;
    (*m)[k] = v;
  }
  return true;
}

void AddMap(const std::map<std::string, uint64_t>& from, std::map<std::string, uint64_t>* to) {
  for (const auto& [k, v] : from) (*to)[k] += v;
}

constexpr uint32_t kStatsMagic = 0x53544154;  // "STAT"

}  // namespace

std::string SerializeStats(const RunStats& s) {
  std::string out;
  Put<uint32_t>(&out, kStatsMagic);
  Put<uint32_t>(&out, static_cast<uint32_t>(s.files.size()));
  for (const FileLedger& f : s.files) {
    PutString(&out, f.path);
    Put<uint64_t>(&out, f.counts.records);
    Put<uint64_t>(&out, f.counts.kept);
    PutMap(&out, f.counts.removed);
    PutMap(&out, f.counts.quarantined);
    Put<uint64_t>(&out, f.counts.bytes_in);
    Put<uint64_t>(&out, f.counts.bytes_kept);
    Put<uint32_t>(&out, static_cast<uint32_t>(f.errors.size()));
    for (const std::string& e : f.errors) PutString(&out, e);
    Put<uint64_t>(&out, f.blank_lines);
    PutMap(&out, f.skipped_records);
  }
  Put<uint32_t>(&out, static_cast<uint32_t>(s.spans_removed.size()));
  for (const auto& [k, c] : s.spans_removed) {
    PutString(&out, k);
    Put<uint64_t>(&out, c.spans);
    Put<uint64_t>(&out, c.bytes);
  }
  PutMap(&out, s.stage_removed);
  Put<uint32_t>(&out, static_cast<uint32_t>(s.filters.size()));
  for (const auto& [k, c] : s.filters) {
    PutString(&out, k);
    Put<uint64_t>(&out, c.checked);
    Put<uint64_t>(&out, c.removed);
    PutMap(&out, c.by_cause);
  }
  PutMap(&out, s.languages);
  Put<uint64_t>(&out, s.documents_with_spans_removed);
  return out;
}

Result<RunStats> ParseStats(std::string_view bytes) {
  RunStats s;
  ByteReader r(bytes, 0);
  uint32_t magic, files;
  bool ok = r.Get(&magic) && magic == kStatsMagic && r.Get(&files);
  for (uint32_t i = 0; ok && i < files; ++i) {
    FileLedger f;
    uint32_t errors;
    ok = r.GetString(&f.path) && r.Get(&f.counts.records) && r.Get(&f.counts.kept) &&
         GetMap(&r, &f.counts.removed) && GetMap(&r, &f.counts.quarantined) &&
         r.Get(&f.counts.bytes_in) && r.Get(&f.counts.bytes_kept) && r.Get(&errors);
    for (uint32_t e = 0; ok && e < errors; ++e) {
      std::string msg;
      ok = r.GetString(&msg);
      f.errors.push_back(std::move(msg));
    }
    ok = ok && r.Get(&f.blank_lines) && GetMap(&r, &f.skipped_records);
    s.files.push_back(std::move(f));
  }
  uint32_t n = 0;
  ok = ok && r.Get(&n);
  for (uint32_t i = 0; ok && i < n; ++i) {
    std::string k;
    SpanCount c;
    ok = r.GetString(&k) && r.Get(&c.spans) && r.Get(&c.bytes);
    s.spans_removed[k] = c;
  }
  ok = ok && GetMap(&r, &s.stage_removed) && r.Get(&n);
  for (uint32_t i = 0; ok && i < n; ++i) {
    std::string k;
    FilterCount c;
    ok = r.GetString(&k) && r.Get(&c.checked) && r.Get(&c.removed) && GetMap(&r, &c.by_cause);
    s.filters[k] = std::move(c);
  }
  ok = ok && GetMap(&r, &s.languages) && r.Get(&s.documents_with_spans_removed) && r.done();
  if (!ok) return Status::Corruption("partial run statistics are cut short or garbled");
  return s;
}

void MergeStats(const RunStats& part, RunStats* total) {
  if (total->files.size() < part.files.size()) total->files.resize(part.files.size());
  for (size_t i = 0; i < part.files.size(); ++i) {
    FileLedger& t = total->files[i];
    const FileLedger& p = part.files[i];
    if (t.path.empty()) t.path = p.path;
    t.counts.Add(p.counts);
    t.errors.insert(t.errors.end(), p.errors.begin(), p.errors.end());
    t.blank_lines += p.blank_lines;
    AddMap(p.skipped_records, &t.skipped_records);
  }
  for (const auto& [k, c] : part.spans_removed) {
    total->spans_removed[k].spans += c.spans;
    total->spans_removed[k].bytes += c.bytes;
  }
  AddMap(part.stage_removed, &total->stage_removed);
  for (const auto& [k, c] : part.filters) {
    FilterCount& t = total->filters[k];
    t.checked += c.checked;
    t.removed += c.removed;
    AddMap(c.by_cause, &t.by_cause);
  }
  AddMap(part.languages, &total->languages);
  total->documents_with_spans_removed += part.documents_with_spans_removed;
}

}  // namespace saring::pipeline
