// Word keys and window hashes of substring dedup (docs/substrings.md).
//
// A document's text is split into words (saring/words.h); each word gets a 64-bit key from the
// word normalised as near-dup sees it (NFKC, case folding, punctuation inside a word turned into a
// space, every decimal digit folded to '0'): words of up to 8 normalised bytes map one-to-one to
// their keys, longer ones through XXH3-64. Whitespace, line wrapping and case
// therefore never tell two copies apart. A window is a run of `n` consecutive words of one
// document; its hash is a polynomial hash of its word keys, computed for every window in one
// rolling pass.
//
// Thread-safety: stateless; safe from any thread.
#ifndef SARING_PIPELINE_SUBSTRING_KEYS_H_
#define SARING_PIPELINE_SUBSTRING_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/words.h"

namespace saring::pipeline {

// Replaces *words with the words of `text` and *keys with one key per word. `scratch` is reused
// between calls (no allocation in the steady state). Cost: linear; ASCII words never reach
// utf8proc.
void ComputeWordKeys(std::string_view text, std::vector<WordSpan>* words,
                     std::vector<uint64_t>* keys, std::string* scratch);

// Replaces *out with the hash of every window of `n` keys: (*out)[i] hashes keys[i, i + n), for
// each i with i + n <= count (none when count < n). REQUIRES: n >= 1.
void ComputeWindowHashes(const uint64_t* keys, size_t count, uint32_t n,
                         std::vector<uint64_t>* out);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SUBSTRING_KEYS_H_
