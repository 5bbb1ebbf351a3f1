// AppendRepairedUtf8 (private to the extract module): UTF-8 with each ill-formed sequence
// replaced by U+FFFD (one per maximal ill-formed subpart, as ICU and WHATWG do). Used for pages
// labelled UTF-8 and for the text libgumbo hands back (which can be ill-formed on odd input).
//
// Thread-safety: a stateless function.
#ifndef SARING_EXTRACT_UTF8_REPAIR_H_
#define SARING_EXTRACT_UTF8_REPAIR_H_

#include <string>
#include <string_view>

#include "saring/normalize.h"
#include "text/utf8_codec.h"

namespace saring::extract_internal {

// Appends `in` to *out; well-formed input is copied as is. Cost: one validation pass, plus one
// decoding pass when the input is ill-formed.
inline void AppendRepairedUtf8(std::string_view in, std::string* out) {
  if (IsValidUtf8(in)) {
    out->append(in);
    return;
  }
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t i = 0;
  while (i < in.size()) {
    text::Decoded d = text::DecodeUtf8(s, in.size(), i);
    if (d.valid) {
      out->append(in.substr(i, d.length));
    } else {
      out->append("\xEF\xBF\xBD");
    }
    i += d.length;
  }
}

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_UTF8_REPAIR_H_
