// Tests of aligned queries against a dedup index (near_dup.verify=align): a batch deduplicated
// against an index of the survivors of earlier batches keeps exactly what one joint run keeps,
// on generated families of edited copies, cut copies and templated pages; and the words section
// of format version 3 (round trip, version 2 files, corrupt files).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "saring/dedup_index.h"
#include "saring/minhash.h"
#include "saring/near_dup.h"
#include "saring/run.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace saring {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("SARING_TEST_TMPDIR");
  std::filesystem::path base = dir != nullptr ? dir : testing::TempDir();
  base /= "dedup_index_align_test";
  std::filesystem::create_directories(base);
  return (base / name).string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

// The pipeline's default near-dup settings (the "saring" preset, verify=align).
NearDupOptions AlignOptions() {
  NearDupOptions o = RunOptions().near_dup;
  EXPECT_EQ(o.verify, NearDupVerify::kAlign);
  return o;
}

DedupIndexParams ParamsOf(const NearDupOptions& o) {
  return DedupIndexParams{kMinHashSchemeId, o.seed, o.num_perm, o.bands, o.rows, o.ngram, false};
}

struct Doc {
  std::string kind;  // original, edit-1-5, edit-5-15, cut, template, unrelated
  std::vector<uint32_t> signature;
  std::vector<uint32_t> words;
};

// Documents in families: originals, copies with 1-5 % and 5-15 % of their words edited (each
// word deleted, replaced or followed by an inserted word), copies with the last 10-25 % cut and
// 2 % edited, and pages of one template whose slots are filled differently; shuffled.
std::vector<Doc> Corpus(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> vocab;
  for (int i = 0; i < 20000; ++i) {
    std::string w;
    for (int j = 0, n = 3 + static_cast<int>(rng() % 7); j < n; ++j) w.push_back('a' + rng() % 26);
    vocab.push_back(w);
  }
  auto word = [&] { return vocab[rng() % vocab.size()]; };
  std::uniform_real_distribution<double> u(0, 1);
  auto edit = [&](const std::vector<std::string>& words, double rate) {
    std::vector<std::string> out;
    for (const std::string& w : words) {
      const double r = u(rng);
      if (r < rate / 3) continue;
      out.push_back(r < 2 * rate / 3 ? word() : w);
      if (r >= 2 * rate / 3 && r < rate) out.push_back(word());
    }
    return out;
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> texts;
  for (int family = 0; family < 40; ++family) {
    std::vector<std::string> orig;
    for (size_t i = 0, n = 150 + rng() % 300; i < n; ++i) orig.push_back(word());
    texts.push_back({"original", orig});
    for (int c = 0, n = static_cast<int>(rng() % 3); c < n; ++c) {
      texts.push_back({"edit-1-5", edit(orig, 0.01 + 0.04 * u(rng))});
    }
    for (int c = 0, n = static_cast<int>(rng() % 3); c < n; ++c) {
      texts.push_back({"edit-5-15", edit(orig, 0.05 + 0.10 * u(rng))});
    }
    if (family % 3 == 0) {
      std::vector<std::string> cut = edit(orig, 0.02);
      cut.resize(cut.size() - static_cast<size_t>((0.10 + 0.15 * u(rng)) * cut.size()));
      texts.push_back({"cut", cut});
    }
  }
  for (int frame_no = 0; frame_no < 3; ++frame_no) {
    std::vector<std::string> frame;
    for (int i = 0; i < 240; ++i) frame.push_back(word());
    for (int page = 0; page < 8; ++page) {
      std::vector<std::string> words = frame;
      for (size_t i = 0; i < words.size(); ++i) {
        if (i % 16 < 4) words[i] = word();  // this page's fill-ins
      }
      texts.push_back({"template", words});
    }
  }
  std::shuffle(texts.begin(), texts.end(), rng);
  MinHasher hasher = std::move(MinHasher::Create(MinHashOptionsFor(AlignOptions()))).value();
  SignScratch scratch;
  std::vector<Doc> docs;
  for (const auto& [kind, words] : texts) {
    std::string text;
    for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
    Doc& d = docs.emplace_back();
    d.kind = kind;
    d.signature.resize(hasher.num_perm());
    hasher.Sign(text, &scratch, d.signature.data());
    ComputeWordHashes(text, &scratch.shingle, &d.words);
  }
  return docs;
}

// Deduplicates docs[which[i]] in that order with a fresh detector; returns the kept ones.
std::vector<size_t> Kept(const std::vector<Doc>& docs, const std::vector<size_t>& which) {
  auto d = std::move(NearDupDetector::Create(AlignOptions())).value();
  for (size_t i = 0; i < which.size(); ++i) {
    const Doc& doc = docs[which[i]];
    EXPECT_TRUE(d->Add(i, doc.signature.data(), doc.words.size(), 0, doc.words).ok());
  }
  EXPECT_TRUE(d->Finish().ok());
  std::vector<size_t> kept;
  for (size_t i = 0; i < which.size(); ++i) {
    if (!d->Get(i).removed) kept.push_back(which[i]);
  }
  return kept;
}

// An index of docs[which], with their words unless `words` is false, written and loaded.
DedupIndex IndexOf(const std::vector<Doc>& docs, const std::vector<size_t>& which, bool words,
                   const std::string& name) {
  std::vector<std::string> ids;
  std::vector<uint32_t> sigs;
  DedupIndexWords w;
  for (size_t i : which) {
    ids.push_back("doc-" + std::to_string(i));
    sigs.insert(sigs.end(), docs[i].signature.begin(), docs[i].signature.end());
    w.Add(docs[i].words);
  }
  const NearDupOptions o = AlignOptions();
  Result<DedupIndex> built = words ? DedupIndex::Build(ParamsOf(o), ids, sigs, std::move(w))
                                   : DedupIndex::Build(ParamsOf(o), ids, sigs);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  const std::string path = TempPath(name);
  EXPECT_TRUE(built->Write(path).ok());
  Result<DedupIndex> loaded = DedupIndex::Load(path);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->has_words(), words);
  return std::move(loaded).value();
}

