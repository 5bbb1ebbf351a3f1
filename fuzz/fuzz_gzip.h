// A gzip encoder for the fuzz targets that build compressed inputs (record_reader, warc_reader).
// Fuzz-only code: aborts through SARING_FUZZ_CHECK when zlib fails.
#ifndef SARING_FUZZ_FUZZ_GZIP_H_
#define SARING_FUZZ_FUZZ_GZIP_H_

#include <zlib.h>

#include <string>
#include <string_view>

#include "fuzz_check.h"

namespace saring_fuzz {

// One gzip member holding `data` (fast level: the fuzzers call it per input).
inline std::string GzipMember(std::string_view data) {
  z_stream zs{};
  SARING_FUZZ_CHECK(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK,
                    "zlib");
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  SARING_FUZZ_CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace saring_fuzz

#endif  // SARING_FUZZ_FUZZ_GZIP_H_
