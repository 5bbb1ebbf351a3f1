// The ASCII path of text normalisation (normalize.cc), one implementation per instruction set.
//
// A kernel normalises a run of ASCII bytes exactly as the scalar one does (the specification,
// kernels/normalize_ascii_scalar.h): each byte is mapped by the AsciiTable rules of its option
// combination (controls, space and DEL are separators; A-Z fold to a-z with fold_case; digits
// become '0' with fold_digits; other punctuation and symbols are separators with
// strip_punctuation), separator runs collapse into one space, and no space leads the output or
// follows the last content (a trailing one is held back in Cursor::pending).
//   scalar  table lookups, with 8-byte blocks of lower-case words copied whole (every CPU)
//   sse2    16-byte blocks (x86-64 baseline)
//   avx2    32-byte blocks with pshufb compaction (chosen at run time when the CPU has AVX2)
// SIMD kernels live in kernels/normalize_<isa>.cc behind SARING_X86_SIMD (util/simd_isa.h);
// kernels/normalize_dispatch.cc picks the best one the CPU runs, once.
#ifndef SARING_TEXT_NORMALIZE_KERNELS_H_
#define SARING_TEXT_NORMALIZE_KERNELS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace saring::text {

// Where the ASCII path writes and what it has seen. `emitted`: this NormalizeText call has written
// content, so separators now matter. `pending`: a separator followed the last content, so a space
// is owed before the next content (never true while `emitted` is false).
struct Cursor {
  char* p;
  bool emitted;
  bool pending;
};

// Where AsciiOps::blocks stopped in text[from, n): whole blocks were normalised up to
// blocks_end, and the ASCII run that starts at `from` ends at ascii_end (a non-ASCII byte, or n).
// The bytes in between are left to AsciiOps::partial.
struct AsciiStop {
  size_t blocks_end;
  size_t ascii_end;
};

// The ASCII path of one instruction set and option combination.
struct AsciiOps {
  // Normalises whole blocks from text[from] while a block and the byte after it are ASCII (the
  // last ASCII byte before a non-ASCII one may have to go to the general path with it), and says
  // where it stopped: blocks_end < ascii_end unless ascii_end == from or ascii_end == n.
  AsciiStop (*blocks)(const unsigned char* text, size_t from, size_t n, Cursor* c);
  // Normalises the ASCII bytes text[from, to), which follow blocks_end: at most one block of
  // the kernel (16 or 32 bytes; any number for the scalar kernel). May read text[0, to).
  void (*partial)(const unsigned char* text, size_t from, size_t to, Cursor* c);
};

// Output bytes the ASCII paths may write past the bytes they keep: a pending space plus a
// 32-byte store that starts at the last output byte. The caller keeps this much room.
constexpr size_t kAsciiSlack = 34;

// The index of an option combination in AsciiKernel::ops.
constexpr int AsciiOptionIndex(bool fold_case, bool strip_punctuation, bool fold_digits) {
  return (fold_case ? 1 : 0) | (strip_punctuation ? 2 : 0) | (fold_digits ? 4 : 0);
}

struct AsciiKernel {
  const char* name;
  std::array<AsciiOps, 8> ops;  // by AsciiOptionIndex
};

const AsciiKernel& AsciiKernelScalar();
const AsciiKernel& AsciiKernelSse2();  // REQUIRES: SARING_X86_SIMD
const AsciiKernel& AsciiKernelAvx2();  // REQUIRES: SARING_X86_SIMD and a CPU with AVX2

// The kernel NormalizeText uses now: forced, or the best one the CPU runs.
const AsciiKernel& ActiveAsciiKernel();
// The kernels this build and CPU run, scalar first.
std::vector<const AsciiKernel*> AvailableAsciiKernels();
// Forces the kernel named `name` ("" or "auto": the best one again). Returns false, changing
// nothing, if no available kernel has that name. Not thread-safe with concurrent NormalizeText.
bool ForceAsciiKernelForTesting(std::string_view name);

// The end of the ASCII run at text[i, n), given that i + kBlock >= n: the rest fits one block,
// read as the block that ends at n (or a padded copy if the text is shorter than a block), so a
// mispredicted byte loop never runs. high_bits gives the top bit of each of kBlock bytes.
template <size_t kBlock>
inline size_t AsciiTailEnd(const unsigned char* text, size_t i, size_t n,
                           uint32_t (*high_bits)(const unsigned char*)) {
  const size_t rest = n - i;  // <= kBlock
  uint64_t high;
  if (n >= kBlock) {
    high = static_cast<uint64_t>(high_bits(text + n - kBlock)) >> (kBlock - rest);
  } else {
    alignas(32) unsigned char buffer[kBlock] = {};
    std::memcpy(buffer, text + i, rest);
    high = high_bits(buffer);
  }
  return i + static_cast<size_t>(__builtin_ctzll(high | (uint64_t{1} << rest)));
}

}  // namespace saring::text

#endif  // SARING_TEXT_NORMALIZE_KERNELS_H_
