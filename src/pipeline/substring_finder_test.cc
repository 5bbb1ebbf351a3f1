#include "pipeline/substring_finder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "pipeline/substring_keys.h"
#include "pipeline/substring_test_util.h"
#include "saring/normalize.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

using Cuts = std::set<std::pair<uint32_t, uint32_t>>;

struct FinderRun {
  std::vector<SubstringPiece> pieces;
  SubstringFinder::Stats stats;
  std::vector<std::vector<uint64_t>> keys;  // per document
};

// Runs the finder over `texts` (all documents live unless listed in `dropped`).
FinderRun Find(const std::vector<std::string>& texts, uint32_t n, uint64_t budget, unsigned threads,
               const std::string& dir, bool constant_hashes = false,
               const std::set<uint32_t>& dropped = {}) {
  SubstringFinderOptions options;
  options.min_words = n;
  options.memory_budget = budget;
  options.work_dir = dir;
  if (constant_hashes) {
    options.window_hashes = [](const uint64_t* keys, size_t count, uint32_t n,
                               std::vector<uint64_t>* out) {
      ComputeWindowHashes(keys, count, n, out);
      std::fill(out->begin(), out->end(), 42);
    };
  }
  auto finder = SubstringFinder::Create(options);
  EXPECT_TRUE(finder.ok()) << finder.status().ToString();
  FinderRun run;
  std::vector<WordSpan> words;
  std::vector<uint64_t> windows;
  std::string scratch;
  for (const std::string& t : texts) {
    std::vector<uint64_t>& keys = run.keys.emplace_back();
    ComputeWordKeys(t, &words, &keys, &scratch);
    options.window_hashes(keys.data(), keys.size(), n, &windows);
    EXPECT_TRUE((*finder)->AddDocument(keys.data(), keys.size(), windows.data()).ok());
  }
  for (uint32_t d : dropped) (*finder)->Drop(d);
  Status st = (*finder)->Finish(threads);
  EXPECT_TRUE(st.ok()) << st.ToString();
  Result<std::vector<SubstringPiece>> pieces = (*finder)->ReadPieces();
  EXPECT_TRUE(pieces.ok()) << pieces.status().ToString();
  if (pieces.ok()) run.pieces = *std::move(pieces);
  run.stats = (*finder)->stats();
  return run;
}

Cuts CutWords(const FinderRun& run) {
  Cuts cut;
  for (const SubstringPiece& p : run.pieces) {
    for (uint32_t w = p.begin; w < p.end; ++w) cut.insert({p.doc, w});
  }
  return cut;
}

// Every piece repeats, key for key, an earlier place; pieces are ordered and never overlap.
void ExpectPiecesSound(const FinderRun& run) {
  for (size_t i = 0; i < run.pieces.size(); ++i) {
    const SubstringPiece& p = run.pieces[i];
    ASSERT_LT(p.begin, p.end);
    ASSERT_TRUE(p.source_doc < p.doc || (p.source_doc == p.doc && p.source_begin < p.begin));
    for (uint32_t k = 0; k < p.end - p.begin; ++k) {
      ASSERT_EQ(run.keys[p.doc][p.begin + k], run.keys[p.source_doc][p.source_begin + k]);
    }
    if (i > 0 && run.pieces[i - 1].doc == p.doc) {
      ASSERT_LE(run.pieces[i - 1].end, p.begin);
    }
  }
}

TEST(SubstringKeys, AsciiKeysEqualNormalizedKeys) {
  std::vector<WordSpan> words;
  std::vector<uint64_t> a, b;
  std::string scratch;
  ComputeWordKeys("Don't STOP the co-op 2024", &words, &a, &scratch);
  ASSERT_EQ(a.size(), 5u);
  ComputeWordKeys("don\xE2\x80\x99t stop THE co-op 9999", &words, &b, &scratch);
  ASSERT_EQ(b.size(), 5u);
  // The typographic apostrophe is a separator after normalisation, as the ASCII one is.
  EXPECT_EQ(a, b);
  ComputeWordKeys(
      "Stra\xC3\x9F"
      "e STRASSE",
      &words, &a, &scratch);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], a[1]);  // case folding, as near-dup normalises
}

