// Mutex and MutexLock: std::mutex and std::unique_lock with clang thread-safety annotations
// (thread_annotations.h), so that -Wthread-safety can check the members they guard. Waiting on a
// condition goes through MutexLock::Wait, in a loop that reads the guarded state with the lock held.
//
// Thread-safety: a Mutex is shared between threads; a MutexLock belongs to one.
#ifndef SARING_UTIL_MUTEX_H_
#define SARING_UTIL_MUTEX_H_

#include <condition_variable>
#include <mutex>

#include "util/thread_annotations.h"

namespace saring {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

 private:
  friend class MutexLock;
  std::mutex mu_;
};

// Holds `mu` from construction to destruction.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : lock_(mu->mu_) {}
  ~MutexLock() RELEASE() = default;
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Releases the mutex while waiting for a notification of `cv` (or a spurious wakeup), and holds
  // it again on return: call it in a loop that checks the condition, as
  //   while (!ready_) lock.Wait(&cv_);
  // (a loop, not a predicate lambda, so that the analysis sees the guarded reads with the lock).
  void Wait(std::condition_variable* cv) { cv->wait(lock_); }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace saring

#endif  // SARING_UTIL_MUTEX_H_
