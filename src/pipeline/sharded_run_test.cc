// Sharded execution end to end: the stage functions of saring/stages.h, with the decisions taken
// by 1, 2 and 4 parts (ThreadExchangeHub), write the same output folder as saring::Run, byte for
// byte, for the corpus-wide stages too (paragraph dedup), with budgets so small that every
// partitioned table spills.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "io/io_test_util.h"
#include "pipeline/partitioned_decide.h"
#include "pipeline/spill_sorter.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "util/scratch_dir.h"

namespace saring {
namespace {

// Inputs of documents made of paragraphs from a shared pool (so that paragraphs recur across
// documents and inputs), with exact and near copies of whole documents. Words are "w" and a
// number, or with `letters` the number spelled in letters (substring dedup folds digits, so
// numbered words would all be alike to it).
std::vector<std::string> WriteCorpus(const std::string& dir, int inputs, int docs_per_input,
                                     bool letters = false) {
  std::mt19937 rng(5);
  auto words = [&](int n) {
    std::string s;
    for (int w = 0; w < n; ++w) {
      if (w) s += ' ';
      s += 'w';
      const uint32_t k = rng() % 4000;
      if (!letters) {
        s += std::to_string(k);
        continue;
      }
      for (uint32_t x = k + 1; x > 0; x /= 26) s += static_cast<char>('a' + x % 26);
    }
    s += '.';
    return s;
  };
  // Lines each site repeats (boilerplate), in paragraphs of their own.
  const std::vector<std::string> footers = {
      "Follow site news for daily updates", "Copyright the site team",
      "Share this story with friends", "Subscribe to the site letter"};
  std::vector<std::string> pool;
  for (int i = 0; i < 150; ++i) pool.push_back(words(12 + static_cast<int>(rng() % 10)));
  std::vector<std::string> texts, paths;
  for (int in = 0; in < inputs; ++in) {
    paths.push_back(dir + "/in" + std::to_string(in) + ".jsonl");
    std::ofstream f(paths.back());
    for (int k = 0; k < docs_per_input; ++k) {
      std::string text;
      const int r = static_cast<int>(rng() % 10);
      if (!texts.empty() && r == 0) {
        text = texts[rng() % texts.size()];
      } else if (!texts.empty() && r == 1) {
        text = texts[rng() % texts.size()] + " extra";
      } else {
        const int paragraphs = 2 + static_cast<int>(rng() % 4);
        for (int p = 0; p < paragraphs; ++p) {
          if (p) text += "\n\n";
          text +=
              rng() % 3 == 0 ? pool[rng() % pool.size()] : words(20 + static_cast<int>(rng() % 20));
        }
      }
      const int site = k % 3;
      if (rng() % 2 == 0)
        text += "\n\n" + footers[(site + rng() % 2) % footers.size()] + " " + std::to_string(site);
      texts.push_back(text);
      std::string escaped;
      for (char c : text) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
      f << "{\"id\":\"d" << in << "-" << k << "\",\"source\":\"site" << site << "\",\"text\":\""
        << escaped << "\"}\n";
    }
  }
  return paths;
}

std::map<std::string, std::string> Tree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string rel = std::filesystem::relative(e.path(), root).string();
    if (rel == "run-info.json") continue;  // timings
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    out[rel] = s.str();
  }
  return out;
}

