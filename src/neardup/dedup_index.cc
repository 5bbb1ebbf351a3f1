// DedupIndex: build, query, and the versioned file format of docs/formats/dedup-index.md.
#include "saring/dedup_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <numeric>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "saring/minhash.h"

namespace saring {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the index is read and written as little-endian memory images");

constexpr char kMagic[8] = {'S', 'R', 'N', 'G', 'D', 'I', 'D', 'X'};
constexpr size_t kHeaderBytesV2 = 80;
constexpr size_t kHeaderBytes = 88;  // version 3: word_count after id_bytes
constexpr uint32_t kFlagCharNgrams = 1;
constexpr uint32_t kFlagWords = 2;
constexpr uint32_t kMaxNumPerm = 65536;
constexpr uint64_t kMaxDocuments = 0xFFFFFFFFull;

// The fixed-width header; see docs/formats/dedup-index.md for offsets.
struct Header {
  uint32_t version, header_bytes, hash_id, num_perm, bands, rows, ngram, flags;
  uint64_t seed, count, body_checksum, header_checksum;
  uint64_t id_bytes;    // bytes of all ids together (version 2)
  uint64_t word_count;  // word hashes of all documents together (version 3)
};

uint64_t Pad8(uint64_t n) { return (n + 7) & ~uint64_t{7}; }

// Bytes of the body of an index with these parameters, in layout order.
uint64_t BodyBytes(const DedupIndexParams& p, uint64_t count, uint64_t id_bytes, bool words,
                   uint64_t word_count) {
  const uint64_t ids = (count + 1) * 8 + Pad8(id_bytes);
  const uint64_t sigs = Pad8(count * p.num_perm * 4);
  const uint64_t band = count * 8 + Pad8(count * 4);
  const uint64_t word_table = words ? (count + 1) * 8 + Pad8(word_count * 4) : 0;
  return ids + sigs + band * p.bands + word_table;
}

Status CheckParams(const DedupIndexParams& p) {
  if (p.num_perm == 0 || p.num_perm > kMaxNumPerm || p.bands == 0 || p.rows == 0 ||
      uint64_t{p.bands} * p.rows > p.num_perm || p.ngram == 0) {
    return Status::InvalidArgument("inconsistent dedup index parameters (num_perm " +
                                   std::to_string(p.num_perm) + ", bands " +
                                   std::to_string(p.bands) + ", rows " + std::to_string(p.rows) +
                                   ", ngram " + std::to_string(p.ngram) + ")");
  }
  return Status::Ok();
}

void PutU32(char* p, uint32_t v) { std::memcpy(p, &v, 4); }
void PutU64(char* p, uint64_t v) { std::memcpy(p, &v, 8); }
uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

void EncodeHeader(const Header& h, char* out) {
  std::memset(out, 0, kHeaderBytes);
  std::memcpy(out, kMagic, 8);
  const uint32_t u32s[] = {h.version, h.header_bytes, h.hash_id, h.num_perm,
                           h.bands,   h.rows,         h.ngram,   h.flags};
  for (size_t i = 0; i < 8; ++i) PutU32(out + 8 + 4 * i, u32s[i]);
  PutU64(out + 40, h.seed);
  PutU64(out + 48, h.count);
  PutU64(out + 56, h.body_checksum);
  PutU64(out + 64, XXH3_64bits(out, 64));
  PutU64(out + 72, h.id_bytes);
  PutU64(out + 80, h.word_count);
}

Header DecodeHeader(const char* in) {
  Header h;
  uint32_t* u32s[] = {&h.version, &h.header_bytes, &h.hash_id, &h.num_perm,
                      &h.bands,   &h.rows,         &h.ngram,   &h.flags};
  for (size_t i = 0; i < 8; ++i) *u32s[i] = GetU32(in + 8 + 4 * i);
  h.seed = GetU64(in + 40);
  h.count = GetU64(in + 48);
  h.body_checksum = GetU64(in + 56);
  h.header_checksum = GetU64(in + 64);
  h.id_bytes = GetU64(in + 72);
  h.word_count = h.version >= 3 ? GetU64(in + 80) : 0;
  return h;
}

Status ErrnoStatus(std::string_view action, const std::string& path) {
  const std::string msg = std::string(action) + " " + path + ": " + std::strerror(errno);
  return errno == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
}

// Appends to a file descriptor through a buffer while hashing everything after the header.
class BodyWriter {
 public:
  explicit BodyWriter(int fd) : fd_(fd) { XXH3_64bits_reset(&state_); }
  void Put(const void* data, size_t n) {
    XXH3_64bits_update(&state_, data, n);
    const char* p = static_cast<const char*>(data);
    buffer_.insert(buffer_.end(), p, p + n);
    if (buffer_.size() >= (size_t{1} << 20)) Flush();
  }
  void PadTo8(uint64_t written) {
    static constexpr char kZeros[8] = {};
    Put(kZeros, Pad8(written) - written);
  }
  bool Flush() {
    const char* p = buffer_.data();
    for (size_t left = buffer_.size(); left > 0 && ok_;) {
      const ssize_t w = write(fd_, p, left);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) ok_ = false;
      if (w > 0) p += w, left -= static_cast<size_t>(w);
    }
    buffer_.clear();
    return ok_;
  }
  uint64_t Digest() { return XXH3_64bits_digest(&state_); }

