// Tests of word-alignment verification (word_align.h, NearDupVerify::kAlign) on generated
// families: edited copies at each edit rate, copies with their end cut, templated pages with
// different fill-ins, and chains of successive edits.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "neardup/word_align.h"
#include "saring/minhash.h"
#include "saring/near_dup.h"

namespace saring {
namespace {

using neardup_internal::AlignThresholds;
using neardup_internal::AlignVerdict;
using neardup_internal::JudgeAlignment;
using neardup_internal::WordAligner;

// The LCS table, and the shortest prefix of a that keeps the full LCS, by dynamic programming.
std::pair<size_t, size_t> DpLcs(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  const size_t lcs = t[a.size()][b.size()];
  size_t covered = 0;
  while (lcs > 0 && t[covered][b.size()] < lcs) ++covered;
  return {lcs, covered};
}

TEST(WordAligner, MatchesTheDynamicProgram) {
  std::mt19937_64 rng(5);
  WordAligner aligner;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = rng() % 260, m = rng() % 260;
    const uint32_t alphabet = 2 + rng() % 40;
    std::vector<uint32_t> a(n), b(m);
    for (uint32_t& x : a) x = static_cast<uint32_t>(rng() % alphabet) * 0x9E3779B1u;
    for (uint32_t& x : b) x = static_cast<uint32_t>(rng() % alphabet) * 0x9E3779B1u;
    aligner.SetReference(a.data(), a.size());
    const neardup_internal::Alignment got = aligner.Align(b.data(), b.size());
    const auto [lcs, covered] = DpLcs(a, b);
    ASSERT_EQ(got.lcs, lcs) << "n " << n << " m " << m;
    ASSERT_EQ(got.covered, covered) << "n " << n << " m " << m;
  }
}

// Word sequences in the benchmark generator's edit model: each word is deleted, replaced or
// followed by an inserted word with probability rate / 3 each.
class Family {
 public:
  explicit Family(uint64_t seed) : rng_(seed) {
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      for (int j = 0, n = 3 + static_cast<int>(rng_() % 7); j < n; ++j) {
        w.push_back(static_cast<char>('a' + rng_() % 26));
      }
      vocab_.push_back(w);
    }
  }
  std::vector<std::string> Words(size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) out.push_back(Word());
    return out;
  }
  std::vector<std::string> Edit(const std::vector<std::string>& words, double rate) {
    std::vector<std::string> out;
    std::uniform_real_distribution<double> u(0, 1);
    for (const std::string& w : words) {
      const double r = u(rng_);
      if (r < rate / 3) continue;
      out.push_back(r < 2 * rate / 3 ? Word() : w);
      if (r >= 2 * rate / 3 && r < rate) out.push_back(Word());
    }
    return out;
  }
  std::string Word() { return vocab_[rng_() % vocab_.size()]; }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> vocab_;
};

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// The default ("saring" preset) detector over `texts`, signed and hashed as the pipeline does.
std::vector<NearDupDetector::Decision> Dedup(const std::vector<std::string>& texts) {
  NearDupOptions o;
  o.ngram = 3;
  o.bands = 37;
  o.rows = 3;
  o.threshold = 0.85;
  o.containment = 0.95;
  o.verify = NearDupVerify::kAlign;
  Result<std::unique_ptr<NearDupDetector>> d = NearDupDetector::Create(o);
  EXPECT_TRUE(d.ok());
  Result<MinHasher> hasher = MinHasher::Create(MinHashOptionsFor(o));
  EXPECT_TRUE(hasher.ok());
  SignScratch scratch;
  std::vector<uint32_t> sig(o.num_perm), words;
  for (size_t i = 0; i < texts.size(); ++i) {
    hasher->Sign(texts[i], &scratch, sig.data());
    ComputeWordHashes(texts[i], &scratch.shingle, &words);
    EXPECT_TRUE((*d)->Add(i, sig.data(), texts[i].size(), 0, words).ok());
  }
  EXPECT_TRUE((*d)->Finish().ok());
  std::vector<NearDupDetector::Decision> out;
  for (size_t i = 0; i < texts.size(); ++i) out.push_back((*d)->Get(i));
  return out;
}

std::vector<uint32_t> Hashes(const std::string& text) {
  ShingleScratch scratch;
  std::vector<uint32_t> out;
  ComputeWordHashes(text, &scratch, &out);
  return out;
}

TEST(NearDupAlign, FindsEditedCopiesAtEachEditRate) {
  Family f(11);
  struct Case {
    double rate;
    double cut;        // share of the copy's tail removed
    size_t min_found;  // of 30 copies
  };
  // Expected aligned shares: about 1 - 2 rate / 3, i.e. >= 0.9 up to 15 % of words edited.
  for (const Case c : {Case{0.01, 0, 30}, Case{0.03, 0, 30}, Case{0.05, 0, 30}, Case{0.10, 0, 30},
                       Case{0.15, 0, 27}, Case{0.03, 0.2, 30}}) {
    std::vector<std::string> texts;
    for (int i = 0; i < 30; ++i) {
      std::vector<std::string> orig = f.Words(150 + i * 20);
      std::vector<std::string> copy = f.Edit(orig, c.rate);
      copy.resize(copy.size() - static_cast<size_t>(c.cut * copy.size()));
      texts.push_back(Join(orig));
      texts.push_back(Join(copy));
    }
    const std::vector<NearDupDetector::Decision> d = Dedup(texts);
    size_t found = 0;
    for (size_t i = 0; i < texts.size(); i += 2) {
      EXPECT_FALSE(d[i].removed);
      if (d[i + 1].removed) {
        EXPECT_EQ(d[i + 1].survivor, i);
        EXPECT_EQ(d[i + 1].similarity_kind,
                  c.cut > 0 ? SimilarityKind::kContained : SimilarityKind::kAligned);
        ++found;
      }
    }
    EXPECT_GE(found, c.min_found) << "rate " << c.rate << " cut " << c.cut;
  }
}

