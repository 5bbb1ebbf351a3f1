// FaultInjectionEnv: an Env for tests that passes every call to a real Env until a chosen call,
// from which on it fails the way a troubled disk does: no space left, an I/O error, a short write
// (part of the bytes reach the file, then the write fails), or a failed rename. Tests sweep the
// call number from 1 until the operation under test no longer reaches the fault, checking at
// every step that the failure is a Status naming the file and that no final file is half-written.
//
// Thread-safety: thread-safe (the counters are guarded by a mutex).
#ifndef SARING_UTIL_FAULT_ENV_H_
#define SARING_UTIL_FAULT_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/env.h"
#include "util/mutex.h"
#include "util/thread_annotations.h"

namespace saring {

enum class Fault {
  kNone,
  kNoSpace,       // writes, file and folder creation fail with ENOSPC
  kIoError,       // every call fails with EIO
  kShortWrite,    // a write stores the first half of its bytes, then fails with ENOSPC
  kFailedRename,  // renames fail with EACCES
};

// "no space", "I/O error", "short write", "failed rename" (for test names and messages).
const char* FaultName(Fault fault);

class FaultInjectionEnv : public Env {
 public:
  // `base` must outlive this Env.
  explicit FaultInjectionEnv(Env* base) : base_(base) {}

  // From the `nth` (1-based) call that `fault` applies to, every such call fails. Resets the
  // counters; Fault::kNone turns injection off.
  void InjectAt(Fault fault, uint64_t nth) EXCLUDES(mu_);
  // Whether a call failed since the last InjectAt.
  bool fired() const EXCLUDES(mu_);
  // Calls the fault applied to since the last InjectAt (failed or not).
  uint64_t calls() const EXCLUDES(mu_);

  Result<std::string> ReadFile(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override;
  Result<std::unique_ptr<ScratchFile>> NewScratchFile(const std::string& dir,
                                                      std::string_view what) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  Status CreateDir(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status RemoveFile(const std::string& path) override;
  Status RemoveDir(const std::string& path) override;
  Status SyncDir(const std::string& dir) override;
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, std::string_view owner,
                                             std::string* holder) override;

  // What a call is, to decide whether the fault applies to it.
  enum class Op { kRead, kWrite, kCreate, kRename, kRemove, kSync, kOther };
  // Counts a call of kind `op` on `path`; returns the injected error if this call fails, else
  // OK. For a failing short write, *partial (if given) is set: store half the bytes first. Used
  // by this Env's files too.
  Status Check(Op op, std::string_view action, const std::string& path, bool* partial = nullptr)
      EXCLUDES(mu_);

 private:
  Env* const base_;
  mutable Mutex mu_;
  Fault fault_ GUARDED_BY(mu_) = Fault::kNone;
  uint64_t nth_ GUARDED_BY(mu_) = 0;
  uint64_t calls_ GUARDED_BY(mu_) = 0;
  bool fired_ GUARDED_BY(mu_) = false;
};

// Runs `op` once for each call it makes that `fault` applies to, failing from that call on (the
// 1st, the 2nd, ...), until a run no longer reaches the fault; `reset()` comes before each run and
// `check(status, n)` after each failed one. Returns the number of fault points run. A test asserts
// in `check` that the Status is an error naming the file, and that no final file is half-written.
template <class Reset, class Op, class Check>
uint64_t SweepFault(FaultInjectionEnv* env, Fault fault, Reset reset, Op op, Check check) {
  constexpr uint64_t kMaxPoints = 100000;  // a bound against an operation that never ends
  for (uint64_t n = 1; n < kMaxPoints; ++n) {
    reset();
    env->InjectAt(fault, n);
    Status s = op();
    bool fired = env->fired();
    env->InjectAt(Fault::kNone, 0);
    if (!fired) return n - 1;
    check(s, n);
  }
  return kMaxPoints;
}

}  // namespace saring

#endif  // SARING_UTIL_FAULT_ENV_H_
