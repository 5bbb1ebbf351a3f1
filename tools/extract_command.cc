// `saring extract`: shows the main-content extraction of one HTML page, or of one record of a
// WARC file (chosen by its file offset, its WARC-Record-ID or its number): its charset, headline
// and text, and with --explain every block with the reason it was kept or dropped.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

#include "commands.h"
#include "saring/extract.h"
#include "saring/file_util.h"
#include "saring/input.h"
#include "saring/record_reader.h"
#include "saring/warc.h"

namespace saring::tools {
namespace {

struct ExtractFlags {
  std::string file;
  std::optional<uint64_t> offset;  // WARC: the record at this file offset (metadata warc_offset)
  std::string record_id;           // WARC: the record with this WARC-Record-ID (brackets optional)
  std::optional<uint64_t> record;  // WARC: the record-th document record, 1-based
  std::string charset_header;
  std::string language;
  bool explain = false;
  bool gumbo = false;
  uint64_t max_bytes = 64ull << 20;
};

// One line of a block's text for the explain listing: at most `limit` bytes, cut at a
// character boundary, line breaks shown as spaces.
std::string Preview(std::string_view text, size_t limit) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= limit && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out.append("...");
      break;
    }
    out.push_back(text[i] == '\n' ? ' ' : text[i]);
  }
  return out;
}

// The page held by one WARC record: its HTTP body (chunking and content-encoding undone) and the
// Content-Type it was served with, which names its charset.
struct WarcPage {
  std::string label;  // "FILE, record <id> at offset N" for messages and --explain
  std::string bytes;
  std::string charset_header;
};

bool RecordMatches(const ExtractFlags& flags, const RecordRef& r, const WarcHeader& h,
                   uint64_t ordinal) {
  if (flags.offset) return r.file_offset == *flags.offset;
  if (flags.record) return ordinal == *flags.record;
  auto unbracketed = [](std::string_view id) {  // "<urn:uuid:...>" and "urn:uuid:..." are one id
    return id.size() >= 2 && id.front() == '<' && id.back() == '>' ? id.substr(1, id.size() - 2)
                                                                   : id;
  };
  return unbracketed(flags.record_id) == unbracketed(h.record_id);
}

std::string WantedRecord(const ExtractFlags& flags) {
  if (flags.offset) {
    return fmt::format(
        "no document record starts at file offset {} (see a kept document's "
        "metadata warc_offset)",
        *flags.offset);
  }
  if (flags.record) return fmt::format("no document record number {}", *flags.record);
  return fmt::format("no document record with WARC-Record-ID {}", flags.record_id);
}

// Reads the WARC file until the wanted record (only document records count: warcinfo, requests
// and non-HTML responses are skipped by the reader) and decodes its HTTP body.
Result<WarcPage> ReadWarcPage(const ExtractFlags& flags) {
  InputSpec spec{flags.file, InputKind::kJsonl, {flags.file}};
  ReaderOptions ropts;
  ropts.max_record_bytes = std::max<uint64_t>(flags.max_bytes + (1 << 20), 1 << 20);
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader, RecordReader::Open(spec, ropts));
  RecordBatch batch;
  uint64_t ordinal = 0;
  for (;;) {
    SARING_ASSIGN_OR_RETURN(bool more, reader->NextBatch(&batch));
    if (!more) break;
    for (const RecordRef& r : batch.records) {
      if (r.format != RecordFormat::kWarc) {
        return Status::InvalidArgument(fmt::format("{} is not a WARC file", flags.file));
      }
      ++ordinal;
      if (r.status != RecordStatus::kOk) {
        if (flags.record && ordinal == *flags.record) return Status::InvalidArgument(r.error);
        if (flags.offset && r.file_offset == *flags.offset) return Status::InvalidArgument(r.error);
        continue;
      }
      std::string_view raw(batch.data.data() + r.begin, r.length);
      WarcHeader h;
      std::string error;
      if (!ParseWarcHeader(raw, &h, &error)) continue;  // the reader only passes parsed records
      if (!RecordMatches(flags, r, h, ordinal)) {
        if (flags.offset && r.file_offset > *flags.offset) {
          return Status::NotFound(fmt::format("{}: {}", flags.file, WantedRecord(flags)));
        }
        continue;
      }
      WarcPage page;
      page.label =
          fmt::format("{}, record {} at offset {}", flags.file, h.record_id, r.file_offset);
      std::string_view block = raw.substr(h.header_bytes, h.content_length);
      std::string skip;
      if (ClassifyWarcRecord(h, block, &skip) != WarcPayload::kHtml) {
        return Status::InvalidArgument(fmt::format("{}: a {} record of {}, not an HTML page",
                                                   page.label, h.type, h.content_type));
      }
      WarcHtmlPage html;
      std::string body;
      Status s = ReadWarcHtmlPage(h, block, flags.max_bytes, &body, &html);
      if (!s.ok()) return Status::InvalidArgument(fmt::format("{}: {}", page.label, s.message()));
      page.bytes.assign(html.bytes);
      page.charset_header.assign(html.content_type);
      return page;
    }
  }
  return Status::NotFound(fmt::format("{}: {}", flags.file, WantedRecord(flags)));
}

