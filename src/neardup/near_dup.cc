// NearDupDetector: buffers signatures and band entries during Add, then in Finish pairs
// bucket members (band_sorter), verifies pairs into a union-find, and clusters (cluster.h).
#include "saring/near_dup.h"

#include <limits>

#include "neardup/band_sorter.h"
#include "neardup/cluster.h"
#include "neardup/doc_table.h"
#include "neardup/spill_file.h"
#include "neardup/verify.h"
#include "util/name_table.h"

namespace saring {

using neardup_internal::BandSorter;
using neardup_internal::ChunkedVector;
using neardup_internal::ClusterResult;
using neardup_internal::SequenceStore;
using neardup_internal::SignatureStore;
using neardup_internal::SimilarityOracle;
using neardup_internal::UnionFind;

namespace {

constexpr util::NamedValue<SurvivorPolicy> kSurvivorPolicies[] = {
    {SurvivorPolicy::kFirst, "first"},       {SurvivorPolicy::kLongest, "longest"},
    {SurvivorPolicy::kNewest, "newest"},     {SurvivorPolicy::kOldest, "oldest"},
    {SurvivorPolicy::kPriority, "priority"},
};

constexpr util::NamedValue<NearDupVerify> kVerifyModes[] = {
    {NearDupVerify::kEstimate, "estimate"},
    {NearDupVerify::kExact, "exact"},
    {NearDupVerify::kAlign, "align"},
};

}  // namespace

Result<SurvivorPolicy> ParseSurvivorPolicy(std::string_view name) {
  return util::ParseIn<SurvivorPolicy>(kSurvivorPolicies, "survivor policy", name);
}

std::string_view SurvivorPolicyName(SurvivorPolicy policy) {
  return util::NameIn<SurvivorPolicy>(kSurvivorPolicies, policy);
}

Result<NearDupVerify> ParseNearDupVerify(std::string_view name) {
  return util::ParseIn<NearDupVerify>(kVerifyModes, "near-duplicate verification", name);
}

std::string_view NearDupVerifyName(NearDupVerify verify) {
  return util::NameIn<NearDupVerify>(kVerifyModes, verify);
}

std::string_view SimilarityKindName(SimilarityKind kind) {
  switch (kind) {
    case SimilarityKind::kExact: return "exact";
    case SimilarityKind::kAligned: return "aligned";
    case SimilarityKind::kContained: return "contained";
    default: return "estimated";
  }
}

MinHashOptions MinHashOptionsFor(const NearDupOptions& options) {
  MinHashOptions m;
  m.num_perm = options.num_perm;
  m.seed = options.seed;
  m.shingles.ngram = options.ngram;
  m.shingles.char_ngrams = options.char_ngrams;
  return m;
}

Result<LshParams> ResolveLshParams(const NearDupOptions& options) {
  if (options.bands == 0 && options.rows == 0) {
    return OptimalLshParams(options.threshold, options.num_perm);
  }
  if (options.bands == 0 || options.rows == 0) {
    return Status::InvalidArgument("give both LSH bands and rows, or neither");
  }
  if (uint64_t{options.bands} * options.rows > options.num_perm) {
    return Status::InvalidArgument("LSH bands x rows (" + std::to_string(options.bands) + " x " +
                                   std::to_string(options.rows) + ") exceeds num_perm " +
                                   std::to_string(options.num_perm));
  }
  return LshParams{options.bands, options.rows};
}

// Dissimilar pairs remembered during verification (16 bytes each at most: 64 MiB).
constexpr size_t kMaxRejectedPairs = size_t{1} << 22;

struct NearDupDetector::State {
  State(const NearDupOptions& o, SurvivorPolicy p, const LshParams& lsh, MinHasher h)
      : options(o),
        policy(p),
        hasher(std::move(h)),
        // Half of the budget for signatures, half for band entries.
        signatures(o.num_perm, o.memory_budget_bytes / 2, o.work_dir, &hasher),
        sorter(lsh.bands, o.memory_budget_bytes / 2, o.work_dir),
        // Word hashes (kAlign) may use a quarter of the budget beyond it.
        words(o.memory_budget_bytes / 4, o.work_dir),
        band_keys(lsh.bands) {}

