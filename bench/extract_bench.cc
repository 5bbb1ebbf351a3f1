// Benchmarks of HTML main-content extraction: the whole of HtmlExtractor::Extract with the
// streaming tokenizer (the default) and with libgumbo, libgumbo's parse alone, and DecodeHtml.
// Every benchmark reports bytes of HTML per second (compare the CPU column on a shared machine).
//
// Pages: every *.html file under the folders in SARING_BENCH_HTML (':'-separated; default the
// PostgreSQL HTML manual of Debian's postgresql-doc-15, /usr/share/doc/postgresql-doc-15/html,
// real HTML of 1,173 pages), plus the labelled news pages of tests/data/extract.
#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "saring/extract.h"

namespace saring {
namespace {

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    std::string dirs = std::getenv("SARING_BENCH_HTML") ? std::getenv("SARING_BENCH_HTML")
                                                        : "/usr/share/doc/postgresql-doc-15/html";
    dirs += ":" SARING_SOURCE_DIR "/tests/data/extract/labelled";
    std::stringstream list(dirs);
    std::vector<std::filesystem::path> files;
    for (std::string dir; std::getline(list, dir, ':');) {
      std::error_code ec;
      for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (e.path().extension() == ".html") files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out.push_back(s.str());
    }
    return out;
  }();
  return pages;
}

size_t TotalBytes() {
  size_t n = 0;
  for (const std::string& p : Pages()) n += p.size();
  return n;
}

void RunExtract(benchmark::State& state, bool gumbo) {
  ExtractOptions options;
  options.use_gumbo = gumbo;
  HtmlExtractor extractor(options);
  Extraction out;
  size_t text_bytes = 0;
  for (auto _ : state) {
    for (const std::string& page : Pages()) {
      if (!extractor.Extract(page, &out).ok()) state.SkipWithError("extract failed");
      text_bytes += out.text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
  state.counters["pages"] = static_cast<double>(Pages().size());
  state.counters["text_share"] =
      static_cast<double>(text_bytes) / static_cast<double>(state.iterations() * TotalBytes());
}

void BM_ExtractStreaming(benchmark::State& state) { RunExtract(state, false); }
void BM_ExtractGumbo(benchmark::State& state) { RunExtract(state, true); }

void BM_GumboParseOnly(benchmark::State& state) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  for (auto _ : state) {
    for (const std::string& page : Pages()) {
      GumboOutput* o = gumbo_parse_with_options(&options, page.data(), page.size());
      benchmark::DoNotOptimize(o->root);
      gumbo_destroy_output(&options, o);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
}

// Decoding as the pages say (UTF-8 here), and as if served as windows-1252 (ICU's path).
void RunDecode(benchmark::State& state, std::string_view content_type) {
  HtmlDecoded decoded;
  for (auto _ : state) {
    for (const std::string& page : Pages()) {
      if (!DecodeHtml(page, content_type, &decoded).ok()) state.SkipWithError("decode failed");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
}
void BM_DecodeHtml(benchmark::State& state) { RunDecode(state, ""); }
void BM_DecodeHtmlWindows1252(benchmark::State& state) {
  RunDecode(state, "text/html; charset=windows-1252");
}

// One page of `size` bytes (repeated article paragraphs inside the usual page furniture), to
// show that time stays linear in the page size.
void BM_ExtractLargePage(benchmark::State& state) {
  std::string page =
      "<html><head><title>Besar</title></head><body><nav><a>Menu</a></nav><div class=post>";
  while (page.size() < static_cast<size_t>(state.range(0))) {
    page +=
        "<p>Pemerintah menyatakan bahwa pembangunan jalan tol di Sumatera akan selesai pada akhir "
        "tahun ini, menurut keterangan <a href=/m>menteri</a> kepada wartawan.</p>\n";
  }
  page += "</div></body></html>";
  HtmlExtractor extractor{ExtractOptions{}};
  Extraction out;
  for (auto _ : state) {
    if (!extractor.Extract(page, &out).ok()) state.SkipWithError("extract failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}

BENCHMARK(BM_ExtractStreaming)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractGumbo)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GumboParseOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeHtml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeHtmlWindows1252)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractLargePage)->Arg(1 << 20)->Arg(50 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace saring

BENCHMARK_MAIN();
