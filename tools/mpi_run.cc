// `mpirun -np N saring run ...`: the run spread over MPI ranks (docs/distributed.md).
//
// Rank r handles the inputs i with i % N == r. With boilerplate.enabled, each rank first counts
// the lines of its inputs and the ranks learn the model together (LearnPart: counts partitioned
// by key, summed, the model sent to every rank). Each rank signs its inputs; the dedup decisions
// are taken by every rank together (saring/stages.h DecidePart: exact-dedup hashes partitioned by
// hash, near-dup band keys partitioned by hash and components merged across ranks, ids sent only
// for survivors of removed documents); with --update-index rank 0 writes the index of the
// survivors, which the other ranks stream to it; each rank writes its inputs' output shards into
// the shared output folder, and rank 0 merges the ledgers into stats.json. Nothing is gathered
// whole (except, for near_dup.verify=exact, the standing records' texts at rank 0): every message has a 64-bit size
// and travels in chunks of at most 1 GiB. Because shards never span inputs and each input's
// shards depend only on that input and the decisions, the output is byte-identical to a
// one-process run. Built only where Open MPI is installed (SARING_WITH_MPI).
#ifdef SARING_WITH_MPI

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mpi_run.h"
#include "saring/output_files.h"
#include "saring/report.h"
#include "saring/stages.h"

