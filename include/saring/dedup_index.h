// A persistent index of MinHash signatures of already-published documents, so that a new
// batch can be deduplicated against earlier ones (`saring run --index`, `--update-index`).
//
// The file (docs/formats/dedup-index.md) holds a header with the signing parameters, the
// archived documents' ids (strings), their signatures, per band the band keys sorted for binary
// search, and optionally (format version 3) each document's word hashes, which let a query under
// near_dup.verify=align verify candidates by word alignment as one run does. Load reads the whole
// file into memory (about 8 + 4K + 12 * bands bytes per document, plus 8 + 4 per word when it
// holds words) and checks it completely, so a corrupt file yields Corruption, never a crash.
//
// Thread-safety: a loaded or built DedupIndex is immutable; Query may run from any number of
// threads at once, each with its own scratch.
#ifndef SARING_DEDUP_INDEX_H_
#define SARING_DEDUP_INDEX_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "saring/lsh.h"
#include "saring/near_dup.h"
#include "saring/status.h"

namespace saring {

// The signing and banding parameters an index was built with. Signatures queried against an
// index must have been computed with the same values (see Compatible).
struct DedupIndexParams {
  uint32_t hash_id = 0;  // kMinHashSchemeId of the signer
  uint64_t seed = 0;
  uint32_t num_perm = 0;
  uint32_t bands = 0;
  uint32_t rows = 0;
  uint32_t ngram = 0;
  bool char_ngrams = false;

  bool operator==(const DedupIndexParams&) const = default;
};

// The word hashes (ComputeWordHashes) of an index's documents, back to back: document i's are
// hashes[offsets[i], offsets[i + 1]). A writer adds one document's words per id, in id order.
struct DedupIndexWords {
  std::vector<uint64_t> offsets = {0};
  std::vector<uint32_t> hashes;

  // Appends the next document's words, cut to their first DedupIndex::kMaxWords.
  void Add(std::span<const uint32_t> words);
  uint64_t documents() const { return offsets.size() - 1; }
};

// The alignment thresholds of an aligned query: NearDupOptions::threshold, containment and
// min_length_ratio of the run (NearDupVerify::kAlign; docs/near-dup.md section 4).
struct DedupIndexAlign {
  double aligned = 0.85;
  double containment = 0.95;
  double min_length_ratio = 0.7;
};

class DedupIndex {
 public:
  // The format version written; readers accept it and version 2 (no words).
  static constexpr uint32_t kFormatVersion = 3;
  // Words kept per document (the aligner's kMaxAlignedWords: it compares no more).
  static constexpr size_t kMaxWords = size_t{1} << 14;

  struct Match {
    bool found = false;       // some archived document is at least `threshold` similar
    std::string_view id;      // its id (a view into the index, valid while it lives)
    double similarity = 0.0;  // MinHash estimate against it, or the aligned / contained share
    uint64_t position = 0;    // its position in the index
    SimilarityKind kind = SimilarityKind::kEstimated;  // the measure of `similarity`
  };

  // Per-thread scratch of aligned queries (candidates and the word aligner's tables).
  class AlignScratch {
   public:
    AlignScratch();
    ~AlignScratch();
    AlignScratch(const AlignScratch&) = delete;
    AlignScratch& operator=(const AlignScratch&) = delete;

   private:
    friend class DedupIndex;
    struct Tables;
    std::vector<uint32_t> candidates_;
    std::unique_ptr<Tables> tables_;
  };

  // An index of `ids.size()` documents with signatures[i * num_perm, (i + 1) * num_perm) for
  // ids[i]. Returns InvalidArgument for inconsistent params or sizes, or more than 2^32 - 1
  // documents. Cost: O(n log n) for sorting band keys.
  static Result<DedupIndex> Build(const DedupIndexParams& params,
                                  const std::vector<std::string>& ids,
                                  std::vector<uint32_t> signatures);
  // The same with each document's word hashes (words.documents() == ids.size(), else
  // InvalidArgument): the index is written with its words section (has_words()).
  static Result<DedupIndex> Build(const DedupIndexParams& params,
                                  const std::vector<std::string>& ids,
                                  std::vector<uint32_t> signatures, DedupIndexWords words);

