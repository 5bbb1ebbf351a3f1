// The parts of Parquet's file metadata and page headers saring reads and writes, with their
// Thrift compact decoding (from untrusted bytes) and encoding.
//
// Decoding checks structure only (every read stays inside the buffer); the reader checks the
// values (offsets, sizes, schema shape) against the file before using them.
//
// Private to src/io/parquet.
#ifndef SARING_IO_PARQUET_PARQUET_META_H_
#define SARING_IO_PARQUET_PARQUET_META_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace saring::parquet {

inline constexpr char kMagic[] = "PAR1";
// The footer key-value entry saring's writer sets: its value names the JSON column holding an
// object of the record's other top-level members, which saring's reader spreads back.
inline constexpr char kExtraColumnKey[] = "saring.extra_column";

enum PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};
enum Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };
// ConvertedType values saring looks at.
enum Converted : int32_t {
  kConvUtf8 = 0,
  kConvMap = 1,
  kConvMapKeyValue = 2,
  kConvList = 3,
  kConvEnum = 4,
  kConvDecimal = 5,
  kConvDate = 6,
  kConvTimestampMillis = 9,
  kConvTimestampMicros = 10,
  kConvUint8 = 11,
  kConvUint16 = 12,
  kConvUint32 = 13,
  kConvUint64 = 14,
  kConvJson = 19,
};
enum Codec : int32_t { kUncompressed = 0, kSnappy = 1, kGzip = 2, kZstd = 6 };
enum Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};
enum PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

// What a column's values mean, from ConvertedType or LogicalType (normalised).
enum class Meaning : uint8_t {
  kNone,
  kString,
  kJson,
  kList,
  kMap,
  kDecimal,
  kDate,
  kTimestampMillis,
  kTimestampMicros,
  kTimestampNanos,
  kUnsigned,
  kUuid,
};

struct SchemaElement {
  int32_t type = -1;  // PhysicalType, -1 for a group
  int32_t type_length = 0;
  int32_t repetition = kRequired;
  std::string name;
  int32_t num_children = 0;
  int32_t scale = 0;
  Meaning meaning = Meaning::kNone;
};

struct ColumnChunkMeta {
  int32_t type = 0;
  int32_t codec = 0;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;  // -1: none
  bool has_meta = false;
  std::vector<int32_t> encodings;  // written only
  std::vector<std::string> path;   // written only
};

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
};

struct FileMeta {
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroupMeta> row_groups;
  std::vector<std::pair<std::string, std::string>> key_value;  // key_value_metadata
  std::string created_by;                                      // written only
};

struct PageHeader {
  int32_t type = -1;
  int32_t uncompressed_size = -1;
  int32_t compressed_size = -1;
  int32_t num_values = -1;
  int32_t encoding = -1;
  // v2 only
  int32_t num_rows = -1;
  int32_t def_levels_bytes = 0;
  int32_t rep_levels_bytes = 0;
  bool is_compressed = true;
  bool has_v1 = false, has_v2 = false, has_dict = false;
};

// Decodes FileMetaData. False if the bytes are not a well-formed message with the required fields.
bool DecodeFileMeta(const uint8_t* data, size_t size, FileMeta* out);

// Decodes a PageHeader at the start of [data, data + size); *header_bytes is its length.
// False if malformed or incomplete (a longer buffer may help when size is small).
bool DecodePageHeader(const uint8_t* data, size_t size, PageHeader* out, size_t* header_bytes);

// Appends the encodings of FileMetaData / a PageHeader.
void EncodeFileMeta(const FileMeta& meta, std::string* out);
void EncodePageHeader(const PageHeader& header, std::string* out);

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_META_H_
