// AppendJsonString: a JSON string literal of some bytes, shared by the output path and the
// Parquet reader (which builds a JSON record from each row).
//
// Thread-safety: a stateless function; safe from any thread.
#ifndef SARING_UTIL_JSON_STRING_H_
#define SARING_UTIL_JSON_STRING_H_

#include <string>
#include <string_view>

namespace saring {

// Appends `s` as a JSON string literal (with quotes) to *out. Bytes pass through; '"', '\\' and
// control characters are escaped. The literal is valid JSON when s is valid UTF-8.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace saring

#endif  // SARING_UTIL_JSON_STRING_H_
