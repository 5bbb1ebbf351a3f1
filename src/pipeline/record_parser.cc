#include "pipeline/record_parser.h"

#include <cstring>

#include <fmt/format.h>

namespace saring::pipeline {
namespace {

// Escapes a field name for use in a JSON pointer (RFC 6901).
std::string PointerTo(std::string_view name) {
  std::string p = "/";
  for (char c : name) {
    if (c == '~') p += "~0";
    else if (c == '/') p += "~1";
    else p += c;
  }
  return p;
}

// True if the line holds a \uD800-\uDFFF escape (the cause of most simdjson STRING_ERRORs).
bool HasSurrogateEscape(std::string_view line) {
  for (size_t i = 0; i + 5 < line.size(); ++i) {
    if (line[i] == '\\' && (line[i + 1] == 'u' || line[i + 1] == 'U') &&
        (line[i + 2] == 'd' || line[i + 2] == 'D')) {
      char c = line[i + 3];
      if ((c >= '8' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) return true;
    }
  }
  return false;
}

// First raw byte below 0x20 other than the JSON whitespace allowed between tokens.
size_t FindControlByte(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != ' ') return i;
  }
  return std::string_view::npos;
}

std::string ElementToString(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e.get_string().value_unsafe()));
    case simdjson::dom::element_type::INT64:
      return std::to_string(int64_t(e.get_int64().value_unsafe()));
    case simdjson::dom::element_type::UINT64:
      return std::to_string(uint64_t(e.get_uint64().value_unsafe()));
    case simdjson::dom::element_type::DOUBLE: return simdjson::minify(e);
    case simdjson::dom::element_type::BOOL:
      return bool(e.get_bool().value_unsafe()) ? "true" : "false";
    default: return "";
  }
}

}  // namespace

std::string_view RecordErrorName(RecordError e) {
  switch (e) {
    case RecordError::kNone: return "none";
    case RecordError::kMalformedJson: return "malformed_json";
    case RecordError::kTrailingContent: return "trailing_content";
    case RecordError::kNotAnObject: return "not_an_object";
    case RecordError::kMissingText: return "missing_text";
    case RecordError::kNullText: return "null_text";
    case RecordError::kTextNotString: return "text_not_string";
    case RecordError::kInvalidUtf8: return "invalid_utf8";
    case RecordError::kLoneSurrogate: return "lone_surrogate";
    case RecordError::kNulByte: return "nul_byte";
    case RecordError::kControlCharacter: return "control_character";
    case RecordError::kLineTooLong: return "line_too_long";
    case RecordError::kStreamError: return "stream_error";
    case RecordError::kUnreadableFile: return "unreadable_file";
    case RecordError::kDamagedRecord: return "damaged_record";
    case RecordError::kNumErrors: break;
  }
  return "unknown";
}

RecordParser::RecordParser(const ParserOptions& options)
    : options_(options),
      id_pointer_(PointerTo(options.id_field)),
      text_pointer_(PointerTo(options.text_field)),
      metadata_pointer_(PointerTo(options.metadata_field)) {}

RecordError RecordParser::Classify(simdjson::error_code code, std::string_view line,
                                   ParsedRecord* out) {
  size_t ctl = FindControlByte(line);
  if (ctl != std::string_view::npos) {
    bool nul = line[ctl] == '\0';
    out->error_detail = fmt::format("{} at byte {} of the line; JSON strings must escape it",
                                    nul ? "raw NUL byte" : "unescaped control character", ctl);
    return nul ? RecordError::kNulByte : RecordError::kControlCharacter;
  }
  switch (code) {
    case simdjson::UTF8_ERROR:
      out->error_detail = "the line is not valid UTF-8; re-encode the source as UTF-8";
      return RecordError::kInvalidUtf8;
    case simdjson::STRING_ERROR:
      if (HasSurrogateEscape(line)) {
        out->error_detail = "a \\uD800-\\uDFFF escape without its surrogate pair";
        return RecordError::kLoneSurrogate;
      }
      break;
    case simdjson::UNESCAPED_CHARS:
      out->error_detail = "unescaped control character inside a string";
      return RecordError::kControlCharacter;
    case simdjson::TRAILING_CONTENT:
      out->error_detail = "more bytes after the JSON value; each line must hold exactly one object";
      return RecordError::kTrailingContent;
    default: break;
  }
  out->error_detail = fmt::format("not valid JSON ({}); each line must be one JSON object",
                                  simdjson::error_message(code));
  return RecordError::kMalformedJson;
}