DedupIndexAlign Align() {
  const NearDupOptions o = AlignOptions();
  return DedupIndexAlign{o.threshold, o.containment, o.min_length_ratio};
}

// Batch 2 deduplicated against `index`: those it does not match, deduplicated together.
std::vector<size_t> AgainstIndex(const std::vector<Doc>& docs, const std::vector<size_t>& batch2,
                                 const DedupIndex& index, std::vector<std::string>* kinds) {
  DedupIndex::AlignScratch scratch;
  std::vector<size_t> fresh;
  for (size_t i : batch2) {
    const DedupIndex::Match m =
        index.Query(docs[i].signature.data(), docs[i].words, Align(), &scratch);
    if (!m.found) {
      fresh.push_back(i);
    } else if (kinds != nullptr) {
      kinds->push_back(docs[i].kind + ":" + std::string(SimilarityKindName(m.kind)));
    }
  }
  return Kept(docs, fresh);
}

TEST(DedupIndex, AlignedBatchAgainstIndexEqualsJointDedup) {
  for (uint64_t seed : {21, 22, 23}) {
    const std::vector<Doc> docs = Corpus(seed);
    std::vector<size_t> all(docs.size()), batch1, batch2;
    for (size_t i = 0; i < docs.size(); ++i) {
      all[i] = i;
      (i < docs.size() / 2 ? batch1 : batch2).push_back(i);
    }
    const std::vector<size_t> joint = Kept(docs, all);
    const std::vector<size_t> kept1 = Kept(docs, batch1);
    const DedupIndex index = IndexOf(docs, kept1, true, "batch1.sdx");
    std::vector<std::string> kinds;
    const std::vector<size_t> kept2 = AgainstIndex(docs, batch2, index, &kinds);
    std::vector<size_t> batched = kept1;
    batched.insert(batched.end(), kept2.begin(), kept2.end());
    EXPECT_EQ(batched, joint) << "seed " << seed;
    // The index removed edited copies of both rates and cut copies, by the alignment measure.
    auto has = [&](const std::string& k) { return std::count(kinds.begin(), kinds.end(), k) > 0; };
    EXPECT_TRUE(has("edit-5-15:aligned") || has("original:aligned")) << "seed " << seed;
    EXPECT_TRUE(has("edit-1-5:aligned")) << "seed " << seed;
    for (const std::string& k : kinds) EXPECT_NE(k.substr(0, 8), "template") << "seed " << seed;
    // Every templated page is kept, in both ways.
    for (size_t i : all) {
      if (docs[i].kind != "template") continue;
      EXPECT_TRUE(std::binary_search(joint.begin(), joint.end(), i));
    }
    // The same index without words (version 2 semantics: the estimate) misses edited copies.
    const DedupIndex no_words = IndexOf(docs, kept1, false, "batch1-no-words.sdx");
    std::vector<size_t> by_estimate = kept1;
    const std::vector<size_t> kept2_estimate = AgainstIndex(docs, batch2, no_words, nullptr);
    by_estimate.insert(by_estimate.end(), kept2_estimate.begin(), kept2_estimate.end());
    EXPECT_GT(by_estimate.size(), joint.size()) << "seed " << seed;
  }
}

