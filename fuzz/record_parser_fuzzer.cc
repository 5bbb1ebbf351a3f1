// Fuzz target: the JSONL record parser and the output encoders (src/pipeline/record_parser.h,
// src/pipeline/record_encoder.h).
//
// Input: one line, parsed in place with kRecordPadding bytes of junk after it (in a batch, the
// next record's bytes follow a line, not zeros). Properties:
//  - a rejected line gets an error detail, and its quarantine record is valid JSON whose raw /
//    raw_base64 field gives the line back;
//  - an accepted line's extents are right: the text extent is a JSON string that decodes to the
//    parsed text, the metadata extent is an object (matching the scanned members) or null;
//  - after repair (and again with the annotations of later stages, a cross-document span and a
//    boilerplate span), EncodeKept's output is one line
//    of JSON that the parser accepts, whose text is the original minus the removed spans, whose
//    id is the original id, whose metadata.saring (or top-level saring) lists every span with
//    its text, and in which every member saring does not edit keeps its exact bytes;
//  - EncodeRemoved's output parses the same way, with the original text value byte for byte and
//    the reason and duplicate_of annotations;
//  - the text-file encoding (when the line is valid UTF-8 without NUL) round-trips its text too.
#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "pipeline/doc_work.h"
#include "pipeline/json_text.h"
#include "pipeline/record_encoder.h"
#include "pipeline/record_parser.h"
#include "saring/normalize.h"
#include "saring/repair.h"
#include "util/base64.h"

namespace {

using saring::pipeline::DocWork;
using saring::pipeline::JsonMember;
using saring::pipeline::MetadataKind;
using saring::pipeline::ParsedRecord;
using saring::pipeline::RecordError;
using saring::pipeline::RecordLayout;

constexpr std::string_view kFallbackId = "fuzz:1";

// Names a record the parser found without an id, as the pipeline does (with its file and line),
// after checking that the parser left the name to the caller. Returns `error`.
RecordError Parsed(RecordError error, ParsedRecord* p) {
  if (p->id_generated) {
    SARING_FUZZ_CHECK(p->id.empty(), "the parser named a record without an id");
    p->id.assign(kFallbackId);
  }
  return error;
}

saring::pipeline::RecordParser& Parser() {
  static saring::pipeline::RecordParser parser([] {
    saring::pipeline::ParserOptions o;
    o.extra_fields = {"/url", "/metadata/source", "/id"};
    return o;
  }());
  return parser;
}

simdjson::dom::parser& Dom() {
  static simdjson::dom::parser dom;
  return dom;
}

std::string_view Bytes(std::string_view s, size_t begin, size_t end) {
  return s.substr(begin, end - begin);
}

// Parses `json` (any JSON text) with the DOM parser; aborts unless it is valid.
simdjson::dom::element MustParse(const simdjson::padded_string& json) {
  simdjson::dom::element root;
  SARING_FUZZ_CHECK(!Dom().parse(json).get(root), "encoder output is not valid JSON");
  return root;
}

std::string StringAt(simdjson::dom::element e, std::string_view pointer) {
  std::string_view s;
  SARING_FUZZ_CHECK(!e.at_pointer(pointer).get(s), "expected string field missing");
  return std::string(s);
}

void CheckQuarantine(RecordError error, const ParsedRecord& parsed, std::string_view line) {
  SARING_FUZZ_CHECK(!parsed.error_detail.empty(), "rejected line without an error detail");
  DocWork doc;
  doc.error = error;
  doc.error_detail = parsed.error_detail;
  saring::RecordRef ref;
  ref.line = 7;
  ref.byte_offset = 1234;
  ref.full_length = line.size() + (line.size() % 3 == 0 ? 10 : 0);  // sometimes "truncated"
  std::string out;
  saring::pipeline::EncodeQuarantine(doc, ref, line, "in/put.jsonl", &out);
  SARING_FUZZ_CHECK(!out.empty() && out.back() == '\n', "quarantine line without its newline");
  out.pop_back();
  SARING_FUZZ_CHECK(out.find('\n') == std::string::npos, "raw newline in a quarantine line");
  const simdjson::padded_string json(out);
  simdjson::dom::element root = MustParse(json);
  SARING_FUZZ_CHECK(StringAt(root, "/error") == saring::pipeline::RecordErrorName(error),
                    "error name");
  SARING_FUZZ_CHECK(StringAt(root, "/file") == "in/put.jsonl", "file name");
  std::string_view raw;
  if (!root.at_pointer("/raw").get(raw)) {
    SARING_FUZZ_CHECK(raw == line, "quarantine raw differs from the line");
  } else {
    std::string decoded;
    SARING_FUZZ_CHECK(saring::DecodeBase64(StringAt(root, "/raw_base64"), &decoded),
                      "raw_base64 does not decode");
    SARING_FUZZ_CHECK(decoded == line, "quarantine raw_base64 differs from the line");
  }
}

// The extents FindExtents reported agree with what the DOM parser decoded.
void CheckExtents(std::string_view line, const ParsedRecord& p) {
  const RecordLayout& l = p.layout;
  SARING_FUZZ_CHECK(l.text_begin < l.text_end && l.text_end <= line.size(), "text extent bounds");
  const std::string quoted(Bytes(line, l.text_begin, l.text_end));
  const simdjson::padded_string json(quoted);
  std::string_view decoded;
  SARING_FUZZ_CHECK(!Dom().parse(json).get(decoded), "text extent is not a JSON string");
  SARING_FUZZ_CHECK(decoded == p.text, "text extent does not hold the parsed text");
  if (l.metadata_kind == MetadataKind::kObject) {
    SARING_FUZZ_CHECK(p.metadata.open == l.metadata_begin &&
                          p.metadata.close + 1 == l.metadata_end && line[p.metadata.open] == '{' &&
                          line[p.metadata.close] == '}',
                      "metadata extent is not its object");
  } else if (l.metadata_kind == MetadataKind::kNull) {
    SARING_FUZZ_CHECK(Bytes(line, l.metadata_begin, l.metadata_end) == "null",
                      "metadata null extent");
  }
  SARING_FUZZ_CHECK(line[p.root.open] == '{' && line[p.root.close] == '}', "root extent");
  if (p.id_generated) SARING_FUZZ_CHECK(p.id == kFallbackId, "generated id");  // named by Parsed()
}

// Which member of `members` has its value at `value_begin`, or -1.
int MemberAt(const std::vector<JsonMember>& members, size_t value_begin) {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].value_begin == value_begin) return static_cast<int>(i);
  }
  return -1;
}

