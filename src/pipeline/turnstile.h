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
#include <mutex>

namespace saring::pipeline {

class Turnstile {
 public:
  // Blocks until every batch before `seq` has passed. Returns false if aborted.
  bool Wait(uint64_t seq) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return next_ == seq || aborted_; });
    return !aborted_;
  }
  // REQUIRES: Wait(seq) returned true.
  void Pass(uint64_t seq) {
    std::lock_guard<std::mutex> lock(mu_);
    next_ = seq + 1;
    cv_.notify_all();
  }
  void Abort() {
    std::lock_guard<std::mutex> lock(mu_);
    aborted_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t next_ = 0;
  bool aborted_ = false;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_TURNSTILE_H_