 private:
  int fd_;
  bool ok_ = true;
  std::vector<char> buffer_;
  XXH3_state_t state_;
};

}  // namespace

Result<DedupIndex> DedupIndex::Build(const DedupIndexParams& params,
                                     const std::vector<std::string>& ids,
                                     std::vector<uint32_t> signatures) {
  SARING_RETURN_IF_ERROR(CheckParams(params));
  if (ids.size() > kMaxDocuments) {
    return Status::InvalidArgument("a dedup index holds at most 2^32 - 1 documents");
  }
  if (signatures.size() != ids.size() * params.num_perm) {
    return Status::InvalidArgument("dedup index: " + std::to_string(signatures.size()) +
                                   " signature values for " + std::to_string(ids.size()) +
                                   " ids of " + std::to_string(params.num_perm));
  }
  DedupIndex index;
  index.params_ = params;
  for (const std::string& id : ids) {
    index.id_blob_ += id;
    index.id_offsets_.push_back(index.id_blob_.size());
  }
  index.signatures_ = std::move(signatures);
  index.BuildBands();
  return index;
}

namespace {

// InvalidArgument unless `words` holds the words of `documents` documents.
Status CheckWords(const DedupIndexWords& words, size_t documents) {
  if (words.offsets.empty() || words.documents() != documents || words.offsets.front() != 0 ||
      words.offsets.back() != words.hashes.size() ||
      !std::is_sorted(words.offsets.begin(), words.offsets.end())) {
    return Status::InvalidArgument("dedup index: word hashes of " +
                                   std::to_string(words.offsets.size() - 1) + " documents for " +
                                   std::to_string(documents) + ", or bad word offsets");
  }
  return Status::Ok();
}

}  // namespace

Result<DedupIndex> DedupIndex::Build(const DedupIndexParams& params,
                                     const std::vector<std::string>& ids,
                                     std::vector<uint32_t> signatures, DedupIndexWords words) {
  SARING_RETURN_IF_ERROR(CheckWords(words, ids.size()));
  SARING_ASSIGN_OR_RETURN(DedupIndex index, Build(params, ids, std::move(signatures)));
  index.has_words_ = true;
  index.words_ = std::move(words);
  return index;
}

void DedupIndex::BuildBands() {
  const uint32_t n = static_cast<uint32_t>(size());
  band_keys_.assign(params_.bands, {});
  band_docs_.assign(params_.bands, {});
  std::vector<std::pair<uint64_t, uint32_t>> entries(n);
  for (uint32_t b = 0; b < params_.bands; ++b) {
    for (uint32_t i = 0; i < n; ++i) entries[i] = {BandKey(signature(i), b, params_.rows), i};
    std::sort(entries.begin(), entries.end());
    band_keys_[b].resize(n);
    band_docs_[b].resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      band_keys_[b][i] = entries[i].first;
      band_docs_[b][i] = entries[i].second;
    }
  }
}

