#include "saring/record_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "io/byte_source.h"
#include "io/io_test_util.h"
#include "io/record_readers.h"

namespace saring {
namespace {

using io_test::ReadJsonlFile;
using io_test::ReadRecord;
using io_test::ScratchDir;
using io_test::WriteFixture;

// `count` JSON lines of varied length (deterministic), each without its '\n'.
std::vector<std::string> MakeLines(size_t count) {
  std::vector<std::string> lines;
  uint64_t state = 12345;
  for (size_t i = 0; i < count; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    size_t len = 20 + (state >> 33) % 900;
    std::string text;
    for (size_t j = 0; j < len; ++j) text += static_cast<char>('a' + (j * 7 + i) % 26);
    lines.push_back("{\"id\":" + std::to_string(i) + ",\"text\":\"" + text + "\"}");
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// Every record is OK and equal, in order, to `lines`, with consecutive line numbers and the
// byte offsets of a '\n'-joined stream.
void ExpectLines(const std::vector<ReadRecord>& records, const std::vector<std::string>& lines) {
  ASSERT_EQ(records.size(), lines.size());
  uint64_t offset = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(records[i].ref.status, RecordStatus::kOk) << records[i].ref.error;
    EXPECT_EQ(records[i].bytes, lines[i]) << "record " << i;
    EXPECT_EQ(records[i].ref.line, i + 1);
    EXPECT_EQ(records[i].ref.byte_offset, offset);
    EXPECT_EQ(records[i].ref.full_length, lines[i].size());
    offset += lines[i].size() + 1;
  }
}

ReaderOptions SmallBatches() {
  ReaderOptions options;
  options.batch_bytes = 64 << 10;
  return options;
}

TEST(RecordReader, PlainGzipZstdRoundTrip) {
  ScratchDir dir;
  std::vector<std::string> lines = MakeLines(6000);  // about 2.8 MB: several 1 MiB blocks
  std::string plain = JoinLines(lines);
  std::string half_a = JoinLines({lines.begin(), lines.begin() + 2500});
  std::string half_b = JoinLines({lines.begin() + 2500, lines.end()});
  struct Case {
    const char* name;
    std::string bytes;
    Compression compression;
  };
  std::vector<Case> cases = {
      {"plain.jsonl", plain, Compression::kNone},
      {"one.jsonl.gz", io_test::GzipMember(plain), Compression::kGzip},
      {"members.jsonl.gz", io_test::GzipMember(half_a) + io_test::GzipMember(half_b, 1),
       Compression::kGzip},
      {"one.jsonl.zst", io_test::ZstdFrame(plain), Compression::kZstd},
      {"frames.jsonl.zst",
       io_test::ZstdSkippableFrame(10) + io_test::ZstdFrame(half_a) +
           io_test::ZstdSkippableFrame(0) + io_test::ZstdFrame(half_b, 19) +
           io_test::ZstdSkippableFrame(5),
       Compression::kZstd},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    WriteFixture(dir.Sub(c.name), c.bytes);
    ReaderCounters counters;
    std::vector<ReadRecord> records = ReadJsonlFile(dir.Sub(c.name), SmallBatches(), &counters);
    ExpectLines(records, lines);
    EXPECT_EQ(counters.compression, c.compression);
    EXPECT_EQ(counters.compressed_bytes, c.bytes.size());
    EXPECT_EQ(counters.decompressed_bytes, plain.size());
    EXPECT_EQ(counters.blank_lines, 0u);
  }
}

TEST(RecordReader, DetectsCompressionByMagicNotName) {
  ScratchDir dir;
  std::vector<std::string> lines = {"{\"a\":1}", "{\"b\":2}"};
  WriteFixture(dir.Sub("really-gzip.zst"), io_test::GzipMember(JoinLines(lines)));
  WriteFixture(dir.Sub("really-zstd.txt"), io_test::ZstdFrame(JoinLines(lines)));
  WriteFixture(dir.Sub("really-plain.gz"), JoinLines(lines));
  ReaderCounters counters;
  ExpectLines(ReadJsonlFile(dir.Sub("really-gzip.zst"), {}, &counters), lines);
  EXPECT_EQ(counters.compression, Compression::kGzip);
  ExpectLines(ReadJsonlFile(dir.Sub("really-zstd.txt"), {}, &counters), lines);
  EXPECT_EQ(counters.compression, Compression::kZstd);
  ExpectLines(ReadJsonlFile(dir.Sub("really-plain.gz"), {}, &counters), lines);
  EXPECT_EQ(counters.compression, Compression::kNone);
}

// Records before the break are returned intact, then one kStreamError record.
void ExpectTruncated(const std::string& path, const std::vector<std::string>& lines,
                     size_t file_size, const char* what) {
  std::vector<ReadRecord> records = ReadJsonlFile(path, SmallBatches());
  ASSERT_GE(records.size(), 2u);
  const ReadRecord& last = records.back();
  EXPECT_EQ(last.ref.status, RecordStatus::kStreamError);
  EXPECT_NE(last.ref.error.find(what), std::string::npos) << last.ref.error;
  EXPECT_NE(last.ref.error.find("compressed byte offset " + std::to_string(file_size)),
            std::string::npos)
      << last.ref.error;
  EXPECT_NE(last.ref.error.find(path), std::string::npos) << last.ref.error;
  size_t good = records.size() - 1;
  EXPECT_GT(good, 100u);
  EXPECT_LT(good, lines.size());
  ExpectLines({records.begin(), records.end() - 1}, {lines.begin(), lines.begin() + good});
  // The partial line is a prefix of the line that was cut.
  EXPECT_EQ(last.ref.line, good + 1);
  EXPECT_EQ(lines[good].compare(0, last.bytes.size(), last.bytes), 0);
}

TEST(RecordReader, TruncatedGzipKeepsRecordsBeforeTheBreak) {
  ScratchDir dir;
  std::vector<std::string> lines = MakeLines(4000);
  std::string gz = io_test::GzipMember(JoinLines(lines));
  gz.resize(gz.size() / 2);
  WriteFixture(dir.Sub("cut.jsonl.gz"), gz);
  ExpectTruncated(dir.Sub("cut.jsonl.gz"), lines, gz.size(), "gzip data is truncated");
}

TEST(RecordReader, TruncatedZstdKeepsRecordsBeforeTheBreak) {
  ScratchDir dir;
  std::vector<std::string> lines = MakeLines(4000);
  std::string zst = io_test::ZstdFrame(JoinLines(lines));
  zst.resize(zst.size() / 2);
  WriteFixture(dir.Sub("cut.jsonl.zst"), zst);
  ExpectTruncated(dir.Sub("cut.jsonl.zst"), lines, zst.size(), "zstd data is truncated");
}

TEST(RecordReader, TruncatedGzipBetweenMembersIsStillAnError) {
  ScratchDir dir;
  std::string gz = io_test::GzipMember("{\"a\":1}\n") + io_test::GzipMember("{\"b\":2}\n");
  gz.resize(gz.size() - 3);  // cut inside the second member's trailer
  WriteFixture(dir.Sub("x.gz"), gz);
  std::vector<ReadRecord> records = ReadJsonlFile(dir.Sub("x.gz"), {});
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].bytes, "{\"a\":1}");
  EXPECT_EQ(records[1].bytes, "{\"b\":2}");  // the data arrived; only the trailer is missing
  EXPECT_EQ(records[2].ref.status, RecordStatus::kStreamError);
  EXPECT_EQ(records[2].ref.length, 0u);
  EXPECT_EQ(records[2].ref.line, 3u);
}

TEST(RecordReader, CorruptBytesMidStream) {
  ScratchDir dir;
  std::vector<std::string> lines = MakeLines(4000);
  std::string plain = JoinLines(lines);
  for (bool zstd : {false, true}) {
    SCOPED_TRACE(zstd ? "zstd" : "gzip");
    std::string bytes = zstd ? io_test::ZstdFrame(plain) : io_test::GzipMember(plain);
    size_t mid = bytes.size() / 2;
    for (size_t i = 0; i < 64; ++i) bytes[mid + i] = static_cast<char>(bytes[mid + i] ^ 0x5a);
    std::string path = dir.Sub(zstd ? "bad.zst" : "bad.gz");
    WriteFixture(path, bytes);
    std::vector<ReadRecord> records = ReadJsonlFile(path, SmallBatches());
    ASSERT_GE(records.size(), 2u) << records.back().ref.error;
    EXPECT_EQ(records.back().ref.status, RecordStatus::kStreamError);
    EXPECT_NE(records.back().ref.error.find("is corrupt near compressed byte offset"),
              std::string::npos)
        << records.back().ref.error;
    // The lines decoded before the damaged block are intact (after it, gzip may emit garbage
    // before it notices; zstd checks each block).
    size_t intact = 0;
    while (intact < records.size() - 1 && records[intact].bytes == lines[intact]) ++intact;
    EXPECT_GT(intact, 100u);
    if (zstd) {
      EXPECT_EQ(intact, records.size() - 1);
    }
  }
}

TEST(RecordReader, TrailingGarbageAfterGzipMemberIsCorruption) {
  ScratchDir dir;
  WriteFixture(dir.Sub("x.gz"), io_test::GzipMember("{\"a\":1}\n") + "garbage");
  std::vector<ReadRecord> records = ReadJsonlFile(dir.Sub("x.gz"), {});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].bytes, "{\"a\":1}");
  EXPECT_EQ(records[1].ref.status, RecordStatus::kStreamError);
}

