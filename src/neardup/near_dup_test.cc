// Tests of NearDupDetector: detection, the chaining guard, hot buckets, spilling, survivor
// policies, and precision against exact Jaccard similarity.
#include "saring/near_dup.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "saring/minhash.h"

namespace saring {
namespace {

constexpr uint32_t kK = 112;

std::unique_ptr<NearDupDetector> MakeDetector(const NearDupOptions& options) {
  Result<std::unique_ptr<NearDupDetector>> d = NearDupDetector::Create(options);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return std::move(d).value();
}

std::vector<uint32_t> RandomSignature(std::mt19937_64* rng) {
  std::vector<uint32_t> sig(kK);
  for (uint32_t& v : sig) v = static_cast<uint32_t>((*rng)());
  return sig;
}

// Adds signatures (lengths and keys from the optional vectors) and finishes.
void AddAll(NearDupDetector* d, const std::vector<std::vector<uint32_t>>& sigs,
            const std::vector<uint64_t>& lengths = {}, const std::vector<int64_t>& keys = {}) {
  for (size_t i = 0; i < sigs.size(); ++i) {
    ASSERT_TRUE(
        d->Add(i, sigs[i].data(), lengths.empty() ? 0 : lengths[i], keys.empty() ? 0 : keys[i])
            .ok());
  }
  ASSERT_TRUE(d->Finish().ok());
}

// Random prose over a 5000-word vocabulary, and copies with a share of words replaced.
class TextFactory {
 public:
  TextFactory() : rng_(77) {
    for (int i = 0; i < 5000; ++i) {
      std::string w;
      for (int j = 0, n = 2 + static_cast<int>(rng_() % 8); j < n; ++j) {
        w.push_back(static_cast<char>('a' + rng_() % 26));
      }
      vocab_.push_back(w);
    }
  }
  std::vector<std::string> Words(size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) out.push_back(vocab_[rng_() % vocab_.size()]);
    return out;
  }
  std::vector<std::string> Edit(std::vector<std::string> words, double rate) {
    for (std::string& w : words) {
      if (static_cast<double>(rng_() % 100000) / 100000 < rate) w = vocab_[rng_() % 5000];
    }
    return words;
  }
  static std::string Join(const std::vector<std::string>& words, size_t from, size_t to) {
    std::string s;
    for (size_t i = from; i < to; ++i) s += (s.empty() ? "" : " ") + words[i];
    return s;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> vocab_;
};

std::vector<uint64_t> ShingleSet(const std::string& text) {
  ShingleScratch scratch;
  std::vector<uint64_t> out;
  ComputeShingles(text, ShingleOptions{}, &scratch, &out);
  return out;
}

double ExactSimilarity(const std::string& a, const std::string& b) {
  std::vector<uint64_t> sa = ShingleSet(a), sb = ShingleSet(b);
  return ExactJaccard(&sa, &sb);
}

std::vector<std::vector<uint32_t>> SignTexts(const std::vector<std::string>& texts) {
  const MinHasher hasher = std::move(MinHasher::Create(MinHashOptions{})).value();
  SignScratch scratch;
  std::vector<std::vector<uint32_t>> sigs;
  for (const std::string& t : texts) {
    sigs.emplace_back(kK);
    hasher.Sign(t, &scratch, sigs.back().data());
  }
  return sigs;
}

TEST(NearDup, RemovesNearCopiesOfText) {
  TextFactory f;
  const std::vector<std::string> a = f.Words(300), b = f.Words(300);
  const std::vector<std::string> texts = {TextFactory::Join(a, 0, 300),
                                          TextFactory::Join(b, 0, 300),
                                          TextFactory::Join(f.Edit(a, 0.005), 0, 300),
                                          "short text",
                                          "short text",
                                          "another short one"};
  auto d = MakeDetector(NearDupOptions{});
  AddAll(d.get(), SignTexts(texts));
  EXPECT_FALSE(d->Get(0).removed);
  EXPECT_TRUE(d->Get(0).is_cluster_head);
  EXPECT_EQ(d->Get(0).cluster_size, 2u);
  EXPECT_FALSE(d->Get(1).removed);
  EXPECT_FALSE(d->Get(1).is_cluster_head);
  const NearDupDetector::Decision copy = d->Get(2);
  EXPECT_TRUE(copy.removed);
  EXPECT_EQ(copy.survivor, 0u);
  EXPECT_EQ(copy.cluster_id, 0u);
  EXPECT_GE(copy.similarity, 0.8);
  EXPECT_EQ(copy.similarity_kind, SimilarityKind::kEstimated);
  // Identical short documents are duplicates; different ones are not.
  EXPECT_FALSE(d->Get(3).removed);
  EXPECT_TRUE(d->Get(4).removed);
  EXPECT_EQ(d->Get(4).survivor, 3u);
  EXPECT_FALSE(d->Get(5).removed);
  EXPECT_EQ(d->stats().removed, 2u);
}

// A~B and B~C but A!~C (signature agreement 96/112, 96/112 and 80/112 at threshold 0.8).
TEST(NearDup, ChainingGuardKeepsTheFarEndOfAChain) {
  std::mt19937_64 rng(5);
  std::vector<uint32_t> a = RandomSignature(&rng), b = a, c;
  for (int i = 0; i < 16; ++i) b[i] = static_cast<uint32_t>(rng());
  c = b;
  for (int i = 96; i < 112; ++i) c[i] = static_cast<uint32_t>(rng());
  {
    auto d = MakeDetector(NearDupOptions{});
    AddAll(d.get(), {a, b, c});
    EXPECT_FALSE(d->Get(0).removed);
    EXPECT_TRUE(d->Get(1).removed);
    EXPECT_EQ(d->Get(1).survivor, 0u);
    EXPECT_FALSE(d->Get(2).removed) << "C must not join A's cluster through B";
    EXPECT_EQ(d->stats().extra_leaders, 1u);
  }
  {
    // With B as the preferred survivor, both ends are similar enough to it.
    NearDupOptions options;
    options.survivor = SurvivorPolicy::kLongest;
    auto d = MakeDetector(options);
    AddAll(d.get(), {a, b, c}, {10, 20, 10});
    EXPECT_EQ(d->Get(0).survivor, 1u);
    EXPECT_EQ(d->Get(2).survivor, 1u);
    EXPECT_EQ(d->Get(1).cluster_size, 3u);
  }
}

TEST(NearDup, ChainingGuardWithExactVerification) {
  TextFactory f;
  const std::vector<std::string> words = f.Words(440);
  const std::vector<std::string> texts = {TextFactory::Join(words, 0, 400),
                                          TextFactory::Join(words, 20, 420),
                                          TextFactory::Join(words, 40, 440)};
  ASSERT_GT(ExactSimilarity(texts[0], texts[1]), 0.86);
  ASSERT_GT(ExactSimilarity(texts[1], texts[2]), 0.86);
  ASSERT_LT(ExactSimilarity(texts[0], texts[2]), 0.86);
  NearDupOptions options;
  options.threshold = 0.86;
  options.verify = NearDupVerify::kExact;
  options.text_provider = [&texts](uint64_t i, std::string* out) {
    *out = texts[i];
    return Status::Ok();
  };
  auto d = MakeDetector(options);
  AddAll(d.get(), SignTexts(texts));
  EXPECT_TRUE(d->Get(1).removed);
  EXPECT_EQ(d->Get(1).similarity_kind, SimilarityKind::kExact);
  EXPECT_DOUBLE_EQ(d->Get(1).similarity, static_cast<float>(ExactSimilarity(texts[0], texts[1])));
  EXPECT_FALSE(d->Get(2).removed);
}

TEST(NearDup, TextProviderErrorsStopFinish) {
  NearDupOptions options;
  options.verify = NearDupVerify::kExact;
  options.text_provider = [](uint64_t, std::string*) { return Status::IoError("gone"); };
  auto d = MakeDetector(options);
  std::mt19937_64 rng(1);
  const std::vector<uint32_t> sig = RandomSignature(&rng);
  ASSERT_TRUE(d->Add(0, sig.data(), 0, 0).ok());
  ASSERT_TRUE(d->Add(1, sig.data(), 0, 0).ok());
  EXPECT_EQ(d->Finish().code(), StatusCode::kIoError);
}

TEST(NearDup, HotBucketStaysLinear) {
  const uint64_t n = 5000;
  std::mt19937_64 rng(9);
  std::vector<std::vector<uint32_t>> unrelated, identical;
  const std::vector<uint32_t> shared = RandomSignature(&rng);
  for (uint64_t i = 0; i < n; ++i) {
    std::vector<uint32_t> sig = RandomSignature(&rng);
    std::copy_n(shared.begin(), 8, sig.begin());  // same band 0, unrelated otherwise
    unrelated.push_back(sig);
    identical.push_back(shared);
  }
  auto d1 = MakeDetector(NearDupOptions{});
  AddAll(d1.get(), unrelated);
  EXPECT_EQ(d1->stats().candidate_pairs, 2 * n - 3);
  EXPECT_EQ(d1->stats().removed, 0u);
  auto d2 = MakeDetector(NearDupOptions{});
  AddAll(d2.get(), identical);
  EXPECT_EQ(d2->stats().candidate_pairs, 14 * (2 * n - 3));
  EXPECT_EQ(d2->stats().verified_pairs, n - 1);  // the rest are already connected
  EXPECT_EQ(d2->stats().removed, n - 1);
  EXPECT_EQ(d2->Get(n - 1).survivor, 0u);
  EXPECT_EQ(d2->Get(0).cluster_size, n);
}

// Random signatures with planted near copies; every third document copies an earlier one with
// `changed` values replaced.
std::vector<std::vector<uint32_t>> PlantedSignatures(size_t n, int changed, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<uint32_t>> sigs;
  for (size_t i = 0; i < n; ++i) {
    if (i % 3 == 2) {
      std::vector<uint32_t> sig = sigs[rng() % i];
      for (int j = 0; j < changed; ++j) sig[rng() % kK] = static_cast<uint32_t>(rng());
      sigs.push_back(sig);
    } else {
      sigs.push_back(RandomSignature(&rng));
    }
  }
  return sigs;
}

TEST(NearDup, SpillingGivesTheSameDecisions) {
  const std::vector<std::vector<uint32_t>> sigs = PlantedSignatures(3000, 12, 4);
  NearDupOptions in_memory;
  NearDupOptions spilled;
  spilled.memory_budget_bytes = 64 << 10;  // 64 KiB: many runs and a signature file
  const char* dir = std::getenv("SARING_TEST_TMPDIR");
  spilled.work_dir = dir != nullptr && *dir != '\0' ? dir : ".";
  std::filesystem::create_directories(spilled.work_dir);
  auto a = MakeDetector(in_memory);
  auto b = MakeDetector(spilled);
  AddAll(a.get(), sigs);
  AddAll(b.get(), sigs);
  EXPECT_FALSE(a->stats().signatures_spilled);
  EXPECT_EQ(a->stats().spill_runs, 0u);
  EXPECT_TRUE(b->stats().signatures_spilled);
  EXPECT_GT(b->stats().spill_runs, 10u);
  EXPECT_GT(a->stats().removed, 800u);
  EXPECT_EQ(a->stats().removed, b->stats().removed);
  for (uint64_t i = 0; i < sigs.size(); ++i) {
    const auto x = a->Get(i), y = b->Get(i);
    ASSERT_EQ(x.survivor, y.survivor) << i;
    ASSERT_EQ(x.similarity, y.similarity) << i;
    ASSERT_EQ(x.cluster_size, y.cluster_size) << i;
  }
}

// A document of fewer shingles than num_perm may be added with its folded shingle values, which
// the detector keeps instead of the signature and signs again when verifying: the decisions and
// similarities are those of the signatures, in RAM and spilled, short and long documents mixed.
TEST(NearDup, ShingleFoldsGiveTheSameDecisionsAsSignatures) {
  TextFactory f;
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    const std::vector<std::string> words = f.Words(3 + static_cast<size_t>(i * 37 % 190));
    texts.push_back(TextFactory::Join(words, 0, words.size()));
    const std::vector<std::string> copy = f.Edit(words, 0.03);
    texts.push_back(TextFactory::Join(copy, 0, copy.size()));
  }
  const MinHasher hasher =
      std::move(MinHasher::Create(MinHashOptionsFor(NearDupOptions{}))).value();
  SignScratch scratch;
  std::vector<std::vector<uint32_t>> sigs, folds;
  size_t short_docs = 0;
  for (const std::string& t : texts) {
    sigs.emplace_back(kK);
    hasher.Sign(t, &scratch, sigs.back().data());
    folds.emplace_back();
    for (uint64_t h : scratch.hashes) {
      folds.back().push_back(static_cast<uint32_t>(h) ^ static_cast<uint32_t>(h >> 32));
    }
    short_docs += folds.back().size() < kK;
  }
  EXPECT_GT(short_docs, 100u);
  EXPECT_LT(short_docs, texts.size() - 100);
  NearDupOptions spilled;
  spilled.memory_budget_bytes = 16 << 10;
  const char* dir = std::getenv("SARING_TEST_TMPDIR");
  spilled.work_dir = dir != nullptr && *dir != '\0' ? dir : ".";
  std::filesystem::create_directories(spilled.work_dir);
  for (const NearDupOptions& options : {NearDupOptions{}, spilled}) {
    auto plain = MakeDetector(options);
    auto folded = MakeDetector(options);
    AddAll(plain.get(), sigs);
    for (size_t i = 0; i < sigs.size(); ++i) {
      const uint64_t length = 0;
      const int64_t key = 0;
      ASSERT_TRUE(
          folded->Add(i, sigs[i].data(), length, key, std::span<const uint32_t>(), folds[i]).ok());
    }
    ASSERT_TRUE(folded->Finish().ok());
    EXPECT_EQ(folded->stats().signatures_spilled,
              options.memory_budget_bytes == spilled.memory_budget_bytes);
    EXPECT_GT(plain->stats().removed, 50u);
    EXPECT_EQ(plain->stats().verified_pairs, folded->stats().verified_pairs);
    for (uint64_t i = 0; i < sigs.size(); ++i) {
      const auto x = plain->Get(i), y = folded->Get(i);
      ASSERT_EQ(x.survivor, y.survivor) << i;
      ASSERT_EQ(x.similarity, y.similarity) << i;
    }
  }
}

// Band keys computed by the caller (the pipeline's workers) give the decisions of keys computed by
// Add itself; keys of another band layout do not.
TEST(NearDup, PrecomputedBandKeysGiveTheSameDecisions) {
  const std::vector<std::vector<uint32_t>> sigs = PlantedSignatures(3000, 12, 4);
  auto own = MakeDetector(NearDupOptions{});
  auto given = MakeDetector(NearDupOptions{});
  auto shifted = MakeDetector(NearDupOptions{});
  const LshParams lsh = own->lsh_params();
  std::vector<uint64_t> keys(lsh.bands), wrong(lsh.bands);
  std::vector<uint32_t> padded;
  for (size_t i = 0; i < sigs.size(); ++i) {
    // The same values shifted by one (padded, so the last band stays inside the vector).
    padded.assign(sigs[i].begin(), sigs[i].end());
    padded.push_back(0);
    for (uint32_t b = 0; b < lsh.bands; ++b) {
      keys[b] = BandKey(sigs[i].data(), b, lsh.rows);
      wrong[b] = BandKey(padded.data() + 1, b, lsh.rows);  // rows shifted by one value
    }
    ASSERT_TRUE(own->Add(i, sigs[i].data(), 0, 0).ok());
    ASSERT_TRUE(given->Add(i, sigs[i].data(), keys.data(), 0, 0).ok());
    ASSERT_TRUE(shifted->Add(i, sigs[i].data(), wrong.data(), 0, 0).ok());
  }
  ASSERT_TRUE(own->Finish().ok());
  ASSERT_TRUE(given->Finish().ok());
  ASSERT_TRUE(shifted->Finish().ok());
  EXPECT_GT(own->stats().removed, 800u);
  EXPECT_EQ(own->stats().removed, given->stats().removed);
  EXPECT_NE(own->stats().candidate_pairs, shifted->stats().candidate_pairs);
  for (uint64_t i = 0; i < sigs.size(); ++i) {
    ASSERT_EQ(own->Get(i).survivor, given->Get(i).survivor) << i;
    ASSERT_EQ(own->Get(i).cluster_size, given->Get(i).cluster_size) << i;
  }
}

TEST(NearDup, SurvivorPolicies) {
  std::mt19937_64 rng(3);
  const std::vector<uint32_t> sig = RandomSignature(&rng);
  const std::vector<std::vector<uint32_t>> sigs(5, sig);
  const std::vector<uint64_t> lengths = {10, 30, 20, 30, 5};
  const std::vector<int64_t> keys = {-4, 9, 9, -7, -7};
  const std::pair<const char*, uint64_t> cases[] = {
      {"first", 0}, {"longest", 1}, {"newest", 1}, {"oldest", 3}, {"priority", 1}};
  for (const auto& [policy, expected] : cases) {
    NearDupOptions options;
    options.survivor = ParseSurvivorPolicy(policy).value();
    auto d = MakeDetector(options);
    AddAll(d.get(), sigs, lengths, keys);
    for (uint64_t i = 0; i < 5; ++i) {
      EXPECT_EQ(d->Get(i).survivor, expected) << policy;
      EXPECT_EQ(d->Get(i).removed, i != expected) << policy;
    }
    EXPECT_TRUE(d->Get(expected).is_cluster_head);
    EXPECT_EQ(d->Get(expected).cluster_size, 5u);
  }
  EXPECT_FALSE(ParseSurvivorPolicy("random").ok());
}

// Documents in families of near copies (0.5% to 8% of words edited, so exact 5-gram
// similarities spread across 0.6-1.0). Every removal is checked against exact Jaccard.
TEST(NearDup, PrecisionAgainstExactJaccard) {
  TextFactory f;
  std::vector<std::string> texts;
  for (int family = 0; family < 60; ++family) {
    const std::vector<std::string> base = f.Words(250);
    texts.push_back(TextFactory::Join(base, 0, 250));
    for (double rate : {0.005, 0.01, 0.02, 0.03, 0.05, 0.08}) {
      texts.push_back(TextFactory::Join(f.Edit(base, rate), 0, 250));
    }
  }
  const std::vector<std::vector<uint32_t>> sigs = SignTexts(texts);
  for (bool exact : {true, false}) {
    NearDupOptions options;
    options.verify = exact ? NearDupVerify::kExact : NearDupVerify::kEstimate;
    options.text_provider = [&texts](uint64_t i, std::string* out) {
      *out = texts[i];
      return Status::Ok();
    };
    auto d = MakeDetector(options);
    AddAll(d.get(), sigs);
    int removed = 0, correct = 0, near_miss = 0;
    for (uint64_t i = 0; i < texts.size(); ++i) {
      const auto decision = d->Get(i);
      if (!decision.removed) continue;
      ++removed;
      const double j = ExactSimilarity(texts[i], texts[decision.survivor]);
      correct += j >= options.threshold;
      near_miss += j >= options.threshold - 0.1;
    }
    RecordProperty(exact ? "within_0.1_exact" : "within_0.1_estimate",
                   std::to_string(static_cast<double>(near_miss) / removed));
    ASSERT_GT(removed, 100);
    const double precision = static_cast<double>(correct) / removed;
    RecordProperty(exact ? "precision_exact" : "precision_estimate", std::to_string(precision));
    if (exact) {
      EXPECT_GE(precision, 0.99);
    } else {
      // The estimate's standard error is about 0.04 at K = 112, so pairs just below the
      // threshold can pass; none pass from further than 0.1 below it.
      EXPECT_GE(precision, 0.85);
      EXPECT_GE(static_cast<double>(near_miss) / removed, 0.99);
    }
  }
}

TEST(NearDup, DerivesBandsFromTheThreshold) {
  NearDupOptions options;
  options.bands = options.rows = 0;
  options.threshold = 0.7;
  auto d = MakeDetector(options);
  const LshParams expected = OptimalLshParams(0.7, 112).value();
  EXPECT_EQ(d->lsh_params().bands, expected.bands);
  EXPECT_EQ(d->lsh_params().rows, expected.rows);
}

TEST(NearDup, EmptyInputFinishes) {
  auto d = MakeDetector(NearDupOptions{});
  ASSERT_TRUE(d->Finish().ok());
  EXPECT_EQ(d->stats().documents, 0u);
  EXPECT_FALSE(d->Finish().ok());  // only once
}

TEST(NearDup, RejectsBadInput) {
  NearDupOptions options;
  options.bands = 15;
  EXPECT_EQ(NearDupDetector::Create(options).status().code(), StatusCode::kInvalidArgument);
  Result<SurvivorPolicy> biggest = ParseSurvivorPolicy("biggest");
  ASSERT_FALSE(biggest.ok());
  EXPECT_EQ(
      biggest.status().message(),
      "unknown survivor policy 'biggest' (expected first, longest, newest, oldest or priority)");
  options = NearDupOptions{};
  options.verify = NearDupVerify::kExact;
  EXPECT_FALSE(NearDupDetector::Create(options).ok());
  auto d = MakeDetector(NearDupOptions{});
  std::mt19937_64 rng(1);
  const std::vector<uint32_t> sig = RandomSignature(&rng);
  EXPECT_EQ(d->Add(1, sig.data(), 0, 0).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(d->Add(0, sig.data(), 0, 0).ok());
  ASSERT_TRUE(d->Finish().ok());
  EXPECT_FALSE(d->Add(1, sig.data(), 0, 0).ok());
}

}  // namespace
}  // namespace saring
