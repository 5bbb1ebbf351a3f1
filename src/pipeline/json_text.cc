#include "pipeline/json_text.h"

#include <cstring>

namespace saring::pipeline {
namespace {

size_t SkipSpace(std::string_view t, size_t p) {
  while (p < t.size() && (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' || t[p] == '\r')) ++p;
  return p;
}

// REQUIRES: t[p] == '"'. Returns the offset just past the closing quote. Jumps from quote to
// quote with memchr (long text values dominate records); a quote preceded by an odd number of
// backslashes is escaped.
size_t SkipString(std::string_view t, size_t p) {
  ++p;
  while (p < t.size()) {
    const void* q = std::memchr(t.data() + p, '"', t.size() - p);
    if (q == nullptr) return t.size();
    size_t at = static_cast<const char*>(q) - t.data();
    size_t backslashes = 0;
    while (at - backslashes > p && t[at - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return at + 1;
    p = at + 1;
  }
  return p;
}

// Returns the offset just past the value starting at t[p].
size_t SkipValue(std::string_view t, size_t p) {
  if (p >= t.size()) return p;
  char c = t[p];
  if (c == '"') return SkipString(t, p);
  if (c == '{' || c == '[') {
    int depth = 0;
    while (p < t.size()) {
      char d = t[p];
      if (d == '"') {
        p = SkipString(t, p);
        continue;
      }
      if (d == '{' || d == '[') ++depth;
      if (d == '}' || d == ']') {
        if (--depth == 0) return p + 1;
      }
      ++p;
    }
    return p;
  }
  while (p < t.size() && t[p] != ',' && t[p] != '}' && t[p] != ']' && t[p] != ' ' && t[p] != '\t' &&
         t[p] != '\n' && t[p] != '\r') {
    ++p;
  }
  return p;
}

}  // namespace

size_t SkipJsonValue(std::string_view text, size_t pos) {
  return SkipValue(text, SkipSpace(text, pos));
}

bool ScanObject(std::string_view text, size_t pos, JsonObjectExtent* out) {
  out->members.clear();
  size_t p = SkipSpace(text, pos);
  if (p >= text.size() || text[p] != '{') return false;
  out->open = p;
  p = SkipSpace(text, p + 1);
  while (p < text.size() && text[p] != '}') {
    JsonMember m;
    m.key_begin = p;
    m.key_end = SkipString(text, p);
    p = SkipSpace(text, m.key_end);
    p = SkipSpace(text, p + 1);  // past ':'
    m.value_begin = p;
    m.value_end = SkipValue(text, p);
    out->members.push_back(m);
    p = SkipSpace(text, m.value_end);
    if (p < text.size() && text[p] == ',') p = SkipSpace(text, p + 1);
  }
  out->close = p;
  return p < text.size();
}

}  // namespace saring::pipeline
