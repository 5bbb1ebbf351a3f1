// Line splitting (CRLF, BOM, blank lines, too-long lines, byte offsets, batching) and text inputs.
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "io/io_test_util.h"
#include "saring/record_reader.h"

namespace saring {
namespace {

using io_test::ReadJsonlFile;
using io_test::ReadRecord;
using io_test::ScratchDir;
using io_test::WriteFixture;

std::vector<ReadRecord> ReadString(const std::string& content, const ReaderOptions& options = {},
                                   ReaderCounters* counters = nullptr, bool gzip = false) {
  ScratchDir dir;
  WriteFixture(dir.Sub("in.jsonl"), gzip ? io_test::GzipMember(content) : content);
  return ReadJsonlFile(dir.Sub("in.jsonl"), options, counters);
}

std::vector<std::string> Bytes(const std::vector<ReadRecord>& records) {
  std::vector<std::string> out;
  for (const ReadRecord& r : records) out.push_back(r.bytes);
  return out;
}

TEST(RecordLines, CrlfIsStripped) {
  std::vector<ReadRecord> records = ReadString("a\r\nb\r\nc\rd\n\r\ne\r");
  EXPECT_EQ(Bytes(records), (std::vector<std::string>{"a", "b", "c\rd", "e"}));
  EXPECT_EQ(records[2].ref.byte_offset, 6u);
  EXPECT_EQ(records[3].ref.line, 5u);
  EXPECT_EQ(records[3].ref.full_length, 1u);
}

TEST(RecordLines, BomIsSkippedButCountedInOffsets) {
  for (bool gzip : {false, true}) {
    ReaderCounters counters;
    std::vector<ReadRecord> records =
        ReadString("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBFx\n", {}, &counters, gzip);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].bytes, "{\"a\":1}");
    EXPECT_EQ(records[0].ref.byte_offset, 3u);
    EXPECT_EQ(records[0].ref.line, 1u);
    EXPECT_EQ(records[1].bytes, "\xEF\xBB\xBFx");  // only a BOM at the stream start is skipped
    EXPECT_EQ(records[1].ref.byte_offset, 11u);
    EXPECT_EQ(counters.decompressed_bytes, 16u);
  }
  EXPECT_TRUE(ReadString("\xEF\xBB\xBF").empty());
  EXPECT_EQ(Bytes(ReadString("\xEF\xBB")), (std::vector<std::string>{"\xEF\xBB"}));
}

TEST(RecordLines, BlankLinesAreSkippedAndCounted) {
  ReaderCounters counters;
  std::vector<ReadRecord> records = ReadString("\n  \n\t\r\na\n\n b \n\f\v\n", {}, &counters);
  ASSERT_EQ(Bytes(records), (std::vector<std::string>{"a", " b "}));
  EXPECT_EQ(records[0].ref.line, 4u);
  EXPECT_EQ(records[0].ref.byte_offset, 7u);
  EXPECT_EQ(records[1].ref.line, 6u);
  EXPECT_EQ(counters.blank_lines, 5u);
}

