// The settings table: one row per setting, binding a dotted key to a RunOptions field through a
// small accessor, so that YAML, flags and --dry-run share one definition of every setting.
#include "saring/config.h"
#include "saring/near_dup.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "pipeline/config_file.h"

namespace saring {
namespace {

// How a setting reads and writes its field.
struct Setting {
  SettingInfo info;
  std::function<Status(const std::string&, RunOptions*)> set;
  std::function<std::string(const RunOptions&)> get;
};

Status BadValue(const std::string& key, const std::string& value, const char* expected) {
  return Status::InvalidArgument(fmt::format("setting {}: '{}' is not {}", key, value, expected));
}

Result<bool> ParseBool(const std::string& key, const std::string& v) {
  std::string s = v;
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  return BadValue(key, v, "a boolean (true/false)");
}

template <class T>
Result<T> ParseNumber(const std::string& key, const std::string& v) {
  T out{};
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size()) {
    return BadValue(key, v, std::is_floating_point_v<T> ? "a number" : "a whole number");
  }
  if constexpr (std::is_floating_point_v<T>) return out;
  else if (out < 0) return BadValue(key, v, "a non-negative number");
  return out;
}

// Row builders for each field type.
template <class Getter>
Setting BoolAt(std::string key, std::string help, Getter at) {
  return {{key, "bool", std::move(help)},
          [key, at](const std::string& v, RunOptions* o) -> Status {
            SARING_ASSIGN_OR_RETURN(at(*o), ParseBool(key, v));
            return Status::Ok();
          },
          [at](const RunOptions& o) {
            return std::string(at(const_cast<RunOptions&>(o)) ? "true" : "false");
          }};
}

template <class T, class Getter>
Setting NumberAt(std::string key, std::string type, std::string help, Getter at) {
  return {{key, type, std::move(help)},
          [key, at](const std::string& v, RunOptions* o) -> Status {
            SARING_ASSIGN_OR_RETURN(T x, ParseNumber<T>(key, v));
            at(*o) = x;
            return Status::Ok();
          },
          [at](const RunOptions& o) {
            T x = at(const_cast<RunOptions&>(o));
            if constexpr (std::is_floating_point_v<T>) return fmt::format("{}", x);
            else return std::to_string(x);
          }};
}

// A byte count: a plain number of bytes, or a number with a unit (K, M, G, T, optionally KiB /
// KB style; all binary multiples). Shown with the largest unit that divides it.
Result<uint64_t> ParseSize(const std::string& key, const std::string& v) {
  size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  if (digits == 0) return BadValue(key, v, "a size such as 512MiB, 4G or 65536");
  uint64_t n = 0;
  std::from_chars(v.data(), v.data() + digits, n);
  std::string unit = v.substr(digits);
  unit.erase(0, unit.find_first_not_of(' '));
  std::transform(unit.begin(), unit.end(), unit.begin(), ::tolower);
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  else if (unit == "k" || unit == "kb" || unit == "kib") shift = 10;
  else if (unit == "m" || unit == "mb" || unit == "mib") shift = 20;
  else if (unit == "g" || unit == "gb" || unit == "gib") shift = 30;
  else if (unit == "t" || unit == "tb" || unit == "tib") shift = 40;
  if (shift < 0 || n == 0 || (shift && n > (~0ull >> shift))) {
    return BadValue(key, v, "a positive size such as 512MiB, 4G or 65536");
  }
  return n << shift;
}

std::string FormatSize(uint64_t n) {
  static const char* const kUnits[] = {"", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (u < 4 && n >= 1024 && n % 1024 == 0) {
    n /= 1024;
    ++u;
  }
  return std::to_string(n) + kUnits[u];
}

template <class Getter>
Setting SizeAt(std::string key, std::string help, Getter at) {
  return {{key, "size", std::move(help)},
          [key, at](const std::string& v, RunOptions* o) -> Status {
            SARING_ASSIGN_OR_RETURN(at(*o), ParseSize(key, v));
            return Status::Ok();
          },
          [at](const RunOptions& o) { return FormatSize(at(const_cast<RunOptions&>(o))); }};
}

std::vector<std::string> SplitList(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string item = v.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" []"));
    item.erase(item.find_last_not_of(" []") + 1);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

template <class Getter>
Setting ListAt(std::string key, std::string help, Getter at) {
  return {{key, "list", std::move(help)},
          [at](const std::string& v, RunOptions* o) -> Status {
            at(*o) = SplitList(v);
            return Status::Ok();
          },
          [at](const RunOptions& o) {
            std::string out;
            for (const std::string& item : at(const_cast<RunOptions&>(o)))
              out += (out.empty() ? "" : ",") + item;
            return out;
          }};
}

template <class Getter>
Setting StringAt(std::string key, std::string help, Getter at) {
  return {{key, "string", std::move(help)},
          [at](const std::string& v, RunOptions* o) -> Status {
            at(*o) = v;
            return Status::Ok();
          },
          [at](const RunOptions& o) { return at(const_cast<RunOptions&>(o)); }};
}

// An enum, through its Parse* and *Name functions (one name table each): a bad value is refused
// with the setting's key, the value and the valid names.
template <class E, class Getter>
Setting EnumAt(std::string key, std::string help, Result<E> (*parse)(std::string_view),
               std::string_view (*name)(E), Getter at) {
  return {{key, "string", std::move(help)},
          [key, parse, at](const std::string& v, RunOptions* o) -> Status {
            Result<E> value = parse(v);
            if (!value.ok())
              return Status::InvalidArgument(
                  fmt::format("setting {}: {}", key, value.status().message()));
            at(*o) = *value;
            return Status::Ok();
          },
          [name, at](const RunOptions& o) {
            return std::string(name(at(const_cast<RunOptions&>(o))));
          }};
}

#define SARING_FIELD(expr) \
  [](RunOptions & o) -> auto& { return o.expr; }

std::vector<Setting> BuildTable() {
  std::vector<Setting> t;
  // run: how the job runs.
  t.push_back(NumberAt<unsigned>("run.threads", "int", "worker threads; 0 = every core",
                                 SARING_FIELD(threads)));
  t.push_back(
      BoolAt("run.strict", "stop at the first bad record or broken input", SARING_FIELD(strict)));
  t.push_back(SizeAt("run.memory_budget", "memory for batches in flight",
                     SARING_FIELD(memory_budget_bytes)));
  t.push_back(StringAt("run.work_dir",
                       "folder for spill files (default: DIR/work, removed at the end)",
                       SARING_FIELD(work_dir)));
  // input: what is read.
  t.push_back(StringAt("input.id_field", "top-level field holding the document id",
                       SARING_FIELD(id_field)));
  t.push_back(
      StringAt("input.text_field", "top-level field holding the text", SARING_FIELD(text_field)));
  t.push_back(StringAt("input.metadata_field", "top-level field saring annotates",
                       SARING_FIELD(metadata_field)));
  t.push_back(StringAt("input.text_glob", "files of a folder read as one document each",
                       SARING_FIELD(input.text_glob)));
  t.push_back(SizeAt("input.max_record_size",
                     "longest record (line or text file) read; longer ones are quarantined",
                     SARING_FIELD(reader.max_record_bytes)));
  t.push_back(SizeAt("input.batch_size",
                     "input bytes per batch (changes shard boundaries, not content)",
                     SARING_FIELD(reader.batch_bytes)));
  // repair: per-document repair.
  t.push_back(
      BoolAt("repair.enabled", "repair documents (all rules below)", SARING_FIELD(repair.enabled)));
  t.push_back(BoolAt("repair.repeated", "cut paragraphs repeating an earlier paragraph",
                     SARING_FIELD(repair.remove_repeated)));
  t.push_back(BoolAt("repair.contained", "cut paragraphs contained in a longer paragraph",
                     SARING_FIELD(repair.remove_contained)));
  t.push_back(NumberAt<uint32_t>("repair.min_contained_chars", "int",
                                 "shortest paragraph (normalised chars) cut as contained",
                                 SARING_FIELD(repair.min_contained_chars)));
  t.push_back(BoolAt("repair.credits", "cut standalone credit and editor-tag lines",
                     SARING_FIELD(repair.remove_credits)));
  t.push_back(NumberAt<uint32_t>("repair.max_credit_chars", "int",
                                 "longest line treated as a credit or tag",
                                 SARING_FIELD(repair.max_credit_chars)));
  // dedup: exact document and paragraph dedup.
  t.push_back(BoolAt("dedup.exact", "remove documents whose normalised text equals an earlier one",
                     SARING_FIELD(dedup.exact)));
  t.push_back(BoolAt("dedup.paragraphs", "cut paragraphs that occurred in an earlier document",
                     SARING_FIELD(dedup.paragraphs)));
  t.push_back(NumberAt<uint32_t>("dedup.paragraph_min_chars", "int",
                                 "shortest paragraph (normalised chars) cut across documents",
                                 SARING_FIELD(dedup.paragraph_min_chars)));
  t.push_back(SizeAt("dedup.memory_budget", "memory for the seen-hash tables",
                     SARING_FIELD(dedup.memory_budget_bytes)));
  t.push_back(BoolAt("dedup.substrings",
                     "cut runs of words that occurred earlier in the corpus (docs/substrings.md)",
                     SARING_FIELD(dedup.substrings)));
  t.push_back(NumberAt<uint32_t>("dedup.substring_min_words", "int",
                                 "shortest repeated run of words cut by dedup.substrings",
                                 SARING_FIELD(dedup.substring_min_words)));
  t.push_back(SizeAt("dedup.substring_memory_budget", "memory for substring dedup's window tables",
                     SARING_FIELD(dedup.substring_memory_budget_bytes)));
  // boilerplate: lines learned from the corpus (docs/boilerplate.md).
  t.push_back(BoolAt("boilerplate.enabled",
                     "learn recurring lines and line templates per source, then cut them",
                     SARING_FIELD(boilerplate.enabled)));
  t.push_back(StringAt(
      "boilerplate.source_field",
      "metadata field (or /json/pointer) naming a document's source; a URL stands for its host",
      SARING_FIELD(boilerplate.source_field)));
  t.push_back(NumberAt<uint32_t>("boilerplate.max_line_chars", "int",
                                 "longest line that can be boilerplate",
                                 SARING_FIELD(boilerplate.max_line_chars)));
  t.push_back(NumberAt<uint32_t>("boilerplate.line_min_docs", "int",
                                 "documents of a source a line must recur in",
                                 SARING_FIELD(boilerplate.line_min_docs)));
  t.push_back(NumberAt<double>("boilerplate.line_min_doc_fraction", "float",
                               "... and this share of the source's documents",
                               SARING_FIELD(boilerplate.line_min_doc_fraction)));
  t.push_back(NumberAt<uint32_t>("boilerplate.template_min_words", "int",
                                 "shortest template prefix, in words",
                                 SARING_FIELD(boilerplate.template_min_words)));
  t.push_back(NumberAt<uint32_t>("boilerplate.template_max_words", "int",
                                 "longest template prefix, in words",
                                 SARING_FIELD(boilerplate.template_max_words)));
  t.push_back(NumberAt<uint32_t>("boilerplate.template_min_docs", "int",
                                 "documents of a source a template must start lines in",
                                 SARING_FIELD(boilerplate.template_min_docs)));
  t.push_back(NumberAt<double>("boilerplate.template_min_doc_fraction", "float",
                               "... and this share of the source's documents",
                               SARING_FIELD(boilerplate.template_min_doc_fraction)));
  t.push_back(NumberAt<uint32_t>("boilerplate.template_min_distinct_tails", "int",
                                 "different line endings a template needs",
                                 SARING_FIELD(boilerplate.template_min_distinct_tails)));
  t.push_back(NumberAt<double>("boilerplate.template_max_sentence_fraction", "float",
                               "largest share of a template's lines that end like a sentence",
                               SARING_FIELD(boilerplate.template_max_sentence_fraction)));
  t.push_back(BoolAt("boilerplate.seed_templates",
                     "also cut the built-in templates (Baca juga:, Read also:, ...)",
                     SARING_FIELD(boilerplate.use_seed_templates)));
  t.push_back(NumberAt<size_t>("boilerplate.memory_budget", "int", "bytes for the learner's counts",
                               SARING_FIELD(boilerplate.memory_budget_bytes)));
  // boilerplate.inline*: insertions inside paragraphs (docs/boilerplate.md, "Inline insertions").
  t.push_back(
      BoolAt("boilerplate.inline",
             "also cut related-article links, captions and credits flattened into paragraphs",
             SARING_FIELD(boilerplate.inline_markers)));
  t.push_back(
      NumberAt<uint32_t>("boilerplate.inline_min_docs", "int",
                         "documents of a source a learned inline marker must open a sentence in",
                         SARING_FIELD(boilerplate.inline_min_docs)));
  t.push_back(NumberAt<double>("boilerplate.inline_min_doc_fraction", "float",
                               "... and this share of the source's documents",
                               SARING_FIELD(boilerplate.inline_min_doc_fraction)));
  t.push_back(NumberAt<double>("boilerplate.inline_min_headline_fraction", "float",
                               "share of those documents where a headline follows the marker",
                               SARING_FIELD(boilerplate.inline_min_headline_fraction)));
  t.push_back(BoolAt(
      "boilerplate.inline_seed_markers",
      "also use the built-in inline markers (Baca juga, Read more, (Foto: ...), Editor: ...)",
      SARING_FIELD(boilerplate.use_seed_inline_markers)));
  // language: identification and filter (docs/language-id.md).
  t.push_back(BoolAt("language.enabled",
                     "identify each document's language (metadata.saring.language)",
                     SARING_FIELD(language.enabled)));
  t.push_back(EnumAt<LanguageIdBackend>(
      "language.backend",
      "combined (lid.176 + CLD2 for id/ms/jv/su), cld2 (built in) or fasttext (lid.176.ftz or any "
      "fastText language-ID model; scripts/fetch-lid-model.sh)",
      ParseLanguageIdBackend, LanguageIdBackendName, SARING_FIELD(language.backend)));
  t.push_back(StringAt("language.model", "fastText model file; empty = the default search path",
                       SARING_FIELD(language.model)));
  t.push_back(ListAt("language.keep",
                     "keep only these languages (ISO 639-1 codes); empty = keep all",
                     SARING_FIELD(language.keep)));
  t.push_back(NumberAt<double>("language.min_score", "float",
                               "with language.keep: lowest score kept",
                               SARING_FIELD(language.min_score)));
  t.push_back(NumberAt<uint32_t>("language.max_bytes", "int",
                                 "identify on at most this many bytes of each document (0 = all)",
                                 SARING_FIELD(language.max_bytes)));
  t.push_back(BoolAt("language.paragraphs",
                     "also identify each paragraph (line of >= 40 bytes) and annotate the share of "
                     "text per language (metadata.saring.language.paragraphs)",
                     SARING_FIELD(language.paragraphs)));
  t.push_back(
      ListAt("classifier.models",
             "fastText classifiers NAME:filter|annotate:LABEL:THRESHOLD:PATH (docs/classifier.md)",
             SARING_FIELD(classifier.models)));
  t.push_back(
      NumberAt<uint32_t>("classifier.max_bytes", "int",
                         "score at most this many bytes of each document, in 4 windows (0 = all)",
                         SARING_FIELD(classifier.max_bytes)));
  t.push_back(NumberAt<uint32_t>(
      "language.windows", "int",
      "with language.max_bytes: windows spread over a longer document (1 = its prefix)",
      SARING_FIELD(language.windows)));
  // quality: Gopher, C4 and FineWeb rules (docs/quality.md); thresholds cited there.
  t.push_back(EnumAt<QualityMode>(
      "quality.mode",
      "off, annotate (signals in metadata) or filter (remove on the first failed rule)",
      ParseQualityMode, QualityModeName, SARING_FIELD(quality_mode)));
  t.push_back(StringAt("quality.default_language", "stop-word list when the language is unknown",
                       SARING_FIELD(default_language)));
  t.push_back(BoolAt("quality.gopher_quality", "Gopher quality rules (Rae et al. 2021)",
                     SARING_FIELD(quality.gopher_quality)));
  t.push_back(BoolAt("quality.gopher_repetition", "Gopher repetition rules (Rae et al. 2021)",
                     SARING_FIELD(quality.gopher_repetition)));
  t.push_back(BoolAt("quality.c4", "C4 rules (Raffel et al. 2020)", SARING_FIELD(quality.c4)));
  t.push_back(BoolAt("quality.fineweb", "FineWeb rules (Penedo et al. 2024)",
                     SARING_FIELD(quality.fineweb)));
#define SARING_Q(name, help) \
  t.push_back(NumberAt<double>("quality." #name, "float", help, SARING_FIELD(quality.name)))
  SARING_Q(gopher_min_words, "fewest words");
  SARING_Q(gopher_max_words, "most words");
  SARING_Q(gopher_min_mean_word_length, "shortest mean word length");
  SARING_Q(gopher_max_mean_word_length, "longest mean word length");
  SARING_Q(gopher_max_hash_to_word_ratio, "most '#' per word");
  SARING_Q(gopher_max_ellipsis_to_word_ratio, "most ellipses per word");
  SARING_Q(gopher_max_bullet_line_fraction, "largest share of lines starting with a bullet");
  SARING_Q(gopher_max_ellipsis_line_fraction, "largest share of lines ending with an ellipsis");
  SARING_Q(gopher_min_alpha_word_fraction, "smallest share of words with a letter");
  SARING_Q(gopher_min_stop_words, "fewest stop words");
  SARING_Q(gopher_max_dup_line_fraction, "largest share of duplicate lines");
  SARING_Q(gopher_max_dup_paragraph_fraction, "largest share of duplicate paragraphs");
  SARING_Q(gopher_max_dup_line_char_fraction, "largest share of characters in duplicate lines");
  SARING_Q(gopher_max_dup_paragraph_char_fraction,
           "largest share of characters in duplicate paragraphs");
#undef SARING_Q
  static const char* const kTop[3] = {"quality.gopher_max_top_2gram_char_fraction",
                                      "quality.gopher_max_top_3gram_char_fraction",
                                      "quality.gopher_max_top_4gram_char_fraction"};
  for (int i = 0; i < 3; ++i) {
    t.push_back(NumberAt<double>(
        kTop[i], "float",
        "largest share of characters in the most frequent n-gram", [i](RunOptions & o) -> auto& {
          return o.quality.gopher_max_top_ngram_char_fraction[i];
        }));
  }
  static const char* const kDup[6] = {
      "quality.gopher_max_dup_5gram_char_fraction", "quality.gopher_max_dup_6gram_char_fraction",
      "quality.gopher_max_dup_7gram_char_fraction", "quality.gopher_max_dup_8gram_char_fraction",
      "quality.gopher_max_dup_9gram_char_fraction", "quality.gopher_max_dup_10gram_char_fraction"};
  for (int i = 0; i < 6; ++i) {
    t.push_back(NumberAt<double>(
        kDup[i], "float",
        "largest share of characters in duplicated n-grams", [i](RunOptions & o) -> auto& {
          return o.quality.gopher_max_dup_ngram_char_fraction[i];
        }));
  }
#define SARING_Q(name, help) \
  t.push_back(NumberAt<double>("quality." #name, "float", help, SARING_FIELD(quality.name)))
  SARING_Q(c4_max_lorem_ipsum, "most 'lorem ipsum'");
  SARING_Q(c4_max_curly_braces, "most '{'");
  SARING_Q(c4_min_sentences, "fewest sentences");
  SARING_Q(c4_max_no_terminal_punct_line_fraction,
           "largest share of lines without terminal punctuation");
  SARING_Q(c4_max_javascript_line_fraction, "largest share of lines mentioning javascript");
  SARING_Q(c4_max_policy_line_fraction, "largest share of cookie/policy lines");
  SARING_Q(c4_max_few_words_line_fraction, "largest share of lines with fewer than 3 words");
  SARING_Q(fineweb_min_line_punct_ratio, "smallest share of lines ending in punctuation");
  SARING_Q(fineweb_max_short_line_ratio, "largest share of lines of 30 characters or fewer");
  SARING_Q(fineweb_max_dup_line_char_fraction, "largest share of characters in duplicated lines");
  SARING_Q(fineweb_max_newline_to_word_ratio, "most newlines per word (list-like documents)");
#undef SARING_Q
  // near_dup: near-duplicate documents (docs/near-dup.md).
  t.push_back(BoolAt("near_dup.enabled", "remove near-duplicate documents (MinHash LSH)",
                     SARING_FIELD(near_dup.enabled)));
  t.push_back({{"near_dup.preset", "string",
                "sets ngram, bands, rows, threshold, verify, containment at once (later settings "
                "override): saring | fineweb"},
               [](const std::string& v, RunOptions* o) -> Status {
                 if (v == "custom") return Status::Ok();  // what a dump shows for other values
                 if (!ApplyNearDupPreset(v, o))
                   return BadValue("near_dup.preset", v, "saring or fineweb");
                 return Status::Ok();
               },
               [](const RunOptions& o) { return NearDupPresetOf(o); }});
  t.push_back(NumberAt<uint32_t>("near_dup.ngram", "int", "tokens per shingle",
                                 SARING_FIELD(near_dup.ngram)));
  t.push_back(BoolAt("near_dup.char_ngrams", "shingle code points instead of words",
                     SARING_FIELD(near_dup.char_ngrams)));
  t.push_back(NumberAt<uint32_t>("near_dup.num_perm", "int", "MinHash signature length",
                                 SARING_FIELD(near_dup.num_perm)));
  t.push_back(NumberAt<uint32_t>("near_dup.bands", "int",
                                 "LSH bands (bands and rows 0: derived from the threshold)",
                                 SARING_FIELD(near_dup.bands)));
  t.push_back(
      NumberAt<uint32_t>("near_dup.rows", "int", "LSH rows per band", SARING_FIELD(near_dup.rows)));
  t.push_back(NumberAt<double>("near_dup.threshold", "float",
                               "similarity at which a candidate pair is a duplicate",
                               SARING_FIELD(near_dup.threshold)));
  t.push_back(EnumAt<SurvivorPolicy>(
      "near_dup.survivor", "copy kept: first, longest, newest, oldest or priority",
      ParseSurvivorPolicy, SurvivorPolicyName, SARING_FIELD(near_dup.survivor)));
  t.push_back(StringAt("near_dup.survivor_field",
                       "metadata field (or /json/pointer) for newest, oldest, priority",
                       SARING_FIELD(near_dup.survivor_field)));
  t.push_back(EnumAt<NearDupVerify>("near_dup.verify",
                                    "verify candidates by word alignment, the signature estimate "
                                    "or exact Jaccard: align | estimate | exact",
                                    ParseNearDupVerify, NearDupVerifyName,
                                    SARING_FIELD(near_dup.verify)));
  t.push_back(NumberAt<double>("near_dup.containment", "float",
                               "verify=align: aligned share of the shorter document that makes a "
                               "cut copy a duplicate (0 = off)",
                               SARING_FIELD(near_dup.containment)));
  t.push_back(StringAt(
      "near_dup.against",
      "dedup index of an archive: matches are removed as near duplicates of archived documents",
      SARING_FIELD(against_index)));
  t.push_back(BoolAt("near_dup.update_index",
                     "add this run's surviving documents to the near_dup.against index",
                     SARING_FIELD(update_index)));
  t.push_back(SizeAt("near_dup.memory_budget", "RAM for signatures and band keys before spilling",
                     SARING_FIELD(near_dup.memory_budget_bytes)));
  t.push_back(BoolAt("near_dup.reuse_analysis",
                     "final pass restores the signing pass's repair, language and quality results "
                     "(spill file in the work folder)",
                     SARING_FIELD(near_dup.reuse_analysis)));
  // output: what is written.
  t.push_back(NumberAt<int>("output.zstd_level", "int", "zstd level of the output shards",
                            SARING_FIELD(output.zstd_level)));
  t.push_back(SizeAt("output.max_shard_size", "compressed size at which a shard is closed",
                     SARING_FIELD(output.max_shard_bytes)));
  t.push_back(BoolAt("output.overwrite", "replace an earlier saring run in the output folder",
                     SARING_FIELD(overwrite)));
  t.push_back(BoolAt("output.fsync", "fsync each file before it gets its final name",
                     SARING_FIELD(output.fsync)));
  t.push_back(
      {{"output.format", "string",
        "format of the output shards: jsonl (zstd-compressed JSON lines) | parquet"},
       [](const std::string& v, RunOptions* o) -> Status {
         if (v != "jsonl" && v != "parquet")
           return BadValue("output.format", v, "jsonl or parquet");
         o->output.parquet = v == "parquet";
         return Status::Ok();
       },
       [](const RunOptions& o) { return std::string(o.output.parquet ? "parquet" : "jsonl"); }});
  return t;
}

#undef SARING_FIELD

const std::vector<Setting>& Table() {
  static const std::vector<Setting> table = BuildTable();
  return table;
}

const Setting* Find(const std::string& key) {
  for (const Setting& s : Table()) {
    if (s.info.key == key) return &s;
  }
  return nullptr;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

Status UnknownKey(const std::string& key, const std::string& where) {
  std::string near = NearestSettingKey(key);
  std::string hint = near.empty() ? std::string(" (saring run --dry-run lists every setting)")
                                  : fmt::format("; did you mean '{}'?", near);
  return Status::InvalidArgument(fmt::format("{}unknown setting '{}'{}", where, key, hint));
}

// Walks a YAML mapping, applying each scalar or list leaf under its dotted key.
Status ApplyNode(const YAML::Node& node, const std::string& prefix, const std::string& name,
                 RunOptions* options) {
  for (const auto& kv : node) {
    std::string key =
        prefix.empty() ? kv.first.as<std::string>() : prefix + "." + kv.first.as<std::string>();
    const YAML::Node& value = kv.second;
    std::string where = fmt::format("{}:{}: ", name, kv.first.Mark().line + 1);
    if (value.IsMap()) {
      SARING_RETURN_IF_ERROR(ApplyNode(value, key, name, options));
      continue;
    }
    const Setting* s = Find(key);
    if (!s) return UnknownKey(key, where);
    std::string text;
    if (value.IsSequence()) {
      for (size_t i = 0; i < value.size(); ++i) text += (i ? "," : "") + value[i].as<std::string>();
    } else if (value.IsNull()) {
      text = "";
    } else {
      text = value.as<std::string>();
    }
    Status st = s->set(text, options);
    if (!st.ok()) return Status::InvalidArgument(where + st.message());
  }
  return Status::Ok();
}

// A YAML double-quoted scalar: backslash escapes for '"', '\\' and control characters.
std::string YamlQuoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> infos = [] {
    std::vector<SettingInfo> v;
    for (const Setting& s : Table()) v.push_back(s.info);
    return v;
  }();
  return infos;
}

std::string NearestSettingKey(const std::string& key) {
  std::string best;
  size_t best_d = std::string::npos;
  for (const Setting& s : Table()) {
    size_t d = EditDistance(key, s.info.key);
    // Also compare the last component alone ("contianed" vs "repair.contained").
    std::string leaf = s.info.key.substr(s.info.key.rfind('.') + 1);
    d = std::min(d, EditDistance(key, leaf) + 1);
    if (d < best_d) {
      best_d = d;
      best = s.info.key;
    }
  }
  return best_d <= std::max<size_t>(3, key.size() / 3) ? best : "";
}

Status SetSetting(const std::string& key, const std::string& value, RunOptions* options) {
  const Setting* s = Find(key);
  if (!s) return UnknownKey(key, "");
  return s->set(value, options);
}

Status SetSettingAssignment(const std::string& kv, RunOptions* options) {
  size_t eq = kv.find('=');
  if (eq == std::string::npos) {
    return Status::InvalidArgument(fmt::format("--set expects KEY=VALUE, got '{}'", kv));
  }
  return SetSetting(kv.substr(0, eq), kv.substr(eq + 1), options);
}

Result<std::string> GetSetting(const std::string& key, const RunOptions& options) {
  const Setting* s = Find(key);
  if (!s) return UnknownKey(key, "");
  return s->get(options);
}

Status LoadConfigText(const std::string& text, const std::string& name, RunOptions* options) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        fmt::format("{}:{}: not valid YAML: {}", name, e.mark.line + 1, e.msg));
  }
  if (root.IsNull()) return Status::Ok();
  if (!root.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}: the config must be a mapping of sections", name));
  }
  try {
    return ApplyNode(root, "", name, options);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}:{}: {}", name, e.mark.line + 1, e.msg));
  }
}

