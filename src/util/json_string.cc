// The escaping tables are built once at compile time; runs of bytes that need no escaping are
// appended in one piece, and found eight bytes at a time.
#include "saring/json_string.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include <fmt/format.h>

#include "util/utf8_sequence.h"

namespace saring {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// For each mode, true for the bytes the loop must look at: those JSON requires escaping and, for
// kSafeText, bytes of 0x80 and above (UTF-8 is checked) and '/' (escaped after '<').
constexpr std::array<bool, 256> MakeStopTable(bool safe) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  if (safe) {
    for (int c = 0x80; c < 0x100; ++c) t[c] = true;
    t['/'] = true;
  }
  return t;
}
constexpr std::array<bool, 256> kStopBytes = MakeStopTable(false);
constexpr std::array<bool, 256> kStopText = MakeStopTable(true);

constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;

// The high bit of each byte of x that equals b (the classic SWAR test: a byte of x ^ b that
// borrowed on subtracting 1 and was not already >= 0x80 was zero).
uint64_t BytesEqual(uint64_t x, unsigned char b) {
  uint64_t y = x ^ (kOnes * b);
  return (y - kOnes) & ~y & kHigh;
}

// True if one of the 8 bytes at p is a stop byte of the mode.
bool AnyStop(const char* p, bool safe) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  uint64_t below_space = (x - kOnes * 0x20) & ~x & kHigh;
  uint64_t stop = below_space | BytesEqual(x, '"') | BytesEqual(x, '\\');
  if (safe) stop |= (x & kHigh) | BytesEqual(x, '/');
  return stop != 0;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out, JsonStringMode mode) {
  const bool safe = mode == JsonStringMode::kSafeText;
  const std::array<bool, 256>& stop = safe ? kStopText : kStopBytes;
  out->push_back('"');
  size_t run = 0;  // start of the current run of bytes that pass through
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none of them is a stop byte (text is mostly such runs).
    while (i + 8 <= s.size() && !AnyStop(s.data() + i, safe)) i += 8;
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!stop[c]) continue;
    if (c >= 0x80) {  // kSafeText only
      size_t n = Utf8SequenceLength(s, i);
      if (n > 0) {
        i += n - 1;
        continue;
      }
    } else if (c == '/' && (i == 0 || s[i - 1] != '<')) {
      continue;
    }
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '/': out->append("\\/"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c >= 0x80) {
          out->append("\\ufffd");
        } else {
          char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out->append(buf, 6);
        }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string JsonQuoted(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

void AppendJsonNumber(double v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
  } else if (v == std::floor(v) && std::fabs(v) < 9e15) {
    fmt::format_to(std::back_inserter(*out), "{}", static_cast<int64_t>(v));
  } else {
    fmt::format_to(std::back_inserter(*out), "{:.6g}", v);
  }
}

std::string JsonPointer(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    out.push_back('/');
    for (char c : part) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

}  // namespace saring
