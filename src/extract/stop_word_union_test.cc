// The union of the built-in stop-word lists answers as the lists do, word by word.
#include "extract/stop_word_union.h"

#include <gtest/gtest.h>

#include <string>

#include "saring/stopwords.h"

namespace saring::extract_internal {
namespace {

uint64_t ListsHolding(std::string_view word) {
  uint64_t lists = 0;
  const auto languages = StopWords::BuiltInLanguages();
  for (size_t l = 0; l < languages.size(); ++l) {
    if (StopWords::BuiltIn(languages[l])->Contains(word)) lists |= uint64_t{1} << l;
  }
  return lists;
}

TEST(StopWordUnion, AgreesWithEveryList) {
  const StopWordUnion& all = StopWordUnion::BuiltIn();
  const auto languages = StopWords::BuiltInLanguages();
  ASSERT_GE(languages.size(), 2u);
  size_t checked = 0;
  for (std::string_view lang : languages) {
    std::string_view text = StopWords::BuiltInListText(lang);
    size_t begin = 0;
    while (begin < text.size()) {
      size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      std::string_view w = text.substr(begin, end - begin);
      begin = end + 1;
      while (!w.empty() && (w.back() == '\r' || w.back() == ' ')) w.remove_suffix(1);
      if (w.empty() || w.front() == '#') continue;
      const uint64_t want = ListsHolding(w);
      ASSERT_NE(want, 0u) << w;
      EXPECT_EQ(all.Lists(StopWords::Hash(w), w), want) << lang << ": " << w;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
  for (const char* w : {"", "saring", "zzzz", "The", "dan "}) {
    EXPECT_EQ(all.Lists(StopWords::Hash(w), w), ListsHolding(w)) << w;
  }
}

}  // namespace
}  // namespace saring::extract_internal
