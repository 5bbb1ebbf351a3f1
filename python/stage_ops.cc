// The stage operations. Each mirrors one part of the pipeline (src/pipeline/): SignShard the
// record parsing and DocAnalyzer's signing pass, Cluster the Decider's exact dedup and near-dup
// ordinals plus NearDupDetector, ApplyShard the final pass's keep/drop. Records are identified by
// (shard index, ordinal of the record in its file), which RecordReader makes deterministic.
#include "stage_ops.h"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "doc_signer.h"
#include "saring/file_util.h"
#include "saring/input.h"
#include "saring/record_reader.h"
#include "signature_file.h"

namespace saring::python {
namespace {

// A JSON pointer to the top-level member `name` (RFC 6901 escaping), as the pipeline builds it.
std::string PointerTo(std::string_view name) {
  std::string p = "/";
  for (char c : name) {
    if (c == '~') p += "~0";
    else if (c == '/') p += "~1";
    else p += c;
  }
  return p;
}

// The id of a record as the pipeline spells it: strings as they are, numbers in their JSON form.
std::string IdToString(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e.get_string().value_unsafe()));
    case simdjson::dom::element_type::INT64:
      return std::to_string(int64_t(e.get_int64().value_unsafe()));
    case simdjson::dom::element_type::UINT64:
      return std::to_string(uint64_t(e.get_uint64().value_unsafe()));
    case simdjson::dom::element_type::DOUBLE:
      return simdjson::minify(e);
    case simdjson::dom::element_type::BOOL:
      return bool(e.get_bool().value_unsafe()) ? "true" : "false";
    default:
      return "";
  }
}

// Parses a record's id and text; false when the pipeline would quarantine it. `line` is followed
// by kRecordPadding readable bytes (RecordBatch guarantees it).
bool ParseRecord(simdjson::dom::parser* parser, std::string_view line, const std::string& id_ptr,
                 const std::string& text_ptr, std::string* id, std::string_view* text) {
  simdjson::dom::element doc, t, i;
  if (parser->parse(line.data(), line.size(), false).get(doc) || !doc.is_object()) return false;
  if (doc.at_pointer(text_ptr).get(t) || !t.is_string()) return false;
  *text = t.get_string().value_unsafe();
  if (text->find('\0') != std::string_view::npos) return false;
  if (!doc.at_pointer(id_ptr).get(i) && !i.is_null()) *id = IdToString(i);
  return true;
}

InputSpec JsonlInput(const std::string& path) { return InputSpec{path, InputKind::kJsonl, {path}}; }

// Calls fn(ordinal, RecordRef, bytes) for every record of a JSONL file, in order.
template <class Fn>
Status ForEachRecord(const std::string& path, const ReaderOptions& options, Fn fn) {
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                          RecordReader::Open(JsonlInput(path), options));
  RecordBatch batch;
  uint64_t ordinal = 0;
  while (true) {
    SARING_ASSIGN_OR_RETURN(bool more, reader->NextBatch(&batch));
    if (!more) return Status::Ok();
    for (const RecordRef& r : batch.records) {
      SARING_RETURN_IF_ERROR(fn(ordinal++, r, std::string_view(batch.data.data() + r.begin, r.length)));
    }
  }
}

NearDupOptions NearDupOptionsFrom(const RunOptions& o) {
  NearDupOptions nd;
  nd.ngram = o.near_dup_ngram;
  nd.char_ngrams = o.near_dup_char_ngrams;
  nd.num_perm = o.near_dup_num_perm;
  nd.bands = o.near_dup_bands;
  nd.rows = o.near_dup_rows;
  nd.threshold = o.near_dup_threshold;
  nd.survivor = o.near_dup_survivor;
  nd.memory_budget_bytes = o.near_dup_memory_budget_bytes;
  nd.work_dir = o.work_dir;
  return nd;
}

