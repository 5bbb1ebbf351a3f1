// The report sections built from what the shards hold: lengths, spans, near-duplicate clusters,
// languages, boilerplate templates, sampled examples, and how the report was made.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "explain/text_cut.h"
#include "explain/word_diff.h"
#include "output_reader/json_util.h"
#include "report/html_util.h"
#include "report/report_sections.h"
#include "saring/json_string.h"

namespace saring::report {
namespace {

constexpr size_t kDiffContextWords = 25;  // equal words shown around each change in cluster diffs
constexpr size_t kMaxPieceBytes = 3000;   // longer diff pieces are shown with their middle elided
constexpr size_t kMaxLanguages = 40;      // languages in the chart; the rest is "other"

// Column chart of two log histograms side by side over their joint non-empty range.
std::string LogChart(std::string_view id, std::string_view title, std::string_view x_label,
                     const std::vector<std::pair<std::string, const LogHistogram*>>& series) {
  size_t first = LogHistogram::kBins, last = 0;
  for (const auto& [name, h] : series) {
    if (h->total() == 0) continue;
    auto [f, l] = h->Range();
    first = std::min(first, f);
    last = std::max(last, l);
  }
  ColumnChart chart{std::string(id), std::string(title), std::string(x_label), {}, {}};
  if (first <= last) {
    for (size_t b = first; b <= last; ++b) chart.labels.push_back(LogHistogram::BinLabel(b));
    for (const auto& [name, h] : series) {
      ChartSeries s{name, {}};
      for (size_t b = first; b <= last; ++b) s.values.push_back(h->count(b));
      chart.series.push_back(std::move(s));
    }
  }
  return SvgColumnChart(chart);
}

void AppendExample(const Example& e, std::string* out) {
  *out += "<tr><td><code>" + Html(e.id) + "</code>";
  if (!e.detail.empty()) *out += "<div class=\"note\">" + Html(e.detail) + "</div>";
  *out += "</td><td><div class=\"text\"><span class=\"ctx\">" + Html(e.before) + "</span>";
  *out += e.before.empty() && e.after.empty()
              ? Html(e.excerpt)
              : "<span class=\"cut\">" + Html(e.excerpt) + "</span>";
  *out += "<span class=\"ctx\">" + Html(e.after) + "</span></div></td></tr>";
}

void AppendGroups(const std::map<std::string, SampledGroup, std::less<>>& groups,
                  std::string_view heading, std::string* out) {
  for (const auto& [name, g] : groups) {
    fmt::format_to(std::back_inserter(*out),
                   "<details><summary>{} <b>{}</b>: {} ({} sampled)</summary><table>",
                   Html(heading), Html(name), Thousands(g.count), g.sample.size());
    for (const Example& e : g.sample.Sorted()) AppendExample(e, out);
    *out += "</table></details>";
  }
}

// One side of a cluster diff: the pieces of `keep` kind highlighted with `css`, the other side's
// pieces left out.
std::string DiffSide(const std::vector<DiffPiece>& diff, DiffPiece::Kind keep,
                     std::string_view css) {
  std::string html;
  for (const DiffPiece& p : diff) {
    std::string text = ElideMiddle(p.text, kMaxPieceBytes);
    if (p.kind == DiffPiece::Kind::kSame) {
      AppendHtml(text, &html);
    } else if (p.kind == DiffPiece::Kind::kSkipped) {
      html += "<span class=\"skip\">" + Html(text) + "</span> ";
    } else if (p.kind == keep) {
      html += std::string("<span class=\"") + std::string(css) + "\">" + Html(text) + "</span>";
    }
  }
  return html;
}

void AppendCluster(const ClusterExample& c, const ReportOptions& options, std::string* out) {
  fmt::format_to(
      std::back_inserter(*out),
      "<div class=\"cluster\" data-cluster-size=\"{}\"><h3>Cluster{} — {} documents, survivor "
      "<code>{}</code>{}</h3>",
      c.size, c.cluster_id >= 0 ? fmt::format(" {}", c.cluster_id) : "", c.size,
      Html(c.survivor_id),
      c.survivor_removed ? " <span class=\"warn\">(itself removed later)</span>" : "");
  if (!c.survivor_found) *out += "<p class=\"warn\">The survivor was not found in the shards.</p>";
  WordDiffOptions diff_options;
  diff_options.max_words = options.max_diff_words;
  diff_options.context_words = kDiffContextWords;
  for (const ClusterMember& m : c.members) {
    std::vector<DiffPiece> diff = WordDiff(m.text, c.survivor_text, diff_options);
    std::string sim =
        m.similarity ? fmt::format("similarity {:.3f}{}", *m.similarity,
                                   m.similarity_kind.empty() ? "" : " (" + m.similarity_kind + ")")
                     : "similarity not recorded";
    fmt::format_to(
        std::back_inserter(*out),
        "<table class=\"pair\"><thead><tr><th>survivor <code>{}</code></th><th>member "
        "<code>{}</code> — {}, "
        "{} words differ</th></tr></thead><tbody><tr><td><div class=\"text\">{}</div></td>"
        "<td><div class=\"text\">{}</div></td></tr></tbody></table>",
        Html(c.survivor_id), Html(m.id), Html(sim), ChangedWords(diff),
        DiffSide(diff, DiffPiece::Kind::kAdded, "only-s"),
        DiffSide(diff, DiffPiece::Kind::kRemoved, "only-m"));
  }
  if (c.size > c.members.size() + 1) {
    fmt::format_to(std::back_inserter(*out), "<p class=\"note\">{} more member{} not shown.</p>",
                   c.size - c.members.size() - 1, c.size - c.members.size() - 1 == 1 ? "" : "s");
  }
  *out += "</div>";
}

}  // namespace

void AppendLengthSection(const ReportData& data, std::string* out) {
  *out +=
      "<section id=\"lengths\"><h2>Document length</h2><p class=\"note\">UTF-8 bytes of text. "
      "Before "
      "repair: every document with text (kept documents with their removed spans put back, and "
      "removed "
      "documents); after repair: kept documents.</p>";
  *out += LogChart(
      "length", "documents by length (bytes)", "bytes",
      {{"before repair", &data.length_before}, {"after repair (kept)", &data.length_after}});
  *out += "</section>";
}

void AppendSpanSection(const ReportData& data, std::string* out) {
  *out +=
      "<section id=\"spans\"><h2>Spans cut from kept "
      "documents</h2><table><thead><tr><th>reason</th>"
      "<th class=\"num\">spans</th><th class=\"num\">bytes</th></tr></thead><tbody>";
  for (const auto& [reason, s] : data.stats.spans_removed) {
    fmt::format_to(std::back_inserter(*out),
                   "<tr><td>{}</td><td class=\"num\" data-stat=\"{}\">{}</td><td class=\"num\" "
                   "data-stat=\"{}\">{}</td></tr>",
                   Html(reason), Html(JsonPointer({"spans_removed", reason, "spans"})),
                   Thousands(s.spans), Html(JsonPointer({"spans_removed", reason, "bytes"})),
                   Thousands(s.bytes));
  }
  fmt::format_to(std::back_inserter(*out),
                 "</tbody></table><p>Documents with spans cut: <span "
                 "data-stat=\"/documents_with_spans_removed\">{}</span>"
                 " of {} kept.</p>",
                 Thousands(data.stats.documents_with_spans_removed), Thousands(data.totals.kept));
  if (data.inconsistent_spans > 0) {
    fmt::format_to(std::back_inserter(*out),
                   "<p class=\"bad\">{} documents have spans that do not fit their text.</p>",
                   data.inconsistent_spans);
  }
  AppendGroups(data.span_reasons, "span", out);
  *out += "</section>";
}

void AppendNearDuplicateSection(const ReportData& data, const ReportOptions& options,
                                std::string* out) {
  *out += "<section id=\"near-duplicates\"><h2>Near-duplicates</h2>";
  fmt::format_to(std::back_inserter(*out),
                 "<p>{} near-duplicate documents removed, in {} clusters.</p>",
                 Thousands(data.near_duplicates), Thousands(data.clusters.size()));
  *out += LogChart("cluster-sizes", "clusters by size (documents, survivor included)",
                   "cluster size", {{"clusters", &data.cluster_sizes}});
  ColumnChart sim{"similarity",
                  "removed near-duplicate pairs by similarity to their survivor",
                  "similarity",
                  {},
                  {}};
  ChartSeries pairs{"pairs", {}};
  for (size_t b = 0; b < data.similarity.bins(); ++b) {
    sim.labels.push_back(b == 0 ? fmt::format("≤{:.2f}", data.similarity.BinLow(1))
                                : fmt::format("{:.2f}", data.similarity.BinLow(b)));
    pairs.values.push_back(data.similarity.count(b));
  }
  sim.series.push_back(std::move(pairs));
  *out += SvgColumnChart(sim);
  for (const auto& [kind, n] : data.similarity_kinds) {
    fmt::format_to(std::back_inserter(*out), "<span class=\"note\">{}: {} pairs. </span>",
                   Html(kind), Thousands(n));
  }
  if (data.similarity.total() < data.near_duplicates) {
    fmt::format_to(std::back_inserter(*out),
                   "<p class=\"note\">{} near-duplicates recorded no similarity.</p>",
                   Thousands(data.near_duplicates - data.similarity.total()));
  }
  fmt::format_to(std::back_inserter(*out), "<h3>The {} largest clusters</h3><div id=\"clusters\">",
                 data.top_clusters.size());
  if (data.top_clusters.empty()) *out += "<p class=\"note\">No near-duplicate clusters.</p>";
  for (const ClusterExample& c : data.top_clusters) AppendCluster(c, options, out);
  *out += "</div></section>";
}

void AppendLanguageSection(const ReportData& data, std::string* out) {
  *out += "<section id=\"languages\"><h2>Languages</h2>";
  // The ledger's counts when it has them; else the labels found on the kept records.
  bool from_ledger = !data.stats.languages.empty();
  std::vector<std::pair<uint64_t, std::string>> langs;
  uint64_t total = 0;
  if (from_ledger) {
    for (const auto& [code, n] : data.stats.languages) langs.emplace_back(n, code);
  } else {
    for (const auto& [code, n] : data.kept_languages) langs.emplace_back(n, code);
  }
  for (const auto& l : langs) total += l.first;
  std::stable_sort(langs.begin(), langs.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> labels;
  std::vector<uint64_t> values;
  uint64_t other = 0;
  for (size_t i = 0; i < langs.size(); ++i) {
    if (i < kMaxLanguages) {
      labels.push_back(langs[i].second);
      values.push_back(langs[i].first);
    } else {
      other += langs[i].first;
    }
  }
  if (other > 0) {
    labels.push_back("other");
    values.push_back(other);
  }
  fmt::format_to(std::back_inserter(*out),
                 "<h3>Kept documents by language</h3><p class=\"note\">{} of {} kept documents "
                 "carry a language label{}.</p>",
                 Thousands(total), Thousands(data.totals.kept),
                 from_ledger ? " (ledger)" : " (counted in the kept shards)");
  *out += SvgBarList("languages", labels, values, total);
  if (from_ledger) {
    *out += "<details><summary>table</summary><table><tbody>";
    for (const auto& [n, code] : langs) {
      fmt::format_to(std::back_inserter(*out),
                     "<tr><td>{}</td><td class=\"num\" data-stat=\"{}\">{}</td></tr>", Html(code),
                     Html(JsonPointer({"languages", code})), Thousands(n));
    }
    *out += "</tbody></table></details>";
  }
  if (!data.removed_languages.empty()) {
    *out += "<h3>Removed by the language filter</h3><table><tbody>";
    for (const auto& [code, n] : data.removed_languages) {
      *out += "<tr><td>" + Html(code) + "</td><td class=\"num\">" + Thousands(n) + "</td></tr>";
    }
    *out += "</tbody></table>";
  }
  *out += "</section>";
}

void AppendTemplateSection(const ReportData& data, const ReportOptions& options, std::string* out) {
  *out += "<section id=\"templates\"><h2>Boilerplate templates and inline markers</h2>";
  std::vector<const std::pair<const std::string, SampledGroup>*> order;
  for (const auto& entry : data.templates) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(),
                   [](auto* a, auto* b) { return a->second.count > b->second.count; });
  if (order.size() > options.templates) order.resize(options.templates);
  if (order.empty())
    *out +=
        "<p class=\"note\">No spans were cut as boilerplate_template or boilerplate_inline.</p>";
  for (auto* entry : order) {
    fmt::format_to(std::back_inserter(*out), "<h3><code>{}</code> — {} spans, {} bytes</h3><table>",
                   Html(entry->first), Thousands(entry->second.count),
                   Thousands(entry->second.bytes));
    for (const Example& e : entry->second.sample.Sorted()) AppendExample(e, out);
    *out += "</table>";
  }
  if (data.templates.size() > order.size()) {
    fmt::format_to(std::back_inserter(*out), "<p class=\"note\">{} more templates not shown.</p>",
                   data.templates.size() - order.size());
  }
  *out += "</section>";
}

void AppendExampleSection(const ReportData& data, std::string* out) {
  *out += "<section id=\"examples\"><h2>Removed and quarantined examples</h2>";
  AppendGroups(data.removal_reasons, "removed:", out);
  AppendGroups(data.quarantine_errors, "quarantined:", out);
  *out += "</section>";
}

void AppendMethodSection(const ReportData& data, const ReportOptions& options, std::string* out) {
  *out += "<section id=\"method\"><h2>How this report was made</h2><ul>";
  auto scan = [&](std::string_view name, size_t shards, const ScanCounters& c,
                  std::string_view passes) {
    fmt::format_to(
        std::back_inserter(*out),
        "<li>{}: {} shard{}, {} records, {} compressed bytes, read {}.{}{}</li>", name, shards,
        shards == 1 ? "" : "s", Thousands(c.records), Thousands(c.bytes), passes,
        c.malformed ? fmt::format(" <span class=\"bad\">{} lines are not JSON.</span>", c.malformed)
                    : "",
        c.broken_streams
            ? fmt::format(" <span class=\"bad\">{} broken streams.</span>", c.broken_streams)
            : "");
  };
  scan("kept/", data.shards_kept, data.kept_scan, "once");
  scan("removed/", data.shards_removed, data.removed_scan,
       data.removed_read_twice ? "twice (counts, then the largest clusters' members)" : "once");
  scan("quarantine/", data.shards_quarantine, data.quarantine_scan, "once");
  fmt::format_to(
      std::back_inserter(*out),
      "<li>Counts, histograms and rates are exact over all records. Ledger numbers come from "
      "stats.json.</li><li>Examples are a bottom-k sample: for each reason, the {} records with "
      "the "
      "smallest XXH3-64 hash of their id (for spans, of the id seeded with the span's offset). The "
      "sample "
      "is uniform and the same every time this report is made.</li><li>Clusters are counted by "
      "their "
      "survivor (duplicate_of) and sized from cluster_size when recorded, else members + 1; the {} "
      "largest are shown (ties by hash), with their first {} members in shard order and the "
      "differing "
      "words highlighted (patience word diff over at most {} words; runs of {}+ equal words "
      "shortened).{}</li>"
      "<li>Boilerplate templates and inline markers are grouped by their evidence string; the {} "
      "most frequent are shown.{}</li>",
      options.samples_per_group, options.top_clusters, options.members_per_cluster,
      options.max_diff_words, 2 * kDiffContextWords + 1,
      data.clusters_truncated
          ? fmt::format(" <span class=\"bad\">Only the first {} clusters were tracked.</span>",
                        options.max_tracked_clusters)
          : "",
      options.templates,
      data.template_spans_untracked ? fmt::format(" <span class=\"warn\">{} spans of templates "
                                                  "beyond the first 10000 were not grouped.</span>",
                                                  data.template_spans_untracked)
                                    : "");
  *out += "</ul></section>";
}

}  // namespace saring::report
