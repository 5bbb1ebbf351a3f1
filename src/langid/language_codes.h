// Maps the language codes of CLD2 and fastText lid.176 to saring's codes: ISO 639-1 where
// one exists, else ISO 639-3, and "und" for "cannot tell". The mapping is listed in
// include/saring/language_id.h.
#ifndef SARING_LANGID_LANGUAGE_CODES_H_
#define SARING_LANGID_LANGUAGE_CODES_H_

#include <string_view>

namespace saring {

inline constexpr std::string_view kUndeterminedLanguage = "und";

// `code` as returned by CLD2::LanguageCode(). The result views a static string or `code`
// itself, so it lives as long as `code` does (CLD2's codes are static).
std::string_view NormalizeCld2Code(std::string_view code);

// `label` as stored in a lid.176 model, e.g. "__label__jv"; the "__label__" prefix is
// optional. The result views `label` or a static string.
std::string_view NormalizeFastTextLabel(std::string_view label);

}  // namespace saring

#endif  // SARING_LANGID_LANGUAGE_CODES_H_
