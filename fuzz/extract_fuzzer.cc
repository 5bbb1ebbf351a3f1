// Fuzz target: charset decoding and main-content extraction (include/saring/extract.h).
//
// Input: <page bytes><max-bytes byte><charset byte><mode byte> (FuzzedDataProvider reads the
// control bytes from the end). The page is decoded with DecodeHtml under one of a few
// Content-Type values, then extracted with the streaming tokenizer (and, for pages up to 64 KiB
// when the mode asks, with libgumbo). Properties:
//  - DecodeHtml succeeds and gives well-formed UTF-8; the extraction succeeds;
//  - the text is well-formed UTF-8 without NUL, does not start with a line break nor end with
//    whitespace (it may start with a preformatted block's indentation), has no run of more than
//    one blank line; a non-empty text with a headline starts with "headline\n\n";
//  - truncated is set exactly when the page is longer than max_html_bytes (or a block bound
//    was hit);
//  - with explain, every kept block's text occurs in the text, and the text is the same as
//    without explain; a reused extractor gives the same result as a fresh one.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "saring/extract.h"
#include "saring/normalize.h"

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

void CheckText(const saring::Extraction& e) {
  SARING_FUZZ_CHECK(saring::IsValidUtf8(e.text), "extracted text is not well-formed UTF-8");
  SARING_FUZZ_CHECK(saring::IsValidUtf8(e.title), "headline is not well-formed UTF-8");
  if (e.text.empty()) return;
  SARING_FUZZ_CHECK(e.text.front() != '\n' && !IsSpace(e.text.back()), "text has outer whitespace");
  SARING_FUZZ_CHECK(e.text.find('\0') == std::string::npos, "text holds a NUL character");
  SARING_FUZZ_CHECK(e.text.find("\n\n\n") == std::string::npos,
                    "text has two blank lines in a row");
  if (!e.title.empty()) {
    SARING_FUZZ_CHECK(e.text.starts_with(e.title + "\n\n"),
                      "text does not start with the headline");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t mode = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t charset = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t max_byte = fdp.ConsumeIntegral<uint8_t>();
  const std::string page = fdp.ConsumeRemainingBytesAsString();

  static constexpr std::string_view kHeaders[] = {"",
                                                  "text/html; charset=utf-8",
                                                  "text/html; charset=ISO-8859-1",
                                                  "text/html;charset=\"windows-1251\"",
                                                  "text/html; charset=shift_jis",
                                                  "text/html; charset=bogus"};
  saring::HtmlDecoded decoded;
  saring::Status s = saring::DecodeHtml(page, kHeaders[charset % std::size(kHeaders)], &decoded);
  SARING_FUZZ_CHECK(s.ok(), "DecodeHtml failed");
  SARING_FUZZ_CHECK(saring::IsValidUtf8(decoded.utf8), "DecodeHtml gave ill-formed UTF-8");
  // Mode bit 3: extract the raw bytes instead (ill-formed UTF-8 must do no harm either).
  const std::string& html = (mode & 8) ? page : decoded.utf8;

  saring::ExtractOptions options;
  options.explain = (mode & 1) != 0;
  options.use_gumbo = (mode & 2) != 0 && html.size() <= (64u << 10);
  options.language = (mode & 4) ? "id" : "";
  options.max_html_bytes = max_byte < 128 ? (1ull << 20) : static_cast<uint64_t>(max_byte) * 16;
  saring::HtmlExtractor extractor(options);
  saring::Extraction e;
  SARING_FUZZ_CHECK(extractor.Extract(html, &e).ok(), "Extract failed");
  if (!(mode & 8)) CheckText(e);
  if (html.size() > options.max_html_bytes)
    SARING_FUZZ_CHECK(e.truncated, "long page not marked truncated");

  if (options.explain) {
    for (const saring::ExtractedBlock& b : e.blocks) {
      if (!b.kept) continue;
      // A kept block may lose a trailing editor tag; its first word is always in the text.
      std::string_view first = std::string_view(b.text).substr(0, b.text.find(' '));
      SARING_FUZZ_CHECK(e.text.find(first) != std::string::npos, "a kept block is not in the text");
    }
    saring::ExtractOptions quiet = options;
    quiet.explain = false;
    saring::HtmlExtractor plain(quiet);
    saring::Extraction p;
    SARING_FUZZ_CHECK(plain.Extract(html, &p).ok(), "Extract failed");
    SARING_FUZZ_CHECK(p.text == e.text && p.title == e.title, "explain changed the text");
  }
  // Reuse: an unrelated page in between must not change the result.
  saring::Extraction other, again;
  SARING_FUZZ_CHECK(extractor.Extract("<p>x</p><nav>y</nav>", &other).ok(), "Extract failed");
  SARING_FUZZ_CHECK(extractor.Extract(html, &again).ok(), "Extract failed");
  SARING_FUZZ_CHECK(again.text == e.text && again.title == e.title, "reused extractor differs");
  return 0;
}
