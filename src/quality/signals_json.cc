// AppendSignalsJson: the signals as a compact JSON object with a fixed key order and fixed
// number formatting, so that metadata.saring.signals is byte-identical across runs and machines.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "saring/quality.h"

namespace saring {
namespace {

void AppendKey(std::string_view key, std::string* out) {
  if (out->back() != '{') out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendInt(std::string_view key, uint64_t value, std::string* out) {
  AppendKey(key, out);
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, r.ptr);
}

// At most 4 decimals, trailing zeros and a trailing '.' removed: 0.25, 1, 0.1235, 12.5.
void AppendFraction(std::string_view key, double value, std::string* out) {
  AppendKey(key, out);
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, 4);
  char* end = r.ptr;
  while (end > buf && end[-1] == '0') --end;
  if (end > buf && end[-1] == '.') --end;
  std::string_view text(buf, static_cast<size_t>(end - buf));
  if (text == "-0") text = "0";
  out->append(text);
}

}  // namespace

void AppendSignalsJson(const QualitySignals& s, std::string* out) {
  out->push_back('{');
  AppendInt("chars", s.num_chars, out);
  AppendInt("words", s.num_words, out);
  AppendInt("lines", s.num_lines, out);
  AppendInt("newlines", s.num_newlines, out);
  AppendInt("paragraphs", s.num_paragraphs, out);
  AppendInt("sentences", s.num_sentences, out);
  AppendFraction("mean_word_length", s.mean_word_length, out);
  AppendFraction("hash_to_word_ratio", s.hash_to_word_ratio, out);
  AppendFraction("ellipsis_to_word_ratio", s.ellipsis_to_word_ratio, out);
  AppendFraction("bullet_line_fraction", s.bullet_line_fraction, out);
  AppendFraction("ellipsis_line_fraction", s.ellipsis_line_fraction, out);
  AppendFraction("alpha_word_fraction", s.alpha_word_fraction, out);
  if (s.stop_word_count < 0) {
    AppendKey("stop_words", out);
    out->append("null");
  } else {
    AppendInt("stop_words", static_cast<uint64_t>(s.stop_word_count), out);
  }
  AppendFraction("dup_line_fraction", s.dup_line_fraction, out);
  AppendFraction("dup_paragraph_fraction", s.dup_paragraph_fraction, out);
  AppendFraction("dup_line_char_fraction", s.dup_line_char_fraction, out);
  AppendFraction("dup_paragraph_char_fraction", s.dup_paragraph_char_fraction, out);
  static constexpr const char* kTop[] = {"top_2gram_char_fraction", "top_3gram_char_fraction",
                                         "top_4gram_char_fraction"};
  for (int i = 0; i < 3; ++i) AppendFraction(kTop[i], s.top_ngram_char_fraction[i], out);
  static constexpr const char* kDup[] = {"dup_5gram_char_fraction", "dup_6gram_char_fraction",
                                         "dup_7gram_char_fraction", "dup_8gram_char_fraction",
                                         "dup_9gram_char_fraction", "dup_10gram_char_fraction"};
  for (int i = 0; i < 6; ++i) AppendFraction(kDup[i], s.dup_ngram_char_fraction[i], out);
  AppendFraction("no_terminal_punct_line_fraction", s.no_terminal_punct_line_fraction, out);
  AppendInt("lorem_ipsum", s.lorem_ipsum_count, out);
  AppendInt("curly_braces", s.curly_brace_count, out);
  AppendFraction("javascript_line_fraction", s.javascript_line_fraction, out);
  AppendFraction("policy_line_fraction", s.policy_line_fraction, out);
  AppendFraction("few_words_line_fraction", s.few_words_line_fraction, out);
  AppendFraction("line_punct_ratio", s.line_punct_ratio, out);
  AppendFraction("short_line_ratio", s.short_line_ratio, out);
  AppendFraction("newline_to_word_ratio", s.newline_to_word_ratio, out);
  out->push_back('}');
}

}  // namespace saring
