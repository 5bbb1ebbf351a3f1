// LanguageIdentifierBackend on CLD2 (Compact Language Detector 2, libcld2).
//
// CLD2 scores quadgrams (Latin and similar scripts) or unigrams (CJK) per script run and
// returns the top three languages with the percentage of letters each covers. We call the
// UTF-8-checking variant of ExtDetectLanguageSummary with no hints and plain-text mode;
// it refuses input that is not "interchange-valid" UTF-8 (which also excludes most C0
// controls and noncharacters), so on refusal we retry on the valid prefix it reports.
// CLD2 is documented as thread-safe: all its tables are static and read-only.
#include <cstdio>  // compact_lang_det.h uses FILE without including <cstdio>.

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <climits>
#include <memory>
#include <string>
#include <string_view>

#include "langid/language_codes.h"
#include "langid/language_id_backend.h"

namespace saring {
namespace {

struct Cld2Summary {
  CLD2::Language language3[3];
  int percent3[3];
  double normalized_score3[3];
  int text_bytes;
  bool is_reliable;
  int valid_prefix_bytes;
};

// Runs CLD2 on `text` (at most INT_MAX bytes) and fills `out`.
void RunCld2(std::string_view text, Cld2Summary* out) {
  const CLD2::CLDHints no_hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING,
                                   CLD2::UNKNOWN_LANGUAGE};
  CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &no_hints,
      /*flags=*/0, out->language3, out->percent3, out->normalized_score3,
      /*resultchunkvector=*/nullptr, &out->text_bytes, &out->is_reliable, &out->valid_prefix_bytes);
}

std::string_view CodeOf(CLD2::Language language) {
  const char* code = CLD2::LanguageCode(language);
  return NormalizeCld2Code(code == nullptr ? std::string_view() : std::string_view(code));
}

class Cld2Backend final : public LanguageIdentifierBackend {
 public:
  LanguageGuess Identify(std::string_view utf8_text) const override {
    if (utf8_text.size() > static_cast<size_t>(INT_MAX)) utf8_text = utf8_text.substr(0, INT_MAX);
    Cld2Summary summary;
    RunCld2(utf8_text, &summary);
    const size_t valid = static_cast<size_t>(summary.valid_prefix_bytes);
    if (valid < utf8_text.size()) RunCld2(utf8_text.substr(0, valid), &summary);
    return ToGuess(summary);
  }

 private:
  static LanguageGuess ToGuess(const Cld2Summary& summary) {
    LanguageGuess guess;
    guess.language = CodeOf(summary.language3[0]);
    guess.runner_up = CodeOf(summary.language3[1]);
    const bool known = guess.language != kUndeterminedLanguage;
    const bool runner_known = guess.runner_up != kUndeterminedLanguage;
    guess.score = known ? summary.percent3[0] / 100.0 : 0.0;
    guess.runner_up_score = runner_known ? summary.percent3[1] / 100.0 : 0.0;
    guess.reliable = known && summary.is_reliable;
    return guess;
  }
};

}  // namespace

std::unique_ptr<LanguageIdentifierBackend> NewCld2Backend() {
  return std::make_unique<Cld2Backend>();
}

}  // namespace saring
