// StopWordUnion (see stop_word_union.h).
#include "extract/stop_word_union.h"

#include "saring/stopwords.h"

namespace saring::extract_internal {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

const StopWordUnion& StopWordUnion::BuiltIn() {
  static const StopWordUnion* const kUnion = new StopWordUnion();
  return *kUnion;
}

StopWordUnion::StopWordUnion() {
  const std::vector<std::string_view> languages = StopWords::BuiltInLanguages();
  std::vector<std::string_view> words;
  std::vector<uint64_t> word_lists;
  for (size_t l = 0; l < languages.size() && l < 64; ++l) {
    std::string_view text = StopWords::BuiltInListText(languages[l]);
    while (!text.empty()) {  // the list file format of stopwords.h
      const size_t nl = text.find('\n');
      std::string_view line = Trim(text.substr(0, nl));
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      if (line.empty() || line.front() == '#') continue;
      words.push_back(line);
      word_lists.push_back(uint64_t{1} << l);
    }
  }
  size_t cap = 16;
  while (cap < 2 * words.size()) cap *= 2;
  slots_.resize(cap);
  for (size_t i = 0; i < words.size(); ++i) {
    const uint64_t h = StopWords::Hash(words[i]);
    size_t s = h & (cap - 1);
    while (slots_[s].lists != 0 && !(slots_[s].hash == h && slots_[s].word == words[i])) s = (s + 1) & (cap - 1);
    slots_[s].hash = h;
    slots_[s].word = words[i];
    slots_[s].lists |= word_lists[i];
  }
}

}  // namespace saring::extract_internal
