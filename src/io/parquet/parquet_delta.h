// Decoders of Parquet's DELTA_BINARY_PACKED integer encoding (also the length streams of
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY), as written by Parquet v2 writers such as
// DuckDB's PARQUET_VERSION v2 and Spark.
//
// Private to src/io/parquet. Stateless; thread-safe. Every read is bounds-checked: malformed
// input returns false.
#ifndef SARING_IO_PARQUET_PARQUET_DELTA_H_
#define SARING_IO_PARQUET_PARQUET_DELTA_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace saring::parquet {

// Decodes the DELTA_BINARY_PACKED stream at the start of `in` into *out (its own value count,
// at most `max_count`; more is an error). *consumed is the stream's length in bytes.
bool DecodeDeltaBinaryPacked(std::string_view in, size_t max_count, std::vector<int64_t>* out,
                             size_t* consumed);

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_DELTA_H_