TEST(DedupIndex, ContainedCopiesAreFoundEitherWay) {
  // A cut copy in the index and its longer original queried, and the other way round.
  const std::vector<Doc> docs = Corpus(24);
  std::vector<size_t> cuts;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].kind == "cut") cuts.push_back(i);
  }
  ASSERT_FALSE(cuts.empty());
  const DedupIndex index = IndexOf(docs, cuts, true, "cuts.sdx");
  std::vector<size_t> all(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) all[i] = i;
  DedupIndex::AlignScratch scratch;
  size_t contained = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].kind != "original") continue;
    const DedupIndex::Match m =
        index.Query(docs[i].signature.data(), docs[i].words, Align(), &scratch);
    contained += m.found && m.kind == SimilarityKind::kContained;
  }
  EXPECT_GE(contained, cuts.size() * 8 / 10);
  // Each cut copy finds itself (aligned, value 1).
  for (size_t k = 0; k < cuts.size(); ++k) {
    const Doc& d = docs[cuts[k]];
    const DedupIndex::Match m = index.Query(d.signature.data(), d.words, Align(), &scratch);
    ASSERT_TRUE(m.found);
    EXPECT_EQ(m.position, k);
    EXPECT_DOUBLE_EQ(m.similarity, 1.0);
    EXPECT_EQ(m.kind, SimilarityKind::kAligned);
  }
}

TEST(DedupIndex, TiesGoToTheLowerPosition) {
  const std::vector<Doc> docs = Corpus(25);
  // The same document three times: every candidate aligns fully.
  const DedupIndex index = IndexOf(docs, {4, 4, 4}, true, "ties.sdx");
  DedupIndex::AlignScratch scratch;
  const DedupIndex::Match m =
      index.Query(docs[4].signature.data(), docs[4].words, Align(), &scratch);
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.position, 0u);
  EXPECT_EQ(m.id, "doc-4");
}

TEST(DedupIndex, WordsRoundTripAndAppend) {
  const std::vector<Doc> docs = Corpus(26);
  const DedupIndex index = IndexOf(docs, {0, 1, 2}, true, "words.sdx");
  ASSERT_TRUE(index.has_words());
  for (size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(std::ranges::equal(index.words(k), docs[k].words));
  }
  DedupIndexWords more;
  more.Add(docs[3].words);
  Result<DedupIndex> appended = index.WithAppended({"doc-3"}, docs[3].signature.data(), 1, more);
  ASSERT_TRUE(appended.ok());
  ASSERT_TRUE(appended->has_words());
  EXPECT_TRUE(std::ranges::equal(appended->words(3), docs[3].words));
  EXPECT_TRUE(std::ranges::equal(appended->words(1), docs[1].words));
  // Without words the appended index has none; a wrong word count is rejected.
  EXPECT_FALSE(index.WithAppended({"doc-3"}, docs[3].signature.data(), 1)->has_words());
  EXPECT_FALSE(index.WithAppended({"doc-3"}, docs[3].signature.data(), 1, DedupIndexWords{}).ok());
  EXPECT_FALSE(DedupIndex::Build(ParamsOf(AlignOptions()), {"a"}, docs[0].signature, {}).ok());
  DedupIndexWords bad = more;
  bad.offsets.back() += 1;  // past the hashes
  EXPECT_FALSE(index.WithAppended({"doc-3"}, docs[3].signature.data(), 1, bad).ok());
  bad.offsets.clear();
  EXPECT_FALSE(index.WithAppended({"doc-3"}, docs[3].signature.data(), 1, bad).ok());
  // Words beyond kMaxWords are cut.
  DedupIndexWords w;
  w.Add(std::vector<uint32_t>(DedupIndex::kMaxWords + 5, 7));
  EXPECT_EQ(w.hashes.size(), DedupIndex::kMaxWords);
}

// The version 2 file of an index without words: the version 3 file without word_count (header
// bytes 80..87), with version 2, header_bytes 80 and the header checksum of those.
std::string AsVersion2(const std::string& v3) {
  std::string v2 = v3.substr(0, 80) + v3.substr(88);
  const uint32_t version = 2, header_bytes = 80;
  std::memcpy(v2.data() + 8, &version, 4);
  std::memcpy(v2.data() + 12, &header_bytes, 4);
  const uint64_t checksum = XXH3_64bits(v2.data(), 64);
  std::memcpy(v2.data() + 64, &checksum, 8);
  return v2;
}

