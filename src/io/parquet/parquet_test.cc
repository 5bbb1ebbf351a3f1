// The Parquet writer and reader together: shards written by ShardWriter in Parquet mode read back
// through RecordReader as the rows written (several row groups, pages split by size, nulls,
// escaping), and damaged files become quarantine records naming the file and the byte offset.
// DuckDB checks both against an independent implementation in tests/e2e/test_parquet.py.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/io_test_util.h"
#include "io/parquet/parquet_delta.h"
#include "io/parquet/thrift_compact.h"
#include "saring/json_string.h"
#include "saring/parquet_writer.h"
#include "saring/record_reader.h"
#include "saring/shard_writer.h"

namespace saring {
namespace {

using io_test::ScratchDir;

const std::vector<ParquetColumn> kColumns = {{"id", ParquetColumnKind::kString},
                                             {"n", ParquetColumnKind::kInt64},
                                             {"meta", ParquetColumnKind::kJson}};

// Writes `groups` row groups of `rows` rows each; returns the JSON each row must read back as.
std::vector<std::string> WriteShard(const std::string& dir, int groups, int rows, size_t text_bytes,
                                    std::vector<std::string>* paths) {
  ShardWriterOptions o;
  o.parquet_columns = kColumns;
  o.fsync = false;
  auto writer = ShardWriter::Open(dir, o);
  EXPECT_TRUE(writer.ok());
  std::vector<std::string> expected;
  RowGroupBuilder builder;
  for (int g = 0; g < groups; ++g) {
    builder.Reset(kColumns);
    for (int r = 0; r < rows; ++r) {
      int i = g * rows + r;
      std::string id =
          "doc \"" + std::to_string(i) + "\"\n" + std::string(text_bytes, 'a' + i % 26);
      std::string json = "{\"id\":";
      AppendJsonString(id, &json);
      builder.SetBytes(0, id);
      if (i % 3 == 0) {
        json += ",\"n\":null";
      } else {
        builder.SetInt(1, int64_t{i} * -1000003);
        json += ",\"n\":" + std::to_string(int64_t{i} * -1000003);
      }
      std::string meta = "{\"k\":[" + std::to_string(i) + ",true]}";
      builder.SetBytes(2, meta);
      json += ",\"meta\":" + meta + "}";
      builder.EndRow();
      expected.push_back(json);
    }
    std::string framed;
    EXPECT_TRUE(builder.Encode(3, &framed).ok());
    EXPECT_TRUE((*writer)->Append(framed, rows).ok());
  }
  EXPECT_TRUE((*writer)->Finish().ok());
  *paths = (*writer)->shard_paths();
  return expected;
}

std::vector<RecordRef> ReadAll(const std::string& path, std::vector<std::string>* rows) {
  auto reader = RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, ReaderOptions());
  EXPECT_TRUE(reader.ok());
  std::vector<RecordRef> refs;
  RecordBatch batch;
  while (true) {
    auto more = (*reader)->NextBatch(&batch);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    for (const RecordRef& r : batch.records) {
      refs.push_back(r);
      rows->push_back(batch.data.substr(r.begin, r.length));
    }
  }
  return refs;
}

// A column marked `spread` (saring's `extra`) is named in the footer; the reader puts its
// object's members in its place and leaves out null top-level columns (absent members).
TEST(Parquet, SpreadColumnMembersReadBackAsTopLevelFields) {
  ScratchDir dir;
  const std::vector<ParquetColumn> columns = {{"id", ParquetColumnKind::kString},
                                              {"extra", ParquetColumnKind::kJson, true},
                                              {"meta", ParquetColumnKind::kJson}};
  ShardWriterOptions o;
  o.parquet_columns = columns;
  o.fsync = false;
  auto writer = ShardWriter::Open(dir.path(), o);
  ASSERT_TRUE(writer.ok());
  RowGroupBuilder builder;
  builder.Reset(columns);
  builder.SetBytes(0, "a");
  builder.SetBytes(1, R"({"url":"u","n":[1,{"x":null}],"extra":{}})");
  builder.SetBytes(2, "null");
  builder.EndRow();
  builder.SetBytes(0, "b");  // no extra: null
  builder.EndRow();
  builder.SetBytes(1, "{}");  // no id, an empty extra
  builder.SetBytes(2, R"({"k":1})");
  builder.EndRow();
  std::string framed;
  ASSERT_TRUE(builder.Encode(3, &framed).ok());
  ASSERT_TRUE((*writer)->Append(framed, 3).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  std::vector<std::string> rows;
  ReadAll((*writer)->shard_paths()[0], &rows);
  EXPECT_EQ(rows, (std::vector<std::string>{
                      R"({"id":"a","url":"u","n":[1,{"x":null}],"extra":{},"meta":null})",
                      R"({"id":"b"})", R"({"meta":{"k":1}})"}));
}

TEST(Parquet, ShardsReadBackRowForRowAcrossRowGroupsAndPages) {
  ScratchDir dir;
  std::vector<std::string> paths;
  // 3 row groups of 40 rows of ~60 KB: the id column needs several 1 MiB pages per row group.
  std::vector<std::string> expected = WriteShard(dir.path(), 3, 40, 60000, &paths);
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_TRUE(paths[0].ends_with("part-00000.parquet"));
  std::vector<std::string> rows;
  std::vector<RecordRef> refs = ReadAll(paths[0], &rows);
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(refs[i].status, RecordStatus::kOk);
    EXPECT_EQ(refs[i].line, i + 1);
    EXPECT_EQ(rows[i], expected[i]) << "row " << i;
  }
}

TEST(Parquet, ShardWriterRollsParquetShardsBySize) {
  ScratchDir dir;
  ShardWriterOptions o;
  o.parquet_columns = kColumns;
  o.fsync = false;
  o.max_shard_bytes = 1000;
  auto writer = ShardWriter::Open(dir.path(), o);
  ASSERT_TRUE(writer.ok());
  // Digits of a linear congruential sequence: zstd cannot squeeze them below 1000 bytes.
  std::string digits;
  for (uint64_t x = 1; digits.size() < 4000;
       x = x * 6364136223846793005ull + 1442695040888963407ull) {
    digits += std::to_string(x >> 20);
  }
  RowGroupBuilder builder;
  for (int g = 0; g < 3; ++g) {
    builder.Reset(kColumns);
    builder.SetBytes(0, digits);
    builder.EndRow();
    std::string framed;
    ASSERT_TRUE(builder.Encode(1, &framed).ok());
    ASSERT_TRUE((*writer)->Append(framed, 1).ok());
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  ASSERT_EQ((*writer)->shards().size(), 3u);
  for (const ShardInfo& s : (*writer)->shards()) {
    EXPECT_EQ(std::filesystem::file_size(s.path), s.bytes);
    std::vector<std::string> rows;
    ReadAll(s.path, &rows);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], "{\"id\":\"" + digits + "\",\"n\":null,\"meta\":null}");
  }
  EXPECT_FALSE((*writer)->Append("not a row group", 1).ok());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(Parquet, DamageIsQuarantinedWithTheFileAndOffset) {
  ScratchDir dir;
  std::vector<std::string> paths;
  WriteShard(dir.path(), 2, 5, 10, &paths);
  std::string good = Slurp(paths[0]);

  // Cut short: no footer, the file is one kStreamError record.
  std::string cut = dir.Sub("cut.parquet");
  Spit(cut, good.substr(0, good.size() / 2));
  std::vector<std::string> rows;
  std::vector<RecordRef> refs = ReadAll(cut, &rows);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].status, RecordStatus::kStreamError);
  EXPECT_NE(refs[0].error.find(cut), std::string::npos);
  EXPECT_NE(refs[0].error.find("PAR1"), std::string::npos);

  // A page of row group 0 overwritten: that row group is one kStreamError record, the next is read.
  std::string bad = good;
  for (size_t i = 4; i < 40; ++i) bad[i] = '\xff';
  std::string bad_path = dir.Sub("bad.parquet");
  Spit(bad_path, bad);
  rows.clear();
  refs = ReadAll(bad_path, &rows);
  ASSERT_EQ(refs.size(), 6u);
  EXPECT_EQ(refs[0].status, RecordStatus::kStreamError);
  EXPECT_NE(refs[0].error.find("row group 0"), std::string::npos);
  EXPECT_NE(refs[0].error.find("byte offset 4"), std::string::npos);
  for (size_t i = 1; i < 6; ++i) EXPECT_EQ(refs[i].status, RecordStatus::kOk);
  EXPECT_EQ(refs[1].line, 6u);  // row numbers count the lost rows
}

