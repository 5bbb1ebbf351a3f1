// Clang thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html): they
// state which mutex guards which member and which functions need it held, and clang's
// -Wthread-safety checks every access at compile time (scripts/check-thread-safety.sh). Other
// compilers see empty macros.
//
// Use them with the annotated saring::Mutex and MutexLock of util/mutex.h (std::mutex carries no
// annotations in libstdc++).
#ifndef SARING_UTIL_THREAD_ANNOTATIONS_H_
#define SARING_UTIL_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define SARING_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define SARING_THREAD_ANNOTATION(x)
#endif

// A type that is a mutex (a "capability").
#define CAPABILITY(x) SARING_THREAD_ANNOTATION(capability(x))
// An RAII type that holds a capability for its lifetime.
#define SCOPED_CAPABILITY SARING_THREAD_ANNOTATION(scoped_lockable)
// A member read or written only with mutex `x` held.
#define GUARDED_BY(x) SARING_THREAD_ANNOTATION(guarded_by(x))
// A pointer member whose pointee is accessed only with `x` held.
#define PT_GUARDED_BY(x) SARING_THREAD_ANNOTATION(pt_guarded_by(x))
// The caller must hold the mutexes.
#define REQUIRES(...) SARING_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold the mutexes (the function takes them).
#define EXCLUDES(...) SARING_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes / releases the mutexes.
#define ACQUIRE(...) SARING_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) SARING_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// The function returns the mutex named.
#define RETURN_CAPABILITY(x) SARING_THREAD_ANNOTATION(lock_returned(x))
// Opts a function out of the analysis; say why next to it.
#define NO_THREAD_SAFETY_ANALYSIS SARING_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // SARING_UTIL_THREAD_ANNOTATIONS_H_
