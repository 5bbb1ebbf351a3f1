// Code normalisation for the language identifiers. CLD2 predates some ISO 639-1 changes
// and keeps retired codes ("iw" for Hebrew, "jw" for Javanese, withdrawn in 1989 and 2001
// in favour of "he" and "jv"); lid.176 uses Wikipedia edition names, of which "als"
// (Alemannic Wikipedia) collides with ISO 639-3 "als" (Tosk Albanian), so it becomes "gsw".
#include "langid/language_codes.h"

#include <array>
#include <utility>

namespace saring {
namespace {

using CodePair = std::pair<std::string_view, std::string_view>;

// CLD2 code -> saring code, for codes that differ.
constexpr std::array<CodePair, 9> kCld2Renames = {{
    {"jw", "jv"},
    {"iw", "he"},
    {"zh-Hant", "zh"},
    {"sr-ME", "sr"},
    // Scripts used by exactly one language of the region we care most about.
    {"xx-Java", "jv"},
    {"xx-Sund", "su"},
    {"xx-Bali", "ban"},
    {"un", kUndeterminedLanguage},
    {"xxx", kUndeterminedLanguage},
}};

constexpr std::string_view kFastTextLabelPrefix = "__label__";

std::string_view Lookup(std::string_view code, std::string_view fallback) {
  for (const CodePair& pair : kCld2Renames) {
    if (pair.first == code) return pair.second;
  }
  return fallback;
}

}  // namespace

std::string_view NormalizeCld2Code(std::string_view code) {
  std::string_view renamed = Lookup(code, code);
  if (renamed != code) return renamed;
  // Remaining "xx-<Script>" are script-only guesses; "zz*" are CLD2-internal test codes.
  if (code.empty() || code.starts_with("xx-") || code.starts_with("zz")) {
    return kUndeterminedLanguage;
  }
  return code;
}

std::string_view NormalizeFastTextLabel(std::string_view label) {
  if (label.starts_with(kFastTextLabelPrefix)) label.remove_prefix(kFastTextLabelPrefix.size());
  if (label.empty()) return kUndeterminedLanguage;
  if (label == "als") return "gsw";
  return label;
}

}  // namespace saring
