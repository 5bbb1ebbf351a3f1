// The data of a loaded fastText model (private to src/langid/): the parts of the file that
// inference reads, in the layout the kernels want.
#ifndef SARING_LANGID_FASTTEXT_MODEL_IMPL_H_
#define SARING_LANGID_FASTTEXT_MODEL_IMPL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "langid/fasttext_model.h"

namespace saring {

// fastText's enums as stored in the file (args.h).
enum class FastTextLoss : int32_t {
  kHierarchicalSoftmax = 1,
  kNegativeSampling = 2,
  kSoftmax = 3,
  kOneVsAll = 4
};
inline constexpr int32_t kFastTextSupervised = 3;
inline constexpr std::string_view kFastTextEos = "</s>";
inline constexpr std::string_view kFastTextLabelPrefix = "__label__";

// A product quantizer (Jegou et al.): `nsubq` sub-vectors of `dsub` floats (the last one
// `lastdsub`), each replaced by one of 256 centroids.
struct FastTextQuantizer {
  int32_t dim = 0, nsubq = 0, dsub = 0, lastdsub = 0;
  std::vector<float> centroids;  // dim * 256
  const float* Centroid(int32_t m, uint8_t code) const {
    if (m == nsubq - 1)
      return &centroids[static_cast<size_t>(m) * 256 * dsub + size_t{code} * lastdsub];
    return &centroids[(static_cast<size_t>(m) * 256 + code) * dsub];
  }
};

// A rows x cols matrix, dense or product-quantised (optionally with quantised row norms).
struct FastTextMatrix {
  int64_t rows = 0, cols = 0;
  bool quantized = false;
  std::vector<float> dense;  // rows * cols when !quantized
  bool qnorm = false;
  std::vector<uint8_t> codes;       // rows * nsubq
  std::vector<uint8_t> norm_codes;  // rows, when qnorm
  FastTextQuantizer pq, norm_pq;

  // x[0..cols) += row r (fastText's addRowToVector, same float operations).
  void AddRowTo(int64_t r, float* x) const;
  // Dot product of row r with x (fastText's dotRow; the SIMD sum may round differently).
  float DotRow(int64_t r, const float* x) const;
  // Turns a quantised matrix into a dense one with the values addRowToVector would add.
  void Dequantize();
};

struct FastTextTreeNode {
  int32_t left = -1, right = -1;
};

struct FastTextModel::Impl {
  int32_t version = 0;
  int32_t dim = 0, word_ngrams = 1, minn = 0, maxn = 0, bucket = 0;
  FastTextLoss loss = FastTextLoss::kSoftmax;

  // Dictionary: words first (ids 0..nwords), then labels.
  int32_t nwords = 0, nlabels = 0;
  std::vector<std::string> entries;
  std::vector<int64_t> counts;
  std::vector<int8_t> types;  // 0 word, 1 label
  // Open-addressing table from an entry's FastTextHash to its id (-1 = empty).
  std::vector<int32_t> vocab_table;
  std::vector<uint32_t> entry_hashes;
  // Pruned n-gram buckets (quantised models): bucket -> row offset; prune_size < 0 = none.
  int64_t prune_size = -1;
  std::vector<int32_t> prune_keys, prune_values;  // as read; then emptied by Prepare()
  std::vector<uint64_t> prune_kept;               // bit per bucket: is it kept?
  std::vector<int32_t> prune_table;  // open addressing of (key, value) pairs, key -1 = empty
  // With a dense input matrix, Prepare() reorders the kept buckets' rows by bucket number so
  // that a bucket's row is nwords + its rank among the kept ones: one block read per lookup.
  struct PruneBlock {
    uint64_t bits;  // buckets 64 * i .. 64 * i + 63: kept?
    uint32_t rank;  // kept buckets before this block
    uint32_t unused;
  };
  std::vector<PruneBlock> prune_blocks;
  // Each known word's feature rows (its id and its character n-grams), as fastText stores them.
  std::vector<uint32_t> word_features_begin;  // nwords + 1
  std::vector<int32_t> word_features;

  FastTextMatrix input, output;
  std::vector<FastTextTreeNode> tree;  // hierarchical softmax: 2 * nlabels - 1 nodes
  float sigmoid_table[513] = {};

  int32_t FindEntry(std::string_view word, uint32_t hash) const;
  // Appends nwords + the row of n-gram bucket `id` to `out` unless pruning drops it.
  void PushBucket(int64_t id, std::vector<int32_t>* out) const;
  // PushBucket for each of ids[0..count), in order, with the table lines fetched ahead.
  void PushBuckets(const uint32_t* ids, size_t count, std::vector<int32_t>* out) const;
  // Appends the character n-gram rows of `bracketed` ("<" + token + ">").
  void AddCharNgrams(std::string_view bracketed, std::vector<int32_t>* out) const;
  // Appends the feature rows of one token with hash `hash` to s->features; returns whether it
  // is a word (it then also counts for word n-grams), false for a label.
  bool TokenFeatures(std::string_view token, uint32_t hash, FastTextScratch* s) const;
  // Builds the lookup tables, subword lists, tree and sigmoid table after the file is read.
  void Prepare();
  // Reorders the pruned buckets' rows (dense input) and fills prune_blocks.
  void RankPrunedRows();
};

}  // namespace saring

#endif  // SARING_LANGID_FASTTEXT_MODEL_IMPL_H_