  // Higher is better; meaningless for kFirst.
  int64_t Score(uint64_t length, int64_t key) const {
    return neardup_internal::SurvivorScore(policy, length, key);
  }

  bool Better(uint32_t a, uint32_t b) const {
    if (policy != SurvivorPolicy::kFirst && scores[a] != scores[b]) return scores[a] > scores[b];
    return a < b;
  }

  NearDupOptions options;
  SurvivorPolicy policy;
  MinHasher hasher;  // signs a short document's folds again (SignatureStore)
  SignatureStore signatures;
  BandSorter sorter;
  SequenceStore words;  // kAlign: word hashes of every document
  ChunkedVector<int64_t> scores;
  std::vector<uint64_t> band_keys;
  uint64_t count = 0;
  bool finished = false;
  ClusterResult result;
};

NearDupDetector::NearDupDetector(std::unique_ptr<State> state) : state_(std::move(state)) {}
NearDupDetector::~NearDupDetector() = default;

Result<std::unique_ptr<NearDupDetector>> NearDupDetector::Create(const NearDupOptions& options) {
  SARING_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(MinHashOptionsFor(options)));
  SARING_ASSIGN_OR_RETURN(const LshParams lsh, ResolveLshParams(options));
  const SurvivorPolicy policy = options.survivor;
  if (!(options.threshold > 0.0 && options.threshold <= 1.0)) {
    return Status::InvalidArgument("near-duplicate threshold must be in (0, 1], got " +
                                   std::to_string(options.threshold));
  }
  if (options.verify == NearDupVerify::kExact && !options.text_provider) {
    return Status::InvalidArgument("exact verification needs a text_provider");
  }
  if (!(options.containment >= 0.0 && options.containment <= 1.0) ||
      !(options.min_length_ratio >= 0.0 && options.min_length_ratio <= 1.0)) {
    return Status::InvalidArgument(
        "near-duplicate containment and min_length_ratio must be in [0, 1]");
  }
  if (options.memory_budget_bytes == 0) {
    return Status::InvalidArgument("memory_budget_bytes must be positive");
  }
  auto detector = std::unique_ptr<NearDupDetector>(
      new NearDupDetector(std::make_unique<State>(options, policy, lsh, std::move(hasher))));
  detector->lsh_ = lsh;
  return detector;
}

Status NearDupDetector::Add(uint64_t ordinal, const uint32_t* signature, uint64_t length,
                            int64_t key, std::span<const uint32_t> words,
                            std::span<const uint32_t> folds) {
  std::vector<uint64_t>& keys = state_->band_keys;
  for (uint32_t b = 0; b < lsh_.bands; ++b) keys[b] = BandKey(signature, b, lsh_.rows);
  return Add(ordinal, signature, keys.data(), length, key, words, folds);
}

Status NearDupDetector::Add(uint64_t ordinal, const uint32_t* signature, const uint64_t* band_keys,
                            uint64_t length, int64_t key, std::span<const uint32_t> words,
                            std::span<const uint32_t> folds) {
  State& s = *state_;
  if (s.finished) return Status::InvalidArgument("NearDupDetector::Add after Finish");
  if (ordinal != s.count) {
    return Status::InvalidArgument("NearDupDetector::Add expected ordinal " +
                                   std::to_string(s.count) + ", got " + std::to_string(ordinal));
  }
  if (s.count >= std::numeric_limits<uint32_t>::max()) {
    return Status::ResourceExhausted("near-duplicate detection holds at most 2^32 - 1 documents");
  }
  const uint32_t doc = static_cast<uint32_t>(s.count);
  SARING_RETURN_IF_ERROR(s.sorter.Add(doc, band_keys));
  SARING_RETURN_IF_ERROR(s.signatures.Append(signature, folds));
  if (s.options.verify == NearDupVerify::kAlign) {
    SARING_RETURN_IF_ERROR(s.words.Append(words.data(), words.size()));
  }
  if (s.policy != SurvivorPolicy::kFirst) s.scores.push_back(s.Score(length, key));
  ++s.count;
  return Status::Ok();
}

