// Helpers for the io module's tests: a scratch folder, fixture files, gzip/zstd encoders built on
// the zlib and zstd APIs, and a reader drain. Test-only; header-only so that it stays out of the
// saring_io library.
#ifndef SARING_IO_IO_TEST_UTIL_H_
#define SARING_IO_IO_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "saring/record_reader.h"
#include "util/scratch_dir.h"

namespace saring::io_test {

// A fresh folder under $SARING_TEST_TMPDIR (or /tmp), removed with its content on destruction.
class ScratchDir : public test_util::ScratchDir {
 public:
  ScratchDir() : test_util::ScratchDir("io") {}
};

// Writes `data` to `path`, creating parent folders.
inline void WriteFixture(const std::string& path, std::string_view data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(out.good()) << "cannot write fixture " << path;
}

// One gzip member holding `data`.
inline std::string GzipMember(std::string_view data, int level = 6) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// One zstd frame holding `data` (with checksum).
inline std::string ZstdFrame(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(cctx);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// A zstd skippable frame with `payload_bytes` bytes of payload.
inline std::string ZstdSkippableFrame(uint32_t payload_bytes) {
  std::string out = "\x50\x2a\x4d\x18";  // magic 0x184D2A50, little-endian
  for (int i = 0; i < 4; ++i) out += static_cast<char>((payload_bytes >> (8 * i)) & 0xff);
  out.append(payload_bytes, 'S');
  return out;
}

// Decodes a whole (multi-frame) zstd buffer.
inline std::string ZstdDecodeAll(std::string_view data) {
  std::string out;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string chunk(1 << 16, '\0');
  size_t rc = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer ob{chunk.data(), chunk.size(), 0};
    rc = ZSTD_decompressStream(dctx, &ob, &in);
    EXPECT_FALSE(ZSTD_isError(rc)) << ZSTD_getErrorName(rc);
    if (ZSTD_isError(rc)) break;
    out.append(chunk.data(), ob.pos);
  }
  EXPECT_EQ(rc, 0u) << "zstd stream ends inside a frame";
  ZSTD_freeDCtx(dctx);
  return out;
}

// A record copied out of its batch, for comparisons.
struct ReadRecord {
  std::string bytes;
  RecordRef ref;
};

// Reads every batch of `reader`, checking the padding contract of each batch.
inline std::vector<ReadRecord> DrainReader(RecordReader* reader, size_t* batches = nullptr) {
  std::vector<ReadRecord> out;
  RecordBatch batch;
  size_t count = 0;
  while (true) {
    Result<bool> more = reader->NextBatch(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    ++count;
    for (const RecordRef& ref : batch.records) {
      EXPECT_LE(ref.begin + ref.length + kRecordPadding, batch.data.size());
      out.push_back(ReadRecord{batch.data.substr(ref.begin, ref.length), ref});
    }
  }
  if (batches != nullptr) *batches = count;
  return out;
}

// Opens `path` as a JSONL input and drains it.
inline std::vector<ReadRecord> ReadJsonlFile(const std::string& path, const ReaderOptions& options,
                                             ReaderCounters* counters = nullptr) {
  Result<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {};
  std::vector<ReadRecord> records = DrainReader(reader->get());
  if (counters != nullptr) *counters = (*reader)->counters();
  return records;
}

// Lowers the file size limit of this process for its lifetime, so that writes past `bytes` fail
// with EFBIG (SIGXFSZ is ignored meanwhile). Works as root, unlike read-only folders.
class ScopedFileSizeLimit {
 public:
  explicit ScopedFileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  }
  ~ScopedFileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }
  ScopedFileSizeLimit(const ScopedFileSizeLimit&) = delete;
  ScopedFileSizeLimit& operator=(const ScopedFileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace saring::io_test

#endif  // SARING_IO_IO_TEST_UTIL_H_