TEST(RecordLines, LastLineWithoutNewline) {
  std::vector<ReadRecord> records = ReadString("a\nbc");
  ASSERT_EQ(Bytes(records), (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(records[1].ref.line, 2u);
  EXPECT_EQ(records[1].ref.byte_offset, 2u);
  EXPECT_EQ(Bytes(ReadString("   ")), std::vector<std::string>{});
}

TEST(RecordLines, TooLongLinesKeepPrefixAndLineNumbers) {
  ReaderOptions options;
  options.max_record_bytes = 100;
  options.too_long_prefix_bytes = 10;
  std::string long_line(1000, 'x');
  long_line[0] = 'L';
  std::string content = "short\n" + long_line + "\n" + "after\n" + std::string(101, 'y') + "\n" +
                        std::string(100, 'z') + "\n" + std::string(100, 'w') + "\r\n" +
                        std::string(5000, ' ') + "\n" + "end";
  std::vector<ReadRecord> records = ReadString(content, options);
  ASSERT_EQ(records.size(), 7u);
  EXPECT_EQ(records[0].bytes, "short");
  EXPECT_EQ(records[1].ref.status, RecordStatus::kTooLong);
  EXPECT_EQ(records[1].bytes, long_line.substr(0, 10));
  EXPECT_EQ(records[1].ref.full_length, 1000u);
  EXPECT_EQ(records[1].ref.line, 2u);
  EXPECT_EQ(records[1].ref.byte_offset, 6u);
  EXPECT_NE(records[1].ref.error.find("line 2"), std::string::npos) << records[1].ref.error;
  EXPECT_NE(records[1].ref.error.find("1000 bytes"), std::string::npos) << records[1].ref.error;
  EXPECT_EQ(records[2].bytes, "after");
  EXPECT_EQ(records[2].ref.line, 3u);
  EXPECT_EQ(records[2].ref.byte_offset, 1007u);
  EXPECT_EQ(records[3].ref.status, RecordStatus::kTooLong);  // one byte over the limit
  EXPECT_EQ(records[3].ref.full_length, 101u);
  EXPECT_EQ(records[3].bytes, std::string(10, 'y'));
  EXPECT_EQ(records[4].ref.status, RecordStatus::kOk);  // exactly the limit
  EXPECT_EQ(records[4].bytes, std::string(100, 'z'));
  EXPECT_EQ(records[5].ref.status, RecordStatus::kOk);  // the limit plus a '\r'
  EXPECT_EQ(records[5].bytes, std::string(100, 'w'));
  EXPECT_EQ(records[5].ref.line, 6u);
  // Line 7, 5000 spaces, is too long but blank: skipped.
  EXPECT_EQ(records[6].bytes, "end");
  EXPECT_EQ(records[6].ref.line, 8u);
  EXPECT_EQ(records[6].ref.byte_offset, content.size() - 3);
}

TEST(RecordLines, TooLongLineIsReadInBoundedMemory) {
  ScratchDir dir;
  std::string huge(20 << 20, 'h');  // 20 MiB line, limit 4 KiB
  WriteFixture(dir.Sub("huge.jsonl"), "{\"a\":1}\n" + huge + "\n{\"b\":2}\n");
  ReaderOptions options;
  options.max_record_bytes = 4096;
  options.too_long_prefix_bytes = 100;
  options.batch_bytes = 1024;
  auto reader =
      RecordReader::Open(InputSpec{dir.Sub("huge.jsonl"), InputKind::kJsonl, {}}, options);
  ASSERT_TRUE(reader.ok());
  RecordBatch batch;
  std::vector<RecordRef> refs;
  size_t max_capacity = 0;
  while (true) {
    Result<bool> more = (*reader)->NextBatch(&batch);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    max_capacity = std::max(max_capacity, batch.data.capacity());
    refs.insert(refs.end(), batch.records.begin(), batch.records.end());
  }
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[1].status, RecordStatus::kTooLong);
  EXPECT_EQ(refs[1].full_length, huge.size());
  EXPECT_EQ(refs[1].length, 100u);
  EXPECT_EQ(refs[2].line, 3u);
  EXPECT_EQ(refs[2].byte_offset, 8 + huge.size() + 1);
  EXPECT_LT(max_capacity, 64u << 10) << "the batch grew with the long line";
}

TEST(RecordLines, ByteOffsetsPointIntoTheStream) {
  // Mixed CRLF, blank lines and long lines, over several 1 MiB blocks and many small batches.
  std::string content;
  uint64_t state = 99;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t r = state >> 33;
    if (r % 7 == 0) content += (r % 2 ? "\n" : "  \r\n");
    content += "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(r % 300, 'p') + "\"}";
    content += (r % 3 == 0 ? "\r\n" : "\n");
  }
  ReaderOptions options;
  options.batch_bytes = 10000;
  for (bool gzip : {false, true}) {
    ReaderCounters counters;
    std::vector<ReadRecord> records = ReadString(content, options, &counters, gzip);
    ASSERT_EQ(records.size(), 20000u);
    for (size_t i = 0; i < records.size(); ++i) {
      const RecordRef& ref = records[i].ref;
      ASSERT_EQ(content.compare(ref.byte_offset, ref.length, records[i].bytes), 0) << i;
      ASSERT_EQ(records[i].bytes.rfind("{\"n\":" + std::to_string(i) + ",", 0), 0u) << i;
      // The line number counts the '\n's before the record.
      ASSERT_EQ(ref.line, 1 + static_cast<uint64_t>(std::count(
                                  content.begin(), content.begin() + ref.byte_offset, '\n')))
          << i;
      if (i > 100) i += 97;  // full line counting is quadratic; sample the rest
    }
    EXPECT_EQ(counters.decompressed_bytes, content.size());
  }
}

