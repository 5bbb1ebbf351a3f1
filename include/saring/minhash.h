// MinHash signatures of normalised documents.
//
// A document is reduced to a set of 64-bit shingle hashes (word n-grams by default, see
// ComputeShingles), and the set to K 32-bit minimum hash values (the signature). Two signatures
// agree at each position with probability equal to the Jaccard similarity of the two shingle
// sets (Broder 1997, "On the resemblance and containment of documents"). The exact scheme
// (tokenisation, joining, hash functions, seeds) is specified in docs/near-dup.md; it is part of
// the on-disk format of dedup indexes, and any change to it bumps kMinHashSchemeId.
//
// Signing runs one of several kernels (scalar, AVX2, AVX-512), chosen once at run time from the
// CPU's features. All kernels produce bit-identical signatures.
//
// Thread-safety: MinHasher is immutable after Create; Sign may be called from any number of
// threads at once, each with its own SignScratch. ForceKernelForTesting is not thread-safe.
#ifndef SARING_MINHASH_H_
#define SARING_MINHASH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"
#include "saring/words.h"

namespace saring {

// Identifies the shingle hash + MinHash scheme below; stored in dedup index headers.
inline constexpr uint32_t kMinHashSchemeId = 1;
// The default seed from which the K permutations are derived.
inline constexpr uint64_t kDefaultMinHashSeed = 0x5341524E47ULL;  // "SARNG"

struct ShingleOptions {
  // Tokens per shingle (default 5). REQUIRES: >= 1.
  uint32_t ngram = 5;
  // When true, a token is one code point of the text, spaces included, instead of a word
  // (default: false).
  bool char_ngrams = false;
};

// Reusable buffers for ComputeShingles; one per thread.
struct ShingleScratch {
  std::vector<WordSpan> words;
  // Set by word-mode ComputeShingles: the text `words` were segmented from, and where their
  // spans point (the text itself, or `joined`), so ComputeWordHashes can reuse them.
  const char* words_text = nullptr;
  size_t words_text_size = 0;
  const char* words_base = nullptr;
  std::vector<uint32_t> offsets;
  std::string joined;
};

// Appends the shingle hashes of `normalized_text` to *out (duplicates are not removed).
// Tokens are SegmentWords words (or code points with char_ngrams); each window of `ngram`
// consecutive tokens, joined by one space (no space between two spaceless-script tokens), is
// hashed with XXH3-64. A text of fewer than `ngram` tokens yields exactly one hash: XXH3-64 of
// all its tokens joined the same way, with seed kShortDocumentSeed, so short documents match
// only documents with the same tokens. Always appends at least one hash.
// Cost: linear in the text; no allocation once the scratch buffers have grown.
void ComputeShingles(std::string_view normalized_text, const ShingleOptions& options,
                     ShingleScratch* scratch, std::vector<uint64_t>* out);

// Replaces *out with one 32-bit hash per word of `normalized_text` (the words of SegmentWords,
// as in word-mode shingles; each the XOR of the halves of the XXH3-64 of its bytes): the
// sequence near-duplicate verification aligns (near_dup.h, NearDupVerify::kAlign).
// Cost: linear in the text; segments it again unless `scratch` holds its words from the
// ComputeShingles (or MinHasher::Sign) call just before on the same text buffer.
void ComputeWordHashes(std::string_view normalized_text, ShingleScratch* scratch,
                       std::vector<uint32_t>* out);

// Seed of the XXH3-64 hash of a short document's whole token sequence.
inline constexpr uint64_t kShortDocumentSeed = 0x53484F5254ULL;  // "SHORT"

struct MinHashOptions {
  // K, the number of hash functions and the signature length (default 112 = 14 bands x 8 rows).
  uint32_t num_perm = 112;
  // Seed from which the K (multiplier, addend) pairs are derived (SplitMix64).
  uint64_t seed = kDefaultMinHashSeed;
  ShingleOptions shingles;
};

// Reusable buffers for MinHasher::Sign; one per thread.
struct SignScratch {
  ShingleScratch shingle;
  std::vector<uint64_t> hashes;
};

// Computes MinHash signatures. Copyable (it holds 2K small integers).
class MinHasher {
 public:
  // Returns InvalidArgument if num_perm is 0 or above 65536, or ngram is 0.
  static Result<MinHasher> Create(const MinHashOptions& options);

  const MinHashOptions& options() const { return options_; }
  uint32_t num_perm() const { return options_.num_perm; }

  // Writes the num_perm() values of the signature of `normalized_text` to signature[0..K).
  // The text should be the output of NormalizeText (the pipeline uses fold_digits = true).
  void Sign(std::string_view normalized_text, SignScratch* scratch, uint32_t* signature) const;

  // Writes the signature of the set of shingle hashes hashes[0..n). REQUIRES: n >= 1.
  void SignShingles(const uint64_t* hashes, size_t n, uint32_t* signature) const;

  // The i-th hash function's multiplier (odd) and addend; see docs/near-dup.md.
  uint32_t multiplier(uint32_t i) const { return mul_[i]; }
  uint32_t addend(uint32_t i) const { return add_[i]; }

 private:
  MinHasher() = default;

  MinHashOptions options_;
  std::vector<uint32_t> mul_;
  std::vector<uint32_t> add_;
};

// The share of positions at which two K-value signatures agree: the MinHash estimate of the
// Jaccard similarity. REQUIRES: k >= 1.
double EstimateJaccard(const uint32_t* a, const uint32_t* b, uint32_t k);

// The exact Jaccard similarity |A n B| / |A u B| of two shingle-hash sets. Sorts and removes
// duplicates from both vectors in place. Two empty sets have similarity 1.
double ExactJaccard(std::vector<uint64_t>* a, std::vector<uint64_t>* b);

// Name of the kernel Sign uses: "scalar", "avx2" or "avx512".
std::string_view ActiveMinHashKernel();

// Names of the kernels this CPU can run, "scalar" first.
std::vector<std::string_view> AvailableMinHashKernels();

// Makes Sign use kernel `name` ("scalar", "avx2", "avx512"), or the automatic choice again for
// "" or "auto". Returns InvalidArgument for an unknown name and Unimplemented when the CPU lacks
// the kernel's instructions. Not thread-safe: call it while no Sign is running.
Status ForceKernelForTesting(std::string_view name);

}  // namespace saring

#endif  // SARING_MINHASH_H_