// The run split over `parts` parts: each signs and applies the inputs i % parts == its rank, and
// the decisions are taken by all parts together.
void RunSharded(const RunOptions& options, int parts) {
  ASSERT_TRUE(PrepareOutput(options).ok());
  Result<std::vector<InputSpec>> inputs = ResolveInputs(options);
  ASSERT_TRUE(inputs.ok());
  const size_t n = inputs->size();
  pipeline::ThreadExchangeHub hub(parts);
  std::vector<RunStats> stats(parts);
  // A part that fails ends the others (RunParts), rather than leaving them waiting.
  const std::vector<Status> status = hub.RunParts([&](int p, PartExchange* exchange) -> Status {
    std::vector<size_t> mine;
    for (size_t i = p; i < n; i += parts) mine.push_back(i);
    std::string model;
    if (options.boilerplate.enabled) {
      SARING_ASSIGN_OR_RETURN(std::string counts, LearnInputs(options, mine));
      SARING_ASSIGN_OR_RETURN(model, LearnPart(options, counts, exchange));
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> signatures, SignInputs(options, mine, model));
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> decisions,
                            DecidePart(options, signatures, exchange));
    if (options.update_index || !options.build_index.empty()) {
      SARING_RETURN_IF_ERROR(WriteIndexPart(options, signatures, decisions, exchange).status());
    }
    SARING_ASSIGN_OR_RETURN(stats[p], ApplyInputs(options, mine, decisions, model));
    return Status::Ok();
  });
  for (int p = 0; p < parts; ++p)
    ASSERT_TRUE(status[p].ok()) << "part " << p << ": " << status[p].message();
  ASSERT_TRUE(FinishRun(options, stats).ok());
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// With `index`, the file of that name is compared too, and `before` runs before each run.
void ExpectShardedEqualsRun(
    RunOptions options, const test_util::ScratchDir& dir, const std::string& index = "",
    const std::function<void()>& before = [] {}) {
  if (options.inputs.empty()) options.inputs = WriteCorpus(dir.path(), 4, 700);
  options.output_dir = dir.Sub("ref");
  options.threads = 2;
  options.overwrite = true;            // the test may run twice in one folder
  options.work_dir = dir.Sub("work");  // the same for every run: run.json records it
  std::filesystem::create_directories(options.work_dir);
  before();
  Result<RunResult> ref = Run(options, RunHooks{});
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  const std::map<std::string, std::string> expected = Tree(options.output_dir);
  const std::string expected_index = index.empty() ? "" : ReadFile(index);
  if (!index.empty()) {
    ASSERT_GT(expected_index.size(), 1000u);
  }
  ASSERT_NE(expected.count("stats.json"), 0u);
  for (int parts : {1, 2, 4}) {
    RunOptions o = options;
    o.output_dir = dir.Sub("parts" + std::to_string(parts));
    before();
    RunSharded(o, parts);
    if (!index.empty()) {
      EXPECT_TRUE(ReadFile(index) == expected_index) << parts << " parts: another index";
    }
    const std::map<std::string, std::string> got = Tree(o.output_dir);
    EXPECT_TRUE(got == expected) << parts << " parts give another folder than saring::Run";
    for (const auto& [name, bytes] : expected) {
      auto it = got.find(name);
      EXPECT_TRUE(it != got.end() && it->second == bytes)
          << parts << " parts: " << name << " differs";
    }
  }
}

std::string ReadStats(const test_util::ScratchDir& dir) {
  std::ifstream f(dir.Sub("ref/stats.json"));
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(ShardedRun, ParagraphDedupEqualsOneProcessWithSpills) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.dedup.paragraphs = true;
  options.dedup.memory_budget_bytes = 16 << 10;
  options.near_dup.memory_budget_bytes = 64 << 10;
  ExpectShardedEqualsRun(options, dir);
  // The corpus exercises the rule: paragraphs cut, and documents removed for them.
  const std::string stats = ReadStats(dir);
  EXPECT_NE(stats.find("duplicate_paragraph"), std::string::npos);
  EXPECT_NE(stats.find("all_paragraphs_duplicated"), std::string::npos);
}

TEST(ShardedRun, BoilerplateEqualsOneProcess) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.boilerplate.enabled = true;
  options.dedup.paragraphs = true;  // with boilerplate cuts, which keep a copied paragraph
  ExpectShardedEqualsRun(options, dir);
  EXPECT_NE(ReadStats(dir).find("boilerplate_line"), std::string::npos);
}

// A budget so small that the learners sample their keys: the parts agree on the levels.
TEST(ShardedRun, SampledBoilerplateEqualsOneProcess) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.boilerplate.enabled = true;
  options.boilerplate.memory_budget_bytes = 64 << 10;
  options.boilerplate.inline_markers = true;
  ExpectShardedEqualsRun(options, dir);
}

// Exact verification reads the shingle texts of candidate pairs: they travel with the signatures.
TEST(ShardedRun, ExactVerificationEqualsOneProcess) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.near_dup.verify = NearDupVerify::kExact;
  options.near_dup.memory_budget_bytes = 64 << 10;
  ExpectShardedEqualsRun(options, dir);
  EXPECT_NE(ReadStats(dir).find("near_duplicate"), std::string::npos);
}

TEST(ShardedRun, IndexWritingEqualsOneProcess) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.inputs = WriteCorpus(dir.path(), 4, 500);
  options.work_dir = dir.Sub("work");
  std::filesystem::create_directories(options.work_dir);
  // A new index of the survivors.
  options.build_index = dir.Sub("built.sdx");
  ExpectShardedEqualsRun(options, dir, options.build_index);
  // The survivors appended to an archive's index (of the first input), which the run dedups
  // against too.
  RunOptions archive = options;
  archive.inputs.resize(1);
  archive.output_dir.clear();
  archive.build_index = dir.Sub("base.sdx");
  ASSERT_TRUE(saring::Run(archive, RunHooks{}).ok());
  options.build_index.clear();
  options.against_index = dir.Sub("archive.sdx");
  options.update_index = true;
  ExpectShardedEqualsRun(options, dir, options.against_index, [&] {
    std::filesystem::copy_file(archive.build_index, options.against_index,
                               std::filesystem::copy_options::overwrite_existing);
  });
}