TEST(DedupIndex, ReadsVersion2Files) {
  const std::vector<Doc> docs = Corpus(27);
  const DedupIndex index = IndexOf(docs, {0, 1, 2, 3, 4}, false, "v3-no-words.sdx");
  const std::string path = TempPath("v2.sdx");
  WriteFile(path, AsVersion2(ReadFile(TempPath("v3-no-words.sdx"))));
  Result<DedupIndex> v2 = DedupIndex::Load(path);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_FALSE(v2->has_words());
  ASSERT_EQ(v2->size(), 5u);
  EXPECT_EQ(v2->id(3), "doc-3");
  // Aligned queries fall back to the estimate.
  DedupIndex::AlignScratch scratch;
  const DedupIndex::Match m = v2->Query(docs[2].signature.data(), docs[2].words, Align(), &scratch);
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.position, 2u);
  EXPECT_EQ(m.kind, SimilarityKind::kEstimated);
  // Version 2 has no words flag.
  std::string flagged = AsVersion2(ReadFile(TempPath("v3-no-words.sdx")));
  flagged[36] |= 2;
  const uint64_t checksum = XXH3_64bits(flagged.data(), 64);
  std::memcpy(flagged.data() + 64, &checksum, 8);
  WriteFile(path, flagged);
  EXPECT_EQ(DedupIndex::Load(path).status().code(), StatusCode::kCorruption);
}

// Rewrites the checksums of an index file after an edit, so that the structural checks run.
void FixChecksums(std::string* data) {
  const uint64_t body = XXH3_64bits(data->data() + 88, data->size() - 88);
  std::memcpy(data->data() + 56, &body, 8);
  const uint64_t header = XXH3_64bits(data->data(), 64);
  std::memcpy(data->data() + 64, &header, 8);
}

TEST(DedupIndex, RejectsCorruptWordSections) {
  const std::vector<Doc> docs = Corpus(28);
  IndexOf(docs, {0, 1, 2, 3}, true, "good-words.sdx");
  const std::string good = ReadFile(TempPath("good-words.sdx"));
  const std::string bad = TempPath("bad-words.sdx");
  auto expect_corruption = [&](const std::string& data, const std::string& what) {
    WriteFile(bad, data);
    const Result<DedupIndex> r = DedupIndex::Load(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << what << ": " << r.status().ToString();
  };
  size_t words = 0;
  for (size_t i = 0; i < 4; ++i) words += docs[i].words.size();
  const size_t word_table = good.size() - (words * 4 + 7) / 8 * 8 - 5 * 8;  // the offsets
  std::mt19937_64 rng(29);
  for (int trial = 0; trial < 100; ++trial) {
    std::string data = good;
    data[word_table + rng() % (data.size() - word_table)] ^= static_cast<char>(1 + rng() % 255);
    expect_corruption(data, "flipped byte in the words section");
  }
  for (size_t cut : {size_t{4}, size_t{8}, words * 2, words * 4 + 40}) {
    expect_corruption(good.substr(0, good.size() - cut), "truncated words section");
    std::string data = good.substr(0, good.size() - cut);
    FixChecksums(&data);
    expect_corruption(data, "truncated words section, checksums fixed");
  }
  // Offsets out of range or decreasing, with valid checksums.
  for (const auto& [k, value] : std::vector<std::pair<size_t, uint64_t>>{{0, 1},
                                                                         {2, words + 1},
                                                                         {2, 0},
                                                                         {4, words - 1},
                                                                         {4, uint64_t{1} << 40},
                                                                         {1, ~uint64_t{0}}}) {
    std::string data = good;
    std::memcpy(data.data() + word_table + 8 * k, &value, 8);
    FixChecksums(&data);
    expect_corruption(data, "word offset " + std::to_string(k) + " = " + std::to_string(value));
  }
  // A word count in the header that disagrees with the file.
  std::string data = good;
  const uint64_t count = words + 2;
  std::memcpy(data.data() + 80, &count, 8);
  FixChecksums(&data);
  expect_corruption(data, "word count");
  // And the untouched file loads, with its words.
  WriteFile(bad, good);
  Result<DedupIndex> ok = DedupIndex::Load(bad);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(std::ranges::equal(ok->words(3), docs[3].words));
}

}  // namespace
}  // namespace saring
