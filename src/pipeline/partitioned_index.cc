#include "pipeline/partitioned_index.h"

#include <cstring>
#include <functional>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/decider.h"
#include "pipeline/decision_files.h"
#include "pipeline/distributed.h"
#include "pipeline/output_folder.h"
#include "saring/stages.h"

namespace saring::pipeline {

Result<uint64_t> WriteSurvivorIndex(const DedupIndexParams& params, const DedupIndex* archive,
                                    const std::vector<std::string>& ids,
                                    std::vector<uint32_t> signatures, const DedupIndexWords* words,
                                    const std::string& path) {
  std::optional<DedupIndex> index;
  if (archive != nullptr && words != nullptr) {
    SARING_ASSIGN_OR_RETURN(index,
                            archive->WithAppended(ids, signatures.data(), ids.size(), *words));
  } else if (archive != nullptr) {
    SARING_ASSIGN_OR_RETURN(index, archive->WithAppended(ids, signatures.data(), ids.size()));
  } else if (words != nullptr) {
    SARING_ASSIGN_OR_RETURN(index, DedupIndex::Build(params, ids, std::move(signatures), *words));
  } else {
    SARING_ASSIGN_OR_RETURN(index, DedupIndex::Build(params, ids, std::move(signatures)));
  }
  SARING_RETURN_IF_ERROR(index->Write(path));
  return index->size();
}

namespace {

constexpr size_t kChunkBytes = 4 << 20;
constexpr char kMore = 0, kLast = 1;

// The survivors of input i: (id, signature, word hashes) of each sign record the decisions keep.
Status Survivors(size_t input, SignRecordReader* records, DecisionReader* decisions,
                 const std::function<Status(std::string*, bool)>& emit) {
  std::string chunk(1, kMore);
  SignRecord rec;
  DedupDecision dd;
  for (;;) {
    Result<bool> more = records->Next(&rec);
    if (!more.ok()) {
      return Status(more.status().code(),
                    fmt::format("input {}: {}", input, more.status().message()));
    }
    if (!*more) break;
    SARING_ASSIGN_OR_RETURN(bool decided, decisions->Next(&dd));
    if (!decided) {
      return Status::Corruption(
          fmt::format("the decisions of input {} end before its signatures", input));
    }
    if (dd.kind != DecisionKind::kKept) continue;
    PutString(&chunk, rec.id);
    chunk.append(reinterpret_cast<const char*>(rec.signature.data()), rec.signature.size() * 4);
    Put<uint32_t>(&chunk, static_cast<uint32_t>(rec.words.size()));
    chunk.append(reinterpret_cast<const char*>(rec.words.data()), rec.words.size() * 4);
    if (chunk.size() < kChunkBytes) continue;
    SARING_RETURN_IF_ERROR(emit(&chunk, false));
    chunk.assign(1, kMore);
  }
  chunk[0] = kLast;
  return emit(&chunk, true);
}

}  // namespace

Result<uint64_t> WriteIndexOfParts(const RunOptions& options_in, const IndexSources& sources,
                                   size_t inputs, PartExchange* ex, bool* exchanged) {
  const int parts = ex->size(), rank = ex->rank();
  if (exchanged != nullptr) *exchanged = false;
  if (rank != 0) {
    for (size_t i = rank; i < inputs; i += parts) {
      SARING_RETURN_IF_ERROR(
          Survivors(i, sources.signatures(i).get(), sources.decisions(i).get(),
                    [&](std::string* chunk, bool) { return ex->Send(0, *chunk); }));
    }
    if (exchanged != nullptr) *exchanged = true;
    return uint64_t{0};
  }
  RunOptions options = options_in;
  if (options.work_dir.empty()) {  // no /tmp default: OUT/work, else refused
    bool owned = false;
    SARING_ASSIGN_OR_RETURN(options.work_dir, WorkFolder(options, &owned));
  }
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<NearDupState> nd, NearDupState::Create(options));
  const DedupIndexParams params = nd->IndexParams();
  const uint32_t k = params.num_perm;
  nd.reset();
  std::vector<std::string> ids;
  std::vector<uint32_t> signatures;
  DedupIndexWords words;  // near_dup.verify=align: the index holds them, as one run's does
  std::vector<uint32_t> doc_words;
  auto add = [&](size_t input, const std::string& bytes) -> Status {
    ByteReader r(bytes, 1);
    while (!r.done()) {
      if (!r.GetString(&ids.emplace_back()) || r.remaining() < size_t{k} * 4) {
        return Status::Corruption(fmt::format("input {}: garbled index survivors", input));
      }
      const size_t at = signatures.size();
      signatures.resize(at + k);
      std::memcpy(signatures.data() + at, bytes.data() + r.at(), size_t{k} * 4);
      r = ByteReader(bytes, r.at() + size_t{k} * 4);
      if (!r.GetU32s(&doc_words)) {
        return Status::Corruption(fmt::format("input {}: garbled index survivors", input));
      }
      words.Add(doc_words);
    }
    return Status::Ok();
  };
  for (size_t i = 0; i < inputs; ++i) {
    const int owner = static_cast<int>(i % parts);
    if (owner == 0) {
      SARING_RETURN_IF_ERROR(Survivors(i, sources.signatures(i).get(), sources.decisions(i).get(),
                                       [&](std::string* chunk, bool) { return add(i, *chunk); }));
      continue;
    }
    for (bool last = false; !last;) {
      SARING_ASSIGN_OR_RETURN(std::string got, ex->Receive(owner));
      if (got.empty()) return Status::Corruption("an empty message of index survivors");
      last = got[0] == kLast;
      SARING_RETURN_IF_ERROR(add(i, got));
    }
  }
  if (exchanged != nullptr) *exchanged = true;  // what follows is this part's alone
  std::optional<DedupIndex> archive;
  if (options.update_index) {
    SARING_ASSIGN_OR_RETURN(archive, DedupIndex::Load(options.against_index));
  }
  const std::string& path = options.update_index ? options.against_index : options.build_index;
  const bool with_words = options.near_dup.verify == NearDupVerify::kAlign;
  return WriteSurvivorIndex(params, archive ? &*archive : nullptr, ids, std::move(signatures),
                            with_words ? &words : nullptr, path);
}

