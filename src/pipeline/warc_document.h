// WarcDocument: turns one WARC record the reader passed on (RecordFormat::kWarc: its whole header
// and block) into a document, on a worker thread, so that the costly part (HTTP decoding, charset
// conversion, HTML extraction) runs in parallel and never in the reader.
//
//  - conversion (WET) and text/plain resource records: the block is the text (UTF-8, as written).
//  - response and HTML resource records: the HTTP body is decoded (chunked transfer-encoding,
//    gzip/deflate content-encoding), converted to UTF-8 (BOM, HTTP charset, <meta>, else
//    windows-1252) and its main content extracted (saring/extract.h).
// The id is WARC-Record-ID (without its angle brackets); metadata gets the URL, the WARC-Date, the
// record type and where the record is in its file (warc_offset: the gzip member's file offset, or
// the record's byte offset in a plain file; warc_stream_offset: its decompressed offset, for a
// gzip file), so that the original can be found without copying it into the output. The URL is
// the document's boilerplate source and the WARC-Date its survivor key.
//
// Thread-safety: one per worker thread (it reuses buffers); not thread-safe.
#ifndef SARING_PIPELINE_WARC_DOCUMENT_H_
#define SARING_PIPELINE_WARC_DOCUMENT_H_

#include <memory>
#include <string>
#include <string_view>

#include "pipeline/doc_work.h"
#include "saring/input.h"
#include "saring/record_reader.h"

namespace saring {
struct WarcHeader;
}  // namespace saring

namespace saring::pipeline {

struct AnalyzerConfig;

class WarcDocument {
 public:
  explicit WarcDocument(const AnalyzerConfig& config);
  ~WarcDocument();
  WarcDocument(const WarcDocument&) = delete;
  WarcDocument& operator=(const WarcDocument&) = delete;

  // Fills d->parsed.id, d->text, d->text_bytes, d->record_metadata, d->source and
  // d->survivor_key from record `r` of `spec`. False if the document is quarantined (a damaged
  // HTTP response, an undecodable body, invalid UTF-8 or a NUL byte in a WET text): d->fate,
  // d->error and d->error_detail (naming the file and offset) are set.
  bool Build(const InputSpec& spec, const RecordRef& r, std::string_view raw, DocWork* d);

 private:
  bool BuildHtml(const InputSpec& spec, const RecordRef& r, const WarcHeader& h,
                 std::string_view block, DocWork* d);

  const AnalyzerConfig& config_;
  std::string body_;  // scratch: the decoded HTTP body
  struct Html;        // the extraction state (HTML decoding and extraction scratch)
  std::unique_ptr<Html> html_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_WARC_DOCUMENT_H_
