// PartExchange through a shared folder (see folder_exchange.h).
#include "pipeline/folder_exchange.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "pipeline/distributed.h"
#include "pipeline/partitioned_decide.h"
#include "saring/file_util.h"

namespace saring::pipeline {

FolderExchange::FolderExchange(std::string folder, int rank, int parts)
    : folder_(std::move(folder)),
      rank_(rank),
      parts_(parts),
      sent_(parts, 0),
      received_(parts, 0) {}

std::string FolderExchange::Path(const std::string& kind, uint64_t seq, int from, int to) const {
  return fmt::format("{}/{}{}-{}-{}", folder_, kind, seq, from, to);
}

Result<std::string> FolderExchange::Take(const std::string& path) {
  auto wait = std::chrono::microseconds(100);
  for (;;) {
    Result<std::string> bytes = ReadFileToString(path);
    if (bytes.ok()) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      return bytes;
    }
    if (bytes.status().code() != StatusCode::kNotFound) return bytes.status();
    for (int q = 0; q < parts_; ++q) {
      Result<std::string> failed = ReadFileToString(fmt::format("{}/failed-{}", folder_, q));
      if (failed.ok()) {
        other_failure_ =
            Status::Aborted(fmt::format("partition {}/{} failed: {}", q, parts_, *failed));
        return other_failure_;
      }
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::microseconds(20000));
  }
}

Result<std::vector<std::string>> FolderExchange::AllToAll(std::vector<std::string> send) {
  const uint64_t round = round_++;
  for (int q = 0; q < parts_; ++q) {
    SARING_RETURN_IF_ERROR(WriteFileAtomically(Path("a", round, rank_, q), send[q]));
    std::string().swap(send[q]);
  }
  std::vector<std::string> got(parts_);
  for (int q = 0; q < parts_; ++q) {
    SARING_ASSIGN_OR_RETURN(got[q], Take(Path("a", round, q, rank_)));
  }
  return got;
}

bool FolderExchange::AllOk(bool ok) {
  Result<std::vector<std::string>> all =
      AllToAll(std::vector<std::string>(parts_, std::string(1, ok ? '1' : '0')));
  if (!all.ok()) return false;
  bool every = true;
  for (const std::string& s : *all) every &= s == "1";
  return every;
}

Status FolderExchange::Send(int to, const std::string& bytes) {
  return WriteFileAtomically(Path("p", sent_[to]++, rank_, to), bytes);
}

Result<std::string> FolderExchange::Receive(int from) {
  return Take(Path("p", received_[from]++, from, rank_));
}

void FolderExchange::Fail(const std::string& message) {
  (void)WriteFileAtomically(fmt::format("{}/failed-{}", folder_, rank_), message);
}

}  // namespace saring::pipeline

namespace saring {

namespace {

// Checks the partition and this part's sign files; a missing one fails the exchange.
Status StartPartition(const std::string& sign_folder, size_t inputs, int part, int parts,
                      pipeline::FolderExchange* exchange) {
  if (parts < 1 || part < 0 || part >= parts) {
    return Status::InvalidArgument(
        fmt::format("partition {}/{}: expected K/P with K < P", part, parts));
  }
  for (size_t i = part; i < inputs; i += parts) {
    const std::string path = pipeline::SignFilePath(sign_folder, i);
    if (::access(path.c_str(), R_OK) != 0) {
      Status missing =
          Status::NotFound(fmt::format("{} is missing (the signatures of input {})", path, i));
      exchange->Fail(missing.message());
      return missing;
    }
  }
  return Status::Ok();
}

}  // namespace

Status ClusterToFolder(const RunOptions& options, const std::string& work, size_t inputs, int part,
                       int parts) {
  const std::string sign_folder = work + "/sign";
  if (parts == 1 && part == 0) {
    pipeline::ThreadExchangeHub one(1);
    std::vector<size_t> all(inputs);
    for (size_t i = 0; i < inputs; ++i) all[i] = i;
    // Name the first missing file before reading any.
    SARING_RETURN_IF_ERROR(
        CheckStageInputs(work, StageFileKind::kSignatures, all, "`saring sign`"));
    return DecidePartToFolder(options, sign_folder, inputs, work, one.part(0));
  }
  const std::string exchange_folder = work + "/exchange";
  SARING_RETURN_IF_ERROR(CreateDirectories(exchange_folder));
  pipeline::FolderExchange exchange(exchange_folder, part, parts);
  SARING_RETURN_IF_ERROR(StartPartition(sign_folder, inputs, part, parts, &exchange));
  Status s = DecidePartToFolder(options, sign_folder, inputs, work, &exchange);
  if (s.ok()) return s;
  // The first failure, rather than its echo ("another part failed") here.
  if (!exchange.other_failure().ok()) return exchange.other_failure();
  exchange.Fail(s.message());
  return s;
}

Result<std::vector<std::string>> DecidePartitionThroughFolder(const RunOptions& options,
                                                              const std::string& sign_folder,
                                                              size_t inputs,
                                                              const std::string& exchange_folder,
                                                              int part, int parts) {
  SARING_RETURN_IF_ERROR(CreateDirectories(exchange_folder));
  pipeline::FolderExchange exchange(exchange_folder, part, parts);
  SARING_RETURN_IF_ERROR(StartPartition(sign_folder, inputs, part, parts, &exchange));
  auto decide = [&]() -> Result<std::vector<std::string>> {
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> decisions,
                            DecidePartFromFolder(options, sign_folder, inputs, &exchange));
    if (options.update_index || !options.build_index.empty()) {  // part 0 writes it
      SARING_RETURN_IF_ERROR(
          WriteIndexPartFromFolder(options, sign_folder, inputs, decisions, &exchange).status());
    }
    return decisions;
  };
  Result<std::vector<std::string>> decided = decide();
  if (decided.ok()) return decided;
  // The first failure, rather than its echo ("another part failed") here.
  if (!exchange.other_failure().ok()) return exchange.other_failure();
  exchange.Fail(decided.status().message());
  return decided;
}

}  // namespace saring
