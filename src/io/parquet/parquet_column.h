// ColumnCursor: the (repetition level, definition level, value) entries of one leaf column of one
// row group, read page by page from the file (never the whole chunk at once).
//
// Pages: data page v1 and v2 and a dictionary page; codecs uncompressed, Snappy, gzip and zstd;
// values PLAIN, dictionary-encoded (PLAIN_DICTIONARY / RLE_DICTIONARY), DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY or BYTE_STREAM_SPLIT; levels in the RLE / bit-packed
// hybrid. Anything else, and any inconsistency, is an error naming the byte offset of
// the page in the file.
//
// Private to src/io/parquet. Not thread-safe.
#ifndef SARING_IO_PARQUET_PARQUET_COLUMN_H_
#define SARING_IO_PARQUET_PARQUET_COLUMN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/parquet/parquet_meta.h"

namespace saring::parquet {

// Where a cursor reads its bytes: pread on the file, counting what it reads.
class FileBytes {
 public:
  FileBytes(int fd, uint64_t size) : fd_(fd), size_(size) {}
  // Reads [offset, offset + n) into *out. False (with *error set) on a read error or if the range
  // is outside the file.
  bool Read(uint64_t offset, uint64_t n, std::string* out, std::string* error);
  uint64_t size() const { return size_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  int fd_;
  uint64_t size_;
  uint64_t bytes_read_ = 0;
};

struct Entry {
  uint16_t rep = 0;
  uint16_t def = 0;
  std::string_view value;  // the value's bytes (fixed-width: little-endian); empty when null
};

// What a leaf column needs from the schema.
struct LeafInfo {
  int32_t type = 0;
  int32_t type_length = 0;
  int max_def = 0;
  int max_rep = 0;
  std::string path;  // dotted, for messages
};

class ColumnCursor {
 public:
  // Page limit: a page larger than this (compressed or not) is treated as corrupt.
  static constexpr int64_t kMaxPageBytes = 512ll << 20;

  ColumnCursor(FileBytes* file, const LeafInfo& leaf, const ColumnChunkMeta& meta);

  // The next entry, loading pages as needed. False at the end of the chunk (error() empty) or on
  // an error (error() says what and where). Views stay valid until ReleaseOldPages().
  bool Next(Entry* out);
  // The repetition level of the next entry without consuming it; -1 at the end or on error.
  int PeekRep();
  // Frees pages before the current one (call between rows).
  void ReleaseOldPages();

  const std::string& error() const { return error_; }
  uint64_t page_offset() const { return page_offset_; }  // file offset of the current page

 private:
  struct Page {
    std::string raw;    // compressed bytes as read
    std::string plain;  // decompressed (when compressed)
    std::vector<uint16_t> rep, def;
    std::vector<std::string_view> values;
    std::string owned;  // values decoded into new bytes (delta and split encodings)
  };
  bool LoadPage();
  bool ReadPage(PageHeader* header, std::string* body, uint64_t* at);
  bool Decompress(const PageHeader& h, std::string_view in, std::string* out);
  bool DecodeDictionary(const PageHeader& h, std::string_view body);
  bool DecodeData(const PageHeader& h, std::string_view levels_rep, std::string_view levels_def,
                  std::string_view values, Page* page);
  bool DecodeValues(int32_t encoding, std::string_view in, size_t count, Page* page);
  bool DecodeDelta(int32_t encoding, std::string_view in, size_t count, Page* page);
  bool DecodeDeltaBytes(int32_t encoding, std::string_view in, const std::vector<int64_t>& lengths,
                        Page* page);
  bool DecodeByteStreamSplit(std::string_view in, size_t count, Page* page);
  size_t FixedWidth() const;  // bytes per value of a fixed-width type; 0 for BYTE_ARRAY/BOOLEAN
  bool Fail(const std::string& what);

  FileBytes* file_;
  LeafInfo leaf_;
  ColumnChunkMeta meta_;
  uint64_t pos_ = 0;  // next page header offset
  uint64_t end_ = 0;  // end of the chunk
  uint64_t page_offset_ = 0;
  int64_t values_seen_ = 0;
  std::string dict_raw_, dict_plain_;
  std::vector<std::string_view> dict_;
  bool has_dict_ = false;
  std::vector<std::unique_ptr<Page>> pages_;  // back() is current
  std::unique_ptr<Page> spare_;               // a released page, reused for its buffers
  size_t index_ = 0;                          // next entry in the current page
  size_t value_index_ = 0;                    // next value in the current page
  std::string error_;
  std::string header_buf_;
};

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_COLUMN_H_
