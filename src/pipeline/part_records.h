// The sign records a part of a partitioned decision reads, and locators: the shared vocabulary of
// partitioned_decide.cc and partitioned_near_dup.cc.
//
// A locator is (input, position of the record among the input's sign records) packed into 64
// bits; locators order records in input order.
#ifndef SARING_PIPELINE_PART_RECORDS_H_
#define SARING_PIPELINE_PART_RECORDS_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "pipeline/distributed.h"
#include "saring/status.h"

namespace saring::pipeline {

inline constexpr uint64_t kNoLocator = ~uint64_t{0};

inline uint64_t Locator(size_t input, uint64_t record) { return uint64_t{input} << 32 | record; }
inline size_t InputOf(uint64_t locator) { return static_cast<size_t>(locator >> 32); }
inline uint32_t RecordOf(uint64_t locator) { return static_cast<uint32_t>(locator); }

// Where the sign records of one input are: in memory, or in a file.
struct SignSource {
  const std::string* bytes = nullptr;
  std::string path;
};

// Calls f(position, record) for each sign record of `source` (input number `input`, for
// messages), in order; stops at and returns the first error of reading or of f.
template <class F>
Status ForEachRecord(const SignSource& source, size_t input, F&& f) {
  std::unique_ptr<SignRecordReader> reader = source.bytes
                                                 ? std::make_unique<SignRecordReader>(source.bytes)
                                                 : std::make_unique<SignRecordReader>(source.path);
  SignRecord rec;
  for (uint32_t n = 0;; ++n) {
    Result<bool> more = reader->Next(&rec);
    if (!more.ok()) {
      return Status(more.status().code(),
                    fmt::format("input {}: {}", input, more.status().message()));
    }
    if (!*more) return Status::Ok();
    SARING_RETURN_IF_ERROR(f(n, rec));
  }
}

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PART_RECORDS_H_
