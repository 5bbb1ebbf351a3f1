// Property checks for the fuzz targets. A failed check prints what broke and aborts, which
// libFuzzer (and the replay runner) report as a crash with the input that caused it.
//
// Fuzz-only code: unlike the library, it may print and abort.
#ifndef SARING_FUZZ_FUZZ_CHECK_H_
#define SARING_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

// Aborts with `message` (a string literal) when `cond` is false.
#define SARING_FUZZ_CHECK(cond, message)                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "%s:%d: property violated: %s (%s)\n", __FILE__, __LINE__, message, \
                   #cond);                                                                     \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

#endif  // SARING_FUZZ_FUZZ_CHECK_H_
