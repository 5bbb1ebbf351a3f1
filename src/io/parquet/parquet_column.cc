// Page reading and decoding for one column chunk. A page's header is decoded from a prefix of
// the chunk that grows until the header fits; its body is read whole (pages are bounded by
// kMaxPageBytes), decompressed, and its levels and values decoded into views of the page's bytes.
#include "io/parquet/parquet_column.h"

#include <snappy.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "io/parquet/parquet_delta.h"

namespace saring::parquet {
namespace {

constexpr uint64_t kHeaderProbeBytes = 1 << 12;
constexpr uint64_t kMaxHeaderBytes = 16 << 20;

int BitWidth(uint32_t max) {
  int w = 0;
  while (max != 0) {
    ++w;
    max >>= 1;
  }
  return w;
}

uint32_t ReadLe32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Decodes `count` values of the RLE / bit-packed hybrid encoding of `bit_width` bits from `in`.
template <typename T>
bool DecodeHybrid(std::string_view in, int bit_width, size_t count, std::vector<T>* out) {
  out->clear();
  out->reserve(count);
  if (bit_width == 0) {
    out->assign(count, 0);
    return true;
  }
  if (bit_width > 32) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const uint8_t* end = p + in.size();
  const size_t value_bytes = (bit_width + 7) / 8;
  const uint64_t mask = bit_width == 32 ? 0xffffffffull : ((1ull << bit_width) - 1);
  while (out->size() < count) {
    uint64_t header = 0;
    int shift = 0;
    while (true) {
      if (p >= end || shift > 35) return false;
      uint8_t b = *p++;
      header |= static_cast<uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) break;
    }
    if (header & 1) {  // bit-packed: (header >> 1) groups of 8 values
      uint64_t groups = header >> 1;
      uint64_t bytes = groups * static_cast<uint64_t>(bit_width);
      if (groups == 0 || bytes > static_cast<uint64_t>(end - p)) return false;
      uint64_t n = std::min<uint64_t>(groups * 8, count - out->size());
      uint64_t bit = 0;
      for (uint64_t i = 0; i < n; ++i, bit += bit_width) {
        uint64_t v = 0;
        size_t byte = bit >> 3;
        for (size_t k = 0; k < 5 && byte + k < bytes; ++k)
          v |= static_cast<uint64_t>(p[byte + k]) << (8 * k);
        out->push_back(static_cast<T>((v >> (bit & 7)) & mask));
      }
      p += bytes;
    } else {  // RLE: (header >> 1) copies of one value
      uint64_t run = header >> 1;
      if (value_bytes > static_cast<size_t>(end - p) || run == 0) return false;
      uint64_t v = 0;
      for (size_t k = 0; k < value_bytes; ++k) v |= static_cast<uint64_t>(p[k]) << (8 * k);
      p += value_bytes;
      if ((v & ~mask) != 0) return false;
      uint64_t n = std::min<uint64_t>(run, count - out->size());
      out->insert(out->end(), n, static_cast<T>(v));
    }
  }
  return true;
}

constexpr char kTrueByte[] = "\x01";
constexpr char kFalseByte[] = "\x00";

}  // namespace

bool FileBytes::Read(uint64_t offset, uint64_t n, std::string* out, std::string* error) {
  if (offset > size_ || n > size_ - offset) {
    *error = "the range [" + std::to_string(offset) + ", " + std::to_string(offset + n) +
             ") lies outside the file of " + std::to_string(size_) + " bytes";
    return false;
  }
  out->resize(n);
  uint64_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd_, out->data() + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      *error =
          got < 0 ? std::string("read error: ") + std::strerror(errno) : "the file ended early";
      return false;
    }
    done += static_cast<uint64_t>(got);
  }
  bytes_read_ += n;
  return true;
}

