// Near-duplicate detection over a stream of documents (MinHash + LSH + verified clusters).
//
// The pipeline signs each normalised document with a MinHasher (built from the same options
// via MinHashOptionsFor), feeds the signatures to a NearDupDetector in input order, calls
// Finish, then asks for each document's Decision. Finish groups documents whose signatures
// collide in an LSH band (found by external sorting, within a memory budget), verifies every
// candidate pair against the threshold, clusters verified pairs with a guard against chaining,
// and picks one survivor per cluster. docs/near-dup.md specifies every rule.
//
// Memory: 16 bytes per document during Add (8 for survivor policy `first`: the offset of its
// signature or shingle folds), 16 more during Finish and 12 after it, plus at most about memory_budget_bytes for signatures and band
// entries, which beyond it go to spill files in work_dir (docs/near-dup.md, "Memory model").
//
// Thread-safety: a NearDupDetector is used from one thread at a time. Decisions may be read
// concurrently after Finish.
#ifndef SARING_NEAR_DUP_H_
#define SARING_NEAR_DUP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "saring/lsh.h"
#include "saring/minhash.h"
#include "saring/status.h"

namespace saring {

namespace neardup_internal {
class SimilarityOracle;
}  // namespace neardup_internal

// Which member of a cluster is kept. Ties (equal length or key) go to the earlier document.
enum class SurvivorPolicy {
  kFirst,     // the earliest in input order
  kLongest,   // the largest per-document length
  kNewest,    // the largest per-document key (e.g. a date as days)
  kOldest,    // the smallest per-document key
  kPriority,  // the largest per-document key (a caller-defined priority)
};

// Parses "first", "longest", "newest", "oldest" or "priority"; InvalidArgument otherwise.
Result<SurvivorPolicy> ParseSurvivorPolicy(std::string_view name);
std::string_view SurvivorPolicyName(SurvivorPolicy policy);

// How candidate pairs are verified (docs/near-dup.md section 4).
enum class NearDupVerify : uint8_t {
  kEstimate,  // share of equal signature values >= threshold (FineWeb's semantics)
  kExact,     // exact Jaccard of the shingle sets >= threshold; needs text_provider
  kAlign,     // word alignment: aligned words >= threshold of the longer document's words, or
              // >= containment of the shorter's for a cut copy; Add must pass the word hashes
};

// Parses "estimate", "exact" or "align"; InvalidArgument otherwise.
Result<NearDupVerify> ParseNearDupVerify(std::string_view name);
std::string_view NearDupVerifyName(NearDupVerify verify);

// The measure behind a removed document's similarity to its survivor.
enum class SimilarityKind : uint8_t {
  kEstimated = 0,  // MinHash estimate of the shingle Jaccard similarity
  kExact = 1,      // exact shingle Jaccard similarity
  kAligned = 2,    // aligned words over the words of the longer document
  kContained = 3,  // aligned words over the words of the shorter document (a cut copy)
};
// "estimated", "exact", "aligned" or "contained".
std::string_view SimilarityKindName(SimilarityKind kind);

struct NearDupOptions {
  // Tokens per shingle (default 5) and whether tokens are code points (default: words).
  uint32_t ngram = 5;
  bool char_ngrams = false;
  // Signature length K (default 112).
  uint32_t num_perm = 112;
  // LSH banding (default 14 x 8, FineWeb's). If both are 0 they are derived from `threshold`
  // with OptimalLshParams. REQUIRES: bands * rows <= num_perm.
  uint32_t bands = 14;
  uint32_t rows = 8;
  // A candidate pair is a duplicate when its similarity is >= threshold (default 0.8).
  double threshold = 0.8;
  // Which member of a cluster is kept (default: the first).
  SurvivorPolicy survivor = SurvivorPolicy::kFirst;
  // The verification measure (default: the signature estimate).
  NearDupVerify verify = NearDupVerify::kEstimate;
  // For kAlign: the aligned share of the shorter document (and of the longer one's prefix the
  // alignment covers) that makes a pair similar when the shorter one has at least
  // min_length_ratio of the longer one's words (0 = off; defaults 0.95 and 0.7). The aligned
  // share of the longer document is compared with `threshold` (the pipeline's default preset
  // uses 0.85 with kAlign; docs/near-dup.md section 4).
  double containment = 0.95;
  double min_length_ratio = 0.7;
  // For kExact: writes the normalised text of document `ordinal` to *text. Called from
  // Finish only, on the thread that calls Finish; errors are returned by Finish.
  std::function<Status(uint64_t ordinal, std::string* text)> text_provider;
  // RAM for signatures and band entries before they spill to work_dir (default 1 GiB).
  uint64_t memory_budget_bytes = uint64_t{1} << 30;
  // Folder for spill files, required once anything spills (InvalidArgument then if empty; the
  // library has no default folder). Files are unlinked at once.
  std::string work_dir;
  // Seed of the MinHash permutations.
  uint64_t seed = kDefaultMinHashSeed;
};

// The MinHash options that produce signatures a detector with `options` expects.
MinHashOptions MinHashOptionsFor(const NearDupOptions& options);

// The banding `options` asks for (derived from the threshold when bands = rows = 0).
// Returns InvalidArgument for inconsistent values.
Result<LshParams> ResolveLshParams(const NearDupOptions& options);

struct NearDupStats {
  uint64_t documents = 0;
  uint64_t candidate_pairs = 0;  // pairs emitted by band buckets (with repeats across bands)
  uint64_t verified_pairs = 0;   // pairs compared (those not already in one component)
  uint64_t similar_pairs = 0;    // compared pairs at or above the threshold
  uint64_t clusters = 0;         // survivors with at least one removed document
  uint64_t removed = 0;
  uint64_t extra_leaders = 0;  // documents kept by the chaining guard
  uint64_t capped_components = 0;
  uint64_t spill_runs = 0;
  bool signatures_spilled = false;
};

class NearDupDetector {
 public:
  struct Decision {
    bool removed;                    // a near duplicate of `survivor`
    uint64_t survivor;               // ordinal of the kept document of its cluster (itself if kept)
    double similarity;               // to the survivor (1 for kept documents)
    SimilarityKind similarity_kind;  // the measure of `similarity` (kEstimated for kept ones)
    uint64_t cluster_id;             // the survivor's ordinal
    uint32_t cluster_size;           // documents in the cluster, survivor included
    bool is_cluster_head;            // kept, and at least one document was removed in its favour
  };

