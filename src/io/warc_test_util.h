// Builders of WARC records and files for tests (io and pipeline): test-only, header-only.
#ifndef SARING_IO_WARC_TEST_UTIL_H_
#define SARING_IO_WARC_TEST_UTIL_H_

#include <string>
#include <string_view>

namespace saring::warc_test {

// One WARC/1.0 record with the given type and block, ending with its blank line. `content_type`
// empty: no Content-Type field; `uri` empty: no WARC-Target-URI.
inline std::string WarcRecord(std::string_view type, std::string_view id, std::string_view uri,
                              std::string_view content_type, std::string_view block) {
  std::string r = "WARC/1.0\r\nWARC-Type: " + std::string(type) + "\r\n";
  r += "WARC-Record-ID: <urn:uuid:" + std::string(id) + ">\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += "WARC-Date: 2024-05-01T10:00:00Z\r\n";
  if (!content_type.empty()) r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

// A WET conversion record holding `text`.
inline std::string WetRecord(std::string_view id, std::string_view uri, std::string_view text) {
  return WarcRecord("conversion", id, uri, "text/plain", text);
}

// The warcinfo record a Common Crawl file begins with.
inline std::string WarcInfo() {
  return WarcRecord("warcinfo", "info-0", "", "application/warc-fields",
                    "software: saring-test\r\nformat: WARC File Format 1.0\r\n");
}

// An HTTP response block: status line, the given extra header lines ("Name: value\r\n"...), then
// the body.
inline std::string HttpResponse(int status, std::string_view headers, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

// A response record for `uri` with an HTTP response block.
inline std::string ResponseRecord(std::string_view id, std::string_view uri,
                                  std::string_view http) {
  return WarcRecord("response", id, uri, "application/http; msgtype=response", http);
}

}  // namespace saring::warc_test

#endif  // SARING_IO_WARC_TEST_UTIL_H_
