#include "pipeline/doc_analyzer.h"

#include "pipeline/substring_stage.h"

#include <charconv>
#include <climits>
#include <filesystem>

#include <fmt/format.h>
#include <xxhash.h>

#include "neardup/minhash_kernels.h"
#include "pipeline/analysis_cache.h"
#include "saring/normalize.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::pipeline {
namespace {

std::string FileStem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

void Quarantine(DocWork* d, RecordError error, std::string detail) {
  d->fate = DocFate::kQuarantined;
  d->error = error;
  d->error_detail = std::move(detail);
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

void FoldDigitsToZero(std::string_view in, char* out) {
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  auto* dst = reinterpret_cast<uint8_t*>(out);
  size_t i = 0;
#if SARING_X86_SIMD
  // 16 bytes at a time: c - '1' (wrapping) is below 9 exactly for '1'..'9'; those become '0'.
  const __m128i one = _mm_set1_epi8('1'), eight = _mm_set1_epi8(8), zero = _mm_set1_epi8('0');
  for (; i + 16 <= in.size(); i += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
    const __m128i t = _mm_sub_epi8(c, one);
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(t, eight), t);  // t <= 8, unsigned
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i),
                     _mm_or_si128(_mm_and_si128(digit, zero), _mm_andnot_si128(digit, c)));
  }
#endif
  for (; i < in.size(); ++i) {
    const uint8_t c = src[i];
    dst[i] = static_cast<uint8_t>(c - '1') < 9 ? '0' : c;
  }
}

bool ParseSurvivorKey(std::string_view text, int64_t* key) {
  int y, mo, d;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-' && Digits(text, 0, 4, &y) &&
      Digits(text, 5, 2, &mo) && Digits(text, 8, 2, &d) && mo >= 1 && mo <= 12 && d >= 1 &&
      d <= 31) {
    int64_t seconds = DaysFromCivil(y, mo, d) * 86400;
    int h, mi, s;
    if (text.size() >= 19 && (text[10] == 'T' || text[10] == ' ') && Digits(text, 11, 2, &h) &&
        Digits(text, 14, 2, &mi) && Digits(text, 17, 2, &s)) {
      seconds += h * 3600 + mi * 60 + s;
    }
    *key = seconds;
    return true;
  }
  int64_t v;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) {
    *key = v;
    return true;
  }
  return false;
}

AnalyzerConfig AnalyzerConfig::From(const RunOptions& options, const MinHasher* hasher,
                                    const Filters* filters) {
  AnalyzerConfig c;
  c.parser.id_field = options.id_field;
  c.parser.text_field = options.text_field;
  c.parser.metadata_field = options.metadata_field;
  c.repair = options.repair;  // its RepairOptions part
  if (!options.repair.enabled) {
    c.repair.remove_repeated = false;
    c.repair.remove_contained = false;
    c.repair.remove_credits = false;
  }
  c.hasher = hasher;
  c.filters = filters;
  c.threshold = options.near_dup.threshold;
  c.max_html_bytes = options.reader.max_record_bytes;
  if (options.language.keep.size() == 1) c.extract_language = options.language.keep[0];
  c.word_hashes = options.near_dup.verify == NearDupVerify::kAlign;
  c.align = {options.near_dup.threshold, options.near_dup.containment,
             NearDupOptions{}.min_length_ratio};
  auto pointer = [&](const std::string& field) {
    return field.starts_with("/") ? field : "/" + options.metadata_field + "/" + field;
  };
  if (options.boilerplate.enabled) {
    c.parser.extra_fields.push_back(pointer(options.boilerplate.source_field));
    c.source_field = static_cast<int>(c.parser.extra_fields.size()) - 1;
  }
  const SurvivorPolicy policy = options.near_dup.survivor;
  if (options.near_dup.enabled &&
      (policy == SurvivorPolicy::kNewest || policy == SurvivorPolicy::kOldest ||
       policy == SurvivorPolicy::kPriority)) {
    const std::string& field = options.near_dup.survivor_field;
    c.parser.extra_fields.push_back(pointer(field));
    c.survivor_key_field = static_cast<int>(c.parser.extra_fields.size()) - 1;
    c.missing_key = policy == SurvivorPolicy::kOldest ? INT64_MAX : INT64_MIN;
  }
  return c;
}

