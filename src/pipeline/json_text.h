// Small JSON text helpers for the output path: string escaping, base64, and a scanner that finds
// the byte extents of an object's members in already-validated JSON, so that saring can splice
// new values into a record while every other byte passes through untouched.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_PIPELINE_JSON_TEXT_H_
#define SARING_PIPELINE_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/json_string.h"

namespace saring::pipeline {

// String literals: see saring/json_string.h.
using ::saring::AppendJsonString;

// One member of a JSON object, as byte offsets into the scanned text.
struct JsonMember {
  size_t key_begin = 0, key_end = 0;      // the key literal, quotes included
  size_t value_begin = 0, value_end = 0;  // the value's bytes
};

// Extents of an object value.
struct JsonObjectExtent {
  size_t open = 0;   // offset of '{'
  size_t close = 0;  // offset of the matching '}'
  std::vector<JsonMember> members;
};

// Scans the object starting at text[pos] (after optional whitespace) and fills *out with its top-level
// members in order. REQUIRES: `text` is valid JSON (checked by a full parser beforehand); the
// scanner does no validation of its own. Returns false if text[pos] does not start an object.
bool ScanObject(std::string_view text, size_t pos, JsonObjectExtent* out);

// Returns the offset just past the JSON value starting at text[pos] (no validation: a broken value
// ends wherever the scan runs out).
size_t SkipJsonValue(std::string_view text, size_t pos);

// The raw key bytes between the quotes of member `m` (escapes not decoded).
inline std::string_view RawKey(std::string_view text, const JsonMember& m) {
  return text.substr(m.key_begin + 1, m.key_end - m.key_begin - 2);
}

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_JSON_TEXT_H_
