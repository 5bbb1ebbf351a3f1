// The escaping table is built once at compile time; runs of bytes that need no escaping are
// appended in one piece.
#include "util/json_string.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace saring {
namespace {

constexpr char kHex[] = "0123456789abcdef";
// True for the bytes that need escaping inside a JSON string.
constexpr std::array<bool, 256> MakeEscapeTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}
constexpr std::array<bool, 256> kNeedsEscape = MakeEscapeTable();

// True if one of the 8 bytes at p is below 0x20, '"' or '\\' (the classic SWAR tests: a byte of
// x - 0x01.. that borrowed, and was not already >= 0x80, was zero resp. below the bound).
bool AnyNeedsEscape(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t below_space = (x - kOnes * 0x20) & ~x;
  uint64_t quote = x ^ (kOnes * '"');
  uint64_t backslash = x ^ (kOnes * '\\');
  uint64_t is_quote = (quote - kOnes) & ~quote;
  uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((below_space | is_quote | is_backslash) & kHigh) != 0;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the current run of bytes that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none of them needs escaping (text is mostly such runs).
    while (i + 8 <= s.size() && !AnyNeedsEscape(s.data() + i)) i += 8;
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(buf, 6);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

}  // namespace saring