TEST(Parquet, ThriftReaderRefusesMalformedMessagesWithoutReadingPastThem) {
  // A list claiming more elements than bytes, a nested struct past the depth limit, a truncated varint.
  const std::vector<std::string> bad = {std::string("\x19\xfc\xff\xff\x0f", 5),
                                        std::string(100, '\x1c'), std::string("\x15\xff", 2)};
  for (const std::string& b : bad) {
    parquet::ThriftReader r(reinterpret_cast<const uint8_t*>(b.data()), b.size());
    r.Skip(parquet::kTStruct);
    EXPECT_FALSE(r.ok());
    EXPECT_LE(r.consumed(), b.size());
  }
  std::string msg;
  parquet::ThriftWriter w(&msg);
  w.FieldI64(1, -5);
  w.FieldBinary(20, "abc");
  w.StructEnd();
  parquet::ThriftReader r(reinterpret_cast<const uint8_t*>(msg.data()), msg.size());
  int16_t last = 0, id = 0;
  uint8_t type = 0;
  ASSERT_TRUE(r.NextField(&last, &id, &type));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(r.ReadInt(), -5);
  ASSERT_TRUE(r.NextField(&last, &id, &type));
  EXPECT_EQ(id, 20);
  EXPECT_EQ(r.ReadBinary(), "abc");
  EXPECT_FALSE(r.NextField(&last, &id, &type));
  EXPECT_TRUE(r.ok());
}

