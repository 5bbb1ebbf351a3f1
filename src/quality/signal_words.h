// The word-level helpers of SignalComputer (signals.cc): C4 keywords and policy phrases, the
// sentence-end class of a token's last byte, the "javascript" prefix, Unicode letters and
// lower-casing of short non-ASCII cores. Inline: they run once per token or per distinct core.
#ifndef SARING_QUALITY_SIGNAL_WORDS_H_
#define SARING_QUALITY_SIGNAL_WORDS_H_

#include <utf8proc.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace saring::quality_internal {

// Words the C4 checks look for, as word cores.
enum Keyword : uint8_t {
  kNoKeyword,
  kLorem,
  kIpsum,
  kTerms,
  kOf,
  kUse,
  kUses,
  kPrivacy,
  kPolicy,
  kCookie,
  kCookies,
};

inline Keyword LookupKeyword(std::string_view w) {
  switch (w.size()) {
    case 2: return w == "of" ? kOf : kNoKeyword;
    case 3: return w == "use" ? kUse : kNoKeyword;
    case 4: return w == "uses" ? kUses : kNoKeyword;
    case 5:
      return w == "lorem" ? kLorem : w == "ipsum" ? kIpsum : w == "terms" ? kTerms : kNoKeyword;
    case 6: return w == "policy" ? kPolicy : w == "cookie" ? kCookie : kNoKeyword;
    case 7: return w == "privacy" ? kPrivacy : w == "cookies" ? kCookies : kNoKeyword;
    default: return kNoKeyword;
  }
}

// True if the three most recent keywords (k2, k1, k0 = current) end a C4 policy phrase.
inline bool EndsPolicyPhrase(Keyword k2, Keyword k1, Keyword k0) {
  if (k0 == kPolicy) return k1 == kPrivacy || k1 == kCookie;
  if (k0 == kCookies) return k1 == kUses || k1 == kUse || (k1 == kOf && k2 == kUse);
  return k0 == kUse && k1 == kOf && k2 == kTerms;
}

// Whether a token ends a sentence, by its last byte when that settles it: yes for . ! ?, no for
// other ASCII; closing quotes and brackets and non-ASCII bytes need a look further back.
enum SentenceClass : uint8_t { kNotSentenceEnd, kSentenceEnd, kLookBack };
struct SentenceClasses {
  uint8_t cls[256];
  constexpr SentenceClasses() : cls() {
    for (int c = 0; c < 256; ++c) {
      cls[c] = c == '.' || c == '!' || c == '?'                             ? kSentenceEnd
               : c == '"' || c == '\'' || c == ')' || c == ']' || c >= 0x80 ? kLookBack
                                                                            : kNotSentenceEnd;
    }
  }
};
constexpr SentenceClasses kSentenceClasses;

inline bool StartsWithJavascript(const uint8_t* p, size_t b, size_t e) {
  static constexpr char kWord[] = "javascript";
  if (e - b < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    if ((p[b + i] | 0x20) != kWord[i]) return false;
  }
  return true;
}

// True if the non-ASCII text p[b, e) contains a letter (Unicode L*).
inline bool HasUnicodeLetter(const uint8_t* p, size_t b, size_t e) {
  while (b < e) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p + b, static_cast<utf8proc_ssize_t>(e - b), &cp);
    if (n <= 0) {
      ++b;
      continue;
    }
    const utf8proc_category_t cat = utf8proc_category(cp);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return true;
    b += static_cast<size_t>(n);
  }
  return false;
}

// Lower-cases p[b, e) (at most StopWords::kMaxStopWordBytes bytes) code point by code point with
// utf8proc into buf (an invalid byte is copied); returns its length. (ASCII text takes
// LowerAscii or the CoreKey, which give the same bytes.)
inline size_t LowerCase(const uint8_t* p, size_t b, size_t e, uint8_t* buf) {
  size_t k = 0;
  while (b < e) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p + b, static_cast<utf8proc_ssize_t>(e - b), &cp);
    if (n <= 0) {
      buf[k++] = p[b++];
      continue;
    }
    k += static_cast<size_t>(utf8proc_encode_char(utf8proc_tolower(cp), buf + k));
    b += static_cast<size_t>(n);
  }
  return k;
}

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_SIGNAL_WORDS_H_
