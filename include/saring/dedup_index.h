// A persistent index of MinHash signatures of already-published documents, so that a new
// batch can be deduplicated against earlier ones (`saring run --index`, `--update-index`).
//
// The file (docs/formats/dedup-index.md) holds a header with the signing parameters, the
// archived documents' ids (strings), their signatures, and per band the band keys sorted for
// binary search. Load reads the whole file into memory (about 8 + 4K + 12 * bands bytes per
// document) and checks it completely, so a corrupt file yields Corruption, never a crash.
//
// Thread-safety: a loaded or built DedupIndex is immutable; Query may run from any number of
// threads at once, each with its own scratch vector.
#ifndef SARING_DEDUP_INDEX_H_
#define SARING_DEDUP_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/lsh.h"
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

class DedupIndex {
 public:
  // Current format version; readers reject any other.
  static constexpr uint32_t kFormatVersion = 2;

  struct Match {
    bool found = false;       // some archived document is at least `threshold` similar
    std::string_view id;      // its id (a view into the index, valid while it lives)
    double similarity = 0.0;  // MinHash estimate against it
    uint64_t position = 0;    // its position in the index
  };

  // An index of `ids.size()` documents with signatures[i * num_perm, (i + 1) * num_perm) for
  // ids[i]. Returns InvalidArgument for inconsistent params or sizes, or more than 2^32 - 1
  // documents. Cost: O(n log n) for sorting band keys.
  static Result<DedupIndex> Build(const DedupIndexParams& params, const std::vector<std::string>& ids,
                                  std::vector<uint32_t> signatures);

  // Reads and checks the index at `path`. Returns NotFound or IoError when it cannot be read,
  // Corruption when the magic, version, sizes, checksum or band tables are wrong.
  static Result<DedupIndex> Load(const std::string& path);

  // Writes the index to `path` atomically: a temporary file in the same folder, flushed and
  // then renamed over `path`. Returns IoError.
  Status Write(const std::string& path) const;

  // A new index holding this one's documents followed by `count` more (the survivors of a
  // batch, for --update-index). Returns InvalidArgument like Build.
  Result<DedupIndex> WithAppended(const std::vector<std::string>& ids, const uint32_t* signatures,
                                  size_t count) const;

  // The archived document most similar to `signature` (num_perm values) among those sharing
  // at least one band key with it, if its MinHash estimate is >= threshold; ties go to the
  // lower position. `scratch` holds candidates between calls. Cost: bands binary searches plus
  // one signature comparison per distinct candidate.
  Match Query(const uint32_t* signature, double threshold, std::vector<uint32_t>* scratch) const;

  const DedupIndexParams& params() const { return params_; }
  uint64_t size() const { return id_offsets_.size() - 1; }
  std::string_view id(uint64_t position) const {
    return std::string_view(id_blob_).substr(id_offsets_[position],
                                             id_offsets_[position + 1] - id_offsets_[position]);
  }
  const uint32_t* signature(uint64_t position) const {
    return signatures_.data() + position * params_.num_perm;
  }

 private:
  DedupIndex() = default;
  // Fills band_keys_ / band_docs_ from the signatures.
  void BuildBands();

  DedupIndexParams params_;
  std::vector<uint64_t> id_offsets_ = {0};  // id i is id_blob_[offsets[i], offsets[i + 1])
  std::string id_blob_;
  std::vector<uint32_t> signatures_;
  std::vector<std::vector<uint64_t>> band_keys_;  // per band, sorted ascending
  std::vector<std::vector<uint32_t>> band_docs_;  // per band, positions in key order
};

}  // namespace saring

#endif  // SARING_DEDUP_INDEX_H_
