// Tests for boilerplate learning on a synthetic news corpus: learned templates (including one no
// list mentions) and recurring lines are removed, content survives, thresholds scale with the
// documents per source, and merged learners equal a single learner.
#include "saring/boilerplate.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace saring {
namespace {

// Deterministic pseudo-random words, so every document's content is distinct.
class Words {
 public:
  explicit Words(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::string Sentence(int n) {
    static const char* const kVocab[] = {
        "pemerintah", "daerah", "warga",   "jalan",   "proyek",    "anggaran", "sekolah",  "pasar",
        "harga",      "beras",  "petani",  "hujan",   "banjir",    "kota",     "desa",     "polisi",
        "kasus",      "rapat",  "dewan",   "program", "bantuan",   "rumah",    "sakit",    "dokter",
        "pelabuhan",  "kapal",  "nelayan", "ikan",    "listrik",   "air",      "bersih",   "kantor",
        "gubernur",   "bupati", "camat",   "lurah",   "mahasiswa", "kampus",   "festival", "budaya",
        "wisata",     "pantai", "gunung",  "hutan",   "tambang",   "pabrik",   "buruh",    "upah",
        "pajak",      "bank"};
    std::string out;
    for (int i = 0; i < n; ++i) {
      state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
      if (i > 0) out += ' ';
      out += kVocab[(state_ >> 33) % (sizeof(kVocab) / sizeof(kVocab[0]))];
    }
    return out;
  }

 private:
  uint64_t state_;
};

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

const char kQuote[] = "\"Kami akan terus mengawal proses hukum ini sampai tuntas,\" kata Budi.";
const char kFooterA[] = "Dapatkan berita terkini dari KabarHarian setiap hari di Google News.";
const char kEditorB[] = "Editor: Rina Wulandari";

struct Doc {
  std::string source;
  std::string text;
};

// ~30 news documents from two sources. Source A: "Baca juga: <headline>" lines and a footer;
// some paragraphs open with "Menurut dia," (a sentence opener, not a template); two articles
// share a quote. Source B: an invented template "Simak juga video: <title>" and an editor line.
std::vector<Doc> NewsCorpus() {
  std::vector<Doc> docs;
  for (int i = 0; i < 30; ++i) {
    Words w(i + 1);
    const bool a = i < 16;
    std::string t = Capitalized(w.Sentence(6)) + "\n\n";  // headline
    t += "JAKARTA - " + Capitalized(w.Sentence(18)) + ".\n\n";
    if (a && i % 4 != 3) t += "Baca juga: " + Capitalized(w.Sentence(5)) + "\n\n";
    if (!a && i % 3 != 2) t += "Simak juga video: " + Capitalized(w.Sentence(4)) + "\n\n";
    if (a && i % 2 == 0) t += "Menurut dia, " + w.Sentence(12) + ".\n\n";
    if (i == 3 || i == 7) t += std::string(kQuote) + "\n\n";
    t += Capitalized(w.Sentence(25)) + ".\n\n";
    t += Capitalized(w.Sentence(9)) + ".\n\n";
    if (a && i != 5) t += std::string(kFooterA) + "\n";
    if (!a && i != 20) t += std::string(kEditorB) + "\n";
    docs.push_back({a ? "kabarharian.id" : "beritakita.com", t});
  }
  return docs;
}

std::string_view LineOf(const std::string& text, const BoilerplateLine& l) {
  return std::string_view(text).substr(l.begin, l.end - l.begin);
}

BoilerplateModel Learn(const std::vector<Doc>& docs, const BoilerplateOptions& options = {}) {
  BoilerplateLearner learner(options);
  for (const Doc& d : docs) learner.AddDocument(d.source, d.text);
  return std::move(learner).Finish();
}

void ExpectNewsBoilerplateRemoved(const BoilerplateOptions& options) {
  const std::vector<Doc> docs = NewsCorpus();
  const BoilerplateModel model = Learn(docs, options);
  EXPECT_EQ(model.DocsInSource("kabarharian.id"), 16u);
  EXPECT_EQ(model.DocsInSource("beritakita.com"), 14u);
  BoilerplateMatcher matcher(&model);
  std::vector<BoilerplateLine> lines;
  int templates_a = 0, templates_b = 0, footers = 0, editors = 0;
  for (const Doc& d : docs) {
    matcher.FindLines(d.source, d.text, &lines);
    for (const BoilerplateLine& l : lines) {
      const std::string_view line = LineOf(d.text, l);
      SCOPED_TRACE(std::string(line));
      if (line.rfind("Baca juga: ", 0) == 0) {
        ++templates_a;
        EXPECT_EQ(l.reason, BoilerplateReason::kTemplate);
        EXPECT_EQ(l.template_prefix, "Baca juga");
        EXPECT_FALSE(l.seed);
        EXPECT_EQ(l.doc_count, 12u);
      } else if (line.rfind("Simak juga video: ", 0) == 0) {
        ++templates_b;
        EXPECT_EQ(l.reason, BoilerplateReason::kTemplate);
        EXPECT_EQ(l.template_prefix, "Simak juga");
        EXPECT_EQ(BoilerplateReasonName(l.reason), "boilerplate_template");
      } else if (line == kFooterA) {
        ++footers;
        EXPECT_EQ(l.reason, BoilerplateReason::kLine);
        EXPECT_EQ(l.doc_count, 15u);
        EXPECT_EQ(BoilerplateReasonName(l.reason), "boilerplate_line");
      } else if (line == kEditorB) {
        ++editors;
        EXPECT_EQ(l.reason, BoilerplateReason::kLine);
      } else {
        ADD_FAILURE() << "content line removed";
      }
    }
  }
  EXPECT_EQ(templates_a, 12);
  EXPECT_EQ(templates_b, 9);  // 14 docs (i = 16..29), none where i % 3 == 2
  EXPECT_EQ(footers, 15);
  EXPECT_EQ(editors, 13);
}

TEST(Boilerplate, LearnsTemplatesAndLinesAndKeepsContent) {
  ExpectNewsBoilerplateRemoved(BoilerplateOptions());
}

TEST(Boilerplate, LearnsWithoutSeedTemplates) {
  BoilerplateOptions options;
  options.use_seed_templates = false;
  ExpectNewsBoilerplateRemoved(options);
}

TEST(Boilerplate, SeedTemplatesApplyToUnseenSources) {
  const BoilerplateModel model = Learn(NewsCorpus());
  BoilerplateMatcher matcher(&model);
  const std::string text =
      "Headline here\nBaca juga: Sesuatu yang lain\nRead more about it in the report below.\n";
  std::vector<BoilerplateLine> lines;
  matcher.FindLines("never-seen.example", text, &lines);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(LineOf(text, lines[0]), "Baca juga: Sesuatu yang lain");
  EXPECT_TRUE(lines[0].seed);
  EXPECT_EQ(lines[0].doc_count, 0u);

  BoilerplateOptions no_seeds;
  no_seeds.use_seed_templates = false;
  const BoilerplateModel plain = Learn(NewsCorpus(), no_seeds);
  BoilerplateMatcher plain_matcher(&plain);
  plain_matcher.FindLines("never-seen.example", text, &lines);
  EXPECT_TRUE(lines.empty());
}

TEST(Boilerplate, LongLinesAreNeverCandidates) {
  std::vector<Doc> docs;
  const std::string long_line = "Paragraf panjang " + std::string(250, 'x');
  for (int i = 0; i < 10; ++i) docs.push_back({"s", long_line + "\n" + Words(i).Sentence(8)});
  const BoilerplateModel model = Learn(docs);
  BoilerplateMatcher matcher(&model);
  std::vector<BoilerplateLine> lines;
  matcher.FindLines("s", docs[0].text, &lines);
  EXPECT_TRUE(lines.empty());
}

// A line in 4 documents is boilerplate among 20 documents of its source (threshold
// max(3, ceil(0.02 * 20)) = 3) but not among 400 (threshold ceil(0.02 * 400) = 8).
TEST(Boilerplate, ThresholdsScaleWithDocsPerSource) {
  auto corpus = [](int docs_in_source) {
    std::vector<Doc> docs;
    for (int i = 0; i < docs_in_source; ++i) {
      Words w(1000 + i);
      std::string text = Capitalized(w.Sentence(10)) + ".\n";
      if (i < 4) text += "Foto bersama panitia acara\n";
      docs.push_back({"src", text});
    }
    return docs;
  };
  for (int n : {20, 400}) {
    SCOPED_TRACE(n);
    const std::vector<Doc> docs = corpus(n);
    const BoilerplateModel model = Learn(docs);
    BoilerplateMatcher matcher(&model);
    std::vector<BoilerplateLine> lines;
    matcher.FindLines("src", docs[0].text, &lines);
    EXPECT_EQ(lines.size(), n == 20 ? 1u : 0u);
  }
  // The same 4 documents in a different source do not count towards "src".
  std::vector<Doc> docs = corpus(20);
  for (int i = 0; i < 4; ++i) docs[i].source = "other";
  const BoilerplateModel model = Learn(docs);
  BoilerplateMatcher matcher(&model);
  std::vector<BoilerplateLine> lines;
  matcher.FindLines("src", "Foto bersama panitia acara\n", &lines);
  EXPECT_TRUE(lines.empty());
  matcher.FindLines("other", "Foto bersama panitia acara\n", &lines);
  EXPECT_EQ(lines.size(), 1u);
}

void ExpectMergeEqualsSingle(const std::vector<Doc>& docs, const BoilerplateOptions& options) {
  BoilerplateLearner single(options), even(options), odd(options), third(options);
  for (size_t i = 0; i < docs.size(); ++i) {
    single.AddDocument(docs[i].source, docs[i].text);
    (i % 3 == 0 ? even : i % 3 == 1 ? odd : third).AddDocument(docs[i].source, docs[i].text);
  }
  BoilerplateLearner merged(options);
  ASSERT_TRUE(merged.Merge(third).ok());
  ASSERT_TRUE(merged.Merge(even).ok());
  ASSERT_TRUE(merged.Merge(odd).ok());
  EXPECT_TRUE(merged.SameCountsForTesting(single));
  ASSERT_TRUE(odd.Merge(even).ok());
  ASSERT_TRUE(odd.Merge(third).ok());
  EXPECT_TRUE(odd.SameCountsForTesting(single));
  EXPECT_EQ(merged.stats().documents, docs.size());
}

TEST(Boilerplate, MergeEqualsSingleLearner) {
  ExpectMergeEqualsSingle(NewsCorpus(), BoilerplateOptions());
}

TEST(Boilerplate, MergeEqualsSingleLearnerWhenSampling) {
  // A budget far too small for the corpus forces sampling; the result must still not depend on
  // how documents were split.
  std::vector<Doc> docs;
  for (int i = 0; i < 600; ++i) {
    Words w(50000 + i);
    std::string text;
    for (int j = 0; j < 4; ++j) {
      text += Capitalized(w.Sentence(5));
      text += '\n';
    }
    std::string source = "s";
    source += std::to_string(i % 7);
    docs.push_back({source, text});
  }
  BoilerplateOptions options;
  options.memory_budget_bytes = 64 << 10;
  BoilerplateLearner probe(options);
  for (const Doc& d : docs) probe.AddDocument(d.source, d.text);
  EXPECT_GT(probe.stats().line_sampling_level, 0);
  EXPECT_GT(probe.stats().prefix_sampling_level, 0);
  EXPECT_LE(probe.stats().memory_bytes, options.memory_budget_bytes);
  ExpectMergeEqualsSingle(docs, options);
}

TEST(Boilerplate, MergeRejectsDifferentOptions) {
  BoilerplateOptions other;
  other.line_min_docs = 5;
  BoilerplateLearner a, b(other);
  const Status status = a.Merge(b);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace saring
