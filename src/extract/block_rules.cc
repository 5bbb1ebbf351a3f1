// Text rules for blocks (see block_rules.h).
#include "extract/block_rules.h"

#include <algorithm>
#include <array>
#include <string>

#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::extract_internal {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsLowerAscii(char c) { return c >= 'a' && c <= 'z'; }

// The first `limit` bytes of `text`, ASCII lower-cased, after leading bullets, dashes, quotes and
// spaces (and the UTF-8 bullets and guillemets sites put before "Baca juga").
struct LowerHeadBuffer {
  char bytes[64];
};
std::string_view LowerHead(std::string_view text, size_t limit, LowerHeadBuffer* buf) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '-' || c == '*' || c == '>' || c == '[' || c == '"' || c == '|') {
      ++i;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               (text[i + 1] == '\xBB' || text[i + 1] == '\xAB' || text[i + 1] == '\xB7')) {
      i += 2;  // » « ·
    } else if (c == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA2' || text[i + 2] == '\x94' || text[i + 2] == '\x93')) {
      i += 3;  // • — –
    } else {
      break;
    }
  }
  size_t n = 0;
  limit = std::min(limit, sizeof(buf->bytes));
  for (; i < text.size() && n < limit; ++i) buf->bytes[n++] = Lower(text[i]);
  return std::string_view(buf->bytes, n);
}

// True if `text` contains "cookie" in any case. (x | 0x20) equals a lower-case letter exactly
// when x is that letter in either case, so both paths compare the same bytes.
bool MentionsCookies(std::string_view text) {
  static constexpr char kWord[] = "cookie";
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
#if SARING_X86_SIMD
  const __m128i case_bit = _mm_set1_epi8(0x20);
  auto at = [&](size_t k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + k));
    return _mm_cmpeq_epi8(_mm_or_si128(v, case_bit), _mm_set1_epi8(kWord[k]));
  };
  for (; i + 16 + 5 <= n; i += 16) {  // the windows starting at i .. i + 15
    const __m128i m =
        _mm_and_si128(_mm_and_si128(_mm_and_si128(at(0), at(1)), _mm_and_si128(at(2), at(3))),
                      _mm_and_si128(at(4), at(5)));
    if (_mm_movemask_epi8(m) != 0) return true;
  }
#endif
  for (; i + 6 <= n; ++i) {
    size_t k = 0;
    while (k < 6 && (p[i + k] | 0x20) == kWord[k]) ++k;
    if (k == 6) return true;
  }
  return false;
}

bool StartsWithAny(std::string_view head, std::initializer_list<std::string_view> prefixes) {
  if (head.empty()) return false;
  for (std::string_view p : prefixes) {
    // The first byte rules out almost every prefix without a call to memcmp.
    if (p[0] == head[0] && head.starts_with(p)) return true;
  }
  return false;
}

// "(Sputnik)", "(BBC/Sputnik/ABNS)", "(Antara)": a short parenthesised source name.
bool IsCredit(std::string_view s) {
  if (s.size() < 3 || s.size() > 48 || s.front() != '(' || s.back() != ')') return false;
  std::string_view inner = s.substr(1, s.size() - 2);
  if (inner.empty() || !(inner[0] >= 'A' && inner[0] <= 'Z')) return false;
  for (char c : inner) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '/' ||
              c == '.' || c == '-' || c == '&';
    if (!ok) return false;
  }
  return true;
}

bool IsPaginationWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "halaman",  "page",     "selanjutnya", "sebelumnya",   "berikutnya",   "next",   "prev",
      "previous", "first",    "last",        "of",           "dari",         "lanjut", "pertama",
      "terakhir", "\xC2\xBB", "\xC2\xAB",    "\xE2\x80\xBA", "\xE2\x80\xB9", ">",      "<",
      ">>",       "<<",       "|",           "...",          "\xE2\x80\xA6", "older",  "newer",
      "posts",    "lainnya",  "kembali",     "back"};
  bool digits = !w.empty();
  for (char c : w) digits = digits && c >= '0' && c <= '9';
  if (digits) return true;
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

bool IsPagination(std::string_view text) {
  bool all = true, any_number_or_page = false;
  ForEachLowerWord(text, 32, [&](std::string_view w) {
    if (!all) return;  // settled: one word is not a pagination word
    if (!IsPaginationWord(w)) all = false;
    if (w == "halaman" || w == "page" || (w[0] >= '0' && w[0] <= '9') || w == "selanjutnya" ||
        w == "next") {
      any_number_or_page = true;
    }
  });
  return all && any_number_or_page;
}

}  // namespace

