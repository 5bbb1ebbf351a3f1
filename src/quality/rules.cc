// The quality rules as one table: name, group, signal, direction, threshold and citation. The
// table's order is the evaluation order of EvaluateRules() and the order of DescribeRules(), so
// documentation, config printing and filtering cannot disagree.
#include <cmath>
#include <iterator>

#include "saring/quality.h"

namespace saring {
namespace {

constexpr const char* kGopher =
    "Rae et al. 2021, Scaling Language Models (Gopher), App. A.1.1 quality filters";
constexpr const char* kGopherRep =
    "Rae et al. 2021, Scaling Language Models (Gopher), App. A.1.1 and Table A1 (repetition)";
constexpr const char* kC4Page =
    "Raffel et al. 2020, Exploring the Limits of Transfer Learning (C4), section 2.2";
constexpr const char* kC4Line =
    "line criterion of Raffel et al. 2020 (C4) section 2.2; document-level threshold is saring's";
constexpr const char* kFineWeb =
    "Penedo et al. 2024, The FineWeb Datasets; datatrove FineWebQualityFilter default";

enum class Group : uint8_t { kGopherQuality, kGopherRepetition, kC4, kFineWeb };

struct RuleSpec {
  const char* name;
  Group group;
  const char* signal;
  bool is_min;
  double (*value)(const QualitySignals&);
  double (*threshold)(const QualityOptions&);
  const char* citation;
};

#define SARING_SIG_(expr) [](const QualitySignals& s) { return static_cast<double>(expr); }
#define SARING_OPT_(field) [](const QualityOptions& o) { return o.field; }

// Defaults live in QualityOptions (quality.h); each row cites where its default comes from.
constexpr RuleSpec kRules[] = {
    // Gopher quality filters: 50 <= words <= 100,000; 3 <= mean word length <= 10;
    // symbol-to-word ratio <= 0.1 for '#' and for ellipsis; bullet lines <= 90%; ellipsis lines
    // <= 30%; >= 80% of words with an alphabetic character; >= 2 stop words.
    {"gopher.min_words", Group::kGopherQuality, "words", true, SARING_SIG_(s.num_words),
     SARING_OPT_(gopher_min_words), kGopher},
    {"gopher.max_words", Group::kGopherQuality, "words", false, SARING_SIG_(s.num_words),
     SARING_OPT_(gopher_max_words), kGopher},
    {"gopher.min_mean_word_length", Group::kGopherQuality, "mean_word_length", true,
     SARING_SIG_(s.mean_word_length), SARING_OPT_(gopher_min_mean_word_length), kGopher},
    {"gopher.max_mean_word_length", Group::kGopherQuality, "mean_word_length", false,
     SARING_SIG_(s.mean_word_length), SARING_OPT_(gopher_max_mean_word_length), kGopher},
    {"gopher.hash_to_word_ratio", Group::kGopherQuality, "hash_to_word_ratio", false,
     SARING_SIG_(s.hash_to_word_ratio), SARING_OPT_(gopher_max_hash_to_word_ratio), kGopher},
    {"gopher.ellipsis_to_word_ratio", Group::kGopherQuality, "ellipsis_to_word_ratio", false,
     SARING_SIG_(s.ellipsis_to_word_ratio), SARING_OPT_(gopher_max_ellipsis_to_word_ratio),
     kGopher},
    {"gopher.bullet_line_fraction", Group::kGopherQuality, "bullet_line_fraction", false,
     SARING_SIG_(s.bullet_line_fraction), SARING_OPT_(gopher_max_bullet_line_fraction), kGopher},
    {"gopher.ellipsis_line_fraction", Group::kGopherQuality, "ellipsis_line_fraction", false,
     SARING_SIG_(s.ellipsis_line_fraction), SARING_OPT_(gopher_max_ellipsis_line_fraction),
     kGopher},
    {"gopher.alpha_word_fraction", Group::kGopherQuality, "alpha_word_fraction", true,
     SARING_SIG_(s.alpha_word_fraction), SARING_OPT_(gopher_min_alpha_word_fraction), kGopher},
    {"gopher.stop_words", Group::kGopherQuality, "stop_words", true,
     // NaN (rule skipped) when no stop-word list was given.
     SARING_SIG_(s.stop_word_count < 0 ? std::nan("") : static_cast<double>(s.stop_word_count)),
     SARING_OPT_(gopher_min_stop_words), kGopher},
    // Gopher repetition (Table A1): duplicate lines 0.30 and paragraphs 0.30 by count, 0.20 and
    // 0.20 by characters; top 2/3/4-gram 0.20/0.18/0.16; duplicate 5..10-grams 0.15..0.10.
    {"gopher.dup_line_fraction", Group::kGopherRepetition, "dup_line_fraction", false,
     SARING_SIG_(s.dup_line_fraction), SARING_OPT_(gopher_max_dup_line_fraction), kGopherRep},
    {"gopher.dup_paragraph_fraction", Group::kGopherRepetition, "dup_paragraph_fraction", false,
     SARING_SIG_(s.dup_paragraph_fraction), SARING_OPT_(gopher_max_dup_paragraph_fraction),
     kGopherRep},
    {"gopher.dup_line_char_fraction", Group::kGopherRepetition, "dup_line_char_fraction", false,
     SARING_SIG_(s.dup_line_char_fraction), SARING_OPT_(gopher_max_dup_line_char_fraction),
     kGopherRep},
    {"gopher.dup_paragraph_char_fraction", Group::kGopherRepetition, "dup_paragraph_char_fraction",
     false, SARING_SIG_(s.dup_paragraph_char_fraction),
     SARING_OPT_(gopher_max_dup_paragraph_char_fraction), kGopherRep},
    {"gopher.top_2gram_char_fraction", Group::kGopherRepetition, "top_2gram_char_fraction", false,
     SARING_SIG_(s.top_ngram_char_fraction[0]), SARING_OPT_(gopher_max_top_ngram_char_fraction[0]),
     kGopherRep},
    {"gopher.top_3gram_char_fraction", Group::kGopherRepetition, "top_3gram_char_fraction", false,
     SARING_SIG_(s.top_ngram_char_fraction[1]), SARING_OPT_(gopher_max_top_ngram_char_fraction[1]),
     kGopherRep},
    {"gopher.top_4gram_char_fraction", Group::kGopherRepetition, "top_4gram_char_fraction", false,
     SARING_SIG_(s.top_ngram_char_fraction[2]), SARING_OPT_(gopher_max_top_ngram_char_fraction[2]),
     kGopherRep},
#define SARING_DUP_NGRAM_RULE_(n)                                                             \
  {                                                                                           \
    "gopher.dup_" #n "gram_char_fraction", Group::kGopherRepetition,                          \
        "dup_" #n "gram_char_fraction", false, SARING_SIG_(s.dup_ngram_char_fraction[n - 5]), \
        SARING_OPT_(gopher_max_dup_ngram_char_fraction[n - 5]), kGopherRep                    \
  }
    SARING_DUP_NGRAM_RULE_(5),
    SARING_DUP_NGRAM_RULE_(6),
    SARING_DUP_NGRAM_RULE_(7),
    SARING_DUP_NGRAM_RULE_(8),
    SARING_DUP_NGRAM_RULE_(9),
    SARING_DUP_NGRAM_RULE_(10),
#undef SARING_DUP_NGRAM_RULE_
    // C4 page rules: drop pages with "lorem ipsum" or a curly bracket, or fewer than 5
    // sentences. C4 line rules (terminal punctuation, "javascript", policy phrases, >= 3 words)
    // drop lines; here a document fails when too large a fraction of its lines would go.
    {"c4.lorem_ipsum", Group::kC4, "lorem_ipsum", false, SARING_SIG_(s.lorem_ipsum_count),
     SARING_OPT_(c4_max_lorem_ipsum), kC4Page},
    {"c4.curly_brace", Group::kC4, "curly_braces", false, SARING_SIG_(s.curly_brace_count),
     SARING_OPT_(c4_max_curly_braces), kC4Page},
    {"c4.min_sentences", Group::kC4, "sentences", true, SARING_SIG_(s.num_sentences),
     SARING_OPT_(c4_min_sentences), kC4Page},
    {"c4.no_terminal_punct_line_fraction", Group::kC4, "no_terminal_punct_line_fraction", false,
     SARING_SIG_(s.no_terminal_punct_line_fraction),
     SARING_OPT_(c4_max_no_terminal_punct_line_fraction), kC4Line},
    {"c4.javascript_line_fraction", Group::kC4, "javascript_line_fraction", false,
     SARING_SIG_(s.javascript_line_fraction), SARING_OPT_(c4_max_javascript_line_fraction),
     kC4Line},
    {"c4.policy_line_fraction", Group::kC4, "policy_line_fraction", false,
     SARING_SIG_(s.policy_line_fraction), SARING_OPT_(c4_max_policy_line_fraction), kC4Line},
    {"c4.few_words_line_fraction", Group::kC4, "few_words_line_fraction", false,
     SARING_SIG_(s.few_words_line_fraction), SARING_OPT_(c4_max_few_words_line_fraction), kC4Line},
    // FineWeb: line_punct_thr 0.12, short_line_thr 0.67 (lines <= 30 chars),
    // char_duplicates_ratio 0.1, new_line_ratio 0.3.
    {"fineweb.line_punct_ratio", Group::kFineWeb, "line_punct_ratio", true,
     SARING_SIG_(s.line_punct_ratio), SARING_OPT_(fineweb_min_line_punct_ratio), kFineWeb},
    {"fineweb.short_line_ratio", Group::kFineWeb, "short_line_ratio", false,
     SARING_SIG_(s.short_line_ratio), SARING_OPT_(fineweb_max_short_line_ratio), kFineWeb},
    {"fineweb.dup_line_char_fraction", Group::kFineWeb, "dup_line_char_fraction", false,
     SARING_SIG_(s.dup_line_char_fraction), SARING_OPT_(fineweb_max_dup_line_char_fraction),
     kFineWeb},
    {"fineweb.newline_to_word_ratio", Group::kFineWeb, "newline_to_word_ratio", false,
     SARING_SIG_(s.newline_to_word_ratio), SARING_OPT_(fineweb_max_newline_to_word_ratio),
     kFineWeb},
};

#undef SARING_SIG_
#undef SARING_OPT_

bool GroupEnabled(Group g, const QualityOptions& o) {
  switch (g) {
    case Group::kGopherQuality: return o.gopher_quality;
    case Group::kGopherRepetition: return o.gopher_repetition;
    case Group::kC4: return o.c4;
    case Group::kFineWeb: return o.fineweb;
  }
  return false;
}

std::string_view GroupName(Group g) {
  switch (g) {
    case Group::kGopherQuality: return "gopher_quality";
    case Group::kGopherRepetition: return "gopher_repetition";
    case Group::kC4: return "c4";
    case Group::kFineWeb: return "fineweb";
  }
  return "";
}

}  // namespace

std::optional<RuleFailure> EvaluateRules(const QualitySignals& s, const QualityOptions& o) {
  for (const RuleSpec& rule : kRules) {
    if (!GroupEnabled(rule.group, o)) continue;
    const double value = rule.value(s);
    if (std::isnan(value)) continue;  // signal not computed
    const double threshold = rule.threshold(o);
    if (rule.is_min ? value < threshold : value > threshold) {
      return RuleFailure{rule.name, value, threshold};
    }
  }
  return std::nullopt;
}

std::vector<RuleInfo> DescribeRules(const QualityOptions& o) {
  std::vector<RuleInfo> rules;
  rules.reserve(std::size(kRules));
  for (const RuleSpec& rule : kRules) {
    rules.push_back({rule.name, GroupName(rule.group), rule.signal, rule.is_min, rule.threshold(o),
                     GroupEnabled(rule.group, o), rule.citation});
  }
  return rules;
}

}  // namespace saring
