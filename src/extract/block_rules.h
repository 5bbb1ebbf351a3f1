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

// Calls fn(word) for each space- or newline-separated word of `text`, with ASCII punctuation
// (.,;:!?"'()[]-) trimmed from both ends and ASCII letters lower-cased in *scratch; words empty
// after trimming or longer than `max_bytes` are counted but not passed. Returns the word count.
template <class Fn>
uint32_t ForEachLowerWord(std::string_view text, size_t max_bytes, std::string* scratch, Fn&& fn) {
  auto edge = [](char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' ||
           c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '-';
  };
  uint32_t words = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (start == i) break;
    ++words;
    std::string_view w = text.substr(start, i - start);
    while (!w.empty() && edge(w.front())) w.remove_prefix(1);
    while (!w.empty() && edge(w.back())) w.remove_suffix(1);
    if (w.empty() || w.size() > max_bytes) continue;
    scratch->assign(w);
    for (char& c : *scratch) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    fn(std::string_view(*scratch));
  }
  return words;
}

// True if the text ends a sentence: its last character is . ! ? : or a closing quote.
bool EndsSentence(std::string_view text);

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_BLOCK_RULES_H_
