#include "report/substring_section.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "explain/text_cut.h"
#include "report/html_util.h"
#include "report/report_data.h"

namespace saring::report {
namespace {

constexpr size_t kMaxPassages = 100000;  // first occurrences tracked (memory bound)
constexpr size_t kTopPassages = 20;      // shown
constexpr size_t kExampleBytes = 240;

// "part-00003" of ".../kept/part-00003-00001.jsonl.zst".
std::string InputOfShard(std::string_view shard) {
  size_t slash = shard.rfind('/');
  std::string_view name = slash == std::string_view::npos ? shard : shard.substr(slash + 1);
  return std::string(name.substr(0, std::min<size_t>(name.size(), 10)));
}

}  // namespace

void SubstringReport::Add(std::string_view shard, const SpanView& s) {
  std::pair<uint64_t, uint64_t>& in = per_input[InputOfShard(shard)];
  in.first += 1;
  in.second += s.text.size();
  auto key = std::make_tuple(std::string(s.duplicate_id), s.duplicate_begin, s.duplicate_end);
  auto it = passages.find(key);
  if (it == passages.end()) {
    if (passages.size() >= kMaxPassages) {
      ++untracked;
      return;
    }
    it = passages.emplace(std::move(key), Passage{}).first;
    it->second.example = ElideMiddle(s.text, kExampleBytes);
  }
  it->second.copies += 1;
  it->second.bytes += s.text.size();
}

void AppendSubstringSection(const ReportData& data, std::string* out) {
  const SubstringReport& r = data.substrings;
  if (r.per_input.empty()) return;
  *out +=
      "<section id=\"substrings\"><h2>Repeated passages (substring dedup)</h2>"
      "<p>Runs of words that occurred earlier in the corpus, cut from every later copy; the "
      "first occurrence stays. Most repeated first occurrences:</p>"
      "<table><thead><tr><th class=\"num\">copies cut</th><th class=\"num\">bytes</th>"
      "<th>first occurrence</th><th>passage</th></tr></thead><tbody>";
  std::vector<
      const std::pair<const std::tuple<std::string, uint64_t, uint64_t>, SubstringReport::Passage>*>
      order;
  for (const auto& entry : r.passages) order.push_back(&entry);
  const size_t k = std::min(kTopPassages, order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<long>(k), order.end(), [](auto* a, auto* b) {
        return a->second.copies != b->second.copies ? a->second.copies > b->second.copies
                                                    : a->first < b->first;
      });
  for (size_t i = 0; i < k; ++i) {
    const auto& [key, p] = *order[i];
    fmt::format_to(std::back_inserter(*out),
                   "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} bytes {}–{}</td>"
                   "<td><q>{}</q></td></tr>",
                   Thousands(p.copies), Thousands(p.bytes), Html(std::get<0>(key)),
                   std::get<1>(key), std::get<2>(key), Html(p.example));
  }
  *out += "</tbody></table>";
  if (r.untracked > 0) {
    fmt::format_to(std::back_inserter(*out),
                   "<p class=\"note\">{} copies of further passages were not tracked.</p>",
                   Thousands(r.untracked));
  }
  *out +=
      "<h3>Cut per input</h3><table><thead><tr><th>input</th><th class=\"num\">spans</th>"
      "<th class=\"num\">bytes</th><th class=\"num\">of its kept input</th></tr></thead><tbody>";
  for (const auto& [input, counts] : r.per_input) {
    std::string name = input;
    uint64_t bytes_in = 0;
    size_t index = 0;
    if (input.size() > 5 &&
        std::from_chars(input.data() + 5, input.data() + input.size(), index).ec == std::errc() &&
        index < data.stats.files.size()) {
      name = data.stats.files[index].path;
      bytes_in = data.stats.files[index].counts.bytes_in;
    }
    fmt::format_to(std::back_inserter(*out),
                   "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
                   "class=\"num\">{}</td></tr>",
                   Html(name), Thousands(counts.first), Thousands(counts.second),
                   bytes_in ? Percent(counts.second, bytes_in) : "");
  }
  *out += "</tbody></table></section>";
}

}  // namespace saring::report
