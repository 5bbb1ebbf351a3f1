// The corpus-wide dedup decisions taken by P parts (MPI ranks, threads), none of which holds every
// document: the decision core of sharded runs. With P = 1 it is the whole of `saring cluster`.
//
// Part r owns the inputs i with i % P == r and holds only their sign records. The decisions are
// exactly those of one `saring run` (the first copy in input order survives, and so on):
//
//   exact:    each part sends (hash, locator) of its records to the part owning the hash
//             (hash % P) in bounded rounds; each part sorts its hashes (spilling sorted runs past
//             half its budget share) and, per hash, names the first locator in input order the
//             survivor of the others; the verdicts go back to the records' parts in rounds.
//             Each part holds about 1/P of the hashes (16 bytes each).
//   archive:  a record matched in an --against index is decided where it is.
//   near-dup: partitioned too (partitioned_near_dup.h): band keys by hash, candidate pairs
//             verified where one end is held, components merged across parts, each clustered
//             on one part; the verdicts go back to the records' parts.
//   paragraphs: (dedup.paragraphs) the paragraphs of records still kept, partitioned by hash
//             with spills (partitioned_paragraphs.h); a copy names its original by locator.
//   ids:      a removed record names its survivor by locator; each part asks the survivor's
//             part for the id (one exchange), so ids are never gathered.
//
// A locator is (input, position of the record among the input's sign records), which orders
// records in input order.
//
// Memory: dedup.memory_budget and near_dup.memory_budget are the run's; each of the P parts gets
// 1/P of them. A part keeps one byte per record of its inputs while deciding; the rest of each
// non-default decision is sorted by locator with spills (a quarter of its dedup budget share) and
// merged into the serialised decisions it returns. Messages have 64-bit sizes; the MPI transport splits them into
// chunks under 2 GiB.
#ifndef SARING_PIPELINE_PARTITIONED_DECIDE_H_
#define SARING_PIPELINE_PARTITIONED_DECIDE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "saring/run.h"
#include "saring/stages.h"
#include "saring/status.h"
#include "util/mutex.h"
#include "util/thread_annotations.h"

namespace saring::pipeline {

// P parts in one process, one thread each (tests, and partitions by thread).
class ThreadExchangeHub {
 public:
  explicit ThreadExchangeHub(int parts);
  // The exchange of part `rank`; valid as long as the hub.
  PartExchange* part(int rank) { return parts_[rank].get(); }

  // Ends the exchange because part `rank` failed with `why`: every wait of every part, now or
  // later, returns Aborted "part K/P failed: <why>" (AllOk false), as the folder exchange's
  // failure marker does. The first failure is the one named.
  void Fail(int rank, const Status& why);
  // Runs fn(rank, part(rank)) for every part on a thread of its own and returns their statuses;
  // a part that returns an error fails the exchange (Fail), so the others end instead of waiting.
  // The failing part is the first (by rank) to fail with an error other than Aborted (the others'
  // echo), else the first to fail; every other part that returned Aborted gets the Aborted that
  // names it.
  std::vector<Status> RunParts(const std::function<Status(int rank, PartExchange* exchange)>& fn);

 private:
  class Part;
  struct Box {
    std::deque<std::string> collective, direct;
  };
  int n_;
  Mutex mu_;
  std::condition_variable cv_;
  std::vector<Box> boxes_ GUARDED_BY(mu_);        // [from * n + to]
  Status failed_ GUARDED_BY(mu_) = Status::Ok();  // Fail's Aborted
  int failed_rank_ GUARDED_BY(mu_) = -1;
  std::vector<std::unique_ptr<PartExchange>> parts_;
};

// DecidePart (saring/stages.h) is implemented here; DecideInputs is DecidePart with one part.

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_DECIDE_H_
