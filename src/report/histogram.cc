#include "report/histogram.h"

#include <xxhash.h>

#include <bit>
#include <cmath>

#include <fmt/format.h>

namespace saring::report {
namespace {

// "512", "1.5 Ki", "3 Mi": a bin bound for a label.
std::string Short(uint64_t v) {
  static constexpr const char* kUnits[] = {"", " Ki", " Mi", " Gi", " Ti", " Pi", " Ei"};
  size_t unit = 0;
  double x = static_cast<double>(v);
  while (x >= 1024 && unit + 1 < std::size(kUnits)) {
    x /= 1024;
    ++unit;
  }
  return x == std::floor(x) ? fmt::format("{}{}", static_cast<uint64_t>(x), kUnits[unit])
                            : fmt::format("{:.1f}{}", x, kUnits[unit]);
}

}  // namespace

size_t LogHistogram::BinOf(uint64_t v) {
  if (v < 2) return static_cast<size_t>(v);
  int k = 63 - std::countl_zero(v);  // 2^k <= v < 2^(k+1), k >= 1
  size_t half = (v >> (k - 1)) & 1;
  return 2 + 2 * static_cast<size_t>(k - 1) + half;
}

uint64_t LogHistogram::BinLow(size_t bin) {
  if (bin < 2) return bin;
  size_t k = (bin - 2) / 2 + 1;
  uint64_t low = uint64_t{1} << k;
  return (bin - 2) % 2 == 0 ? low : low + (low >> 1);
}

std::string LogHistogram::BinLabel(size_t bin) {
  uint64_t low = BinLow(bin);
  uint64_t high = bin + 1 < kBins ? BinLow(bin + 1) - 1 : UINT64_MAX;
  if (low == high) return Short(low);
  // Small bins name their last value; from 1 Ki on, the next bin's first value reads better
  // ("1.5 Ki–<2 Ki" rather than "1.5 Ki–2.0 Ki" rounded from 2047).
  if (high < 1024 || high == UINT64_MAX) return fmt::format("{}–{}", Short(low), Short(high));
  return fmt::format("{}–<{}", Short(low), Short(high + 1));
}

std::pair<size_t, size_t> LogHistogram::Range() const {
  size_t first = kBins, last = 0;
  for (size_t b = 0; b < kBins; ++b) {
    if (counts_[b] == 0) continue;
    first = std::min(first, b);
    last = b;
  }
  return first == kBins ? std::pair<size_t, size_t>{0, 0} : std::pair<size_t, size_t>{first, last};
}

void LinearHistogram::Add(double v) {
  double pos = (v - lo_) / (hi_ - lo_) * static_cast<double>(counts_.size());
  size_t bin =
      pos <= 0 || std::isnan(pos) ? 0 : std::min(counts_.size() - 1, static_cast<size_t>(pos));
  ++counts_[bin];
  ++total_;
}

uint64_t SampleKey(std::string_view id, uint64_t salt) {
  return XXH3_64bits_withSeed(id.data(), id.size(), salt);
}

}  // namespace saring::report