// The ASCII fast path gives two words the same key exactly when near-dup's normalisation (digits
// folded) spells them alike: random words of letters, digits, apostrophes and hyphens, short and
// long, some ending the text.
TEST(SubstringKeys, AsciiFastPathKeysFollowTheNormalisation) {
  const std::string alphabet = "aAbBzZ09'-";
  std::srand(7);
  std::vector<std::string> texts;
  for (int t = 0; t < 300; ++t) {
    std::string text;
    const int count = 1 + std::rand() % 6;
    for (int w = 0; w < count; ++w) {
      if (w > 0) text += std::rand() % 2 ? " " : ", ";
      const int length = 1 + std::rand() % 20;
      for (int i = 0; i < length; ++i)
        text += alphabet[static_cast<size_t>(std::rand()) % alphabet.size()];
    }
    texts.push_back(text);
  }
  NormalizeOptions options;
  options.fold_digits = true;
  std::vector<std::pair<std::string, uint64_t>> seen;  // normalised word, key
  std::vector<WordSpan> words;
  std::vector<uint64_t> keys;
  std::string scratch;
  for (const std::string& text : texts) {
    ComputeWordKeys(text, &words, &keys, &scratch);
    ASSERT_EQ(words.size(), keys.size());
    for (size_t i = 0; i < words.size(); ++i) {
      std::string normalized;
      NormalizeText(std::string_view(text).substr(words[i].begin, words[i].end - words[i].begin),
                    options, &normalized);
      seen.push_back({normalized, keys[i]});
    }
  }
  size_t equal_pairs = 0;
  for (size_t i = 0; i < seen.size(); ++i) {
    for (size_t j = i + 1; j < seen.size(); ++j) {
      ASSERT_EQ(seen[i].first == seen[j].first, seen[i].second == seen[j].second)
          << "'" << seen[i].first << "' and '" << seen[j].first << "'";
      equal_pairs += seen[i].first == seen[j].first;
    }
  }
  EXPECT_GT(equal_pairs, 20u);  // the case and digit folding were exercised
}

TEST(SubstringKeys, WindowHashesRoll) {
  std::vector<uint64_t> keys = {5, 9, 5, 9, 5, 7, 5, 9, 5};
  std::vector<uint64_t> h;
  ComputeWindowHashes(keys.data(), keys.size(), 3, &h);
  ASSERT_EQ(h.size(), 7u);
  EXPECT_EQ(h[0], h[2]);  // 5 9 5
  EXPECT_EQ(h[0], h[6]);
  EXPECT_NE(h[0], h[1]);
  ComputeWindowHashes(keys.data(), 2, 3, &h);
  EXPECT_TRUE(h.empty());
}

TEST(SubstringFinder, RepeatInOneDocumentCutsTheLaterCopy) {
  test_util::ScratchDir dir("substr");
  FinderRun run = Find({"a b c d x a b c d y"}, 4, 64 << 20, 1, dir.path());
  ASSERT_EQ(run.pieces.size(), 1u);
  EXPECT_EQ(run.pieces[0], (SubstringPiece{0, 5, 9, 0, 0}));
}

TEST(SubstringFinder, DroppedDocumentIsNoFirstOccurrence) {
  test_util::ScratchDir dir("substr");
  std::vector<std::string> texts = {"one two three four five", "x one two three four five",
                                    "One Two\nthree four five z"};
  FinderRun run = Find(texts, 5, 64 << 20, 1, dir.path(), false, {0});
  ASSERT_EQ(run.pieces.size(), 1u);
  EXPECT_EQ(run.pieces[0], (SubstringPiece{2, 0, 5, 1, 1}));
}

#ifdef SARING_HAVE_DIVSUFSORT
TEST(SubstringFinder, EqualsSuffixArrayReferenceOnGeneratedCorpora) {
  test_util::ScratchDir dir("substr");
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    const uint32_t n = 5 + seed * 3;
    std::vector<std::string> texts = test_util::CopiedPassageCorpus(seed, 120, n);
    std::vector<std::vector<std::string>> ref_words;
    for (const std::string& t : texts) ref_words.push_back(test_util::ReferenceWords(t));
    Cuts expected = test_util::ReferenceCuts(ref_words, n);
    ASSERT_FALSE(expected.empty()) << "seed " << seed << ": the corpus copies nothing";
    FinderRun base = Find(texts, n, 64 << 20, 1, dir.path());
    EXPECT_EQ(base.stats.spilled_bytes, 0u);
    EXPECT_LT(base.stats.kept_windows, base.stats.windows);  // the filter passed fewer windows
    EXPECT_EQ(CutWords(base), expected) << "seed " << seed << " n " << n;
    ExpectPiecesSound(base);
    // A tiny budget (spill files and split partitions) and several threads find the same pieces.
    for (unsigned threads : {2u, 8u}) {
      FinderRun small = Find(texts, n, 1, threads, dir.path());
      EXPECT_GT(small.stats.spilled_bytes, 0u);
      EXPECT_EQ(small.pieces, base.pieces) << "seed " << seed << " threads " << threads;
    }
  }
}

