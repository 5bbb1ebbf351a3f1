// The public face of the signing pass's digit folding (doc_analyzer.h's FoldDigitsToZero), so that
// callers outside the pipeline (the Python MinHasher) sign exactly the text the run signs.
#include "saring/shingle_text.h"

#include "pipeline/doc_analyzer.h"

namespace saring {

void PrepareShingleText(std::string_view kept_normalized, std::string* out) {
  out->resize(kept_normalized.size());
  pipeline::FoldDigitsToZero(kept_normalized, out->data());
}

}  // namespace saring
