#include "saring/shard_writer.h"

#include <filesystem>
#include <thread>

#include "io/io_test_util.h"
#include "saring/file_util.h"
#include "saring/record_reader.h"

namespace saring {
namespace {

using io_test::ScratchDir;

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Lines(int first, int count) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    out += "{\"id\":" + std::to_string(i) + ",\"text\":\"document number " +
           std::to_string(i * 7919) + "\"}\n";
  }
  return out;
}

TEST(CompressFrame, RoundTripsAndIsDeterministic) {
  std::string jsonl = Lines(0, 500);
  std::string a = "prefix";
  ASSERT_TRUE(CompressFrame(jsonl, 3, &a).ok());
  EXPECT_EQ(a.substr(0, 6), "prefix");  // appended, not replaced
  EXPECT_EQ(io_test::ZstdDecodeAll(std::string_view(a).substr(6)), jsonl);
  EXPECT_LT(a.size(), jsonl.size() / 3);

  // Same bytes from other threads (fresh contexts) and after other levels used this context.
  std::string other_level;
  ASSERT_TRUE(CompressFrame(Lines(0, 50), 19, &other_level).ok());
  std::string again;
  ASSERT_TRUE(CompressFrame(jsonl, 3, &again).ok());
  EXPECT_EQ(again, a.substr(6));
  std::vector<std::string> from_threads(4);
  std::vector<std::thread> threads;
  for (std::string& out : from_threads) {
    threads.emplace_back([&jsonl, &out] { ASSERT_TRUE(CompressFrame(jsonl, 3, &out).ok()); });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& out : from_threads) EXPECT_EQ(out, again);

  std::string empty;
  ASSERT_TRUE(CompressFrame("", 3, &empty).ok());
  EXPECT_EQ(io_test::ZstdDecodeAll(empty), "");
  EXPECT_EQ(CompressFrame(jsonl, 1000, &empty).code(), StatusCode::kInvalidArgument);
}