ColumnCursor::ColumnCursor(FileBytes* file, const LeafInfo& leaf, const ColumnChunkMeta& meta)
    : file_(file), leaf_(leaf), meta_(meta) {
  uint64_t start = static_cast<uint64_t>(meta.data_page_offset);
  if (meta.dictionary_page_offset > 0 && meta.dictionary_page_offset < meta.data_page_offset) {
    start = static_cast<uint64_t>(meta.dictionary_page_offset);
  }
  pos_ = start;
  page_offset_ = start;
  end_ = start + static_cast<uint64_t>(std::max<int64_t>(0, meta.total_compressed_size));
  if (!meta.has_meta || meta.data_page_offset < 0 || meta.total_compressed_size < 0 ||
      end_ < start || end_ > file->size()) {
    Fail("the column chunk's position (offset " + std::to_string(meta.data_page_offset) + ", " +
         std::to_string(meta.total_compressed_size) + " bytes) lies outside the file");
  } else if (meta.type != leaf.type) {
    Fail("the column chunk's type does not match the schema");
  }
}

bool ColumnCursor::Fail(const std::string& what) {
  if (error_.empty()) {
    error_ = "column '" + leaf_.path + "', page at byte offset " + std::to_string(page_offset_) +
             ": " + what;
  }
  return false;
}

bool ColumnCursor::Next(Entry* out) {
  while (pages_.empty() || index_ >= pages_.back()->def.size()) {
    if (!LoadPage()) return false;
  }
  Page& page = *pages_.back();
  out->rep = page.rep[index_];
  out->def = page.def[index_];
  if (out->def == leaf_.max_def) {
    out->value = page.values[value_index_++];
  } else {
    out->value = {};
  }
  ++index_;
  return true;
}

int ColumnCursor::PeekRep() {
  while (pages_.empty() || index_ >= pages_.back()->def.size()) {
    if (!LoadPage()) return -1;
  }
  return pages_.back()->rep[index_];
}

void ColumnCursor::ReleaseOldPages() {
  if (pages_.size() <= 1) return;
  spare_ = std::move(pages_.front());
  pages_.erase(pages_.begin(), pages_.end() - 1);
}

bool ColumnCursor::ReadPage(PageHeader* header, std::string* body, uint64_t* at) {
  page_offset_ = pos_;
  uint64_t probe = std::min(kHeaderProbeBytes, end_ - pos_);
  size_t header_bytes = 0;
  while (true) {
    if (!file_->Read(pos_, probe, &header_buf_, &error_)) return Fail(std::exchange(error_, ""));
    *header = PageHeader();
    const auto* p = reinterpret_cast<const uint8_t*>(header_buf_.data());
    if (DecodePageHeader(p, header_buf_.size(), header, &header_bytes)) break;
    if (probe >= end_ - pos_ || probe >= kMaxHeaderBytes)
      return Fail("the page header is malformed");
    probe = std::min(probe * 4, end_ - pos_);
  }
  if (header->compressed_size < 0 || header->uncompressed_size < 0 ||
      header->compressed_size > kMaxPageBytes || header->uncompressed_size > kMaxPageBytes) {
    return Fail("the page header gives an impossible page size");
  }
  uint64_t body_at = pos_ + header_bytes;
  if (static_cast<uint64_t>(header->compressed_size) > end_ - body_at) {
    return Fail("the page runs past the end of its column chunk");
  }
  if (!file_->Read(body_at, header->compressed_size, body, &error_))
    return Fail(std::exchange(error_, ""));
  *at = body_at;
  pos_ = body_at + header->compressed_size;
  return true;
}

bool ColumnCursor::Decompress(const PageHeader& h, std::string_view in, std::string* out) {
  size_t expected = static_cast<size_t>(h.uncompressed_size);
  switch (meta_.codec) {
    case kSnappy: {
      size_t n = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &n) || n != expected) {
        return Fail("the Snappy data is corrupt");
      }
      out->resize(n);
      if (!snappy::RawUncompress(in.data(), in.size(), out->data()))
        return Fail("the Snappy data is corrupt");
      return true;
    }
    case kGzip: {
      out->resize(expected);
      z_stream zs{};
      if (inflateInit2(&zs, 15 + 32) != Z_OK) return Fail("zlib cannot start");
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      zs.avail_in = static_cast<uInt>(in.size());
      zs.next_out = reinterpret_cast<Bytef*>(out->data());
      zs.avail_out = static_cast<uInt>(expected);
      int rc = inflate(&zs, Z_FINISH);
      bool ok = rc == Z_STREAM_END && zs.total_out == expected;
      inflateEnd(&zs);
      return ok || Fail("the gzip data is corrupt or does not have the page's size");
    }
    case kZstd: {
      out->resize(expected);
      size_t n = ZSTD_decompress(out->data(), expected, in.data(), in.size());
      if (ZSTD_isError(n) || n != expected)
        return Fail("the zstd data is corrupt or does not have the page's size");
      return true;
    }
    default:
      return Fail("compression codec " + std::to_string(meta_.codec) +
                  " is not supported (saring reads uncompressed, Snappy, gzip and zstd pages)");
  }
}

