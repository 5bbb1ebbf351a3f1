// Word segmentation (see include/saring/words.h for the rules).
//
// A single forward pass classifies each code point (ASCII by table, the rest by utf8proc's
// general category and the spaceless-script ranges) and extends or closes the current word.
// This is a deliberately small subset of UAX #29: it needs no dictionary and no allocation, and
// treats spaceless scripts one character at a time, which is what shingling needs.
#include "saring/words.h"

#include <utf8proc.h>

#include <array>

#include "text/script_ranges.h"
#include "text/utf8_codec.h"

namespace saring {
namespace {

enum class CharClass : uint8_t {
  kOther,      // separates words
  kLetter,     // L*
  kMark,       // M*
  kNumber,     // N*
  kSpaceless,  // a letter of a script written without spaces
  kJoiner,     // apostrophe or hyphen: inside a word only between two letters
};

bool IsJoiner(char32_t cp) {
  return cp == '\'' || cp == '-' || cp == 0x2019 || cp == 0x2010 || cp == 0x2011 || cp == 0x00AD;
}

CharClass ClassifyNonAscii(char32_t cp) {
  if (IsJoiner(cp)) return CharClass::kJoiner;
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
    return text::IsSpacelessScript(cp) ? CharClass::kSpaceless : CharClass::kLetter;
  }
  if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) return CharClass::kMark;
  if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) return CharClass::kNumber;
  return CharClass::kOther;
}

constexpr std::array<CharClass, 128> MakeAsciiClasses() {
  std::array<CharClass, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      classes[c] = CharClass::kLetter;
    } else if (c >= '0' && c <= '9') {
      classes[c] = CharClass::kNumber;
    } else {
      classes[c] = (c == '\'' || c == '-') ? CharClass::kJoiner : CharClass::kOther;
    }
  }
  return classes;
}

constexpr std::array<CharClass, 128> kAsciiClasses = MakeAsciiClasses();

inline bool IsAsciiAlnum(unsigned char c) {
  return c < 0x80 &&
         (kAsciiClasses[c] == CharClass::kLetter || kAsciiClasses[c] == CharClass::kNumber);
}

inline CharClass Classify(char32_t cp) {
  return cp < 0x80 ? kAsciiClasses[cp] : ClassifyNonAscii(cp);
}

struct Cursor {
  const unsigned char* s;
  size_t n;
  size_t i;
  // Decodes the code point at i without advancing; invalid bytes decode as U+FFFD (kOther).
  text::Decoded Peek() const {
    if (s[i] < 0x80) return {s[i], 1, true};
    return text::DecodeUtf8(s, n, i);
  }
};

}  // namespace

void SegmentWords(std::string_view input, std::vector<WordSpan>* out) {
  Cursor cur{reinterpret_cast<const unsigned char*>(input.data()), input.size(), 0};
  bool in_word = false;
  bool last_is_letter = false;  // the word's last character is a letter or mark
  uint32_t word_begin = 0;
  auto close = [&](size_t end) {
    if (in_word) out->push_back({word_begin, static_cast<uint32_t>(end), false});
    in_word = false;
  };
  while (cur.i < cur.n) {
    if (IsAsciiAlnum(cur.s[cur.i])) {  // fast path: a run of ASCII letters and digits
      if (!in_word) word_begin = static_cast<uint32_t>(cur.i);
      in_word = true;
      size_t j = cur.i + 1;
      while (j < cur.n && IsAsciiAlnum(cur.s[j])) ++j;
      last_is_letter = kAsciiClasses[cur.s[j - 1]] == CharClass::kLetter;
      cur.i = j;
      continue;
    }
    const text::Decoded d = cur.Peek();
    const CharClass cls = d.valid ? Classify(d.cp) : CharClass::kOther;
    const size_t here = cur.i;
    cur.i += d.length;
    switch (cls) {
      case CharClass::kLetter:
      case CharClass::kMark:
      case CharClass::kNumber:
        if (!in_word) word_begin = static_cast<uint32_t>(here);
        in_word = true;
        last_is_letter = cls != CharClass::kNumber;
        break;
      case CharClass::kSpaceless: {
        close(here);
        // The letter and the combining marks after it form one word.
        while (cur.i < cur.n) {
          const text::Decoded m = cur.Peek();
          if (!m.valid || Classify(m.cp) != CharClass::kMark) break;
          cur.i += m.length;
        }
        out->push_back({static_cast<uint32_t>(here), static_cast<uint32_t>(cur.i), true});
        break;
      }
      case CharClass::kJoiner: {
        bool joins = false;
        if (in_word && last_is_letter && cur.i < cur.n) {
          const text::Decoded next = cur.Peek();
          joins = next.valid && Classify(next.cp) == CharClass::kLetter;
        }
        if (!joins) close(here);
        break;
      }
      case CharClass::kOther: close(here); break;
    }
  }
  close(cur.n);
}

}  // namespace saring
