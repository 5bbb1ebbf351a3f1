#include "io/parquet/parquet_shard.h"

#include <cstring>

namespace saring::parquet {
namespace {

template <typename T>
T GetLe(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace

bool ShardFooter::Take(std::string_view framed, uint64_t file_offset, std::string_view* chunks) {
  const size_t n = columns_.size();
  const size_t tail = n * 24 + 8 + 4 + 4;
  if (framed.size() < tail || framed.substr(framed.size() - 4) != std::string_view(kRowGroupTag, 4))
    return false;
  const char* t = framed.data() + framed.size() - tail;
  if (GetLe<uint32_t>(t + n * 24 + 8) != n) return false;
  RowGroupMeta g;
  g.num_rows = static_cast<int64_t>(GetLe<uint64_t>(t + n * 24));
  uint64_t at = 0;
  for (size_t c = 0; c < n; ++c) {
    ColumnChunkMeta& m = g.columns.emplace_back();
    m.has_meta = true;
    m.type = columns_[c].kind == ParquetColumnKind::kInt64 ? kInt64 : kByteArray;
    m.codec = kZstd;
    m.total_compressed_size = static_cast<int64_t>(GetLe<uint64_t>(t + c * 24));
    m.total_uncompressed_size = static_cast<int64_t>(GetLe<uint64_t>(t + c * 24 + 8));
    m.num_values = static_cast<int64_t>(GetLe<uint64_t>(t + c * 24 + 16));
    m.data_page_offset = static_cast<int64_t>(file_offset + at);
    m.encodings = {kPlain, kRle};
    m.path = {columns_[c].name};
    g.total_byte_size += m.total_uncompressed_size;
    at += static_cast<uint64_t>(m.total_compressed_size);
  }
  if (at != framed.size() - tail) return false;
  *chunks = framed.substr(0, at);
  rows_ += g.num_rows;
  row_groups_.push_back(std::move(g));
  return true;
}

void ShardFooter::Encode(std::string* out) const {
  FileMeta meta;
  SchemaElement& root = meta.schema.emplace_back();
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns_.size());
  for (const ParquetColumn& c : columns_) {
    SchemaElement& e = meta.schema.emplace_back();
    e.name = c.name;
    e.repetition = kOptional;
    e.type = c.kind == ParquetColumnKind::kInt64 ? kInt64 : kByteArray;
    if (c.kind == ParquetColumnKind::kString) e.meaning = Meaning::kString;
    if (c.kind == ParquetColumnKind::kJson) e.meaning = Meaning::kJson;
    if (c.spread && c.kind == ParquetColumnKind::kJson)
      meta.key_value.emplace_back(kExtraColumnKey, c.name);
  }
  meta.num_rows = rows_;
  meta.row_groups = row_groups_;
  meta.created_by = "saring";
  size_t begin = out->size();
  EncodeFileMeta(meta, out);
  uint32_t len = static_cast<uint32_t>(out->size() - begin);
  char b[4];
  std::memcpy(b, &len, 4);
  out->append(b, 4);
  out->append(kMagic, 4);
}

}  // namespace saring::parquet
