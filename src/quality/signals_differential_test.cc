// Differential test: SignalComputer against the plain reference implementation of
// docs/quality.md (signals_reference.h), on hand-written and generated documents, with every
// stop-word setting; every field must match bit for bit. Golden digests guard against the two
// drifting together.
#include "saring/quality.h"

#include <gtest/gtest.h>
#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "quality/quality_test_util.h"
#include "quality/signals_reference.h"

namespace saring {
namespace {

using quality_reference::Fields;
using quality_test::English;
using quality_test::kGoodText;
using quality_test::UniqueWords;

// Hand-written documents that reach every branch of the scanner.
std::vector<std::string> HandWrittenDocs() {
  std::vector<std::string> docs = {
      "",
      " ",
      "\n",
      "\n\n \n\t\n",
      "\r\n\r\n",
      kGoodText,
      "The cat sat on the mat.\nThe cat sat on the mat.\n\n- A list item...\n#tag {x}",
      // Indonesian news, with a repeated line and paragraph.
      "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\n"
      "Menurut dia, proyek ini akan mempercepat distribusi barang dan mengurangi kemacetan.\n\n"
      "\"Kami berharap masyarakat dapat memanfaatkan jalan ini dengan baik,\" ujarnya.\n"
      "Baca juga: Harga BBM naik lagi?\n\n"
      "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\n"
      "Menurut dia, proyek ini akan mempercepat distribusi barang dan mengurangi kemacetan.\n\n"
      "Baca juga: Harga BBM naik lagi?\n",
      // Accented Latin, guillemets, curly quotes.
      "Café au lait. L'ÉCOLE est fermée… « Très bien » ! Ça coûte 3,50 €.\n"
      "Ärger über Öl — ÜBERALL straße STRASSE. “Quoted.” ‘single’ (naïve)\n"
      "ÀÉÎÕÜ àéîõü ĀĒĪŌŪ ŁŃŚŹŻ ÐÞ ðþ Ÿ ÿ µ ª º ¹ ½ ẞ ß Ω K Å ǅ",
      // CJK and other full stops.
      "中文文本没有空格。这是第二句！\n日本語のテキスト？\nمرحبا؟\nनमस्ते।\n한국어 텍스트입니다.",
      // Every bullet, and lines that only look like bullets.
      "- one\n* two\n• three\n‣ four\n◦ five\n▪ six\n● seven\n○ eight\n· nine\n– ten\n"
      "— eleven\n► twelve\n■ thirteen\n+ not\n\xC0\xAD overlong dash\n-\n",
      // Ellipses: runs of dots and U+2026, at line ends and inside words.
      "Wait... what.... really..... \xE2\x80\xA6 end...\n....\n..\nx.y.z...\n"
      "a\xE2\x80\xA6\xE2\x80\xA6 \xE2\x80\xA6\n.. .\n......",
      // Repeated lines, paragraphs and n-grams, including ties for the top n-gram.
      "x y x y z w z w\nx y x y z w z w\n\nx y\n\nx y\n",
      "a b c d e f g h i j k a b c d e f g h i j k a b c d e f g h i j k\n"
      "a b c d e f g h i j k l m n o p\n",
      // Long words: exactly 15, 16, 17, 31, 32, 33, 64 and 65+ bytes, ASCII and not.
      "abcdefghijklmno ABCDEFGHIJKLMNOP abcdefghijklmnopq ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE "
      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG "
      "(ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF). "
      "Supercalifragilisticexpialidocious-Supercalifragilisticexpialidocious-and-more-more "
      "éééééééééééééééé ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ ÉCOLEÉCOLEÉCOLEÉCOLEÉCOLEÉCOLEÉCOLE "
      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF abcdefghijklmnopqrstuvwxyzabcdef "
      "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl\"!!! "
      "https://example.com/a/very/long/path/that/keeps/going/and/going/index.html?x=1",
      // Invalid UTF-8: lone lead and continuation bytes, overlongs, surrogates, truncation.
      "\xC0\xAD item \xFF\xFE bad \xE2\x80 cut \x80\x80 cont \xED\xA0\x80 sur \xF4\x90\x80\x80 big"
      " \xF0\x9F\x98\x80 emoji \xC3( paren \xE2\x80\xA6. end \xC2",
      "abc \xE2\x80",
      "abc \xE2",
      "\xE3\x80",
      // CRLF line ends.
      "Line one.\r\nLine two.\r\n\r\nLine three\r\nLine one.\r\n",
      // Unicode whitespace (and U+200B, U+2028, U+00A1, U+3001, which are not whitespace).
      "a\xC2\xA0"
      "b\xE2\x80\x80"
      "c\xE2\x80\x83"
      "d\xE2\x80\x8A"
      "e\xE2\x80\xAF"
      "f\xE2\x81\x9F"
      "g\xE3\x80\x80"
      "h\xE2\x80\x8B"
      "i\xE2\x80\xA8"
      "j\xC2\xA1"
      "k\xE3\x80\x81"
      "l\n"
      "\xC2\xA0\xE3\x80\x80 lead and trail \xE2\x80\x80\xC2\xA0\n\xE3\x80\x80\n",
      // C4 keyword phrases and lorem ipsum, across punctuation and case.
      "Terms of Use. Privacy Policy; cookie policy. This site uses cookies. use of cookies,\n"
      "use cookies. Lorem ipsum dolor. lorem, ipsum. LOREM IPSUM. lorem\nipsum\n"
      "terms of\nuse. privacy, policy! (Cookie) (Policy) use-of-cookies Terms Of Use\n",
      // javascript, including a dotted capital I that lower-cases to ASCII.
      "Enable JavaScript. javascript:void(0) (JAVASCRIPT) JavaScripts javascrip\n"
      "JAVASCR\xC4\xB0PT java script\n",
      // Stop words in both built-in lists, with punctuation and case.
      "(The) AND, yang; Dan. di Di DI ke-dan the the The THE thé",
      "#hash #tags {braces} {{}} ## a#b",
      // NUL and control bytes.
      [] {
        static const char kText[] = "x\0y z\0 \0\0 \x01\x7F\x1B end.";
        return std::string(kText, sizeof(kText) - 1);
      }(),
      // Tokens that are all punctuation.
      "-- ... !!! --- ?! (...) \"\" '' ]]",
      // Sentence ends behind closing quotes and brackets.
      "He said \"Stop.\" Then (again.) and [\"done!\"] and 'why?' “Yes.” ‘No!’ «Non.» .\"\" \".",
      "'''.''' ).) ]' x.'\"')",
      // Very short documents.
      "a",
      "a b",
      "A.",
      "x\n",
  };
  std::string repeated;
  for (int i = 0; i < 50; ++i) repeated += "the same words again and again ";
  docs.push_back(repeated);
  return docs;
}

// `open` + `middle` + `close`, appended piece by piece (GCC 12's -Wrestrict misreads an insert at
// the front of a string, and clang-tidy asks for no temporary concatenations).
std::string Wrapped(const char* open, const std::string& middle, const char* close) {
  std::string out = open;
  out += middle;
  out += close;
  return out;
}

// Generated documents: a mix of the pieces above, random words from a small vocabulary (so
// that n-grams repeat), copied runs of earlier tokens, repeated lines, long tokens, random bytes
// and random code points, separated by every kind of whitespace. Uses only rng() % n, whose
// values the standard fixes, one call per statement (the order of two calls in one expression
// is unspecified), so the documents are the same with every compiler and option.
std::vector<std::string> GeneratedDocs(uint64_t seed, size_t count) {
  static const char* const kPieces[] = {
      "The",
      "the",
      "THE",
      "of",
      "Of",
      "terms",
      "Terms",
      "use",
      "Use",
      "uses",
      "privacy",
      "Policy",
      "policy",
      "cookie",
      "Cookies",
      "cookies",
      "lorem",
      "Ipsum",
      "ipsum",
      "LOREM",
      "javascript:void(0)",
      "JavaScript",
      "javascrip",
      "dan",
      "yang",
      "di",
      "Dan",
      "and",
      "to",
      "be",
      "that",
      "with",
      "a",
      "I",
      "café",
      "École",
      "ÉCOLE",
      "Ünïcödé",
      "naïve",
      "Đà",
      "İstanbul",
      "ΣΊΣΥΦΟΣ",
      "Привет",
      "ПРИВЕТ",
      "中文字符",
      "日本語",
      "。",
      "！",
      "？",
      "؟",
      "।",
      "…",
      "“",
      "”",
      "‘",
      "’",
      "»",
      "«",
      "x…",
      "end。",
      "-",
      "*",
      "•",
      "‣",
      "◦",
      "▪",
      "●",
      "○",
      "·",
      "–",
      "—",
      "►",
      "■",
      "- item",
      "* star",
      ".",
      "...",
      "....",
      "..",
      "......",
      "!",
      "?",
      "\"",
      "'",
      ")",
      "]",
      "(",
      "[",
      "#",
      "{",
      "}",
      "--",
      ",",
      ";",
      ":",
      "@",
      "`",
      "~",
      "\\",
      "/",
      "123",
      "42.",
      "3.14",
      "#tag",
      "{x}",
      "word.\"",
      "end.)",
      "stop!\xE2\x80\x99",
      "q?\xE2\x80\x9D",
      "x\xC2\xBB",
      "\xC2",
      "\xE2\x80",
      "\xFF",
      "\x80",
      "\xF0\x9F\x98\x80",
      "\xC0\xAF",
      "\xC0\xAD",
      "\xED\xA0\x80",
      "\xF4\x90\x80\x80",
      "\xE2\x80\x8B",
      "\xE2\x80\xA8",
      "\xC2\xA1",
      "\xE3\x80\x81",
      "\xE3\x80",
      "a\xCC\x81",
      "ǅ",
      "ß",
      "ẞ",
      "Ω",
      "K",
      "Å",
      "ﬁ",
      "Ⅻ",
      "ⓐ",
      "Ⓐ",
      "ा",
      "۱۲",
      "١",
      "ـ",
      "ʰ",
      "ꜳ",
      "😀",
      "\x01",
      "\x7F",
      "tab\x0Bvt",
      "\x0C",
      "ÀÉÎÕÜ",
      "àéîõü",
      "ĀĒĪŌŪ",
      "ŁŃŚŹŻ",
      "ÐÞ",
      "ðþ",
      "Ÿ",
      "ÿ",
      "µ",
      "ª",
      "º",
      "¹",
      "½",
      "JAVASCR\xC4\xB0PT",
      "Kelvin\xE2\x84\xAA",
  };
  static const char* const kWords[] = {"lorem", "ipsum", "dolor", "sit",   "amet",   "rumah",
                                       "makan", "saya",  "pergi", "ke",    "pasar",  "dan",
                                       "the",   "cat",   "sat",   "on",    "mat",    "is",
                                       "it",    "of",    "use",   "terms", "policy", "yang"};
  static const char* const kSpaces[] = {
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      "  ",
      "\t",
      "\n",
      "\n",
      "\r\n",
      "\n\n",
      "\n \n",
      "\r",
      "\v",
      "\f",
      "\xC2\xA0",
      "\xE2\x80\x80",
      "\xE2\x80\x85",
      "\xE2\x80\x8A",
      "\xE2\x80\xAF",
      "\xE2\x81\x9F",
      "\xE3\x80\x80",
      " \xC2\xA0\n",
      "\n\xE3\x80\x80",
      "\xE2\x80\x8A\n",
  };
  const size_t num_pieces = std::size(kPieces), num_words = std::size(kWords);
  const size_t num_spaces = std::size(kSpaces);
  std::mt19937_64 rng(seed);
  std::vector<std::string> docs;
  for (size_t d = 0; d < count; ++d) {
    std::string doc;
    const uint64_t mode = rng() % 10;
    const uint64_t tokens = mode == 0 ? rng() % 4 : mode < 6 ? rng() % 60 : rng() % 1200;
    std::vector<std::string> history;
    for (uint64_t t = 0; t < tokens; ++t) {
      const uint64_t r = rng() % 100;
      std::string tok;
      if (r < 40) {
        tok = kPieces[rng() % num_pieces];
        if (rng() % 4 == 0) tok += kPieces[rng() % num_pieces];
        if (rng() % 6 == 0) tok = Wrapped(kPieces[rng() % num_pieces], tok, "");
      } else if (r < 68) {
        tok = kWords[rng() % num_words];
        if (rng() % 5 == 0) tok[0] = static_cast<char>(tok[0] - 'a' + 'A');
        if (rng() % 7 == 0) tok = Wrapped("(", tok, ").");
        if (rng() % 9 == 0) tok += ",";
      } else if (r < 80 && !history.empty()) {  // copy a run of earlier tokens
        const size_t start = rng() % history.size();
        const size_t len = 1 + rng() % 12;
        for (size_t k = start; k < history.size() && k < start + len; ++k) {
          if (!doc.empty()) doc += ' ';
          doc += history[k];
        }
        continue;
      } else if (r < 88) {  // long tokens around 16, 32 and 64 bytes
        const size_t len = 10 + rng() % 70;
        const uint64_t kind = rng() % 4;
        while (tok.size() < len) {
          if (kind == 0) tok += static_cast<char>('a' + rng() % 26);
          else if (kind == 1) tok += static_cast<char>('A' + rng() % 26);
          else if (kind == 2) tok += rng() % 3 == 0 ? "\xC3\xA9" : "e";
          else tok += kPieces[rng() % num_pieces];
        }
        if (rng() % 3 == 0) tok = Wrapped("\"", tok, "\".");
      } else if (r < 94) {  // random bytes
        const size_t len = 1 + rng() % 12;
        for (size_t k = 0; k < len; ++k) tok += static_cast<char>(rng() % 256);
      } else {  // random code points below U+10000
        const size_t len = 1 + rng() % 8;
        for (size_t k = 0; k < len; ++k) {
          const uint64_t kind = rng() % 3;
          uint32_t cp = kind == 0   ? 0x80 + rng() % 0x780
                        : kind == 1 ? 0x800 + rng() % 0xF800
                                    : 0xA0 + rng() % 0x1E0;
          if (cp >= 0xD800 && cp < 0xE000) cp = 'z';
          if (cp < 0x800) {
            tok += static_cast<char>(0xC0 | (cp >> 6));
          } else {
            tok += static_cast<char>(0xE0 | (cp >> 12));
            tok += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          }
          tok += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
      history.push_back(tok);
      if (!doc.empty()) {
        const size_t choices = rng() % 3 == 0 ? num_spaces : 8;  // mostly the common ones
        doc += kSpaces[rng() % choices];
      }
      doc += tok;
      if (rng() % 25 == 0) {  // repeat the last complete line
        const size_t nl = doc.rfind('\n');
        if (nl != std::string::npos && nl > 0) {
          const size_t prev = doc.rfind('\n', nl - 1);
          const size_t from = prev == std::string::npos ? 0 : prev + 1;
          const std::string line = doc.substr(from, nl - from);
          doc += '\n';
          doc += line;
          doc += '\n';
        }
      }
    }
    if (rng() % 5 == 0) doc += kSpaces[rng() % num_spaces];
    docs.push_back(std::move(doc));
  }
  return docs;
}

// A list that is not built in (the computer caches less for it), with non-ASCII words.
const StopWords* CustomList() {
  static const StopWords list = *StopWords::Parse("the\nyang\ncafé\nécole\nпривет\nke\n--\n");
  return &list;
}

// Compares the computer against the reference on `docs`, with each stop-word setting in turn.
void ExpectMatchesReference(const std::vector<std::string>& docs, const char* what) {
  const StopWords* lists[] = {English(), StopWords::BuiltIn("id"), nullptr, CustomList()};
  SignalComputer computer;  // reused across documents, as in the pipeline
  int failures = 0;
  for (size_t i = 0; i < docs.size() && failures < 10; ++i) {
    for (const StopWords* list : lists) {
      QualitySignals got;
      computer.Compute(docs[i], list, &got);
      const auto want = Fields(quality_reference::Compute(docs[i], list));
      const auto have = Fields(got);
      for (size_t f = 0; f < want.size(); ++f) {
        if (want[f].second == have[f].second) continue;
        ADD_FAILURE() << what << " document " << i << " field " << want[f].first << ": got bits "
                      << have[f].second << ", reference " << want[f].second;
        ++failures;
      }
    }
  }
}

TEST(QualitySignalsReference, HandWrittenDocuments) {
  ExpectMatchesReference(HandWrittenDocs(), "hand-written");
}

TEST(QualitySignalsReference, GeneratedDocuments) {
  ExpectMatchesReference(GeneratedDocs(1, 600), "generated");
}

// Documents made of the hand-written ones glued together at random, so that every construct
// also appears in long documents and next to every other.
TEST(QualitySignalsReference, ConcatenatedDocuments) {
  const std::vector<std::string> parts = HandWrittenDocs();
  std::mt19937_64 rng(7);
  std::vector<std::string> docs;
  for (int d = 0; d < 60; ++d) {
    std::string doc;
    const uint64_t n = 1 + rng() % 40;
    for (uint64_t k = 0; k < n; ++k) {
      doc += parts[rng() % parts.size()];
      doc += rng() % 2 ? "\n" : " ";
    }
    docs.push_back(std::move(doc));
  }
  ExpectMatchesReference(docs, "concatenated");
}

// Documents for the edges of the scanner's 16-, 57- and 64-byte windows and blocks: tokens of
// every length around them, non-ASCII whitespace across block ends, texts ending at every
// offset, and line ends that cut a whitespace character (E2 80 then an ASCII space).
std::vector<std::string> BoundaryDocs() {
  std::vector<std::string> docs;
  const std::string spaces[] = {" ",   "\n",        "\xC2\xA0",   "\xE2\x80\x83", "\xE3\x80\x80",
                                " \n", "\xE2\x80 ", "\xE2\x80\n", "\xE2\x80\x8B"};
  for (size_t len = 1; len <= 70; ++len) {
    for (const std::string& space : spaces) {
      std::string doc;
      for (int k = 0; k < 5; ++k) {
        std::string word(len, static_cast<char>('a' + k));
        if (k % 2) word[0] = static_cast<char>('A' + k);
        if (k == 3) word = Wrapped("(", word, ").");
        if (k == 4 && len > 2) word[len / 2] = static_cast<char>(0xC3), word += "\xA9";
        doc += word + space;
      }
      docs.push_back(doc);
      docs.push_back(doc.substr(0, doc.size() - 1));
    }
  }
  // Every text length up to 200 bytes, cut from mixed text.
  const std::string mixed = std::string(kGoodText) +
                            "Ça coûte\xC2\xA0"
                            "cher… \xE2\x80 x\n";
  for (size_t n = 0; n <= 200 && n <= mixed.size(); ++n)
    docs.push_back(mixed.substr(mixed.size() - n));
  return docs;
}

TEST(QualitySignalsReference, WindowAndBlockBoundaries) {
  ExpectMatchesReference(BoundaryDocs(), "boundary");
}

// Far more distinct words than the computer's word cache holds: it grows and is emptied.
TEST(QualitySignalsReference, ManyDistinctWords) {
  std::vector<std::string> docs(2);
  for (int i = 0; i < 40000; ++i) {
    docs[0] += UniqueWords(1, i) + (i % 13 == 0 ? ".\n" : " ");
    if (i % 3 == 0) docs[1] += UniqueWords(1, i) + " " + UniqueWords(1, i / 2) + " ";
  }
  ExpectMatchesReference(docs, "many words");
}

// Digest of every field of every document, recorded from the scalar implementation that the
// vectorised scanner replaced (commit afa311e), the generated one again after the n-gram pair fix
// (FirstPairsAreDistinctNgrams); guards against the reference and the engine drifting together.
uint64_t SignalsDigest(const std::vector<std::string>& docs) {
  const StopWords* lists[] = {English(), StopWords::BuiltIn("id"), nullptr};
  SignalComputer computer;
  std::vector<uint64_t> bits;
  for (size_t i = 0; i < docs.size(); ++i) {
    QualitySignals s;
    computer.Compute(docs[i], lists[i % 3], &s);
    for (const auto& field : Fields(s)) bits.push_back(field.second);
  }
  return XXH3_64bits(bits.data(), bits.size() * sizeof(uint64_t));
}

TEST(QualitySignalsReference, GoldenDigests) {
  EXPECT_EQ(SignalsDigest(HandWrittenDocs()), 10704890691136745747u);
  EXPECT_EQ(SignalsDigest(GeneratedDocs(2, 300)), 5602562772016698757u);
}

}  // namespace
}  // namespace saring