TEST(ShardWriter, RollsAtFrameBoundariesAndRenamesAtomically) {
  ScratchDir dir;
  std::string all;
  std::vector<std::string> frames;
  for (int f = 0; f < 20; ++f) {
    std::string jsonl = Lines(f * 40, 40 + f);
    all += jsonl;
    ASSERT_TRUE(CompressFrame(jsonl, 3, &frames.emplace_back()).ok());
  }
  ShardWriterOptions options;
  options.prefix = "out";
  options.max_shard_bytes = frames[0].size() * 5 / 2;
  // The expected cut: a shard closes after the frame that brings it to the limit.
  std::vector<uint64_t> expected_bytes(1, 0);
  for (const std::string& frame : frames) {
    if (expected_bytes.back() >= options.max_shard_bytes) expected_bytes.push_back(0);
    expected_bytes.back() += frame.size();
  }
  ASSERT_GE(expected_bytes.size(), 5u);

  auto writer = ShardWriter::Open(dir.Sub("shards/nested"), options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t f = 0; f < frames.size(); ++f) {
    ASSERT_TRUE((*writer)->Append(frames[f], 40 + f).ok());
    if (f == 0) {  // a shard being written exists only under its .tmp name
      EXPECT_EQ(ListDir(dir.Sub("shards/nested")),
                std::vector<std::string>{"out-00000.jsonl.zst.tmp"});
    }
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  const std::vector<ShardInfo>& shards = (*writer)->shards();
  ASSERT_EQ(shards.size(), expected_bytes.size());
  std::vector<std::string> expected_names;
  std::string decoded;
  uint64_t records = 0;
  for (size_t i = 0; i < shards.size(); ++i) {
    char name[48];
    std::snprintf(name, sizeof(name), "out-%05zu.jsonl.zst", i);
    expected_names.push_back(name);
    EXPECT_EQ(shards[i].path, dir.Sub("shards/nested/") + name);
    EXPECT_EQ((*writer)->shard_paths()[i], shards[i].path);
    EXPECT_EQ(shards[i].bytes, expected_bytes[i]);
    auto bytes = ReadFileToString(shards[i].path);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(bytes->size(), shards[i].bytes);
    decoded += io_test::ZstdDecodeAll(*bytes);
    records += shards[i].records;
  }
  EXPECT_EQ(ListDir(dir.Sub("shards/nested")), expected_names);  // no .tmp left
  EXPECT_EQ(decoded, all);
  EXPECT_EQ(records, 20u * 40 + 190);

  // A shard reads back through RecordReader as one multi-frame zstd stream.
  ReaderCounters counters;
  auto first = io_test::ReadJsonlFile(shards[0].path, {}, &counters);
  EXPECT_EQ(first.size(), shards[0].records);
  EXPECT_EQ(counters.compression, Compression::kZstd);
  EXPECT_EQ(first[0].bytes, "{\"id\":0,\"text\":\"document number 0\"}");
}

TEST(ShardWriter, EarlyWritebackAfterEveryAppendKeepsEveryByte) {
  // writeback_bytes = 1 asks the kernel to start writing back after every frame, across a shard
  // roll; the hint must not change what ends up in the shards.
  ScratchDir dir;
  std::string all;
  std::vector<std::string> frames;
  for (int f = 0; f < 12; ++f) {
    std::string jsonl = Lines(f * 30, 30);
    all += jsonl;
    ASSERT_TRUE(CompressFrame(jsonl, 1, &frames.emplace_back()).ok());
  }
  ShardWriterOptions options;
  options.writeback_bytes = 1;
  options.max_shard_bytes = frames[0].size() * 4;
  auto writer = ShardWriter::Open(dir.Sub("wb"), options);
  ASSERT_TRUE(writer.ok());
  for (const std::string& frame : frames) ASSERT_TRUE((*writer)->Append(frame, 30).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  ASSERT_GE((*writer)->shards().size(), 3u);
  std::string decoded;
  for (const std::string& path : (*writer)->shard_paths()) {
    auto bytes = ReadFileToString(path);
    ASSERT_TRUE(bytes.ok());
    decoded += io_test::ZstdDecodeAll(*bytes);
  }
  EXPECT_EQ(decoded, all);
}

TEST(ShardWriter, EmptyWriterWritesNothing) {
  ScratchDir dir;
  auto writer = ShardWriter::Open(dir.Sub("o"), {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("", 0).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_TRUE((*writer)->shard_paths().empty());
  EXPECT_TRUE(ListDir(dir.Sub("o")).empty());
}

TEST(ShardWriter, AbandonedWriterLeavesNoPartialFile) {
  ScratchDir dir;
  {
    auto writer = ShardWriter::Open(dir.path(), {});
    ASSERT_TRUE(writer.ok());
    std::string frame;
    ASSERT_TRUE(CompressFrame(Lines(0, 10), 3, &frame).ok());
    ASSERT_TRUE((*writer)->Append(frame, 10).ok());
    EXPECT_EQ(ListDir(dir.path()).size(), 1u);
  }
  EXPECT_TRUE(ListDir(dir.path()).empty());
}

TEST(ShardWriter, WriteErrorIsSurfacedAndSticky) {
  ScratchDir dir;
  ShardWriterOptions options;
  options.fsync = false;
  auto writer = ShardWriter::Open(dir.path(), options);
  ASSERT_TRUE(writer.ok());
  std::string frame;
  ASSERT_TRUE(CompressFrame(Lines(0, 2000), 1, &frame).ok());
  ASSERT_GT(frame.size(), 4096u);
  Status status;
  {
    io_test::ScopedFileSizeLimit limit(4096);  // writes past 4 KiB fail with EFBIG
    status = (*writer)->Append(frame, 2000);
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("part-00000.jsonl.zst.tmp"), std::string::npos)
      << status.message();
  EXPECT_EQ((*writer)->Append(frame, 1).code(), StatusCode::kIoError);
  EXPECT_EQ((*writer)->Finish().code(), StatusCode::kIoError);
  EXPECT_TRUE((*writer)->shard_paths().empty());
  writer->reset();
  EXPECT_TRUE(ListDir(dir.path()).empty());  // no partial shard under any name
}

TEST(ShardWriter, OpenFailsWhenTheFolderCannotBeCreated) {
  ScratchDir dir;
  io_test::WriteFixture(dir.Sub("file"), "x");
  auto writer = ShardWriter::Open(dir.Sub("file/sub"), {});
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
  EXPECT_NE(writer.status().message().find(dir.Sub("file")), std::string::npos);
}

}  // namespace
}  // namespace saring
