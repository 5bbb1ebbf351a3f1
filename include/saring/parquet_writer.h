// Parquet output: the rows of one batch are encoded into one row group (in parallel, on any
// thread); a ShardWriter whose options name Parquet columns appends these row groups to a
// Parquet file in sequence order and writes the footer when the shard closes, so the bytes do not
// depend on the thread count.
//
// Every column is OPTIONAL. kString and kJson are BYTE_ARRAY (annotated STRING, resp. JSON);
// kInt64 is INT64. Pages are data pages v1, PLAIN values, RLE definition levels, zstd-compressed,
// at most about kPageBytes of values each.
//
// Thread-safety: a RowGroupBuilder is used by one thread at a time; distinct builders are
// independent.
#ifndef SARING_PARQUET_WRITER_H_
#define SARING_PARQUET_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

enum class ParquetColumnKind : uint8_t { kString, kInt64, kJson };

struct ParquetColumn {
  std::string name;
  ParquetColumnKind kind = ParquetColumnKind::kString;
  // kJson only, at most one column: it holds an object of members that belong at the top level of
  // the record (saring's `extra`). The footer names it under the key saring.extra_column
  // (parquet::kExtraColumnKey), so that saring's reader spreads them back.
  bool spread = false;
};

// Collects the values of one row group, row by row, and encodes it.
class RowGroupBuilder {
 public:
  static constexpr size_t kPageBytes = 1 << 20;

  // Forgets the rows and sets the columns (rows then hold one value per column).
  void Reset(const std::vector<ParquetColumn>& columns);

  // One value of column `c` for the current row; a column given no value in a row is null.
  // Set REQUIRES: the kind matches (bytes for kString/kJson, an integer for kInt64).
  void SetBytes(size_t c, std::string_view v);
  void SetInt(size_t c, int64_t v);
  // Ends the current row.
  void EndRow();

  uint64_t rows() const { return rows_; }

  // Appends the encoded row group (column chunks and their description, a private framing that
  // only ShardWriter reads) to *out. Deterministic. Errors: InvalidArgument for a zstd level out
  // of range, Internal if zstd fails.
  Status Encode(int zstd_level, std::string* out) const;

 private:
  struct Column {
    ParquetColumnKind kind = ParquetColumnKind::kString;
    std::string data;              // PLAIN values of the non-null rows
    std::vector<uint32_t> ends;    // end offset in data of each non-null value
    std::vector<uint8_t> defined;  // per row
    bool set = false;              // in the current row
  };
  std::vector<Column> columns_;
  uint64_t rows_ = 0;
};

}  // namespace saring

#endif  // SARING_PARQUET_WRITER_H_
