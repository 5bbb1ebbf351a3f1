// Standard base64 (RFC 4648 section 4: A-Z a-z 0-9 + /, '=' padding). Quarantined records carry
// raw bytes that are not UTF-8 as base64; the report and explain read them back.
#ifndef SARING_UTIL_BASE64_H_
#define SARING_UTIL_BASE64_H_

#include <string>
#include <string_view>

namespace saring {

// Appends the encoding of `bytes` to *out, padded to a multiple of 4 characters.
void AppendBase64(std::string_view bytes, std::string* out);

// Appends the bytes `text` encodes to *out. The final padding may be omitted; anything else that
// is not base64 (a character outside the alphabet, '=' before the end, more than two '=', a
// length that leaves a lone character) returns false, with *out holding what was decoded before.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace saring

#endif  // SARING_UTIL_BASE64_H_
