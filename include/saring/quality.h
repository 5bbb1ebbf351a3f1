// Document quality and repetition signals, and the heuristic rules that filter on them.
//
// SignalComputer measures, in one pass over a document's (already repaired) text, every signal
// used by four published rule sets:
//   - Gopher quality and repetition (Rae et al. 2021, "Scaling Language Models: Methods, Analysis
//     & Insights from Training Gopher", App. A),
//   - C4 (Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a Unified
//     Text-to-Text Transformer", section 2.2), applied here at document level,
//   - FineWeb (Penedo et al. 2024, "The FineWeb Datasets"; thresholds of datatrove's
//     FineWebQualityFilter).
// EvaluateRules() then checks the signals against QualityOptions. docs/quality.md defines every
// signal precisely; the definitions below are the contract in brief.
//
// Units. A "word" is a whitespace-separated token (ASCII whitespace, U+00A0, U+2000..U+200A,
// U+202F, U+205F, U+3000), punctuation included, as in Gopher. A word's "core" is the token with
// leading and trailing ASCII punctuation removed, lower-cased; n-grams, stop words and the C4
// keyword checks compare cores (a token with an empty core, like "--", compares by its bytes).
// A "line" is a '\n'-separated piece of text with surrounding whitespace trimmed; blank lines are
// not lines but separate "paragraphs". "Characters" are Unicode code points. A ratio whose
// denominator is zero is 0.
//
// Thread-safety: a SignalComputer is not thread-safe (it owns scratch buffers); use one per
// thread. The free functions are stateless and thread-safe.
#ifndef SARING_QUALITY_H_
#define SARING_QUALITY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "saring/stopwords.h"

namespace saring {
namespace quality_internal {
struct SignalScratch;  // defined in src/quality/signal_scratch.h
}  // namespace quality_internal

// Every signal of one document. All fractions are in [0, 1].
struct QualitySignals {
  // --- Counts.
  uint64_t num_chars = 0;       // code points in the text
  uint64_t num_words = 0;       // whitespace tokens
  uint64_t num_lines = 0;       // non-blank lines
  uint64_t num_newlines = 0;    // '\n' bytes (FineWeb's list-document count)
  uint64_t num_paragraphs = 0;  // maximal runs of non-blank lines
  uint64_t num_sentences = 0;   // tokens ending in . ! ? (or CJK/Arabic/Devanagari full stops),
                                // optionally followed by closing quotes or brackets

  // --- Gopher quality.
  double mean_word_length = 0;        // mean code points per word
  double hash_to_word_ratio = 0;      // '#' characters / words
  double ellipsis_to_word_ratio = 0;  // ("..." runs counted per three dots, plus '…') / words
  double bullet_line_fraction = 0;  // lines starting with a bullet (- * • ‣ ◦ ▪ ● ○ · – — ► ■)
  double ellipsis_line_fraction = 0;  // lines ending with "..." or '…'
  double alpha_word_fraction = 0;     // words containing a letter (Unicode L*)
  int64_t stop_word_count = -1;       // words whose core is a stop word; -1: no list given

  // --- Gopher repetition (duplicates are second and later occurrences).
  double dup_line_fraction = 0;            // duplicate lines / lines
  double dup_paragraph_fraction = 0;       // duplicate paragraphs / paragraphs
  double dup_line_char_fraction = 0;       // chars in duplicate lines / chars in lines
  double dup_paragraph_char_fraction = 0;  // chars in duplicate paragraphs / chars in paragraphs
  // [n-2] for n = 2, 3, 4: chars of the words covered by the most frequent word n-gram /
  // chars of all words. 0 when no n-gram occurs twice. Ties go to the earliest n-gram.
  double top_ngram_char_fraction[3] = {0, 0, 0};
  // [n-5] for n = 5..10: chars of the words covered by a second or later occurrence of any
  // word n-gram / chars of all words.
  double dup_ngram_char_fraction[6] = {0, 0, 0, 0, 0, 0};

  // --- C4, measured per line and per document.
  double no_terminal_punct_line_fraction = 0;  // lines not ending in . ! ? " ' ” ’ » … 。！？؟।
  uint64_t lorem_ipsum_count = 0;              // occurrences of the words "lorem ipsum"
  uint64_t curly_brace_count = 0;              // '{' characters
  double javascript_line_fraction = 0;  // lines with a word whose core starts "javascript"
  double policy_line_fraction = 0;      // lines with "terms of use", "privacy policy",
                                        // "cookie policy", "uses cookies", "use of cookies" or
                                        // "use cookies" (word cores)
  double few_words_line_fraction = 0;   // lines with fewer than 3 words (C4 min words per line)

