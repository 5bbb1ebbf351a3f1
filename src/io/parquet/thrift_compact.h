// A Thrift compact-protocol decoder and encoder, just enough for Parquet's footer and page
// headers (structs, lists, integers, binaries, booleans; maps and sets are only skipped).
//
// ThriftReader never reads outside its buffer and never recurses deeper than kMaxDepth: a
// malformed message makes it fail (ok() false) and return zeros from then on, never crash.
//
// Private to src/io/parquet. Not thread-safe (one object per message).
#ifndef SARING_IO_PARQUET_THRIFT_COMPACT_H_
#define SARING_IO_PARQUET_THRIFT_COMPACT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace saring::parquet {

// Compact-protocol type codes.
enum ThriftType : uint8_t {
  kTStop = 0,
  kTTrue = 1,
  kTFalse = 2,
  kTByte = 3,
  kTI16 = 4,
  kTI32 = 5,
  kTI64 = 6,
  kTDouble = 7,
  kTBinary = 8,
  kTList = 9,
  kTSet = 10,
  kTMap = 11,
  kTStruct = 12,
};

class ThriftReader {
 public:
  static constexpr int kMaxDepth = 32;

  ThriftReader(const uint8_t* data, size_t size) : p_(data), end_(data + size), begin_(data) {}

  // Reads the next field header of the current struct. Returns false at its STOP (or on error).
  // `last_id` is the previous field id of this struct (start at 0).
  bool NextField(int16_t* last_id, int16_t* id, uint8_t* type);
  int64_t ReadInt();  // i8/i16/i32/i64 (zigzag varint; i8 is one byte)
  int32_t ReadI32() { return static_cast<int32_t>(ReadInt()); }
  bool ReadBool(uint8_t field_type) { return field_type == kTTrue; }  // in a field header
  std::string_view ReadBinary();
  // List header: element type and count. The count is checked against the bytes left.
  bool ReadListHeader(uint8_t* elem_type, uint32_t* count);
  // Skips a value of `type` (structs, lists, sets and maps recursively, up to kMaxDepth).
  void Skip(uint8_t type) { Skip(type, 0); }
  // Descends into a nested struct value (counts depth); call Leave() after its STOP.
  bool Enter();
  void Leave() { --depth_; }

  bool ok() const { return ok_; }
  size_t consumed() const { return static_cast<size_t>(p_ - begin_); }
  void Fail() {
    ok_ = false;
    p_ = end_;
  }

 private:
  uint64_t ReadVarint();
  void Skip(uint8_t type, int depth);

  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  bool ok_ = true;
  int depth_ = 0;
};

// Appends a compact-protocol message to a string. Fields must be written in increasing id order
// within a struct.
class ThriftWriter {
 public:
  explicit ThriftWriter(std::string* out) : out_(out) { last_.push_back(0); }

  void FieldI32(int16_t id, int32_t v) {
    Header(id, kTI32);
    Varint(Zigzag(v));
  }
  void FieldI64(int16_t id, int64_t v) {
    Header(id, kTI64);
    Varint(Zigzag(v));
  }
  void FieldBool(int16_t id, bool v) { Header(id, v ? kTTrue : kTFalse); }
  void FieldBinary(int16_t id, std::string_view v) {
    Header(id, kTBinary);
    Binary(v);
  }
  void FieldListBegin(int16_t id, uint8_t elem_type, uint32_t count) {
    Header(id, kTList);
    ListHeader(elem_type, count);
  }
  void FieldStructBegin(int16_t id) {
    Header(id, kTStruct);
    StructBegin();
  }
  // A struct as a list element or the message itself.
  void StructBegin() { last_.push_back(0); }
  void StructEnd() {
    out_->push_back(0);
    last_.pop_back();
  }
  void ListI32(int32_t v) { Varint(Zigzag(v)); }
  void Binary(std::string_view v) {
    Varint(v.size());
    out_->append(v);
  }
  void ListHeader(uint8_t elem_type, uint32_t count);

 private:
  static uint64_t Zigzag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }
  void Header(int16_t id, uint8_t type);
  void Varint(uint64_t v);

  std::string* out_;
  std::vector<int16_t> last_;  // last field id per open struct
};

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_THRIFT_COMPACT_H_
