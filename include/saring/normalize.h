// Text normalisation: the canonical form in which saring compares text (exact and near-duplicate
// detection, repair). Normalising maps visually or semantically equivalent spellings to the same
// bytes: Unicode NFKC, case folding, punctuation and whitespace collapsed to single spaces.
// The exact rules are specified in docs/normalization.md.
//
// Thread-safety: every function here is safe to call from any number of threads at once.
#ifndef SARING_NORMALIZE_H_
#define SARING_NORMALIZE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace saring {

// Returns true if `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates
// U+D800..U+DFFF, nothing above U+10FFFF, no truncated sequence). Otherwise returns false and, if
// `error_offset` is not null, sets *error_offset to the offset of the first byte of the first
// ill-formed sequence. Cost: linear; ASCII is checked eight bytes at a time.
bool IsValidUtf8(std::string_view s, size_t* error_offset = nullptr);

struct NormalizeOptions {
  // Apply Unicode full case folding (default: true). "Straße" and "STRASSE" both become "strasse".
  bool fold_case = true;
  // Turn punctuation and symbols (Unicode categories P* and S*) into separators (default: true).
  // Whitespace and control/format characters are separators regardless of this option.
  bool strip_punctuation = true;
  // Map every decimal digit (category Nd, after NFKC) to '0' (default: false).
  bool fold_digits = false;
};

// Appends the normalised form of `text` to *out (existing contents of *out are kept):
//   1. invalid UTF-8 becomes U+FFFD (one per maximal ill-formed subsequence);
//   2. Unicode NFKC with full case folding (if fold_case) and removal of default-ignorable code
//      points (soft hyphen, zero-width space, ...), as implemented by utf8proc;
//   3. every maximal run of separators (whitespace Z*, control/format C*, and punctuation P* and
//      symbols S* when strip_punctuation) becomes one ASCII space; no leading or trailing space;
//   4. if fold_digits, every decimal digit (Nd) becomes '0'.
// Because U+FFFD is a symbol, invalid bytes act as separators when strip_punctuation is set.
// Cost: linear. Runs of ASCII take a table-driven fast path that never calls utf8proc and yields
// exactly the bytes the general path would. The output is never longer than the input when the
// input is ASCII; NFKC can expand other text (at most 18x per code point).
void NormalizeText(std::string_view text, const NormalizeOptions& options, std::string* out);

}  // namespace saring

#endif  // SARING_NORMALIZE_H_
