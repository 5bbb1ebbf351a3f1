// Internal entry points and test hooks of normalize.cc (private).
#ifndef SARING_TEXT_NORMALIZE_INTERNAL_H_
#define SARING_TEXT_NORMALIZE_INTERNAL_H_

#include <string>
#include <string_view>

#include "saring/normalize.h"

namespace saring::text {

// NormalizeText that also sets *wide to whether the output it appended holds a byte >= 0xE0, the
// lead byte of a code point >= U+0800 (so whether it may hold a spaceless script; words.h). Costs
// nothing extra: the fast paths know it.
void NormalizeTextNotingWide(std::string_view text, const NormalizeOptions& options, std::string* out,
                             bool* wide);

// NormalizeText without the fast paths and without chunking: the whole text goes through
// utf8proc at once. It is the reference that the fast paths must match byte for byte.
void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out);

// True if the CPU runs the AVX2 ASCII path.
bool CpuHasAvx2ForTesting();

// Chooses NormalizeText's fast paths: AVX2 blocks for ASCII (when the CPU has AVX2; SSE2 otherwise)
// and the code point table for other text (otherwise all of it takes the general path). Both are
// on by default. Not thread-safe with concurrent NormalizeText calls.
void SetNormalizeFastPathsForTesting(bool allow_avx2, bool code_point_table);

// True if NormalizeText may cut the text into chunks just before `cp` (a non-ASCII code point).
bool IsCutPointForTesting(char32_t cp, const NormalizeOptions& options);

// True if `cp` lies in a block whose starters may start a chunk (kCutSafeStarters).
bool IsCutSafeStarterForTesting(char32_t cp);

}  // namespace saring::text

#endif  // SARING_TEXT_NORMALIZE_INTERNAL_H_