Result<DedupIndex> DedupIndex::WithAppended(const std::vector<std::string>& ids,
                                            const uint32_t* signatures, size_t count) const {
  SARING_DCHECK(ids.size() == count);
  std::vector<std::string> all_ids;
  all_ids.reserve(size() + count);
  for (uint64_t i = 0; i < size(); ++i) all_ids.emplace_back(id(i));
  all_ids.insert(all_ids.end(), ids.begin(), ids.end());
  std::vector<uint32_t> all_sigs = signatures_;
  all_sigs.insert(all_sigs.end(), signatures, signatures + count * params_.num_perm);
  return Build(params_, all_ids,
               std::move(all_sigs));  // ids by const reference, signatures by value
}

Result<DedupIndex> DedupIndex::WithAppended(const std::vector<std::string>& ids,
                                            const uint32_t* signatures, size_t count,
                                            const DedupIndexWords& words) const {
  SARING_RETURN_IF_ERROR(CheckWords(words, count));
  SARING_ASSIGN_OR_RETURN(DedupIndex index, WithAppended(ids, signatures, count));
  if (!has_words_) return index;
  index.words_ = words_;
  for (uint64_t i = 0; i < count; ++i) {
    index.words_.Add(std::span<const uint32_t>(words.hashes)
                         .subspan(words.offsets[i], words.offsets[i + 1] - words.offsets[i]));
  }
  index.has_words_ = true;
  return index;
}

void DedupIndexWords::Add(std::span<const uint32_t> words) {
  const size_t n = std::min(words.size(), DedupIndex::kMaxWords);
  hashes.insert(hashes.end(), words.begin(), words.begin() + n);
  offsets.push_back(hashes.size());
}

