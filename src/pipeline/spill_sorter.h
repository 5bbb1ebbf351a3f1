// SpillSorter<T>: sorts any number of fixed-size values in bounded memory, for the partitioned
// tables of sharded runs (paragraph hashes, boilerplate counts): values collect in memory up to
// the budget, each full buffer is sorted and written as one run to an unlinked file of the work
// folder, and ForEachSorted merges the runs (one read block per run) into one ascending stream.
//
// T must be trivially copyable and totally ordered by operator<; equal values are
// indistinguishable, so the stream does not depend on the order of Add calls.
// Memory: about max(budget, 4 KiB) while adding; while merging, the same budget split into one
// read block per run (at least 1 KiB each). Disk: sizeof(T) per value spilled.
// Thread-safety: none.
#ifndef SARING_PIPELINE_SPILL_SORTER_H_
#define SARING_PIPELINE_SPILL_SORTER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipeline/seen_table.h"
#include "saring/status.h"

namespace saring::pipeline {

template <class T>
class SpillSorter {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  // `dir`: the folder for spilled runs (TMPDIR or /tmp if empty); `what` names them in errors.
  SpillSorter(uint64_t budget_bytes, std::string dir, std::string what)
      : capacity_(std::max<uint64_t>(budget_bytes, kMinBudget) / sizeof(T)),
        budget_(std::max<uint64_t>(budget_bytes, kMinBudget)),
        dir_(std::move(dir)),
        what_(std::move(what)) {}

  Status Add(const T& v) {
    buffer_.push_back(v);
    ++size_;
    return buffer_.size() >= capacity_ ? Spill() : Status::Ok();
  }

  // Calls f(const T&) -> Status for every value added, in ascending order, then forgets them.
  template <class F>
  Status ForEachSorted(F&& f) {
    if (runs_.empty()) {
      std::sort(buffer_.begin(), buffer_.end());
      for (const T& v : buffer_) SARING_RETURN_IF_ERROR(f(v));
      Reset();
      return Status::Ok();
    }
    if (!buffer_.empty()) SARING_RETURN_IF_ERROR(Spill());
    std::vector<T>().swap(buffer_);
    const uint64_t block =
        std::max<uint64_t>(kMinBlock / sizeof(T), budget_ / sizeof(T) / runs_.size());
    struct Cursor {
      uint64_t next, end;  // value index in the file
      std::vector<T> values;
      size_t at = 0;
    };
    std::vector<Cursor> cursors(runs_.size());
    auto refill = [&](size_t r) -> Status {
      Cursor& c = cursors[r];
      const uint64_t n = std::min<uint64_t>(block, c.end - c.next);
      c.values.resize(n);
      c.at = 0;
      if (n == 0) return Status::Ok();
      SARING_RETURN_IF_ERROR(file_->ReadAt(c.next * sizeof(T), c.values.data(), n * sizeof(T)));
      c.next += n;
      return Status::Ok();
    };
    using Head = std::pair<T, size_t>;
    auto greater = [](const Head& a, const Head& b) { return b.first < a.first; };
    std::priority_queue<Head, std::vector<Head>, decltype(greater)> heads(greater);
    for (size_t r = 0; r < runs_.size(); ++r) {
      cursors[r].next = runs_[r].first;
      cursors[r].end = runs_[r].second;
      SARING_RETURN_IF_ERROR(refill(r));
      if (!cursors[r].values.empty()) heads.emplace(cursors[r].values[0], r);
    }
    while (!heads.empty()) {
      const auto [v, r] = heads.top();
      heads.pop();
      SARING_RETURN_IF_ERROR(f(v));
      Cursor& c = cursors[r];
      if (++c.at == c.values.size()) SARING_RETURN_IF_ERROR(refill(r));
      if (c.at < c.values.size()) heads.emplace(c.values[c.at], r);
    }
    Reset();
    return Status::Ok();
  }

  // The first-occurrence scan of the partitioned tables: ForEachSorted, where the values sharing
  // key(v) form one group whose first (smallest) value is the first occurrence of the others;
  // calls f(const T& later, const T& first) -> Status for every value after the first of its
  // group, in ascending order, then forgets them.
  template <class Key, class F>
  Status ForEachAfterFirst(Key&& key, F&& f) {
    T first{};
    bool any = false;
    return ForEachSorted([&](const T& v) -> Status {
      if (!any || key(v) != key(first)) {
        first = v;
        any = true;
        return Status::Ok();
      }
      return f(v, first);
    });
  }

  uint64_t size() const { return size_; }
  // Runs written to disk so far (for tests).
  uint64_t runs() const { return runs_written_; }

 private:
  static constexpr uint64_t kMinBudget = 4 << 10;
  static constexpr uint64_t kMinBlock = 1 << 10;

  Status Spill() {
    if (!file_) {
      file_ = std::make_unique<AppendFile>();
      SARING_RETURN_IF_ERROR(file_->Open(dir_, what_));
    }
    std::sort(buffer_.begin(), buffer_.end());
    const uint64_t first = file_->size() / sizeof(T);
    SARING_RETURN_IF_ERROR(file_->Append(buffer_.data(), buffer_.size() * sizeof(T)));
    runs_.emplace_back(first, first + buffer_.size());
    ++runs_written_;
    buffer_.clear();
    return Status::Ok();
  }

  void Reset() {
    std::vector<T>().swap(buffer_);
    runs_.clear();
    file_.reset();
    size_ = 0;
  }

  uint64_t capacity_, budget_;
  std::string dir_, what_;
  std::vector<T> buffer_;
  std::unique_ptr<AppendFile> file_;
  std::vector<std::pair<uint64_t, uint64_t>> runs_;  // [first, end) value indices in file_
  uint64_t size_ = 0, runs_written_ = 0;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_SPILL_SORTER_H_
