// The member names of saring's output records, written by the run (src/pipeline/record_encoder.cc)
// and read by the report, explain and anyone reading an output folder. The format itself (every
// field, its type and meaning) is specified in docs/formats/output-record.md.
//
// kept/ and removed/ records are the input records with saring's annotation object added as
// metadata.saring (or as a top-level "saring" member when the input's metadata is not an
// object); quarantine/ records are objects of their own.
//
// Thread-safety: constants only.
#ifndef SARING_OUTPUT_RECORD_H_
#define SARING_OUTPUT_RECORD_H_

#include <string_view>

namespace saring::output_record {

// Where the annotation sits: record.metadata.saring.
inline constexpr std::string_view kMetadata = "metadata";
inline constexpr std::string_view kSaring = "saring";

// Annotation members of kept documents.
inline constexpr std::string_view kRemovedSpans = "removed_spans";  // array of spans, by begin
inline constexpr std::string_view kCluster = "cluster";  // {id, size}: survivor of a cluster
inline constexpr std::string_view kSignals = "signals";  // quality signals (when recorded)
inline constexpr std::string_view kClassifiers = "classifiers";  // classifier scores (when run)

// Members of one removed span (and of its duplicate_of object: kId, kBegin, kEnd).
inline constexpr std::string_view kBegin = "begin";
inline constexpr std::string_view kEnd = "end";
inline constexpr std::string_view kText = "text";
inline constexpr std::string_view kEvidence = "evidence";
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kSize = "size";

// Annotation members of removed documents (kReason and kDuplicateOf also in spans).
inline constexpr std::string_view kReason = "reason";
inline constexpr std::string_view kDuplicateOf = "duplicate_of";
inline constexpr std::string_view kRule = "rule";
inline constexpr std::string_view kValue = "value";
inline constexpr std::string_view kThreshold = "threshold";
inline constexpr std::string_view kSimilarity = "similarity";
inline constexpr std::string_view kSimilarityKind = "similarity_kind";
inline constexpr std::string_view kArchived = "archived";
inline constexpr std::string_view kClusterId = "cluster_id";
inline constexpr std::string_view kClusterSize = "cluster_size";

// Both: the language found, and the id saring gave a record that had none.
inline constexpr std::string_view kLanguage = "language";  // {code, score, runner_up, ...}
inline constexpr std::string_view kCode = "code";
inline constexpr std::string_view kScore = "score";
inline constexpr std::string_view kRunnerUp = "runner_up";
inline constexpr std::string_view kRunnerUpScore = "runner_up_score";
inline constexpr std::string_view kReliable = "reliable";
inline constexpr std::string_view kParagraphs = "paragraphs";  // per-paragraph language shares
inline constexpr std::string_view kGeneratedId = "generated_id";

// Text-file and WARC documents: the file they came from (in metadata, beside saring).
inline constexpr std::string_view kSourceFile = "source_file";

// Members of a quarantine record.
inline constexpr std::string_view kFile = "file";
inline constexpr std::string_view kLine = "line";
inline constexpr std::string_view kByteOffset = "byte_offset";
inline constexpr std::string_view kFileOffset = "file_offset";
inline constexpr std::string_view kError = "error";
inline constexpr std::string_view kMessage = "message";
inline constexpr std::string_view kLength = "length";
inline constexpr std::string_view kRawTruncated = "raw_truncated";
inline constexpr std::string_view kRaw = "raw";
inline constexpr std::string_view kRawBase64 = "raw_base64";

}  // namespace saring::output_record

#endif  // SARING_OUTPUT_RECORD_H_
