// The removed spans of a kept document (metadata.saring.removed_spans) and the original text they
// were cut from.
//
// A kept record's text is its repaired text; each removed span records where it was in the
// original text (UTF-8 byte offsets) and the bytes removed, so the original is the kept text with
// each span's bytes put back at span.begin, in offset order.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_OUTPUT_READER_DOC_TEXT_H_
#define SARING_OUTPUT_READER_DOC_TEXT_H_

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace saring::report {

// One removed span. Views point into the simdjson parser that produced the element.
struct SpanView {
  uint64_t begin = 0, end = 0;
  std::string_view reason, text, evidence;
  bool has_duplicate = false;     // a duplicate_of object is present
  std::string_view duplicate_id;  // its id (empty if the id is not a string)
  uint64_t duplicate_begin = 0, duplicate_end = 0;
};

// Fills *spans with metadata.saring.removed_spans of `saring` (the metadata.saring object), sorted
// by begin. Entries without numeric begin/end or a string text are skipped. Reuses *spans' memory.
void ParseSpans(simdjson::dom::element saring, std::vector<SpanView>* spans);

// Rebuilds the original text from the kept text and the spans (sorted by begin) into *out.
// Returns false, leaving a best effort in *out, if the spans do not fit the kept text (overlap,
// a begin beyond the text, or end - begin != text size).
bool RebuildOriginal(std::string_view kept, const std::vector<SpanView>& spans, std::string* out);

// Bytes the spans removed.
uint64_t RemovedBytes(const std::vector<SpanView>& spans);

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_DOC_TEXT_H_