std::unique_ptr<SimilarityOracle> NearDupDetector::MakeOracle() const {
  const State& s = *state_;
  switch (s.options.verify) {
    case NearDupVerify::kExact:
      return std::make_unique<neardup_internal::ExactOracle>(
          s.options.text_provider, MinHashOptionsFor(s.options).shingles, s.options.threshold);
    case NearDupVerify::kAlign:
      return std::make_unique<neardup_internal::AlignOracle>(
          &s.words, &s.signatures, s.options.num_perm,
          neardup_internal::AlignThresholds{s.options.threshold, s.options.containment,
                                            s.options.min_length_ratio});
    default:
      return std::make_unique<neardup_internal::SignatureOracle>(&s.signatures, s.options.num_perm,
                                                                 s.options.threshold);
  }
}

Status NearDupDetector::Finish() {
  State& s = *state_;
  if (s.finished) return Status::InvalidArgument("NearDupDetector::Finish called twice");
  SARING_RETURN_IF_ERROR(s.signatures.FinishWriting());
  SARING_RETURN_IF_ERROR(s.words.FinishWriting());
  std::unique_ptr<SimilarityOracle> oracle = MakeOracle();
  const uint32_t n = static_cast<uint32_t>(s.count);
  UnionFind uf(n);
  neardup_internal::PairSet rejected(kMaxRejectedPairs);
  stats_.spill_runs = s.sorter.spill_runs();
  SARING_RETURN_IF_ERROR(s.sorter.ForEachPair([&](uint32_t a, uint32_t b) -> Status {
    ++stats_.candidate_pairs;
    if (uf.Find(a) == uf.Find(b)) return Status::Ok();  // already connected: adds nothing
    if (rejected.Contains(a, b)) return Status::Ok();   // found dissimilar in an earlier band
    ++stats_.verified_pairs;
    SARING_ASSIGN_OR_RETURN(const neardup_internal::Verdict v, oracle->Compare(a, b));
    if (v.similar) {
      ++stats_.similar_pairs;
      uf.Union(a, b);
    } else {
      rejected.Insert(a, b);
    }
    return Status::Ok();
  }));
  s.result.survivor.resize(n);
  s.result.similarity.resize(n);
  s.result.kind.assign(n, 0);
  SARING_RETURN_IF_ERROR(neardup_internal::AssignSurvivors(
      &uf, [&s](uint32_t a, uint32_t b) { return s.Better(a, b); }, oracle.get(), &s.result));
  stats_.signatures_spilled = s.signatures.spilled();
  s.scores.clear();
  s.signatures.Release();  // Get needs only the cluster result
  s.words.Release();
  stats_.documents = s.count;
  stats_.clusters = s.result.clusters;
  stats_.removed = s.result.removed;
  stats_.extra_leaders = s.result.extra_leaders;
  stats_.capped_components = s.result.capped_components;
  s.finished = true;
  return Status::Ok();
}

NearDupDetector::Decision NearDupDetector::Get(uint64_t ordinal) const {
  const State& s = *state_;
  SARING_DCHECK(s.finished && ordinal < s.count);
  const uint32_t survivor = s.result.survivor[ordinal];
  const uint32_t size = s.result.cluster_size[survivor];
  const bool removed = survivor != ordinal;
  return Decision{removed,
                  survivor,
                  s.result.similarity[ordinal],
                  static_cast<SimilarityKind>(s.result.kind[ordinal]),
                  survivor,
                  size,
                  !removed && size > 1};
}

}  // namespace saring
