// Splits a document into lines and groups the lines into paragraphs, understanding hard-wrapped
// text (private; the rules are specified in docs/repair.md, "Paragraphs").
//
// Thread-safety: a ParagraphSplitter is not thread-safe; the free functions are.
#ifndef SARING_TEXT_PARAGRAPH_SPLITTER_H_
#define SARING_TEXT_PARAGRAPH_SPLITTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace saring::text {

// One line of the document. Offsets are bytes into the split text.
struct LineInfo {
  uint32_t begin = 0;
  uint32_t end = 0;       // content end: before "\n", "\r\n", or a final "\r"
  uint32_t next = 0;      // after the line terminator (== end for a last line without one)
  uint32_t width = 0;     // code points without trailing whitespace, saturating at kWidthCap
  bool blank = false;     // only spaces, tabs, form feeds, vertical tabs and U+00A0
  bool terminal = false;  // ends with terminal punctuation (see EndsWithTerminalPunctuation)
  bool credit = false;    // a standalone credit/tag line (see IsCreditLine)
};

// Lines [first_line, last_line] (0-based, inclusive) of one paragraph.
struct ParagraphLines {
  uint32_t first_line = 0;
  uint32_t last_line = 0;
};

// Wrap widths considered, in code points: hard wraps outside this range are not detected.
inline constexpr uint32_t kMinWrapWidth = 40;
inline constexpr uint32_t kMaxWrapWidth = 150;
// Line widths are only compared with wrap widths, so they are counted up to this cap.
inline constexpr uint32_t kWidthCap = 255;

// True if `line` (trailing whitespace allowed) ends with one of . ! ? … : 。 ！ ？ ： possibly
// followed by closing quotes or brackets (" ' ) ] } ” ’ » › 」 』 ） ］).
bool EndsWithTerminalPunctuation(std::string_view line);

// True if `line`, with surrounding whitespace trimmed, is one parenthesised short tag such as
// "(Antara)", "(esn/indo)" or "(Foto: Reuters)": it starts with '(' and ends with the only ')',
// has no other parenthesis, is at most max_chars code points, contains a letter, has at most
// kMaxCreditWords words, and is not a parenthesised sentence (3+ words ending in . ! ?).
bool IsCreditLine(std::string_view line, uint32_t max_chars);
inline constexpr int kMaxCreditWords = 6;

// Reusable splitter; keeps its vectors' capacity between documents.
class ParagraphSplitter {
 public:
  // Splits text[start, size) into lines and paragraphs, replacing the previous result.
  // REQUIRES: text is valid UTF-8 shorter than 4 GiB; start <= text.size().
  void Split(std::string_view text, uint32_t start, uint32_t max_credit_chars);

  const std::vector<LineInfo>& lines() const { return lines_; }
  const std::vector<ParagraphLines>& paragraphs() const { return paragraphs_; }
  // The detected hard-wrap width in code points, or 0 if the text does not look hard-wrapped.
  uint32_t wrap_width() const { return wrap_width_; }

 private:
  void ScanLines(std::string_view text, uint32_t start, uint32_t max_credit_chars);
  void DetectWrapWidth();
  bool JoinsNext(size_t line) const;

  std::vector<LineInfo> lines_;
  std::vector<ParagraphLines> paragraphs_;
  uint32_t wrap_width_ = 0;
};

}  // namespace saring::text

#endif  // SARING_TEXT_PARAGRAPH_SPLITTER_H_