Status WriteIndexFromDecisionFiles(const RunOptions& options, const std::string& sign_folder,
                                   const std::string& work, size_t inputs, PartExchange* exchange,
                                   bool* exchanged) {
  IndexSources sources;
  sources.signatures = [&](size_t i) {
    return std::make_unique<SignRecordReader>(SignFilePath(sign_folder, i));
  };
  sources.decisions = [&](size_t i) {
    return std::make_unique<DecisionReader>(DecisionFilePath(work, i));
  };
  return WriteIndexOfParts(options, sources, inputs, exchange, exchanged).status();
}

}  // namespace saring::pipeline

namespace saring {

namespace {

// Index sources over signatures given as files in `folder` or bytes, and decisions in memory.
pipeline::IndexSources InMemoryDecisions(const std::vector<std::string>* signatures,
                                         const std::string* folder,
                                         const std::vector<std::string>& decisions) {
  pipeline::IndexSources sources;
  sources.signatures = [=](size_t i) {
    return folder != nullptr
               ? std::make_unique<pipeline::SignRecordReader>(pipeline::SignFilePath(*folder, i))
               : std::make_unique<pipeline::SignRecordReader>(&(*signatures)[i]);
  };
  sources.decisions = [&decisions](size_t i) {
    return std::make_unique<pipeline::DecisionReader>(&decisions[i]);
  };
  return sources;
}

}  // namespace

Result<uint64_t> WriteIndexPart(const RunOptions& options,
                                const std::vector<std::string>& signatures,
                                const std::vector<std::string>& decisions, PartExchange* exchange) {
  return pipeline::WriteIndexOfParts(options, InMemoryDecisions(&signatures, nullptr, decisions),
                                     signatures.size(), exchange, nullptr);
}

Result<uint64_t> WriteIndexPartFromFolder(const RunOptions& options, const std::string& folder,
                                          size_t inputs, const std::vector<std::string>& decisions,
                                          PartExchange* exchange) {
  return pipeline::WriteIndexOfParts(options, InMemoryDecisions(nullptr, &folder, decisions),
                                     inputs, exchange, nullptr);
}

}  // namespace saring
