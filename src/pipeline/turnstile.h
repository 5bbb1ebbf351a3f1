// Turnstile: lets numbered batches through a sequential stage in order.
//
// Workers process batches in parallel, then call Wait(seq) before a stage that must see batches in
// input order (the ledger, dedup decisions, writing) and Pass(seq) after it. Abort() releases every
// waiter so that a failed run can shut down.
//
// Thread-safety: all methods are thread-safe.
#ifndef SARING_PIPELINE_TURNSTILE_H_
#define SARING_PIPELINE_TURNSTILE_H_

#include <condition_variable>
#include <cstdint>

#include "util/mutex.h"
#include "util/thread_annotations.h"

namespace saring::pipeline {

class Turnstile {
 public:
  // Blocks until every batch before `seq` has passed. Returns false if aborted.
  bool Wait(uint64_t seq) EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    while (next_ != seq && !aborted_) lock.Wait(&cv_);
    return !aborted_;
  }
  // REQUIRES: Wait(seq) returned true.
  void Pass(uint64_t seq) EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    next_ = seq + 1;
    cv_.notify_all();
  }
  void Abort() EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    aborted_ = true;
    cv_.notify_all();
  }

 private:
  Mutex mu_;
  std::condition_variable cv_;
  uint64_t next_ GUARDED_BY(mu_) = 0;
  bool aborted_ GUARDED_BY(mu_) = false;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_TURNSTILE_H_
