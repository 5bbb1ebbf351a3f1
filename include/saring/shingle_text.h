// The text `saring run` signs for a document. The signing pass repairs the text
// (DocumentRepairer, repair.h), takes its normalised kept paragraphs joined by '\n'
// (RepairResult::kept_normalized, also the exact-dedup key) and folds the ASCII digits '1'..'9'
// to '0' before shingling, so that a changed date or figure barely moves a signature.
// MinHasher::Sign of that text gives the signature the run computes (docs/near-dup.md).
//
// Thread-safety: a pure function; safe from any thread.
#ifndef SARING_SHINGLE_TEXT_H_
#define SARING_SHINGLE_TEXT_H_

#include <string>
#include <string_view>

namespace saring {

// Sets *out to `kept_normalized` with every byte '1'..'9' replaced by '0' (all other bytes, and
// the length, unchanged). `kept_normalized` must not alias *out. Linear; vectorised where the CPU
// allows.
void PrepareShingleText(std::string_view kept_normalized, std::string* out);

}  // namespace saring

#endif  // SARING_SHINGLE_TEXT_H_
