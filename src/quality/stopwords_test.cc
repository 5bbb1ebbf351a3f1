// Tests for the stop-word lists: the compiled-in lists match data/stopwords, parse, and contain
// what the Gopher rule needs; the parser rejects malformed lists.
#include "saring/stopwords.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace saring {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(StopWords, CompiledListsMatchDataFiles) {
  const std::filesystem::path dir = std::filesystem::path(SARING_SOURCE_DIR) / "data/stopwords";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    const std::string language = entry.path().stem().string();
    EXPECT_EQ(StopWords::BuiltInListText(language), ReadFile(entry.path()))
        << language << ": run sh src/quality/gen_stopwords_data.sh";
  }
  EXPECT_EQ(files, StopWords::BuiltInLanguages().size());
}

TEST(StopWords, BuiltInListsLoad) {
  for (std::string_view language : StopWords::BuiltInLanguages()) {
    SCOPED_TRACE(language);
    const Result<StopWords> parsed = StopWords::Parse(StopWords::BuiltInListText(language));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    const StopWords* builtin = StopWords::BuiltIn(language);
    ASSERT_NE(builtin, nullptr);
    EXPECT_EQ(builtin->words(), parsed->words());
    EXPECT_GE(builtin->size(), 100u);
  }
  EXPECT_EQ(StopWords::BuiltIn("xx"), nullptr);
  EXPECT_EQ(StopWords::BuiltIn("en"), StopWords::BuiltIn("en"));  // one object
}

TEST(StopWords, EnglishHasGophersWords) {
  const StopWords* en = StopWords::BuiltIn("en");
  ASSERT_NE(en, nullptr);
  for (const char* w : {"the", "be", "to", "of", "and", "that", "have", "with"}) {
    EXPECT_TRUE(en->Contains(w)) << w;
  }
  EXPECT_FALSE(en->Contains("The"));  // callers lower-case first
  EXPECT_FALSE(en->Contains("river"));
}

TEST(StopWords, IndonesianLoads) {
  const StopWords* id = StopWords::BuiltIn("id");
  ASSERT_NE(id, nullptr);
  for (const char* w : {"yang", "dan", "di", "ini", "itu", "dengan", "untuk"}) {
    EXPECT_TRUE(id->Contains(w)) << w;
  }
  EXPECT_FALSE(id->Contains("berita"));
}

TEST(StopWords, ParseFormatAndErrors) {
  const Result<StopWords> ok = StopWords::Parse("# comment\n\n  alpha \r\nbeta\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_TRUE(ok->Contains("alpha"));
  EXPECT_TRUE(ok->ContainsHashed(StopWords::Hash("beta"), "beta"));
  EXPECT_FALSE(ok->Contains("gamma"));

  const Result<StopWords> upper = StopWords::Parse("ok\nNotLower\n");
  ASSERT_FALSE(upper.ok());
  EXPECT_EQ(upper.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(upper.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(StopWords::Parse("two words\n").ok());
  EXPECT_FALSE(StopWords::Parse("dup\ndup\n").ok());
  EXPECT_FALSE(StopWords::Parse(std::string(33, 'a')).ok());
  EXPECT_TRUE(StopWords().empty());
  EXPECT_FALSE(StopWords().Contains("the"));
}

}  // namespace
}  // namespace saring
