// HtmlTokenizer: the streaming tokenizer (see html_tokenizer.h).
#include "extract/html_tokenizer.h"

#include <cstring>

namespace saring::extract_internal {
namespace {

constexpr size_t kNpos = std::string_view::npos;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Elements whose content is raw text up to their end tag.
bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes";
}

// Offset of the first "</name" (any case) followed by a space, '/' or '>' at or after `from`.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  size_t i = from;
  while (true) {
    const void* p = i < html.size() ? std::memchr(html.data() + i, '<', html.size() - i) : nullptr;
    if (p == nullptr) return kNpos;
    i = static_cast<size_t>(static_cast<const char*>(p) - html.data());
    size_t after = i + 2 + name.size();
    if (after <= html.size() && html[i + 1] == '/') {
      bool match = true;
      for (size_t k = 0; k < name.size() && match; ++k) match = Lower(html[i + 2 + k]) == name[k];
      if (match && (after == html.size() || IsSpace(html[after]) || html[after] == '/' ||
                    html[after] == '>')) {
        return i;
      }
    }
    ++i;
  }
}

// Offset just after the next '>' at or after `from`, or npos.
size_t SkipPast(std::string_view html, size_t from, char c) {
  size_t p = html.find(c, from);
  return p == kNpos ? kNpos : p + 1;
}

}  // namespace

void HtmlTokenizer::EmitText(std::string_view text, BlockBuilder* builder) {
  if (text.find('&') == kNpos) {
    builder->AppendText(text);
    return;
  }
  decoded_.clear();
  DecodeEntities(text, &decoded_);
  builder->AppendText(decoded_);
}

size_t HtmlTokenizer::StartTag(std::string_view html, size_t i, BlockBuilder* builder) {
  const size_t n = html.size();
  size_t p = i + 1;
  name_.clear();
  while (p < n && !IsSpace(html[p]) && html[p] != '/' && html[p] != '>')
    name_.push_back(Lower(html[p++]));
  attributes_.Clear();
  while (true) {
    while (p < n && (IsSpace(html[p]) || html[p] == '/')) ++p;
    if (p >= n) return kNpos;
    if (html[p] == '>') {
      ++p;
      break;
    }
    attribute_name_.clear();
    // An attribute name may start with '=' (the standard keeps it as part of the name).
    do {
      attribute_name_.push_back(Lower(html[p++]));
    } while (p < n && !IsSpace(html[p]) && html[p] != '/' && html[p] != '>' && html[p] != '=');
    while (p < n && IsSpace(html[p])) ++p;
    std::string_view value;
    if (p < n && html[p] == '=') {
      ++p;
      while (p < n && IsSpace(html[p])) ++p;
      if (p >= n) return kNpos;
      if (html[p] == '"' || html[p] == '\'') {
        size_t close = html.find(html[p], p + 1);
        if (close == kNpos) return kNpos;
        value = html.substr(p + 1, close - p - 1);
        p = close + 1;
      } else {
        size_t start = p;
        while (p < n && !IsSpace(html[p]) && html[p] != '>') ++p;
        value = html.substr(start, p - start);
      }
    }
    const std::string& a = attribute_name_;
    // The first occurrence of an attribute wins, as in HTML5.
    if (a == "class") {
      if (attributes_.cls.empty()) attributes_.cls = value;
    } else if (a == "id") {
      if (attributes_.id.empty()) attributes_.id = value;
    } else if (a == "property") {
      if (attributes_.property.empty()) attributes_.property = value;
    } else if (a == "name") {
      if (attributes_.name.empty()) attributes_.name = value;
    } else if (a == "content") {
      if (attributes_.content.empty()) attributes_.content = value;
    } else if (a == "style") {
      if (attributes_.style.empty()) attributes_.style = value;
    } else if (a == "aria-hidden") {
      if (attributes_.aria_hidden.empty()) attributes_.aria_hidden = value;
    } else if (a == "hidden") {
      attributes_.hidden = true;
    }
  }
  builder->StartElement(name_, attributes_);
  if (!IsRawText(name_)) return p;
  size_t end = FindEndTag(html, p, name_);
  std::string_view content = html.substr(p, end == kNpos ? kNpos : end - p);
  if (name_ == "title") EmitText(content, builder);
  builder->EndElement(name_);
  if (end == kNpos) return n;
  size_t after = SkipPast(html, end + 2, '>');
  return after == kNpos ? n : after;
}

void HtmlTokenizer::Run(std::string_view html, BlockBuilder* builder) {
  const size_t n = html.size();
  size_t i = 0;
  while (i < n && !builder->full()) {
    const void* lt = std::memchr(html.data() + i, '<', n - i);
    size_t at = lt ? static_cast<size_t>(static_cast<const char*>(lt) - html.data()) : n;
    if (at > i) EmitText(html.substr(i, at - i), builder);
    if (at >= n) break;
    i = at;
    char c = i + 1 < n ? html[i + 1] : '\0';
    if (c == '!') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t close = html.find("-->", i + 4);
        i = close == kNpos ? n : close + 3;
      } else {
        size_t after = SkipPast(html, i + 2, '>');
        i = after == kNpos ? n : after;
      }
    } else if (c == '?') {
      size_t after = SkipPast(html, i + 2, '>');
      i = after == kNpos ? n : after;
    } else if (c == '/') {
      char d = i + 2 < n ? html[i + 2] : '\0';
      size_t after = SkipPast(html, i + 2, '>');
      if (after == kNpos) break;  // an end tag cut by the end of the input
      if (IsAlpha(d)) {
        name_.clear();
        size_t p = i + 2;
        while (p < n && !IsSpace(html[p]) && html[p] != '/' && html[p] != '>')
          name_.push_back(Lower(html[p++]));
        builder->EndElement(name_);
      }
      i = after;
    } else if (IsAlpha(c)) {
      size_t after = StartTag(html, i, builder);
      if (after == kNpos) break;  // a start tag cut by the end of the input
      i = after;
    } else {
      EmitText(html.substr(i, 1), builder);
      ++i;
    }
  }
  builder->Finish();
}

}  // namespace saring::extract_internal