// Serves `data`, `chunk` bytes per call, then fails with EIO once `fail_at` bytes were served.
class FaultyRawInput final : public io_internal::RawInput {
 public:
  FaultyRawInput(std::string data, size_t chunk, size_t fail_at)
      : data_(std::move(data)), chunk_(chunk), fail_at_(fail_at) {}
  long Read(char* out, size_t capacity, int* err) override {
    if (pos_ >= fail_at_) {
      *err = EIO;
      return -1;
    }
    size_t n = std::min({capacity, chunk_, fail_at_ - pos_, data_.size() - pos_});
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
    return static_cast<long>(n);
  }

 private:
  std::string data_;
  size_t chunk_;
  size_t fail_at_;
  size_t pos_ = 0;
};

TEST(RecordReader, ReadErrorMidFileEndsWithStreamError) {
  std::vector<std::string> lines = MakeLines(3000);
  std::string plain = JoinLines(lines);
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    std::string bytes = gzip ? io_test::GzipMember(plain) : plain;
    size_t fail_at = bytes.size() * 2 / 3;
    auto reader = io_internal::NewJsonlRecordReader(
        "feed.jsonl", SmallBatches(), std::make_unique<FaultyRawInput>(bytes, 100000, fail_at));
    std::vector<ReadRecord> records = io_test::DrainReader(reader.get());
    ASSERT_GE(records.size(), 2u);
    const ReadRecord& last = records.back();
    EXPECT_EQ(last.ref.status, RecordStatus::kStreamError);
    EXPECT_NE(last.ref.error.find("read failed at"), std::string::npos) << last.ref.error;
    EXPECT_NE(last.ref.error.find("offset " + std::to_string(fail_at)), std::string::npos)
        << last.ref.error;
    EXPECT_NE(last.ref.error.find("feed.jsonl"), std::string::npos);
    size_t good = records.size() - 1;
    ExpectLines({records.begin(), records.end() - 1}, {lines.begin(), lines.begin() + good});
    EXPECT_EQ(lines[good].compare(0, last.bytes.size(), last.bytes), 0);
    if (!gzip) {  // plain: every byte before the failure is accounted for
      EXPECT_EQ(last.ref.byte_offset + last.bytes.size(), fail_at);
    }
  }
}

