// Sharded execution end to end: the stage functions of saring/stages.h, with the decisions taken
// by 1, 2 and 4 parts (ThreadExchangeHub), write the same output folder as saring::Run, byte for
// byte, for the corpus-wide stages too (paragraph dedup), with budgets so small that every
// partitioned table spills.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "pipeline/partitioned_decide.h"
#include "pipeline/spill_sorter.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "util/scratch_dir.h"

namespace saring {
namespace {

// Inputs of documents made of paragraphs from a shared pool (so that paragraphs recur across
// documents and inputs), with exact and near copies of whole documents.
std::vector<std::string> WriteCorpus(const std::string& dir, int inputs, int docs_per_input) {
  std::mt19937 rng(5);
  auto words = [&](int n) {
    std::string s;
    for (int w = 0; w < n; ++w) {
      if (w) s += ' ';
      s += 'w';
      s += std::to_string(rng() % 4000);
    }
    s += '.';
    return s;
  };
  // Lines each site repeats (boilerplate), in paragraphs of their own.
  const std::vector<std::string> footers = {"Follow site news for daily updates", "Copyright the site team",
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
          text += rng() % 3 == 0 ? pool[rng() % pool.size()] : words(20 + static_cast<int>(rng() % 20));
        }
      }
      const int site = k % 3;
      if (rng() % 2 == 0) text += "\n\n" + footers[(site + rng() % 2) % footers.size()] + " " + std::to_string(site);
      texts.push_back(text);
      std::string escaped;
      for (char c : text) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
      f << "{\"id\":\"d" << in << "-" << k << "\",\"source\":\"site" << site << "\",\"text\":\"" << escaped
        << "\"}\n";
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
  std::vector<Status> status(parts, Status::Ok());
  std::vector<RunStats> stats(parts);
  std::vector<std::thread> threads;
  for (int p = 0; p < parts; ++p) {
    threads.emplace_back([&, p] {
      std::vector<size_t> mine;
      for (size_t i = p; i < n; i += parts) mine.push_back(i);
      std::string model;
      if (options.boilerplate.enabled) {
        Result<std::string> counts = LearnInputs(options, mine);
        Result<std::string> learned = counts.ok() ? LearnPart(options, *counts, hub.part(p)) : counts;
        if (!learned.ok()) {
          status[p] = learned.status();
          return;
        }
        model = std::move(learned).value();
      }
      Result<std::vector<std::string>> signatures = SignInputs(options, mine, model);
      if (!signatures.ok()) {
        status[p] = signatures.status();
        return;
      }
      Result<std::vector<std::string>> decisions = DecidePart(options, *signatures, hub.part(p));
      if (!decisions.ok()) {
        status[p] = decisions.status();
        return;
      }
      if (options.update_index || !options.build_index.empty()) {
        Result<uint64_t> indexed = WriteIndexPart(options, *signatures, *decisions, hub.part(p));
        if (!indexed.ok()) {
          status[p] = indexed.status();
          return;
        }
      }
      Result<RunStats> s = ApplyInputs(options, mine, *decisions, model);
      if (s.ok()) stats[p] = std::move(s).value();
      status[p] = s.status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (int p = 0; p < parts; ++p) ASSERT_TRUE(status[p].ok()) << "part " << p << ": " << status[p].message();
  ASSERT_TRUE(FinishRun(options, stats).ok());
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// With `index`, the file of that name is compared too, and `before` runs before each run.
void ExpectShardedEqualsRun(RunOptions options, const test_util::ScratchDir& dir,
                            const std::string& index = "", const std::function<void()>& before = [] {}) {
  if (options.inputs.empty()) options.inputs = WriteCorpus(dir.path(), 4, 700);
  options.output_dir = dir.Sub("ref");
  options.threads = 2;
  options.overwrite = true;  // the test may run twice in one folder
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
      EXPECT_TRUE(it != got.end() && it->second == bytes) << parts << " parts: " << name << " differs";
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

TEST(SpillSorter, MergesSpilledRunsIntoOneSortedStream) {
  test_util::ScratchDir dir("spill");
  pipeline::SpillSorter<uint64_t> sorter(4 << 10, dir.path(), "test values");
  std::mt19937_64 rng(3);
  std::vector<uint64_t> values(20000);
  for (uint64_t& v : values) v = rng() % 5000;  // with repeats
  for (uint64_t v : values) ASSERT_TRUE(sorter.Add(v).ok());
  EXPECT_GT(sorter.runs(), 10u);
  std::vector<uint64_t> got;
  ASSERT_TRUE(sorter.ForEachSorted([&](uint64_t v) {
    got.push_back(v);
    return Status::Ok();
  }).ok());
  std::sort(values.begin(), values.end());
  EXPECT_EQ(got, values);
  EXPECT_EQ(sorter.size(), 0u);
}

}  // namespace
}  // namespace saring
