#include "pipeline/doc_work.h"

namespace saring::pipeline {

void DocWork::Reset() {
  fate = DocFate::kKept;
  error = RecordError::kNone;
  error_detail.clear();
  from_text_file = false;
  source_file.clear();
  text.clear();
  doc_hash = 0;
  reason.clear();
  duplicate_of.clear();
  cross_spans.clear();
  parsed.id.clear();
  parsed.id_generated = false;
}

}  // namespace saring::pipeline