SignatureParams ParamsFor(const MinHasher& h) {
  return {kMinHashSchemeId, h.options().seed, h.num_perm(), h.options().shingles.ngram,
          h.options().shingles.char_ngrams};
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append(fmt::format("\\u{:04x}", u));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// Where a record sits: its shard and its index in that shard's records.
struct RecordAt {
  uint32_t shard;
  uint32_t record;
};

// The sequential stage's decisions for one record that is not kept.
struct Removal {
  RecordAt at;
  std::string_view reason;
  RecordAt duplicate_of;
  bool near = false;
  NearDupDetector::Decision decision{};
};

}  // namespace

Status CheckStageOptions(const RunOptions& o) {
  auto unsupported = [](std::string_view what) {
    return Status::InvalidArgument(fmt::format(
        "{} is not supported by the stage functions (sign_shard/cluster/apply); use saring.run",
        what));
  };
  if (o.boilerplate) return unsupported("boilerplate.enabled");
  if (!o.languages.empty()) return unsupported("language.keep");
  if (o.quality_mode == "filter") return unsupported("quality.mode=filter");
  if (o.paragraph_dedup) return unsupported("dedup.paragraphs");
  if (o.near_dup_verify != "estimate") return unsupported("near_dup.verify=" + o.near_dup_verify);
  if (o.near_dup_survivor != "first" && o.near_dup_survivor != "longest") {
    return unsupported("near_dup.survivor=" + o.near_dup_survivor);
  }
  return Status::Ok();
}

Status SignShard(const RunOptions& options, const std::string& input_path,
                 const std::string& out_path, SignShardSummary* summary) {
  SARING_RETURN_IF_ERROR(CheckStageOptions(options));
  SARING_ASSIGN_OR_RETURN(MinHasher hasher,
                          MinHasher::Create(MinHashOptionsFor(NearDupOptionsFrom(options))));
  DocSigner signer(&hasher, PipelineRepairOptions(options.repair, options.repair_options));
  simdjson::dom::parser parser;
  const std::string id_ptr = PointerTo(options.id_field), text_ptr = PointerTo(options.text_field);
  const std::string stem = std::filesystem::path(input_path).stem().string();
  SignatureShard shard;
  shard.params = ParamsFor(hasher);
  std::vector<uint32_t> signature(hasher.num_perm());
  *summary = {};
  Status s = ForEachRecord(input_path, options.reader, [&](uint64_t, const RecordRef& r,
                                                           std::string_view bytes) {
    SignatureRecord rec;
    rec.line = r.line;
    rec.id = fmt::format("{}:{}", stem, r.line);  // the pipeline's id for a record without one
    std::string_view text;
    ++summary->records;
    if (r.status != RecordStatus::kOk ||
        !ParseRecord(&parser, bytes, id_ptr, text_ptr, &rec.id, &text)) {
      rec.status = SignedStatus::kQuarantined;
      ++summary->quarantined;
    } else {
      SignedDoc d = signer.Sign(text, signature.data());
      rec.status = d.status;
      rec.doc_hash = d.doc_hash;
      rec.kept_bytes = d.kept_bytes;
      (d.status == SignedStatus::kSigned ? summary->signed_docs : summary->empty) += 1;
    }
    shard.Add(std::move(rec), signature.data());
    return Status::Ok();
  });
  SARING_RETURN_IF_ERROR(s);
  return WriteFileAtomically(out_path, EncodeSignatureShard(shard));
}