DocAnalyzer::DocAnalyzer(const AnalyzerConfig& config)
    : config_(config), parser_(config.parser), repairer_(config.repair), warc_(config) {
  if (config.filters) {
    filter_worker_.emplace(*config.filters);
    rules_ = DescribeRules(config.filters->options().quality);
    if (config.filters->classifiers()) config.filters->classifiers()->AppendRuleInfos(&rules_);
  }
}

bool DocAnalyzer::ReadTextFile(std::string_view raw, DocWork* d) {
  d->from_text_file = true;
  d->parsed.id = FileStem(d->source_file);
  size_t bad = 0;
  if (!IsValidUtf8(raw, &bad)) {
    Quarantine(d, RecordError::kInvalidUtf8,
               fmt::format("{}: invalid UTF-8 at byte {}; re-encode the file as UTF-8",
                           d->source_file, bad));
    return false;
  }
  size_t nul = raw.find('\0');
  if (nul != std::string_view::npos) {
    Quarantine(d, RecordError::kNulByte,
               fmt::format("{}: NUL byte at byte {}; is this a binary file?", d->source_file, nul));
    return false;
  }
  d->text.assign(raw);
  d->text_bytes = d->text.size();
  return true;
}

bool DocAnalyzer::ParseJson(const InputSpec& spec, const RecordRef& r, std::string_view raw,
                            DocWork* d) {
  RecordError e = parser_.Parse(raw, &d->parsed);
  // A record without an id is named after its file and line.
  if (d->parsed.id_generated) d->parsed.id = fmt::format("{}:{}", FileStem(spec.path), r.line);
  if (e != RecordError::kNone) {
    Quarantine(d, e,
               fmt::format("{} line {} (byte {}): {}", spec.path, r.line, r.byte_offset,
                           d->parsed.error_detail));
    return false;
  }
  d->text.assign(d->parsed.text);
  d->text_bytes = d->text.size();
  if (config_.source_field >= 0) {
    d->source.assign(SourceKey(d->parsed.extra_values[config_.source_field]));
  }
  if (config_.survivor_key_field >= 0) {
    const std::string& v = d->parsed.extra_values[config_.survivor_key_field];
    if (!ParseSurvivorKey(v, &d->survivor_key)) d->survivor_key = config_.missing_key;
  }
  return true;
}

bool DocAnalyzer::Read(const InputSpec& spec, const RecordRef& r, std::string_view raw,
                       DocWork* d) {
  d->source_file = spec.kind == InputKind::kTextFiles ? spec.files[r.file_index] : spec.path;
  if (r.status == RecordStatus::kTooLong) {
    Quarantine(d, RecordError::kLineTooLong, r.error);
    return false;
  }
  if (r.status == RecordStatus::kStreamError) {
    Quarantine(d, RecordError::kStreamError, r.error);
    return false;
  }
  if (r.status == RecordStatus::kDamaged) {
    Quarantine(d, RecordError::kDamagedRecord, r.error);
    return false;
  }
  if (r.format == RecordFormat::kWarc) return warc_.Build(spec, r, raw, d);
  return spec.kind == InputKind::kTextFiles ? ReadTextFile(raw, d) : ParseJson(spec, r, raw, d);
}

