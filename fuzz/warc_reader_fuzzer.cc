// Fuzz target: the WARC/WET reader (gzip member resync, damage quarantine) and the HTTP parsing a
// worker does on its records (include/saring/warc.h), through RecordReader::Open on a memfd.
//
// Input: a payload, then 8 control bytes at the end (FuzzedDataProvider reads integers from the
// end; the last byte is the mode):
//   mode 0  the payload itself as the file (it is a WARC file when it starts with "WARC/1.");
//   mode 1  the payload cut into 1-8 pieces, each the block of a valid `conversion` record;
//   mode 2  as mode 1, each record its own gzip member (Common Crawl's layout);
//   mode 3  the payload as one gzip member after a valid record (garbage after good data);
// then optional damage (a flipped byte, or a cut), and small ReaderOptions.
//
// Properties, always: Open succeeds for modes 1-3; batches end with kRecordPadding zero bytes;
// records are in order, disjoint, inside the batch; kOk records are kWarc records whose header
// parses, whose block has its Content-Length and which ClassifyWarcRecord takes as a document;
// kTooLong records keep the prefix; every non-OK record names the file; DecodeHttpBody on a
// response never exceeds its bound. When modes 1 and 2 are undamaged: the records are exactly the
// pieces, in order, all kOk (or kTooLong past the limit).
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_gzip.h"
#include "saring/record_reader.h"
#include "saring/warc.h"