  // Reads and checks the index at `path` (format version 2 or 3). Returns NotFound or IoError
  // when it cannot be read, Corruption when the magic, version, sizes, checksum, band tables or
  // word offsets are wrong.
  static Result<DedupIndex> Load(const std::string& path);

  // Writes the index to `path` atomically: a temporary file in the same folder, flushed and
  // then renamed over `path`. Returns IoError.
  Status Write(const std::string& path) const;

  // A new index holding this one's documents followed by `count` more (the survivors of a
  // batch, for --update-index). Returns InvalidArgument like Build. The new index holds no
  // words (its documents' words are incomplete): use the overload below to keep them.
  Result<DedupIndex> WithAppended(const std::vector<std::string>& ids, const uint32_t* signatures,
                                  size_t count) const;
  // The same with the appended documents' words (words.documents() == count, else
  // InvalidArgument). The new index has words if this one has; appending to an index without
  // words (version 2, or built without) gives one without words.
  Result<DedupIndex> WithAppended(const std::vector<std::string>& ids, const uint32_t* signatures,
                                  size_t count, const DedupIndexWords& words) const;

  // The archived document most similar to `signature` (num_perm values) among those sharing
  // at least one band key with it, if its MinHash estimate is >= threshold; ties go to the
  // lower position. `scratch` holds candidates between calls. Cost: bands binary searches plus
  // one signature comparison per distinct candidate.
  Match Query(const uint32_t* signature, double threshold, std::vector<uint32_t>* scratch) const;

  // A query under near_dup.verify=align, judged as one run's AlignOracle judges a candidate
  // pair: among the archived documents sharing a band key with `signature`, those whose
  // signature estimate is at least 0.25 (neardup_internal::kAlignMinEstimate) are aligned with
  // `words` (the query's word hashes) by JudgeAlignment, containment rule included; the match is
  // the similar one of highest value, ties to the lower position. Without words (has_words()
  // false) it falls back to Query by the estimate >= align.aligned. Cost: as Query, plus one
  // alignment, O(n m / 64) for n and m words, per candidate passing the estimate.
  Match Query(const uint32_t* signature, std::span<const uint32_t> words,
              const DedupIndexAlign& align, AlignScratch* scratch) const;

  const DedupIndexParams& params() const { return params_; }
  uint64_t size() const { return id_offsets_.size() - 1; }
  std::string_view id(uint64_t position) const {
    return std::string_view(id_blob_).substr(id_offsets_[position],
                                             id_offsets_[position + 1] - id_offsets_[position]);
  }
  const uint32_t* signature(uint64_t position) const {
    return signatures_.data() + position * params_.num_perm;
  }
  // Whether the index holds its documents' word hashes (built with them, or a version 3 file
  // written so), and document `position`'s (empty without).
  bool has_words() const { return has_words_; }
  // The format version of the file it was loaded from (kFormatVersion when built).
  uint32_t format_version() const { return format_version_; }
  uint64_t word_count() const { return has_words_ ? words_.hashes.size() : 0; }
  std::span<const uint32_t> words(uint64_t position) const {
    if (!has_words_) return {};
    return std::span<const uint32_t>(words_.hashes)
        .subspan(words_.offsets[position], words_.offsets[position + 1] - words_.offsets[position]);
  }

 private:
  DedupIndex() = default;
  // Fills band_keys_ / band_docs_ from the signatures.
  void BuildBands();
  // Sets *out to the distinct positions sharing a band key with `signature`, ascending.
  void Candidates(const uint32_t* signature, std::vector<uint32_t>* out) const;

  DedupIndexParams params_;
  std::vector<uint64_t> id_offsets_ = {0};  // id i is id_blob_[offsets[i], offsets[i + 1])
  std::string id_blob_;
  std::vector<uint32_t> signatures_;
  std::vector<std::vector<uint64_t>> band_keys_;  // per band, sorted ascending
  std::vector<std::vector<uint32_t>> band_docs_;  // per band, positions in key order
  bool has_words_ = false;
  uint32_t format_version_ = kFormatVersion;
  DedupIndexWords words_;  // when has_words_
};

}  // namespace saring

#endif  // SARING_DEDUP_INDEX_H_
