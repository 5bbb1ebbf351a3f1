// Test hooks for normalize.cc (private).
#ifndef SARING_TEXT_NORMALIZE_INTERNAL_H_
#define SARING_TEXT_NORMALIZE_INTERNAL_H_

#include <string>
#include <string_view>

#include "saring/normalize.h"

namespace saring::text {

// NormalizeText without the ASCII fast path and without chunking: the whole text goes through
// utf8proc at once. It is the reference that the fast path must match byte for byte.
void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out);

}  // namespace saring::text

#endif  // SARING_TEXT_NORMALIZE_INTERNAL_H_
