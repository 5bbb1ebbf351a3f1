// Internal entry points and test hooks of normalize.cc (private).
#ifndef SARING_TEXT_NORMALIZE_INTERNAL_H_
#define SARING_TEXT_NORMALIZE_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "saring/normalize.h"

namespace saring::text {

// NormalizeText that also sets *wide to whether the output it appended holds a byte >= 0xE0, the
// lead byte of a code point >= U+0800 (so whether it may hold a spaceless script; words.h). Costs
// nothing extra: the fast paths know it.
void NormalizeTextNotingWide(std::string_view text, const NormalizeOptions& options,
                             std::string* out, bool* wide);

// A byte range [begin, end) of some text.
struct TextRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Where NormalizeJoined put one piece: its bytes [begin, end) of *out (offsets from the start of
// *out), and whether they hold a byte >= 0xE0 (as NormalizeTextNotingWide's `wide`).
struct NormalizedPiece {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool wide = false;
};

// Replaces *out with the normalised form of each text[pieces[k].begin, pieces[k].end), exactly as
// NormalizeText would give it alone, with '\n' between consecutive pieces, and describes piece k
// in results[k]. The same bytes as calling NormalizeTextNotingWide per piece on an empty string,
// without its per-call set-up and buffer resizing (document repair normalises every paragraph
// this way). *out's old contents only serve as room: a caller that passes the same string every
// time does not pay for zero-filling it again.
// REQUIRES: the ranges lie in `text`; *out and its offsets stay below 4 GiB.
void NormalizeJoined(std::string_view text, const TextRange* pieces, size_t count,
                     const NormalizeOptions& options, std::string* out, NormalizedPiece* results);

// NormalizeText without the fast paths and without chunking: the whole text goes through
// utf8proc at once. It is the reference that the fast paths must match byte for byte.
void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out);

// Turns NormalizeText's code point table for non-ASCII text on (the default) or off (then all of
// it takes the general path). The ASCII kernel is chosen with ForceAsciiKernelForTesting
// (normalize_kernels.h). Not thread-safe with concurrent NormalizeText calls.
void SetCodePointTableForTesting(bool enabled);

// True if NormalizeText may cut the text into chunks just before `cp` (a non-ASCII code point).
bool IsCutPointForTesting(char32_t cp, const NormalizeOptions& options);

// True if `cp` lies in a block whose starters may start a chunk (kCutSafeStarters).
bool IsCutSafeStarterForTesting(char32_t cp);

}  // namespace saring::text

#endif  // SARING_TEXT_NORMALIZE_INTERNAL_H_
