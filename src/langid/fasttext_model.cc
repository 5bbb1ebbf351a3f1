// FastTextModel: the dictionary lookups, features and prediction rules of fastText
// supervised models (see fasttext_model.h for what must equal libfasttext).
#include "langid/fasttext_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <utility>

#include "langid/fasttext_kernels.h"
#include "langid/fasttext_model_impl.h"

namespace saring {
namespace {

using fasttext_internal::ActiveFastTextKernel;

constexpr uint32_t kFnvPrime = 16777619u;
constexpr uint32_t kFnvBasis = 2166136261u;
constexpr uint64_t kWordNgramMultiplier = 116049371u;
// fastText's sigmoid table (loss.cc): 512 steps over [-8, 8].
constexpr int64_t kSigmoidTableSize = 512;
constexpr int64_t kMaxSigmoid = 8;
// x[0..n) += v[0..n): one vector, element-wise (the same floats as any kernel), inlined.
inline void AddVector(const float* __restrict v, size_t n, float* __restrict x) {
  for (size_t j = 0; j < n; ++j) x[j] += v[j];
}
// Character n-grams looked up together (PushBuckets); a longer token takes several batches.
constexpr size_t kMaxNgramsPerToken = 256;

inline uint32_t FnvStep(uint32_t h, char c) {
  return (h ^ static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(c)))) * kFnvPrime;
}

inline bool IsFastTextSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

inline bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t TableSizeFor(size_t n) { return std::bit_ceil(std::max<size_t>(16, n * 2)); }

inline size_t MixKey(int32_t key) {
  const uint32_t mixed = static_cast<uint32_t>(key) * 0x9E3779B1u;  // a 32-bit product on purpose
  return mixed;
}

// fastText's comparison of (score, label) pairs: a min-heap on the score.
bool ScoreGreater(const FastTextPrediction& a, const FastTextPrediction& b) {
  return a.log_score > b.log_score;
}

// fastText's std_log: log(x + 1e-5), computed in double and stored as float.
inline float StdLog(float x) { return static_cast<float>(std::log(static_cast<double>(x) + 1e-5)); }

// Keeps the k best of the pushed predictions in a min-heap, as fastText's findKBest and dfs.
void PushBest(const FastTextPrediction& p, size_t k, std::vector<FastTextPrediction>* heap) {
  heap->push_back(p);
  std::push_heap(heap->begin(), heap->end(), ScoreGreater);
  if (heap->size() > k) {
    std::pop_heap(heap->begin(), heap->end(), ScoreGreater);
    heap->pop_back();
  }
}

}  // namespace

double FastTextPrediction::Probability() const {
  return std::clamp(std::exp(static_cast<double>(log_score)), 0.0, 1.0);
}

void FastTextScratch::Trim(size_t max_bytes) {
  if (features.capacity() * sizeof(int32_t) > max_bytes) std::vector<int32_t>().swap(features);
  if (word_hashes.capacity() * sizeof(int32_t) > max_bytes)
    std::vector<int32_t>().swap(word_hashes);
  if (token.capacity() > max_bytes) std::string().swap(token);
  if (token_sum.capacity() * sizeof(float) > max_bytes) std::vector<float>().swap(token_sum);
}

// ---- matrices ----

void FastTextMatrix::AddRowTo(int64_t r, float* x) const {
  if (!quantized) {
    const int32_t id = static_cast<int32_t>(r);
    ActiveFastTextKernel().add_rows(dense.data(), static_cast<size_t>(cols), &id, 1,
                                    static_cast<size_t>(cols), x);
    return;
  }
  const float norm = qnorm ? norm_pq.Centroid(0, norm_codes[static_cast<size_t>(r)])[0] : 1.0f;
  const uint8_t* code = &codes[static_cast<size_t>(r) * pq.nsubq];
  for (int32_t m = 0; m < pq.nsubq; ++m) {
    const int32_t d = m == pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
    const float* c = pq.Centroid(m, code[m]);
    for (int32_t n = 0; n < d; ++n) x[m * pq.dsub + n] += norm * c[n];
  }
}