// Substring dedup (partitioned_substrings.h): windows partitioned by hash, chains verified where
// the first occurrence is held, pieces resolved there; with a budget so small that every table
// spills. The pool's paragraphs (12-21 words) recur inside longer documents: with runs of 8 words
// cut, most of them are cut from their later copies, and some documents removed.
TEST(ShardedRun, SubstringDedupEqualsOneProcessWithSpills) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.dedup.substrings = true;
  options.dedup.substring_min_words = 8;
  options.dedup.substring_memory_budget_bytes = 64 << 10;
  options.dedup.memory_budget_bytes = 16 << 10;
  options.near_dup.memory_budget_bytes = 64 << 10;
  options.inputs = WriteCorpus(dir.path(), 4, 700, /*letters=*/true);
  ExpectShardedEqualsRun(options, dir);
  const std::string stats = ReadStats(dir);
  EXPECT_NE(stats.find("duplicate_substring"), std::string::npos);
  EXPECT_NE(stats.find("duplicate_substrings"), std::string::npos);
}

// With paragraph dedup and boilerplate cuts too: a document paragraph dedup removes is no first
// occurrence, and substring cuts go around the paragraph and boilerplate spans.
TEST(ShardedRun, SubstringDedupWithParagraphsAndBoilerplateEqualsOneProcess) {
  test_util::ScratchDir dir("sharded");
  RunOptions options;
  options.dedup.substrings = true;
  options.dedup.substring_min_words = 6;
  options.dedup.paragraphs = true;
  options.boilerplate.enabled = true;
  options.near_dup.enabled = false;
  options.dedup.substring_memory_budget_bytes = 64 << 10;
  options.inputs = WriteCorpus(dir.path(), 4, 300, /*letters=*/true);
  // Runs of 6 words that first occur across the paragraph break of a document paragraph dedup
  // removes (b): cut neither from c, which copies it whole, nor from d, which copies the break.
  auto words = [](const char* stem, int from, int to) {
    std::string s;
    for (int w = from; w < to; ++w) {
      if (!s.empty()) s += ' ';
      s += stem;
      s += std::to_string(w);
    }
    return s;
  };
  const std::string p1 = words("firstpara", 0, 14), p2 = words("secondpara", 0, 14);
  const std::vector<std::vector<std::string>> docs = {
      {p1 + "\\n\\n" + words("ownwordsa", 0, 20), p2 + "\\n\\n" + words("ownwordsb", 0, 20)},
      {p1 + "\\n\\n" + p2},
      {words("ownwordsc", 0, 20) + "\\n\\n" + p1 + "\\n\\n" + p2 + "\\n\\n" +
           words("ownwordsd", 0, 20),
       words("ownwordse", 0, 20) + " " + words("firstpara", 9, 14) + " " +
           words("secondpara", 0, 5) + " " + words("ownwordsf", 0, 20)}};
  for (size_t i = 0; i < docs.size(); ++i) {
    options.inputs.push_back(dir.path() + "/extra" + std::to_string(i) + ".jsonl");
    std::ofstream f(options.inputs.back());
    for (size_t k = 0; k < docs[i].size(); ++k) {
      f << "{\"id\":\"x" << i << "-" << k << "\",\"text\":\"" << docs[i][k] << "\"}\n";
    }
  }
  ExpectShardedEqualsRun(options, dir);
  const std::string stats = ReadStats(dir);
  EXPECT_NE(stats.find("duplicate_substring"), std::string::npos);
  EXPECT_NE(stats.find("all_paragraphs_duplicated"), std::string::npos);
  const std::string kept =
      io_test::ZstdDecodeAll(ReadFile(dir.Sub("ref/kept/part-00006-00000.jsonl.zst")));
  EXPECT_NE(kept.find("\"x2-1\""), std::string::npos);
  EXPECT_EQ(kept.find("\"duplicate_of\":{\"id\":\"x1-0\""), std::string::npos) << kept;
}

