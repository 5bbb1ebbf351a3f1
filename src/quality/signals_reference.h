// A deliberately plain reference implementation of the quality signals of docs/quality.md, for
// the differential test (signals_differential_test.cc); defined in signals_reference_test.cc.
#ifndef SARING_QUALITY_SIGNALS_REFERENCE_H_
#define SARING_QUALITY_SIGNALS_REFERENCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/quality.h"

namespace saring::quality_reference {

// The signals of `text`, computed byte at a time with std::unordered_map and every n-gram
// counted for every n.
QualitySignals Compute(std::string_view text, const StopWords* stop_words);

// Every field of QualitySignals as (name, exact bits), for bit-for-bit comparison.
std::vector<std::pair<std::string, uint64_t>> Fields(const QualitySignals& s);

}  // namespace saring::quality_reference

#endif  // SARING_QUALITY_SIGNALS_REFERENCE_H_
