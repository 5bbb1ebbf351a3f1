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