TEST(SpillSorter, MergesSpilledRunsIntoOneSortedStream) {
  test_util::ScratchDir dir("spill");
  pipeline::SpillSorter<uint64_t> sorter(4 << 10, dir.path(), "test values");
  std::mt19937_64 rng(3);
  std::vector<uint64_t> values(20000);
  for (uint64_t& v : values) v = rng() % 5000;  // with repeats
  for (uint64_t v : values) ASSERT_TRUE(sorter.Add(v).ok());
  EXPECT_GT(sorter.runs(), 10u);
  std::vector<uint64_t> got;
  ASSERT_TRUE(sorter
                  .ForEachSorted([&](uint64_t v) {
                    got.push_back(v);
                    return Status::Ok();
                  })
                  .ok());
  std::sort(values.begin(), values.end());
  EXPECT_EQ(got, values);
  EXPECT_EQ(sorter.size(), 0u);
}

// The first-occurrence scan of the partitioned tables: every value after the first of its key is
// paired with that first one, in ascending order, across spilled runs.
TEST(SpillSorter, ForEachAfterFirstPairsEveryLaterValueWithTheFirstOfItsKey) {
  test_util::ScratchDir dir("spill");
  pipeline::SpillSorter<uint64_t> sorter(4 << 10, dir.path(), "test values");
  std::mt19937_64 rng(4);
  std::vector<uint64_t> values(20000);
  for (uint64_t& v : values) v = rng() % 100000;  // key: v / 100, so most keys repeat
  for (uint64_t v : values) ASSERT_TRUE(sorter.Add(v).ok());
  EXPECT_GT(sorter.runs(), 10u);
  std::vector<std::pair<uint64_t, uint64_t>> got;
  ASSERT_TRUE(sorter
                  .ForEachAfterFirst([](uint64_t v) { return v / 100; },
                                     [&](uint64_t later, uint64_t first) {
                                       got.push_back({later, first});
                                       return Status::Ok();
                                     })
                  .ok());
  std::sort(values.begin(), values.end());
  std::vector<std::pair<uint64_t, uint64_t>> want;
  for (size_t i = 1, first = 0; i < values.size(); ++i) {
    if (values[i] / 100 != values[first] / 100) {
      first = i;
      continue;
    }
    want.push_back({values[i], values[first]});
  }
  EXPECT_EQ(got, want);
  EXPECT_GT(want.size(), 1000u);
}

// Stages run with different dedup.substrings: signatures made without it cannot be clustered with
// it, and decisions made with one value cannot be applied with the other; each is refused with a
// message naming the setting, instead of cutting nothing (or everything) silently.
TEST(ShardedRun, MixedSubstringSettingsAreRefusedNamingTheSetting) {
  test_util::ScratchDir dir("sharded");
  RunOptions on;
  on.dedup.substrings = true;
  on.dedup.substring_min_words = 8;
  on.inputs = WriteCorpus(dir.path(), 2, 100, /*letters=*/true);
  on.output_dir = dir.Sub("out");
  on.work_dir = dir.Sub("work");
  on.overwrite = true;
  std::filesystem::create_directories(on.work_dir);
  RunOptions off = on;
  off.dedup.substrings = false;
  const std::vector<size_t> all = {0, 1};
  auto decide = [&](const RunOptions& sign, const RunOptions& cluster) {
    Result<std::vector<std::string>> signatures = SignInputs(sign, all);
    EXPECT_TRUE(signatures.ok()) << signatures.status().message();
    return DecideInputs(cluster, *signatures);
  };
  Result<std::vector<std::string>> unsigned_decisions = decide(off, on);
  ASSERT_FALSE(unsigned_decisions.ok());
  EXPECT_EQ(unsigned_decisions.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unsigned_decisions.status().message().find("dedup.substrings=false"), std::string::npos)
      << unsigned_decisions.status().message();
  // The same stages with one value throughout are accepted, either way.
  for (const RunOptions* same : {&on, &off}) {
    Result<std::vector<std::string>> decisions = decide(*same, *same);
    ASSERT_TRUE(decisions.ok()) << decisions.status().message();
    ASSERT_TRUE(PrepareOutput(*same).ok());
    Result<RunStats> applied = ApplyInputs(*same, all, *decisions);
    ASSERT_TRUE(applied.ok()) << applied.status().message();
    const RunOptions& other = same == &on ? off : on;
    ASSERT_TRUE(PrepareOutput(other).ok());
    Result<RunStats> mixed = ApplyInputs(other, all, *decisions);
    ASSERT_FALSE(mixed.ok());
    EXPECT_NE(mixed.status().message().find(same == &on ? "made with dedup.substrings=true"
                                                        : "made with dedup.substrings=false"),
              std::string::npos)
        << mixed.status().message();
  }
}

}  // namespace
}  // namespace saring
