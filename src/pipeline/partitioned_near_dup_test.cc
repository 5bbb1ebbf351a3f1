#include "pipeline/partitioned_near_dup.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/part_components.h"
#include "pipeline/partitioned_decide.h"
#include "pipeline/stage_file.h"
#include "saring/file_util.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

// Documents in families: random texts, copies with scattered edits, copies cut short, pages of
// one template with different fills, chains where each copy edits the one before (so the ends
// are far apart), and exact copies (a hot bucket in every band).
std::vector<std::string> Texts(int families, uint32_t seed) {
  std::mt19937 rng(seed);
  auto word = [&] { return fmt::format("w{}", rng() % 4000); };
  auto random_doc = [&](int words) {
    std::vector<std::string> d;
    for (int w = 0; w < words; ++w) d.push_back(word());
    return d;
  };
  auto edit = [&](std::vector<std::string> d, int edits) {
    for (int e = 0; e < edits && !d.empty(); ++e) {
      const size_t at = rng() % d.size();
      switch (rng() % 3) {
        case 0: d[at] = word(); break;
        case 1: d.erase(d.begin() + static_cast<std::ptrdiff_t>(at)); break;
        default: d.insert(d.begin() + static_cast<std::ptrdiff_t>(at), word());
      }
    }
    return d;
  };
  std::vector<std::vector<std::string>> docs;
  std::vector<std::string> tmpl = random_doc(60);
  for (int f = 0; f < families; ++f) {
    const int len = 15 + static_cast<int>(rng() % 150);
    std::vector<std::string> base = random_doc(len);
    docs.push_back(base);
    switch (rng() % 5) {
      case 0:  // edited copies
        for (int c = static_cast<int>(rng() % 6); c > 0; --c)
          docs.push_back(edit(base, 1 + static_cast<int>(rng() % (len / 8 + 1))));
        break;
      case 1:  // a chain
        for (int c = static_cast<int>(rng() % 25); c > 0; --c)
          docs.push_back(base = edit(base, 2 + static_cast<int>(rng() % 3)));
        break;
      case 2: {  // cut copies
        for (int c = static_cast<int>(rng() % 4); c > 0; --c) {
          std::vector<std::string> cut = base;
          cut.resize(base.size() * (70 + rng() % 30) / 100);
          docs.push_back(cut);
        }
        break;
      }
      case 3: {  // template pages
        std::vector<std::string> page = tmpl;
        for (int slot = 0; slot < 4; ++slot) page[5 + 12 * slot] = word();
        docs.push_back(page);
        break;
      }
      default:  // exact copies
        for (int c = static_cast<int>(rng() % 3); c > 0; --c) docs.push_back(base);
    }
  }
  std::shuffle(docs.begin(), docs.end(), rng);
  std::vector<std::string> out;
  for (const auto& d : docs) {
    std::string t;
    for (const std::string& w : d) {
      t += w;
      t += ' ';
    }
    out.push_back(t);
  }
  return out;
}

struct Expected {
  NearDupVerdict v;
  bool seen = false;
};

