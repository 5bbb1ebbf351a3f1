// RowGroupBuilder: values are kept per column in their PLAIN encoding; Encode cuts each column
// into pages, writes each page's definition levels as RLE runs, and compresses levels and values
// together with zstd (data page v1).
//
// The encoded row group is framed for ShardWriter: the column chunks one after another, then per
// column (compressed bytes, uncompressed bytes, values) as little-endian u64, the row count (u64),
// the column count (u32) and the tag "SRG1".
#include <cstring>

#include "io/parquet/parquet_meta.h"
#include "io/parquet/parquet_shard.h"
#include "saring/parquet_writer.h"
#include "saring/shard_writer.h"

namespace saring {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

template <typename T>
void PutLe(T v, std::string* out) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->append(b, sizeof(T));
}

// Definition levels (bit width 1) of rows [begin, end) as RLE runs, with the v1 length prefix.
void PutLevels(const std::vector<uint8_t>& defined, size_t begin, size_t end, std::string* out) {
  std::string runs;
  for (size_t i = begin; i < end;) {
    size_t j = i;
    while (j < end && defined[j] == defined[i]) ++j;
    PutVarint(static_cast<uint64_t>(j - i) << 1, &runs);
    runs.push_back(static_cast<char>(defined[i]));
    i = j;
  }
  PutLe<uint32_t>(static_cast<uint32_t>(runs.size()), out);
  out->append(runs);
}

}  // namespace

void RowGroupBuilder::Reset(const std::vector<ParquetColumn>& columns) {
  columns_.resize(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    Column& col = columns_[c];
    col.kind = columns[c].kind;
    col.data.clear();
    col.ends.clear();
    col.defined.clear();
    col.set = false;
  }
  rows_ = 0;
}

void RowGroupBuilder::SetBytes(size_t c, std::string_view v) {
  Column& col = columns_[c];
  SARING_DCHECK(col.kind != ParquetColumnKind::kInt64 && !col.set);
  PutLe<uint32_t>(static_cast<uint32_t>(v.size()), &col.data);
  col.data.append(v);
  col.ends.push_back(static_cast<uint32_t>(col.data.size()));
  col.set = true;
}

void RowGroupBuilder::SetInt(size_t c, int64_t v) {
  Column& col = columns_[c];
  SARING_DCHECK(col.kind == ParquetColumnKind::kInt64 && !col.set);
  PutLe<int64_t>(v, &col.data);
  col.ends.push_back(static_cast<uint32_t>(col.data.size()));
  col.set = true;
}

void RowGroupBuilder::EndRow() {
  for (Column& col : columns_) {
    col.defined.push_back(col.set ? 1 : 0);
    col.set = false;
  }
  ++rows_;
}

Status RowGroupBuilder::Encode(int zstd_level, std::string* out) const {
  std::string trailer;
  std::string body, compressed;
  for (const Column& col : columns_) {
    uint64_t chunk_compressed = 0, chunk_plain = 0;
    size_t row = 0, value = 0;
    uint32_t value_begin = 0;
    while (row < rows_) {
      // Rows [row, end) form one page of at most about kPageBytes of values (at least one row).
      size_t end = row, v = value;
      while (end < rows_) {
        if (col.defined[end]) {
          if (end > row && col.ends[v] - value_begin > kPageBytes) break;
          ++v;
        }
        ++end;
      }
      uint32_t value_end = v > 0 ? col.ends[v - 1] : 0;
      body.clear();
      PutLevels(col.defined, row, end, &body);
      body.append(col.data, value_begin, value_end - value_begin);
      compressed.clear();
      SARING_RETURN_IF_ERROR(CompressZstd(body, zstd_level, &compressed));
      parquet::PageHeader h;
      h.type = parquet::kDataPage;
      h.uncompressed_size = static_cast<int32_t>(body.size());
      h.compressed_size = static_cast<int32_t>(compressed.size());
      h.num_values = static_cast<int32_t>(end - row);
      h.encoding = parquet::kPlain;
      size_t header_at = out->size();
      parquet::EncodePageHeader(h, out);
      size_t header_bytes = out->size() - header_at;
      out->append(compressed);
      chunk_compressed += header_bytes + compressed.size();
      chunk_plain += header_bytes + body.size();
      row = end;
      value = v;
      value_begin = value_end;
    }
    PutLe<uint64_t>(chunk_compressed, &trailer);
    PutLe<uint64_t>(chunk_plain, &trailer);
    PutLe<uint64_t>(rows_, &trailer);
  }
  out->append(trailer);
  PutLe<uint64_t>(rows_, out);
  PutLe<uint32_t>(static_cast<uint32_t>(columns_.size()), out);
  out->append(parquet::kRowGroupTag, 4);
  return Status::Ok();
}

}  // namespace saring
