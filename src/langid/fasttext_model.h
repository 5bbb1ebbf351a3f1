// saring's own reader and inference engine for fastText supervised models (.bin, and .ftz
// with product-quantised matrices), as written by fastText 0.9.x (file versions 11 and 12).
//
// Predictions equal those of libfasttext's FastText::predict on the same line: the same
// tokens (split at ' ', '\t', '\n', '\v', '\f', '\r', '\0', plus the end-of-sentence token),
// the same word and character n-gram ids (fastText's 32-bit FNV-1a of the bytes, each byte
// sign-extended; n-grams of whole UTF-8 characters of "<word>"; word n-grams mixed with the
// multiplier 116049371; pruned ids remapped as in the file), the hidden vector as the mean of
// the rows, and the loss's own prediction rule (hierarchical softmax with its Huffman tree
// and pruning below probability 1e-5, softmax, or one-vs-all / negative sampling with
// fastText's 512-entry sigmoid table). Probabilities may differ from libfasttext's in the
// last float bits (well below 1e-5): Predict sums each token's rows first and then adds
// that sum (cached per token, see FastTextScratch), and the SIMD dot products sum in
// another order; libfasttext adds row after row.
//
// Unlike libfasttext the whole text is one line: a '\n' inside it is a space. As in
// libfasttext, a "</s>" token inside the text ends the line: what follows it is not read.
//
// Thread-safety: a FastTextModel is immutable after Load(); Predict() is const and may run
// concurrently on one model from any number of threads (each passes or owns its scratch).
#ifndef SARING_LANGID_FASTTEXT_MODEL_H_
#define SARING_LANGID_FASTTEXT_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

// One predicted label: its id (0..label_count()) and fastText's score, log(p + 1e-5).
struct FastTextPrediction {
  int32_t label = 0;
  float log_score = 0;
  // exp(log_score) clamped to [0, 1]: the probability as `fasttext predict-prob` prints it.
  double Probability() const;
};

// A token remembered by FastTextScratch's cache.
struct FastTextCachedToken {
  static constexpr size_t kMaxBytes = 22;
  uint32_t hash = 0;
  int32_t count = 0;   // its feature rows
  uint8_t length = 0;  // 0: empty slot
  bool word = false;   // false: a label, which adds nothing
  char bytes[kMaxBytes];
};

// Per-thread working memory of Predict() for one model; reused across calls. Holds a
// direct-mapped cache from short tokens to the sum of their rows, filled by Predict.
struct FastTextScratch {
  std::vector<int32_t> features;  // input-matrix rows of the line (or of one token)
  std::vector<int32_t> word_hashes;
  std::string token;  // "<" + token + ">"
  std::vector<float> hidden;
  std::vector<float> token_sum;
  std::vector<float> output;
  std::vector<FastTextPrediction> heap;
  const void* cache_model = nullptr;  // the model the cache belongs to
  std::vector<FastTextCachedToken> cache;
  std::vector<float> cache_sums;  // dim floats per slot
  // Releases buffers that grew past `max_bytes`.
  void Trim(size_t max_bytes);
};

class FastTextModel {
 public:
  // Reads the model file at `path`. Errors: NotFound (no such file), IoError, Corruption
  // (not a fastText model, newer file version, truncated, or sizes that do not agree, with
  // the byte offset), InvalidArgument (a word-vector model, not a classifier).
  // Model files are trusted: a crafted file with huge but consistent sizes can exhaust memory.
  static Result<std::unique_ptr<FastTextModel>> Load(const std::string& path);

  ~FastTextModel();
  FastTextModel(const FastTextModel&) = delete;
  FastTextModel& operator=(const FastTextModel&) = delete;

  int32_t label_count() const;
  // The label as stored, e.g. "__label__en".
  const std::string& label(int32_t id) const;
  // Id of `label` ("__label__x" or just "x"), or -1.
  int32_t FindLabel(std::string_view label) const;
  int32_t dim() const;

  // The input-matrix rows of `text` read as one fastText line, in fastText's order (rows of
  // this object's matrix: the n-gram rows of a pruned model are renumbered by bucket).
  void Features(std::string_view text, FastTextScratch* scratch) const;

  // The k best labels of `text` (k <= 0: all) with probability >= `threshold`, best first
  // (ties in the order libfasttext's heap leaves them), as its predict(k, ..., threshold). Empty when
  // the text has no known feature.
  void Predict(std::string_view text, int32_t k, float threshold, FastTextScratch* scratch,
               std::vector<FastTextPrediction>* out) const;

  struct Impl;

 private:
  explicit FastTextModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// fastText's string hash: 32-bit FNV-1a over the bytes, each byte sign-extended to 32 bits
// before the xor (fastText reads them as char).
inline uint32_t FastTextHash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(c)));
    h *= 16777619u;
  }
  return h;
}

}  // namespace saring

#endif  // SARING_LANGID_FASTTEXT_MODEL_H_
