// Test-only helpers for fastText models: real text from the repository, models trained here
// with Debian's `fasttext` command, and libfasttext's predictions as the reference.
// Header-only so that it stays out of the libraries (tests link libfasttext).
#ifndef SARING_LANGID_FASTTEXT_TEST_UTIL_H_
#define SARING_LANGID_FASTTEXT_TEST_UTIL_H_

#include <fasttext/fasttext.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace saring::test_util {

inline bool HaveFastTextCommand() {
  return std::system("command -v fasttext >/dev/null 2>&1") == 0;
}

// The documents, paragraphs and lines of the plain-text sample documents in examples/sample (Indonesian and English
// news and blog posts): JSON lines' "text" with \n, \", \\ and \uXXXX (BMP) decoded.
inline std::vector<std::string> RepoParagraphs() {
  std::vector<std::string> texts;
  const std::filesystem::path root = std::filesystem::path(SARING_SOURCE_DIR) / "examples/sample";
  std::ifstream jsonl(root / "news-a.jsonl");
  std::string line;
  while (std::getline(jsonl, line)) {
    const size_t at = line.find("\"text\": \"");
    if (at == std::string::npos) continue;
    std::string text;
    for (size_t i = at + 9; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\' || i + 1 >= line.size()) {
        text.push_back(line[i]);
        continue;
      }
      const char e = line[++i];
      if (e == 'n') {
        text.push_back('\n');
      } else if (e == 'u' && i + 4 < line.size()) {
        const unsigned cp = std::stoul(line.substr(i + 1, 4), nullptr, 16);
        i += 4;
        if (cp < 0x80) {
          text.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          text.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          text.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          text.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
      } else {
        text.push_back(e);
      }
    }
    texts.push_back(std::move(text));
  }
  std::vector<std::filesystem::path> posts;
  for (const auto& entry : std::filesystem::directory_iterator(root / "posts"))
    posts.push_back(entry.path());
  std::sort(posts.begin(), posts.end());
  for (const auto& path : posts) {
    std::ifstream in(path);
    texts.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  // Whole documents, then their lines and paragraphs (split at blank lines).
  std::vector<std::string> paragraphs = texts;
  for (const std::string& t : texts) {
    for (std::string_view separator : {std::string_view("\n"), std::string_view("\n\n")}) {
      size_t begin = 0;
      while (begin < t.size()) {
        size_t end = t.find(separator, begin);
        if (end == std::string::npos) end = t.size();
        if (end > begin) paragraphs.push_back(t.substr(begin, end - begin));
        begin = end + separator.size();
      }
    }
  }
  return paragraphs;
}

// A label for a paragraph, from its own words, so that a model has something to learn:
// Indonesian function words -> "id", else "en"; a second label "num" with digits.
inline std::string TrainingLabels(const std::string& text) {
  std::string labels;
  const bool indonesian = text.find(" yang ") != std::string::npos ||
                          text.find(" dan ") != std::string::npos ||
                          text.find(" di ") != std::string::npos;
  labels = indonesian ? "__label__id" : "__label__en";
  if (text.find_first_of("0123456789") != std::string::npos) labels += " __label__num";
  return labels;
}

// Writes the training file (one paragraph per line, newlines as spaces) and trains
// `dir`/`name`.bin with `fasttext supervised <options>`; returns the path of the .bin.
// `many_labels` > 0 labels line i "__label__L<i % many_labels>" instead (quantising the
// output matrix needs at least 256 labels).
inline std::string TrainFastText(const std::string& dir, const std::string& name,
                                 const std::string& options, int many_labels = 0) {
  const std::string train = dir + "/" + name + ".train.txt";
  {
    std::ofstream out(train);
    int line = 0;
    for (std::string p : RepoParagraphs()) {
      for (char& c : p) {
        if (c == '\n') c = ' ';
      }
      if (many_labels > 0) {
        out << "__label__L" << (line++ % many_labels) << ' ' << p << '\n';
      } else {
        out << TrainingLabels(p) << ' ' << p << '\n';
      }
    }
  }
  const std::string output = dir + "/" + name;
  const std::string cmd = "fasttext supervised -input '" + train + "' -output '" + output +
                          "' -thread 1 -verbose 0 " + options + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return output + ".bin";
}

// Quantises a model trained by TrainFastText into `dir`/`name`.ftz.
inline std::string QuantizeFastText(const std::string& dir, const std::string& name,
                                    const std::string& options) {
  const std::string cmd = "fasttext quantize -input '" + dir + "/" + name +
                          ".train.txt' -output '" + dir + "/" + name + "' -thread 1 -verbose 0 " +
                          options + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return dir + "/" + name + ".ftz";
}

// libfasttext's predictions for `text` read as one line (newlines as spaces), as
// (probability, label) pairs, best first.
inline std::vector<std::pair<double, std::string>> ReferencePredict(const fasttext::FastText& model,
                                                                    std::string text, int32_t k,
                                                                    float threshold = 0.0f) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  text.push_back('\n');
  std::istringstream in(text);
  std::vector<int32_t> words, labels;
  model.getDictionary()->getLine(in, words, labels);
  fasttext::Predictions predictions;
  model.predict(k, words, predictions, threshold);
  std::vector<std::pair<double, std::string>> out;
  for (const auto& [score, id] : predictions) {
    out.emplace_back(std::exp(static_cast<double>(score)), model.getDictionary()->getLabel(id));
  }
  return out;
}

}  // namespace saring::test_util

#endif  // SARING_LANGID_FASTTEXT_TEST_UTIL_H_
