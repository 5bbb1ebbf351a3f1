// WalkGumbo (private to the extract module): parses a page with libgumbo, the HTML5 parser
// Debian ships, and feeds its tree to a BlockBuilder in document order. It is the reference the
// streaming tokenizer is tested against, and ExtractOptions::use_gumbo selects it.
//
// Cost: libgumbo builds the whole tree first, about ten times the page's size in memory and
// 15-20 MB/s on this machine (see docs/extraction.md); callers bound the input size.
#ifndef SARING_EXTRACT_GUMBO_WALK_H_
#define SARING_EXTRACT_GUMBO_WALK_H_

#include <string_view>

#include "extract/block_builder.h"
#include "saring/status.h"

namespace saring::extract_internal {

// Parses `html` and feeds it to `builder` (which must have been Reset); calls Finish.
Status WalkGumbo(std::string_view html, BlockBuilder* builder);

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_GUMBO_WALK_H_
