// The private interface behind saring::LanguageIdentifier: one implementation per backend.
//
// Thread-safety: implementations are immutable after construction and Identify() must be
// safe to call concurrently; per-call scratch lives in thread_local storage.
#ifndef SARING_LANGID_LANGUAGE_ID_BACKEND_H_
#define SARING_LANGID_LANGUAGE_ID_BACKEND_H_

#include <memory>
#include <string>
#include <string_view>

#include "saring/language_id.h"
#include "saring/status.h"

namespace saring {

class LanguageIdentifierBackend {
 public:
  virtual ~LanguageIdentifierBackend() = default;

  // Guesses the language of `utf8_text`, which has at least kMinLettersForLanguageId
  // letters. Codes in the result are already normalised (see language_codes.h).
  virtual LanguageGuess Identify(std::string_view utf8_text) const = 0;
};

// CLD2 needs no data file; never fails.
std::unique_ptr<LanguageIdentifierBackend> NewCld2Backend();

// Loads a fastText supervised model from `model_path`. Errors as documented for
// LanguageIdentifier::Create().
Result<std::unique_ptr<LanguageIdentifierBackend>> NewFastTextBackend(
    const std::string& model_path);

}  // namespace saring

#endif  // SARING_LANGID_LANGUAGE_ID_BACKEND_H_
