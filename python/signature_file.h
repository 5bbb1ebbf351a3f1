// Signature shard files: the output of saring.sign_shard() and the input of saring.cluster().
//
// One file holds, for every record of one input file in order, what the pipeline's signing pass
// knows about it before the sequential dedup stage: its id, 1-based line, status (signed,
// quarantined, empty), the XXH3-64 hash of its normalised kept text (exact dedup), the byte length
// of its kept text (survivor "longest") and, for signed records, its MinHash signature. The layout
// (fixed-width little-endian, magic, version, signing parameters, checksum) is specified in
// docs/python.md, "Signature shard format".
//
// Thread-safety: plain values and stateless functions; safe from any thread.
#ifndef SARING_PYTHON_SIGNATURE_FILE_H_
#define SARING_PYTHON_SIGNATURE_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doc_signer.h"
#include "saring/status.h"

namespace saring::python {

inline constexpr char kSignatureMagic[8] = {'S', 'R', 'N', 'G', 'S', 'I', 'G', '\0'};
inline constexpr uint32_t kSignatureFormatVersion = 1;

// The signing parameters every signature in a file was computed with.
struct SignatureParams {
  uint32_t hash_id = 0;  // kMinHashSchemeId
  uint64_t seed = 0;
  uint32_t num_perm = 0;
  uint32_t ngram = 0;
  bool char_ngrams = false;

  bool operator==(const SignatureParams&) const = default;
};

struct SignatureRecord {
  SignedStatus status = SignedStatus::kSigned;
  uint64_t line = 0;
  uint64_t doc_hash = 0;
  uint64_t kept_bytes = 0;
  std::string id;
  uint64_t signature_index = 0;  // kSigned: row in SignatureShard::signatures
};

struct SignatureShard {
  SignatureParams params;
  std::vector<SignatureRecord> records;
  std::vector<uint32_t> signatures;  // num_perm values per signed record, in record order

  const uint32_t* signature(const SignatureRecord& r) const {
    return signatures.data() + r.signature_index * params.num_perm;
  }
  // Appends a record; `signature` (num_perm values) is copied for kSigned records only.
  void Add(SignatureRecord record, const uint32_t* signature);
};

// The file bytes of `shard`.
std::string EncodeSignatureShard(const SignatureShard& shard);

// Parses file bytes; `name` is used in messages. Corruption for a wrong magic, size, or checksum,
// or inconsistent records; InvalidArgument for an unknown format version.
Result<SignatureShard> DecodeSignatureShard(std::string_view data, const std::string& name);

}  // namespace saring::python

#endif  // SARING_PYTHON_SIGNATURE_FILE_H_
