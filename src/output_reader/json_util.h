// JSON helpers for reading output-folder records with the simdjson DOM. (JSON is written with
// saring/json_string.h.)
//
// Thread-safety: stateless functions; safe from any thread. Views returned by the getters point
// into the simdjson parser that produced the element and stay valid until it parses again.
#ifndef SARING_OUTPUT_READER_JSON_UTIL_H_
#define SARING_OUTPUT_READER_JSON_UTIL_H_

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace saring::report {

// Member `key` of `obj` if `obj` is an object holding it.
std::optional<simdjson::dom::element> Member(simdjson::dom::element obj, std::string_view key);

// Member `key` as a string, number (any JSON number) or integer; nullopt if absent or of another type.
std::optional<std::string_view> StringMember(simdjson::dom::element obj, std::string_view key);
std::optional<double> NumberMember(simdjson::dom::element obj, std::string_view key);
std::optional<int64_t> IntMember(simdjson::dom::element obj, std::string_view key);

// The id of a record: a string as is, a number or other scalar as its JSON text. nullopt if absent.
std::optional<std::string> IdOf(simdjson::dom::element record, std::string_view id_field);

// The id as a view without allocating for string ids: into the parser for a string, else into
// *scratch (the scalar's JSON text). Empty if absent.
std::string_view IdView(simdjson::dom::element record, std::string_view id_field,
                        std::string* scratch);

// The annotation of a kept or removed record, if present: metadata.saring, or the top-level
// "saring" member when the record's metadata is not an object (docs/formats/output-record.md).
std::optional<simdjson::dom::element> SaringOf(simdjson::dom::element record);

// The input bytes a quarantine record holds: its "raw" string, or "raw_base64" decoded; empty if
// it has neither.
std::string RawBytes(simdjson::dom::element quarantine_record);

// A document's language as recorded in metadata.saring.language: either an object
// {"code", "score", ...} or a bare code string (with the score in metadata.saring.score).
struct LanguageView {
  std::string_view code;
  std::optional<double> score;
};
std::optional<LanguageView> LanguageOf(simdjson::dom::element saring);

// Finds the value of member `key` in possibly malformed JSON text by scanning for "key" followed
// by ':' and a string or bare token. Used for quarantined records, whose raw bytes may not parse.
// Escapes in a string value are decoded for \" \\ \/ only. nullopt if not found.
std::optional<std::string> ScanForMember(std::string_view text, std::string_view key);

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_JSON_UTIL_H_