// The members of `before` (in `in`) reappear in `after` (in `out`) in order, keys unchanged and
// values unchanged except at index `edited` (and `text`, unless text_kept); `after` may have one
// more member at the end, when `appended`.
void CheckMembersKept(std::string_view in, const std::vector<JsonMember>& before,
                      std::string_view out, const std::vector<JsonMember>& after, int edited,
                      int text, bool text_kept, bool appended) {
  SARING_FUZZ_CHECK(after.size() == before.size() + (appended ? 1 : 0), "member count changed");
  for (size_t i = 0; i < before.size(); ++i) {
    SARING_FUZZ_CHECK(
        saring::pipeline::RawKey(in, before[i]) == saring::pipeline::RawKey(out, after[i]),
        "a member's key changed");
    const bool may_change =
        static_cast<int>(i) == edited || (static_cast<int>(i) == text && !text_kept);
    if (may_change) continue;
    SARING_FUZZ_CHECK(Bytes(in, before[i].value_begin, before[i].value_end) ==
                          Bytes(out, after[i].value_begin, after[i].value_end),
                      "a member saring does not edit changed its bytes");
  }
}

// Every byte saring does not own passes through EncodeKept / EncodeRemoved unchanged.
void CheckPassThrough(std::string_view in, const ParsedRecord& p, std::string_view out,
                      const ParsedRecord& q, bool text_kept) {
  const int text = MemberAt(p.root.members, p.layout.text_begin);
  int edited = -1;
  bool appended = false;
  switch (p.layout.metadata_kind) {
    case MetadataKind::kObject:
    case MetadataKind::kNull: edited = MemberAt(p.root.members, p.layout.metadata_begin); break;
    case MetadataKind::kOther:
      edited = p.root_saring_member;
      appended = p.root_saring_member < 0;
      break;
    case MetadataKind::kAbsent: appended = true; break;
  }
  CheckMembersKept(in, p.root.members, out, q.root.members, edited, text, text_kept, appended);
  if (p.layout.metadata_kind == MetadataKind::kObject) {
    SARING_FUZZ_CHECK(q.layout.metadata_kind == MetadataKind::kObject,
                      "metadata is no longer an object");
    CheckMembersKept(in, p.metadata.members, out, q.metadata.members, p.saring_member, -1, true,
                     p.saring_member < 0);
  }
}

