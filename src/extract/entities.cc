// DecodeEntities (see block_builder.h): HTML character references -> UTF-8.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "extract/block_builder.h"

namespace saring::extract_internal {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

// The named references that occur in web text: markup, typography, currency and the Latin-1
// letters. Sorted by name (case-sensitive) for binary search. Rarer names are left as written.
constexpr std::array kNamed = {
    NamedEntity{"AElig", 0xC6},    NamedEntity{"Aacute", 0xC1},   NamedEntity{"Acirc", 0xC2},
    NamedEntity{"Agrave", 0xC0},   NamedEntity{"Aring", 0xC5},    NamedEntity{"Atilde", 0xC3},
    NamedEntity{"Auml", 0xC4},     NamedEntity{"Ccedil", 0xC7},   NamedEntity{"Eacute", 0xC9},
    NamedEntity{"Ecirc", 0xCA},    NamedEntity{"Egrave", 0xC8},   NamedEntity{"Euml", 0xCB},
    NamedEntity{"Iacute", 0xCD},   NamedEntity{"Icirc", 0xCE},    NamedEntity{"Igrave", 0xCC},
    NamedEntity{"Iuml", 0xCF},     NamedEntity{"Ntilde", 0xD1},   NamedEntity{"Oacute", 0xD3},
    NamedEntity{"Ocirc", 0xD4},    NamedEntity{"Ograve", 0xD2},   NamedEntity{"Oslash", 0xD8},
    NamedEntity{"Otilde", 0xD5},   NamedEntity{"Ouml", 0xD6},     NamedEntity{"Uacute", 0xDA},
    NamedEntity{"Ucirc", 0xDB},    NamedEntity{"Ugrave", 0xD9},   NamedEntity{"Uuml", 0xDC},
    NamedEntity{"Yacute", 0xDD},   NamedEntity{"aacute", 0xE1},   NamedEntity{"acirc", 0xE2},
    NamedEntity{"acute", 0xB4},    NamedEntity{"aelig", 0xE6},    NamedEntity{"agrave", 0xE0},
    NamedEntity{"amp", '&'},       NamedEntity{"apos", '\''},     NamedEntity{"aring", 0xE5},
    NamedEntity{"atilde", 0xE3},   NamedEntity{"auml", 0xE4},     NamedEntity{"bdquo", 0x201E},
    NamedEntity{"brvbar", 0xA6},   NamedEntity{"bull", 0x2022},   NamedEntity{"ccedil", 0xE7},
    NamedEntity{"cedil", 0xB8},    NamedEntity{"cent", 0xA2},     NamedEntity{"copy", 0xA9},
    NamedEntity{"curren", 0xA4},   NamedEntity{"dagger", 0x2020}, NamedEntity{"deg", 0xB0},
    NamedEntity{"divide", 0xF7},   NamedEntity{"eacute", 0xE9},   NamedEntity{"ecirc", 0xEA},
    NamedEntity{"egrave", 0xE8},   NamedEntity{"emsp", 0x2003},   NamedEntity{"ensp", 0x2002},
    NamedEntity{"eth", 0xF0},      NamedEntity{"euml", 0xEB},     NamedEntity{"euro", 0x20AC},
    NamedEntity{"frac12", 0xBD},   NamedEntity{"frac14", 0xBC},   NamedEntity{"frac34", 0xBE},
    NamedEntity{"gt", '>'},        NamedEntity{"hellip", 0x2026}, NamedEntity{"iacute", 0xED},
    NamedEntity{"icirc", 0xEE},    NamedEntity{"iexcl", 0xA1},    NamedEntity{"igrave", 0xEC},
    NamedEntity{"iquest", 0xBF},   NamedEntity{"iuml", 0xEF},     NamedEntity{"laquo", 0xAB},
    NamedEntity{"larr", 0x2190},   NamedEntity{"ldquo", 0x201C},  NamedEntity{"lsaquo", 0x2039},
    NamedEntity{"lsquo", 0x2018},  NamedEntity{"lt", '<'},        NamedEntity{"macr", 0xAF},
    NamedEntity{"mdash", 0x2014},  NamedEntity{"micro", 0xB5},    NamedEntity{"middot", 0xB7},
    NamedEntity{"nbsp", 0xA0},     NamedEntity{"ndash", 0x2013},  NamedEntity{"not", 0xAC},
    NamedEntity{"ntilde", 0xF1},   NamedEntity{"oacute", 0xF3},   NamedEntity{"ocirc", 0xF4},
    NamedEntity{"ograve", 0xF2},   NamedEntity{"ordf", 0xAA},     NamedEntity{"ordm", 0xBA},
    NamedEntity{"oslash", 0xF8},   NamedEntity{"otilde", 0xF5},   NamedEntity{"ouml", 0xF6},
    NamedEntity{"para", 0xB6},     NamedEntity{"permil", 0x2030}, NamedEntity{"plusmn", 0xB1},
    NamedEntity{"pound", 0xA3},    NamedEntity{"quot", '"'},      NamedEntity{"raquo", 0xBB},
    NamedEntity{"rarr", 0x2192},   NamedEntity{"rdquo", 0x201D},  NamedEntity{"reg", 0xAE},
    NamedEntity{"rsaquo", 0x203A}, NamedEntity{"rsquo", 0x2019},  NamedEntity{"sbquo", 0x201A},
    NamedEntity{"sect", 0xA7},     NamedEntity{"shy", 0xAD},      NamedEntity{"sup1", 0xB9},
    NamedEntity{"sup2", 0xB2},     NamedEntity{"sup3", 0xB3},     NamedEntity{"szlig", 0xDF},
    NamedEntity{"thinsp", 0x2009}, NamedEntity{"thorn", 0xFE},    NamedEntity{"times", 0xD7},
    NamedEntity{"trade", 0x2122},  NamedEntity{"uacute", 0xFA},   NamedEntity{"ucirc", 0xFB},
    NamedEntity{"ugrave", 0xF9},   NamedEntity{"uml", 0xA8},      NamedEntity{"uuml", 0xFC},
    NamedEntity{"yacute", 0xFD},   NamedEntity{"yen", 0xA5},      NamedEntity{"yuml", 0xFF},
    NamedEntity{"zwj", 0x200D},    NamedEntity{"zwnj", 0x200C},
};

// References that may be written without the final ';' (a legacy the HTML standard keeps).
bool LegacyWithoutSemicolon(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp" ||
         name == "copy" || name == "reg";
}

// Windows-1252 meanings of the C1 range in numeric references, as the HTML standard defines.
constexpr std::array<char16_t, 32> kC1 = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes the reference starting at in[i] == '&'; returns the bytes consumed (0: not a
// reference, the '&' is literal).
size_t DecodeOne(std::string_view in, size_t i, std::string* out) {
  size_t p = i + 1;
  if (p < in.size() && in[p] == '#') {
    ++p;
    bool hex = p < in.size() && (in[p] == 'x' || in[p] == 'X');
    if (hex) ++p;
    size_t start = p;
    uint64_t value = 0;
    while (p < in.size() && p - start < 10) {
      char c = in[p];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<uint64_t>(digit);
      ++p;
    }
    if (p == start) return 0;
    while (p < in.size() && ((in[p] >= '0' && in[p] <= '9') || (hex && IsAlnum(in[p])))) ++p;
    if (p < in.size() && in[p] == ';') ++p;
    char32_t cp = static_cast<char32_t>(value);
    if (value >= 0x80 && value <= 0x9F) cp = kC1[value - 0x80];
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) cp = 0xFFFD;
    AppendUtf8(cp, out);
    return p - i;
  }
  size_t start = p;
  while (p < in.size() && p - start < 12 && IsAlnum(in[p])) ++p;
  std::string_view name = in.substr(start, p - start);
  bool semicolon = p < in.size() && in[p] == ';';
  if (name.empty() || (!semicolon && !LegacyWithoutSemicolon(name))) return 0;
  auto it = std::lower_bound(kNamed.begin(), kNamed.end(), name,
                             [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it == kNamed.end() || it->name != name) return 0;
  AppendUtf8(it->cp, out);
  return p - i + (semicolon ? 1 : 0);
}

}  // namespace

void DecodeEntities(std::string_view in, std::string* out) {
  size_t i = 0;
  while (i < in.size()) {
    size_t amp = in.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(in.substr(i));
      return;
    }
    out->append(in.substr(i, amp - i));
    size_t used = DecodeOne(in, amp, out);
    if (used == 0) {
      out->push_back('&');
      used = 1;
    }
    i = amp + used;
  }
}

}  // namespace saring::extract_internal