TEST(Parquet, DeltaBinaryPackedDecodesTheSpecExamplesAndRefusesTruncation) {
  // 1 2 3 4 5: block 128, 4 miniblocks, 5 values, first 1; min delta 1, all widths 0.
  const std::string ramp(
      "\x80\x01\x04\x05\x02"
      "\x02\x00\x00\x00\x00",
      10);
  std::vector<int64_t> v;
  size_t used = 0;
  ASSERT_TRUE(parquet::DecodeDeltaBinaryPacked(ramp, 5, &v, &used));
  EXPECT_EQ(v, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(used, ramp.size());
  // 7 5 3 1 2 3 4 5: first 7, min delta -2 (zigzag 3), deltas from it 0 0 0 3 3 3 3 in 2 bits.
  std::string mixed(
      "\x80\x01\x04\x08\x0e"
      "\x03\x02\x00\x00\x00",
      10);
  mixed += std::string("\xc0\xff", 2) + std::string(6, '\0');  // 32 values x 2 bits, LSB first
  ASSERT_TRUE(parquet::DecodeDeltaBinaryPacked(mixed, 8, &v, &used));
  EXPECT_EQ(v, (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(used, mixed.size());
  EXPECT_FALSE(parquet::DecodeDeltaBinaryPacked(mixed.substr(0, 12), 8, &v, &used));
  EXPECT_FALSE(parquet::DecodeDeltaBinaryPacked(mixed, 7, &v, &used));  // more values than allowed
}

}  // namespace
}  // namespace saring
