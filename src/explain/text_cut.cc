#include "explain/text_cut.h"

#include <fmt/format.h>

namespace saring::report {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string_view Utf8Prefix(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && IsContinuation(s[n])) --n;
  return s.substr(0, n);
}

std::string_view Utf8Suffix(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  size_t start = s.size() - n;
  while (start < s.size() && IsContinuation(s[start])) ++start;
  return s.substr(start);
}

std::string ElideMiddle(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  std::string_view head = Utf8Prefix(s, n / 2), tail = Utf8Suffix(s, n / 2);
  return fmt::format("{} … {} bytes … {}", head, s.size() - head.size() - tail.size(), tail);
}

std::string_view LastLines(std::string_view s, size_t lines, size_t max_bytes) {
  if (lines == 0) return {};
  size_t start = s.size();
  size_t seen = 0;
  // A '\n' ending `s` closes the line before the cut, so it does not start a new line here.
  size_t scan = s.size();
  if (scan > 0 && s[scan - 1] == '\n') --scan;
  while (scan > 0) {
    --scan;
    if (s[scan] == '\n' && ++seen == lines) {
      start = scan + 1;
      break;
    }
    start = scan;
  }
  return Utf8Suffix(s.substr(start), max_bytes);
}

std::string_view FirstLines(std::string_view s, size_t lines, size_t max_bytes) {
  if (lines == 0) return {};
  size_t seen = 0, end = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && ++seen == lines) {
      end = i + 1;
      break;
    }
  }
  return Utf8Prefix(s.substr(0, end), max_bytes);
}

}  // namespace saring::report
