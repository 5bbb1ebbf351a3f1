#include "output_reader/zstd_frames.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "output_reader/output_folder_test_util.h"
#include "output_reader/shard_scan.h"
#include "saring/input.h"
#include "saring/record_reader.h"
#include "saring/shard_writer.h"

namespace saring::report {
namespace {

using report_test::ScratchDir;
using report_test::WriteText;

std::string Frame(const std::string& jsonl) {
  std::string out;
  EXPECT_TRUE(CompressFrame(jsonl, 3, &out).ok());
  return out;
}

// A frame without its content size, as `zstd` writes from a pipe.
std::string StreamedFrame(const std::string& jsonl) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string out(ZSTD_compressBound(jsonl.size()) + 64, '\0');
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  ZSTD_inBuffer ib{jsonl.data(), jsonl.size(), 0};
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
  while (ZSTD_compressStream2(cctx, &ob, &ib, ZSTD_e_end) != 0) {
  }
  ZSTD_freeCCtx(cctx);
  out.resize(ob.pos);
  return out;
}

std::string Lines(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i)
    out += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"line " + std::to_string(i) + "\"}\n";
  return out;
}

TEST(SplitZstdFrames, FindsEveryFrameAndItsContentOffset) {
  std::string a = Lines(0, 3), b = Lines(3, 10);
  std::string skippable("\x50\x2a\x4d\x18\x03\x00\x00\x00xyz", 11);
  std::string file = Frame(a) + skippable + Frame("") + Frame(b);
  std::vector<ZstdFrame> frames;
  ASSERT_TRUE(SplitZstdFrames(file, 1 << 20, &frames));
  ASSERT_EQ(frames.size(), 3u);  // the skippable frame carries nothing
  EXPECT_EQ(frames[0].offset, 0u);
  EXPECT_EQ(frames[0].content_size, a.size());
  EXPECT_EQ(frames[1].offset, frames[0].size + skippable.size());
  EXPECT_EQ(frames[1].content_size, 0u);
  EXPECT_EQ(frames[2].content_offset, a.size());
  EXPECT_EQ(frames[2].content_size, b.size());
  EXPECT_EQ(frames[2].offset + frames[2].size, file.size());

  std::vector<ZstdFrame> one;
  ASSERT_TRUE(SplitZstdFrames(Frame(a + b), 1 << 20, &one));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].content_size, a.size() + b.size());
}

TEST(SplitZstdFrames, RefusesWhatOnlyTheStreamReaderReads) {
  std::string a = Lines(0, 20), frames2 = Frame(a) + Frame(a);
  std::vector<ZstdFrame> frames;
  EXPECT_FALSE(SplitZstdFrames(a, 1 << 20, &frames));  // plain
  EXPECT_FALSE(
      SplitZstdFrames(frames2.substr(0, frames2.size() - 3), 1 << 20, &frames));  // truncated
  EXPECT_FALSE(SplitZstdFrames(frames2.substr(0, 3), 1 << 20, &frames));          // a cut header
  EXPECT_FALSE(SplitZstdFrames(frames2 + "junk", 1 << 20, &frames));              // trailing bytes
  EXPECT_FALSE(SplitZstdFrames(frames2 + std::string(8, '\0'), 1 << 20, &frames));  // zero padding
  EXPECT_FALSE(SplitZstdFrames(Frame(a) + StreamedFrame(a), 1 << 20, &frames));  // no content size
  EXPECT_FALSE(SplitZstdFrames(frames2, a.size() - 1, &frames));                 // too large
  EXPECT_TRUE(SplitZstdFrames(frames2, a.size(), &frames));
  EXPECT_FALSE(SplitZstdFrames("", 1 << 20, &frames) && !frames.empty());
}

class FrameDecoderTest : public ::testing::TestWithParam<bool> {};

TEST_P(FrameDecoderTest, HandsOutFramesInOrderAndFlagsCorruptOnes) {
  std::vector<std::string> contents;
  std::string file;
  for (int i = 0; i < 12; ++i) {
    contents.push_back(Lines(i * 50, i * 50 + 1 + i * 7));
    file += Frame(contents.back());
  }
  std::vector<ZstdFrame> frames;
  ASSERT_TRUE(SplitZstdFrames(file, 1 << 20, &frames));
  file[frames[7].offset + frames[7].size - 1] ^= 1;  // the checksum of frame 7
  FrameBuffers buffers;
  for (int round = 0; round < 2; ++round) {  // the buffers are reused
    std::vector<size_t> jobs = {0, 1, 2, 4, 5, 7, 8, 9, 11};
    FrameDecoder decoder(file, frames, jobs, &buffers, GetParam());
    std::string_view bytes;
    size_t index = 0;
    bool ok = false;
    for (size_t job : jobs) {
      ASSERT_TRUE(decoder.Next(&bytes, &index, &ok));
      EXPECT_EQ(index, job);
      EXPECT_EQ(ok, job != 7) << job;
      if (!ok) continue;
      EXPECT_EQ(bytes, contents[job]);
      EXPECT_EQ(std::string(bytes.data() + bytes.size(), FrameDecoder::kPadding),
                std::string(FrameDecoder::kPadding, '\0'));
    }
    EXPECT_FALSE(decoder.Next(&bytes, &index, &ok));
  }
}

