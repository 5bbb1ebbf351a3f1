// Language identification: which natural language a UTF-8 text is written in.
//
// A LanguageIdentifier wraps one of two statistical identifiers:
//   - kCld2: Google's Compact Language Detector 2 (libcld2), built into the library, ~80
//     languages plus script-only guesses. Always available.
//   - kFastText: the fastText "lid.176" model (176 languages, Joulin et al. 2016, "Bag of
//     Tricks for Efficient Text Classification", arXiv:1607.01759). The model file is not
//     part of saring: scripts/fetch-lid-model.sh installs it at setup; nothing is downloaded
//     at run time.
//
// Codes: LanguageGuess::language is ISO 639-1 where one exists ("en", "id", "ms", "jv",
// "su", "de", "ja"), else ISO 639-3 ("ceb", "war", "min"). The backends' own codes are
// normalised: CLD2's "jw" -> "jv", "iw" -> "he", "zh-Hant" -> "zh", "sr-ME" -> "sr", the
// single-language script guesses "xx-Java" -> "jv", "xx-Sund" -> "su", "xx-Bali" -> "ban";
// lid.176's Wikipedia code "als" (Alemannic) -> "gsw". Anything the backend cannot name
// (CLD2 "un", other "xx-<Script>" and internal "zz*" codes) becomes "und".
//
// Undetermined text: text with fewer than kMinLettersForLanguageId letters (Unicode general
// category L*) -- empty, whitespace, digits, punctuation, a single short word -- is not sent
// to a backend and yields {"und", 0, "und", 0, false}.
//
// Thread-safety: a LanguageIdentifier is immutable after Create(); Identify() is const and
// may be called concurrently from any number of threads on the same object. Each thread
// keeps its own scratch buffers, so concurrent calls share no mutable state. Results depend
// only on the input bytes, never on the thread or call order.
#ifndef SARING_LANGUAGE_ID_H_
#define SARING_LANGUAGE_ID_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring {

// Texts with fewer letters than this are "und" without consulting a backend.
inline constexpr size_t kMinLettersForLanguageId = 3;

// The best and second-best language of a text.
struct LanguageGuess {
  // ISO 639-1 where one exists, else ISO 639-3; "und" when undetermined.
  std::string language;
  // kCld2: share of the text's letters in `language`, 0..1 (CLD2's percent / 100).
  // kFastText: the model's probability of `language`, 0..1.
  double score = 0.0;
  // Second-best language, or "und" when the backend names none (CLD2 found one language
  // only; fastText prunes labels with probability below 1e-5).
  std::string runner_up;
  double runner_up_score = 0.0;
  // kCld2: CLD2's own is_reliable flag (length- and margin-dependent).
  // kFastText: score >= kFastTextReliableProbability.
  bool reliable = false;
};

// A fastText guess is called reliable when its probability is at least this.
inline constexpr double kFastTextReliableProbability = 0.5;

// kCombined: fastText lid.176 on every text, and CLD2 plus a list of words that only
// Malaysian Malay or only Indonesian uses where lid.176 is weak (the Indonesian family: id,
// ms, jv, su, or an unsure guess); the rule is in src/langid/language_id_backend.h and the
// measured accuracy in docs/language-id.md. Needs the lid.176 model like kFastText.
enum class LanguageIdBackend : uint8_t { kCld2, kFastText, kCombined };

// Returns "cld2", "fasttext" or "combined".
std::string_view LanguageIdBackendName(LanguageIdBackend backend);
// Parses those names; InvalidArgument naming the bad value and the valid ones otherwise.
Result<LanguageIdBackend> ParseLanguageIdBackend(std::string_view name);

// The part of `text` to identify when at most `max_bytes` are read: `text` itself when it
// is no longer, else `windows` (>= 1) pieces of about max_bytes / windows bytes spread
// evenly from its start to its end, each starting after a space or line break (when one
// is within 64 bytes) and cut at whole UTF-8 characters, joined by '\n' into `*buffer`.
// Deterministic; the result views `text` or `*buffer`. max_bytes == 0 means no limit.
std::string_view LanguageIdSample(std::string_view text, size_t max_bytes, size_t windows,
                                  std::string* buffer);

class LanguageIdentifierBackend;  // private, defined in src/langid/

class LanguageIdentifier {
 public:
  // Creates an identifier. kCld2 ignores `model_path` and always succeeds.
  // kFastText and kCombined load the lid.176 model (or any fastText language-ID model whose
  // labels are __label__<code>) at `model_path` (typically DefaultFastTextModelPath());
  // lid.176 reads ~1 MB and takes a few milliseconds.
  // Errors (kFastText, kCombined): NotFound when `model_path` does not exist, with a message that
  // tells how to install the model (scripts/fetch-lid-model.sh); Corruption when the file
  // is not a fastText model or fails to load; InvalidArgument when it is a fastText model
  // but not a supervised classifier.
  static Result<std::unique_ptr<LanguageIdentifier>> Create(LanguageIdBackend backend,
                                                            const std::string& model_path);

  // Not copyable: may own a loaded model. Movable.
  LanguageIdentifier(const LanguageIdentifier&) = delete;
  LanguageIdentifier& operator=(const LanguageIdentifier&) = delete;
  LanguageIdentifier(LanguageIdentifier&&) noexcept;
  LanguageIdentifier& operator=(LanguageIdentifier&&) noexcept;
  ~LanguageIdentifier();

  // Guesses the language of `utf8_text` (plain text, not HTML; any length; newlines allowed).
  // Deterministic and thread-safe (see the file comment). Invalid UTF-8 is not an error:
  // CLD2 looks at the longest valid prefix, fastText treats the bytes as tokens. Cost is
  // linear in the text length; no heap allocation once the calling thread's scratch
  // buffers have grown to the text size (fastText allocates small per-call vectors inside
  // its own library).
  LanguageGuess Identify(std::string_view utf8_text) const;

  LanguageIdBackend backend() const { return backend_; }

 private:
  LanguageIdentifier(LanguageIdBackend backend, std::unique_ptr<LanguageIdentifierBackend> impl);

  LanguageIdBackend backend_;
  std::unique_ptr<LanguageIdentifierBackend> impl_;
};

// Where the lid.176 model is looked for, first hit wins:
//   1. $SARING_LID_MODEL, when set and non-empty (returned even if the file is absent, so
//      that Create() reports the path the user asked for);
//   2. <install prefix>/share/saring/lid.176.ftz;
//   3. <source tree>/models/lid.176.ftz (where scripts/fetch-lid-model.sh puts it);
//   4. ./models/lid.176.ftz relative to the working directory.
// When no candidate exists, returns candidate 3. Touches the file system (stat) only.
std::string DefaultFastTextModelPath();

}  // namespace saring

#endif  // SARING_LANGUAGE_ID_H_
