// The reference implementation of signals_reference.h, compiled into quality_test (it holds no
// tests itself): a deliberately plain reading of docs/quality.md (byte-at-a-time scanning,
// std::unordered_map, every n-gram counted for every n). It reproduces the engine's documented
// details exactly: whitespace matched by byte pattern at any position, code points decoded
// structurally for the first/last character of a line and token, letters and lower case from
// utf8proc, cores longer than StopWords::kMaxStopWordBytes hashed as they are (not lower-cased),
// n-grams compared by 64-bit XXH3 of the core.
#include "saring/quality.h"

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

#include "quality/signals_reference.h"

namespace saring::quality_reference {
namespace {

const uint8_t* U(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

bool IsContinuation(uint8_t c) { return (c & 0xC0) == 0x80; }

uint64_t CodePoints(std::string_view s) {
  uint64_t n = 0;
  for (char c : s) n += !IsContinuation(static_cast<uint8_t>(c));
  return n;
}

// Length of the whitespace character starting at s[i] (i < end), or 0. Bytes at or after `end`
// are not looked at. As in the engine, E2 80 xx counts for any byte xx <= 0x8A or 0xAF: the
// third byte is not checked to be a continuation byte.
size_t SpaceAt(std::string_view s, size_t i, size_t end) {
  const auto at = [&](size_t k) { return k < end ? static_cast<uint8_t>(s[k]) : 0; };
  const uint8_t c = at(i);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (c == 0xC2 && i + 1 < end && at(i + 1) == 0xA0) return 2;
  if (i + 2 >= end) return 0;
  if (c == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) <= 0x8A || at(i + 2) == 0xAF)) return 3;
  if (c == 0xE2 && at(i + 1) == 0x81 && at(i + 2) == 0x9F) return 3;
  if (c == 0xE3 && at(i + 1) == 0x80 && at(i + 2) == 0x80) return 3;
  return 0;
}

// The code point ending at the end of s (non-empty), decoded by structure only (lead byte and
// continuation bytes; overlong forms decode). Sets *len to its byte length; 0xFFFD if malformed.
uint32_t LastChar(std::string_view s, size_t* len) {
  size_t k = 1;
  while (k < s.size() && k < 4 && IsContinuation(static_cast<uint8_t>(s[s.size() - k]))) ++k;
  const uint8_t c = static_cast<uint8_t>(s[s.size() - k]);
  uint32_t cp = 0xFFFD;
  size_t need = c < 0x80             ? 1
                : (c & 0xE0) == 0xC0 ? 2
                : (c & 0xF0) == 0xE0 ? 3
                : (c & 0xF8) == 0xF0 ? 4
                                     : 0;
  if (need == k) {
    cp = need == 1 ? c : need == 2 ? (c & 0x1Fu) : need == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t j = s.size() - k + 1; j < s.size(); ++j)
      cp = (cp << 6) | (static_cast<uint8_t>(s[j]) & 0x3Fu);
  } else {
    k = 1;
  }
  *len = k;
  return cp;
}

uint32_t FirstChar(std::string_view s) {
  const uint8_t c = static_cast<uint8_t>(s[0]);
  const size_t need = c < 0x80             ? 1
                      : (c & 0xE0) == 0xC0 ? 2
                      : (c & 0xF0) == 0xE0 ? 3
                      : (c & 0xF8) == 0xF0 ? 4
                                           : 0;
  if (need == 0 || need > s.size()) return 0xFFFD;
  size_t len = 0;
  const uint32_t cp = LastChar(s.substr(0, need), &len);
  return len == need ? cp : 0xFFFD;
}

bool IsPunct(uint8_t c) { return c >= 0x21 && c <= 0x7E && !std::isalnum(c); }

bool SentenceEnd(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
         cp == 0x061F || cp == 0x0964 || cp == 0x2026;
}
bool Closer(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x00BB;
}
bool Terminal(uint32_t cp) {
  return SentenceEnd(cp) || cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0x00BB;
}
bool Bullet(uint32_t cp) {
  static const std::set<uint32_t> kBullets = {'-',    '*',    0x2022, 0x2023, 0x25E6,
                                              0x25AA, 0x25CF, 0x25CB, 0x00B7, 0x2013,
                                              0x2014, 0x25BA, 0x25A0};
  return kBullets.count(cp) != 0;
}

// Decodes s with utf8proc; an invalid byte is reported as -1 and skipped.
template <class F>
void ForEachChar(std::string_view s, F f) {
  size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(U(s) + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {
      f(-1, s.substr(i, 1));
      ++i;
    } else {
      f(cp, s.substr(i, static_cast<size_t>(n)));
      i += static_cast<size_t>(n);
    }
  }
}

