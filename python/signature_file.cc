// Signature shard encoding. Fields are written with memcpy from host integers, so the host must
// be little-endian (every platform saring targets); the static_assert keeps it honest.
#include "signature_file.h"

#include <xxhash.h>

#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace saring::python {
namespace {

static_assert(std::endian::native == std::endian::little, "signature files are little-endian");

constexpr size_t kHeaderBytes = 48;
constexpr size_t kRecordFixedBytes = 32;  // status, padding, id length, line, hash, kept bytes
constexpr size_t kTrailerBytes = 8;

template <class T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Reads fixed-width fields from a byte range, failing (ok = false) past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  template <class T>
  T Get() {
    T v{};
    if (pos_ + sizeof v > data_.size()) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, data_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string_view Bytes(size_t n) {
    if (pos_ + n > data_.size()) {
      ok_ = false;
      return {};
    }
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  bool ok() const { return ok_; }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

void SignatureShard::Add(SignatureRecord record, const uint32_t* signature) {
  if (record.status == SignedStatus::kSigned) {
    record.signature_index = signatures.size() / params.num_perm;
    signatures.insert(signatures.end(), signature, signature + params.num_perm);
  }
  records.push_back(std::move(record));
}

std::string EncodeSignatureShard(const SignatureShard& shard) {
  std::string out;
  out.reserve(kHeaderBytes + shard.records.size() * kRecordFixedBytes +
              shard.signatures.size() * 4 + kTrailerBytes);
  out.append(kSignatureMagic, sizeof kSignatureMagic);
  Put<uint32_t>(&out, kSignatureFormatVersion);
  Put<uint32_t>(&out, shard.params.hash_id);
  Put<uint64_t>(&out, shard.params.seed);
  Put<uint32_t>(&out, shard.params.num_perm);
  Put<uint32_t>(&out, shard.params.ngram);
  Put<uint32_t>(&out, shard.params.char_ngrams ? 1u : 0u);
  Put<uint32_t>(&out, 0);
  Put<uint64_t>(&out, shard.records.size());
  for (const SignatureRecord& r : shard.records) {
    Put<uint8_t>(&out, static_cast<uint8_t>(r.status));
    out.append(3, '\0');
    Put<uint32_t>(&out, static_cast<uint32_t>(r.id.size()));
    Put<uint64_t>(&out, r.line);
    Put<uint64_t>(&out, r.doc_hash);
    Put<uint64_t>(&out, r.kept_bytes);
    out.append(r.id);
    if (r.status == SignedStatus::kSigned) {
      out.append(reinterpret_cast<const char*>(shard.signature(r)), shard.params.num_perm * 4);
    }
  }
  Put<uint64_t>(&out, XXH3_64bits(out.data(), out.size()));
  return out;
}

Result<SignatureShard> DecodeSignatureShard(std::string_view data, const std::string& name) {
  auto corrupt = [&](std::string_view what) {
    return Status::Corruption(fmt::format("{}: not a valid saring signature file ({}); "
                                          "sign the input again with saring.sign_shard",
                                          name, what));
  };
  if (data.size() < kHeaderBytes + kTrailerBytes ||
      std::memcmp(data.data(), kSignatureMagic, sizeof kSignatureMagic) != 0) {
    return corrupt("bad magic");
  }
  Cursor c(data.substr(0, data.size() - kTrailerBytes));
  c.Bytes(sizeof kSignatureMagic);
  uint32_t version = c.Get<uint32_t>();
  if (version != kSignatureFormatVersion) {
    return Status::InvalidArgument(fmt::format(
        "{}: signature format version {} is not supported (this saring reads version {})", name,
        version, kSignatureFormatVersion));
  }
  uint64_t stored_sum;
  std::memcpy(&stored_sum, data.data() + data.size() - kTrailerBytes, sizeof stored_sum);
  if (XXH3_64bits(data.data(), data.size() - kTrailerBytes) != stored_sum) {
    return corrupt("checksum mismatch");
  }
  SignatureShard shard;
  shard.params.hash_id = c.Get<uint32_t>();
  shard.params.seed = c.Get<uint64_t>();
  shard.params.num_perm = c.Get<uint32_t>();
  shard.params.ngram = c.Get<uint32_t>();
  shard.params.char_ngrams = (c.Get<uint32_t>() & 1) != 0;
  c.Get<uint32_t>();
  uint64_t n = c.Get<uint64_t>();
  if (shard.params.num_perm == 0 || n > data.size() / kRecordFixedBytes) return corrupt("header");
  shard.records.reserve(n);
  for (uint64_t i = 0; i < n && c.ok(); ++i) {
    SignatureRecord r;
    uint8_t status = c.Get<uint8_t>();
    if (status > static_cast<uint8_t>(SignedStatus::kEmptyAfterRepair)) return corrupt("status");
    r.status = static_cast<SignedStatus>(status);
    c.Bytes(3);
    uint32_t id_len = c.Get<uint32_t>();
    r.line = c.Get<uint64_t>();
    r.doc_hash = c.Get<uint64_t>();
    r.kept_bytes = c.Get<uint64_t>();
    r.id.assign(c.Bytes(id_len));
    if (r.status == SignedStatus::kSigned) {
      std::string_view sig = c.Bytes(size_t{shard.params.num_perm} * 4);
      if (!c.ok()) break;
      r.signature_index = shard.signatures.size() / shard.params.num_perm;
      shard.signatures.resize(shard.signatures.size() + shard.params.num_perm);
      std::memcpy(shard.signatures.data() + r.signature_index * shard.params.num_perm,
                  sig.data(), sig.size());
    }
    shard.records.push_back(std::move(r));
  }
  if (!c.ok() || !c.done()) return corrupt("truncated or trailing bytes");
  return shard;
}

}  // namespace saring::python