float FastTextMatrix::DotRow(int64_t r, const float* x) const {
  if (!quantized) {
    return ActiveFastTextKernel().dot(&dense[static_cast<size_t>(r * cols)], x,
                                      static_cast<size_t>(cols));
  }
  const float norm = qnorm ? norm_pq.Centroid(0, norm_codes[static_cast<size_t>(r)])[0] : 1.0f;
  const uint8_t* code = &codes[static_cast<size_t>(r) * pq.nsubq];
  float sum = 0;
  for (int32_t m = 0; m < pq.nsubq; ++m) {
    const int32_t d = m == pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
    const float* c = pq.Centroid(m, code[m]);
    for (int32_t n = 0; n < d; ++n) sum += x[m * pq.dsub + n] * c[n];
  }
  return sum * norm;
}

void FastTextMatrix::Dequantize() {
  if (!quantized) return;
  dense.assign(static_cast<size_t>(rows * cols), 0.0f);
  for (int64_t r = 0; r < rows; ++r) AddRowTo(r, &dense[static_cast<size_t>(r * cols)]);
  quantized = false;
  std::vector<uint8_t>().swap(codes);
  std::vector<uint8_t>().swap(norm_codes);
}

// ---- dictionary ----

int32_t FastTextModel::Impl::FindEntry(std::string_view word, uint32_t hash) const {
  const size_t mask = vocab_table.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const int32_t id = vocab_table[slot];
    if (id < 0) return -1;
    if (entry_hashes[id] == hash && entries[id] == word) return id;
  }
}

void FastTextModel::Impl::PushBucket(int64_t id, std::vector<int32_t>* out) const {
  if (prune_size == 0 || id < 0) return;
  if (!prune_blocks.empty()) {
    const auto bucket_id = static_cast<uint64_t>(id);
    if ((bucket_id >> 6) >= prune_blocks.size()) return;
    const PruneBlock& block = prune_blocks[bucket_id >> 6];
    const uint64_t bit = uint64_t{1} << (bucket_id & 63);
    if (!(block.bits & bit)) return;
    out->push_back(
        static_cast<int32_t>(nwords + block.rank + std::popcount(block.bits & (bit - 1))));
    return;
  }
  if (prune_size > 0) {
    const auto bucket_id = static_cast<uint64_t>(id);
    if (bucket_id >= prune_kept.size() * 64 ||
        !((prune_kept[bucket_id >> 6] >> (bucket_id & 63)) & 1))
      return;
    const size_t mask = prune_table.size() / 2 - 1;
    const int32_t key = static_cast<int32_t>(id);
    for (size_t slot = MixKey(key) & mask;; slot = (slot + 1) & mask) {
      if (prune_table[2 * slot] == key) {
        id = prune_table[2 * slot + 1];
        break;
      }
    }
  }
  out->push_back(static_cast<int32_t>(nwords + id));
}

void FastTextModel::Impl::PushBuckets(const uint32_t* ids, size_t count,
                                      std::vector<int32_t>* out) const {
  if (prune_size <= 0) {
    for (size_t i = 0; i < count; ++i) PushBucket(ids[i], out);
    return;
  }
  // Pruned: the lookups miss the caches, so ask for every line first, then read them.
  if (!prune_blocks.empty()) {
    for (size_t i = 0; i < count; ++i) {
      if ((ids[i] >> 6) < prune_blocks.size()) __builtin_prefetch(&prune_blocks[ids[i] >> 6]);
    }
    for (size_t i = 0; i < count; ++i) PushBucket(ids[i], out);
    return;
  }
  const size_t words = prune_kept.size();
  for (size_t i = 0; i < count; ++i) {
    if ((ids[i] >> 6) < words) __builtin_prefetch(&prune_kept[ids[i] >> 6]);
  }
  const size_t mask = prune_table.size() / 2 - 1;
  uint32_t kept[kMaxNgramsPerToken];
  size_t n = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t id = ids[i];
    if ((id >> 6) >= words || !((prune_kept[id >> 6] >> (id & 63)) & 1)) continue;
    __builtin_prefetch(&prune_table[2 * (MixKey(static_cast<int32_t>(id)) & mask)]);
    kept[n++] = id;
  }
  for (size_t i = 0; i < n; ++i) PushBucket(kept[i], out);
}

