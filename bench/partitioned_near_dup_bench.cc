// The traffic of the partitioned near-dup decision (docs/distributed.md): runs DecideNearDupPart
// with P parts on threads over the sign files of `saring sign` and prints, per part and in
// total, what it sent (band keys, candidate pairs, documents for verification, components,
// members, verdicts) and found. Records that repeat an earlier record's exact-dedup hash do not
// stand, as in a run with exact dedup on. Not run in CI.
//
//   saring sign --work W INPUT...
//   build/bench/partitioned_near_dup_bench W/sign INPUTS PARTS [KEY=VALUE...]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "pipeline/partitioned_decide.h"
#include "pipeline/partitioned_near_dup.h"
#include "saring/config.h"

namespace saring::pipeline {
namespace {

int Main(int argc, char** argv) {
  if (argc < 4) {
    fmt::print(stderr, "usage: {} SIGN_FOLDER INPUTS PARTS [KEY=VALUE...]\n", argv[0]);
    return 2;
  }
  const std::string folder = argv[1];
  const size_t inputs = std::strtoul(argv[2], nullptr, 10);
  const int parts = std::atoi(argv[3]);
  std::vector<std::string> sets(argv + 4, argv + argc);
  Result<RunOptions> options = LoadRunOptions("", {}, sets);
  if (!options.ok()) {
    fmt::print(stderr, "{}\n", options.status().message());
    return 2;
  }
  if (options->work_dir.empty()) options->work_dir = "/tmp";
  std::vector<SignSource> sources(inputs);
  for (size_t i = 0; i < inputs; ++i) sources[i].path = SignFilePath(folder, i);
  // Exact dedup: a record standing is the first of its hash in input order.
  std::vector<std::vector<bool>> standing(inputs);
  {
    std::unordered_set<uint64_t> seen;
    for (size_t i = 0; i < inputs; ++i) {
      Status s = ForEachRecord(sources[i], i, [&](uint32_t, const SignRecord& r) {
        standing[i].push_back(seen.insert(r.hash).second);
        return Status::Ok();
      });
      if (!s.ok()) {
        fmt::print(stderr, "{}\n", s.message());
        return 1;
      }
    }
  }
  ThreadExchangeHub hub(parts);
  std::vector<std::vector<size_t>> mine(parts);
  for (size_t i = 0; i < inputs; ++i) mine[i % parts].push_back(i);
  std::vector<NearDupPartStats> stats(parts);
  std::vector<uint64_t> removed(parts, 0);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Status> status = hub.RunParts([&](int p, PartExchange* exchange) {
    NearDupPart part;
    part.options = &*options;
    part.records = &sources;
    part.mine = &mine[p];
    part.exchange = exchange;
    part.record_count = [&](size_t i) { return static_cast<uint32_t>(standing[i].size()); };
    part.standing = [&](size_t i, uint32_t n) { return bool(standing[i][n]); };
    part.apply = [&, p](size_t, uint32_t, const NearDupVerdict& v) {
      removed[p] += v.removed;
      return Status::Ok();
    };
    part.stats = &stats[p];
    return DecideNearDupPart(part);
  });
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const Status& s : status) {
    if (!s.ok()) {
      fmt::print(stderr, "{}\n", s.message());
      return 1;
    }
  }
  NearDupPartStats t;
  uint64_t total_removed = 0;
  fmt::print("{:>5} {:>10} {:>12} {:>12} {:>11} {:>10} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}\n",
             "part", "standing", "band MB", "cand pairs", "pairs MB", "unique", "docs MB",
             "similar", "members", "member MB", "comp MB", "removed");
  auto mb = [](uint64_t b) { return fmt::format("{:.1f}", b / 1048576.0); };
  for (int p = 0; p < parts; ++p) {
    const NearDupPartStats& s = stats[p];
    fmt::print("{:>5} {:>10} {:>12} {:>12} {:>11} {:>10} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}\n",
               p, s.standing, mb(s.band_bytes), s.candidate_pairs, mb(s.pair_bytes), s.unique_pairs,
               mb(s.doc_bytes), s.similar_pairs, s.members, mb(s.member_bytes),
               mb(s.component_bytes), removed[p]);
    t.standing += s.standing;
    t.band_bytes += s.band_bytes;
    t.candidate_pairs += s.candidate_pairs;
    t.pair_bytes += s.pair_bytes;
    t.unique_pairs += s.unique_pairs;
    t.doc_bytes += s.doc_bytes;
    t.similar_pairs += s.similar_pairs;
    t.members += s.members;
    t.member_bytes += s.member_bytes;
    t.component_bytes += s.component_bytes + s.verdict_bytes;
    t.component_rounds = std::max(t.component_rounds, s.component_rounds);
    total_removed += removed[p];
  }
  fmt::print("{:>5} {:>10} {:>12} {:>12} {:>11} {:>10} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}\n",
             "all", t.standing, mb(t.band_bytes), t.candidate_pairs, mb(t.pair_bytes),
             t.unique_pairs, mb(t.doc_bytes), t.similar_pairs, t.members, mb(t.member_bytes),
             mb(t.component_bytes), total_removed);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  fmt::print("component rounds {}, wall {:.2f} s, peak RSS {:.0f} MiB (the process, all parts)\n",
             t.component_rounds, wall, ru.ru_maxrss / 1024.0);
  return 0;
}

}  // namespace
}  // namespace saring::pipeline

int main(int argc, char** argv) { return saring::pipeline::Main(argc, argv); }
