// HTML to text: charset decoding and main-content extraction.
//
// DecodeHtml turns the raw bytes of a page into UTF-8. HtmlExtractor parses UTF-8 HTML with a
// streaming tokenizer written here (or libgumbo, the reference HTML5 parser; either accepts any
// byte string, malformed or truncated markup included), splits the page into text blocks,
// scores each block on its features (text and link density, tag path, class/id words,
// position, punctuation, stop words) and keeps the article body with its headline. The method
// is described in docs/extraction.md.
//
// Output text: the headline on the first line, then the kept blocks in document order, one
// paragraph per block, separated by one blank line ("\n\n"); consecutive items of one list and
// rows of one table are separated by a single "\n". No trailing newline. Whitespace inside a
// block is collapsed to single spaces, a <br> is a line break (text in <pre> keeps its lines and
// indentation, with at most one blank line in a row); NUL characters are dropped. A page
// without an article gives an empty text (its headline, if any, is still in
// Extraction::title); the caller decides what to do.
//
// Thread-safety: DecodeHtml may be called from any thread. An HtmlExtractor holds scratch memory
// reused between pages and is not thread-safe: use one per thread.
#ifndef SARING_EXTRACT_H_
#define SARING_EXTRACT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

struct HtmlDecoded {
  std::string utf8;            // the page as UTF-8 (BOM removed)
  std::string charset;         // canonical name of the charset used, e.g. "utf-8", "windows-1252"
  std::string charset_source;  // where it came from: "bom", "http", "meta" or "default"
};

// Raw HTML bytes -> UTF-8. The charset is taken, in this order, from a byte-order mark (UTF-8,
// UTF-16LE/BE), the `charset=` parameter of the HTTP Content-Type header value
// `http_content_type` (may be empty), a prescan of the first 1024 bytes for
// <meta charset=...> or <meta http-equiv="Content-Type" content="...; charset=...">, and
// otherwise ("default") is UTF-8 if the bytes are well-formed UTF-8 with some non-ASCII byte,
// else windows-1252 (as the HTML standard does for unlabelled pages). Labels follow the
// WHATWG Encoding standard's aliases for the common cases ("latin1" and "iso-8859-1" decode as
// windows-1252, "utf8", "x-user-defined" is treated as windows-1252); an unknown or unsupported
// label is ignored and the next source tried. A UTF-16 label in a <meta> is read as UTF-8, as
// the standard says. Conversion uses ICU; invalid sequences become U+FFFD, so this never fails
// on bad bytes. Returns InvalidArgument only if ICU cannot open a converter it was told exists.
Status DecodeHtml(std::string_view bytes, std::string_view http_content_type, HtmlDecoded* out);

// Returns the canonical charset name for a label ("UTF8" -> "utf-8", "latin1" ->
// "windows-1252"), or "" when the label is unknown or unsupported.
std::string CanonicalCharset(std::string_view label);

struct ExtractOptions {
  // ISO 639-1 code of the page's language ("id", "en"); selects the stop-word list (see
  // stopwords.h). Empty or a language without a list: every built-in list is tried and the
  // one matching most words of the page used.
  std::string language;
  // Fill Extraction::blocks with every block, kept or dropped, and the reason.
  bool explain = false;
  // Pages longer than this many bytes are cut at this size before parsing (at a UTF-8 character
  // boundary; the parser treats the cut as a truncated page). libgumbo's tree costs about ten
  // times the input, so this bounds memory per thread.
  uint64_t max_html_bytes = 64ull << 20;
  // Parse with libgumbo (the reference HTML5 parser) instead of saring's streaming tokenizer.
  // Same text on the test pages; about 8x slower (11 vs 89 MB/s), its tree several times the
  // page in memory, and quadratic in the nesting depth (200,000 nested <div> take minutes).
  bool use_gumbo = false;
};

struct ExtractedBlock {
  std::string tag_path;  // e.g. "body>div.content>article>p"
  std::string text;      // the block's text (whitespace collapsed)
  bool kept = false;
  std::string reason;  // why it was dropped or kept, e.g. "link-density 0.82", "class:share"
};

struct Extraction {
  std::string title;  // the headline (h1, og:title, or <title> without the site name); may be ""
  std::string text;   // headline first line, then the body paragraphs separated by blank lines
  std::vector<ExtractedBlock> blocks;  // filled only with ExtractOptions::explain
  bool truncated = false;              // the input was longer than max_html_bytes and was cut
};

class HtmlExtractor {  // one per thread; reuses scratch memory; not thread-safe
 public:
  explicit HtmlExtractor(ExtractOptions options);
  ~HtmlExtractor();
  HtmlExtractor(const HtmlExtractor&) = delete;
  HtmlExtractor& operator=(const HtmlExtractor&) = delete;

  // Extracts the main content of one page (UTF-8; invalid bytes are tolerated). `*out` is
  // overwritten. Returns InvalidArgument only if the parser fails to build a tree (it is
  // designed not to); any byte string is otherwise accepted.
  Status Extract(std::string_view html_utf8, Extraction* out);

  const ExtractOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace saring

#endif  // SARING_EXTRACT_H_