namespace {

using saring::RecordBatch;
using saring::RecordFormat;
using saring::RecordRef;
using saring::RecordStatus;

using saring_fuzz::GzipMember;

std::string Record(std::string_view block, size_t i) {
  return "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(i) +
         ">\r\nWARC-Target-URI: https://a.example/" + std::to_string(i) +
         "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + std::string(block) +
         "\r\n\r\n";
}

// Checks one kOk or kTooLong record's bytes as a worker would read them.
void CheckDocument(std::string_view bytes, const RecordRef& r, uint64_t prefix) {
  saring::WarcHeader h;
  std::string error;
  if (r.status == RecordStatus::kTooLong) {
    SARING_FUZZ_CHECK(r.length <= prefix && r.full_length > r.length, "kTooLong length");
    return;
  }
  SARING_FUZZ_CHECK(saring::ParseWarcHeader(bytes, &h, &error), "a kOk record whose header fails");
  SARING_FUZZ_CHECK(h.header_bytes + h.content_length == bytes.size(),
                    "a kOk record of the wrong size");
  std::string_view block = bytes.substr(h.header_bytes);
  std::string kind;
  saring::WarcPayload payload = saring::ClassifyWarcRecord(h, block, &kind);
  SARING_FUZZ_CHECK(payload != saring::WarcPayload::kSkip, "a non-document passed on");
  saring::HttpHead head;
  if (saring::ParseHttpHead(block, &head, &error)) {
    std::string body;
    bool truncated = false;
    if (saring::DecodeHttpBody(head, block, 4096, &body, &truncated).ok()) {
      SARING_FUZZ_CHECK(body.size() <= 4096, "DecodeHttpBody past its bound");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t mode = fdp.ConsumeIntegralInRange<uint8_t>(0, 3);
  const uint8_t pieces = fdp.ConsumeIntegralInRange<uint8_t>(1, 8);
  const uint8_t damage = fdp.ConsumeIntegralInRange<uint8_t>(0, 2);
  const uint16_t where = fdp.ConsumeIntegral<uint16_t>();
  const uint16_t max_record = fdp.ConsumeIntegral<uint16_t>();
  const uint8_t batch = fdp.ConsumeIntegral<uint8_t>();
  std::string payload = fdp.ConsumeRemainingBytesAsString();

  saring::ReaderOptions options;
  options.max_record_bytes = max_record == 0 ? 1 << 20 : 64 + max_record % 4000;
  options.too_long_prefix_bytes = 100;
  options.batch_bytes = batch == 0 ? 1 << 20 : 1 + batch * 16;
  const uint64_t prefix = std::min(options.too_long_prefix_bytes, options.max_record_bytes);

  std::vector<std::string> blocks;
  std::string file;
  if (mode == 0) {
    file = payload;
  } else if (mode == 3) {
    file = GzipMember(Record("good", 0)) + GzipMember(payload);
  } else {
    const size_t step = payload.size() / pieces + 1;
    for (size_t i = 0; i < pieces; ++i) {
      blocks.push_back(payload.substr(std::min(payload.size(), i * step), step));
      std::string rec = Record(blocks.back(), i);
      file += mode == 2 ? GzipMember(rec) : rec;
    }
  }
  const bool damaged = damage != 0 && !file.empty();
  if (damage == 1 && !file.empty()) file[where % file.size()] ^= 0x21;
  if (damage == 2 && !file.empty()) file.resize(where % file.size());

  int fd = ::memfd_create("warc", 0);
  SARING_FUZZ_CHECK(fd >= 0, "memfd_create");
  SARING_FUZZ_CHECK(::write(fd, file.data(), file.size()) == static_cast<ssize_t>(file.size()),
                    "write");
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  auto reader = saring::RecordReader::Open(
      saring::InputSpec{path, saring::InputKind::kJsonl, {path}}, options);
  if (!reader.ok()) {
    ::close(fd);
    SARING_FUZZ_CHECK(mode == 0 || damaged, "a valid WARC file refused");
    return 0;
  }
  RecordBatch b;
  uint64_t last_offset = 0;
  bool first = true;
  std::vector<std::string> got;
  std::vector<RecordStatus> statuses;
  while (true) {
    auto more = (*reader)->NextBatch(&b);
    SARING_FUZZ_CHECK(more.ok(), "NextBatch failed on bad data");
    SARING_FUZZ_CHECK(*more == !b.records.empty(), "NextBatch's result disagrees with the batch");
    SARING_FUZZ_CHECK(b.data.size() >= saring::kRecordPadding, "batch without padding");
    const size_t end = b.data.size() - saring::kRecordPadding;
    for (size_t i = end; i < b.data.size(); ++i)
      SARING_FUZZ_CHECK(b.data[i] == '\0', "padding not zero");
    if (!*more) break;
    uint64_t prev_end = 0;
    for (const RecordRef& r : b.records) {
      SARING_FUZZ_CHECK(r.begin >= prev_end && r.begin + r.length <= end,
                        "record outside the batch");
      prev_end = r.begin + r.length;
      // Not a WARC file (mode 0, or damage to the first bytes): the JSONL reader's records.
      if ((mode == 0 || damaged) && r.format != RecordFormat::kWarc) {
        ::close(fd);
        return 0;
      }
      SARING_FUZZ_CHECK(r.format == RecordFormat::kWarc, "a WARC record not marked kWarc");
      SARING_FUZZ_CHECK(first || r.byte_offset >= last_offset, "records out of order");
      first = false;
      last_offset = r.byte_offset;
      std::string_view bytes(b.data.data() + r.begin, r.length);
      if (r.status == RecordStatus::kOk || r.status == RecordStatus::kTooLong)
        CheckDocument(bytes, r, prefix);
      if (r.status != RecordStatus::kOk) {
        SARING_FUZZ_CHECK(r.error.find(path) != std::string::npos,
                          "a message that does not name the file");
      }
      saring::WarcHeader h;
      std::string error;
      got.push_back(r.status == RecordStatus::kOk && saring::ParseWarcHeader(bytes, &h, &error)
                        ? std::string(bytes.substr(h.header_bytes))
                        : std::string());
      statuses.push_back(r.status);
    }
  }
  ::close(fd);
  if ((mode == 1 || mode == 2) && !damaged) {
    SARING_FUZZ_CHECK(got.size() == blocks.size(), "an intact file lost or gained records");
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (statuses[i] == RecordStatus::kTooLong) continue;
      SARING_FUZZ_CHECK(statuses[i] == RecordStatus::kOk && got[i] == blocks[i],
                        "an intact record changed");
    }
  }
  return 0;
}