bool DocAnalyzer::Restore(const InputSpec& spec, const RecordRef& r, std::string_view raw,
                          std::string_view* cached, DocWork* d) {
  // A JSONL record the signing pass analysed is not parsed again: its id, its layout and the size
  // of its text come from the spill, checked against the line's length and hash, and the text is
  // decoded only if spans are cut from it (only then does the encoder read it). Text files, and
  // records the signing pass quarantined, are read as the signing pass read them. A WARC record's
  // document (id, text, metadata) comes whole from the spill: its page is not extracted again.
  if (spec.kind == InputKind::kTextFiles || r.status != RecordStatus::kOk ||
      !NextIsAnalysed(*cached)) {
    Read(spec, r, raw, d);
    return GetAnalysis(cached, rules_, d, nullptr);
  }
  d->source_file = spec.path;
  if (!GetAnalysis(cached, rules_, d, &image_) || image_.line_bytes != raw.size() ||
      image_.line_hash != XXH3_64bits(raw.data(), raw.size())) {
    return false;
  }
  d->parsed.id.swap(image_.id);
  if (image_.built) {
    d->from_text_file = true;
    d->from_warc = true;
    d->text.swap(image_.text);
    d->record_metadata.swap(image_.record_metadata);
    return true;
  }
  d->parsed.id_generated = image_.id_generated;
  d->parsed.layout = image_.layout;
  if (d->repair.removed.empty()) return true;
  const RecordLayout& l = image_.layout;
  return l.text_begin < l.text_end && l.text_end <= raw.size() &&
         parser_.DecodeString(raw.substr(l.text_begin, l.text_end - l.text_begin), &d->text) &&
         d->text.size() == d->text_bytes;
}

void DocAnalyzer::Analyze(const InputSpec& spec, const RecordRef& r, std::string_view raw,
                          AnalysisDepth depth, DocWork* d) {
  if (!Read(spec, r, raw, d) || depth == AnalysisDepth::kParseOnly) return;
  repairer_.Repair(d->text, &d->repair);
  if (depth == AnalysisDepth::kRepair) return;
  if (d->repair.kept_normalized.empty()) {
    d->fate = DocFate::kRemoved;
    d->reason = d->repair.normalized_all.empty() ? RemovalReason::kEmptyText
                                                 : RemovalReason::kEmptyAfterRepair;
    return;
  }
  if (filter_worker_) filter_worker_->Apply(d);
  const std::string& norm = d->KeptNormalized();
  d->doc_hash = XXH3_64bits(norm.data(), norm.size());
  if (config_.substring_words > 0 && d->fate == DocFate::kKept)
    ComputeSubstringInput(config_.substring_words, d);
  if (depth != AnalysisDepth::kSign || d->fate != DocFate::kKept) return;
  // Shingles see digits folded to 0, so that a changed date or figure barely moves a signature.
  d->shingle_text.resize(norm.size());
  FoldDigitsToZero(norm, d->shingle_text.data());
  d->signature.resize(config_.hasher->num_perm());
  config_.hasher->Sign(d->shingle_text, &sign_scratch_, d->signature.data());
  const std::vector<uint64_t>& shingles = sign_scratch_.hashes;
  d->shingle_folds.clear();
  if (shingles.size() < d->signature.size()) {
    d->shingle_folds.resize(shingles.size());
    for (size_t i = 0; i < shingles.size(); ++i) {
      d->shingle_folds[i] = neardup_internal::FoldShingleHash(shingles[i]);
    }
  }
  d->band_keys.resize(config_.lsh.bands);
  for (uint32_t b = 0; b < config_.lsh.bands; ++b) {
    d->band_keys[b] = BandKey(d->signature.data(), b, config_.lsh.rows);
  }
  if (config_.word_hashes)
    ComputeWordHashes(d->shingle_text, &sign_scratch_.shingle, &d->word_hashes);
  if (config_.archive) {
    DedupIndex::Match m =
        config_.word_hashes
            ? config_.archive->Query(d->signature.data(), d->word_hashes, config_.align,
                                     &align_scratch_)
            : config_.archive->Query(d->signature.data(), config_.threshold, &query_scratch_);
    if (m.found) {
      d->archive_match = true;
      d->archive_id.assign(m.id);
      d->archive_similarity = m.similarity;
      d->archive_kind = m.kind;
    }
  }
}

}  // namespace saring::pipeline
