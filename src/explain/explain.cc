// Explain: finds one document in an output folder and gathers why it was kept, cut, removed or
// quarantined; see explain.h. Rendering lives in explain_format.cc.
#include "saring/explain.h"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "explain/text_cut.h"
#include "explain/word_diff.h"
#include "output_reader/doc_text.h"
#include "output_reader/json_util.h"
#include "output_reader/shard_scan.h"
#include "saring/output_record.h"

namespace saring {
namespace {

using report::IdOf;
using report::IntMember;
using report::Member;
using report::NumberMember;
using report::StringMember;
using simdjson::dom::element;

constexpr size_t kMaxContextBytes = 2000;  // per side of a span

class Explainer {
 public:
  Explainer(const std::string& dir, const std::string& id, const ExplainOptions& options)
      : dir_(dir), id_(id), options_(options), scanner_({}, 0) {}

  Result<Explanation> Run();

 private:
  bool MatchKept(const report::ShardRecord& rec);
  bool MatchRemoved(const report::ShardRecord& rec);
  bool MatchQuarantined(const report::ShardRecord& rec);
  void Locate(const report::ShardRecord& rec, DocumentFate fate);
  Status FetchReferences();

  const std::string& dir_;
  const std::string& id_;
  const ExplainOptions& options_;
  report::ShardScanner scanner_;
  Explanation e_;
  bool found_ = false;
  std::vector<report::SpanView> spans_;
};

Result<Explanation> Explainer::Run() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir_ + "/kept", ec) && !fs::is_directory(dir_ + "/removed", ec) &&
      !fs::is_directory(dir_ + "/quarantine", ec)) {
    return Status::NotFound(
        fmt::format("{} is not a saring output folder (no kept/, removed/ or quarantine/)", dir_));
  }
  // Kept and removed records hold the id verbatim, so a byte search skips most lines unparsed;
  // a quarantined line may only be stored as base64, so it is always parsed.
  auto scan = [&](std::string_view sub, bool (Explainer::*match)(const report::ShardRecord&)) {
    std::string_view needle = sub == "quarantine" ? std::string_view() : std::string_view(id_);
    return found_ ? Status::Ok()
                  : scanner_.Scan(report::ListShards(dir_, sub), sub, needle,
                                  [&](const report::ShardRecord& r) {
                                    return !(r.parsed && (this->*match)(r));
                                  });
  };
  SARING_RETURN_IF_ERROR(scan("kept", &Explainer::MatchKept));
  SARING_RETURN_IF_ERROR(scan("removed", &Explainer::MatchRemoved));
  SARING_RETURN_IF_ERROR(scan("quarantine", &Explainer::MatchQuarantined));
  if (!found_) {
    return Status::NotFound(fmt::format(
        "no kept, removed or quarantined document has id '{}' in {} ({} records searched)", id_,
        dir_, scanner_.counters().records));
  }
  SARING_RETURN_IF_ERROR(FetchReferences());
  return std::move(e_);
}

void Explainer::Locate(const report::ShardRecord& rec, DocumentFate fate) {
  found_ = true;
  e_.id = id_;
  e_.fate = fate;
  e_.shard = *rec.shard;
  e_.shard_line = rec.line_number;
}

bool Explainer::MatchKept(const report::ShardRecord& rec) {
  if (IdOf(rec.record, options_.id_field) != id_) return false;
  Locate(rec, DocumentFate::kKept);
  std::string_view text = StringMember(rec.record, options_.text_field).value_or("");
  e_.kept_bytes = text.size();
  std::optional<element> saring = report::SaringOf(rec.record);
  if (!saring) {
    e_.original_text = text;
    return true;
  }
  e_.saring_json = simdjson::minify(*saring);
  report::ParseSpans(*saring, &spans_);
  report::RebuildOriginal(text, spans_, &e_.original_text);
  std::string_view original = e_.original_text;
  for (const report::SpanView& s : spans_) {
    ExplainedSpan x;
    x.begin = s.begin;
    x.end = s.end;
    x.reason = s.reason;
    x.text = s.text;
    x.evidence = s.evidence;
    x.context_before =
        report::LastLines(original.substr(0, std::min<size_t>(s.begin, original.size())),
                          options_.context_lines, kMaxContextBytes);
    x.context_after = report::FirstLines(
        original.substr(std::min<size_t>(s.begin + s.text.size(), original.size())),
        options_.context_lines, kMaxContextBytes);
    if (s.has_duplicate) {
      x.duplicate_of = std::string(s.duplicate_id);
      x.duplicate_begin = s.duplicate_begin;
      x.duplicate_end = s.duplicate_end;
    }
    e_.spans.push_back(std::move(x));
  }
  if (std::optional<report::LanguageView> lang = report::LanguageOf(*saring)) {
    e_.language = std::string(lang->code);
    e_.language_score = lang->score;
  }
  if (std::optional<element> cluster = Member(*saring, output_record::kCluster)) {
    e_.cluster_id = IntMember(*cluster, output_record::kId);
    e_.cluster_size = IntMember(*cluster, output_record::kSize);
  }
  return true;
}

