// Parses one JSONL record into the fields saring needs, and classifies bad records.
//
// The line is fully validated with simdjson's DOM parser (structure, UTF-8, escapes), then a light
// scanner (json_text.h) finds the byte extents of `text` and `metadata`, so the output stage can
// splice new values in while every other byte of the record passes through untouched.
//
// Thread-safety: a RecordParser is not thread-safe; use one per worker thread.
#ifndef SARING_PIPELINE_RECORD_PARSER_H_
#define SARING_PIPELINE_RECORD_PARSER_H_

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/json_text.h"

namespace saring::pipeline {

// Why a record cannot be processed. The names (RecordErrorName) appear in stats.json and in the
// quarantine records, so they are stable.
enum class RecordError : uint8_t {
  kNone = 0,
  kMalformedJson,     // not JSON at all, or broken JSON
  kTrailingContent,   // a JSON value followed by more bytes on the same line
  kNotAnObject,       // valid JSON but an array, number, string...
  kMissingText,       // no text field
  kNullText,          // text is null
  kTextNotString,     // text is a number, object...
  kInvalidUtf8,       // the line is not valid UTF-8
  kLoneSurrogate,     // a \uD800-\uDFFF escape without its pair
  kNulByte,           // a raw NUL byte in the line, or a \u0000 escape in the text
  kControlCharacter,  // an unescaped control character inside a string
  kLineTooLong,       // longer than the configured limit (set by the reader)
  kStreamError,       // the compressed stream or the file broke (set by the reader)
  kUnreadableFile,    // the input could not be opened
  kDamagedRecord,     // a WARC/WET record (or the HTTP response in it) is damaged
  kNumErrors,
};
std::string_view RecordErrorName(RecordError e);

// Where saring's own annotations go in the output record.
enum class MetadataKind : uint8_t { kAbsent, kObject, kNull, kOther };

// Where the output stage edits a record's line: every offset is into the line. Derived from a
// parse (RecordParser) or restored from the signing pass's spill (analysis_cache.h).
struct RecordLayout {
  uint64_t text_begin = 0, text_end = 0;  // the text value, quotes included
  MetadataKind metadata_kind = MetadataKind::kAbsent;
  uint64_t metadata_begin = 0, metadata_end = 0;  // the metadata value
  uint64_t metadata_close = 0;                    // kObject: offset of its '}'
  bool metadata_empty = true;                     // kObject: it has no members
  // The value saring's annotation replaces: metadata.saring (kObject), or a top-level "saring"
  // (kOther: metadata is not an object). Absent otherwise.
  bool has_saring = false;
  uint64_t saring_begin = 0, saring_end = 0;
  uint64_t root_close = 0;  // offset of the record's closing '}'
  bool root_empty = true;   // the record has no members

  bool operator==(const RecordLayout&) const = default;
};

struct ParsedRecord {
  std::string_view text;      // decoded text; valid until the next Parse()
  std::string id;             // the id as a string (numbers keep their JSON spelling)
  bool id_generated = false;  // the record has no id: `id` is the caller's name for it
  RecordLayout layout;        // where the text and metadata are, for the output stage
  // The scan the layout is derived from.
  JsonObjectExtent metadata;              // members, when layout.metadata_kind is kObject
  int saring_member = -1;                 // index in metadata.members of "saring", or -1
  JsonObjectExtent root;                  // top-level members
  int root_saring_member = -1;            // top-level "saring", used when metadata is not an object
  std::vector<std::string> extra_values;  // values of ParserOptions::extra_fields, "" if absent
  std::string error_detail;               // for a person, when Parse() fails
};

struct ParserOptions {
  std::string id_field = "id";
  std::string text_field = "text";
  std::string metadata_field = "metadata";
  // Extra values to extract, as JSON pointers ("/metadata/source", "/url").
  std::vector<std::string> extra_fields;
};

class RecordParser {
 public:
  explicit RecordParser(const ParserOptions& options);
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // Parses `line`. REQUIRES: simdjson::SIMDJSON_PADDING readable bytes after line.end() (the
  // RecordBatch buffer guarantees it). Returns kNone and fills *out, or an error with
  // out->error_detail set. A record without an id field (or with a null id) gets
  // out->id_generated and an empty out->id: the caller names it (the pipeline: file stem and line).
  RecordError Parse(std::string_view line, ParsedRecord* out);

  // Decodes `json_string`, one JSON string value with its quotes (as RecordLayout's text extent
  // delimits it in a line that parsed), into *out. REQUIRES: simdjson::SIMDJSON_PADDING readable
  // bytes after it. False if it is not a valid JSON string.
  bool DecodeString(std::string_view json_string, std::string* out);

 private:
  RecordError Classify(simdjson::error_code code, std::string_view line, ParsedRecord* out);
  RecordError FindExtents(std::string_view line, ParsedRecord* out);
  bool KeyIs(std::string_view line, const JsonMember& m, std::string_view name);

  ParserOptions options_;
  std::string id_pointer_, text_pointer_, metadata_pointer_;
  simdjson::dom::parser parser_;
  simdjson::dom::parser key_parser_;  // decodes escaped keys (rare)
  std::string key_buffer_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_RECORD_PARSER_H_
