// `mpirun -np N saring run ...`: the run spread over MPI ranks (docs/distributed.md).
//
// Rank r handles the inputs i with i % N == r. Each rank signs its inputs; the signatures are
// gathered on rank 0, which takes every dedup decision in input order (exact dedup, archive,
// near-dup clusters; the memory this needs is that of one process's signing pass: about 450
// bytes per document for K = 112 plus the ids, spilled past near_dup.memory_budget); each rank
// gets back the decisions of its inputs and writes their output shards into the shared output
// folder; rank 0 merges the ledgers into stats.json. Because shards never span inputs and each
// input's shards depend only on that input and the decisions, the output is byte-identical to a
// one-process run. Built only where Open MPI is installed (SARING_WITH_MPI).
#ifdef SARING_WITH_MPI

#include <mpi.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mpi_run.h"
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

// Gathers each rank's bytes on rank 0 (empty elsewhere), ordered by rank.
std::vector<std::string> Gather(const std::string& mine, int rank, int size) {
  int n = static_cast<int>(mine.size());
  std::vector<int> counts(size), displs(size);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank == 0) {
    int total = 0;
    for (int r = 0; r < size; ++r) {
      displs[r] = total;
      total += counts[r];
    }
    all.resize(total);
  }
  MPI_Gatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, 0,
              MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (rank == 0) {
    for (int r = 0; r < size; ++r) out.push_back(all.substr(displs[r], counts[r]));
  }
  return out;
}

// Rank 0 sends parts[r] to rank r; returns this rank's part.
std::string Scatter(const std::vector<std::string>& parts, int rank, int size) {
  std::vector<int> counts(size), displs(size);
  std::string all;
  if (rank == 0) {
    for (int r = 0; r < size; ++r) {
      displs[r] = static_cast<int>(all.size());
      counts[r] = static_cast<int>(parts[r].size());
      all += parts[r];
    }
  }
  int n = 0;
  MPI_Scatter(counts.data(), 1, MPI_INT, &n, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string mine(n, '\0');
  MPI_Scatterv(all.data(), counts.data(), displs.data(), MPI_BYTE, mine.data(), n, MPI_BYTE, 0,
               MPI_COMM_WORLD);
  return mine;
}

// Per-input byte strings <-> one message: (u64 input, u64 size, bytes)*.
std::string Pack(const std::vector<std::string>& per_input, const std::vector<size_t>& inputs) {
  std::string out;
  for (size_t i : inputs) {
    uint64_t header[2] = {i, per_input[i].size()};
    out.append(reinterpret_cast<const char*>(header), sizeof(header));
    out += per_input[i];
  }
  return out;
}

void Unpack(const std::string& message, std::vector<std::string>* per_input) {
  size_t at = 0;
  while (at + 16 <= message.size()) {
    uint64_t header[2];
    std::memcpy(header, message.data() + at, 16);
    at += 16;
    (*per_input)[header[0]].assign(message, at, header[1]);
    at += header[1];
  }
}

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

  // 1. Sign this rank's inputs; gather every input's signatures on rank 0.
  Result<std::vector<std::string>> signed_inputs = SignInputs(options, mine);
  if (!AllOk(Fail(rank, signed_inputs.status()).ok())) return finish(kExitFailed);
  std::vector<std::string> gathered = Gather(Pack(*signed_inputs, mine), rank, size);

  // 2. Rank 0 decides; each rank gets its inputs' decisions.
  std::vector<std::string> decisions(n);
  std::vector<std::string> parts;
  s = Status::Ok();
  if (rank == 0) {
    std::vector<std::string> signatures(n);
    for (const std::string& message : gathered) Unpack(message, &signatures);
    Result<std::vector<std::string>> all = DecideInputs(options, signatures);
    s = all.status();
    if (all.ok()) {
      for (int r = 0; r < size; ++r) {
        std::vector<size_t> theirs;
        for (size_t i = r; i < n; i += size) theirs.push_back(i);
        parts.push_back(Pack(*all, theirs));
      }
    } else {
      parts.assign(size, "");
    }
  }
  if (!AllOk(Fail(rank, s).ok())) return finish(kExitFailed);
  Unpack(Scatter(parts, rank, size), &decisions);

  // 3. Each rank writes its inputs' shards; rank 0 merges the ledgers.
  Result<RunStats> stats = ApplyInputs(options, mine, decisions);
  if (!AllOk(Fail(rank, stats.status()).ok())) return finish(kExitFailed);
  std::vector<std::string> ledgers = Gather(SerializeRunStats(*stats), rank, size);
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