// The sign records of `texts` spread over `inputs` inputs (input 2 stays empty), and the
// detector's verdicts for the standing ones (those whose position is not a multiple of 7).
class Fixture {
 public:
  Fixture(const RunOptions& options, const std::vector<std::string>& texts, int inputs)
      : options_(options), records_(inputs), counts_(inputs, 0) {
    NearDupOptions nd = NearDupOptionsOf(options);
    // verify=exact: the texts are their own shingle texts; the detector reads the standing ones.
    const bool exact = nd.verify == NearDupVerify::kExact;
    std::vector<std::string> standing_texts;
    nd.text_provider = [&standing_texts](uint64_t ordinal, std::string* text) {
      *text = standing_texts[ordinal];
      return Status::Ok();
    };
    Result<MinHasher> hasher = MinHasher::Create(MinHashOptionsFor(nd));
    EXPECT_TRUE(hasher.ok());
    Result<std::unique_ptr<NearDupDetector>> det = NearDupDetector::Create(nd);
    EXPECT_TRUE(det.ok()) << det.status().message();
    std::vector<std::vector<std::string>> per_input(inputs);
    for (size_t t = 0; t < texts.size(); ++t) {
      size_t i = t % inputs;
      if (i == 2 && inputs > 3) i = 3;
      per_input[i].push_back(texts[t]);
    }
    SignScratch scratch;
    std::vector<uint32_t> sig(hasher->num_perm()), words;
    std::vector<uint64_t> locators;
    for (int i = 0; i < inputs; ++i) {
      for (uint32_t n = 0; n < per_input[i].size(); ++n) {
        const std::string& t = per_input[i][n];
        hasher->Sign(t, &scratch, sig.data());
        ComputeWordHashes(t, &scratch.shingle, &words);
        std::string& o = records_[i];
        Put<uint64_t>(&o, n);
        Put<uint64_t>(&o, t.size());
        Put<int64_t>(&o, static_cast<int64_t>((n * 7919) % 13));
        PutString(&o, fmt::format("d{}-{}", i, n));
        Put<uint32_t>(&o, static_cast<uint32_t>(sig.size()));
        o.append(reinterpret_cast<const char*>(sig.data()), sig.size() * 4);
        Put<uint32_t>(&o, static_cast<uint32_t>(words.size()));
        o.append(reinterpret_cast<const char*>(words.data()), words.size() * 4);
        Put<uint8_t>(&o, 0);   // not archived
        Put<uint32_t>(&o, 0);  // no paragraphs (dedup.paragraphs off)
        PutString(&o, exact ? std::string_view(t) : std::string_view());  // the shingle text
        Put<uint32_t>(&o, 0);  // no substring words (dedup.substrings off)
        ++counts_[i];
        if (!Standing(i, n)) continue;
        standing_texts.push_back(t);
        EXPECT_TRUE((*det)
                        ->Add(locators.size(), sig.data(), t.size(),
                              static_cast<int64_t>((n * 7919) % 13), words)
                        .ok());
        locators.push_back(Locator(i, n));
      }
    }
    EXPECT_TRUE((*det)->Finish().ok());
    for (uint64_t o = 0; o < locators.size(); ++o) {
      const NearDupDetector::Decision d = (*det)->Get(o);
      NearDupVerdict v;
      v.removed = d.removed;
      v.survivor = d.removed ? locators[d.survivor] : kNoLocator;
      v.similarity = d.removed ? d.similarity : 1;
      v.kind = d.removed ? d.similarity_kind : SimilarityKind::kEstimated;
      v.cluster_id = d.cluster_id;
      v.cluster_size = d.cluster_size;
      v.head = d.is_cluster_head;
      expected_[locators[o]] = v;
      removed_ += d.removed;
      extra_leaders_ = (*det)->stats().extra_leaders;
    }
  }

  static bool Standing(size_t input, uint32_t n) { return (n + input) % 7 != 0; }

  // Runs DecideNearDupPart on `parts` threads over `records` (the fixture's, or damaged ones);
  // returns each part's status, with its verdicts in *got and its stats in *stats.
  std::vector<Status> Decide(int parts, const std::vector<std::string>& records,
                             std::vector<std::map<uint64_t, NearDupVerdict>>* got,
                             std::vector<NearDupPartStats>* stats) {
    ThreadExchangeHub hub(parts);
    std::vector<SignSource> sources(records.size());
    for (size_t i = 0; i < records.size(); ++i) sources[i].bytes = &records[i];
    got->assign(parts, {});
    stats->assign(parts, {});
    std::vector<std::vector<size_t>> mine(parts);
    for (size_t i = 0; i < records.size(); ++i) mine[i % parts].push_back(i);
    return hub.RunParts([&](int p, PartExchange* exchange) {
      NearDupPart part;
      part.options = &options_;
      part.records = &sources;
      part.mine = &mine[p];
      part.exchange = exchange;
      part.record_count = [&](size_t i) { return counts_[i]; };
      part.standing = [](size_t i, uint32_t n) { return Standing(i, n); };
      part.apply = [&, p](size_t i, uint32_t n, const NearDupVerdict& v) {
        (*got)[p][Locator(i, n)] = v;
        return Status::Ok();
      };
      part.stats = &(*stats)[p];
      return DecideNearDupPart(part);
    });
  }

