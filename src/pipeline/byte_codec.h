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

// Appends to a string through a pointer, without a call per value: the string is first extended by
// an upper bound of what will be written (`max_bytes`), and Finish() trims it to what was.
class ByteWriter {
 public:
  ByteWriter(std::string* out, size_t max_bytes) : out_(out) {
    const size_t at = out->size();
    out->resize(at + max_bytes);
    p_ = out->data() + at;
  }
  ByteWriter(const ByteWriter&) = delete;
  ByteWriter& operator=(const ByteWriter&) = delete;

  template <class T>
  void Put(T v) {
    std::memcpy(p_, &v, sizeof(v));
    p_ += sizeof(v);
  }
  // An unsigned integer in 7-bit groups, low group first: 1 byte below 128, at most
  // kMaxVarintBytes. The analysis spill writes offsets and sizes this way; most are small.
  void PutVarint(uint64_t v) {
    for (; v >= 0x80; v >>= 7) *p_++ = static_cast<char>(v | 0x80);
    *p_++ = static_cast<char>(v);
  }
  // A string prefixed by its length as a varint.
  void PutVarString(std::string_view s) {
    PutVarint(s.size());
    if (s.empty()) return;
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void Finish() { out_->resize(static_cast<size_t>(p_ - out_->data())); }

  static constexpr size_t kMaxVarintBytes = 10;

 private:
  std::string* out_;
  char* p_;
};

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
    if (n != 0) std::memcpy(v->data(), bytes_.data() + at_, uint64_t{n} * 4);  // data() may be null
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