// A folder, FIFO or device named as a JSONL input is refused at Open, naming it: a FIFO without
// a writer would otherwise block open() or read() forever.
TEST(RecordReader, DirectoryAndFifoAsJsonlInputAreRefused) {
  ScratchDir dir;
  std::string fifo = dir.Sub("pipe.jsonl");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  for (const std::string& path : {dir.path(), fifo}) {
    auto reader = RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, {});
    ASSERT_FALSE(reader.ok()) << path;
    EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
    EXPECT_NE(reader.status().message().find(path), std::string::npos);
    EXPECT_NE(reader.status().message().find("not a regular file"), std::string::npos);
  }
}

TEST(RecordReader, MissingFileIsNotFound) {
  ScratchDir dir;
  std::string path = dir.Sub("absent.jsonl");
  auto reader = RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find(path), std::string::npos);
}

TEST(RecordReader, RejectsZeroLimits) {
  ReaderOptions options;
  options.max_record_bytes = 0;
  auto reader =
      RecordReader::Open(InputSpec{"/dev/null", InputKind::kJsonl, {"/dev/null"}}, options);
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
}

TEST(RecordReader, EmptyFileHasNoRecords) {
  ScratchDir dir;
  WriteFixture(dir.Sub("empty.jsonl"), "");
  ReaderCounters counters;
  EXPECT_TRUE(ReadJsonlFile(dir.Sub("empty.jsonl"), {}, &counters).empty());
  EXPECT_EQ(counters.decompressed_bytes, 0u);
}

}  // namespace
}  // namespace saring