  // Runs DecideNearDupPart with `parts` threads; checks every verdict against the detector's.
  void Check(int parts, NearDupPartStats* total = nullptr) {
    std::vector<std::map<uint64_t, NearDupVerdict>> got;
    std::vector<NearDupPartStats> stats;
    const std::vector<Status> status = Decide(parts, records_, &got, &stats);
    size_t verdicts = 0;
    for (int p = 0; p < parts; ++p) {
      ASSERT_TRUE(status[p].ok()) << status[p].message();
      for (const auto& [loc, v] : got[p]) {
        ++verdicts;
        auto it = expected_.find(loc);
        ASSERT_NE(it, expected_.end());
        const NearDupVerdict& e = it->second;
        ASSERT_EQ(v.removed, e.removed)
            << parts << " parts, record " << InputOf(loc) << "/" << RecordOf(loc);
        EXPECT_EQ(v.survivor, e.survivor);
        EXPECT_EQ(v.similarity, e.similarity);
        EXPECT_EQ(v.kind, e.kind);
        EXPECT_EQ(v.cluster_id, e.cluster_id);
        EXPECT_EQ(v.cluster_size, e.cluster_size);
        EXPECT_EQ(v.head, e.head);
      }
      if (total) {
        total->candidate_pairs += stats[p].candidate_pairs;
        total->band_bytes += stats[p].band_bytes;
        total->members += stats[p].members;
        total->component_rounds = std::max(total->component_rounds, stats[p].component_rounds);
      }
    }
    EXPECT_EQ(verdicts, expected_.size());
  }

  uint64_t removed() const { return removed_; }
  const RunOptions& options() const { return options_; }
  const std::vector<std::string>& records() const { return records_; }
  uint64_t extra_leaders() const { return extra_leaders_; }

 private:
  RunOptions options_;
  std::vector<std::string> records_;
  std::vector<uint32_t> counts_;  // sign records per input
  std::map<uint64_t, NearDupVerdict> expected_;
  uint64_t removed_ = 0, extra_leaders_ = 0;
};

RunOptions Tiny(const std::string& dir) {
  RunOptions o;
  o.work_dir = dir;
  o.near_dup.memory_budget_bytes = 48 << 10;  // spills band keys and signatures; 4 KiB rounds
  return o;
}

TEST(PartitionedNearDup, EstimateFirstEqualsTheDetectorAtAnyNumberOfParts) {
  test_util::ScratchDir dir("pnd");
  RunOptions o = Tiny(dir.path());
  o.near_dup.verify = NearDupVerify::kEstimate;
  Fixture f(o, Texts(700, 1), 6);
  EXPECT_GT(f.removed(), 200u);
  for (int parts : {1, 2, 3, 4}) {
    NearDupPartStats total;
    f.Check(parts, &total);
    EXPECT_GT(total.candidate_pairs, 0u);
    if (parts > 1) {
      EXPECT_GT(total.band_bytes, 0u);
    }
  }
}

// `families` families of texts over `inputs` inputs under near_dup.verify=`verify`: the detector's
// verdicts (more than `min_removed` removals) at 1, 2 and 4 parts.
void ExpectTheDetectorsVerdicts(NearDupVerify verify, double threshold, SurvivorPolicy survivor,
                                int families, uint32_t seed, uint64_t min_removed) {
  test_util::ScratchDir dir("pnd");
  RunOptions o = Tiny(dir.path());
  o.near_dup.verify = verify;
  o.near_dup.threshold = threshold;
  o.near_dup.survivor = survivor;
  Fixture f(o, Texts(families, seed), 5);
  EXPECT_GT(f.removed(), min_removed);
  for (int parts : {1, 2, 4}) {
    NearDupPartStats total;
    f.Check(parts, &total);
    EXPECT_GT(total.members, 0u);
  }
}

