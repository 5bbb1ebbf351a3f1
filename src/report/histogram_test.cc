#include "report/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "explain/text_cut.h"
#include "report/html_util.h"

namespace saring::report {
namespace {

TEST(LogHistogram, BinsAreContiguousAndOrdered) {
  EXPECT_EQ(LogHistogram::BinOf(0), 0u);
  EXPECT_EQ(LogHistogram::BinOf(1), 1u);
  EXPECT_EQ(LogHistogram::BinOf(2), 2u);
  EXPECT_EQ(LogHistogram::BinOf(3), 3u);
  EXPECT_EQ(LogHistogram::BinOf(4), 4u);
  EXPECT_EQ(LogHistogram::BinOf(5), 4u);
  EXPECT_EQ(LogHistogram::BinOf(6), 5u);
  EXPECT_EQ(LogHistogram::BinOf(1023), 19u);
  EXPECT_EQ(LogHistogram::BinOf(UINT64_MAX), LogHistogram::kBins - 1);
  for (size_t b = 0; b + 1 < LogHistogram::kBins; ++b) {
    uint64_t low = LogHistogram::BinLow(b), next = LogHistogram::BinLow(b + 1);
    ASSERT_LT(low, next) << b;
    EXPECT_EQ(LogHistogram::BinOf(low), b);
    EXPECT_EQ(LogHistogram::BinOf(next - 1), b);
  }
}

TEST(LogHistogram, CountsAndRange) {
  LogHistogram h;
  for (uint64_t v : {0, 700, 800, 1000, 5000}) h.Add(v);
  EXPECT_EQ(h.total(), 5u);
  EXPECT_EQ(h.count(LogHistogram::BinOf(768)), 2u);  // 800 and 1000; 700 is below 768
  EXPECT_EQ(h.count(LogHistogram::BinOf(700)), 1u);
  EXPECT_EQ(h.Range(), (std::pair<size_t, size_t>{0, LogHistogram::BinOf(5000)}));
  EXPECT_EQ(LogHistogram::BinLabel(LogHistogram::BinOf(1024)), "1 Ki–<1.5 Ki");
  EXPECT_EQ(LogHistogram::BinLabel(LogHistogram::BinOf(1536)), "1.5 Ki–<2 Ki");
  EXPECT_EQ(LogHistogram::BinLabel(LogHistogram::BinOf(6)), "6–7");
  EXPECT_EQ(LogHistogram::BinLabel(2), "2");
}

TEST(LinearHistogram, EdgesClampIntoEndBins) {
  LinearHistogram h(0.5, 1.0, 25);
  for (double v : {0.1, 0.5, 0.52, 0.81, 0.999, 1.0}) h.Add(v);
  EXPECT_EQ(h.count(0), 2u);
  EXPECT_EQ(h.count(1), 1u);
  EXPECT_EQ(h.count(15), 1u);
  EXPECT_EQ(h.count(24), 2u);
  EXPECT_EQ(h.total(), 6u);
  EXPECT_DOUBLE_EQ(h.BinLow(5), 0.6);
}

// The sample depends only on the set of keys offered, not on their order.
TEST(BottomK, SampleIsTheSameInAnyOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back("doc-" + std::to_string(i));
  auto sample = [&](const std::vector<std::string>& order) {
    BottomK<std::string> k(7);
    for (const std::string& id : order) k.Add(SampleKey(id), id);
    return k.Sorted();
  };
  std::vector<std::string> first = sample(ids);
  std::vector<std::string> shuffled = ids;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(1));
  EXPECT_EQ(sample(shuffled), first);
  ASSERT_EQ(first.size(), 7u);
  // And it is the 7 smallest hashes.
  std::vector<std::pair<uint64_t, std::string>> all;
  for (const std::string& id : ids) all.emplace_back(SampleKey(id), id);
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(first[i], all[i].second);
  EXPECT_EQ(SampleKey("doc-1"), SampleKey("doc-1"));
  EXPECT_NE(SampleKey("doc-1", 1), SampleKey("doc-1", 2));
}

TEST(HtmlUtil, EscapesAndFormats) {
  EXPECT_EQ(Html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(Html("ok \xff end"), "ok \xEF\xBF\xBD end");
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(1234567), "1,234,567");
  EXPECT_EQ(Percent(1, 3), "33.3%");
  EXPECT_EQ(Percent(1, 100000), "<0.1%");
  EXPECT_EQ(Percent(0, 0), "0%");
}

TEST(HtmlUtil, ColumnChartHasOneBarPerValueAndTooltips) {
  ColumnChart chart{"t", "title", "x", {"a", "b", "c"}, {{"s", {1, 5, 0}}}};
  std::string svg = SvgColumnChart(chart);
  EXPECT_EQ(svg.rfind("<svg class=\"chart\" data-plot=\"t\"", 0), 0u);
  size_t bars = 0;
  for (size_t p = svg.find("<rect class=\"bar"); p != std::string::npos;
       p = svg.find("<rect class=\"bar", p + 1))
    ++bars;
  EXPECT_EQ(bars, 3u);
  EXPECT_NE(svg.find("<title>b: 5</title>"), std::string::npos);
  EXPECT_NE(SvgColumnChart({"e", "empty", "x", {}, {}}).find("no data"), std::string::npos);
}

TEST(TextCut, CutsOnCharacterBoundaries) {
  std::string s =
      "ab\xC3\xA9"
      "cd";  // "abécd"
  EXPECT_EQ(Utf8Prefix(s, 3), "ab");
  EXPECT_EQ(Utf8Suffix(s, 3), "cd");
  EXPECT_EQ(LastLines("one\ntwo\nthree", 2, 100), "two\nthree");
  EXPECT_EQ(LastLines("one\ntwo\n", 1, 100), "two\n");
  EXPECT_EQ(FirstLines("one\ntwo\nthree", 2, 100), "one\ntwo\n");
  EXPECT_EQ(ElideMiddle("0123456789", 4), "01 … 6 bytes … 89");
}

}  // namespace
}  // namespace saring::report