int ExecuteExtract(const ExtractFlags& flags) {
  const bool warc = flags.offset || flags.record || !flags.record_id.empty();
  std::string label = flags.file, charset_header = flags.charset_header;
  Result<std::string> bytes = std::string();
  if (warc) {
    Result<WarcPage> page = ReadWarcPage(flags);
    if (!page.ok()) {
      fmt::print(stderr, "saring extract: {}\n", page.status().message());
      return kExitFailed;
    }
    label = std::move(page->label);
    if (charset_header.empty()) charset_header = std::move(page->charset_header);
    bytes = std::move(page->bytes);
  } else {
    bytes = ReadFileToString(flags.file);
  }
  if (!bytes.ok()) {
    fmt::print(stderr, "saring extract: {}\n", bytes.status().message());
    return kExitFailed;
  }
  HtmlDecoded decoded;
  Status s = DecodeHtml(*bytes, charset_header, &decoded);
  if (!s.ok()) {
    fmt::print(stderr, "saring extract: {}: {}\n", label, s.message());
    return kExitFailed;
  }
  const size_t raw_bytes = bytes->size();
  std::string().swap(*bytes);  // only the decoded page is needed from here
  ExtractOptions options;
  options.language = flags.language;
  options.explain = flags.explain;
  options.use_gumbo = flags.gumbo;
  options.max_html_bytes = flags.max_bytes;
  HtmlExtractor extractor(options);
  Extraction extraction;
  s = extractor.Extract(decoded.utf8, &extraction);
  if (!s.ok()) {
    fmt::print(stderr, "saring extract: {}: {}\n", label, s.message());
    return kExitFailed;
  }
  if (flags.explain) {
    fmt::print("# {}: {} bytes, charset {} (from {}){}\n", label, raw_bytes, decoded.charset,
               decoded.charset_source, extraction.truncated ? ", cut at --max-bytes" : "");
    fmt::print("# headline: {}\n", extraction.title);
    for (const ExtractedBlock& b : extraction.blocks) {
      fmt::print("{} {}\n    {}\n    {}\n", b.kept ? "KEEP" : "DROP", b.reason, b.tag_path,
                 Preview(b.text, 100));
    }
    fmt::print("# text:\n");
  }
  if (!extraction.text.empty()) {
    std::fwrite(extraction.text.data(), 1, extraction.text.size(), stdout);
    std::fputc('\n', stdout);
  }
  return kExitOk;
}

}  // namespace

CommandMain RegisterExtract(CLI::App& app) {
  auto flags = std::make_shared<ExtractFlags>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "show the main-content extraction of one HTML page or one WARC record");
  cmd->add_option("file", flags->file,
                  "HTML file (raw bytes, any charset), or a WARC file (.warc, .warc.gz)")
      ->required();
  auto* offset =
      cmd->add_option("--offset", flags->offset,
                      "WARC: the record at this file offset (a kept document's warc_offset)");
  auto* id =
      cmd->add_option("--record-id", flags->record_id, "WARC: the record with this WARC-Record-ID");
  auto* nth = cmd->add_option("--record", flags->record,
                              "WARC: the N-th document record (1-based; warcinfo, requests and "
                              "non-HTML responses do not count)");
  offset->excludes(id)->excludes(nth);
  id->excludes(nth);
  cmd->add_option("--charset-header", flags->charset_header,
                  "the HTTP Content-Type header value, e.g. 'text/html; charset=iso-8859-1' "
                  "(WARC: default is the response's own)");
  cmd->add_option("--language", flags->language,
                  "ISO 639-1 code for the stop words (default: guessed)");
  cmd->add_flag("--explain", flags->explain, "list every block, kept or dropped, with the reason");
  cmd->add_flag("--gumbo", flags->gumbo, "parse with libgumbo (the reference parser)");
  cmd->add_option("--max-bytes", flags->max_bytes, "cut pages longer than this before parsing");
  return [flags] { return ExecuteExtract(*flags); };
}

}  // namespace saring::tools
