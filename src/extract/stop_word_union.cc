// StopWordUnion (see stop_word_union.h).
#include "extract/stop_word_union.h"

#include "saring/stopwords.h"

namespace saring::extract_internal {

const StopWordUnion& StopWordUnion::BuiltIn() {
  static const StopWordUnion* const kUnion = new StopWordUnion();
  return *kUnion;
}

StopWordUnion::StopWordUnion() {
  const std::vector<std::string_view> languages = StopWords::BuiltInLanguages();
  size_t words = 0;
  for (size_t l = 0; l < languages.size() && l < 64; ++l)
    words += StopWords::BuiltIn(languages[l])->size();
  size_t cap = 16;
  while (cap < 2 * words) cap *= 2;
  slots_.resize(cap);
  for (size_t l = 0; l < languages.size() && l < 64; ++l) {
    for (const std::string& w :
         StopWords::BuiltIn(languages[l])->words()) {  // live as long as the list
      const uint64_t h = StopWords::Hash(w);
      size_t s = h & (cap - 1);
      while (slots_[s].lists != 0 && !(slots_[s].hash == h && slots_[s].word == w))
        s = (s + 1) & (cap - 1);
      slots_[s].hash = h;
      slots_[s].word = w;
      slots_[s].lists |= uint64_t{1} << l;
    }
  }
}

}  // namespace saring::extract_internal
