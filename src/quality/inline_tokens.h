// Tokens of a paragraph for inline boilerplate (boilerplate_inline.h), and the byte-level filter
// that spares most lines the tokenising: both the learner and the matcher use them, so they agree.
#ifndef SARING_QUALITY_INLINE_TOKENS_H_
#define SARING_QUALITY_INLINE_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace saring::quality_internal {

// Longest colon label, in words ("Baca Juga Selengkapnya:").
constexpr uint32_t kMaxLabelWords = 3;

// A whitespace-separated token of a paragraph. Its core is the token without leading opening
// quotes/brackets and trailing punctuation.
struct InlineToken {
  uint32_t begin = 0, end = 0;            // the token's bytes in the text
  uint32_t core_begin = 0, core_end = 0;  // its core (may be empty: "-", "|")
  enum Case : uint8_t { kUpper, kLower, kDigit, kOther } first = kOther;  // of the core
  bool all_caps = false;       // the core has >= 2 letters, none lower case
  bool sentence_end = false;   // trailing . ! ? or an ellipsis (before closing quotes/brackets)
  bool comma = false;          // trailing ','
  bool colon = false;          // trailing ':'
  bool opening_quote = false;  // starts with an opening quote
  bool quoted = false;         // starts inside a quotation, or opens one
};

// Quotation state at a point of a line: an ASCII '"' open, and the depth of curly quotes.
struct QuoteState {
  bool ascii_open = false;
  int curly_depth = 0;
};

// The quotation state after p[b, e) (from an empty state): the same rule as TokenizeLine.
QuoteState QuotesBefore(const uint8_t* p, size_t b, size_t e);

// Appends the tokens of text[b, e) (at most max_tokens) to *out, tracking quotations from
// `quotes`, the state at b. Returns false if it stopped at max_tokens before e.
bool TokenizeLine(std::string_view text, size_t b, size_t e, std::vector<InlineToken>* out,
                  size_t max_tokens = SIZE_MAX, QuoteState quotes = {});

// Sets (*inside)[k] for the capitalised tokens written inside a sentence: after a lower-case word
// ("kata Gilang", "di Medan") or after another such token ("kata Gilang Ramadhan"), evidence that
// a word is a name. Words after "juga"/"pula"/"also"/"more" are not marked: they follow a marker
// without a colon and are a headline.
void MarkInsideSentence(std::string_view text, const std::vector<InlineToken>& tokens,
                        std::vector<uint8_t>* inside);

// A token that only separates: ":", "-", "–", "—", "»", "|", ">>", "•".
bool IsSeparator(std::string_view token);

// Words that, after "(", open a caption: "(Foto: ...)", "(FOTO/ANTARA)".
std::span<const std::string_view> CaptionWords();

// The start of the label of 1-kMaxLabelWords words that ends at the colon p[colon] and opens a
// sentence (at lb, the line's start, or after . ! ? or an ellipsis and closing quotes), or npos.
size_t LabelStart(const uint8_t* p, size_t lb, size_t colon);

// The lower-cased words of the label text[start, colon) joined by single spaces: the same string
// InlineScanner::LabelAt builds from tokens.
void LabelText(std::string_view text, size_t start, size_t colon, std::string* out);

// A cheap byte scan of the line text[lb, le) before tokenising it: true if it has a caption
// "(<word>", a sentence opening with a built-in marker that needs no colon, a colon label opening
// a sentence that starts with a built-in marker's first word, or one for which label(start,
// colon) is true. Every line in which a marker can be cut passes (a superset); most lines of
// ordinary text do not. Without `seeds`, only label() is asked.
bool MayHoldMarker(std::string_view text, size_t lb, size_t le, bool seeds,
                   const std::function<bool(size_t, size_t)>& label);

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_INLINE_TOKENS_H_