RecordError RecordParser::Parse(std::string_view line, ParsedRecord* out) {
  out->error_detail.clear();
  out->extra_values.clear();
  out->saring_member = -1;
  out->root_saring_member = -1;
  out->layout = RecordLayout();
  out->id_generated = false;
  simdjson::dom::element doc;
  auto error = parser_.parse(line.data(), line.size(), false).get(doc);
  if (error) {
    // simdjson's DOM parser reports a value followed by junk as a generic tape error; look for
    // a complete value with bytes after it.
    size_t end = SkipJsonValue(line, 0);
    if (end < line.size() && line.find_first_not_of(" \t\r\n", end) != std::string_view::npos &&
        !parser_.parse(line.data(), end, false).error()) {
      error = simdjson::TRAILING_CONTENT;
    }
    return Classify(error, line, out);
  }
  if (!doc.is_object()) {
    out->error_detail =
        fmt::format("the line is a JSON {}, not an object", doc.is_array() ? "array" : "scalar");
    return RecordError::kNotAnObject;
  }
  simdjson::dom::element text;
  if (doc.at_pointer(text_pointer_).get(text)) {
    out->error_detail = fmt::format("no \"{}\" field; set the text field name with --text-field",
                                    options_.text_field);
    return RecordError::kMissingText;
  }
  if (text.is_null()) {
    out->error_detail = fmt::format("\"{}\" is null", options_.text_field);
    return RecordError::kNullText;
  }
  if (!text.is_string()) {
    out->error_detail = fmt::format("\"{}\" is not a string", options_.text_field);
    return RecordError::kTextNotString;
  }
  out->text = text.get_string().value_unsafe();
  size_t nul = out->text.find('\0');
  if (nul != std::string_view::npos) {
    out->error_detail = fmt::format("the text holds a NUL character (\\u0000) at byte {}", nul);
    return RecordError::kNulByte;
  }
  simdjson::dom::element id;
  if (!doc.at_pointer(id_pointer_).get(id) && !id.is_null()) {
    out->id = ElementToString(id);
  } else {
    out->id.clear();
    out->id_generated = true;
  }
  for (const std::string& pointer : options_.extra_fields) {
    simdjson::dom::element e;
    out->extra_values.push_back(doc.at_pointer(pointer).get(e) ? std::string()
                                                               : ElementToString(e));
  }
  return FindExtents(line, out);
}

// True if the key of member `m` is `name`. Raw bytes are compared when the key holds no escape;
// an escaped key ("met\u0061data") is decoded first, as the DOM parser decodes it.
bool RecordParser::KeyIs(std::string_view line, const JsonMember& m, std::string_view name) {
  std::string_view raw = RawKey(line, m);
  if (raw.find('\\') == std::string_view::npos) return raw == name;
  key_buffer_.assign(line.substr(m.key_begin, m.key_end - m.key_begin));
  key_buffer_.append(simdjson::SIMDJSON_PADDING, ' ');
  simdjson::dom::element key;
  if (key_parser_.parse(key_buffer_.data(), m.key_end - m.key_begin, false).get(key)) return false;
  std::string_view decoded;
  return !key.get_string().get(decoded) && decoded == name;
}

RecordError RecordParser::FindExtents(std::string_view line, ParsedRecord* out) {
  RecordLayout& l = out->layout;
  ScanObject(line, 0, &out->root);
  bool have_text = false;
  // With duplicate keys, the DOM's at_pointer() returns the first; the scanner does too.
  for (size_t i = 0; i < out->root.members.size(); ++i) {
    const JsonMember& m = out->root.members[i];
    if (!have_text && KeyIs(line, m, options_.text_field)) {
      l.text_begin = m.value_begin;
      l.text_end = m.value_end;
      have_text = true;
    } else if (l.metadata_kind == MetadataKind::kAbsent &&
               KeyIs(line, m, options_.metadata_field)) {
      l.metadata_begin = m.value_begin;
      l.metadata_end = m.value_end;
      char c = line[m.value_begin];
      l.metadata_kind = c == '{'   ? MetadataKind::kObject
                        : c == 'n' ? MetadataKind::kNull
                                   : MetadataKind::kOther;
    } else if (out->root_saring_member < 0 && KeyIs(line, m, "saring")) {
      out->root_saring_member = static_cast<int>(i);
    }
  }
  if (!have_text) {  // the DOM found it, so the scanner must have too
    out->error_detail = fmt::format("could not locate the \"{}\" field", options_.text_field);
    return RecordError::kMalformedJson;
  }
  l.root_close = out->root.close;
  l.root_empty = out->root.members.empty();
  const JsonMember* saring = nullptr;
  if (l.metadata_kind == MetadataKind::kObject) {
    ScanObject(line, l.metadata_begin, &out->metadata);
    for (size_t i = 0; i < out->metadata.members.size(); ++i) {
      if (KeyIs(line, out->metadata.members[i], "saring")) {
        out->saring_member = static_cast<int>(i);
        break;
      }
    }
    l.metadata_close = out->metadata.close;
    l.metadata_empty = out->metadata.members.empty();
    if (out->saring_member >= 0) saring = &out->metadata.members[out->saring_member];
  } else if (l.metadata_kind == MetadataKind::kOther && out->root_saring_member >= 0) {
    saring = &out->root.members[out->root_saring_member];
  }
  l.has_saring = saring != nullptr;
  l.saring_begin = saring ? saring->value_begin : 0;
  l.saring_end = saring ? saring->value_end : 0;
  return RecordError::kNone;
}

bool RecordParser::DecodeString(std::string_view json_string, std::string* out) {
  simdjson::dom::element e;
  std::string_view decoded;
  if (parser_.parse(json_string.data(), json_string.size(), false).get(e) != simdjson::SUCCESS ||
      e.get_string().get(decoded) != simdjson::SUCCESS) {
    return false;
  }
  out->assign(decoded);
  return true;
}

}  // namespace saring::pipeline
