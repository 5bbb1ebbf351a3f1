// DELTA_BINARY_PACKED: a header <block size> <miniblocks per block> <value count> <first value>
// (varints, the first value zigzag), then blocks of <min delta (zigzag varint)> <one bit width
// per miniblock> <the miniblocks, each block size / miniblocks deltas bit-packed LSB first>.
// Miniblocks after the last value are absent even though their widths are present. Arithmetic
// wraps, as the format specifies.
#include "io/parquet/parquet_delta.h"

#include <algorithm>

namespace saring::parquet {
namespace {

bool Varint(const uint8_t*& p, const uint8_t* end, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    *v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

int64_t Unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

bool DecodeDeltaBinaryPacked(std::string_view in, size_t max_count, std::vector<int64_t>* out,
                             size_t* consumed) {
  const auto* begin = reinterpret_cast<const uint8_t*>(in.data());
  const uint8_t* p = begin;
  const uint8_t* end = p + in.size();
  uint64_t block = 0, miniblocks = 0, count = 0, first = 0;
  if (!Varint(p, end, &block) || !Varint(p, end, &miniblocks) || !Varint(p, end, &count) ||
      !Varint(p, end, &first)) {
    return false;
  }
  if (count > max_count || block == 0 || block % 128 != 0 || block > (1u << 20) ||
      miniblocks == 0 || block % miniblocks != 0 || (block / miniblocks) % 32 != 0) {
    return false;
  }
  const uint64_t per_mini = block / miniblocks;
  out->clear();
  out->reserve(count);
  if (count == 0) {
    *consumed = static_cast<size_t>(p - begin);
    return true;
  }
  uint64_t value = static_cast<uint64_t>(Unzigzag(first));
  out->push_back(static_cast<int64_t>(value));
  while (out->size() < count) {
    uint64_t min_delta_z = 0;
    if (!Varint(p, end, &min_delta_z)) return false;
    const uint64_t min_delta = static_cast<uint64_t>(Unzigzag(min_delta_z));
    if (static_cast<uint64_t>(end - p) < miniblocks) return false;
    const uint8_t* widths = p;
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && out->size() < count; ++m) {
      const unsigned width = widths[m];
      if (width > 64) return false;
      const uint64_t bytes = per_mini * width / 8;
      if (static_cast<uint64_t>(end - p) < bytes) return false;
      const uint64_t n = std::min<uint64_t>(per_mini, count - out->size());
      for (uint64_t i = 0; i < n; ++i) {
        uint64_t delta = 0;
        if (width > 0) {
          const uint64_t bit = i * width;
          for (unsigned got = 0; got < width;) {
            const uint64_t b = bit + got;
            const unsigned take = std::min<unsigned>(8 - (b & 7), width - got);
            const uint64_t part =
                (static_cast<uint64_t>(p[b >> 3]) >> (b & 7)) & ((1u << take) - 1);
            delta |= part << got;
            got += take;
          }
        }
        value += min_delta + delta;
        out->push_back(static_cast<int64_t>(value));
      }
      p += bytes;
    }
  }
  *consumed = static_cast<size_t>(p - begin);
  return true;
}

}  // namespace saring::parquet