namespace {

// Appends one decisions line for `r`.
void AppendDecision(const std::vector<SignatureShard>& shards, const Removal& r,
                    std::string* out) {
  const SignatureRecord& rec = shards[r.at.shard].records[r.at.record];
  out->append(fmt::format("{{\"shard\":{},\"record\":{},\"line\":{},\"id\":", r.at.shard,
                          r.at.record, rec.line));
  AppendJsonString(rec.id, out);
  out->append(",\"reason\":");
  AppendJsonString(r.reason, out);
  if (r.reason == "exact_duplicate" || r.near) {
    out->append(",\"duplicate_of\":");
    AppendJsonString(shards[r.duplicate_of.shard].records[r.duplicate_of.record].id, out);
  }
  if (r.near) {
    out->append(fmt::format(",\"similarity\":{:.4f},\"cluster_id\":{},\"cluster_size\":{}",
                            r.decision.similarity, r.decision.cluster_id,
                            r.decision.cluster_size));
  }
  out->append("}\n");
}

Result<std::vector<SignatureShard>> LoadShards(const std::vector<std::string>& paths,
                                               const SignatureParams& expected) {
  std::vector<SignatureShard> shards;
  for (const std::string& path : paths) {
    SARING_ASSIGN_OR_RETURN(std::string data, ReadFileToString(path));
    SARING_ASSIGN_OR_RETURN(SignatureShard shard, DecodeSignatureShard(data, path));
    if (!(shard.params == expected)) {
      return Status::InvalidArgument(fmt::format(
          "{} was signed with other parameters (num_perm {}, ngram {}, seed {}) than the "
          "settings ask for (num_perm {}, ngram {}, seed {}); sign it again with the same "
          "near_dup.* settings", path, shard.params.num_perm, shard.params.ngram,
          shard.params.seed, expected.num_perm, expected.ngram, expected.seed));
    }
    if (shard.records.size() > UINT32_MAX) {
      return Status::ResourceExhausted(path + ": more than 2^32 - 1 records in one shard");
    }
    shards.push_back(std::move(shard));
  }
  return shards;
}

}  // namespace

Status Cluster(const RunOptions& options, const std::vector<std::string>& signature_paths,
               const std::string& out_path, ClusterSummary* summary) {
  SARING_RETURN_IF_ERROR(CheckStageOptions(options));
  NearDupOptions nd = NearDupOptionsFrom(options);
  if (nd.work_dir.empty()) {  // spill beside the decisions file unless run.work_dir says where
    size_t slash = out_path.find_last_of('/');
    nd.work_dir = slash == std::string::npos ? "." : out_path.substr(0, std::max<size_t>(slash, 1));
  }
  SARING_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(MinHashOptionsFor(nd)));
  SARING_ASSIGN_OR_RETURN(std::vector<SignatureShard> shards,
                          LoadShards(signature_paths, ParamsFor(hasher)));
  std::unique_ptr<NearDupDetector> detector;
  if (options.near_dup) {
    SARING_ASSIGN_OR_RETURN(detector, NearDupDetector::Create(nd));
  }
  std::unordered_map<uint64_t, RecordAt> seen;  // exact dedup: first record of each text hash
  std::vector<RecordAt> near_ordinals;          // near-dup ordinal -> record
  std::vector<Removal> removals;
  *summary = {};
  for (uint32_t s = 0; s < shards.size(); ++s) {
    for (uint32_t i = 0; i < shards[s].records.size(); ++i) {
      const SignatureRecord& rec = shards[s].records[i];
      ++summary->records;
      if (rec.status != SignedStatus::kSigned) {
        removals.push_back({{s, i}, SignedStatusReason(rec.status), {}, false, {}});
        continue;
      }
      if (options.exact_dedup) {
        auto [it, inserted] = seen.try_emplace(rec.doc_hash, RecordAt{s, i});
        if (!inserted) {
          removals.push_back({{s, i}, "exact_duplicate", it->second, false, {}});
          continue;
        }
        if (seen.size() * 32 > options.dedup_memory_budget_bytes) {
          return Status::ResourceExhausted(fmt::format(
              "exact dedup needs more than its budget of {} MiB; raise dedup.memory_budget",
              options.dedup_memory_budget_bytes >> 20));
        }
      }
      if (detector) {
        SARING_RETURN_IF_ERROR(detector->Add(near_ordinals.size(), shards[s].signature(rec),
                                             rec.kept_bytes, 0));
        near_ordinals.push_back({s, i});
      }
    }
  }
  if (detector) {
    SARING_RETURN_IF_ERROR(detector->Finish());
    for (uint64_t n = 0; n < near_ordinals.size(); ++n) {
      NearDupDetector::Decision d = detector->Get(n);
      if (d.removed) {
        removals.push_back({near_ordinals[n], "near_duplicate", near_ordinals[d.survivor], true, d});
      }
    }
    summary->near_dup = detector->stats();
    summary->lsh = detector->lsh_params();
  }
  std::sort(removals.begin(), removals.end(), [](const Removal& a, const Removal& b) {
    return a.at.shard != b.at.shard ? a.at.shard < b.at.shard : a.at.record < b.at.record;
  });
  std::string out = fmt::format("{{\"format\":\"saring-decisions\",\"version\":{},\"shards\":[",
                                kDecisionsFormatVersion);
  for (size_t s = 0; s < shards.size(); ++s) {
    out.append(s ? ",{\"signatures\":" : "{\"signatures\":");
    AppendJsonString(signature_paths[s], &out);
    out.append(fmt::format(",\"records\":{}}}", shards[s].records.size()));
  }
  out.append("]}\n");
  for (const Removal& r : removals) {
    AppendDecision(shards, r, &out);
    summary->removed[std::string(r.reason)] += 1;
  }
  summary->kept = summary->records - removals.size();
  return WriteFileAtomically(out_path, out);
}

