// The Parquet side of ShardWriter: reading back the row groups RowGroupBuilder framed, and the
// footer of a shard.
//
// Private to src/io. Not thread-safe.
#ifndef SARING_IO_PARQUET_PARQUET_SHARD_H_
#define SARING_IO_PARQUET_PARQUET_SHARD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/parquet/parquet_meta.h"
#include "saring/parquet_writer.h"

namespace saring::parquet {

inline constexpr char kRowGroupTag[] = "SRG1";

// The row groups of the shard being written.
class ShardFooter {
 public:
  explicit ShardFooter(const std::vector<ParquetColumn>& columns) : columns_(columns) {}

  // Takes one framed row group that will be written at `file_offset`: records its description
  // and sets *chunks to the bytes to write. False if `framed` is not RowGroupBuilder output for
  // these columns.
  bool Take(std::string_view framed, uint64_t file_offset, std::string_view* chunks);

  // Appends the footer (file metadata, its length, "PAR1").
  void Encode(std::string* out) const;

 private:
  const std::vector<ParquetColumn>& columns_;
  std::vector<RowGroupMeta> row_groups_;
  int64_t rows_ = 0;
};

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_SHARD_H_
