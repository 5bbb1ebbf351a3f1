// Little helpers for the pipeline's own binary records (signature and decision records of sharded
// runs, the analysis spill file): fixed-size values in host byte order and length-prefixed
// strings, read back with bounds checks. These records never leave the machine that wrote them
// except between the ranks of one MPI job, which run the same binary.
#ifndef SARING_PIPELINE_BYTE_CODEC_H_
#define SARING_PIPELINE_BYTE_CODEC_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace saring::pipeline {

template <class T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

inline void PutString(std::string* out, std::string_view s) {
  Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

// An unsigned integer in 7-bit groups, low group first (1 byte below 128, at most 10): the analysis
// spill writes offsets and sizes this way, most of which are small.
inline void PutVarint(std::string* out, uint64_t v) {
  char buf[10];
  size_t n = 0;
  for (; v >= 0x80; v >>= 7) buf[n++] = static_cast<char>(v | 0x80);
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

// A string prefixed by its length as a varint.
inline void PutVarString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

// A bounds-checked reader over serialised bytes: every Get returns false instead of reading past
// the end.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, size_t at) : bytes_(bytes), at_(at) {}
  template <class T>
  bool Get(T* v) {
    if (at_ + sizeof(T) > bytes_.size()) return false;
    std::memcpy(v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool GetString(std::string* s) {
    uint32_t n;
    if (!Get(&n) || at_ + n > bytes_.size()) return false;
    s->assign(bytes_.data() + at_, n);
    at_ += n;
    return true;
  }
  bool GetVarint(uint64_t* v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 64 && at_ < bytes_.size(); shift += 7) {
      const uint8_t b = static_cast<uint8_t>(bytes_[at_++]);
      x |= uint64_t{b & 0x7fu} << shift;
      if (b < 0x80) {
        *v = x;
        return true;
      }
    }
    return false;
  }
  // A varint that must fit T (an unsigned type of at most 64 bits).
  template <class T>
  bool GetVarint(T* v) {
    uint64_t x = 0;
    if (!GetVarint(&x) || x > static_cast<uint64_t>(static_cast<T>(~T{0}))) return false;
    *v = static_cast<T>(x);
    return true;
  }
  bool GetVarString(std::string* s) {
    uint64_t n = 0;
    if (!GetVarint(&n) || n > remaining()) return false;
    s->assign(bytes_.data() + at_, n);
    at_ += n;
    return true;
  }
  bool GetU32s(std::vector<uint32_t>* v) {
    uint32_t n;
    if (!Get(&n) || at_ + uint64_t{n} * 4 > bytes_.size()) return false;
    v->resize(n);
    std::memcpy(v->data(), bytes_.data() + at_, uint64_t{n} * 4);
    at_ += uint64_t{n} * 4;
    return true;
  }
  bool done() const { return at_ == bytes_.size(); }
  size_t at() const { return at_; }
  size_t remaining() const { return bytes_.size() - at_; }

 private:
  std::string_view bytes_;
  size_t at_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_BYTE_CODEC_H_