// Parses an encoder output line: one line ending in '\n' that the parser accepts.
RecordError ParseOutput(std::string_view out, bool single_line,
                        saring::pipeline::RecordParser* parser, std::string* buffer,
                        ParsedRecord* q) {
  SARING_FUZZ_CHECK(!out.empty() && out.back() == '\n', "output line without its newline");
  out.remove_suffix(1);
  if (single_line)
    SARING_FUZZ_CHECK(out.find('\n') == std::string_view::npos, "raw newline in output");
  buffer->assign(out);
  buffer->append(simdjson::SIMDJSON_PADDING, '\0');
  return Parsed(parser->Parse(std::string_view(buffer->data(), out.size()), q), q);
}

simdjson::dom::element Annotation(simdjson::dom::element root, const DocWork& doc) {
  const char* pointer =
      !doc.from_text_file && doc.parsed.layout.metadata_kind == MetadataKind::kOther
          ? "/saring"
          : "/metadata/saring";
  simdjson::dom::element annotation;
  SARING_FUZZ_CHECK(!root.at_pointer(pointer).get(annotation) && annotation.is_object(),
                    "no saring annotation object");
  return annotation;
}

struct Cut {
  uint64_t begin, end;
};

// The spans the kept document loses, sorted.
std::vector<Cut> Cuts(const DocWork& doc) {
  std::vector<Cut> cuts;
  for (const saring::RemovedSpan& s : doc.repair.removed) cuts.push_back({s.begin, s.end});
  for (const auto& s : doc.cross_spans) cuts.push_back({s.begin, s.end});
  for (const auto& s : doc.stage_spans) cuts.push_back({s.begin, s.end});
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  return cuts;
}

void CheckKept(const DocWork& doc, std::string_view line) {
  std::string out, buffer;
  saring::pipeline::EncodeKept(doc, line, &out);
  const std::vector<Cut> cuts = Cuts(doc);
  std::string expected;
  uint64_t cursor = 0;
  for (const Cut& c : cuts) {
    expected.append(Bytes(doc.text, cursor, c.begin));
    cursor = c.end;
  }
  expected.append(doc.text.substr(cursor));
  ParsedRecord q;
  // A JSONL record keeps its own bytes, which may hold a raw newline as JSON whitespace.
  const bool single_line = doc.from_text_file || line.find('\n') == std::string_view::npos;
  SARING_FUZZ_CHECK(ParseOutput(out, single_line, &Parser(), &buffer, &q) == RecordError::kNone,
                    "EncodeKept output is rejected by the parser");
  SARING_FUZZ_CHECK(q.text == expected, "kept text is not the original minus the spans");
  SARING_FUZZ_CHECK(q.id == doc.parsed.id, "kept record changed its id");
  if (!doc.from_text_file) CheckPassThrough(line, doc.parsed, out, q, cuts.empty());

  const simdjson::padded_string json(std::string_view(out).substr(0, out.size() - 1));
  simdjson::dom::element annotation = Annotation(MustParse(json), doc);
  simdjson::dom::array spans;
  SARING_FUZZ_CHECK(!annotation["removed_spans"].get(spans) && spans.size() == cuts.size(),
                    "removed_spans does not list every span");
  size_t i = 0;
  for (simdjson::dom::element span : spans) {
    uint64_t begin = 0, end = 0;
    SARING_FUZZ_CHECK(!span["begin"].get(begin) && !span["end"].get(end), "span offsets");
    SARING_FUZZ_CHECK(begin == cuts[i].begin && end == cuts[i].end, "span offsets differ");
    SARING_FUZZ_CHECK(StringAt(span, "/text") == Bytes(doc.text, begin, end), "span text differs");
    ++i;
  }
  if (doc.parsed.id_generated) {
    SARING_FUZZ_CHECK(StringAt(annotation, "/generated_id") == doc.parsed.id, "generated_id");
  }
}

void CheckRemoved(const DocWork& doc, std::string_view line) {
  std::string out, buffer;
  saring::pipeline::EncodeRemoved(doc, line, &out);
  ParsedRecord q;
  // A JSONL record keeps its own bytes, which may hold a raw newline as JSON whitespace.
  const bool single_line = doc.from_text_file || line.find('\n') == std::string_view::npos;
  SARING_FUZZ_CHECK(ParseOutput(out, single_line, &Parser(), &buffer, &q) == RecordError::kNone,
                    "EncodeRemoved output is rejected by the parser");
  SARING_FUZZ_CHECK(q.text == doc.text, "removed record changed its text");
  if (!doc.from_text_file) {
    SARING_FUZZ_CHECK(Bytes(out, q.layout.text_begin, q.layout.text_end) ==
                          Bytes(line, doc.parsed.layout.text_begin, doc.parsed.layout.text_end),
                      "removed record's text value changed its spelling");
    CheckPassThrough(line, doc.parsed, out, q, true);
  }
  const simdjson::padded_string json(std::string_view(out).substr(0, out.size() - 1));
  simdjson::dom::element annotation = Annotation(MustParse(json), doc);
  SARING_FUZZ_CHECK(StringAt(annotation, "/reason") == RemovalReasonName(doc.reason),
                    "removal reason");
  if (!doc.duplicate_of.empty()) {
    SARING_FUZZ_CHECK(StringAt(annotation, "/duplicate_of") == doc.duplicate_of, "duplicate_of");
  }
}

