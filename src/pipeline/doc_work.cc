#include "pipeline/doc_work.h"

namespace saring::pipeline {

void DocWork::Reset() {
  fate = DocFate::kKept;
  error = RecordError::kNone;
  error_detail.clear();
  from_text_file = false;
  source_file.clear();
  record_metadata.clear();
  from_warc = false;
  text.clear();
  text_bytes = 0;
  doc_hash = 0;
  reason = RemovalReason::kNone;
  duplicate_of.clear();
  cross_spans.clear();
  shingle_text.clear();
  band_keys.clear();
  source.clear();
  stage_spans.clear();
  final_text.clear();
  final_normalized.clear();
  has_language = false;
  signals_json.clear();
  classifier_json.clear();
  language_shares_json.clear();
  rule = {};
  survivor_key = 0;
  near_dup_removed = false;
  archive_match = false;
  archive_id.clear();
  archive_similarity = 0;
  archive_kind = SimilarityKind::kEstimated;
  cluster_head = false;
  similarity = 0;
  similarity_kind = SimilarityKind::kEstimated;
  word_hashes.clear();
  shingle_folds.clear();
  substring_keys.clear();
  substring_windows.clear();
  substring_offsets.clear();
  substring_input = false;
  cluster_id = 0;
  cluster_size = 0;
  parsed.id.clear();
  parsed.id_generated = false;
}

}  // namespace saring::pipeline