void FastTextModel::Impl::AddCharNgrams(std::string_view word, std::vector<int32_t>* out) const {
  if (bucket <= 0) return;
  const size_t size = word.size();
  uint32_t ids[kMaxNgramsPerToken];
  size_t count = 0;
  for (size_t i = 0; i < size; ++i) {
    if (IsContinuationByte(word[i])) continue;
    uint32_t h = kFnvBasis;
    size_t j = i;
    for (int32_t n = 1; j < size && n <= maxn; ++n) {
      h = FnvStep(h, word[j++]);
      while (j < size && IsContinuationByte(word[j])) h = FnvStep(h, word[j++]);
      if (n >= minn && !(n == 1 && (i == 0 || j == size))) {
        ids[count++] = h % static_cast<uint32_t>(bucket);
        if (count == kMaxNgramsPerToken) {
          PushBuckets(ids, count, out);
          count = 0;
        }
      }
    }
  }
  PushBuckets(ids, count, out);
}

void FastTextModel::Impl::RankPrunedRows() {
  std::vector<std::pair<int32_t, int32_t>> kept;  // (bucket, row offset), the last value of a key
  const size_t pmask = prune_table.size() / 2 - 1;
  for (size_t slot = 0; slot <= pmask; ++slot) {
    if (prune_table[2 * slot] >= 0)
      kept.emplace_back(prune_table[2 * slot], prune_table[2 * slot + 1]);
  }
  std::sort(kept.begin(), kept.end());
  const auto cols = static_cast<size_t>(input.cols);
  std::vector<float> rows(static_cast<size_t>(nwords) * cols + kept.size() * cols);
  std::copy_n(input.dense.begin(), static_cast<size_t>(nwords) * cols, rows.begin());
  prune_blocks.assign(prune_kept.size(), PruneBlock{0, 0, 0});
  for (size_t r = 0; r < kept.size(); ++r) {
    const auto [bucket_id, offset] = kept[r];
    std::copy_n(
        input.dense.begin() + (static_cast<size_t>(nwords) + static_cast<size_t>(offset)) * cols,
        cols, rows.begin() + (static_cast<size_t>(nwords) + r) * cols);
    prune_blocks[static_cast<size_t>(bucket_id) >> 6].bits |= uint64_t{1} << (bucket_id & 63);
  }
  uint32_t rank = 0;
  for (PruneBlock& block : prune_blocks) {
    block.rank = rank;
    rank += static_cast<uint32_t>(std::popcount(block.bits));
  }
  input.dense = std::move(rows);
  input.rows = static_cast<int64_t>(nwords) + static_cast<int64_t>(kept.size());
  std::vector<int32_t>().swap(prune_table);
  std::vector<uint64_t>().swap(prune_kept);
}

