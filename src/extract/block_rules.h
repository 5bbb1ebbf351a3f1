// Text rules for blocks (private to the extract module): what a block's words alone say about
// it. They recognise the lines news sites put around an article that a tag or class does not
// always mark: related-article links ("Baca juga: ...", "Read also"), photo captions and
// credits ("Foto: ...", "(Sputnik)"), editor tags ("(esn/indo)"), bylines and tag lists,
// pagination ("Halaman 1 2 3 Selanjutnya"), share prompts, cookie notices and ad labels.
// Each rule is bounded by a word count, so a long paragraph that starts the same way is content.
//
// Thread-safety: stateless functions.
#ifndef SARING_EXTRACT_BLOCK_RULES_H_
#define SARING_EXTRACT_BLOCK_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/word_scan.h"

namespace saring::extract_internal {

// The rule a block of `words` whitespace-separated words matches ("related link", "photo
// credit", "editor tag", "credit", "byline", "pagination", "share prompt", "cookie notice",
// "advertisement label"), or "" for none.
std::string_view TextRule(std::string_view text, uint32_t words);

// True for an editor's tag: "(esn/indo)", "(sya)", "(rm/indo)": lower-case letters in
// parentheses, 1-6 letters per part, at most four parts separated by '/'.
bool IsEditorTag(std::string_view s);

// The length of `text` without a trailing editor tag that follows the end of a sentence
// ("... pertemuan itu. (esn/indo)" -> "... pertemuan itu."); text.size() if there is none.
size_t WithoutTrailingEditorTag(std::string_view text);

// The longest word ForEachLowerWord passes on.
inline constexpr size_t kMaxLowerWordBytes = 64;

// Calls fn(word) for each space- or newline-separated word of `text`, with ASCII punctuation
// (.,;:!?"'()[]-) trimmed from both ends and ASCII letters lower-cased (the view passed points
// into a buffer of the call); words empty after trimming or longer than `max_bytes` are counted
// but not passed. Returns the word count. REQUIRES: max_bytes <= kMaxLowerWordBytes.
template <class Fn>
uint32_t ForEachLowerWord(std::string_view text, size_t max_bytes, Fn&& fn) {
  auto edge = [](char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' ||
           c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '-';
  };
  char lower[kMaxLowerWordBytes];
  const char* p = text.data();
  const size_t n = text.size();
  uint32_t words = 0;
  size_t i = 0;
  while (i < n) {
    const size_t start = NextWhere<false>(p, i, n);
    if (start == n) break;
    i = NextWhere<true>(p, start + 1, n);
    ++words;
    size_t b = start, e = i;
    while (b < e && edge(p[b])) ++b;
    while (e > b && edge(p[e - 1])) --e;
    if (b == e || e - b > max_bytes) continue;
    for (size_t k = b; k < e; ++k) {
      const char c = p[k];
      lower[k - b] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    fn(std::string_view(lower, e - b));
  }
  return words;
}

// True if the text ends a sentence: its last character is . ! ? : or a closing quote.
bool EndsSentence(std::string_view text);

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_BLOCK_RULES_H_