TEST(RecordLines, BatchesRespectTheTargetSizeAndPadding) {
  std::string content;
  for (int i = 0; i < 1000; ++i) content += "{\"i\":" + std::to_string(i) + "}\n";
  ScratchDir dir;
  WriteFixture(dir.Sub("x.jsonl"), content);
  ReaderOptions options;
  options.batch_bytes = 500;
  auto reader = RecordReader::Open(InputSpec{dir.Sub("x.jsonl"), InputKind::kJsonl, {}}, options);
  ASSERT_TRUE(reader.ok());
  size_t batches = 0;
  std::vector<ReadRecord> records = io_test::DrainReader(reader->get(), &batches);
  ASSERT_EQ(records.size(), 1000u);
  EXPECT_GT(batches, 10u);
  EXPECT_LT(batches, 100u);
  RecordBatch batch;
  Result<bool> more = (*reader)->NextBatch(&batch);  // exhausted stays exhausted
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  EXPECT_TRUE(batch.records.empty());
}

TEST(RecordLines, TextFilesAreOneRecordEach) {
  ScratchDir dir;
  WriteFixture(dir.Sub("t/a.txt"), "\xEF\xBB\xBFHello\r\nworld\n");
  WriteFixture(dir.Sub("t/b.txt"), std::string(3000, 'b'));
  WriteFixture(dir.Sub("t/c.txt"), "");
  WriteFixture(dir.Sub("t/e.txt"), "last");
  InputSpec spec{dir.Sub("t"),
                 InputKind::kTextFiles,
                 {dir.Sub("t/a.txt"), dir.Sub("t/b.txt"), dir.Sub("t/c.txt"),
                  dir.Sub("t/missing.txt"), dir.Sub("t/e.txt")}};
  ReaderOptions options;
  options.max_record_bytes = 1000;
  options.too_long_prefix_bytes = 50;
  options.batch_bytes = 10;
  auto reader = RecordReader::Open(spec, options);
  ASSERT_TRUE(reader.ok());
  size_t batches = 0;
  std::vector<ReadRecord> records = io_test::DrainReader(reader->get(), &batches);
  EXPECT_GE(batches, 3u);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0].bytes, "\xEF\xBB\xBFHello\r\nworld\n");  // verbatim, BOM kept
  EXPECT_EQ(records[0].ref.line, 0u);
  EXPECT_EQ(records[1].ref.status, RecordStatus::kTooLong);
  EXPECT_EQ(records[1].ref.full_length, 3000u);
  EXPECT_EQ(records[1].bytes, std::string(50, 'b'));
  EXPECT_EQ(records[2].ref.status, RecordStatus::kOk);
  EXPECT_EQ(records[2].bytes, "");
  EXPECT_EQ(records[3].ref.status, RecordStatus::kStreamError);
  EXPECT_NE(records[3].ref.error.find("missing.txt"), std::string::npos) << records[3].ref.error;
  EXPECT_EQ(records[4].bytes, "last");
  for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(records[i].ref.file_index, i);
  EXPECT_EQ((*reader)->counters().compressed_bytes, 16u + 3000u + 4u);
}

TEST(RecordLines, PipeNamedAsATextFileIsRefusedWithoutBlocking) {
  // A pipe has no end the reader can wait for safely: it is refused as "not a regular file",
  // named, and never read, so a writer that keeps the pipe open cannot stall the run.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string chunk(4096, 'p');  // fits the pipe buffer: no writer thread is needed
  ASSERT_EQ(::write(fds[1], chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
  std::string path = "/proc/self/fd/" + std::to_string(fds[0]);
  auto reader = RecordReader::Open(InputSpec{path, InputKind::kTextFiles, {path}}, {});
  ASSERT_TRUE(reader.ok());
  std::vector<ReadRecord> records = io_test::DrainReader(reader->get());
  ::close(fds[1]);
  ::close(fds[0]);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ref.status, RecordStatus::kStreamError);
  EXPECT_NE(records[0].ref.error.find(path), std::string::npos) << records[0].ref.error;
  EXPECT_NE(records[0].ref.error.find("not a regular file"), std::string::npos)
      << records[0].ref.error;
  EXPECT_EQ(records[0].bytes, "");
}

}  // namespace
}  // namespace saring