void FastTextModel::Impl::Prepare() {
  const size_t size = entries.size();
  entry_hashes.resize(size);
  vocab_table.assign(TableSizeFor(size), -1);
  const size_t mask = vocab_table.size() - 1;
  for (size_t id = 0; id < size; ++id) {
    entry_hashes[id] = FastTextHash(entries[id]);
    size_t slot = entry_hashes[id] & mask;
    while (vocab_table[slot] >= 0 && entries[vocab_table[slot]] != entries[id])
      slot = (slot + 1) & mask;
    vocab_table[slot] =
        static_cast<int32_t>(id);  // a repeated word: the last one wins, as in fastText
  }
  if (prune_size > 0) {
    int32_t max_key = 0;
    for (int32_t key : prune_keys) max_key = std::max(max_key, key);
    prune_kept.assign(static_cast<size_t>(max_key) / 64 + 1, 0);
    prune_table.assign(2 * TableSizeFor(prune_keys.size()), -1);
    const size_t pmask = prune_table.size() / 2 - 1;
    for (size_t i = 0; i < prune_keys.size(); ++i) {
      const int32_t key = prune_keys[i];
      prune_kept[static_cast<size_t>(key) >> 6] |= uint64_t{1} << (key & 63);
      size_t slot = MixKey(key) & pmask;
      while (prune_table[2 * slot] >= 0 && prune_table[2 * slot] != key) slot = (slot + 1) & pmask;
      prune_table[2 * slot] = key;
      prune_table[2 * slot + 1] = prune_values[i];  // a repeated key: the last value wins
    }
    if (!input.quantized) RankPrunedRows();
    std::vector<int32_t>().swap(prune_keys);
    std::vector<int32_t>().swap(prune_values);
  }
  word_features_begin.assign(1, 0);
  std::string bracketed;
  for (int32_t id = 0; id < nwords; ++id) {
    word_features.push_back(id);
    if (maxn > 0 && entries[id] != kFastTextEos) {
      // assign(1, '<'), not assign("<"): GCC 12 reports a false -Wrestrict in the one-character
      // string assign (GCC bug 105329), which fails the -Werror build.
      bracketed.assign(1, '<').append(entries[id]).append(">");
      AddCharNgrams(bracketed, &word_features);
    }
    word_features_begin.push_back(static_cast<uint32_t>(word_features.size()));
  }
  if (loss == FastTextLoss::kHierarchicalSoftmax && nlabels > 0) {
    // Huffman tree over the label counts (sorted by decreasing count in the dictionary).
    const int32_t nodes = 2 * nlabels - 1;
    tree.assign(static_cast<size_t>(nodes), FastTextTreeNode{});
    std::vector<int64_t> weight(static_cast<size_t>(nodes), int64_t{1000000000000000});
    for (int32_t i = 0; i < nlabels; ++i) weight[i] = counts[nwords + i];
    int32_t leaf = nlabels - 1, node = nlabels;
    for (int32_t i = nlabels; i < nodes; ++i) {
      int32_t pick[2];
      for (int32_t& p : pick) p = (leaf >= 0 && weight[leaf] < weight[node]) ? leaf-- : node++;
      tree[i].left = pick[0];
      tree[i].right = pick[1];
      weight[i] = weight[pick[0]] + weight[pick[1]];
    }
  }
  for (int64_t i = 0; i <= kSigmoidTableSize; ++i) {
    const float x = static_cast<float>(i * 2 * kMaxSigmoid) / kSigmoidTableSize - kMaxSigmoid;
    sigmoid_table[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
  }
}

// ---- the public class ----

FastTextModel::FastTextModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FastTextModel::~FastTextModel() = default;

int32_t FastTextModel::label_count() const { return impl_->nlabels; }
int32_t FastTextModel::dim() const { return impl_->dim; }
const std::string& FastTextModel::label(int32_t id) const {
  return impl_->entries[impl_->nwords + id];
}

int32_t FastTextModel::FindLabel(std::string_view wanted) const {
  for (int32_t id = 0; id < impl_->nlabels; ++id) {
    std::string_view l = label(id);
    if (l == wanted) return id;
    if (l.starts_with(kFastTextLabelPrefix) && l.substr(kFastTextLabelPrefix.size()) == wanted)
      return id;
  }
  return -1;
}

bool FastTextModel::Impl::TokenFeatures(std::string_view token, uint32_t hash,
                                        FastTextScratch* s) const {
  const int32_t id = FindEntry(token, hash);
  if (id >= 0) {
    if (types[id] != 0) return false;  // a known label
    s->features.insert(s->features.end(), word_features.begin() + word_features_begin[id],
                       word_features.begin() + word_features_begin[id + 1]);
    return true;
  }
  if (token.starts_with(kFastTextLabelPrefix)) return false;  // an unknown label
  if (token != kFastTextEos && maxn > 0) {
    s->token.assign(1, '<').append(token).append(">");  // not assign("<"): see Prepare()
    AddCharNgrams(s->token, &s->features);
  }
  return true;
}

namespace {

// Calls `on_token(token)` for each token of `text` read as one fastText line, then for the
// end-of-sentence token, stopping after the first "</s>" as fastText's getLine does.
template <typename OnToken>
void ForEachToken(std::string_view text, OnToken on_token) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    while (p < end && IsFastTextSpace(*p)) ++p;
    const char* start = p;
    while (p < end && !IsFastTextSpace(*p)) ++p;
    if (p == start) break;
    const std::string_view token(start, static_cast<size_t>(p - start));
    on_token(token);
    if (token == kFastTextEos) return;
  }
  on_token(kFastTextEos);
}

