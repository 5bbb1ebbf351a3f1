#include "pipeline/record_encoder.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "saring/normalize.h"
#include "saring/output_record.h"
#include "util/base64.h"

namespace saring::pipeline {
namespace {

namespace keys = output_record;

// One removed span in the output: where it was, why, and what it duplicates.
struct OutSpan {
  uint32_t begin, end;
  std::string_view reason;
  std::string_view dup_id;  // empty: not a duplicate
  uint32_t dup_begin, dup_end;
  std::string_view evidence;  // why a corpus-level stage cut it (boilerplate)
};

void CollectSpans(const DocWork& doc, std::vector<OutSpan>* spans) {
  spans->clear();
  for (const RemovedSpan& s : doc.repair.removed) {
    OutSpan o{s.begin, s.end, SpanReasonName(s.reason), {}, s.dup_begin, s.dup_end, {}};
    if (s.duplicate_of >= 0) o.dup_id = doc.parsed.id;
    spans->push_back(o);
  }
  for (const CrossDocSpan& s : doc.cross_spans) {
    spans->push_back(OutSpan{s.begin, s.end, s.reason, s.duplicate_id, s.dup_begin, s.dup_end, {}});
  }
  for (const StageSpan& s : doc.stage_spans) {
    spans->push_back(OutSpan{s.begin, s.end, s.reason, {}, 0, 0, s.evidence});
  }
  std::sort(spans->begin(), spans->end(),
            [](const OutSpan& a, const OutSpan& b) { return a.begin < b.begin; });
}

// Appends "key": (after a ',' unless `first`).
void AppendKey(std::string_view key, std::string* out, bool first = false) {
  out->append(first ? "\"" : ",\"");
  out->append(key);
  out->append("\":");
}

void AppendNumberField(std::string_view key, uint64_t v, std::string* out, bool first = false) {
  AppendKey(key, out, first);
  out->append(std::to_string(v));
}

// Appends "key":<json> unless `json_value` is empty (a member left out).
void AppendRawMember(std::string_view key, std::string_view json_value, std::string* out) {
  if (json_value.empty()) return;
  AppendKey(key, out);
  out->append(json_value);
}

// A record without an id (or with a null id) keeps its fields as they are; the id saring gave it
// (<file stem>:<line>) is recorded as metadata.saring.generated_id.
void AppendGeneratedId(const DocWork& doc, std::string* json) {
  if (!doc.parsed.id_generated) return;
  AppendKey(keys::kGeneratedId, json);
  AppendJsonString(doc.parsed.id, json);
}

// A finite number in JSON's spelling (NaN and infinities, which JSON lacks, become 0).
double JsonNumber(double v) { return std::isfinite(v) ? v : 0.0; }

// ,"language":{"code","score","runner_up","runner_up_score","reliable"} when identified.
void AppendLanguage(const DocWork& doc, std::string* json) {
  if (!doc.has_language) return;
  const LanguageGuess& g = doc.language;
  AppendKey(keys::kLanguage, json);
  json->push_back('{');
  AppendKey(keys::kCode, json, /*first=*/true);
  AppendJsonString(g.language, json);
  json->append(
      fmt::format(",\"{}\":{:.4f},\"{}\":", keys::kScore, JsonNumber(g.score), keys::kRunnerUp));
  AppendJsonString(g.runner_up, json);
  json->append(fmt::format(",\"{}\":{:.4f},\"{}\":{}", keys::kRunnerUpScore,
                           JsonNumber(g.runner_up_score), keys::kReliable,
                           g.reliable ? "true" : "false"));
  AppendRawMember(keys::kParagraphs, doc.language_shares_json, json);
  json->push_back('}');
}

// {"removed_spans":[...]} for a kept document; sets *kept (unless null) to the text without the
// spans.
void BuildKeptAnnotation(const DocWork& doc, std::string* kept, std::string* json) {
  thread_local std::vector<OutSpan> spans;
  CollectSpans(doc, &spans);
  std::string_view text = doc.text;
  if (kept != nullptr) kept->clear();
  json->assign(1, '{');  // not assign("{"): GCC 12 -Wrestrict false positive (GCC bug 105329)
  AppendKey(keys::kRemovedSpans, json, /*first=*/true);
  json->push_back('[');
  uint32_t cursor = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    const OutSpan& s = spans[i];
    if (kept != nullptr) kept->append(text.substr(cursor, s.begin - cursor));
    cursor = s.end;
    if (i) json->push_back(',');
    json->push_back('{');
    AppendNumberField(keys::kBegin, s.begin, json, /*first=*/true);
    AppendNumberField(keys::kEnd, s.end, json);
    AppendKey(keys::kReason, json);
    AppendJsonString(s.reason, json);
    AppendKey(keys::kText, json);
    AppendJsonString(text.substr(s.begin, s.end - s.begin), json);
    if (!s.dup_id.empty()) {
      AppendKey(keys::kDuplicateOf, json);
      json->push_back('{');
      AppendKey(keys::kId, json, /*first=*/true);
      AppendJsonString(s.dup_id, json);
      AppendNumberField(keys::kBegin, s.dup_begin, json);
      AppendNumberField(keys::kEnd, s.dup_end, json);
      json->push_back('}');
    }
    if (!s.evidence.empty()) {
      AppendKey(keys::kEvidence, json);
      AppendJsonString(s.evidence, json);
    }
    json->push_back('}');
  }
  if (kept != nullptr) kept->append(text.substr(cursor));
  json->push_back(']');
  if (doc.cluster_head) {
    json->append(fmt::format(",\"{}\":{{\"{}\":{},\"{}\":{}}}", keys::kCluster, keys::kId,
                             doc.cluster_id, keys::kSize, doc.cluster_size));
  }
  AppendLanguage(doc, json);
  AppendRawMember(keys::kSignals, doc.signals_json, json);
  AppendRawMember(keys::kClassifiers, doc.classifier_json, json);
  AppendGeneratedId(doc, json);
  json->push_back('}');
}

void BuildRemovedAnnotation(const DocWork& doc, std::string* json) {
  json->assign(1, '{');  // not assign("{"): GCC 12 -Wrestrict false positive (GCC bug 105329)
  AppendKey(keys::kReason, json, /*first=*/true);
  AppendJsonString(RemovalReasonName(doc.reason), json);
  if (!doc.duplicate_of.empty()) {
    AppendKey(keys::kDuplicateOf, json);
    AppendJsonString(doc.duplicate_of, json);
  }
  if (!doc.rule.empty()) {
    AppendKey(keys::kRule, json);
    AppendJsonString(doc.rule, json);
    json->append(fmt::format(",\"{}\":{},\"{}\":{}", keys::kValue, JsonNumber(doc.rule_value),
                             keys::kThreshold, JsonNumber(doc.rule_threshold)));
  }
  AppendLanguage(doc, json);
  AppendRawMember(keys::kClassifiers, doc.classifier_json, json);
  if (doc.archive_match && doc.near_dup_removed) {  // not an exact duplicate that matched too
    json->append(fmt::format(",\"{}\":{:.4f},\"{}\":\"{}\",\"{}\":true", keys::kSimilarity,
                             JsonNumber(doc.similarity), keys::kSimilarityKind,
                             SimilarityKindName(doc.similarity_kind), keys::kArchived));
  } else if (doc.near_dup_removed) {
    json->append(fmt::format(",\"{}\":{:.4f},\"{}\":\"{}\",\"{}\":{},\"{}\":{}", keys::kSimilarity,
                             JsonNumber(doc.similarity), keys::kSimilarityKind,
                             SimilarityKindName(doc.similarity_kind), keys::kClusterId,
                             doc.cluster_id, keys::kClusterSize, doc.cluster_size));
  }
  AppendGeneratedId(doc, json);
  json->push_back('}');
}

struct Edit {
  size_t begin, end;  // bytes of the line replaced
  std::string_view with;
};

// Applies one or two non-overlapping edits (any order) to `line`, appending the result to *out.
void ApplyEdits(std::string_view line, Edit* edits, size_t n, std::string* out) {
  if (n == 2 && edits[1].begin < edits[0].begin) std::swap(edits[0], edits[1]);
  size_t cursor = 0;
  for (size_t i = 0; i < n; ++i) {
    out->append(line.substr(cursor, edits[i].begin - cursor));
    out->append(edits[i].with);
    cursor = edits[i].end;
  }
  out->append(line.substr(cursor));
}

// Splices `annotation` into the record as metadata.saring (see the header), and the new text
// value when `text_json` is non-empty.
void Splice(const DocWork& doc, std::string_view line, std::string_view text_json,
            std::string_view annotation, std::string* out) {
  const RecordLayout& l = doc.parsed.layout;
  thread_local std::string insert;
  insert.clear();
  Edit edits[2];
  size_t n = 0;
  if (!text_json.empty()) edits[n++] = Edit{l.text_begin, l.text_end, text_json};
  if (l.metadata_kind == MetadataKind::kObject) {
    if (l.has_saring) {
      edits[n++] = Edit{l.saring_begin, l.saring_end, annotation};
    } else {
      AppendKey(keys::kSaring, &insert, /*first=*/l.metadata_empty);
      insert.append(annotation);
      edits[n++] = Edit{l.metadata_close, l.metadata_close, insert};
    }
  } else if (l.metadata_kind == MetadataKind::kNull) {
    insert.push_back('{');
    AppendKey(keys::kSaring, &insert, /*first=*/true);
    insert.append(annotation).push_back('}');
    edits[n++] = Edit{l.metadata_begin, l.metadata_end, insert};
  } else if (l.metadata_kind == MetadataKind::kOther && l.has_saring) {
    // metadata is not an object: annotations go to a top-level "saring" field instead.
    edits[n++] = Edit{l.saring_begin, l.saring_end, annotation};
  } else {
    bool other = l.metadata_kind == MetadataKind::kOther;
    if (!other) {
      AppendKey(keys::kMetadata, &insert, /*first=*/l.root_empty);
      insert.push_back('{');
    }
    AppendKey(keys::kSaring, &insert, /*first=*/!other || l.root_empty);
    insert.append(annotation);
    if (!other) insert.push_back('}');
    edits[n++] = Edit{l.root_close, l.root_close, insert};
  }
  ApplyEdits(line, edits, n, out);
  out->push_back('\n');
}

void EncodeTextFileRecord(const DocWork& doc, std::string_view text, std::string_view annotation,
                          std::string* out) {
  out->push_back('{');
  AppendKey(keys::kId, out, /*first=*/true);
  AppendJsonString(doc.parsed.id, out);
  AppendKey(keys::kText, out);
  AppendJsonString(text, out);
  AppendKey(keys::kMetadata, out);
  out->push_back('{');
  AppendKey(keys::kSourceFile, out, /*first=*/true);
  AppendJsonString(doc.source_file, out);
  out->append(doc.record_metadata);
  AppendKey(keys::kSaring, out);
  out->append(annotation);
  out->append("}}\n");
}

}  // namespace

