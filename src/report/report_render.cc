// The report page: its frame (inline CSS and JS), the run facts, the ledger, the filters, and the
// key numbers embedded as JSON for programs and tests.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <numeric>

#include <fmt/format.h>

#include "output_reader/json_util.h"
#include "report/html_util.h"
#include "report/report_sections.h"
#include "saring/json_string.h"

namespace saring::report {
namespace {

// The inline data sits in a <script> block and names may hold any bytes.
constexpr JsonStringMode kText = JsonStringMode::kSafeText;

constexpr std::string_view kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
nav{background:#fff;border-bottom:1px solid #dde;padding:6px 24px;position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#2a5ca8;text-decoration:none;font-size:13px}
main{max-width:1100px;margin:0 auto;padding:8px 24px 40px}
section{background:#fff;border:1px solid #dde;border-radius:6px;padding:12px 18px;margin:16px 0}
h2{font-size:17px;margin:4px 0 10px}h3{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border-bottom:1px solid #e6e8ec;padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f0f2f5;cursor:default}th.sortable{cursor:pointer}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#5a6270;font-size:12.5px}.warn{color:#a33b00}.bad{color:#b00020;font-weight:600}.ok{color:#18794e}
svg.chart{width:100%;max-width:760px;height:auto;display:block;margin:6px 0}
.bar.s0{fill:#4e79a7}.bar.s1{fill:#f28e2b}.bar.s2{fill:#59a14f}.bar.s3{fill:#b07aa1}
.grid{stroke:#e3e6ea}.tick{font-size:11px;fill:#444}.axis{font-size:12px;fill:#333}.ctitle{font-size:13px;font-weight:600;fill:#222}
.empty{font-size:13px;fill:#888}
pre,.text{white-space:pre-wrap;word-break:break-word;font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace;margin:0}
.cut{background:#ffd7d5;text-decoration:line-through;text-decoration-color:#b00020}
.ctx{color:#6a7280}.only-m{background:#ffd7d5}.only-s{background:#cdf3d6}.skip{color:#8a8f99;font-style:italic}
table.pair{width:100%;table-layout:fixed}table.pair td{width:50%}
details{margin:4px 0}summary{cursor:pointer}
)css";

// Sorts a table by a clicked header (numbers by value, text alphabetically); nothing else.
constexpr std::string_view kScript = R"js(
document.querySelectorAll('th.sortable').forEach(function(th){
  th.addEventListener('click',function(){
    var table=th.closest('table'),body=table.tBodies[0],col=th.cellIndex,asc=th.dataset.asc!=='1';
    th.dataset.asc=asc?'1':'0';
    var rows=Array.prototype.slice.call(body.rows);
    function key(r){var t=r.cells[col].textContent.replace(/[,%]/g,'');var n=parseFloat(t);return isNaN(n)?t:n;}
    rows.sort(function(a,b){var x=key(a),y=key(b);var c=x<y?-1:x>y?1:0;return asc?c:-c;});
    rows.forEach(function(r){body.appendChild(r);});
  });
});
)js";

void Cell(std::string* out, uint64_t n, std::string_view stat = {}) {
  if (stat.empty()) {
    fmt::format_to(std::back_inserter(*out), "<td class=\"num\">{}</td>", Thousands(n));
  } else {
    fmt::format_to(std::back_inserter(*out), "<td class=\"num\" data-stat=\"{}\">{}</td>",
                   Html(stat), Thousands(n));
  }
}

void AppendCountTable(const std::map<std::string, uint64_t>& counts, std::string_view stat_prefix,
                      std::string_view name_header, uint64_t whole, std::string* out) {
  fmt::format_to(
      std::back_inserter(*out),
      "<table><thead><tr><th>{}</th><th class=\"num\">documents</th><th class=\"num\">of all</th>"
      "</tr></thead><tbody>",
      Html(name_header));
  for (const auto& [name, n] : counts) {
    *out += "<tr><td>" + Html(name) + "</td>";
    Cell(out, n, std::string(stat_prefix) + JsonPointer({name}));
    *out += "<td class=\"num\">" + Percent(n, whole) + "</td></tr>";
  }
  *out += "</tbody></table>";
}

void AppendFileTable(const ReportData& data, const ReportOptions& options, std::string* out) {
  const std::vector<FileLedger>& files = data.stats.files;
  std::vector<size_t> order(files.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return files[a].counts.records > files[b].counts.records;
  });
  if (order.size() > options.max_files_listed) order.resize(options.max_files_listed);
  *out += "<h3>Per input file</h3>";
  if (files.size() > order.size()) {
    fmt::format_to(std::back_inserter(*out),
                   "<p class=\"note\">The {} files with most records of {}.</p>", order.size(),
                   files.size());
  }
  *out += "<table id=\"files\"><thead><tr><th class=\"sortable\">file</th>";
  for (const char* h : {"records", "kept", "removed", "quarantined", "bytes in", "bytes kept"}) {
    fmt::format_to(std::back_inserter(*out), "<th class=\"num sortable\">{}</th>", h);
  }
  *out += "<th>balanced</th></tr></thead><tbody>";
  for (size_t i : order) {
    const FileLedger& f = files[i];
    *out += "<tr><td>" + Html(f.path);
    for (const std::string& e : f.errors) *out += "<div class=\"bad\">" + Html(e) + "</div>";
    *out += "</td>";
    Cell(out, f.counts.records, fmt::format("/files/{}/records", i));
    Cell(out, f.counts.kept, fmt::format("/files/{}/kept", i));
    Cell(out, f.counts.RemovedTotal(), fmt::format("/files/{}/removed_total", i));
    Cell(out, f.counts.QuarantinedTotal(), fmt::format("/files/{}/quarantined_total", i));
    Cell(out, f.counts.bytes_in, fmt::format("/files/{}/bytes_in", i));
    Cell(out, f.counts.bytes_kept, fmt::format("/files/{}/bytes_kept", i));
    *out +=
        f.counts.Balanced() ? "<td class=\"ok\">yes</td></tr>" : "<td class=\"bad\">no</td></tr>";
  }
  *out += "</tbody></table>";
}

void AppendJsonCounts(const std::map<std::string, uint64_t>& counts, std::string* out) {
  *out += '{';
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    if (it != counts.begin()) *out += ',';
    AppendJsonString(it->first, out, kText);
    fmt::format_to(std::back_inserter(*out), ":{}", it->second);
  }
  *out += '}';
}

}  // namespace

void AppendRunSection(const ReportData& data, std::string* out) {
  *out += "<section id=\"run\"><h2>Run</h2><table>";
  for (const auto& [key, value] : data.run_info) {
    *out += "<tr><th>" + Html(key) + "</th><td>" + Html(value) + "</td></tr>";
  }
  if (data.run_info.empty())
    *out += "<tr><td class=\"note\">run-info.json is missing or unreadable</td></tr>";
  *out += "</table></section>";
}

void AppendLedgerSection(const ReportData& data, const ReportOptions& options, std::string* out) {
  const LedgerCounts& t = data.totals;
  *out += "<section id=\"ledger\"><h2>Ledger</h2><table id=\"totals\"><tbody>";
  const std::pair<const char*, const char*> rows[] = {{"records", "/totals/records"},
                                                      {"kept", "/totals/kept"},
                                                      {"removed", "/totals/removed_total"},
                                                      {"quarantined", "/totals/quarantined_total"}};
  const uint64_t values[] = {t.records, t.kept, t.RemovedTotal(), t.QuarantinedTotal()};
  for (size_t i = 0; i < std::size(rows); ++i) {
    *out += fmt::format("<tr><th>{}</th>", rows[i].first);
    Cell(out, values[i], rows[i].second);
    *out += "<td class=\"num\">" + Percent(values[i], t.records) + "</td></tr>";
  }
  *out += "<tr><th>text bytes in</th>";
  Cell(out, t.bytes_in, "/totals/bytes_in");
  *out += "<td></td></tr><tr><th>text bytes kept</th>";
  Cell(out, t.bytes_kept, "/totals/bytes_kept");
  *out += "<td class=\"num\">" + Percent(t.bytes_kept, t.bytes_in) + "</td></tr>";
  *out += std::string("<tr><th>balanced</th><td colspan=\"2\" class=\"") +
          (t.Balanced() ? "ok\">yes" : "bad\">NO") +
          " (records = kept + removed + quarantined)</td></tr></tbody></table>";
  // The shards must hold what the ledger says; a difference means files were changed or lost.
  if (data.kept_records != t.kept || data.removed_records != t.RemovedTotal() ||
      data.quarantined_records != t.QuarantinedTotal()) {
    fmt::format_to(
        std::back_inserter(*out),
        "<p class=\"bad\">The shards hold {} kept, {} removed and {} quarantined records, "
        "which differs from the ledger.</p>",
        data.kept_records, data.removed_records, data.quarantined_records);
  }
  *out += "<h3>Removed, by reason</h3>";
  std::vector<std::string> labels;
  std::vector<uint64_t> values_by_reason;
  for (const auto& [reason, n] : t.removed) {
    labels.push_back(reason);
    values_by_reason.push_back(n);
  }
  *out += SvgBarList("removed-by-reason", labels, values_by_reason, t.records);
  AppendCountTable(t.removed, "/totals/removed", "reason", t.records, out);
  if (!t.quarantined.empty()) {
    *out += "<h3>Quarantined, by error</h3>";
    AppendCountTable(t.quarantined, "/totals/quarantined", "error", t.records, out);
  }
  *out += "<h3>Removed, by stage</h3>";
  AppendCountTable(data.stats.stage_removed, "/stage_removed", "stage", t.records, out);
  AppendFileTable(data, options, out);
  for (const auto& [key, json] : data.stats.unknown_members) {
    if (json == "{}" || json == "[]") continue;
    *out += "<h3>" + Html(key) + "</h3><pre>" +
            Html(json.size() > 20000 ? json.substr(0, 20000) + " …" : json) + "</pre>";
  }
  *out += "</section>";
}

namespace {

// True if `name` occurs in `text` as a whole word (not inside a longer name like "no" in "not").
bool NamesWord(std::string_view text, std::string_view name) {
  auto part = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  };
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    size_t end = at + name.size();
    bool left = at == 0 || !part(text[at - 1]);
    bool right = end == text.size() || !part(text[end]) ||
                 (text[end] == '.' && (end + 1 == text.size() || !part(text[end + 1])));
    if (left && right) return true;
  }
  return false;
}

// "<td>" with the filter warnings (kind filter_*) whose message names `name`.
std::string WarningsAbout(const ReportData& data, std::string_view name) {
  std::string w = "<td>";
  for (const RunWarning& row : data.stats.warnings) {
    if (row.kind.starts_with("filter_") && NamesWord(row.message, name)) {
      w += "<div class=\"warn\">" + Html(row.message) + "</div>";
    }
  }
  return w + "</td>";
}

// "12 … 80 (threshold 50)": the values of a quality rule seen in removed records.
std::string ValuesSeen(const ReportData& data, const std::string& rule) {
  auto it = data.quality_rules.find(rule);
  if (it == data.quality_rules.end()) return "";
  std::string range;
  AppendJsonNumber(it->second.min_value, &range);
  range += " … ";
  AppendJsonNumber(it->second.max_value, &range);
  if (it->second.threshold) {
    range += " (threshold ";
    AppendJsonNumber(*it->second.threshold, &range);
    range += ")";
  }
  return range;
}

// Filters as the ledger counts them: checked, removed, rate, and removals by cause.
void AppendLedgerFilters(const ReportData& data, std::string* out) {
  *out +=
      "<table id=\"filter-rates\"><thead><tr><th>filter / cause</th><th class=\"num\">checked</th>"
      "<th class=\"num\">removed</th><th class=\"num\">rate</th><th>values "
      "seen</th><th>warnings</th>"
      "</tr></thead><tbody>";
  for (const auto& [name, f] : data.stats.filters) {
    *out += "<tr><td><b>" + Html(name) + "</b></td>";
    Cell(out, f.checked, JsonPointer({"filters", name, "checked"}));
    Cell(out, f.removed, JsonPointer({"filters", name, "removed"}));
    *out += "<td class=\"num\">" + Percent(f.removed, f.checked) + "</td><td></td>" +
            WarningsAbout(data, name) + "</tr>";
    for (const auto& [cause, n] : f.by_cause) {
      *out += "<tr><td>&nbsp;&nbsp;" + Html(cause) + "</td><td></td>";
      Cell(out, n, JsonPointer({"filters", name, "by_cause", cause}));
      *out += "<td class=\"num\">" + Percent(n, f.checked) + "</td><td>" +
              Html(ValuesSeen(data, cause)) + "</td>" + WarningsAbout(data, cause) + "</tr>";
    }
  }
  *out += "</tbody></table>";
}

// Without a "filters" ledger entry: stages from the ledger, rules and languages from the records.
void AppendRecordFilters(const ReportData& data, std::string* out) {
  uint64_t records = data.totals.records;
  *out +=
      "<table id=\"filter-rates\"><thead><tr><th>stage / rule</th><th class=\"num\">removed</th>"
      "<th class=\"num\">of all records</th><th>values "
      "seen</th><th>warnings</th></tr></thead><tbody>";
  for (const auto& [stage, n] : data.stats.stage_removed) {
    *out += "<tr><td><b>" + Html(stage) + "</b></td>";
    Cell(out, n);
    *out += "<td class=\"num\">" + Percent(n, records) + "</td><td></td>" +
            WarningsAbout(data, stage) + "</tr>";
  }
  for (const auto& [rule, r] : data.quality_rules) {
    *out += "<tr><td>&nbsp;&nbsp;quality: " + Html(rule) + "</td>";
    Cell(out, r.count);
    *out += "<td class=\"num\">" + Percent(r.count, records) + "</td><td>" +
            Html(ValuesSeen(data, rule)) + "</td>" + WarningsAbout(data, rule) + "</tr>";
  }
  for (const auto& [lang, n] : data.removed_languages) {
    *out += "<tr><td>&nbsp;&nbsp;language: " + Html(lang) + "</td>";
    Cell(out, n);
    *out += "<td class=\"num\">" + Percent(n, records) + "</td><td></td><td></td></tr>";
  }
  *out += "</tbody></table>";
}

}  // namespace

void AppendFilterSection(const ReportData& data, std::string* out) {
  *out += "<section id=\"filters\"><h2>Filters</h2>";
  if (!data.stats.filters.empty()) {
    *out +=
        "<p class=\"note\">Each filter's removal rate among the documents it checked, by cause, "
        "with the range "
        "of values that fired (from the removed records) and the run's warnings.</p>";
    AppendLedgerFilters(data, out);
  } else {
    *out +=
        "<p class=\"note\">Removals of each stage and rule as a share of all records read, with "
        "the run's "
        "warnings.</p>";
    AppendRecordFilters(data, out);
  }
  *out += "<h3>Warnings</h3>";
  if (data.stats.warnings.empty()) *out += "<p class=\"note\">none</p>";
  *out += "<ul id=\"warnings\">";
  for (const RunWarning& w : data.stats.warnings) {
    bool filter = w.kind.starts_with("filter_");
    *out += std::string("<li class=\"") + (filter ? "bad" : "warn") + "\"><code>" + Html(w.kind) +
            "</code> " + Html(w.message) + "</li>";
  }
  *out += "</ul></section>";
}

void AppendStatsJson(const ReportData& data, const ReportOptions& options, std::string* out) {
  const LedgerCounts& t = data.totals;
  std::string json = fmt::format(
      "{{\"records\":{},\"kept\":{},\"removed_total\":{},\"quarantined_total\":{},\"bytes_in\":{},"
      "\"bytes_kept\":{},\"balanced\":{},\"documents_with_spans_removed\":{},\"warnings\":{},"
      "\"removed\":",
      t.records, t.kept, t.RemovedTotal(), t.QuarantinedTotal(), t.bytes_in, t.bytes_kept,
      t.Balanced(), data.stats.documents_with_spans_removed, data.stats.warnings.size());
  AppendJsonCounts(t.removed, &json);
  json += ",\"quarantined\":";
  AppendJsonCounts(t.quarantined, &json);
  json += ",\"stage_removed\":";
  AppendJsonCounts(data.stats.stage_removed, &json);
  json += ",\"spans_removed\":{";
  for (auto it = data.stats.spans_removed.begin(); it != data.stats.spans_removed.end(); ++it) {
    if (it != data.stats.spans_removed.begin()) json += ',';
    AppendJsonString(it->first, &json, kText);
    fmt::format_to(std::back_inserter(json), ":{{\"spans\":{},\"bytes\":{}}}", it->second.spans,
                   it->second.bytes);
  }
  json += "},\"filters\":{";
  for (auto it = data.stats.filters.begin(); it != data.stats.filters.end(); ++it) {
    const FilterCount& f = it->second;
    if (it != data.stats.filters.begin()) json += ',';
    AppendJsonString(it->first, &json, kText);
    fmt::format_to(std::back_inserter(json),
                   ":{{\"checked\":{},\"removed\":{},\"by_cause\":", f.checked, f.removed);
    AppendJsonCounts(f.by_cause, &json);
    json += '}';
  }
  json += "},\"languages\":";
  AppendJsonCounts(data.stats.languages, &json);
  fmt::format_to(std::back_inserter(json),
                 ",\"shards\":{{\"kept\":{},\"removed\":{},\"quarantined\":{}}},\"files\":[",
                 data.kept_records, data.removed_records, data.quarantined_records);
  size_t files = std::min<size_t>(data.stats.files.size(), options.max_files_listed);
  for (size_t i = 0; i < files; ++i) {
    const FileLedger& f = data.stats.files[i];
    if (i) json += ',';
    json += "{\"path\":";
    AppendJsonString(f.path, &json, kText);
    fmt::format_to(std::back_inserter(json),
                   ",\"records\":{},\"kept\":{},\"removed_total\":{},\"quarantined_total\":{}}}",
                   f.counts.records, f.counts.kept, f.counts.RemovedTotal(),
                   f.counts.QuarantinedTotal());
  }
  json += "]}";
  *out += "<script type=\"application/json\" id=\"saring-stats\">" + json + "</script>";
}

std::string RenderReportHtml(const ReportData& data, const ReportOptions& options) {
  std::string out;
  out.reserve(256 << 10);
  out +=
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>saring run report</title><style>";
  out += kStyle;
  out += "</style></head><body><header><h1>saring run report</h1></header><nav>";
  for (const char* s : {"run", "ledger", "filters", "lengths", "spans", "near-duplicates",
                        "languages", "templates", "examples", "method"}) {
    fmt::format_to(std::back_inserter(out), "<a href=\"#{}\">{}</a>", s, s);
  }
  out += "</nav><main>";
  AppendRunSection(data, &out);
  AppendLedgerSection(data, options, &out);
  AppendFilterSection(data, &out);
  AppendLengthSection(data, &out);
  AppendSpanSection(data, &out);
  AppendSubstringSection(data, &out);
  AppendNearDuplicateSection(data, options, &out);
  AppendLanguageSection(data, &out);
  AppendTemplateSection(data, options, &out);
  AppendExampleSection(data, &out);
  AppendMethodSection(data, options, &out);
  out += "</main>";
  AppendStatsJson(data, options, &out);
  out += "<script>";
  out += kScript;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace saring::report