bool HasLetter(std::string_view s) {
  bool letter = false;
  ForEachChar(s, [&](int32_t cp, std::string_view) {
    if (cp < 0) return;
    const utf8proc_category_t cat = utf8proc_category(cp);
    letter |= cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
  });
  return letter;
}

std::string Lower(std::string_view s) {
  std::string out;
  ForEachChar(s, [&](int32_t cp, std::string_view bytes) {
    if (cp < 0) {
      out += bytes;
      return;
    }
    uint8_t buf[4];
    const auto n = utf8proc_encode_char(utf8proc_tolower(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
  });
  return out;
}

uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

double Ratio(uint64_t a, uint64_t b) {
  return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace

QualitySignals Compute(std::string_view text, const StopWords* stop_words) {
  QualitySignals s;
  uint64_t word_chars = 0, alpha = 0, stops = 0, sentences = 0, lorem = 0;
  uint64_t lines = 0, line_chars = 0, dup_lines = 0, dup_line_chars = 0, bullets = 0,
           ellipsis_lines = 0;
  uint64_t terminal = 0, short_lines = 0, javascript = 0, policy = 0, few = 0;
  uint64_t paragraphs = 0, paragraph_chars = 0, dup_paragraphs = 0, dup_paragraph_chars = 0;
  std::vector<uint64_t> word_hash;
  std::vector<uint64_t> chars_of_word;
  std::unordered_set<std::string_view> seen_lines, seen_paragraphs;
  size_t para_begin = 0, para_end = 0;
  uint64_t para_chars = 0;
  bool in_para = false;
  auto end_paragraph = [&] {
    if (!in_para) return;
    in_para = false;
    ++paragraphs;
    paragraph_chars += para_chars;
    if (!seen_paragraphs.insert(text.substr(para_begin, para_end - para_begin)).second) {
      ++dup_paragraphs;
      dup_paragraph_chars += para_chars;
    }
  };
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    // Trim: whitespace characters read forwards from the start, and backwards from the end (an
    // ASCII whitespace byte, else a 2-byte, else a 3-byte whitespace character).
    size_t lb = line_begin, le = line_end;
    while (lb < le && SpaceAt(text, lb, le) != 0) lb += SpaceAt(text, lb, le);
    while (le > lb) {
      if (SpaceAt(text, le - 1, le) == 1) {
        le -= 1;
      } else if (le - lb >= 2 && SpaceAt(text, le - 2, le) == 2) {
        le -= 2;
      } else if (le - lb >= 3 && SpaceAt(text, le - 3, le) == 3) {
        le -= 3;
      } else {
        break;
      }
    }
    if (lb == le) {
      end_paragraph();
      line_begin = line_end + 1;
      continue;
    }
    // Tokens: the pieces of the trimmed line between whitespace characters.
    std::vector<std::pair<size_t, size_t>> tokens;
    for (size_t i = lb; i < le;) {
      const size_t space = SpaceAt(text, i, le);
      if (space != 0) {
        i += space;
        continue;
      }
      const size_t b = i;
      while (i < le && SpaceAt(text, i, le) == 0) ++i;
      tokens.emplace_back(b, i);
    }
    const std::string_view line = text.substr(lb, le - lb);
    const uint64_t chars = CodePoints(line);
    ++lines;
    line_chars += chars;
    short_lines += chars <= 30;
    if (!seen_lines.insert(line).second) {
      ++dup_lines;
      dup_line_chars += chars;
    }
    bullets += Bullet(FirstChar(line));
    size_t last_len = 0;
    const uint32_t last = LastChar(line, &last_len);
    terminal += Terminal(last);
    ellipsis_lines += last == 0x2026 || line.ends_with("...");
    if (!in_para) {
      in_para = true;
      para_begin = lb;
      para_chars = 0;
    }
    para_end = le;
    para_chars += chars;

    std::string prev1, prev2;  // the last two cores of the line ("" if none or not a core)
    bool line_js = false, line_policy = false;
    for (const auto& [b, e] : tokens) {
      const std::string_view token = text.substr(b, e - b);
      const uint64_t c = CodePoints(token);
      word_chars += c;
      chars_of_word.push_back(c);
      bool has_ascii_letter = false, non_ascii = false;
      for (char ch : token) {
        has_ascii_letter |= std::isalpha(static_cast<uint8_t>(ch)) != 0;
        non_ascii |= static_cast<uint8_t>(ch) >= 0x80;
      }
      alpha += has_ascii_letter || (non_ascii && HasLetter(token));
      // Sentence end: last character before closing quotes and brackets.
      std::string_view rest = token;
      for (;;) {
        size_t len = 0;
        const uint32_t cp = LastChar(rest, &len);
        if (Closer(cp) && len < rest.size()) {
          rest.remove_suffix(len);
          continue;
        }
        sentences += SentenceEnd(cp);
        break;
      }
      size_t cb = 0, ce = token.size();
      while (cb < ce && IsPunct(static_cast<uint8_t>(token[cb]))) ++cb;
      while (ce > cb && IsPunct(static_cast<uint8_t>(token[ce - 1]))) --ce;
      const std::string_view raw_core = token.substr(cb, ce - cb);
      std::string lower_core;
      uint64_t hash = 0;
      if (raw_core.empty()) {
        hash = Hash(token);
      } else if (raw_core.size() > StopWords::kMaxStopWordBytes) {
        hash = Hash(raw_core);
      } else {
        lower_core = Lower(raw_core);
        hash = Hash(lower_core);
        if (stop_words != nullptr) stops += stop_words->Contains(lower_core);
      }
      word_hash.push_back(hash);
      std::string js_prefix(raw_core.substr(0, 10));
      for (char& ch : js_prefix) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch | 0x20 : ch);
      line_js |= js_prefix == "javascript";
      const std::string& w = lower_core;  // "" unless a short core
      lorem += w == "ipsum" && prev1 == "lorem";
      line_policy |= (w == "policy" && (prev1 == "privacy" || prev1 == "cookie")) ||
                     (w == "cookies" &&
                      (prev1 == "uses" || prev1 == "use" || (prev1 == "of" && prev2 == "use"))) ||
                     (w == "use" && prev1 == "of" && prev2 == "terms");
      prev2 = prev1;
      prev1 = w;
    }
    javascript += line_js;
    policy += line_policy;
    few += tokens.size() < 3;
    line_begin = line_end + 1;
  }
  end_paragraph();

  const size_t words = word_hash.size();
  uint64_t total_chars = 0;
  for (uint64_t c : chars_of_word) total_chars += c;
  // Words covered by the positions in `starts` (n-grams of n words), each counted once.
  auto covered = [&](const std::vector<size_t>& starts, size_t n) {
    std::vector<bool> in(words, false);
    for (size_t i : starts) std::fill(in.begin() + i, in.begin() + i + n, true);
    uint64_t chars = 0;
    for (size_t i = 0; i < words; ++i) chars += in[i] ? chars_of_word[i] : 0;
    return chars;
  };
  // N-gram classes level by level, as the engine forms them. Level 1: a word's class is its
  // hash's index in order of first occurrence. Level n: a position whose (n-1)-gram class and
  // n-th word both occur at least twice (others cannot repeat) gets the class of the pair
  // (class at level n-1, class of the n-th word), numbered in order of first occurrence.
  // The signals are then computed on these classes.
  std::vector<uint32_t> word_class(words);
  {
    std::unordered_map<uint64_t, uint32_t> ids;
    for (size_t i = 0; i < words; ++i) {
      word_class[i] = ids.emplace(word_hash[i], static_cast<uint32_t>(ids.size())).first->second;
    }
  }
  std::vector<uint32_t> word_count(words, 0);
  for (uint32_t c : word_class) ++word_count[c];
  std::vector<size_t> live;     // positions still in play, ascending
  std::vector<uint32_t> cls;    // their class at the current level
  std::vector<uint32_t> count;  // occurrences per class at the current level
  for (size_t i = 0; i < words; ++i) {
    if (word_count[word_class[i]] >= 2) live.push_back(i), cls.push_back(word_class[i]);
  }
  count = word_count;
  if (words >= 2 && total_chars > 0) {
    for (size_t n = 2; n <= 10 && n <= words && !live.empty(); ++n) {
      std::map<std::pair<uint32_t, uint32_t>, uint32_t> ids;
      std::vector<size_t> next_live, repeats;
      std::vector<uint32_t> next_cls, next_count;
      for (size_t r = 0; r < live.size(); ++r) {
        const size_t i = live[r];
        if (i + n > words) break;
        const uint32_t last = word_class[i + n - 1];
        if (count[cls[r]] < 2 || word_count[last] < 2) continue;
        const std::pair<uint32_t, uint32_t> key(cls[r], last);
        const auto [it, inserted] = ids.emplace(key, static_cast<uint32_t>(ids.size()));
        if (inserted) next_count.push_back(0);
        ++next_count[it->second];
        if (!inserted) repeats.push_back(i);
        next_live.push_back(i);
        next_cls.push_back(it->second);
      }
      live.swap(next_live);
      cls.swap(next_cls);
      count.swap(next_count);
      if (n <= 4) {
        // The most frequent class (at least twice); ties go to the one that occurs first.
        uint32_t best = 0, best_count = 1;
        for (uint32_t id = 0; id < count.size(); ++id) {
          if (count[id] > best_count) best = id, best_count = count[id];
        }
        std::vector<size_t> starts;
        for (size_t r = 0; r < live.size() && best_count >= 2; ++r) {
          if (cls[r] == best) starts.push_back(live[r]);
        }
        s.top_ngram_char_fraction[n - 2] =
            static_cast<double>(covered(starts, n)) / static_cast<double>(total_chars);
      } else {
        s.dup_ngram_char_fraction[n - 5] =
            static_cast<double>(covered(repeats, n)) / static_cast<double>(total_chars);
      }
    }
  }

  uint64_t ellipses = 0;
  for (size_t i = 0; i < text.size();) {
    size_t run = 0;
    while (i < text.size() && text[i] == '.') ++run, ++i;
    ellipses += run / 3;
    if (run == 0) {
      ellipses += text.substr(i).starts_with("\xE2\x80\xA6");
      ++i;
    }
  }
  s.num_chars = CodePoints(text);
  s.num_words = words;
  s.num_lines = lines;
  s.num_newlines = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  s.num_paragraphs = paragraphs;
  s.num_sentences = sentences;
  s.mean_word_length = Ratio(word_chars, words);
  s.hash_to_word_ratio =
      Ratio(static_cast<uint64_t>(std::count(text.begin(), text.end(), '#')), words);
  s.ellipsis_to_word_ratio = Ratio(ellipses, words);
  s.bullet_line_fraction = Ratio(bullets, lines);
  s.ellipsis_line_fraction = Ratio(ellipsis_lines, lines);
  s.alpha_word_fraction = Ratio(alpha, words);
  s.stop_word_count = stop_words ? static_cast<int64_t>(stops) : -1;
  s.dup_line_fraction = Ratio(dup_lines, lines);
  s.dup_paragraph_fraction = Ratio(dup_paragraphs, paragraphs);
  s.dup_line_char_fraction = Ratio(dup_line_chars, line_chars);
  s.dup_paragraph_char_fraction = Ratio(dup_paragraph_chars, paragraph_chars);
  s.no_terminal_punct_line_fraction = Ratio(lines - terminal, lines);
  s.lorem_ipsum_count = lorem;
  s.curly_brace_count = static_cast<uint64_t>(std::count(text.begin(), text.end(), '{'));
  s.javascript_line_fraction = Ratio(javascript, lines);
  s.policy_line_fraction = Ratio(policy, lines);
  s.few_words_line_fraction = Ratio(few, lines);
  s.line_punct_ratio = Ratio(terminal, lines);
  s.short_line_ratio = Ratio(short_lines, lines);
  s.newline_to_word_ratio = Ratio(s.num_newlines, words);
  return s;
}

std::vector<std::pair<std::string, uint64_t>> Fields(const QualitySignals& s) {
  std::vector<std::pair<std::string, uint64_t>> f;
  auto add = [&](const char* name, auto v) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(v));
    f.emplace_back(name, bits);
  };
  add("num_chars", s.num_chars);
  add("num_words", s.num_words);
  add("num_lines", s.num_lines);
  add("num_newlines", s.num_newlines);
  add("num_paragraphs", s.num_paragraphs);
  add("num_sentences", s.num_sentences);
  add("mean_word_length", s.mean_word_length);
  add("hash_to_word_ratio", s.hash_to_word_ratio);
  add("ellipsis_to_word_ratio", s.ellipsis_to_word_ratio);
  add("bullet_line_fraction", s.bullet_line_fraction);
  add("ellipsis_line_fraction", s.ellipsis_line_fraction);
  add("alpha_word_fraction", s.alpha_word_fraction);
  add("stop_word_count", s.stop_word_count);
  add("dup_line_fraction", s.dup_line_fraction);
  add("dup_paragraph_fraction", s.dup_paragraph_fraction);
  add("dup_line_char_fraction", s.dup_line_char_fraction);
  add("dup_paragraph_char_fraction", s.dup_paragraph_char_fraction);
  for (int n = 2; n <= 4; ++n)
    add(("top_" + std::to_string(n) + "gram").c_str(), s.top_ngram_char_fraction[n - 2]);
  for (int n = 5; n <= 10; ++n)
    add(("dup_" + std::to_string(n) + "gram").c_str(), s.dup_ngram_char_fraction[n - 5]);
  add("no_terminal_punct_line_fraction", s.no_terminal_punct_line_fraction);
  add("lorem_ipsum_count", s.lorem_ipsum_count);
  add("curly_brace_count", s.curly_brace_count);
  add("javascript_line_fraction", s.javascript_line_fraction);
  add("policy_line_fraction", s.policy_line_fraction);
  add("few_words_line_fraction", s.few_words_line_fraction);
  add("line_punct_ratio", s.line_punct_ratio);
  add("short_line_ratio", s.short_line_ratio);
  add("newline_to_word_ratio", s.newline_to_word_ratio);
  return f;
}

}  // namespace saring::quality_reference
