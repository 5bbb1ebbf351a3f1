// WalkGumbo: libgumbo's tree -> BlockBuilder events (see gumbo_walk.h).
#include "extract/gumbo_walk.h"

#include <gumbo.h>

#include <memory>
#include <string>
#include <vector>

#include "extract/utf8_repair.h"

namespace saring::extract_internal {
namespace {

struct OutputDeleter {
  GumboOptions options;
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&options, o); }
};

// The lower-case tag name of an element (its original spelling for unknown tags).
void TagName(const GumboElement& e, std::string* name) {
  name->clear();
  if (e.tag != GUMBO_TAG_UNKNOWN) {
    name->assign(gumbo_normalized_tagname(e.tag));
    return;
  }
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  for (size_t i = 0; i < piece.length; ++i) {
    char c = piece.data[i];
    name->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
}

void ReadAttributes(const GumboElement& e, TagAttributes* a) {
  a->Clear();
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* attr = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    std::string_view name(attr->name), value(attr->value);
    if (name == "class") a->cls = value;
    else if (name == "id") a->id = value;
    else if (name == "property") a->property = value;
    else if (name == "name") a->name = value;
    else if (name == "content") a->content = value;
    else if (name == "style") a->style = value;
    else if (name == "aria-hidden") a->aria_hidden = value;
    else if (name == "hidden") a->hidden = true;
  }
}

}  // namespace

Status WalkGumbo(std::string_view html, BlockBuilder* builder) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // errors are not needed; recording them costs memory
  std::unique_ptr<GumboOutput, OutputDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()), OutputDeleter{options});
  if (!output || !output->document) return Status::InvalidArgument("libgumbo returned no tree");
  // Iterative walk: (node, next child index); a node is closed when its children are done.
  struct Frame {
    const GumboNode* node;
    unsigned next;
    std::string name;
  };
  std::vector<Frame> stack;
  TagAttributes attributes;
  std::string repaired;
  const GumboNode* doc = output->document;
  for (unsigned i = 0; i < doc->v.document.children.length; ++i) {
    stack.push_back({static_cast<const GumboNode*>(doc->v.document.children.data[i]), 0, {}});
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboNode* node = f.node;
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        std::string_view text(node->v.text.text);
        if (IsValidUtf8(text)) {
          builder->AppendText(text);
        } else {
          // libgumbo can hand back ill-formed UTF-8 from odd character references.
          repaired.clear();
          AppendRepairedUtf8(text, &repaired);
          builder->AppendText(repaired);
        }
        stack.pop_back();
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
        stack.pop_back();
        continue;
      }
      const GumboElement& e = node->v.element;
      if (f.next == 0) {
        TagName(e, &f.name);
        ReadAttributes(e, &attributes);
        builder->StartElement(f.name, attributes);
      }
      if (f.next < e.children.length) {
        const auto* child = static_cast<const GumboNode*>(e.children.data[f.next++]);
        stack.push_back({child, 0, {}});
        continue;
      }
      builder->EndElement(f.name);
      stack.pop_back();
    }
  }
  builder->Finish();
  return Status::Ok();
}

}  // namespace saring::extract_internal
