#include "saring/report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "output_reader/output_folder_test_util.h"

namespace saring {
namespace {

using report_test::ScratchDir;

std::string Render(const std::string& dir, const ReportOptions& options = {}) {
  std::string html;
  Status s = RenderReport(dir, options, &html, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return html;
}

// The value shown in the element carrying data-stat="<stat>", commas removed.
std::string Shown(const std::string& html, const std::string& stat) {
  std::string key = "data-stat=\"" + stat + "\">";
  size_t at = html.find(key);
  if (at == std::string::npos) return "(missing)";
  size_t begin = at + key.size(), end = html.find('<', begin);
  std::string v = html.substr(begin, end - begin);
  v.erase(std::remove(v.begin(), v.end(), ','), v.end());
  return v;
}

TEST(Report, ShowsTheLedgerNumbersOfStatsJson) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  std::string html = Render(dir.path());
  EXPECT_EQ(Shown(html, "/totals/records"), "10");
  EXPECT_EQ(Shown(html, "/totals/kept"), "3");
  EXPECT_EQ(Shown(html, "/totals/removed_total"), "5");
  EXPECT_EQ(Shown(html, "/totals/quarantined_total"), "2");
  EXPECT_EQ(Shown(html, "/totals/bytes_in"), "98765");
  EXPECT_EQ(Shown(html, "/totals/removed/near_duplicate"), "2");
  EXPECT_EQ(Shown(html, "/totals/quarantined/invalid_utf8"), "1");
  EXPECT_EQ(Shown(html, "/stage_removed/near_dedup"), "2");
  EXPECT_EQ(Shown(html, "/spans_removed/duplicate_paragraph/bytes"), "68");
  EXPECT_EQ(Shown(html, "/files/0/removed_total"), "5");
  EXPECT_EQ(Shown(html, "/filters/quality/checked"), "8");
  EXPECT_EQ(Shown(html, "/filters/quality/by_cause/gopher.word_count"), "1");
  EXPECT_EQ(Shown(html, "/languages/ms"), "1");

  // The embedded JSON block parses and carries the same totals, and the shard counts agree.
  std::string open = "<script type=\"application/json\" id=\"saring-stats\">";
  size_t begin = html.find(open);
  ASSERT_NE(begin, std::string::npos);
  begin += open.size();
  std::string json = html.substr(begin, html.find("</script>", begin) - begin);
  simdjson::dom::parser parser;
  simdjson::dom::element stats;
  ASSERT_EQ(parser.parse(json).get(stats), simdjson::SUCCESS) << json;
  EXPECT_EQ(uint64_t(stats["records"]), 10u);
  EXPECT_EQ(uint64_t(stats["removed"]["quality"]), 1u);
  EXPECT_EQ(uint64_t(stats["shards"]["kept"]), 3u);
  EXPECT_EQ(uint64_t(stats["shards"]["removed"]), 5u);
  EXPECT_EQ(uint64_t(stats["shards"]["quarantined"]), 2u);
  EXPECT_EQ(html.find("differs from the ledger"), std::string::npos);
}

TEST(Report, RendersPlotsClustersTemplatesAndFilters) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  std::string html = Render(dir.path());
  for (const char* plot :
       {"length", "cluster-sizes", "similarity", "languages", "removed-by-reason"}) {
    EXPECT_NE(html.find(std::string("data-plot=\"") + plot + "\""), std::string::npos) << plot;
  }
  // The cluster of k-1 with both members, each beside the survivor with its changed word marked.
  EXPECT_NE(html.find("Cluster 7 — 3 documents, survivor <code>k-1</code>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"only-m\">drastis </span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"only-s\">tajam </span>"), std::string::npos);
  EXPECT_NE(html.find("member <code>n-2</code> — similarity 0.850 (exact), 2 words differ"),
            std::string::npos);
  // The learned template with its sample line, and the quality rule with its threshold.
  EXPECT_NE(html.find("<code>Ikuti kami di media sosial *</code> — 1 spans"), std::string::npos);
  EXPECT_NE(html.find("Ikuti kami di media sosial untuk kabar terbaru."), std::string::npos);
  // Filter rates are among the documents each filter checked; rules show the values that fired.
  EXPECT_NE(html.find("<td class=\"num\">12.5%</td><td>12 … 12 (threshold 50)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">11.1%</td>"), std::string::npos);  // language: 1 of 9
  EXPECT_NE(html.find("<tr><td>ms</td><td class=\"num\">1</td></tr>"),
            std::string::npos);  // removed by language
  EXPECT_NE(html.find("filter_removes_nothing"), std::string::npos);
  // The warning sits beside the rule it names, and only there.
  EXPECT_NE(html.find("<td class=\"num\">0%</td><td></td><td><div class=\"warn\">filter "
                      "gopher.repetition removed nothing"),
            std::string::npos);
  size_t rows = 0;
  for (size_t p = html.find("<div class=\"warn\">filter gopher"); p != std::string::npos;
       p = html.find("<div class=\"warn\">filter gopher", p + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 1u);
  // The quarantined base64 record is decoded, its bad byte shown as U+FFFD.
  EXPECT_NE(html.find("{&quot;id&quot;:&quot;bad-2&quot;,&quot;text&quot;:&quot;\xEF\xBF\xBD"),
            std::string::npos);
  // Self-contained: nothing is fetched from anywhere.
  EXPECT_FALSE(std::regex_search(html, std::regex("(src|href)=\"(https?:)?//")));
}

TEST(Report, IsDeterministicAndWritten) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  std::string first = Render(dir.path());
  EXPECT_EQ(Render(dir.path()), first);
  Result<ReportSummary> summary = WriteReport(dir.path(), {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->path, dir.path() + "/report.html");
  EXPECT_EQ(report_test::ReadText(summary->path), first);
  EXPECT_EQ(summary->html_bytes, first.size());
  // removed/ is read once: its near duplicates record cluster_size.
  EXPECT_EQ(summary->documents_read, 3u + 5u + 2u);
  EXPECT_NE(first.find("<li>removed/: 1 shard, 5 records, "), std::string::npos);
  EXPECT_NE(first.find("compressed bytes, read once.</li><li>quarantine/"), std::string::npos);
}

// An output folder with `clusters` near-duplicate clusters of 1 to 4 members, their members
// interleaved in removed/ and their survivors kept, except: the survivor of cluster 3 is removed
// (by quality) after its members, and, if `survivor_removed_first`, the survivor of cluster 7 is
// removed before its first member. Members record cluster_size if `sizes`.
void WriteClusterFolder(const std::string& dir, int clusters, bool sizes,
                        bool survivor_removed_first) {
  auto members = [](int c) { return c % 4 + 1; };
  auto text = [](int c, int m) {
    return "Berita nomor " + std::to_string(c) + " hari ini, versi " + std::to_string(m) + ".";
  };
  auto removed_survivor = [](int c) {
    return "{\"id\":\"s-" + std::to_string(c) + "\",\"text\":\"" + "Berita nomor " +
           std::to_string(c) +
           " hari "
           "ini.\",\"metadata\":{\"saring\":{\"reason\":\"quality\",\"rule\":\"r\",\"value\":1}}}";
  };
  std::vector<std::string> kept, removed;
  if (survivor_removed_first) removed.push_back(removed_survivor(7));
  for (int c = 0; c < clusters; ++c) {
    if (c != 3 && !(survivor_removed_first && c == 7)) {
      kept.push_back("{\"id\":\"s-" + std::to_string(c) + "\",\"text\":\"Berita nomor " +
                     std::to_string(c) + " hari ini.\"}");
    }
  }
  for (int m = 0; m < 4; ++m) {
    for (int c = 0; c < clusters; ++c) {
      if (m >= members(c)) continue;
      removed.push_back(
          "{\"id\":\"m-" + std::to_string(c) + "-" + std::to_string(m) + "\",\"text\":\"" +
          text(c, m) +
          "\",\"metadata\":{\"saring\":{\"reason\":\"near_duplicate\",\"duplicate_of\":\"s-" +
          std::to_string(c) + "\",\"similarity\":0.9,\"similarity_kind\":\"estimated\"" +
          (sizes ? ",\"cluster_size\":" + std::to_string(members(c) + 1) : std::string()) + "}}}");
    }
  }
  removed.push_back(removed_survivor(3));
  report_test::WriteShards(dir, "kept", kept, 3);
  report_test::WriteShards(dir, "removed", removed, 3);
  report_test::WriteText(dir + "/stats.json",
                         R"({"format": "saring-stats/1", "totals": {"records": 0, "kept": 0}})");
}

std::string ClusterSection(const std::string& html) {
  size_t begin = html.find("<section id=\"near-duplicates\">");
  return begin == std::string::npos ? "(missing)"
                                    : html.substr(begin, html.find("</section>", begin) - begin);
}

// The largest clusters are gathered in the first pass over removed/ when their sizes are recorded,
// and only then; either way they are the same clusters with the same members and survivors.
TEST(Report, LargestClustersAreTheSameInOnePassOrTwo) {
  ReportOptions options;
  options.top_clusters = 5;
  options.members_per_cluster = 2;
  ScratchDir one, two;
  WriteClusterFolder(one.path(), 24, /*sizes=*/true, false);
  WriteClusterFolder(two.path(), 24, /*sizes=*/false, false);
  std::string html_one = Render(one.path(), options), html_two = Render(two.path(), options);
  EXPECT_NE(html_one.find("read once.</li><li>quarantine/"), std::string::npos);
  EXPECT_NE(html_two.find("read twice (counts, then the largest clusters' members)"),
            std::string::npos);
  std::string clusters = ClusterSection(html_one);
  EXPECT_EQ(clusters, ClusterSection(html_two));
  // Clusters 3, 7, 11, 15, 19 have 4 members each; 3's survivor was removed after them.
  EXPECT_NE(
      clusters.find("survivor <code>s-3</code> <span class=\"warn\">(itself removed later)</span>"),
      std::string::npos);
  EXPECT_NE(clusters.find("survivor <code>s-19</code>"), std::string::npos);
  EXPECT_EQ(clusters.find("survivor <code>s-23</code>"), std::string::npos);
  EXPECT_NE(clusters.find("member <code>m-7-1</code>"), std::string::npos);
  EXPECT_EQ(clusters.find("member <code>m-7-2</code>"), std::string::npos);

  // A survivor removed before its cluster's first member was seen is found by the second pass.
  ScratchDir early;
  WriteClusterFolder(early.path(), 24, /*sizes=*/true, /*survivor_removed_first=*/true);
  std::string html_early = Render(early.path(), options);
  EXPECT_NE(html_early.find("read twice (counts, then the largest clusters' members)"),
            std::string::npos);
  EXPECT_NE(
      ClusterSection(html_early)
          .find("survivor <code>s-7</code> <span class=\"warn\">(itself removed later)</span>"),
      std::string::npos);
}

TEST(Report, SamplesAreBoundedAndLimitsApply) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  ReportOptions options;
  options.top_clusters = 0;
  options.samples_per_group = 1;
  std::string html = Render(dir.path(), options);
  EXPECT_EQ(html.find("class=\"cluster\""), std::string::npos);
  EXPECT_NE(html.find("removed: <b>near_duplicate</b>: 2 (1 sampled)"), std::string::npos);
}

TEST(Report, ProgressIsReportedUpToTheTotal) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  ReportOptions options;
  ReportProgress last;
  int calls = 0;
  options.progress = [&](const ReportProgress& p) {
    ++calls;
    last = p;
  };
  Render(dir.path(), options);
  EXPECT_GT(calls, 0);
  EXPECT_EQ(last.bytes_done, last.bytes_total);
}

TEST(Report, RefusesToReplaceSomethingThatIsNotAFile) {
  ScratchDir dir;
  report_test::WriteSampleFolder(dir.path());
  std::filesystem::create_symlink(dir.path() + "/stats.json", dir.path() + "/link.html");
  ReportOptions options;
  options.output_path = dir.path() + "/link.html";
  EXPECT_EQ(WriteReport(dir.path(), options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path() + "/link.html"));
  options.output_path = dir.path() + "/kept";  // a folder
  EXPECT_EQ(WriteReport(dir.path(), options).status().code(), StatusCode::kInvalidArgument);
}

TEST(Report, MissingStatsIsNotFound) {
  ScratchDir dir;
  std::string html;
  Status s = RenderReport(dir.path(), {}, &html, nullptr);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  report_test::WriteText(dir.path() + "/stats.json", "not json");
  EXPECT_EQ(RenderReport(dir.path(), {}, &html, nullptr).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace saring
