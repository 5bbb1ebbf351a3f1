// The one JSON writer of saring for strings and numbers: output records, stats.json, the Parquet
// reader's records, `saring explain --json`, the report's inline data and the command line's
// progress events all write their literals here, so every artifact escapes the same way.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_JSON_STRING_H_
#define SARING_JSON_STRING_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace saring {

// What AppendJsonString does beyond the escaping JSON requires.
enum class JsonStringMode : uint8_t {
  // Bytes of 0x20 and above other than '"' and '\\' pass through unchanged, so the literal is
  // valid JSON when `s` is valid UTF-8 (record texts, which the reader has checked).
  kBytes,
  // Also: a byte that does not start a valid UTF-8 sequence becomes \ufffd (so the literal is valid
  // JSON for any bytes), and the '/' of "</" becomes "\/" (so the literal may sit inside an HTML
  // <script> block). For texts shown to people: the report's inline data, explain's JSON.
  kSafeText,
};

// Appends `s` as a JSON string literal (with quotes) to *out. '"', '\\' and control characters
// are escaped: \" \\ \n \r \t \b \f, other controls as \u00XX.
void AppendJsonString(std::string_view s, std::string* out,
                      JsonStringMode mode = JsonStringMode::kBytes);

// `s` as a JSON string literal (kBytes).
std::string JsonQuoted(std::string_view s);

// Appends a number: integers (|v| < 9e15) exactly, other values with up to 6 significant digits
// (printf "%.6g"); NaN and infinities as null.
void AppendJsonNumber(double v, std::string* out);

// A JSON Pointer (RFC 6901) to `parts`: "/totals/kept"; '~' and '/' in parts are escaped.
std::string JsonPointer(std::initializer_list<std::string_view> parts);

}  // namespace saring

#endif  // SARING_JSON_STRING_H_