TEST(PartitionedNearDup, AlignLongestEqualsTheDetector) {
  ExpectTheDetectorsVerdicts(NearDupVerify::kAlign, 0.85, SurvivorPolicy::kLongest, 600, 2, 150);
}

// verify=exact: the texts travel with the shipped documents, and every comparison (candidate
// pairs, leader rounds) is the detector's exact Jaccard.
TEST(PartitionedNearDup, ExactOldestEqualsTheDetector) {
  ExpectTheDetectorsVerdicts(NearDupVerify::kExact, 0.7, SurvivorPolicy::kOldest, 500, 6, 120);
}

TEST(PartitionedNearDup, LowThresholdChainsAndNewestEqualTheDetector) {
  test_util::ScratchDir dir("pnd");
  RunOptions o = Tiny(dir.path());
  o.near_dup.verify = NearDupVerify::kEstimate;
  o.near_dup.threshold = 0.5;
  o.near_dup.bands = 0;
  o.near_dup.rows = 0;
  o.near_dup.survivor = SurvivorPolicy::kNewest;
  Fixture f(o, Texts(150, 3), 4);
  EXPECT_GT(f.extra_leaders(), 0u);  // the chaining guard kept someone
  for (int parts : {1, 2, 4}) f.Check(parts);
}

// A part that fails (its sign records of input 1 end in the middle of a record) while the others
// wait for its band keys ends them: each returns Aborted naming it, none waits forever.
TEST(PartitionedNearDup, APartThatFailsOnTheThreadHubEndsTheOthers) {
  test_util::ScratchDir dir("pnd");
  RunOptions o = Tiny(dir.path());
  o.near_dup.verify = NearDupVerify::kEstimate;
  Fixture f(o, Texts(300, 7), 5);
  std::vector<std::string> damaged = f.records();
  damaged[1].resize(damaged[1].size() - 3);
  for (int parts : {2, 4}) {
    std::vector<std::map<uint64_t, NearDupVerdict>> got;
    std::vector<NearDupPartStats> stats;
    const std::vector<Status> status = f.Decide(parts, damaged, &got, &stats);
    EXPECT_EQ(status[1].code(), StatusCode::kCorruption) << status[1].message();
    EXPECT_NE(status[1].message().find("input 1"), std::string::npos) << status[1].message();
    for (int p = 0; p < parts; ++p) {
      if (p == 1) continue;
      EXPECT_EQ(status[p].code(), StatusCode::kAborted) << p << ": " << status[p].message();
      EXPECT_NE(status[p].message().find(fmt::format("part 1/{} failed: input 1", parts)),
                std::string::npos)
          << p << ": " << status[p].message();
    }
  }
}

// The hub's waits end when a part fails, collective or point to point, and the exchange stays
// failed for later calls.
TEST(ThreadExchangeHub, AFailedPartEndsEveryWait) {
  ThreadExchangeHub hub(3);
  const std::vector<Status> status = hub.RunParts([](int p, PartExchange* ex) -> Status {
    if (p == 2) return Status::IoError("disk full (injected)");
    if (p == 0) {
      Result<std::string> got = ex->Receive(2);  // never sent
      if (got.ok()) return Status::Internal("a message that part 2 never sent");
      return got.status();
    }
    Result<std::vector<std::string>> all = ex->AllToAll(std::vector<std::string>(3, "x"));
    if (all.ok()) return Status::Internal("an exchange without part 2");
    if (ex->AllOk(true)) return Status::Internal("AllOk after a part failed");
    return all.status();
  });
  EXPECT_EQ(status[2].code(), StatusCode::kIoError);
  for (int p : {0, 1}) {
    EXPECT_EQ(status[p].code(), StatusCode::kAborted) << status[p].message();
    EXPECT_EQ(status[p].message(), "part 2/3 failed: disk full (injected)");
  }
}