// Real texts: the UDHR in 532 languages and English sides of Tatoeba pairs (which repeat many
// sentences), from ../shared/corpora; skipped when that folder is absent. The reference runs over
// saring's own word keys, so this checks the finder on real word sequences in many scripts.
TEST(SubstringFinder, EqualsSuffixArrayReferenceOnSharedCorpora) {
  const char* env = std::getenv("SARING_SHARED_DIR");
  const std::string root =
      (env ? std::string(env) : std::string(SARING_SOURCE_DIR "/../shared")) + "/corpora";
  // The first `most` files of `folder` with `extension` ("" for any), sorted by name.
  auto list = [](const std::string& folder, const std::string& extension, size_t most) {
    std::vector<std::string> paths;
    if (!std::filesystem::is_directory(folder)) return paths;
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
      if (extension.empty() || e.path().extension() == extension) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    if (paths.size() > most) paths.resize(most);
    return paths;
  };
  std::vector<std::string> paths = list(root + "/udhr-532/text", "", 250);
  for (const std::string& p : list(root + "/tatoeba-laser-112lang", ".eng", 150))
    paths.push_back(p);
  if (paths.empty()) GTEST_SKIP() << "no corpora under " << root;
  std::vector<std::string> texts;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::string t(std::istreambuf_iterator<char>(in), {});
    texts.push_back(t.substr(0, 6000));
  }
  test_util::ScratchDir dir("substr");
  for (uint32_t n : {10u, 40u}) {
    FinderRun run = Find(texts, n, 8 << 20, 2, dir.path());
    std::vector<std::vector<std::string>> words;
    for (const std::vector<uint64_t>& keys : run.keys) {
      std::vector<std::string>& w = words.emplace_back();
      for (uint64_t k : keys) w.push_back(std::to_string(k));
    }
    Cuts expected = test_util::ReferenceCuts(words, n);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(CutWords(run), expected) << "n " << n;
    ExpectPiecesSound(run);
  }
}
#endif

TEST(SubstringFinder, SplitsPartitionsPastTheBudget) {
  test_util::ScratchDir dir("substr");
  // About 400,000 distinct windows: more than a 1 MiB budget's tables hold, so partitions split.
  std::vector<std::string> texts = test_util::CopiedPassageCorpus(99, 3000, 30);
  FinderRun big = Find(texts, 30, 1 << 30, 2, dir.path());
  FinderRun small = Find(texts, 30, 1, 2, dir.path());
  EXPECT_GT(small.stats.splits, 0u);
  // The small budget's occurrence filter is too small for these windows: it is given up and
  // passes them all; the big one's drops most.
  EXPECT_EQ(small.stats.kept_windows, small.stats.windows);
  EXPECT_LT(big.stats.kept_windows * 2, big.stats.windows);
  EXPECT_EQ(small.pieces, big.pieces);
  EXPECT_FALSE(big.pieces.empty());
  // The pieces too: past a quarter of the tiny budget they went to the work folder, and were read
  // back in the same order.
  EXPECT_GT(small.stats.spilled_pieces, 0u);
  EXPECT_EQ(big.stats.spilled_pieces, 0u);
  EXPECT_EQ(small.stats.pieces, small.pieces.size());
}

TEST(SubstringFinder, HashCollisionsNeverCutText) {
  test_util::ScratchDir dir("substr");
  // Every window gets the same hash: each is a candidate against the first window, and only the
  // ones whose keys really equal it may be cut.
  std::vector<std::string> texts = {"p q r s t u", "p q r x y z", "a b c d e f", "p q r s w"};
  FinderRun run = Find(texts, 3, 64 << 20, 1, dir.path(), /*constant_hashes=*/true);
  ExpectPiecesSound(run);
  EXPECT_GT(run.stats.collisions, 0u);
  Cuts cut = CutWords(run);
  EXPECT_EQ(cut, (Cuts{{1, 0}, {1, 1}, {1, 2}, {3, 0}, {3, 1}, {3, 2}}));
}

}  // namespace
}  // namespace saring::pipeline
