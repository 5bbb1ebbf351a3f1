// DocSigner: computes a document's MinHash signature exactly as `saring run` does in its signing
// pass (src/pipeline/doc_analyzer.cc): repair the text, take RepairResult::kept_normalized (the
// normalised kept paragraphs joined by '\n'), fold the ASCII digits 1-9 to '0', and sign that.
// It also yields what the pipeline's sequential stage uses next: whether the document is empty
// (removed before signing), the XXH3-64 hash of kept_normalized (exact dedup) and the byte length
// of the kept text (survivor policy "longest").
//
// Thread-safety: not thread-safe (it owns a repairer and scratch buffers); use one per thread.
// The MinHasher it borrows must outlive it and may be shared.
#ifndef SARING_PYTHON_DOC_SIGNER_H_
#define SARING_PYTHON_DOC_SIGNER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "saring/minhash.h"
#include "saring/repair.h"

namespace saring::python {

// What the pipeline decides about a document before the sequential dedup stage.
enum class SignedStatus : uint8_t {
  kSigned = 0,            // has a signature
  kQuarantined = 1,       // the record could not be parsed (no signature)
  kEmptyText = 2,         // no normalised text at all (removed as "empty_text")
  kEmptyAfterRepair = 3,  // everything was cut by repair ("empty_after_repair")
};

// The removal reason `saring run` records for a status ("" for kSigned).
std::string_view SignedStatusReason(SignedStatus status);

struct SignedDoc {
  SignedStatus status = SignedStatus::kSigned;
  uint64_t doc_hash = 0;    // XXH3-64 of kept_normalized (0 unless kSigned)
  uint64_t kept_bytes = 0;  // bytes of the repaired (kept) text
};

// The repair options `saring run` uses: `options`, or every removal off when `repair` is false.
RepairOptions PipelineRepairOptions(bool repair, const RepairOptions& options);

class DocSigner {
 public:
  // `hasher` is borrowed. `repair` are the options of the run's repair stage.
  DocSigner(const MinHasher* hasher, const RepairOptions& repair);
  DocSigner(const DocSigner&) = delete;  // owns a repairer and large scratch buffers
  DocSigner& operator=(const DocSigner&) = delete;

  // Repairs and normalises `text` as the pipeline does and writes the signature to
  // signature[0, num_perm). For an empty result the status says so and the signature is that of
  // the empty text (the pipeline would not sign such a document).
  SignedDoc Sign(std::string_view text, uint32_t* signature);

  // Signs `shingle_text` as given (already normalised and digit-folded).
  void SignPrepared(std::string_view shingle_text, uint32_t* signature);

 private:
  const MinHasher* hasher_;
  DocumentRepairer repairer_;
  RepairResult repaired_;
  std::string shingle_text_;
  SignScratch scratch_;
};

}  // namespace saring::python

#endif  // SARING_PYTHON_DOC_SIGNER_H_
