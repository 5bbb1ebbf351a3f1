// WARC records (ISO 28500, WARC/1.0 and 1.1) and the HTTP responses inside them: the parsing the
// reader does to find records and decide which are documents, and the parsing a worker does to
// turn one into a document. Common Crawl's WET files are WARC files of `conversion` records.
//
// Everything here reads bytes already in memory and never fails loudly: a malformed header is a
// false return with a message for a person. Views point into the caller's bytes.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_WARC_H_
#define SARING_WARC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring {

// The most bytes a WARC header (or an HTTP response header) may have; a longer one is damage.
inline constexpr size_t kMaxWarcHeaderBytes = 64 << 10;

// The fields of a WARC header saring uses. Names are matched case-insensitively; a field given
// twice keeps its first value.
struct WarcHeader {
  std::string_view version;       // "WARC/1.0", "WARC/1.1"
  std::string_view type;          // WARC-Type: "response", "conversion", "warcinfo"...
  std::string_view record_id;     // WARC-Record-ID, e.g. "<urn:uuid:...>"
  std::string_view target_uri;    // WARC-Target-URI (angle brackets of WARC/1.0 drafts removed)
  std::string_view date;          // WARC-Date
  std::string_view content_type;  // Content-Type of the block
  uint64_t content_length = 0;    // Content-Length: bytes of the block
  size_t header_bytes = 0;        // bytes of the header, its closing blank line included
};

// Offset just past the blank line ("\r\n\r\n", or "\n\n" from sloppy writers) that ends the header
// starting at the front of `bytes`, or 0 if there is none in the first kMaxWarcHeaderBytes.
size_t FindWarcHeaderEnd(std::string_view bytes);

// Parses the header at the front of `record` (it must start with "WARC/1."). False, with *error
// naming what is wrong, if there is no version line, no end, a line without a colon, or no valid
// Content-Length.
bool ParseWarcHeader(std::string_view record, WarcHeader* out, std::string* error);

// The head of an HTTP response inside a `response` record's block.
struct HttpHead {
  int status = 0;                     // 200, 404...
  std::string_view content_type;      // as sent, parameters included ("text/html; charset=utf-8")
  std::string_view content_encoding;  // "gzip", "deflate", "identity", "" ...
  bool chunked = false;               // Transfer-Encoding: chunked
  size_t head_bytes = 0;              // where the body begins in the block
};

// Parses the status line and header fields at the front of `block`. False, with *error, if it
// is not an HTTP/1.x response head or has no end within kMaxWarcHeaderBytes.
bool ParseHttpHead(std::string_view block, HttpHead* out, std::string* error);

// What a WARC record is to saring.
enum class WarcPayload : uint8_t {
  kSkip,  // not a document: counted by kind and dropped
  kText,  // a `conversion` record (WET) or a plain-text `resource`: the block is the text
  kHtml,  // a `response` holding an HTML page (or an HTML `resource`): the text is extracted
};

// Decides from the header (and, for a response, the HTTP head in `block`) whether a record is a
// document. For kSkip, *skip_kind names the kind for the counts: the record type ("warcinfo",
// "request", "metadata", "revisit"...), or "response_not_ok" (status other than 2xx),
// "response_not_html", "resource_not_text". A response whose HTTP head cannot be parsed is kHtml:
// the worker quarantines it with the reason.
WarcPayload ClassifyWarcRecord(const WarcHeader& header, std::string_view block,
                               std::string* skip_kind);

// True if a Content-Type value (parameters ignored) is text/html or application/xhtml+xml.
bool IsHtmlContentType(std::string_view content_type);

// The body of an HTTP response as the page's bytes: chunked transfer-encoding undone, then gzip
// or deflate content-encoding decoded. At most `max_bytes` are produced (a longer body is cut
// there, *truncated set). InvalidArgument, naming the problem, for broken chunking or
// compression and for an unknown content-encoding (br, compress...).
Status DecodeHttpBody(const HttpHead& head, std::string_view block, uint64_t max_bytes,
                      std::string* out, bool* truncated);

// The HTML page a kHtml record holds (ClassifyWarcRecord), as a run and `saring extract` read it.
struct WarcHtmlPage {
  std::string_view bytes;         // the page: the block of an HTML `resource`, else *body
  std::string_view content_type;  // the Content-Type the page came with (it names the charset)
  int http_status = 0;            // a `response`'s HTTP status; 0 for a `resource`
  bool truncated = false;         // the body was cut at max_bytes
};
// Fills *page for the record with `header` and `block`: an HTML `resource` is its block; a
// `response` is its HTTP body decoded into *body (DecodeHttpBody, at most max_bytes) with the
// response's Content-Type. InvalidArgument, naming the problem, for a damaged HTTP head or body.
// Views point into `header`, `block` and *body.
Status ReadWarcHtmlPage(const WarcHeader& header, std::string_view block, uint64_t max_bytes,
                        std::string* body, WarcHtmlPage* page);

}  // namespace saring

#endif  // SARING_WARC_H_