bool Explainer::MatchRemoved(const report::ShardRecord& rec) {
  if (IdOf(rec.record, options_.id_field) != id_) return false;
  Locate(rec, DocumentFate::kRemoved);
  e_.text = StringMember(rec.record, options_.text_field).value_or("");
  std::optional<element> saring = report::SaringOf(rec.record);
  if (!saring) return true;
  e_.saring_json = simdjson::minify(*saring);
  e_.reason = StringMember(*saring, output_record::kReason).value_or("");
  if (auto dup = StringMember(*saring, output_record::kDuplicateOf))
    e_.duplicate_of = std::string(*dup);
  e_.near_duplicate.similarity = NumberMember(*saring, output_record::kSimilarity);
  e_.near_duplicate.similarity_kind =
      StringMember(*saring, output_record::kSimilarityKind).value_or("");
  e_.near_duplicate.cluster_id = IntMember(*saring, output_record::kClusterId);
  e_.near_duplicate.cluster_size = IntMember(*saring, output_record::kClusterSize);
  e_.rule = StringMember(*saring, output_record::kRule).value_or("");
  e_.value = NumberMember(*saring, output_record::kValue);
  e_.threshold = NumberMember(*saring, output_record::kThreshold);
  if (std::optional<report::LanguageView> lang = report::LanguageOf(*saring)) {
    e_.language = std::string(lang->code);
    e_.score = lang->score;
  }
  return true;
}

bool Explainer::MatchQuarantined(const report::ShardRecord& rec) {
  std::string raw = report::RawBytes(rec.record);
  // The raw line was rejected, so it may not parse; fall back to a byte scan for the id member.
  simdjson::dom::parser parser;
  element doc;
  std::optional<std::string> id;
  if (parser.parse(raw).get(doc) == simdjson::SUCCESS) id = IdOf(doc, options_.id_field);
  if (!id) id = report::ScanForMember(raw, options_.id_field);
  if (id != id_) return false;
  Locate(rec, DocumentFate::kQuarantined);
  e_.saring_json = simdjson::minify(rec.record);
  e_.raw = std::move(raw);
  e_.file = StringMember(rec.record, output_record::kFile).value_or("");
  e_.error = StringMember(rec.record, output_record::kError).value_or("");
  e_.message = StringMember(rec.record, output_record::kMessage).value_or("");
  e_.line = static_cast<uint64_t>(
      std::max<int64_t>(0, IntMember(rec.record, output_record::kLine).value_or(0)));
  e_.byte_offset = static_cast<uint64_t>(
      std::max<int64_t>(0, IntMember(rec.record, output_record::kByteOffset).value_or(0)));
  e_.length = static_cast<uint64_t>(
      std::max<int64_t>(0, IntMember(rec.record, output_record::kLength).value_or(0)));
  bool truncated = false;
  std::optional<element> t = Member(rec.record, output_record::kRawTruncated);
  e_.raw_truncated = t && t->get_bool().get(truncated) == simdjson::SUCCESS && truncated;
  return true;
}

// Fetches the original texts of the documents this one points at: the survivor of a removed
// duplicate and the sources of duplicated spans. One scan of kept/ then removed/, stopping early.
Status Explainer::FetchReferences() {
  std::set<std::string> wanted;
  if (e_.duplicate_of) wanted.insert(*e_.duplicate_of);
  for (const ExplainedSpan& s : e_.spans) {
    if (s.duplicate_of && *s.duplicate_of != e_.id) wanted.insert(*s.duplicate_of);
  }
  std::map<std::string, std::string> texts;
  if (wanted.count(e_.id) == 0 && e_.fate == DocumentFate::kKept) texts[e_.id] = e_.original_text;
  std::string needle = wanted.size() == 1 ? *wanted.begin() : "";
  report::ShardScanner scanner({}, 0);
  std::vector<report::SpanView> spans;
  for (std::string_view sub : {"kept", "removed"}) {
    if (wanted.empty()) break;
    SARING_RETURN_IF_ERROR(
        scanner.Scan(report::ListShards(dir_, sub), sub, needle, [&](const report::ShardRecord& r) {
          if (!r.parsed) return true;
          std::optional<std::string> id = IdOf(r.record, options_.id_field);
          if (!id || wanted.erase(*id) == 0) return true;
          std::string_view text = StringMember(r.record, options_.text_field).value_or("");
          std::optional<element> saring = report::SaringOf(r.record);
          spans.clear();
          if (sub == "kept" && saring) report::ParseSpans(*saring, &spans);
          report::RebuildOriginal(text, spans, &texts[*id]);
          return !wanted.empty();
        }));
  }
  for (ExplainedSpan& s : e_.spans) {
    if (!s.duplicate_of) continue;
    auto it = texts.find(*s.duplicate_of);
    if (it == texts.end() || s.duplicate_begin > s.duplicate_end ||
        s.duplicate_end > it->second.size())
      continue;
    s.duplicated_text = it->second.substr(s.duplicate_begin, s.duplicate_end - s.duplicate_begin);
  }
  if (e_.duplicate_of) {
    auto it = texts.find(*e_.duplicate_of);
    if (it != texts.end()) {
      e_.survivor_found = true;
      report::WordDiffOptions diff;
      diff.max_words = options_.max_diff_words;
      diff.context_words = 12;
      e_.diff = report::WordDiff(e_.text, it->second, diff);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view DocumentFateName(DocumentFate fate) {
  switch (fate) {
    case DocumentFate::kKept: return "kept";
    case DocumentFate::kRemoved: return "removed";
    case DocumentFate::kQuarantined: return "quarantined";
  }
  return "unknown";
}

Result<Explanation> Explain(const std::string& dir, const std::string& id,
                            const ExplainOptions& options) {
  if (id.empty()) return Status::InvalidArgument("explain needs a non-empty document id");
  return Explainer(dir, id, options).Run();
}

}  // namespace saring
