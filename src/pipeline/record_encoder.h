// Builds the output JSONL lines of kept, removed and quarantined records.
//
// A JSONL record is spliced, not re-serialised: the text value is replaced (kept documents only)
// and saring's annotations are inserted as metadata.saring; every other byte of the input line,
// including unknown fields, their order and their spacing, passes through unchanged. Text-file
// documents become {"id", "text", "metadata": {"source_file", "saring"}}, and WARC/WET documents
// the same with their URL, date and record offsets in metadata (warc_document.h).
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_PIPELINE_RECORD_ENCODER_H_
#define SARING_PIPELINE_RECORD_ENCODER_H_

#include <string>
#include <string_view>

#include "pipeline/doc_work.h"

namespace saring::pipeline {

// Appends the kept document's line (with '\n'). `line` is the original record (JSONL input).
void EncodeKept(const DocWork& doc, std::string_view line, std::string* out);

// Appends the removed document's line: original text, metadata.saring.reason (+ duplicate_of).
void EncodeRemoved(const DocWork& doc, std::string_view line, std::string* out);

// Appends a quarantine line: file, line, byte_offset (WARC: also file_offset), error, message, and the raw bytes (as
// "raw" when they are UTF-8, else as "raw_base64"); a too-long record keeps only a prefix.
void EncodeQuarantine(const DocWork& doc, const RecordRef& ref, std::string_view raw,
                      std::string_view file, std::string* out);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_RECORD_ENCODER_H_
