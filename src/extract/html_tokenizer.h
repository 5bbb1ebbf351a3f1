// HtmlTokenizer (private to the extract module): a streaming HTML tokenizer written for text
// extraction. It reads the page once, left to right, and hands start tags (with the few
// attributes the extractor reads), end tags and entity-decoded text to a BlockBuilder, which
// repairs the nesting. It follows the HTML5 tokenizer where it matters for text: comments,
// doctype and processing instructions are skipped; the contents of script, style, textarea,
// xmp, iframe, noembed and noframes are raw text up to their end tag; <title> is read as text
// with character references; a '<' that does not start a tag is text; a tag cut by the end of
// the input is dropped. It allocates nothing per page beyond its reused scratch strings.
//
// Thread-safety: not thread-safe; one tokenizer per HtmlExtractor.
#ifndef SARING_EXTRACT_HTML_TOKENIZER_H_
#define SARING_EXTRACT_HTML_TOKENIZER_H_

#include <string>
#include <string_view>

#include "extract/block_builder.h"

namespace saring::extract_internal {

class HtmlTokenizer {
 public:
  // Feeds the whole of `html` to `builder` (which must have been Reset) and calls Finish.
  void Run(std::string_view html, BlockBuilder* builder);

 private:
  void EmitText(std::string_view text, BlockBuilder* builder);
  // Parses the start tag at html[i] == '<'; returns the offset after it, or npos if the input
  // ends inside the tag.
  size_t StartTag(std::string_view html, size_t i, BlockBuilder* builder);

  std::string decoded_;
  std::string name_;
  std::string attribute_name_;
  TagAttributes attributes_;
};

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_HTML_TOKENIZER_H_