// True if [begin, end) overlaps a span already cut from the document.
bool Overlaps(const DocWork& doc, uint32_t begin, uint32_t end) {
  for (const Cut& c : Cuts(doc)) {
    if (c.begin < end && begin < c.end) return true;
  }
  return false;
}

// The byte range of the first kept paragraph not yet cut, with its line terminator (as the
// pipeline's paragraph dedup and boilerplate stages cut), or false if none is left.
bool NextKeptParagraph(const DocWork& doc, uint32_t* begin, uint32_t* end) {
  for (const saring::Paragraph& p : doc.repair.paragraphs) {
    if (p.removed || Overlaps(doc, p.begin, p.end)) continue;
    *begin = p.begin;
    *end = p.end;
    if (*end < doc.text.size() && doc.text[*end] == '\r') ++*end;
    if (*end < doc.text.size() && doc.text[*end] == '\n') ++*end;
    return true;
  }
  return false;
}

// Encodes the document as kept after repair, then with the annotations of the later stages and
// with a paragraph cut by each of them, then as removed.
void CheckDocument(DocWork* doc, std::string_view line) {
  static saring::DocumentRepairer repairer{saring::RepairOptions{}};
  repairer.Repair(doc->text, &doc->repair);
  CheckKept(*doc, line);
  doc->has_language = true;
  doc->language = {"id", 0.9375, "ms", 0.03125, true};
  doc->signals_json = "{\"words\":3,\"ratio\":0.5}";
  doc->cluster_head = true;
  doc->cluster_id = 12;
  doc->cluster_size = 3;
  uint32_t begin = 0, end = 0;
  if (NextKeptParagraph(*doc, &begin, &end)) {  // a boilerplate cut alone
    doc->stage_spans.push_back(
        {begin, end, "boilerplate_template", "learned template \"Baca juga\""});
    CheckKept(*doc, line);  // finding F4, fixed in b745e3b
  }
  if (NextKeptParagraph(*doc, &begin, &end)) {  // and a cross-document cut with it
    doc->cross_spans.push_back({begin, end, "earlier \"doc\"", 3, 9});
    CheckKept(*doc, line);
  }
  doc->reason = saring::RemovalReason::kNearDuplicate;
  doc->duplicate_of = doc->parsed.id;
  doc->rule = "max_symbol_ratio";
  doc->rule_value = 1e300;
  doc->rule_threshold = 0.1;
  doc->near_dup_removed = true;
  doc->similarity = 0.8125;
  CheckRemoved(*doc, line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Exactly size + padding bytes, so that ASan catches a read past the padding.
  static constexpr char kJunk[] = "\"}]\\,{\"text\":\"";
  std::unique_ptr<char[]> buffer(new char[size + simdjson::SIMDJSON_PADDING]);
  if (size != 0) std::memcpy(buffer.get(), data, size);
  for (size_t i = 0; i < simdjson::SIMDJSON_PADDING; ++i)
    buffer[size + i] = kJunk[i % (sizeof(kJunk) - 1)];
  const std::string_view line(buffer.get(), size);

  ParsedRecord parsed;
  const RecordError error = Parsed(Parser().Parse(line, &parsed), &parsed);
  if (error != RecordError::kNone) {
    CheckQuarantine(error, parsed, line);
  } else {
    CheckExtents(line, parsed);
    DocWork doc;
    doc.parsed = parsed;
    doc.text.assign(parsed.text);
    doc.source_file = "in/put.jsonl";
    CheckDocument(&doc, line);
  }
  // The same bytes as a text file (one document per file), when they are valid text.
  if (saring::IsValidUtf8(line) && line.find('\0') == std::string_view::npos) {
    DocWork doc;
    doc.from_text_file = true;
    doc.parsed.id = "posts/a \"b\"";
    doc.source_file = "posts/a \"b\".txt";
    doc.text.assign(line);
    CheckDocument(&doc, line);
  }
  return 0;
}