bool IsEditorTag(std::string_view s) {
  if (s.size() < 3 || s.size() > 40 || s.front() != '(' || s.back() != ')') return false;
  int parts = 1, letters = 0;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (IsLowerAscii(c)) {
      if (++letters > 6) return false;
    } else if (c == '/' && letters > 0) {
      letters = 0;
      if (++parts > 4) return false;
    } else {
      return false;
    }
  }
  return letters > 0;
}

size_t WithoutTrailingEditorTag(std::string_view text) {
  if (text.empty() || text.back() != ')') return text.size();
  size_t open = text.rfind('(');
  if (open == std::string_view::npos || open < 2 || text[open - 1] != ' ') return text.size();
  if (!IsEditorTag(text.substr(open))) return text.size();
  std::string_view before = text.substr(0, open - 1);
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  if (!EndsSentence(before)) return text.size();
  return before.size();
}

bool EndsSentence(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (text.empty()) return false;
  char c = text.back();
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' || c == ':') return true;
  // U+201D ” and U+2019 ’ after a sentence, U+3002 。
  return text.ends_with("\xE2\x80\x9D") || text.ends_with("\xE2\x80\x99") ||
         text.ends_with("\xE3\x80\x82");
}

std::string_view TextRule(std::string_view text, uint32_t words) {
  if (words <= 6 && IsEditorTag(text)) return "editor tag";
  if (words <= 6 && IsCredit(text)) return "credit";
  // A caption whose last line is its credit: "Warga mengungsi ... Senin siang.\n(Antara)".
  if (words <= 60) {
    if (size_t nl = text.rfind('\n');
        nl != std::string_view::npos && IsCredit(text.substr(nl + 1))) {
      return "photo caption";
    }
  }
  if (words > 80) return "";
  LowerHeadBuffer head_buf, tail_buf;
  std::string_view head = LowerHead(text, 40, &head_buf);
  if (words <= 45 &&
      StartsWithAny(head, {"baca juga",         "baca:",          "baca pula",   "lihat juga",
                           "simak juga",        "simak:",         "lihat:",      "read also",
                           "read more",         "also read",      "related:",    "see also",
                           "artikel terkait",   "berita terkait", "tonton juga", "simak video",
                           "klik di sini",      "click here",     "baca berita", "baca artikel",
                           "you may also like", "more from"})) {
    return "related link";
  }
  if (words <= 45 &&
      StartsWithAny(
          head, {"foto:", "foto :", "photo:", "photo :", "foto/", "sumber foto", "sumber gambar",
                 "ilustrasi:", "ilustrasi :", "ilustrasi foto", "image:", "gambar:", "image credit",
                 "credit:", "kredit:", "video:", "(foto", "(photo", "foto ilustrasi"})) {
    return "photo credit";
  }
  if (words <= 60) {
    // A caption that ends with its credit: "... di Jakarta. (Foto: Antara/Hafidz)".
    std::string_view tail =
        LowerHead(text.substr(text.size() > 60 ? text.size() - 60 : 0), 60, &tail_buf);
    size_t at = tail.rfind("(foto");
    if (at == std::string_view::npos) at = tail.rfind("(photo");
    if (at != std::string_view::npos && !tail.empty() && tail.back() == ')') return "photo caption";
  }
  if (words <= 25 &&
      StartsWithAny(head, {"editor:",    "editor :",    "penulis:",       "penulis :", "reporter:",
                           "reporter :", "pewarta:",    "pewarta :",      "sumber:",   "sumber :",
                           "tags:",      "tags :",      "tag:",           "tag :",     "topik:",
                           "topik :",    "author:",     "writer:",        "posted by", "posted on",
                           "published",  "diterbitkan", "dipublikasikan", "copyright", "\xC2\xA9",
                           "hak cipta",  "penyunting:", "redaktur:",      "editor ",   "oleh:",
                           "by:"})) {
    return "byline";
  }
  if (words <= 15 &&
      StartsWithAny(head, {"share this", "share on", "bagikan", "follow us", "ikuti kami",
                           "like and share", "share:", "tweet", "kirim ke"})) {
    return "share prompt";
  }
  if (MentionsCookies(text)) {
    return "cookie notice";
  }
  if (words <= 5 &&
      StartsWithAny(head, {"advertisement", "iklan", "scroll to continue", "sponsored", "loading",
                           "baca selengkapnya", "continue reading", "lanjutkan membaca"})) {
    return "advertisement label";
  }
  // A lone number is a table cell, not a page list.
  if (words >= 2 && words <= 20 && IsPagination(text)) return "pagination";
  return "";
}

}  // namespace saring::extract_internal
