// Fuzz target: word segmentation (include/saring/words.h).
//
// Input: any bytes, segmented as they are. Properties:
//  - SegmentWords appends (keeps what *out held);
//  - every span is non-empty, inside the text, and after the previous one (sorted, disjoint);
//  - every span is valid UTF-8 and a spaceless span is one letter plus combining marks;
//  - the spans equal those of a slow reference written here from the rules in words.h, one code
//    point at a time (own UTF-8 decoder, utf8proc categories), so the ASCII fast path and the
//    decoder of the library are checked against an independent reading of the rules.
#include <utf8proc.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_utf8.h"
#include "saring/normalize.h"
#include "saring/words.h"
#include "text/script_ranges.h"

namespace {

enum class Cls : uint8_t { kOther, kLetter, kMark, kNumber, kSpaceless, kJoiner };

struct CodePoint {
  uint32_t begin, end;
  Cls cls;
};

// Decodes a well-formed sequence at s[i] into *cp and returns its length, or returns 0.
size_t Decode(std::string_view s, size_t i, char32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const size_t n = saring_fuzz::WellFormedLength(s, i);
  if (n == 1) *cp = b(0);
  if (n == 2) *cp = (char32_t{b(0)} & 0x1F) << 6 | (b(1) & 0x3F);
  if (n == 3) *cp = (char32_t{b(0)} & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
  if (n == 4) {
    *cp = (char32_t{b(0)} & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
  }
  return n;
}

Cls Classify(char32_t cp) {
  if (cp == '\'' || cp == '-' || cp == 0x2019 || cp == 0x2010 || cp == 0x2011 || cp == 0x00AD) {
    return Cls::kJoiner;
  }
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return saring::text::IsSpacelessScript(cp) ? Cls::kSpaceless : Cls::kLetter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return Cls::kMark;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return Cls::kNumber;
    default: return Cls::kOther;
  }
}

// The text as code points; an ill-formed byte is a one-byte kOther.
std::vector<CodePoint> Decompose(std::string_view s) {
  std::vector<CodePoint> cps;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const size_t n = Decode(s, i, &cp);
    const uint32_t begin = static_cast<uint32_t>(i);
    i += n == 0 ? 1 : n;
    cps.push_back({begin, static_cast<uint32_t>(i), n == 0 ? Cls::kOther : Classify(cp)});
  }
  return cps;
}

// The rules of words.h, one code point at a time. A joiner stays inside a word when the word's
// last code point is a letter or a mark (a mark belongs to the letter it follows) and the next
// code point is a letter of a spaced script.
std::vector<saring::WordSpan> ReferenceSegment(std::string_view s) {
  const std::vector<CodePoint> cps = Decompose(s);
  std::vector<saring::WordSpan> words;
  bool open = false;
  Cls last = Cls::kOther;
  for (size_t k = 0; k < cps.size(); ++k) {
    const CodePoint& c = cps[k];
    const bool next_is_letter = k + 1 < cps.size() && cps[k + 1].cls == Cls::kLetter;
    if (c.cls == Cls::kSpaceless) {
      open = false;
      size_t j = k + 1;
      while (j < cps.size() && cps[j].cls == Cls::kMark) ++j;
      words.push_back({c.begin, cps[j - 1].end, true});
      k = j - 1;
      continue;
    }
    const bool word_char = c.cls == Cls::kLetter || c.cls == Cls::kMark || c.cls == Cls::kNumber;
    const bool inner_joiner = c.cls == Cls::kJoiner && open &&
                              (last == Cls::kLetter || last == Cls::kMark) && next_is_letter;
    if (word_char || inner_joiner) {
      if (!open) words.push_back({c.begin, c.end, false});
      words.back().end = c.end;
      open = true;
      if (word_char) last = c.cls;
    } else {
      open = false;
    }
  }
  return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<saring::WordSpan> words = {{7, 3, true}};  // must survive: SegmentWords appends
  saring::SegmentWords(text, &words);
  SARING_FUZZ_CHECK(words[0].begin == 7 && words[0].end == 3, "SegmentWords did not append");
  uint32_t prev_end = 0;
  for (size_t i = 1; i < words.size(); ++i) {
    const saring::WordSpan& w = words[i];
    SARING_FUZZ_CHECK(w.begin < w.end, "empty word");
    SARING_FUZZ_CHECK(w.end <= size, "word past the end of the text");
    SARING_FUZZ_CHECK(w.begin >= prev_end, "words overlap or are out of order");
    prev_end = w.end;
    const std::string_view word = text.substr(w.begin, w.end - w.begin);
    SARING_FUZZ_CHECK(saring::IsValidUtf8(word), "word is not valid UTF-8");
    if (w.spaceless_script) {
      const std::vector<CodePoint> cps = Decompose(word);
      SARING_FUZZ_CHECK(cps[0].cls == Cls::kSpaceless, "spaceless word starts with a non-letter");
      for (size_t k = 1; k < cps.size(); ++k) {
        SARING_FUZZ_CHECK(cps[k].cls == Cls::kMark, "spaceless word holds two letters");
      }
    }
  }
  const std::vector<saring::WordSpan> expected = ReferenceSegment(text);
  SARING_FUZZ_CHECK(expected.size() == words.size() - 1, "word count differs from the reference");
  for (size_t i = 0; i < expected.size(); ++i) {
    const saring::WordSpan& w = words[i + 1];
    SARING_FUZZ_CHECK(w.begin == expected[i].begin && w.end == expected[i].end &&
                          w.spaceless_script == expected[i].spaceless_script,
                      "word differs from the reference");
  }
  return 0;
}