// Appends the rows of the word n-grams of s->word_hashes to s->features.
void AddWordNgrams(const FastTextModel::Impl& m, FastTextScratch* s) {
  if (m.word_ngrams <= 1 || m.bucket <= 0) return;
  const std::vector<int32_t>& hashes = s->word_hashes;
  for (size_t i = 0; i < hashes.size(); ++i) {
    uint64_t h = static_cast<uint64_t>(static_cast<int64_t>(hashes[i]));
    for (size_t j = i + 1; j < hashes.size() && j < i + static_cast<size_t>(m.word_ngrams); ++j) {
      h = h * kWordNgramMultiplier + static_cast<uint64_t>(static_cast<int64_t>(hashes[j]));
      m.PushBucket(static_cast<int64_t>(h % static_cast<uint64_t>(m.bucket)), &s->features);
    }
  }
}

// Adds rows s->features[from..) to `x`.
void AddFeatureRows(const FastTextModel::Impl& m, FastTextScratch* s, size_t from, float* x) {
  if (!m.input.quantized) {
    ActiveFastTextKernel().add_rows(m.input.dense.data(), static_cast<size_t>(m.dim),
                                    s->features.data() + from, s->features.size() - from,
                                    static_cast<size_t>(m.dim), x);
  } else {
    for (size_t i = from; i < s->features.size(); ++i) m.input.AddRowTo(s->features[i], x);
  }
}

// Slots of the per-scratch token cache: ~16K for small models, fewer as dim grows (<= 4 MiB).
size_t CacheSlotsFor(int32_t dim) {
  const size_t bytes_per_slot =
      sizeof(FastTextCachedToken) + static_cast<size_t>(dim) * sizeof(float);
  return std::bit_floor(std::clamp<size_t>((size_t{4} << 20) / bytes_per_slot, 64, 16384));
}

// Adds the rows of `token` to s->hidden (through the cache) and returns how many there are;
// remembers a word's hash for word n-grams.
int32_t AddToken(const FastTextModel::Impl& m, const void* owner, std::string_view token,
                 FastTextScratch* s) {
  const uint32_t hash = FastTextHash(token);
  const size_t dim = static_cast<size_t>(m.dim);
  FastTextCachedToken* slot = nullptr;
  float* sum = nullptr;
  if (token.size() <= FastTextCachedToken::kMaxBytes) {
    if (s->cache_model != owner) {
      s->cache.assign(CacheSlotsFor(m.dim), FastTextCachedToken{});
      s->cache_sums.assign(s->cache.size() * dim, 0.0f);
      s->cache_model = owner;
    }
    const size_t index = (hash * 0x9E3779B1u >> 7) & (s->cache.size() - 1);
    slot = &s->cache[index];
    sum = &s->cache_sums[index * dim];
    if (slot->length == token.size() && slot->hash == hash &&
        std::memcmp(slot->bytes, token.data(), token.size()) == 0) {
      if (!slot->word) return 0;
      s->word_hashes.push_back(static_cast<int32_t>(hash));
      AddVector(sum, dim, s->hidden.data());
      return slot->count;
    }
  }
  s->features.clear();
  const bool word = m.TokenFeatures(token, hash, s);
  if (!word) {
    if (slot != nullptr) {
      *slot = FastTextCachedToken{hash, 0, static_cast<uint8_t>(token.size()), false, {}};
      std::memcpy(slot->bytes, token.data(), token.size());
    }
    return 0;
  }
  s->word_hashes.push_back(static_cast<int32_t>(hash));
  s->token_sum.assign(dim, 0.0f);
  AddFeatureRows(m, s, 0, s->token_sum.data());
  AddVector(s->token_sum.data(), dim, s->hidden.data());
  const auto count = static_cast<int32_t>(s->features.size());
  if (slot != nullptr) {
    *slot = FastTextCachedToken{hash, count, static_cast<uint8_t>(token.size()), true, {}};
    std::memcpy(slot->bytes, token.data(), token.size());
    std::memcpy(sum, s->token_sum.data(), dim * sizeof(float));
  }
  return count;
}

}  // namespace

