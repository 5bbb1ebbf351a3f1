// Code point ranges of the scripts written without spaces between words (private).
//
// Ranges follow the Unicode 15 Scripts.txt blocks for Han (with CJK radicals, iteration marks and
// the compatibility and supplementary ideographs), Hiragana, Katakana (with its phonetic
// extensions and half-width forms), Thai, Lao, Khmer (with Khmer symbols) and Myanmar (with its
// extended blocks). Callers combine this with the general category: only letters count.
//
// Thread-safety: stateless.
#ifndef SARING_TEXT_SCRIPT_RANGES_H_
#define SARING_TEXT_SCRIPT_RANGES_H_

namespace saring::text {

// True if `cp` lies in a block of a script written without spaces.
inline bool IsSpacelessScript(char32_t cp) {
  if (cp < 0x0E00) return false;  // fast exit for Latin, Cyrillic, Arabic, Indic, ...
  if (cp <= 0x0EFF) return true;  // Thai 0E00-0E7F, Lao 0E80-0EFF
  if (cp >= 0x1000 && cp <= 0x109F) return true;  // Myanmar
  if (cp >= 0x1780 && cp <= 0x17FF) return true;  // Khmer
  if (cp >= 0x19E0 && cp <= 0x19FF) return true;  // Khmer symbols
  if (cp >= 0x2E80 && cp <= 0x2FDF) return true;  // CJK radicals, Kangxi radicals
  if (cp >= 0x3005 && cp <= 0x3007) return true;  // 々 〆 〇
  if (cp >= 0x3021 && cp <= 0x3029) return true;  // Hangzhou numerals
  if (cp >= 0x3038 && cp <= 0x303B) return true;
  if (cp >= 0x3040 && cp <= 0x30FF) return true;    // Hiragana, Katakana
  if (cp >= 0x31F0 && cp <= 0x31FF) return true;    // Katakana phonetic extensions
  if (cp >= 0x3400 && cp <= 0x4DBF) return true;    // CJK extension A
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;    // CJK unified ideographs
  if (cp >= 0xA9E0 && cp <= 0xA9FF) return true;    // Myanmar extended-B
  if (cp >= 0xAA60 && cp <= 0xAA7F) return true;    // Myanmar extended-A
  if (cp >= 0xF900 && cp <= 0xFAFF) return true;    // CJK compatibility ideographs
  if (cp >= 0xFF66 && cp <= 0xFF9F) return true;    // half-width Katakana
  if (cp >= 0x1B000 && cp <= 0x1B16F) return true;  // Kana supplement and extensions
  return cp >= 0x20000 && cp <= 0x323AF;            // CJK extensions B-H, compatibility supplement
}

}  // namespace saring::text

#endif  // SARING_TEXT_SCRIPT_RANGES_H_