// Three partitions deciding through a folder, on threads: each gets the decisions of its inputs,
// the same bytes as one part; the folder is left empty.
TEST(PartitionedNearDup, PartitionsThroughAFolderDecideAsOnePart) {
  test_util::ScratchDir dir("pnd");
  RunOptions o = Tiny(dir.path());
  o.near_dup.verify = NearDupVerify::kAlign;
  o.near_dup.memory_budget_bytes = 1 << 20;  // fewer rounds: each message is a synced file
  Fixture f(o, Texts(200, 4), 5);
  const std::vector<std::string>& records = f.records();
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_TRUE(WriteFileAtomically(SignFilePath(dir.path(), i),
                                    FrameStageFile(StageFileKind::kSignatures, records[i]))
                    .ok());
  }
  Result<std::vector<std::string>> one = DecideInputs(f.options(), records);
  ASSERT_TRUE(one.ok()) << one.status().message();
  constexpr int kParts = 3;
  std::vector<Result<std::vector<std::string>>> got(kParts, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int p = 0; p < kParts; ++p) {
    threads.emplace_back([&, p] {
      got[p] = DecidePartitionThroughFolder(f.options(), dir.path(), records.size(),
                                            dir.path() + "/exchange", p, kParts);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int p = 0; p < kParts; ++p) {
    ASSERT_TRUE(got[p].ok()) << got[p].status().message();
    for (size_t i = p; i < records.size(); i += kParts) EXPECT_EQ((*got[p])[i], (*one)[i]) << i;
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() + "/exchange"));
}

// Components of a path, a star and a cycle spread over parts: each vertex learns its smallest.
TEST(PartComponents, FindsTheSmallestVertexOfEachComponentOnEveryPart) {
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  for (uint32_t v = 100; v < 160; ++v) edges.emplace_back(v + 1, v);  // path 100..160
  for (uint32_t v = 201; v < 230; ++v) edges.emplace_back(200, v);    // star at 200
  for (uint32_t v = 300; v < 320; ++v) edges.emplace_back(v, v == 319 ? 300 : v + 1);  // cycle
  edges.emplace_back(7, 7);  // a loop joins nothing: vertex 7 is not reported
  std::mt19937 rng(5);
  std::shuffle(edges.begin(), edges.end(), rng);
  for (int parts : {1, 2, 3, 5}) {
    ThreadExchangeHub hub(parts);
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> got(parts);
    std::vector<std::thread> threads;
    auto owner = [parts](uint32_t v) { return static_cast<int>((v * 2654435761u >> 7) % parts); };
    for (int p = 0; p < parts; ++p) {
      threads.emplace_back([&, p] {
        std::vector<std::pair<uint32_t, uint32_t>> held;
        for (size_t e = p; e < edges.size(); e += parts) held.push_back(edges[e]);
        ComponentStats stats;
        auto r = PartComponents(held, owner, hub.part(p), &stats);
        ASSERT_TRUE(r.ok());
        got[p] = *r;
      });
    }
    for (std::thread& t : threads) t.join();
    std::map<uint32_t, uint32_t> all;
    for (int p = 0; p < parts; ++p) {
      for (const auto& [v, root] : got[p]) {
        EXPECT_EQ(owner(v), p);
        all[v] = root;
      }
    }
    EXPECT_EQ(all.size(), 61u + 30u + 20u);
    for (const auto& [v, root] : all) {
      const uint32_t want = v >= 300 ? 300 : v >= 200 ? 200 : 100;
      EXPECT_EQ(root, want) << v << " with " << parts << " parts";
    }
  }
}

}  // namespace
}  // namespace saring::pipeline