void FastTextModel::Features(std::string_view text, FastTextScratch* s) const {
  const Impl& m = *impl_;
  s->features.clear();
  s->word_hashes.clear();
  ForEachToken(text, [&](std::string_view token) {
    const uint32_t hash = FastTextHash(token);
    if (m.TokenFeatures(token, hash, s)) s->word_hashes.push_back(static_cast<int32_t>(hash));
  });
  AddWordNgrams(m, s);
}

namespace {

// Hierarchical softmax: the depth-first search of fastText's HierarchicalSoftmaxLoss::dfs.
void SearchTree(const FastTextModel::Impl& m, size_t k, float threshold, int32_t node, float score,
                const float* hidden, std::vector<FastTextPrediction>* heap) {
  if (score < StdLog(threshold)) return;
  if (heap->size() == k && score < heap->front().log_score) return;
  const FastTextTreeNode& n = m.tree[static_cast<size_t>(node)];
  if (n.left == -1 && n.right == -1) {
    PushBest(FastTextPrediction{node, score}, k, heap);
    return;
  }
  float f = m.output.DotRow(node - m.nlabels, hidden);
  f = static_cast<float>(1.0 / (1 + std::exp(-f)));
  SearchTree(m, k, threshold, n.left, score + StdLog(static_cast<float>(1.0 - f)), hidden, heap);
  SearchTree(m, k, threshold, n.right, score + StdLog(f), hidden, heap);
}

float TableSigmoid(const FastTextModel::Impl& m, float x) {
  if (x < -kMaxSigmoid) return 0.0f;
  if (x > kMaxSigmoid) return 1.0f;
  const auto i = static_cast<int64_t>((x + kMaxSigmoid) * kSigmoidTableSize / kMaxSigmoid / 2);
  return m.sigmoid_table[i];
}

}  // namespace

void FastTextModel::Predict(std::string_view text, int32_t k, float threshold, FastTextScratch* s,
                            std::vector<FastTextPrediction>* out) const {
  const Impl& m = *impl_;
  out->clear();
  if (m.nlabels == 0) return;
  const size_t dim = static_cast<size_t>(m.dim);
  s->hidden.assign(dim, 0.0f);
  s->word_hashes.clear();
  int64_t rows = 0;
  ForEachToken(text, [&](std::string_view token) { rows += AddToken(m, this, token, s); });
  s->features.clear();
  AddWordNgrams(m, s);
  AddFeatureRows(m, s, 0, s->hidden.data());
  rows += static_cast<int64_t>(s->features.size());
  if (rows == 0) return;
  const float scale = static_cast<float>(1.0 / static_cast<double>(rows));
  for (float& v : s->hidden) v *= scale;
  const size_t want = k <= 0 ? static_cast<size_t>(m.nlabels) : static_cast<size_t>(k);
  std::vector<FastTextPrediction>& heap = s->heap;
  heap.clear();
  if (m.loss == FastTextLoss::kHierarchicalSoftmax) {
    SearchTree(m, want, threshold, 2 * m.nlabels - 2, 0.0f, s->hidden.data(), &heap);
  } else {
    s->output.resize(static_cast<size_t>(m.nlabels));
    float* o = s->output.data();
    for (int32_t i = 0; i < m.nlabels; ++i) o[i] = m.output.DotRow(i, s->hidden.data());
    if (m.loss == FastTextLoss::kSoftmax) {
      float max = o[0], z = 0.0f;
      for (int32_t i = 0; i < m.nlabels; ++i) max = std::max(o[i], max);
      for (int32_t i = 0; i < m.nlabels; ++i) {
        o[i] = std::exp(o[i] - max);
        z += o[i];
      }
      for (int32_t i = 0; i < m.nlabels; ++i) o[i] /= z;
    } else {
      for (int32_t i = 0; i < m.nlabels; ++i) o[i] = TableSigmoid(m, o[i]);
    }
    for (int32_t i = 0; i < m.nlabels; ++i) {
      if (o[i] < threshold) continue;
      if (heap.size() == want && StdLog(o[i]) < heap.front().log_score) continue;
      PushBest(FastTextPrediction{i, StdLog(o[i])}, want, &heap);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), ScoreGreater);
  out->assign(heap.begin(), heap.end());
}

}  // namespace saring