Result<RunOptions> LoadRunOptions(const std::string& config,
                                  const std::vector<std::pair<std::string, std::string>>& settings,
                                  const std::vector<std::string>& assignments) {
  RunOptions options;
  if (!config.empty()) SARING_RETURN_IF_ERROR(LoadConfigFile(config, &options));
  for (const auto& [key, value] : settings)
    SARING_RETURN_IF_ERROR(SetSetting(key, value, &options));
  for (const std::string& kv : assignments)
    SARING_RETURN_IF_ERROR(SetSettingAssignment(kv, &options));
  return options;
}

Status LoadConfigFile(const std::string& path, RunOptions* options) {
  return pipeline::LoadConfigFile(Env::Default(), path, options);
}

Status pipeline::LoadConfigFile(Env* env, const std::string& path, RunOptions* options) {
  Result<std::string> text = env->ReadFile(path);
  if (text.status().code() == StatusCode::kNotFound) {
    return Status::NotFound(fmt::format("cannot open config {}", path));
  }
  if (!text.ok()) return text.status();  // names the file and the system error
  return LoadConfigText(*text, path, options);
}

std::string DumpConfig(const RunOptions& options) {
  std::string out = "# saring configuration, fully resolved (defaults < config file < flags)\n";
  std::string section;
  for (const Setting& s : Table()) {
    size_t dot = s.info.key.find('.');
    std::string sec = s.info.key.substr(0, dot);
    if (sec != section) {
      section = sec;
      out += sec + ":\n";
    }
    std::string value = s.get(options);
    std::string shown = value;
    if (s.info.type == "string") {
      shown = YamlQuoted(value);
    } else if (s.info.type == "list") {
      shown = "[";
      for (const std::string& item : SplitList(value))
        shown += (shown.size() > 1 ? ", " : "") + YamlQuoted(item);
      shown += "]";
    }
    std::string line = s.info.key.substr(dot + 1) + ": " + shown;
    out += fmt::format("  {:<42} # {}\n", line, s.info.help);
  }
  return out;
}

}  // namespace saring
