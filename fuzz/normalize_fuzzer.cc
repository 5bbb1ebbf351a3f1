// Fuzz target: UTF-8 validation and text normalisation (include/saring/normalize.h).
//
// Input: the text, then one trailing byte choosing the NormalizeOptions. Properties:
//  - IsValidUtf8 agrees with a plain RFC 3629 validator written here, error offset included;
//  - NormalizeText appends (keeps what *out held), and its output is valid UTF-8, has no
//    leading, trailing or doubled space, no ASCII control byte, no ASCII upper case when folding
//    case, no ASCII punctuation when stripping it, no ASCII digit but '0' when folding digits;
//  - the output is never longer than an ASCII input;
//  - the ASCII fast path gives exactly the bytes of the general path (NormalizeGeneralForTesting);
//  - normalisation is idempotent: Normalize(Normalize(x)) == Normalize(x).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_utf8.h"
#include "saring/normalize.h"
#include "text/normalize_internal.h"

namespace {

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsAsciiPunctuation(unsigned char c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
         (c >= 0x7B && c <= 0x7E);
}

void CheckValidation(std::string_view text) {
  size_t offset = 12345;
  const bool valid = saring::IsValidUtf8(text, &offset);
  const size_t expected = saring_fuzz::FirstIllFormed(text);
  SARING_FUZZ_CHECK(valid == (expected == std::string_view::npos),
                    "IsValidUtf8 disagrees with the reference validator");
  if (!valid) SARING_FUZZ_CHECK(offset == expected, "IsValidUtf8 reports the wrong error offset");
  if (valid) SARING_FUZZ_CHECK(offset == 12345, "IsValidUtf8 wrote error_offset for valid text");
}

// The shape every normalised text has, whatever the input.
void CheckShape(std::string_view norm, const saring::NormalizeOptions& o) {
  SARING_FUZZ_CHECK(saring::IsValidUtf8(norm), "normalised text is not valid UTF-8");
  if (norm.empty()) return;
  SARING_FUZZ_CHECK(norm.front() != ' ' && norm.back() != ' ', "leading or trailing space");
  SARING_FUZZ_CHECK(norm.find("  ") == std::string_view::npos, "separator run not collapsed");
  for (char ch : norm) {
    const auto c = static_cast<unsigned char>(ch);
    SARING_FUZZ_CHECK(c >= 0x20 && c != 0x7F, "control byte in normalised text");
    if (o.fold_case) SARING_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "upper case after case folding");
    if (o.strip_punctuation) SARING_FUZZ_CHECK(!IsAsciiPunctuation(c), "punctuation kept");
    if (o.fold_digits) SARING_FUZZ_CHECK(!(c >= '1' && c <= '9'), "digit not folded to 0");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t flags = fdp.ConsumeIntegral<uint8_t>();
  const std::string text = fdp.ConsumeRemainingBytesAsString();
  saring::NormalizeOptions options;
  options.fold_case = (flags & 1) == 0;  // the defaults come first
  options.strip_punctuation = (flags & 2) == 0;
  options.fold_digits = (flags & 4) != 0;

  CheckValidation(text);

  std::string out = "keep";
  saring::NormalizeText(text, options, &out);
  SARING_FUZZ_CHECK(out.compare(0, 4, "keep") == 0, "NormalizeText did not append");
  const std::string_view norm = std::string_view(out).substr(4);
  CheckShape(norm, options);
  if (IsAscii(text)) SARING_FUZZ_CHECK(norm.size() <= text.size(), "ASCII output grew");

  std::string general;
  saring::text::NormalizeGeneralForTesting(text, options, &general);
  SARING_FUZZ_CHECK(general == norm, "fast path and general path differ");

  std::string again;
  saring::NormalizeText(norm, options, &again);
  SARING_FUZZ_CHECK(again == norm, "normalisation is not idempotent");
  return 0;
}
