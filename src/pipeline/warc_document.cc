// WarcDocument (warc_document.h).
#include "pipeline/warc_document.h"

#include <filesystem>

#include <fmt/format.h>

#include "pipeline/doc_analyzer.h"
#include "pipeline/filters.h"
#include "pipeline/json_text.h"
#include "saring/extract.h"
#include "saring/normalize.h"
#include "saring/warc.h"

namespace saring::pipeline {
namespace {

void Quarantine(DocWork* d, RecordError error, std::string detail) {
  d->fate = DocFate::kQuarantined;
  d->error = error;
  d->error_detail = std::move(detail);
}

void AppendMember(std::string_view key, std::string_view value, std::string* out) {
  out->append(",\"").append(key).append("\":");
  AppendJsonString(value, out);
}

void AppendNumber(std::string_view key, uint64_t value, std::string* out) {
  out->append(",\"").append(key).append("\":").append(std::to_string(value));
}

// "input 'x.warc.gz', WARC record at byte offset N" (+ the gzip member's file offset).
std::string Where(const InputSpec& spec, const RecordRef& r) {
  std::string where =
      fmt::format("input '{}', WARC record at byte offset {}", spec.path, r.byte_offset);
  if (r.file_offset != r.byte_offset)
    where += fmt::format(" (gzip member at file offset {})", r.file_offset);
  return where;
}

}  // namespace

struct WarcDocument::Html {
  explicit Html(const ExtractOptions& options) : extractor(options) {}
  HtmlExtractor extractor;
  HtmlDecoded decoded;
  Extraction extraction;
};

WarcDocument::WarcDocument(const AnalyzerConfig& config) : config_(config) {}

WarcDocument::~WarcDocument() = default;

bool WarcDocument::Build(const InputSpec& spec, const RecordRef& r, std::string_view raw,
                         DocWork* d) {
  d->from_text_file = true;
  d->from_warc = true;
  d->source_file = spec.path;
  WarcHeader h;
  std::string error;
  if (!ParseWarcHeader(raw, &h, &error)) {  // the reader checked it: only a changed file gets here
    Quarantine(d, RecordError::kDamagedRecord, Where(spec, r) + ": " + error);
    return false;
  }
  std::string_view block = raw.substr(std::min(h.header_bytes, raw.size()));
  block = block.substr(0, std::min<uint64_t>(h.content_length, block.size()));
  std::string_view id = h.record_id;
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  d->parsed.id = id.empty() ? fmt::format("{}:{}", std::filesystem::path(spec.path).stem().string(),
                                          r.byte_offset)
                            : std::string(id);
  std::string& m = d->record_metadata;
  if (!h.target_uri.empty()) AppendMember("url", h.target_uri, &m);
  if (!h.date.empty()) AppendMember("date", h.date, &m);
  AppendMember("warc_type", h.type, &m);
  AppendNumber("warc_offset", r.file_offset, &m);
  if (r.file_offset != r.byte_offset) AppendNumber("warc_stream_offset", r.byte_offset, &m);
  if (config_.source_field >= 0) d->source.assign(SourceKey(h.target_uri));
  if (config_.survivor_key_field >= 0 && !ParseSurvivorKey(h.date, &d->survivor_key)) {
    d->survivor_key = config_.missing_key;
  }
  std::string skip_kind;
  if (ClassifyWarcRecord(h, block, &skip_kind) == WarcPayload::kHtml)
    return BuildHtml(spec, r, h, block, d);
  size_t bad = 0;
  if (!IsValidUtf8(block, &bad)) {
    Quarantine(d, RecordError::kInvalidUtf8,
               fmt::format("{}: invalid UTF-8 at byte {} of its text", Where(spec, r), bad));
    return false;
  }
  if (size_t nul = block.find('\0'); nul != std::string_view::npos) {
    Quarantine(d, RecordError::kNulByte,
               fmt::format("{}: NUL byte at byte {} of its text", Where(spec, r), nul));
    return false;
  }
  d->text.assign(block);
  d->text_bytes = d->text.size();
  return true;
}

bool WarcDocument::BuildHtml(const InputSpec& spec, const RecordRef& r, const WarcHeader& h,
                             std::string_view block, DocWork* d) {
  const uint64_t max_bytes = config_.max_html_bytes;
  WarcHtmlPage page;
  if (Status s = ReadWarcHtmlPage(h, block, max_bytes, &body_, &page); !s.ok()) {
    Quarantine(d, RecordError::kDamagedRecord, Where(spec, r) + ": " + s.message());
    return false;
  }
  if (page.http_status != 0) {
    AppendNumber("http_status", static_cast<uint64_t>(page.http_status), &d->record_metadata);
  }
  if (!html_)
    html_ = std::make_unique<Html>(ExtractOptions{config_.extract_language, false, max_bytes});
  if (Status s = DecodeHtml(page.bytes, page.content_type, &html_->decoded); !s.ok()) {
    Quarantine(d, RecordError::kDamagedRecord, Where(spec, r) + ": " + s.message());
    return false;
  }
  if (Status s = html_->extractor.Extract(html_->decoded.utf8, &html_->extraction); !s.ok()) {
    Quarantine(d, RecordError::kDamagedRecord, Where(spec, r) + ": " + s.message());
    return false;
  }
  std::string& m = d->record_metadata;
  if (!page.content_type.empty()) AppendMember("content_type", page.content_type, &m);
  AppendMember("charset", html_->decoded.charset, &m);
  AppendMember("charset_source", html_->decoded.charset_source, &m);
  if (!html_->extraction.title.empty()) AppendMember("title", html_->extraction.title, &m);
  if (page.truncated || html_->extraction.truncated) m.append(",\"html_truncated\":true");
  d->text.swap(html_->extraction.text);
  d->text_bytes = d->text.size();
  return true;
}

}  // namespace saring::pipeline