namespace saring::tools {
namespace {

// True on every rank if `ok` is true on every rank.
bool AllOk(bool ok) {
  int mine = ok ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
}

constexpr uint64_t kChunk = uint64_t{1} << 30;  // MPI counts are int: messages go in chunks
constexpr int kTagSize = 11, kTagChunk = 12, kTagAll = 13;

// PartExchange over MPI_COMM_WORLD, with 64-bit sizes.
class MpiExchange : public PartExchange {
 public:
  MpiExchange(int rank, int size) : rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  Result<std::vector<std::string>> AllToAll(std::vector<std::string> send) override {
    std::vector<uint64_t> sizes(size_), got_sizes(size_);
    for (int q = 0; q < size_; ++q) sizes[q] = send[q].size();
    MPI_Alltoall(sizes.data(), 1, MPI_UINT64_T, got_sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    std::vector<std::string> got(size_);
    for (int q = 0; q < size_; ++q) got[q].resize(got_sizes[q]);
    uint64_t longest = 0, rounds = 0;
    for (int q = 0; q < size_; ++q) longest = std::max({longest, sizes[q], got_sizes[q]});
    MPI_Allreduce(&longest, &rounds, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    rounds = (rounds + kChunk - 1) / kChunk;
    std::vector<MPI_Request> requests;
    for (uint64_t round = 0; round < rounds; ++round) {
      requests.clear();
      const uint64_t at = round * kChunk;
      for (int q = 0; q < size_; ++q) {
        if (got_sizes[q] <= at) continue;
        requests.emplace_back();
        MPI_Irecv(got[q].data() + at, Count(got_sizes[q] - at), MPI_BYTE, q, kTagAll,
                  MPI_COMM_WORLD, &requests.back());
      }
      for (int q = 0; q < size_; ++q) {
        if (sizes[q] <= at) continue;
        requests.emplace_back();
        MPI_Isend(send[q].data() + at, Count(sizes[q] - at), MPI_BYTE, q, kTagAll, MPI_COMM_WORLD,
                  &requests.back());
      }
      MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
    }
    return got;
  }

  bool AllOk(bool ok) override {
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return all != 0;
  }

  Status Send(int to, const std::string& bytes) override {
    uint64_t n = bytes.size();
    MPI_Send(&n, 1, MPI_UINT64_T, to, kTagSize, MPI_COMM_WORLD);
    for (uint64_t at = 0; at < n; at += kChunk) {
      MPI_Send(bytes.data() + at, Count(n - at), MPI_BYTE, to, kTagChunk, MPI_COMM_WORLD);
    }
    return Status::Ok();
  }

  Result<std::string> Receive(int from) override {
    uint64_t n = 0;
    MPI_Recv(&n, 1, MPI_UINT64_T, from, kTagSize, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::string bytes(n, '\0');
    for (uint64_t at = 0; at < n; at += kChunk) {
      MPI_Recv(bytes.data() + at, Count(n - at), MPI_BYTE, from, kTagChunk, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
    }
    return bytes;
  }

 private:
  static int Count(uint64_t left) { return static_cast<int>(std::min(left, kChunk)); }
  int rank_, size_;
};

Status Fail(int rank, const Status& s) {
  if (!s.ok()) fmt::print(stderr, "saring run (rank {}): {}\n", rank, s.message());
  return s;
}

}  // namespace

bool UnderMpi() {
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!size) size = std::getenv("PMI_SIZE");
  return size && std::atoi(size) > 1;
}

int RunUnderMpi(const RunOptions& options, bool quiet) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  auto finish = [&](int code) {
    MPI_Finalize();
    return code;
  };
  Result<std::vector<InputSpec>> inputs = ResolveInputs(options);
  if (!AllOk(Fail(rank, inputs.status()).ok())) return finish(kExitFailed);
  const size_t n = inputs->size();
  std::vector<size_t> mine;
  for (size_t i = rank; i < n; i += size) mine.push_back(i);

  Status s = rank == 0 ? PrepareOutput(options) : Status::Ok();
  if (!AllOk(Fail(rank, s).ok())) return finish(kExitFailed);

  // 1. Sign this rank's inputs. 2. Decide together; a rank that fails there may leave the
  // others waiting for it, so it ends the job.
  // The signatures go to files in the work folder (OUT/work unless run.work_dir is set), so
  // that no rank holds them in memory.
  MpiExchange exchange(rank, size);
  RunOptions o = options;
  const bool own_work = o.work_dir.empty();
  if (own_work) o.work_dir = o.output_dir + "/" + kWorkFolder;
  const std::string sign_folder = fmt::format("{}/sign", o.work_dir);
  std::string boilerplate;  // boilerplate.enabled: the model learned from every rank's counts
  if (o.boilerplate.enabled) {
    Result<std::string> counts = LearnInputs(o, mine);
    if (!AllOk(Fail(rank, counts.status()).ok())) return finish(kExitFailed);
    Result<std::string> model = LearnPart(o, *counts, &exchange);
    if (!model.ok()) {
      (void)Fail(rank, model.status());
      MPI_Abort(MPI_COMM_WORLD, kExitFailed);
      return kExitFailed;
    }
    boilerplate = std::move(model).value();
  }
  {
    Status signed_ok = SignInputsToFolder(o, mine, sign_folder, boilerplate);
    if (!AllOk(Fail(rank, signed_ok).ok())) return finish(kExitFailed);
    // The decisions stream into OUT/work/decisions (rank 0 then writes the index of the
    // survivors); the ranks agree on success before any goes on.
    Status decided = DecidePartToFolder(o, sign_folder, n, o.work_dir, &exchange);
    if (!decided.ok()) {
      (void)Fail(rank, decided);
      MPI_Abort(MPI_COMM_WORLD, kExitFailed);
      return kExitFailed;
    }
  }

  // 3. Each rank writes its inputs' shards; rank 0 merges the ledgers.
  Result<RunStats> stats = ApplyInputsFromFolder(options, mine, o.work_dir, boilerplate);
  if (!AllOk(Fail(rank, stats.status()).ok())) return finish(kExitFailed);
  // Each rank's ledger goes to rank 0 (a few hundred bytes an input).
  std::vector<std::string> ledgers;
  if (rank == 0) {
    ledgers.push_back(SerializeRunStats(*stats));
    for (int r = 1; r < size; ++r) ledgers.push_back(exchange.Receive(r).value());
  } else {
    (void)exchange.Send(0, SerializeRunStats(*stats));
  }
  s = Status::Ok();
  if (rank == 0) {
    std::vector<RunStats> all;
    for (const std::string& bytes : ledgers) {
      Result<RunStats> part = ParseRunStats(bytes);
      if (!part.ok()) {
        s = part.status();
        break;
      }
      all.push_back(std::move(part).value());
    }
    if (own_work) {
      std::error_code ec;
      std::filesystem::remove_all(o.work_dir, ec);
    }
    if (s.ok()) s = FinishRun(options, all);
    if (s.ok()) {
      ReportOptions ro;
      ro.id_field = options.id_field;
      ro.text_field = options.text_field;
      s = WriteReport(options.output_dir, ro).status();
    }
    if (s.ok() && !quiet) fmt::print("saring: {} ranks; output: {}\n", size, options.output_dir);
  }
  if (!AllOk(Fail(rank, s).ok())) return finish(kExitFailed);
  return finish(kExitOk);
}

}  // namespace saring::tools

#endif  // SARING_WITH_MPI
