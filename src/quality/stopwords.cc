// Stop-word lists: parsing, the compiled-in lists, and a small open-addressing lookup table
// keyed by XXH3 so that the signal computer's per-token lookup costs one hash probe.
#include "saring/stopwords.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <string>

#include "quality/stopwords_data.h"

namespace saring {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Checks one word of a list; `line` is 1-based, for the message.
Status CheckWord(std::string_view word, size_t line) {
  auto fail = [&](std::string_view why) {
    return Status::InvalidArgument("stop-word list line " + std::to_string(line) + ": '" +
                                   std::string(word) + "' " + std::string(why));
  };
  if (word.size() > StopWords::kMaxStopWordBytes) return fail("is longer than 32 bytes");
  for (char c : word) {
    if (IsAsciiSpace(c)) return fail("contains whitespace");
    if (c >= 'A' && c <= 'Z') return fail("is not lower case");
  }
  return Status::Ok();
}

}  // namespace

uint64_t StopWords::Hash(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }

Result<StopWords> StopWords::Parse(std::string_view list_text) {
  StopWords result;
  size_t line_no = 0;
  while (!list_text.empty()) {
    ++line_no;
    const size_t nl = list_text.find('\n');
    std::string_view line = list_text.substr(0, nl);
    list_text.remove_prefix(nl == std::string_view::npos ? list_text.size() : nl + 1);
    line = TrimAscii(line);
    if (line.empty() || line.front() == '#') continue;
    SARING_RETURN_IF_ERROR(CheckWord(line, line_no));
    if (result.Contains(line)) {
      return Status::InvalidArgument("stop-word list line " + std::to_string(line_no) + ": '" +
                                     std::string(line) + "' is listed twice");
    }
    result.words_.emplace_back(line);
    // Rebuilding per word keeps Parse simple; lists have a few hundred words.
    size_t cap = 16;
    while (cap < result.words_.size() * 4) cap *= 2;
    result.slots_.assign(cap, 0);
    result.slot_hashes_.assign(cap, 0);
    for (size_t i = 0; i < result.words_.size(); ++i) {
      const uint64_t h = Hash(result.words_[i]);
      size_t slot = h & (cap - 1);
      while (result.slots_[slot] != 0) slot = (slot + 1) & (cap - 1);
      result.slots_[slot] = static_cast<uint32_t>(i + 1);
      result.slot_hashes_[slot] = h;
      result.bloom_[h >> 60] |= uint64_t{1} << ((h >> 54) & 63);
    }
  }
  return result;
}

bool StopWords::ContainsHashed(uint64_t hash, std::string_view word) const {
  if ((bloom_[hash >> 60] & (uint64_t{1} << ((hash >> 54) & 63))) == 0) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    if (slot_hashes_[slot] == hash && words_[slots_[slot] - 1] == word) return true;
  }
  return false;
}

std::string_view StopWords::BuiltInListText(std::string_view language) {
  for (size_t i = 0; i < quality_internal::kNumBuiltInStopWordLists; ++i) {
    const auto& list = quality_internal::kBuiltInStopWordLists[i];
    if (language == list.language) return list.text;
  }
  return {};
}

std::vector<std::string_view> StopWords::BuiltInLanguages() {
  std::vector<std::string_view> languages;
  for (size_t i = 0; i < quality_internal::kNumBuiltInStopWordLists; ++i) {
    languages.emplace_back(quality_internal::kBuiltInStopWordLists[i].language);
  }
  std::sort(languages.begin(), languages.end());
  return languages;
}

const StopWords* StopWords::BuiltIn(std::string_view language) {
  // Parsed once, on first use (thread-safe static initialisation). The compiled-in lists are
  // valid by construction: stopwords_test.cc parses every one.
  static const std::map<std::string_view, StopWords> kParsed = [] {
    std::map<std::string_view, StopWords> parsed;
    for (size_t i = 0; i < quality_internal::kNumBuiltInStopWordLists; ++i) {
      const auto& list = quality_internal::kBuiltInStopWordLists[i];
      Result<StopWords> words = Parse(list.text);
      if (words.ok()) parsed.emplace(list.language, std::move(words).value());
    }
    return parsed;
  }();
  const auto it = kParsed.find(language);
  return it == kParsed.end() ? nullptr : &it->second;
}

}  // namespace saring
