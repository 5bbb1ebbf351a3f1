// Fuzz target: the Parquet record reader (src/io/parquet, through io_internal::NewParquetRecordReader
// of src/io/record_readers.h) and, in mode 1, the Parquet writer it must agree with.
//
// Input: a payload, then control bytes at the end (FuzzedDataProvider reads integers from the end;
// the last byte is the mode; all-zero control bytes mean mode 0 with default options):
//   mode 0  the payload is the file (seeds are Parquet files written by DuckDB plus zero bytes);
//   mode 1  the payload chooses rows of three columns (STRING, INT64, JSON numbers) that
//           RowGroupBuilder and ShardFooter write as a Parquet file in 1-3 row groups, which is
//           then maybe damaged (a flipped byte or a truncation);
// and small ReaderOptions so that batch and too-long boundaries are reached.
//
// Properties, always: no crash, hang or unbounded allocation; batches end with kRecordPadding
// zero bytes; records lie inside their batch, in order, with increasing row numbers; kOk records
// are within the size limit; kTooLong records keep a prefix; every non-OK record names the file.
// Mode 1 without damage: the records are exactly the JSON objects of the rows written, in order.
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "io/parquet/parquet_shard.h"
#include "io/posix_io.h"
#include "io/record_readers.h"
#include "saring/json_string.h"
#include "saring/parquet_writer.h"
#include "saring/record_reader.h"

namespace {

using saring::ParquetColumn;
using saring::ParquetColumnKind;
using saring::RecordBatch;
using saring::RecordRef;
using saring::RecordStatus;

constexpr char kPath[] = "fuzz.parquet";

// Writes a Parquet file of rows chosen by `fdp`; *expected gets each row's JSON.
std::string WriteFile(FuzzedDataProvider& fdp, std::vector<std::string>* expected) {
  const std::vector<ParquetColumn> columns = {{"s", ParquetColumnKind::kString},
                                              {"i", ParquetColumnKind::kInt64},
                                              {"j", ParquetColumnKind::kJson}};
  saring::parquet::ShardFooter footer(columns);
  std::string file(saring::parquet::kMagic, 4);
  const int groups = fdp.ConsumeIntegralInRange<int>(1, 3);
  for (int g = 0; g < groups; ++g) {
    saring::RowGroupBuilder builder;
    builder.Reset(columns);
    const int rows = fdp.ConsumeIntegralInRange<int>(1, 40);
    for (int r = 0; r < rows; ++r) {
      std::string json = "{\"s\":";
      if (fdp.ConsumeBool()) {
        std::string s = fdp.ConsumeRandomLengthString(64);
        builder.SetBytes(0, s);
        saring::AppendJsonString(s, &json);
      } else {
        json += "null";
      }
      json += ",\"i\":";
      if (fdp.ConsumeBool()) {
        int64_t v = fdp.ConsumeIntegral<int64_t>();
        builder.SetInt(1, v);
        json += std::to_string(v);
      } else {
        json += "null";
      }
      json += ",\"j\":";
      if (fdp.ConsumeBool()) {
        std::string v = std::to_string(fdp.ConsumeIntegral<int32_t>());
        builder.SetBytes(2, v);
        json += v;
      } else {
        json += "null";
      }
      json += "}";
      builder.EndRow();
      expected->push_back(std::move(json));
    }
    std::string framed;
    if (!builder.Encode(1, &framed).ok()) return {};
    std::string_view chunks;
    SARING_FUZZ_CHECK(footer.Take(framed, file.size(), &chunks),
                      "the writer's own row group is accepted");
    file.append(chunks);
  }
  footer.Encode(&file);
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t mode = fdp.ConsumeIntegral<uint8_t>() % 2;
  saring::ReaderOptions options;
  const uint8_t limit = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t batch = fdp.ConsumeIntegral<uint8_t>();
  if (limit != 0) options.max_record_bytes = limit * 8;
  if (limit != 0) options.too_long_prefix_bytes = limit;
  if (batch != 0) options.batch_bytes = batch * 16;
  std::vector<std::string> expected;
  bool damaged = false;
  std::string file;
  if (mode == 0) {
    file = fdp.ConsumeRemainingBytesAsString();
  } else {
    const uint8_t damage = fdp.ConsumeIntegral<uint8_t>() % 3;
    const uint32_t where = fdp.ConsumeIntegral<uint32_t>();
    file = WriteFile(fdp, &expected);
    if (file.empty()) return 0;
    if (damage == 1) file[where % file.size()] ^= static_cast<char>(1 + where % 255);
    if (damage == 2) file.resize(where % file.size());
    damaged = damage != 0;
  }
  int fd = ::memfd_create("parquet", 0);
  if (fd < 0) return 0;
  saring::io_internal::ScopedFd owned(fd);
  if (!file.empty() && ::write(fd, file.data(), file.size()) != static_cast<ssize_t>(file.size()))
    return 0;
  auto reader =
      saring::io_internal::NewParquetRecordReader(kPath, options, std::move(owned), file.size());
  RecordBatch b;
  std::vector<std::string> got;
  uint64_t last_line = 0;
  bool broke = false;
  while (true) {
    auto more = reader->NextBatch(&b);
    SARING_FUZZ_CHECK(more.ok(), "a Parquet reader never fails, it quarantines");
    if (!*more) break;
    SARING_FUZZ_CHECK(b.data.size() >= saring::kRecordPadding, "batch is padded");
    for (size_t i = b.data.size() - saring::kRecordPadding; i < b.data.size(); ++i) {
      SARING_FUZZ_CHECK(b.data[i] == 0, "padding is zero bytes");
    }
    uint64_t end = 0;
    for (const RecordRef& r : b.records) {
      SARING_FUZZ_CHECK(
          r.begin >= end && r.begin + r.length <= b.data.size() - saring::kRecordPadding,
          "records are in order inside the batch");
      end = r.begin + r.length;
      SARING_FUZZ_CHECK(r.line >= last_line, "row numbers do not go back");
      last_line = r.line;
      if (r.status == RecordStatus::kOk) {
        SARING_FUZZ_CHECK(r.length <= options.max_record_bytes && r.length == r.full_length,
                          "ok records are whole");
        got.emplace_back(b.data, r.begin, r.length);
      } else {
        SARING_FUZZ_CHECK(r.error.find(kPath) != std::string::npos, "messages name the file");
        if (r.status == RecordStatus::kTooLong) {
          SARING_FUZZ_CHECK(r.full_length > options.max_record_bytes, "too long means too long");
          got.emplace_back();  // a row, not compared
        } else {
          broke = true;
        }
      }
    }
  }
  if (mode == 1 && !damaged) {
    SARING_FUZZ_CHECK(!broke, "an intact file reads without errors");
    SARING_FUZZ_CHECK(got.size() == expected.size(), "every row is read");
    for (size_t i = 0; i < got.size(); ++i) {
      SARING_FUZZ_CHECK(got[i].empty() || got[i] == expected[i], "rows read back as written");
    }
  }
  return 0;
}