void DedupIndex::Candidates(const uint32_t* signature, std::vector<uint32_t>* out) const {
  out->clear();
  for (uint32_t b = 0; b < params_.bands; ++b) {
    const uint64_t key = BandKey(signature, b, params_.rows);
    const std::vector<uint64_t>& keys = band_keys_[b];
    auto [lo, hi] = std::equal_range(keys.begin(), keys.end(), key);
    for (auto it = lo; it != hi; ++it) out->push_back(band_docs_[b][it - keys.begin()]);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

DedupIndex::Match DedupIndex::Query(const uint32_t* signature, double threshold,
                                    std::vector<uint32_t>* scratch) const {
  Candidates(signature, scratch);
  Match best;
  for (const uint32_t pos : *scratch) {
    const double s = EstimateJaccard(signature, this->signature(pos), params_.num_perm);
    if (s >= threshold && (!best.found || s > best.similarity)) {
      best = Match{true, id(pos), s, pos, SimilarityKind::kEstimated};
    }
  }
  return best;
}

Status DedupIndex::Write(const std::string& path) const {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return ErrnoStatus("cannot create a temporary file for", path);
  fchmod(fd, 0644);
  char header[kHeaderBytes] = {};
  BodyWriter body(fd);
  bool ok = write(fd, header, kHeaderBytes) == static_cast<ssize_t>(kHeaderBytes);
  const uint64_t n = size();
  body.Put(id_offsets_.data(), (n + 1) * 8);
  body.Put(id_blob_.data(), id_blob_.size());
  body.PadTo8(id_blob_.size());
  body.Put(signatures_.data(), signatures_.size() * 4);
  body.PadTo8(signatures_.size() * 4);
  for (uint32_t b = 0; b < params_.bands; ++b) {
    body.Put(band_keys_[b].data(), n * 8);
    body.Put(band_docs_[b].data(), n * 4);
    body.PadTo8(n * 4);
  }
  if (has_words_) {
    body.Put(words_.offsets.data(), (n + 1) * 8);
    body.Put(words_.hashes.data(), words_.hashes.size() * 4);
    body.PadTo8(words_.hashes.size() * 4);
  }
  ok = body.Flush() && ok;
  const Header h{kFormatVersion,
                 kHeaderBytes,
                 params_.hash_id,
                 params_.num_perm,
                 params_.bands,
                 params_.rows,
                 params_.ngram,
                 (params_.char_ngrams ? kFlagCharNgrams : 0u) | (has_words_ ? kFlagWords : 0u),
                 params_.seed,
                 n,
                 body.Digest(),
                 0,
                 id_blob_.size(),
                 has_words_ ? words_.hashes.size() : 0};
  EncodeHeader(h, header);
  ok = ok && pwrite(fd, header, kHeaderBytes, 0) == static_cast<ssize_t>(kHeaderBytes);
  ok = ok && fsync(fd) == 0;
  const int saved_errno = errno;
  ok = (close(fd) == 0) && ok;
  if (ok && rename(tmp.c_str(), path.c_str()) == 0) return Status::Ok();
  if (errno == 0) errno = saved_errno;
  Status status = ErrnoStatus("cannot write dedup index", path);
  unlink(tmp.c_str());
  return status;
}

namespace {

// Reads a file from its current offset into the index's vectors, hashing what it reads.
class FileReader {
 public:
  FileReader(int fd, const std::string& path) : fd_(fd), path_(path) { XXH3_64bits_reset(&state_); }
  ~FileReader() { close(fd_); }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // Reads n bytes into dst (hashed unless `hash` is false). Returns IoError on a short read.
  Status Read(void* dst, uint64_t n, bool hash = true) {
    char* p = static_cast<char*>(dst);
    for (uint64_t done = 0; done < n;) {
      const ssize_t r = read(fd_, p + done, std::min<uint64_t>(n - done, uint64_t{1} << 30));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return ErrnoStatus("cannot read dedup index", path_);
      if (r == 0) return Status::IoError("short read of dedup index " + path_);
      done += static_cast<uint64_t>(r);
    }
    if (hash && n != 0) XXH3_64bits_update(&state_, dst, n);
    return Status::Ok();
  }
  // Reads the padding after `written` bytes of a section.
  Status SkipPad(uint64_t written) {
    char pad[8];
    return Read(pad, Pad8(written) - written);
  }
  uint64_t Digest() { return XXH3_64bits_digest(&state_); }

 private:
  int fd_;
  const std::string& path_;
  XXH3_state_t state_;
};

Status Corrupt(const std::string& path, const std::string& what) {
  return Status::Corruption("dedup index " + path + ": " + what);
}

}  // namespace

Result<DedupIndex> DedupIndex::Load(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open dedup index", path);
  FileReader file(fd, path);
  struct stat st;
  if (fstat(fd, &st) != 0) return ErrnoStatus("cannot stat dedup index", path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  char header[kHeaderBytes] = {};
  if (size < kHeaderBytesV2) {
    return Corrupt(path, "truncated: " + std::to_string(size) + " bytes, header needs " +
                             std::to_string(kHeaderBytesV2));
  }
  SARING_RETURN_IF_ERROR(file.Read(header, kHeaderBytesV2, /*hash=*/false));
  if (std::memcmp(header, kMagic, 8) != 0) return Corrupt(path, "bad magic");
  const uint32_t version = GetU32(header + 8);
  if (version != 2 && version != kFormatVersion) {
    return Corrupt(path, "unsupported format version " + std::to_string(version) +
                             " (this build reads versions 2 and " + std::to_string(kFormatVersion) +
                             ")");
  }
  const size_t header_bytes = version == 2 ? kHeaderBytesV2 : kHeaderBytes;
  if (size < header_bytes) {
    return Corrupt(path, "truncated: " + std::to_string(size) + " bytes, header needs " +
                             std::to_string(header_bytes));
  }
  SARING_RETURN_IF_ERROR(
      file.Read(header + kHeaderBytesV2, header_bytes - kHeaderBytesV2, /*hash=*/false));
  const Header h = DecodeHeader(header);
  if (h.header_bytes != header_bytes || XXH3_64bits(header, 64) != h.header_checksum) {
    return Corrupt(path, "header checksum mismatch");
  }
  DedupIndex index;
  index.format_version_ = version;
  index.params_ = DedupIndexParams{
      h.hash_id, h.seed, h.num_perm, h.bands, h.rows, h.ngram, (h.flags & kFlagCharNgrams) != 0};
  const uint32_t known_flags = version == 2 ? kFlagCharNgrams : kFlagCharNgrams | kFlagWords;
  index.has_words_ = (h.flags & kFlagWords) != 0;
  if ((h.flags & ~known_flags) != 0 || h.count > kMaxDocuments ||
      !CheckParams(index.params_).ok() || (!index.has_words_ && h.word_count != 0)) {
    return Corrupt(path, "invalid parameters in header");
  }
  const uint64_t n = h.count;
  if (h.id_bytes > size) return Corrupt(path, "id table larger than the file");
  if (h.word_count > size / 4) return Corrupt(path, "word table larger than the file");
  const uint64_t expected =
      header_bytes + BodyBytes(index.params_, n, h.id_bytes, index.has_words_, h.word_count);
  if (size != expected) {
    return Corrupt(path, (size < expected ? "truncated: " : "trailing bytes: ") +
                             std::to_string(size) + " bytes, expected " + std::to_string(expected));
  }
  // The sizes agree with the file's: read each section into place, then check the checksum
  // before anything read is trusted.
  index.id_offsets_.resize(n + 1);
  SARING_RETURN_IF_ERROR(file.Read(index.id_offsets_.data(), (n + 1) * 8));
  index.id_blob_.resize(h.id_bytes);
  SARING_RETURN_IF_ERROR(file.Read(index.id_blob_.data(), h.id_bytes));
  SARING_RETURN_IF_ERROR(file.SkipPad(h.id_bytes));
  index.signatures_.resize(n * h.num_perm);
  SARING_RETURN_IF_ERROR(file.Read(index.signatures_.data(), n * h.num_perm * 4));
  SARING_RETURN_IF_ERROR(file.SkipPad(n * h.num_perm * 4));
  index.band_keys_.assign(h.bands, std::vector<uint64_t>(n));
  index.band_docs_.assign(h.bands, std::vector<uint32_t>(n));
  for (uint32_t b = 0; b < h.bands; ++b) {
    SARING_RETURN_IF_ERROR(file.Read(index.band_keys_[b].data(), n * 8));
    SARING_RETURN_IF_ERROR(file.Read(index.band_docs_[b].data(), n * 4));
    SARING_RETURN_IF_ERROR(file.SkipPad(n * 4));
  }
  std::vector<uint64_t>& word_offsets = index.words_.offsets;
  if (index.has_words_) {
    word_offsets.resize(n + 1);
    SARING_RETURN_IF_ERROR(file.Read(word_offsets.data(), (n + 1) * 8));
    index.words_.hashes.resize(h.word_count);
    SARING_RETURN_IF_ERROR(file.Read(index.words_.hashes.data(), h.word_count * 4));
    SARING_RETURN_IF_ERROR(file.SkipPad(h.word_count * 4));
  }
  if (file.Digest() != h.body_checksum) return Corrupt(path, "body checksum mismatch");
  if (index.id_offsets_[0] != 0 || index.id_offsets_[n] != h.id_bytes ||
      !std::is_sorted(index.id_offsets_.begin(), index.id_offsets_.end())) {
    return Corrupt(path, "id offsets are not increasing from 0 to the id table size");
  }
  for (uint32_t b = 0; b < h.bands; ++b) {
    const auto& keys = index.band_keys_[b];
    const auto& docs = index.band_docs_[b];
    if (!std::is_sorted(keys.begin(), keys.end()) ||
        std::any_of(docs.begin(), docs.end(), [n](uint32_t d) { return d >= n; })) {
      return Corrupt(path, "band table " + std::to_string(b) + " is not sorted or out of range");
    }
  }
  if (index.has_words_) {
    bool ok = word_offsets[0] == 0 && word_offsets[n] == h.word_count;
    for (uint64_t i = 0; ok && i < n; ++i) {
      ok = word_offsets[i] <= word_offsets[i + 1] &&
           word_offsets[i + 1] - word_offsets[i] <= kMaxWords;
    }
    if (!ok) {
      return Corrupt(path, "word offsets are not increasing from 0 to the word count by at most " +
                               std::to_string(kMaxWords));
    }
  }
  return index;
}

}  // namespace saring
