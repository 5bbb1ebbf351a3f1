#include "report/html_util.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "util/utf8_sequence.h"

namespace saring::report {
namespace {

// Chart geometry (pixels of the SVG viewBox).
constexpr int kWidth = 760, kHeight = 280;
constexpr int kLeft = 64, kRight = 12, kTop = 28, kBottom = 70;
constexpr size_t kMaxXLabels = 18;
constexpr int kRowHeight = 22, kLabelWidth = 220, kBarWidth = 380;

// The smallest 1/2/5 x 10^k at or above v (at least 1).
uint64_t NiceCeiling(uint64_t v) {
  uint64_t step = 1;
  while (true) {
    for (uint64_t m : {1, 2, 5}) {
      if (m * step >= v) return m * step;
    }
    step *= 10;
  }
}

void AppendYAxis(uint64_t top, std::string* svg) {
  int plot_h = kHeight - kTop - kBottom;
  for (int t = 0; t <= 4; ++t) {
    double y = kTop + plot_h - plot_h * t / 4.0;
    fmt::format_to(std::back_inserter(*svg),
                   "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>"
                   "<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
                   kLeft, kWidth - kRight, y, y, kLeft - 6, y + 4, Thousands(top * t / 4));
  }
}

}  // namespace

void AppendHtml(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    switch (c) {
      case '&':
        out->append("&amp;");
        ++i;
        continue;
      case '<':
        out->append("&lt;");
        ++i;
        continue;
      case '>':
        out->append("&gt;");
        ++i;
        continue;
      case '"':
        out->append("&quot;");
        ++i;
        continue;
      case '\'':
        out->append("&#39;");
        ++i;
        continue;
      default: break;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out->append("\xEF\xBF\xBD");
      ++i;
    } else if (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      out->append("\xEF\xBF\xBD");  // other control characters are not allowed in HTML text
      ++i;
    } else {
      out->append(s.substr(i, n));
      i += n;
    }
  }
}

std::string Html(std::string_view s) {
  std::string out;
  AppendHtml(s, &out);
  return out;
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0 || part == 0) return "0%";
  double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  return p < 0.1 ? "<0.1%" : fmt::format("{:.1f}%", p);
}

std::string SvgColumnChart(const ColumnChart& chart) {
  std::string svg = fmt::format(
      "<svg class=\"chart\" data-plot=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">"
      "<text class=\"ctitle\" x=\"{}\" y=\"16\">{}</text>",
      Html(chart.id), kWidth, kHeight, Html(chart.title), kLeft, Html(chart.title));
  uint64_t max = 0;
  for (const ChartSeries& s : chart.series) {
    for (uint64_t v : s.values) max = std::max(max, v);
  }
  size_t n = chart.labels.size();
  if (n == 0 || max == 0 || chart.series.empty()) {
    fmt::format_to(std::back_inserter(svg),
                   "<text class=\"empty\" x=\"{}\" y=\"{}\">no data</text></svg>", kWidth / 2,
                   kHeight / 2);
    return svg;
  }
  uint64_t top = 4 * NiceCeiling((max + 3) / 4);  // four equal integer tick steps
  AppendYAxis(top, &svg);
  double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  double group = plot_w / n, bar = group * 0.8 / chart.series.size();
  size_t label_every = (n + kMaxXLabels - 1) / kMaxXLabels;
  for (size_t i = 0; i < n; ++i) {
    for (size_t s = 0; s < chart.series.size(); ++s) {
      uint64_t v = i < chart.series[s].values.size() ? chart.series[s].values[i] : 0;
      double h = plot_h * static_cast<double>(v) / static_cast<double>(top);
      double x = kLeft + group * i + group * 0.1 + bar * s;
      fmt::format_to(
          std::back_inserter(svg),
          "<rect class=\"bar s{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">"
          "<title>{}{}: {}</title></rect>",
          s, x, kTop + plot_h - h, std::max(bar - 1, 1.0), h,
          chart.series.size() > 1 ? Html(chart.series[s].name) + ", " : "", Html(chart.labels[i]),
          Thousands(v));
    }
    if (i % label_every == 0) {
      double x = kLeft + group * (i + 0.5);
      fmt::format_to(std::back_inserter(svg),
                     "<text class=\"tick\" transform=\"translate({:.1f},{}) rotate(-35)\" "
                     "text-anchor=\"end\">{}</text>",
                     x, kTop + plot_h + 14, Html(chart.labels[i]));
    }
  }
  fmt::format_to(std::back_inserter(svg),
                 "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                 kLeft + plot_w / 2, kHeight - 4, Html(chart.x_label));
  if (chart.series.size() > 1) {
    for (size_t s = 0; s < chart.series.size(); ++s) {
      int x = kWidth - kRight - 170 * static_cast<int>(chart.series.size() - s);
      fmt::format_to(std::back_inserter(svg),
                     "<rect class=\"bar s{}\" x=\"{}\" y=\"6\" width=\"12\" height=\"12\"/>"
                     "<text class=\"tick\" x=\"{}\" y=\"16\">{}</text>",
                     s, x, x + 16, Html(chart.series[s].name));
    }
  }
  svg += "</svg>";
  return svg;
}

std::string SvgBarList(std::string_view id, const std::vector<std::string>& labels,
                       const std::vector<uint64_t>& values, uint64_t whole) {
  int height = std::max<int>(1, static_cast<int>(labels.size())) * kRowHeight + 8;
  std::string svg =
      fmt::format("<svg class=\"chart bars\" data-plot=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">",
                  Html(id), kWidth, height);
  uint64_t max = 0;
  for (uint64_t v : values) max = std::max(max, v);
  if (labels.empty() || max == 0) {
    svg += "<text class=\"empty\" x=\"8\" y=\"18\">no data</text></svg>";
    return svg;
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    uint64_t v = i < values.size() ? values[i] : 0;
    int y = 4 + static_cast<int>(i) * kRowHeight;
    double w = kBarWidth * static_cast<double>(v) / static_cast<double>(max);
    fmt::format_to(std::back_inserter(svg),
                   "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                   "<rect class=\"bar s0\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" "
                   "height=\"{}\"><title>{}: {}</title></rect>"
                   "<text class=\"tick\" x=\"{:.1f}\" y=\"{}\">{} ({})</text>",
                   kLabelWidth - 8, y + 15, Html(labels[i]), kLabelWidth, y + 3, std::max(w, 1.0),
                   kRowHeight - 6, Html(labels[i]), Thousands(v), kLabelWidth + w + 6, y + 15,
                   Thousands(v), Percent(v, whole));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace saring::report
