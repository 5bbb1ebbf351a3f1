// Property checks for the fuzz targets. A failed check prints what broke and aborts, which
// libFuzzer (and the replay runner) report as a crash with the input that caused it.
//
// Fuzz-only code: unlike the library, it may print and abort.
#ifndef SARING_FUZZ_FUZZ_CHECK_H_
#define SARING_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace saring_fuzz {

// True when SARING_FUZZ_SKIP_KNOWN_BUGS=1 is set. Targets then skip the inputs that hit a bug
// already reported (each skip names its finding in docs/fuzzing.md), so that a long campaign
// can look for new bugs. Replay runs leave it unset: their reproducers fail until the fix lands.
inline bool SkipKnownBugs() {
  static const bool skip = [] {
    const char* v = std::getenv("SARING_FUZZ_SKIP_KNOWN_BUGS");
    return v != nullptr && v[0] == '1';
  }();
  return skip;
}

}  // namespace saring_fuzz

// Aborts with `message` (a string literal) when `cond` is false.
#define SARING_FUZZ_CHECK(cond, message)                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: property violated: %s (%s)\n", __FILE__, __LINE__,     \
                   message, #cond);                                                        \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

#endif  // SARING_FUZZ_FUZZ_CHECK_H_
