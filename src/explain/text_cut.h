// Cutting texts for display without splitting a UTF-8 character.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_EXPLAIN_TEXT_CUT_H_
#define SARING_EXPLAIN_TEXT_CUT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace saring::report {

// The longest prefix of `s` of at most `n` bytes that ends on a character boundary.
std::string_view Utf8Prefix(std::string_view s, size_t n);

// The longest suffix of `s` of at most `n` bytes that starts on a character boundary.
std::string_view Utf8Suffix(std::string_view s, size_t n);

// `s` itself if it has at most `n` bytes, else its head and tail around "… N bytes …".
std::string ElideMiddle(std::string_view s, size_t n);

// The last `lines` lines of `s` (the partial line at its end counts as one), and the first
// `lines` lines of `s` (the partial line at its start counts as one); each at most max_bytes.
std::string_view LastLines(std::string_view s, size_t lines, size_t max_bytes);
std::string_view FirstLines(std::string_view s, size_t lines, size_t max_bytes);

}  // namespace saring::report

#endif  // SARING_EXPLAIN_TEXT_CUT_H_
