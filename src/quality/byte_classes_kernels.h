// ClassifyText (byte_classes.h), one implementation per instruction set:
//   scalar  a loop over the bytes (every CPU; the specification)
//   sse2    64-byte blocks as four 16-byte vectors, counts kept in byte lanes (x86-64 baseline)
// SIMD kernels live in kernels/byte_classes_<isa>.cc behind SARING_X86_SIMD (util/simd_isa.h);
// kernels/byte_classes_dispatch.cc picks the best one, once.
#ifndef SARING_QUALITY_BYTE_CLASSES_KERNELS_H_
#define SARING_QUALITY_BYTE_CLASSES_KERNELS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "quality/byte_classes.h"
#include "quality/text_scan.h"

namespace saring::quality_internal {

using ClassifyTextFn = TextCounts (*)(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                                      uint64_t* punct, uint64_t* letter);

struct ByteClassesKernel {
  const char* name;
  ClassifyTextFn classify;  // as ClassifyText
};

TextCounts ClassifyTextScalar(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                              uint64_t* punct, uint64_t* letter);
// REQUIRES: SARING_X86_SIMD.
TextCounts ClassifyTextSse2(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                            uint64_t* punct, uint64_t* letter);

// The kernel ClassifyText uses now: forced, or the best one this build and CPU run.
const ByteClassesKernel& ActiveByteClassesKernel();
// The kernels this build and CPU run, scalar first.
std::vector<const ByteClassesKernel*> AvailableByteClassesKernels();
// Forces the kernel named `name` ("" or "auto": the best one again). Returns false, changing
// nothing, if no available kernel has that name. Not thread-safe with concurrent ClassifyText.
bool ForceByteClassesKernelForTesting(std::string_view name);

// U+2026 (E2 80 A6) at p[j]: all three bytes inside the text.
inline bool IsEllipsisChar(const uint8_t* p, size_t j, size_t n) {
  return j + 2 < n && p[j + 1] == 0x80 && p[j + 2] == 0xA6;
}

// Bytes of the non-ASCII whitespace character starting at p[j] (a C2, E2 or E3 byte), or 0: as
// SpaceLength with the line end as bound. Only the third byte can be '\n' (SpaceLength does not
// check that the third byte of E2 80 xx is a continuation byte).
inline size_t UnicodeSpaceLength(const uint8_t* p, size_t j, size_t n) {
  const size_t len = SpaceLength(p, j, n);
  return len == 3 && p[j + 2] == '\n' ? 0 : len;
}

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_BYTE_CLASSES_KERNELS_H_