bool ColumnCursor::LoadPage() {
  if (!error_.empty()) return false;
  while (true) {
    if (pos_ >= end_) {
      if (values_seen_ < meta_.num_values)
        return Fail("the column chunk ends before its values do");
      return false;
    }
    PageHeader h;
    uint64_t body_at = 0;
    // The buffers of a released page are reused: allocating a fresh megabyte per page costs
    // page faults on every page.
    std::unique_ptr<Page> page = spare_ ? std::move(spare_) : std::make_unique<Page>();
    if (!ReadPage(&h, &page->raw, &body_at)) return false;
    std::string_view body = page->raw;
    if (h.type == kIndexPage) continue;
    if (h.type == kDictionaryPage && h.has_dict) {
      if (meta_.codec != kUncompressed) {
        if (!Decompress(h, body, &dict_plain_)) return false;
        dict_raw_ = std::move(page->raw);
        body = dict_plain_;
      } else {
        dict_raw_ = std::move(page->raw);
        body = dict_raw_;
      }
      if (!DecodeDictionary(h, body)) return false;
      continue;
    }
    if (h.type == kDataPage && h.has_v1) {
      std::string_view plain = body;
      if (meta_.codec != kUncompressed) {
        if (!Decompress(h, body, &page->plain)) return false;
        plain = page->plain;
      }
      std::string_view rep, def;
      for (int k = 0; k < 2; ++k) {
        bool is_rep = k == 0;
        if ((is_rep ? leaf_.max_rep : leaf_.max_def) == 0) continue;
        if (plain.size() < 4) return Fail("the page's levels are truncated");
        uint32_t n = ReadLe32(plain.data());
        if (n > plain.size() - 4) return Fail("the page's levels are truncated");
        (is_rep ? rep : def) = plain.substr(4, n);
        plain.remove_prefix(4 + n);
      }
      if (!DecodeData(h, rep, def, plain, page.get())) return false;
    } else if (h.type == kDataPageV2 && h.has_v2) {
      if (h.rep_levels_bytes < 0 || h.def_levels_bytes < 0 ||
          static_cast<uint64_t>(h.rep_levels_bytes) + h.def_levels_bytes > body.size()) {
        return Fail("the page's level lengths exceed the page");
      }
      std::string_view rep = body.substr(0, h.rep_levels_bytes);
      std::string_view def = body.substr(h.rep_levels_bytes, h.def_levels_bytes);
      std::string_view values = body.substr(h.rep_levels_bytes + h.def_levels_bytes);
      if (meta_.codec != kUncompressed && h.is_compressed) {
        PageHeader vh = h;
        vh.uncompressed_size = h.uncompressed_size - h.rep_levels_bytes - h.def_levels_bytes;
        if (vh.uncompressed_size < 0) return Fail("the page's sizes are inconsistent");
        if (!Decompress(vh, values, &page->plain)) return false;
        values = page->plain;
      }
      if (!DecodeData(h, rep, def, values, page.get())) return false;
    } else {
      return Fail("page type " + std::to_string(h.type) + " is not a data or dictionary page");
    }
    pages_.push_back(std::move(page));
    index_ = 0;
    value_index_ = 0;
    if (!pages_.back()->def.empty()) return true;
  }
}

bool ColumnCursor::DecodeDictionary(const PageHeader& h, std::string_view body) {
  if (h.encoding != kPlain && h.encoding != kPlainDictionary)
    return Fail("the dictionary page is not PLAIN");
  if (h.num_values < 0) return Fail("the dictionary page has a negative size");
  Page tmp;
  if (!DecodeValues(kPlain, body, static_cast<size_t>(h.num_values), &tmp)) return false;
  dict_ = std::move(tmp.values);
  has_dict_ = true;
  return true;
}