  // --- FineWeb.
  double line_punct_ratio = 0;       // lines ending in terminal punctuation / lines
  double short_line_ratio = 0;       // lines of at most 30 chars / lines
  double newline_to_word_ratio = 0;  // num_newlines / num_words
  // FineWeb's duplicated-line character fraction is dup_line_char_fraction.
};

// Computes QualitySignals. Keeps its scratch buffers (token arrays, hash tables) between calls,
// so steady-state computation does no heap allocation. Not thread-safe; one per thread.
class SignalComputer {
 public:
  SignalComputer();
  ~SignalComputer();
  // Not copyable: it owns large scratch buffers; movable.
  SignalComputer(const SignalComputer&) = delete;
  SignalComputer& operator=(const SignalComputer&) = delete;
  SignalComputer(SignalComputer&&) noexcept;
  SignalComputer& operator=(SignalComputer&&) noexcept;

  // Overwrites *out with the signals of `text` (UTF-8; invalid bytes count as one character each
  // and are not letters). `stop_words` is the document language's list, or nullptr, in which case
  // out->stop_word_count is -1 and the stop-word rule is skipped. REQUIRES: text.size() < 4 GiB.
  // Cost: linear in the text, plus a few hash-table operations per word.
  void Compute(std::string_view text, const StopWords* stop_words, QualitySignals* out);

 private:
  std::unique_ptr<quality_internal::SignalScratch> scratch_;
};

// Thresholds and enabled rule groups. Every default cites its source in quality.cc's rule table
// and in docs/quality.md. "max" rules fail when value > threshold, "min" rules when value <
// threshold.
struct QualityOptions {
  bool gopher_quality = true;     // Rae et al. 2021, App. A
  bool gopher_repetition = true;  // Rae et al. 2021, App. A, Table A1
  bool c4 = true;                 // Raffel et al. 2020, section 2.2
  bool fineweb = true;            // Penedo et al. 2024; datatrove FineWebQualityFilter

  // Gopher quality.
  double gopher_min_words = 50;
  double gopher_max_words = 100000;
  double gopher_min_mean_word_length = 3;
  double gopher_max_mean_word_length = 10;
  double gopher_max_hash_to_word_ratio = 0.1;
  double gopher_max_ellipsis_to_word_ratio = 0.1;
  double gopher_max_bullet_line_fraction = 0.9;
  double gopher_max_ellipsis_line_fraction = 0.3;
  double gopher_min_alpha_word_fraction = 0.8;
  double gopher_min_stop_words = 2;

  // Gopher repetition.
  double gopher_max_dup_line_fraction = 0.3;
  double gopher_max_dup_paragraph_fraction = 0.3;
  double gopher_max_dup_line_char_fraction = 0.2;
  double gopher_max_dup_paragraph_char_fraction = 0.2;
  double gopher_max_top_ngram_char_fraction[3] = {0.2, 0.18, 0.16};  // n = 2, 3, 4
  double gopher_max_dup_ngram_char_fraction[6] = {0.15, 0.14, 0.13, 0.12, 0.11, 0.10};  // 5..10

  // C4. The paper drops individual lines for the line criteria; at document level saring fails a
  // document when too large a fraction of its lines would be dropped (saring's defaults).
  double c4_max_lorem_ipsum = 0;
  double c4_max_curly_braces = 0;
  double c4_min_sentences = 5;
  double c4_max_no_terminal_punct_line_fraction = 0.5;
  double c4_max_javascript_line_fraction = 0.1;
  double c4_max_policy_line_fraction = 0.1;
  double c4_max_few_words_line_fraction = 0.5;

  // FineWeb.
  double fineweb_min_line_punct_ratio = 0.12;
  double fineweb_max_short_line_ratio = 0.67;
  double fineweb_max_dup_line_char_fraction = 0.1;
  double fineweb_max_newline_to_word_ratio = 0.3;
};

// The first rule a document fails. `rule` points to static storage.
struct RuleFailure {
  std::string_view rule;  // stable name, e.g. "gopher.min_words"
  double value;           // the signal's value
  double threshold;       // the threshold it violated
};

// Returns the first failing rule among the enabled groups, in the order of DescribeRules()
// (gopher quality, gopher repetition, c4, fineweb; within a group as listed in docs/quality.md),
// or nullopt if the document passes. The stop-word rule is skipped when
// s.stop_word_count < 0.
std::optional<RuleFailure> EvaluateRules(const QualitySignals& s, const QualityOptions& o);

// One rule, for configuration printing and documentation. Views point to static storage.
struct RuleInfo {
  std::string_view name;      // e.g. "gopher.min_words"
  std::string_view group;     // "gopher_quality", "gopher_repetition", "c4" or "fineweb"
  std::string_view signal;    // the key in AppendSignalsJson()
  bool is_min;                // true: fails below threshold; false: fails above
  double threshold;           // from the options given
  bool enabled;               // its group is enabled in the options given
  std::string_view citation;  // where the default comes from
};

// Every rule in evaluation order, with thresholds taken from `o`.
std::vector<RuleInfo> DescribeRules(const QualityOptions& o);

// Appends the signals to *out as one JSON object with a fixed key order (see docs/quality.md).
// Integers are printed as integers; fractions with at most 4 decimals, trailing zeros removed
// ("0.25", "1", "0.1235"); stop_words is null when not computed. Locale-independent.
void AppendSignalsJson(const QualitySignals& s, std::string* out);

}  // namespace saring

#endif  // SARING_QUALITY_H_
