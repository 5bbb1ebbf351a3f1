// FastTextModel: the dictionary lookups, features and prediction rules of fastText
// supervised models (see fasttext_model.h for what must equal libfasttext).
#include "langid/fasttext_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
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

inline uint32_t FnvStep(uint32_t h, char c) {
  return (h ^ static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(c)))) * kFnvPrime;
}

inline bool IsFastTextSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

inline bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t TableSizeFor(size_t n) { return std::bit_ceil(std::max<size_t>(16, n * 2)); }

inline size_t MixKey(int32_t key) {
  return static_cast<size_t>(static_cast<uint32_t>(key) * 0x9E3779B1u);
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
  if (word_hashes.capacity() * sizeof(int32_t) > max_bytes) std::vector<int32_t>().swap(word_hashes);
  if (token.capacity() > max_bytes) std::string().swap(token);
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
  if (prune_size > 0) {
    const size_t mask = prune_keys.size() - 1;
    const int32_t key = static_cast<int32_t>(id);
    for (size_t slot = MixKey(key) & mask;; slot = (slot + 1) & mask) {
      if (prune_keys[slot] < 0) return;  // pruned away
      if (prune_keys[slot] == key) {
        id = prune_values[slot];
        break;
      }
    }
  }
  out->push_back(static_cast<int32_t>(nwords + id));
}

void FastTextModel::Impl::AddCharNgrams(std::string_view word, std::vector<int32_t>* out) const {
  if (bucket <= 0) return;
  const size_t size = word.size();
  for (size_t i = 0; i < size; ++i) {
    if (IsContinuationByte(word[i])) continue;
    uint32_t h = kFnvBasis;
    size_t j = i;
    for (int32_t n = 1; j < size && n <= maxn; ++n) {
      h = FnvStep(h, word[j++]);
      while (j < size && IsContinuationByte(word[j])) h = FnvStep(h, word[j++]);
      if (n >= minn && !(n == 1 && (i == 0 || j == size))) {
        PushBucket(h % static_cast<uint32_t>(bucket), out);
      }
    }
  }
}

void FastTextModel::Impl::Prepare() {
  const size_t size = entries.size();
  entry_hashes.resize(size);
  vocab_table.assign(TableSizeFor(size), -1);
  const size_t mask = vocab_table.size() - 1;
  for (size_t id = 0; id < size; ++id) {
    entry_hashes[id] = FastTextHash(entries[id]);
    size_t slot = entry_hashes[id] & mask;
    while (vocab_table[slot] >= 0 && entries[vocab_table[slot]] != entries[id]) slot = (slot + 1) & mask;
    vocab_table[slot] = static_cast<int32_t>(id);  // a repeated word: the last one wins, as in fastText
  }
  if (prune_size > 0) {
    std::vector<int32_t> keys = std::move(prune_keys), values = std::move(prune_values);
    prune_keys.assign(TableSizeFor(keys.size()), -1);
    prune_values.assign(prune_keys.size(), 0);
    const size_t pmask = prune_keys.size() - 1;
    for (size_t i = 0; i < keys.size(); ++i) {
      size_t slot = MixKey(keys[i]) & pmask;
      while (prune_keys[slot] >= 0 && prune_keys[slot] != keys[i]) slot = (slot + 1) & pmask;
      prune_keys[slot] = keys[i];
      prune_values[slot] = values[i];
    }
  }
  word_features_begin.assign(1, 0);
  std::string bracketed;
  for (int32_t id = 0; id < nwords; ++id) {
    word_features.push_back(id);
    if (maxn > 0 && entries[id] != kFastTextEos) {
      bracketed.assign("<").append(entries[id]).append(">");
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
const std::string& FastTextModel::label(int32_t id) const { return impl_->entries[impl_->nwords + id]; }

int32_t FastTextModel::FindLabel(std::string_view wanted) const {
  for (int32_t id = 0; id < impl_->nlabels; ++id) {
    std::string_view l = label(id);
    if (l == wanted) return id;
    if (l.starts_with(kFastTextLabelPrefix) && l.substr(kFastTextLabelPrefix.size()) == wanted) return id;
  }
  return -1;
}

void FastTextModel::Features(std::string_view text, FastTextScratch* s) const {
  const Impl& m = *impl_;
  s->features.clear();
  s->word_hashes.clear();
  // Returns false after the end-of-sentence token: fastText's getLine stops there, so a
  // "</s>" inside the text ends what the model sees.
  auto add_token = [&](std::string_view token) {
    const uint32_t h = FastTextHash(token);
    const int32_t id = m.FindEntry(token, h);
    if (id >= 0) {
      if (m.types[id] != 0) return true;  // a known label
      s->features.insert(s->features.end(), m.word_features.begin() + m.word_features_begin[id],
                         m.word_features.begin() + m.word_features_begin[id + 1]);
    } else {
      if (token.starts_with(kFastTextLabelPrefix)) return true;  // an unknown label
      if (token != kFastTextEos && m.maxn > 0) {
        s->token.assign("<").append(token).append(">");
        m.AddCharNgrams(s->token, &s->features);
      }
    }
    s->word_hashes.push_back(static_cast<int32_t>(h));
    return token != kFastTextEos;
  };
  const char* p = text.data();
  const char* end = p + text.size();
  bool more = true;
  while (p < end && more) {
    while (p < end && IsFastTextSpace(*p)) ++p;
    const char* start = p;
    while (p < end && !IsFastTextSpace(*p)) ++p;
    if (p > start) more = add_token(std::string_view(start, static_cast<size_t>(p - start)));
  }
  if (more) add_token(kFastTextEos);
  if (m.word_ngrams > 1 && m.bucket > 0) {
    const std::vector<int32_t>& hashes = s->word_hashes;
    for (size_t i = 0; i < hashes.size(); ++i) {
      uint64_t h = static_cast<uint64_t>(static_cast<int64_t>(hashes[i]));
      for (size_t j = i + 1; j < hashes.size() && j < i + static_cast<size_t>(m.word_ngrams); ++j) {
        h = h * kWordNgramMultiplier + static_cast<uint64_t>(static_cast<int64_t>(hashes[j]));
        m.PushBucket(static_cast<int64_t>(h % static_cast<uint64_t>(m.bucket)), &s->features);
      }
    }
  }
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
  Features(text, s);
  if (s->features.empty() || m.nlabels == 0) return;
  const size_t dim = static_cast<size_t>(m.dim);
  s->hidden.assign(dim, 0.0f);
  if (!m.input.quantized) {
    ActiveFastTextKernel().add_rows(m.input.dense.data(), dim, s->features.data(), s->features.size(),
                                    dim, s->hidden.data());
  } else {
    for (int32_t id : s->features) m.input.AddRowTo(id, s->hidden.data());
  }
  const float scale = static_cast<float>(1.0 / static_cast<double>(s->features.size()));
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