  // Returns InvalidArgument for bad options.
  static Result<std::unique_ptr<NearDupDetector>> Create(const NearDupOptions& options);

  NearDupDetector(const NearDupDetector&) = delete;  // owns spill files and large buffers
  NearDupDetector& operator=(const NearDupDetector&) = delete;
  ~NearDupDetector();

  // Adds document `ordinal`, which must be the number of documents added before (0, 1, ...).
  // signature has num_perm values; length and key feed the survivor policy (see
  // SurvivorPolicy; unused ones may be 0). With NearDupVerify::kAlign, `words` holds the
  // document's word hashes (ComputeWordHashes), kept in a spill file in work_dir (4 bytes per
  // word on disk, 8 bytes per document in RAM); otherwise it is ignored. Returns
  // InvalidArgument for a wrong ordinal or after Finish, ResourceExhausted past 2^32 - 1
  // documents, IoError if spilling fails. `folds`, if not empty, holds the folded values
  // uint32(h) ^ uint32(h >> 32) of the shingle hashes h the signature was made from, in any order and with
  // repeats: when there are fewer than num_perm of them they are kept instead of the signature,
  // which is signed again from them when needed (far fewer bytes for a short document).
  Status Add(uint64_t ordinal, const uint32_t* signature, uint64_t length, int64_t key,
             std::span<const uint32_t> words = {}, std::span<const uint32_t> folds = {});
  // The same with the signature's band keys already computed (band_keys[b] = BandKey(signature,
  // b, rows) for each of lsh_params().bands), so that a caller adding documents in order from
  // one thread can compute them on others.
  Status Add(uint64_t ordinal, const uint32_t* signature, const uint64_t* band_keys,
             uint64_t length, int64_t key, std::span<const uint32_t> words = {},
             std::span<const uint32_t> folds = {});

  // Buckets, verifies, clusters and chooses survivors. Call once, after the last Add.
  // Returns IoError (spill files) or the first error of text_provider.
  Status Finish();

  // The decision for document `ordinal`. REQUIRES: Finish returned OK; ordinal < documents.
  Decision Get(uint64_t ordinal) const;

  const NearDupStats& stats() const { return stats_; }
  const LshParams& lsh_params() const { return lsh_; }

 private:
  struct State;
  explicit NearDupDetector(std::unique_ptr<State> state);
  std::unique_ptr<neardup_internal::SimilarityOracle> MakeOracle() const;

  std::unique_ptr<State> state_;
  LshParams lsh_;
  NearDupStats stats_;
};

}  // namespace saring

#endif  // SARING_NEAR_DUP_H_
