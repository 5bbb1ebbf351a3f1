// HTML building blocks for the report: escaping, number formatting, and charts as inline SVG.
//
// Thread-safety: stateless functions; safe from any thread. Output is deterministic (fixed
// formatting, no locale).
#ifndef SARING_REPORT_HTML_UTIL_H_
#define SARING_REPORT_HTML_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace saring::report {

// Appends `s` with & < > " ' escaped; bytes that are not valid UTF-8 become U+FFFD.
void AppendHtml(std::string_view s, std::string* out);
std::string Html(std::string_view s);

// 1234567 -> "1,234,567".
std::string Thousands(uint64_t n);

// part/whole as "12.3%" ("0%" for an empty whole; "<0.1%" for a tiny non-zero part).
std::string Percent(uint64_t part, uint64_t whole);

// One data series of a column chart.
struct ChartSeries {
  std::string name;
  std::vector<uint64_t> values;  // one per label
};

struct ColumnChart {
  std::string id;  // data-plot attribute (tests find charts by it)
  std::string title;
  std::string x_label;
  std::vector<std::string> labels;
  std::vector<ChartSeries> series;  // 1 to 4 series, drawn side by side in each column
};

// A column chart (histogram) as an <svg> element with axis ticks, a legend when there is more
// than one series, and a <title> tooltip on every bar. An empty chart says "no data".
std::string SvgColumnChart(const ColumnChart& chart);

// Horizontal bars, one row per label, scaled to the largest value, with the count and its share
// of `whole` written after each bar.
std::string SvgBarList(std::string_view id, const std::vector<std::string>& labels,
                       const std::vector<uint64_t>& values, uint64_t whole);

}  // namespace saring::report

#endif  // SARING_REPORT_HTML_UTIL_H_
