#include "output_reader/doc_text.h"

#include <algorithm>

#include "output_reader/json_util.h"
#include "saring/output_record.h"

namespace saring::report {

void ParseSpans(simdjson::dom::element saring, std::vector<SpanView>* spans) {
  spans->clear();
  std::optional<simdjson::dom::element> list = Member(saring, output_record::kRemovedSpans);
  simdjson::dom::array array;
  if (!list || list->get_array().get(array) != simdjson::SUCCESS) return;
  for (simdjson::dom::element item : array) {
    std::optional<int64_t> begin = IntMember(item, output_record::kBegin),
                           end = IntMember(item, output_record::kEnd);
    std::optional<std::string_view> text = StringMember(item, output_record::kText);
    if (!begin || !end || !text || *begin < 0 || *end < *begin) continue;
    SpanView s;
    s.begin = static_cast<uint64_t>(*begin);
    s.end = static_cast<uint64_t>(*end);
    s.text = *text;
    s.reason = StringMember(item, output_record::kReason).value_or("");
    s.evidence = StringMember(item, output_record::kEvidence).value_or("");
    if (std::optional<simdjson::dom::element> dup = Member(item, output_record::kDuplicateOf)) {
      s.has_duplicate = true;
      s.duplicate_id = StringMember(*dup, output_record::kId).value_or("");
      s.duplicate_begin = static_cast<uint64_t>(
          std::max<int64_t>(0, IntMember(*dup, output_record::kBegin).value_or(0)));
      s.duplicate_end = static_cast<uint64_t>(
          std::max<int64_t>(0, IntMember(*dup, output_record::kEnd).value_or(0)));
    }
    spans->push_back(s);
  }
  std::stable_sort(spans->begin(), spans->end(),
                   [](const SpanView& x, const SpanView& y) { return x.begin < y.begin; });
}

bool RebuildOriginal(std::string_view kept, const std::vector<SpanView>& spans, std::string* out) {
  out->clear();
  out->reserve(kept.size() + RemovedBytes(spans));
  bool consistent = true;
  size_t k = 0;  // bytes of `kept` copied so far
  for (const SpanView& s : spans) {
    if (s.end - s.begin != s.text.size()) consistent = false;
    if (s.begin < out->size()) {
      consistent = false;  // overlaps the previous span; put it back where we are
    } else {
      size_t take = s.begin - out->size();
      if (take > kept.size() - k) {
        consistent = false;
        take = kept.size() - k;
      }
      out->append(kept.substr(k, take));
      k += take;
    }
    out->append(s.text);
  }
  out->append(kept.substr(k));
  return consistent;
}

uint64_t RemovedBytes(const std::vector<SpanView>& spans) {
  uint64_t n = 0;
  for (const SpanView& s : spans) n += s.text.size();
  return n;
}

}  // namespace saring::report
