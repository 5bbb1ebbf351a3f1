// Clustering of verified candidate pairs, guarded against chaining.
//
// Union-find over verified pairs gives connected components. Similarity is not transitive, so
// a component may hold documents that are not similar to each other (A~B, B~C, A!~C). Inside
// each component, AssignSurvivors therefore runs leader clustering in survivor-rank order: the
// best-ranked unassigned member becomes a survivor (a cluster head), and every unassigned
// member the oracle finds similar to it -- measured directly, by the same measure as the
// verification -- is removed and points to it; the rest try the next leader. Every removed
// document is thus similar enough to its own survivor. A component whose leader rounds exceed
// a linear comparison budget keeps its remaining members (see docs/near-dup.md).
//
// Thread-safety: none.
#ifndef SARING_NEARDUP_CLUSTER_H_
#define SARING_NEARDUP_CLUSTER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "saring/status.h"

namespace saring::neardup_internal {

// Disjoint sets over [0, n); the root of a set is its smallest member.
class UnionFind {
 public:
  explicit UnionFind(uint32_t n);
  uint32_t Find(uint32_t x);
  // Merges the sets of a and b; returns false if they already were one set.
  bool Union(uint32_t a, uint32_t b);
  // Moves out the parent array (valid only after every element was Find-ed).
  std::vector<uint32_t> TakeParents() { return std::move(parent_); }

 private:
  std::vector<uint32_t> parent_;
};

// A set of document pairs (a, b), a != b, unordered, holding at most `max_pairs`: inserting
// into a full set does nothing. Verification remembers the pairs it found dissimilar, so a pair
// that collides in many bands is compared once (a cache: results never depend on it).
class PairSet {
 public:
  explicit PairSet(size_t max_pairs) : max_pairs_(max_pairs) {}
  bool Contains(uint32_t a, uint32_t b) const;
  void Insert(uint32_t a, uint32_t b);

 private:
  static uint64_t Key(uint32_t a, uint32_t b) {
    return a < b ? (uint64_t{a} << 32 | b) : (uint64_t{b} << 32 | a);
  }
  size_t max_pairs_;
  size_t size_ = 0;
  std::vector<uint64_t> slots_;  // open addressing; 0 = empty (a != b, so no key is 0)
};

// The outcome of comparing two documents: whether they are near duplicates, by which measure
// (a SimilarityKind value) and its value.
struct Verdict {
  bool similar = false;
  uint8_t kind = 0;
  double value = 0;
};

// The similarity measure used for verification and survivor assignment; it holds the
// threshold(s) that make a pair similar.
class SimilarityOracle {
 public:
  virtual ~SimilarityOracle() = default;
  // Compares documents a and b.
  virtual Result<Verdict> Compare(uint32_t a, uint32_t b) = 0;
  // Makes `leader` the document CompareToLeader compares against.
  virtual Status SetLeader(uint32_t leader) = 0;
  virtual Result<Verdict> CompareToLeader(uint32_t doc) = 0;
};

// True if doc a should survive rather than doc b (a strict weak order, ties broken by a < b).
using BetterFn = std::function<bool(uint32_t a, uint32_t b)>;

struct ClusterResult {
  std::vector<uint32_t> survivor;      // survivor[d] == d for kept documents
  std::vector<float> similarity;       // to the survivor; 1 for kept documents
  std::vector<uint8_t> kind;           // Verdict::kind of a removed document's comparison
  std::vector<uint32_t> cluster_size;  // valid for kept documents: 1 + documents pointing here
  uint64_t clusters = 0;               // kept documents with cluster_size > 1
  uint64_t removed = 0;
  uint64_t extra_leaders = 0;  // members kept because they were not similar to an earlier head
  uint64_t capped_components = 0;
};

// Assigns survivors within the components of *uf, filling *out (whose survivor and similarity
// and kind vectors must already have one element per document). Returns the first error of the
// oracle. Cost: O(n log n) for grouping plus, per component of size m, at most
// kLeaderComparisonsPerMember * m + kLeaderComparisonsSlack similarity computations.
inline constexpr uint64_t kLeaderComparisonsPerMember = 32;
inline constexpr uint64_t kLeaderComparisonsSlack = 4096;
Status AssignSurvivors(UnionFind* uf, const BetterFn& better, SimilarityOracle* oracle,
                       ClusterResult* out);

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_CLUSTER_H_