bool ColumnCursor::DecodeData(const PageHeader& h, std::string_view rep, std::string_view def,
                              std::string_view values, Page* page) {
  if (h.num_values < 0) return Fail("the page has a negative value count");
  size_t n = static_cast<size_t>(h.num_values);
  if (n > static_cast<size_t>(kMaxPageBytes)) return Fail("the page claims too many values");
  if (!DecodeHybrid(rep, BitWidth(leaf_.max_rep), n, &page->rep))
    return Fail("the repetition levels are corrupt");
  if (!DecodeHybrid(def, BitWidth(leaf_.max_def), n, &page->def))
    return Fail("the definition levels are corrupt");
  size_t present = 0;
  for (size_t i = 0; i < n; ++i) {
    if (page->def[i] > leaf_.max_def || page->rep[i] > leaf_.max_rep)
      return Fail("a level exceeds its maximum");
    if (page->def[i] == leaf_.max_def) ++present;
  }
  values_seen_ += static_cast<int64_t>(n);
  return DecodeValues(h.encoding, values, present, page);
}

bool ColumnCursor::DecodeValues(int32_t encoding, std::string_view in, size_t count, Page* page) {
  std::vector<std::string_view>& out = page->values;
  out.clear();
  if (encoding == kPlainDictionary || encoding == kRleDictionary) {
    if (!has_dict_) return Fail("a dictionary-encoded page comes without a dictionary page");
    if (count == 0) return true;
    if (in.empty()) return Fail("the dictionary indices are truncated");
    std::vector<uint32_t> idx;
    if (!DecodeHybrid(in.substr(1), static_cast<uint8_t>(in[0]), count, &idx)) {
      return Fail("the dictionary indices are corrupt");
    }
    out.reserve(count);
    for (uint32_t i : idx) {
      if (i >= dict_.size()) return Fail("a dictionary index is out of range");
      out.push_back(dict_[i]);
    }
    return true;
  }
  if (encoding == kDeltaBinaryPacked || encoding == kDeltaLengthByteArray ||
      encoding == kDeltaByteArray) {
    return DecodeDelta(encoding, in, count, page);
  }
  if (encoding == kByteStreamSplit) return DecodeByteStreamSplit(in, count, page);
  if (encoding != kPlain) {
    return Fail(
        "value encoding " + std::to_string(encoding) +
        " is not supported (saring reads PLAIN, dictionary, DELTA_* and BYTE_STREAM_SPLIT)");
  }
  size_t width = 0;
  switch (leaf_.type) {
    case kBoolean:
      if (in.size() * 8 < count) return Fail("the values are truncated");
      out.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        bool bit = (static_cast<uint8_t>(in[i >> 3]) >> (i & 7)) & 1;
        out.emplace_back(bit ? kTrueByte : kFalseByte, 1);
      }
      return true;
    case kInt32:
    case kFloat: width = 4; break;
    case kInt64:
    case kDouble: width = 8; break;
    case kInt96: width = 12; break;
    case kFixedLenByteArray:
      if (leaf_.type_length <= 0) return Fail("a fixed-length column has no length");
      width = static_cast<size_t>(leaf_.type_length);
      break;
    case kByteArray: {
      out.reserve(std::min(count, in.size() / 4));
      size_t at = 0;
      for (size_t i = 0; i < count; ++i) {
        if (in.size() - at < 4) return Fail("the values are truncated");
        uint32_t len = ReadLe32(in.data() + at);
        at += 4;
        if (len > in.size() - at) return Fail("a value runs past the end of its page");
        out.push_back(in.substr(at, len));
        at += len;
      }
      return true;
    }
    default: return Fail("physical type " + std::to_string(leaf_.type) + " is unknown");
  }
  if (in.size() / width < count) return Fail("the values are truncated");
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(in.substr(i * width, width));
  return true;
}

size_t ColumnCursor::FixedWidth() const {
  switch (leaf_.type) {
    case kInt32:
    case kFloat: return 4;
    case kInt64:
    case kDouble: return 8;
    case kInt96: return 12;
    case kFixedLenByteArray:
      return leaf_.type_length > 0 ? static_cast<size_t>(leaf_.type_length) : 0;
    default: return 0;
  }
}

