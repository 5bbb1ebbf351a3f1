// Thrift compact protocol: field headers carry the id as a delta from the previous field (or in
// full after a zero delta), integers are zigzag varints, binaries and list sizes are varint
// prefixed, booleans in field headers are the type code itself.
#include "io/parquet/thrift_compact.h"

namespace saring::parquet {

uint64_t ThriftReader::ReadVarint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ >= end_) {
      Fail();
      return 0;
    }
    uint8_t b = *p_++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  Fail();
  return 0;
}

int64_t ThriftReader::ReadInt() {
  uint64_t v = ReadVarint();
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

bool ThriftReader::NextField(int16_t* last_id, int16_t* id, uint8_t* type) {
  if (p_ >= end_) {
    Fail();
    return false;
  }
  uint8_t b = *p_++;
  *type = b & 0x0f;
  if (*type == kTStop) return false;
  uint8_t delta = b >> 4;
  *id = delta != 0 ? static_cast<int16_t>(*last_id + delta) : static_cast<int16_t>(ReadInt());
  *last_id = *id;
  if (*type > kTStruct) {
    Fail();
    return false;
  }
  return ok_;
}

std::string_view ThriftReader::ReadBinary() {
  uint64_t n = ReadVarint();
  if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
    Fail();
    return {};
  }
  std::string_view v(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return v;
}

bool ThriftReader::ReadListHeader(uint8_t* elem_type, uint32_t* count) {
  if (p_ >= end_) {
    Fail();
    return false;
  }
  uint8_t b = *p_++;
  *elem_type = b & 0x0f;
  uint64_t n = b >> 4;
  if (n == 15) n = ReadVarint();
  // Every element takes at least one byte (booleans and empty structs too).
  if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
    Fail();
    return false;
  }
  *count = static_cast<uint32_t>(n);
  return true;
}

bool ThriftReader::Enter() {
  if (++depth_ > kMaxDepth) {
    Fail();
    return false;
  }
  return ok_;
}

void ThriftReader::Skip(uint8_t type, int depth) {
  if (depth > kMaxDepth) {
    Fail();
    return;
  }
  switch (type) {
    case kTTrue:
    case kTFalse: return;
    case kTByte:
      if (p_ >= end_) Fail();
      else ++p_;
      return;
    case kTI16:
    case kTI32:
    case kTI64: ReadVarint(); return;
    case kTDouble:
      if (end_ - p_ < 8) Fail();
      else p_ += 8;
      return;
    case kTBinary: ReadBinary(); return;
    case kTList:
    case kTSet: {
      uint8_t elem = 0;
      uint32_t n = 0;
      if (!ReadListHeader(&elem, &n)) return;
      for (uint32_t i = 0; i < n && ok_; ++i) {
        if (elem == kTTrue || elem == kTFalse) Skip(kTByte, depth + 1);
        else Skip(elem, depth + 1);
      }
      return;
    }
    case kTMap: {
      uint64_t n = ReadVarint();
      if (n == 0 || !ok_) return;
      if (p_ >= end_ || n > static_cast<uint64_t>(end_ - p_)) {
        Fail();
        return;
      }
      uint8_t kv = *p_++;
      for (uint64_t i = 0; i < n && ok_; ++i) {
        Skip(kv >> 4, depth + 1);
        Skip(kv & 0x0f, depth + 1);
      }
      return;
    }
    case kTStruct: {
      int16_t last = 0, id = 0;
      uint8_t t = 0;
      while (ok_ && NextField(&last, &id, &t)) Skip(t, depth + 1);
      return;
    }
    default: Fail();
  }
}

void ThriftWriter::Header(int16_t id, uint8_t type) {
  int16_t delta = static_cast<int16_t>(id - last_.back());
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(Zigzag(id));
  }
  last_.back() = id;
}

void ThriftWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void ThriftWriter::ListHeader(uint8_t elem_type, uint32_t count) {
  if (count < 15) {
    out_->push_back(static_cast<char>((count << 4) | elem_type));
  } else {
    out_->push_back(static_cast<char>(0xf0 | elem_type));
    Varint(count);
  }
}

}  // namespace saring::parquet
