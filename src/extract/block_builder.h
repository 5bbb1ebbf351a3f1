// BlockBuilder (private to the extract module): turns a stream of HTML events (start tag, end
// tag, text) into a flat list of text blocks, each with the features the scorer needs. Two
// producers feed it: the streaming tokenizer (html_tokenizer.cc, the default) and a walk over
// libgumbo's tree (gumbo_walk.cc, the reference). Neither builds more than a stack of open
// elements here, so memory is the text plus a few dozen bytes per block-level element.
//
// Tree repair is the part of HTML5 tree building that matters for text: end tags close the
// nearest open element of that name (an end tag with no open element is ignored), a block-level
// start tag closes an open <p>, <li> closes the previous <li> of its list, <td>/<th>/<tr> and
// <dt>/<dd> likewise. Void elements are never pushed. For a well-formed page this gives the
// same blocks as libgumbo's tree (the tests compare both producers on every fixture).
//
// Thread-safety: not thread-safe; one builder per HtmlExtractor.
#ifndef SARING_EXTRACT_BLOCK_BUILDER_H_
#define SARING_EXTRACT_BLOCK_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace saring::extract_internal {

// The attributes the builder looks at; values are raw (entities not decoded).
struct TagAttributes {
  std::string_view id, cls, property, name, content, style, aria_hidden;
  bool hidden = false;  // the boolean `hidden` attribute
  void Clear() { *this = TagAttributes(); }
};

// Why an element's content is boilerplate: 0 = it is not; else an index into the reason table
// (see ReasonText).
using Reason = uint8_t;
// "<nav>", "class/id share", ...
std::string ReasonText(Reason reason);
// True for reasons strong enough to exclude text from the search for the main content (share,
// comments, navigation, ...), false for those that apply only inside it (tags, byline, date).
bool IsStrongReason(Reason reason);

// A block-level element that holds text, directly or below.
struct Element {
  int32_t parent = -1;
  Reason reason = 0;                         // from its tag, class or id
  bool strong_path = false;                  // it or an ancestor (below <body>) has a strong reason
  uint32_t label_begin = 0, label_size = 0;  // "div.content" in labels_ (explain only)
};

enum class BlockKind : uint8_t { kText, kHeading, kListItem, kTableRow, kTableCell, kPre };

struct Block {
  uint32_t text_begin = 0, text_size = 0;  // in text()
  int32_t element = -1;                    // innermost block-level element holding the block
  int32_t list_group = -1;                 // nearest enclosing ul/ol/dl/table element, or -1
  int32_t row = -1;         // nearest enclosing <tr> element (within the nearest table), or -1
  uint32_t link_bytes = 0;  // non-space bytes inside <a>
  uint32_t bytes = 0;       // non-space bytes
  uint8_t heading = 0;      // 1..6 inside <hN>
  BlockKind kind = BlockKind::kText;
};

class BlockBuilder {
 public:
  // Bounds on what one page may create; beyond them the rest of the page is ignored and
  // truncated() is set (a pathological page of a million empty <p> must not cost gigabytes).
  static constexpr size_t kMaxBlocks = 1 << 19;
  static constexpr size_t kMaxElements = 1 << 19;
  static constexpr size_t kMaxDepth = 512;

  // Starts a page of `html_bytes` bytes. With `labels`, element labels are kept for explain's
  // tag paths. Scratch memory is kept between pages, except that left by a page far larger.
  void Reset(bool labels, size_t html_bytes);

  // `name` is the lower-case tag name.
  void StartElement(std::string_view name, const TagAttributes& attributes);
  void EndElement(std::string_view name);
  // Text with entities already decoded; whitespace is collapsed here.
  void AppendText(std::string_view text);
  // Ends the page (flushes the last block).
  void Finish();

  // True once a bound above was hit; the producer may stop feeding events.
  bool full() const { return full_; }

  const std::vector<Block>& blocks() const { return blocks_; }
  const std::vector<Element>& elements() const { return elements_; }
  std::string_view BlockText(const Block& b) const {
    return std::string_view(text_).substr(b.text_begin, b.text_size);
  }
  // "html>body>div#main>article.post>p": the block's element chain (labels needed).
  std::string TagPath(const Block& b) const;
  const std::string& title() const { return title_; }        // <title>, whitespace collapsed
  const std::string& og_title() const { return og_title_; }  // og:title / twitter:title
  bool truncated() const { return full_; }

 private:
  struct Open {
    uint32_t name_hash;
    uint32_t flags;
    int32_t element;  // innermost block-level element (this one if block-level)
    int32_t list_group;
    int32_t row;
    uint8_t heading;
    bool skip;  // text ignored (script, style, hidden, inline boilerplate)
    bool anchor;
    bool pre;
    bool in_title;
  };

  void Flush();
  void Push(uint32_t name_hash, uint32_t flags, uint8_t heading, Reason reason, bool hidden,
            std::string_view name, const TagAttributes& attributes);
  void PopTo(size_t index);  // pops stack_[index] and everything above it
  // Index of the nearest open element with `name_hash` at or above stack_[floor], searching
  // down from the top and stopping at an element whose flags contain `barrier`; or -1.
  int64_t FindOpen(uint32_t name_hash, uint32_t barrier) const;
  void AppendBreak();
  void AppendPreformatted(std::string_view text);

  std::vector<Open> stack_;
  std::vector<Element> elements_;
  std::vector<Block> blocks_;
  std::string text_;
  std::string labels_;
  std::string title_, og_title_;
  std::string without_nul_;  // scratch for text holding NUL characters
  bool keep_labels_ = false;
  bool full_ = false;
  // The block being collected: it starts at cur_begin_ in text_.
  uint32_t cur_begin_ = 0;
  uint32_t cur_link_ = 0, cur_bytes_ = 0;
  bool pending_space_ = false;
  int pending_breaks_ = 0;
  int64_t head_index_ = -1;  // stack index of an open <head>, or -1
};

// Decodes the HTML character references in `in` (numeric and the common named ones) and appends
// the result to *out. U+0000, surrogates and out-of-range numbers become U+FFFD.
void DecodeEntities(std::string_view in, std::string* out);

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_BLOCK_BUILDER_H_