TEST_P(FrameDecoderTest, StopsEarlyWithoutLeakingTheHelper) {
  std::string file;
  for (int i = 0; i < 20; ++i) file += Frame(Lines(i * 100, i * 100 + 100));
  std::vector<ZstdFrame> frames;
  ASSERT_TRUE(SplitZstdFrames(file, 1 << 20, &frames));
  FrameBuffers buffers;
  std::vector<size_t> jobs(frames.size());
  for (size_t i = 0; i < jobs.size(); ++i) jobs[i] = i;
  FrameDecoder decoder(file, frames, jobs, &buffers, GetParam());
  std::string_view bytes;
  size_t index = 0;
  bool ok = false;
  ASSERT_TRUE(decoder.Next(&bytes, &index, &ok));
  EXPECT_TRUE(ok);
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutHelper, FrameDecoderTest, ::testing::Bool());

// What the stream reader makes of a file: every record as the scanner visits it.
struct Seen {
  std::string line;
  uint64_t line_number;
  bool parsed;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> ReadWithStreamReader(const std::string& path, ScanCounters* counters) {
  std::vector<Seen> out;
  InputSpec spec{path, InputKind::kJsonl, {path}};
  Result<std::unique_ptr<RecordReader>> reader = RecordReader::Open(spec, ReaderOptions());
  EXPECT_TRUE(reader.ok());
  RecordBatch batch;
  simdjson::dom::parser parser;
  while (true) {
    Result<bool> more = (*reader)->NextBatch(&batch);
    EXPECT_TRUE(more.ok());
    if (!*more) break;
    for (const RecordRef& r : batch.records) {
      if (r.status == RecordStatus::kStreamError) {
        ++counters->broken_streams;
        if (r.length == 0) continue;
      }
      ++counters->records;
      std::string_view line = std::string_view(batch.data).substr(r.begin, r.length);
      simdjson::dom::element e;
      bool parsed = parser.parse(line.data(), line.size(), false).get(e) == simdjson::SUCCESS;
      if (!parsed) ++counters->malformed;
      out.push_back({std::string(line), r.line, parsed});
    }
  }
  counters->bytes = (*reader)->counters().compressed_bytes;
  return out;
}

std::vector<Seen> ReadWithScanner(const std::string& path, ScanCounters* counters,
                                  const std::function<bool(uint64_t)>& skip = {}) {
  std::vector<Seen> out;
  ShardScanner scanner({}, 0);
  EXPECT_TRUE(scanner
                  .Scan(
                      {path}, "test", "",
                      [&](const ShardRecord& r) {
                        out.push_back({std::string(r.line), r.line_number, r.parsed});
                        return true;
                      },
                      skip)
                  .ok());
  *counters = scanner.counters();
  return out;
}

void ExpectSameAsStreamReader(const std::string& path, const std::string& what) {
  ScanCounters want, got;
  std::vector<Seen> expected = ReadWithStreamReader(path, &want);
  std::vector<Seen> seen = ReadWithScanner(path, &got);
  EXPECT_TRUE(seen == expected) << what << ": " << seen.size() << " records vs " << expected.size();
  EXPECT_EQ(got.records, want.records) << what;
  EXPECT_EQ(got.malformed, want.malformed) << what;
  EXPECT_EQ(got.broken_streams, want.broken_streams) << what;
  EXPECT_EQ(got.bytes, want.bytes) << what;
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(ShardScanner, VisitsWhatTheStreamReaderReadsWhateverTheShard) {
  ScratchDir dir;
  std::string a = Lines(0, 40), b = Lines(40, 90), c = Lines(90, 100);
  std::string odd = "{\"id\":\"x\",\"text\":\"crlf\"}\r\n\n  \t\n[1,2\nnot json\n{\"id\":\"y\"}";
  std::string multi = Frame(a) + Frame(b) + Frame(c);
  std::vector<ZstdFrame> frames;
  ASSERT_TRUE(SplitZstdFrames(multi, 1 << 20, &frames));
  std::string corrupt = multi;
  corrupt[frames[1].offset + frames[1].size / 2] ^= 0x55;
  std::string bad_checksum = multi;
  bad_checksum[frames[1].offset + frames[1].size - 2] ^= 1;
  std::string split_line = a + b;
  size_t cut = a.size() + 17;  // inside a record
  std::vector<std::pair<std::string, std::string>> cases = {
      {"multi-frame", multi},
      {"single frame", Frame(a + b + c)},
      {"odd lines", Frame(a) + Frame("") + Frame(odd)},
      {"odd lines last", Frame(a) + Frame(odd)},
      {"skippable and empty frames",
       Frame("") + std::string("\x50\x2a\x4d\x18\x01\x00\x00\x00z", 9) + Frame(a) + Frame("")},
      {"truncated", multi.substr(0, multi.size() - 10)},
      {"truncated in a header", multi.substr(0, frames[2].offset + 2)},
      {"corrupt block", corrupt},
      {"bad checksum", bad_checksum},
      {"line over a frame end", Frame(split_line.substr(0, cut)) + Frame(split_line.substr(cut))},
      {"byte-order mark", Frame("\xEF\xBB\xBF" + a) + Frame(b)},
      {"short first frame", Frame("\xEF\xBB") + Frame("\xBF" + a)},
      {"no content size", StreamedFrame(a) + Frame(b)},
      {"trailing garbage", multi + "garbage"},
      {"plain", a + odd},
      {"gzip", Gzip(a + b)},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string path = dir.path() + "/s" + std::to_string(i) + ".jsonl.zst";
    WriteText(path, cases[i].second);
    ExpectSameAsStreamReader(path, cases[i].first);
  }
}

TEST(ShardScanner, SkipsChunksItIsToldToAndNumbersTheRest) {
  ScratchDir dir;
  std::string path = dir.path() + "/s.jsonl.zst";
  WriteText(path, Frame(Lines(0, 5)) + Frame(Lines(5, 8)) + Frame(Lines(8, 20)));
  ScanCounters counters;
  std::vector<uint64_t> chunks;
  ShardScanner scanner({}, 0);
  ASSERT_TRUE(scanner
                  .Scan({path, path}, "test", "",
                        [&](const ShardRecord& r) {
                          if (chunks.empty() || chunks.back() != r.chunk) chunks.push_back(r.chunk);
                          return true;
                        })
                  .ok());
  EXPECT_EQ(chunks,
            (std::vector<uint64_t>{0, 1, 2, (1ull << 32) | 0, (1ull << 32) | 1, (1ull << 32) | 2}));

  std::vector<Seen> seen =
      ReadWithScanner(path, &counters, [](uint64_t chunk) { return chunk == 1; });
  ASSERT_EQ(seen.size(), 17u);
  EXPECT_EQ(seen[4].line_number, 5u);
  EXPECT_EQ(seen[5].line, Lines(8, 9).substr(0, Lines(8, 9).size() - 1));
  EXPECT_EQ(seen[5].line_number, 0u);  // unknown after a skipped frame
}

TEST(ShardScanner, RestOfAShardReadAsAStreamIsOneChunk) {
  ScratchDir dir;
  std::string path = dir.path() + "/s.jsonl.zst";
  std::string multi = Frame(Lines(0, 5)) + Frame(Lines(5, 8)) + Frame(Lines(8, 20));
  std::vector<ZstdFrame> frames;
  ASSERT_TRUE(SplitZstdFrames(multi, 1 << 20, &frames));
  multi[frames[1].offset + frames[1].size - 1] ^= 1;  // frame 1's checksum
  WriteText(path, multi);
  std::vector<std::pair<uint64_t, std::string>> seen;
  ShardScanner scanner({}, 0);
  ASSERT_TRUE(scanner
                  .Scan({path}, "test", "",
                        [&](const ShardRecord& r) {
                          seen.emplace_back(r.chunk, std::string(r.line));
                          return true;
                        })
                  .ok());
  ASSERT_EQ(seen.size(), 8u);  // frame 1 decodes in the stream reader too; then it breaks
  EXPECT_EQ(seen[0].first, 0u);
  EXPECT_EQ(seen[5].first, uint64_t{ShardScanner::kRestOfShard});
  EXPECT_EQ(scanner.counters().broken_streams, 1u);
}

}  // namespace
}  // namespace saring::report
