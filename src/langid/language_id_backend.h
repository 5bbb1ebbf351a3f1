// The private interface behind saring::LanguageIdentifier: one implementation per backend.
//
// Thread-safety: implementations are immutable after construction and Identify() must be
// safe to call concurrently; per-call scratch lives in thread_local storage.
#ifndef SARING_LANGID_LANGUAGE_ID_BACKEND_H_
#define SARING_LANGID_LANGUAGE_ID_BACKEND_H_

#include <cstddef>
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

// The "combined" backend (LanguageIdBackend::kCombined), given the two others:
//   1. fastText's guess stands when neither its best nor its second language is one of
//      id, ms, jv, su and its probability is at least kFastTextReliableProbability;
//   2. otherwise CLD2 is asked too (on the first 256 bytes only when fastText named no language
//      of the family): its jv or su stands (CLD2 is the stronger there), then
//      fastText's reliable jv or su;
//   3. between Indonesian and Malay (either backend says id or ms), the words only one of
//      them uses decide (CountMalayIndonesianMarkers: hand-written and Apertium words); when
//      they are tied, the backends' common answer; when the backends disagree, the web word
//      lists (the `web_` counts); when those are tied too, "id" when either says id (lid.176
//      is the stronger on Indonesian);
//   4. anything else: fastText's guess.
// Its score for an id/ms decision is the higher of the backends' scores for that code;
// reliable when decided by the word list or score >= kFastTextReliableProbability.
std::unique_ptr<LanguageIdentifierBackend> NewCombinedBackend(
    std::unique_ptr<LanguageIdentifierBackend> fasttext,
    std::unique_ptr<LanguageIdentifierBackend> cld2);

// How many words of `text` (ASCII letters and inner hyphens, case-folded) are on the Malay-only
// and on the Indonesian-only lists: the hand-written ones in combined_backend.cc, then the words
// only one of apertium-ind-zlm's two analysers accepts (tables made at build time; a word
// counts once, the hand-written lists first). Words on none of those but on only one of the
// Malay and Indonesian web dictionaries of Tesseract's models (weaker evidence: web text mixes
// the two languages) are counted apart, in `web_malay` and `web_indonesian`.
struct MarkerCounts {
  int malay = 0;
  int indonesian = 0;
  int web_malay = 0;
  int web_indonesian = 0;
};
MarkerCounts CountMalayIndonesianMarkers(std::string_view text);

// Number of words in the Apertium tables; 0 when saring was built without apertium-ind-zlm.
size_t ApertiumMarkerWordCount();

// Number of words in the web tables; 0 when saring was built without Tesseract's models.
size_t WebMarkerWordCount();

}  // namespace saring

#endif  // SARING_LANGID_LANGUAGE_ID_BACKEND_H_