void EncodeKept(const DocWork& doc, std::string_view line, std::string* out) {
  thread_local std::string kept, annotation, text_json;
  // Unchanged text keeps its original spelling (escapes included): the line's own bytes are
  // copied once, into *out, and no kept text is built.
  const bool cut =
      !doc.repair.removed.empty() || !doc.cross_spans.empty() || !doc.stage_spans.empty();
  BuildKeptAnnotation(doc, cut || doc.from_text_file ? &kept : nullptr, &annotation);
  if (doc.from_text_file) {
    EncodeTextFileRecord(doc, kept, annotation, out);
    return;
  }
  text_json.clear();
  if (cut) AppendJsonString(kept, &text_json);
  Splice(doc, line, text_json, annotation, out);
}

void EncodeRemoved(const DocWork& doc, std::string_view line, std::string* out) {
  thread_local std::string annotation;
  BuildRemovedAnnotation(doc, &annotation);
  if (doc.from_text_file) {
    EncodeTextFileRecord(doc, doc.text, annotation, out);
    return;
  }
  Splice(doc, line, {}, annotation, out);
}

void EncodeQuarantine(const DocWork& doc, const RecordRef& ref, std::string_view raw,
                      std::string_view file, std::string* out) {
  out->push_back('{');
  AppendKey(keys::kFile, out, /*first=*/true);
  AppendJsonString(file, out);
  AppendNumberField(keys::kLine, ref.line, out);
  AppendNumberField(keys::kByteOffset, ref.byte_offset, out);
  if (ref.format == RecordFormat::kWarc) AppendNumberField(keys::kFileOffset, ref.file_offset, out);
  AppendKey(keys::kError, out);
  AppendJsonString(RecordErrorName(doc.error), out);
  AppendKey(keys::kMessage, out);
  AppendJsonString(doc.error_detail, out);
  AppendNumberField(keys::kLength, std::max<uint64_t>(ref.full_length, raw.size()), out);
  if (raw.size() < ref.full_length) {
    AppendKey(keys::kRawTruncated, out);
    out->append("true");
  }
  if (IsValidUtf8(raw)) {
    AppendKey(keys::kRaw, out);
    AppendJsonString(raw, out);
  } else {
    AppendKey(keys::kRawBase64, out);
    out->push_back('"');
    AppendBase64(raw, out);
    out->push_back('"');
  }
  out->append("}\n");
}

}  // namespace saring::pipeline