bool ColumnCursor::DecodeDelta(int32_t encoding, std::string_view in, size_t count, Page* page) {
  std::vector<int64_t> a;
  size_t used = 0;
  if (!DecodeDeltaBinaryPacked(in, count, &a, &used) || a.size() != count) {
    return Fail("the DELTA-encoded values are corrupt");
  }
  if (encoding != kDeltaBinaryPacked) {
    if (leaf_.type != kByteArray && leaf_.type != kFixedLenByteArray) {
      return Fail("a DELTA byte-array encoding on a numeric column");
    }
    return DecodeDeltaBytes(encoding, in.substr(used), a, page);
  }
  const size_t width = leaf_.type == kInt32 ? 4 : leaf_.type == kInt64 ? 8 : 0;
  if (width == 0) return Fail("DELTA_BINARY_PACKED on a column that is not INT32 or INT64");
  page->owned.resize(count * width);
  for (size_t i = 0; i < count; ++i) {
    if (width == 4) {
      int32_t v = static_cast<int32_t>(a[i]);
      std::memcpy(page->owned.data() + i * 4, &v, 4);
    } else {
      std::memcpy(page->owned.data() + i * 8, &a[i], 8);
    }
  }
  for (size_t i = 0; i < count; ++i)
    page->values.push_back(std::string_view(page->owned).substr(i * width, width));
  return true;
}

// DELTA_LENGTH_BYTE_ARRAY: the lengths (a), then the bytes one after another. DELTA_BYTE_ARRAY:
// prefix lengths (a), suffix lengths, then the suffixes; each value is the previous value's
// prefix followed by its suffix.
bool ColumnCursor::DecodeDeltaBytes(int32_t encoding, std::string_view in,
                                    const std::vector<int64_t>& a, Page* page) {
  std::vector<std::string_view>& out = page->values;
  if (encoding == kDeltaLengthByteArray) {
    size_t at = 0;
    for (int64_t len : a) {
      if (len < 0 || static_cast<uint64_t>(len) > in.size() - at) {
        return Fail("a DELTA_LENGTH value runs past its page");
      }
      out.push_back(in.substr(at, static_cast<size_t>(len)));
      at += static_cast<size_t>(len);
    }
    return true;
  }
  const size_t count = a.size();
  std::vector<int64_t> b;
  size_t used = 0;
  if (!DecodeDeltaBinaryPacked(in, count, &b, &used) || b.size() != count) {
    return Fail("the DELTA_BYTE_ARRAY suffix lengths are corrupt");
  }
  in.remove_prefix(used);
  uint64_t total = 0, previous = 0, suffixes = 0;
  for (size_t i = 0; i < count; ++i) {
    if (a[i] < 0 || b[i] < 0 || static_cast<uint64_t>(a[i]) > previous) {
      return Fail("a DELTA_BYTE_ARRAY prefix is longer than the value before it");
    }
    previous = static_cast<uint64_t>(a[i]) + static_cast<uint64_t>(b[i]);
    total += previous;
    suffixes += static_cast<uint64_t>(b[i]);
    if (total > static_cast<uint64_t>(kMaxPageBytes) || suffixes > in.size()) {
      return Fail("the DELTA_BYTE_ARRAY values are corrupt");
    }
  }
  page->owned.resize(total);
  size_t at = 0, from = 0;
  std::string_view last;
  for (size_t i = 0; i < count; ++i) {
    char* dst = page->owned.data() + at;
    if (a[i] > 0) std::memcpy(dst, last.data(), static_cast<size_t>(a[i]));
    if (b[i] > 0) std::memcpy(dst + a[i], in.data() + from, static_cast<size_t>(b[i]));
    from += static_cast<size_t>(b[i]);
    last = std::string_view(dst, static_cast<size_t>(a[i] + b[i]));
    out.push_back(last);
    at += last.size();
  }
  return true;
}

// BYTE_STREAM_SPLIT: byte k of value i is at in[k * count + i].
bool ColumnCursor::DecodeByteStreamSplit(std::string_view in, size_t count, Page* page) {
  const size_t width = FixedWidth();
  if (width == 0) return Fail("BYTE_STREAM_SPLIT on a column without a fixed width");
  if (in.size() / width < count) return Fail("the values are truncated");
  page->owned.resize(count * width);
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < width; ++k) page->owned[i * width + k] = in[k * count + i];
  }
  for (size_t i = 0; i < count; ++i)
    page->values.push_back(std::string_view(page->owned).substr(i * width, width));
  return true;
}

}  // namespace saring::parquet