TEST(NearDupAlign, TemplatedPagesWithDifferentFillInsAreKept) {
  // One page template (the same reference page for other commands): a fixed text in which a
  // quarter of the positions are slots filled per page, several words at a time.
  Family f(12);
  const std::vector<std::string> frame = f.Words(240);
  std::vector<std::string> texts;
  for (int page = 0; page < 25; ++page) {
    std::vector<std::string> words;
    for (size_t i = 0; i < frame.size(); ++i) {
      if (i % 16 < 4) {
        words.push_back(f.Word());  // this page's fill-in
      } else {
        words.push_back(frame[i]);
      }
    }
    texts.push_back(Join(words));
  }
  for (const NearDupDetector::Decision& d : Dedup(texts)) EXPECT_FALSE(d.removed);
  // The pages do collide as candidates: word 3-grams of the shared frame.
  WordAligner aligner;
  const std::vector<uint32_t> a = Hashes(texts[0]), b = Hashes(texts[1]);
  aligner.SetReference(a.data(), a.size());
  const AlignVerdict v =
      JudgeAlignment(&aligner, b.data(), b.size(), AlignThresholds{0.85, 0.95, 0.7});
  EXPECT_FALSE(v.similar);
  EXPECT_GT(v.value, 0.7);
}

TEST(NearDupAlign, ChainsAreBroken) {
  // Each link is a 10 % edit of the one before: neighbours align, the ends do not.
  Family f(13);
  std::vector<std::vector<std::string>> chain = {f.Words(400)};
  for (int i = 1; i < 8; ++i) chain.push_back(f.Edit(chain.back(), 0.12));
  std::vector<std::string> texts;
  for (const auto& words : chain) texts.push_back(Join(words));
  const std::vector<NearDupDetector::Decision> d = Dedup(texts);
  WordAligner aligner;
  size_t kept = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!d[i].removed) {
      ++kept;
      continue;
    }
    // Every removed link is itself similar to its own survivor.
    const std::vector<uint32_t> a = Hashes(texts[d[i].survivor]), b = Hashes(texts[i]);
    aligner.SetReference(a.data(), a.size());
    EXPECT_TRUE(
        JudgeAlignment(&aligner, b.data(), b.size(), AlignThresholds{0.85, 0.95, 0.7}).similar);
  }
  EXPECT_GE(kept, 2u);  // the far end is not merged into the first link
  const std::vector<uint32_t> first = Hashes(texts.front()), last = Hashes(texts.back());
  aligner.SetReference(first.data(), first.size());
  EXPECT_FALSE(JudgeAlignment(&aligner, last.data(), last.size(), AlignThresholds{}).similar);
}

TEST(NearDupAlign, ContainmentNeedsTheCutAtTheEnd) {
  Family f(14);
  const std::vector<std::string> base = f.Words(300);
  // The longer page adds 25 % new words spread through the text: not a cut copy.
  std::vector<std::string> spread;
  for (size_t i = 0; i < base.size(); ++i) {
    spread.push_back(base[i]);
    if (i % 4 == 0) spread.push_back(f.Word());
  }
  // The longer page adds the same number of words at its end: the shorter is its cut copy.
  std::vector<std::string> tail = base;
  for (size_t i = 0; i < base.size() / 4; ++i) tail.push_back(f.Word());
  WordAligner aligner;
  const std::vector<uint32_t> b = Hashes(Join(base));
  for (const auto& [longer, similar] : {std::pair{spread, false}, std::pair{tail, true}}) {
    const std::vector<uint32_t> a = Hashes(Join(longer));
    aligner.SetReference(a.data(), a.size());
    const AlignVerdict v =
        JudgeAlignment(&aligner, b.data(), b.size(), AlignThresholds{0.85, 0.95, 0.7});
    EXPECT_EQ(v.similar, similar);
    EXPECT_EQ(v.contained, similar);
  }
  // The shorter document as the reference asks for the roles to be swapped.
  aligner.SetReference(b.data(), b.size());
  const std::vector<uint32_t> a = Hashes(Join(tail));
  EXPECT_TRUE(JudgeAlignment(&aligner, a.data(), a.size(), AlignThresholds{0.85, 0.95, 0.7})
                  .swap_to_contain);
}

TEST(NearDupAlign, WordHashesFollowTheShingleWords) {
  ShingleScratch scratch;
  std::vector<uint32_t> reused, fresh;
  const std::string text = "the quick  brown-fox, jumps; over 0 lazy dogs";
  std::vector<uint64_t> shingles;
  ComputeShingles(text, ShingleOptions{}, &scratch, &shingles);
  ComputeWordHashes(text, &scratch, &reused);  // reuses the words of ComputeShingles
  ShingleScratch other;
  ComputeWordHashes(text, &other, &fresh);
  EXPECT_EQ(reused, fresh);
  ASSERT_EQ(fresh.size(), 8u);
  EXPECT_EQ(Hashes("x the y"), (std::vector<uint32_t>{Hashes("x")[0], fresh[0], Hashes("y")[0]}));
}

}  // namespace
}  // namespace saring