namespace {

// A plain output file written to "<path>.tmp" and renamed into place by Close().
class OutputFile {
 public:
  ~OutputFile() {
    if (file_) std::fclose(file_);
  }
  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen((path + ".tmp").c_str(), "wb");
    return file_ ? Status::Ok() : Error("cannot create");
  }
  Status Write(std::string_view line) {
    if (!file_) return Status::Ok();
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() ||
        std::fputc('\n', file_) == EOF) {
      return Error("cannot write");
    }
    return Status::Ok();
  }
  Status Close() {
    if (!file_) return Status::Ok();
    bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok) return Error("cannot write");
    std::error_code ec;
    std::filesystem::rename(path_ + ".tmp", path_, ec);
    return ec ? Status::IoError(fmt::format("cannot rename {}.tmp: {}", path_, ec.message()))
              : Status::Ok();
  }

 private:
  Status Error(std::string_view what) {
    return Status::IoError(fmt::format("{} {}: {}", what, path_, std::strerror(errno)));
  }
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace

Status ApplyShard(const RunOptions& options, const std::string& input_path,
                  const std::vector<uint64_t>& dropped, uint64_t expected_records,
                  const std::string& out_path, const std::string& removed_path,
                  ApplySummary* summary) {
  OutputFile kept, removed;
  SARING_RETURN_IF_ERROR(kept.Open(out_path));
  if (!removed_path.empty()) SARING_RETURN_IF_ERROR(removed.Open(removed_path));
  *summary = {};
  size_t next = 0;
  SARING_RETURN_IF_ERROR(ForEachRecord(input_path, options.reader, [&](uint64_t ordinal,
                                                                       const RecordRef&,
                                                                       std::string_view bytes) {
    ++summary->records;
    bool drop = next < dropped.size() && dropped[next] == ordinal;
    next += drop;
    (drop ? summary->dropped : summary->kept) += 1;
    return drop ? removed.Write(bytes) : kept.Write(bytes);
  }));
  if (summary->records != expected_records || next != dropped.size()) {
    return Status::FailedPrecondition(fmt::format(
        "{} has {} records but was signed with {}; it changed since sign_shard ran", input_path,
        summary->records, expected_records));
  }
  SARING_RETURN_IF_ERROR(kept.Close());
  return removed.Close();
}

}  // namespace saring::python
