// Fixed-size exact histograms and a deterministic bottom-k sample: the bounded state the report
// keeps while it streams millions of records.
//
// Thread-safety: objects are not synchronised; use one per thread.
#ifndef SARING_REPORT_HISTOGRAM_H_
#define SARING_REPORT_HISTOGRAM_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace saring::report {

// Counts of non-negative integers in logarithmic bins, two per power of two: bin 0 holds 0, bin 1
// holds 1, and from 2 on each octave [2^k, 2^(k+1)) splits into [2^k, 1.5*2^k) and
// [1.5*2^k, 2^(k+1)). 128 bins cover every uint64_t.
class LogHistogram {
 public:
  static constexpr size_t kBins = 128;

  static size_t BinOf(uint64_t v);
  // Smallest value of `bin`; BinLow(b + 1) - 1 is its largest.
  static uint64_t BinLow(size_t bin);
  // "6–7", "1 Ki–1.5 Ki" style label of `bin` with an optional unit suffix.
  static std::string BinLabel(size_t bin);

  void Add(uint64_t v) {
    ++counts_[BinOf(v)];
    ++total_;
  }
  uint64_t count(size_t bin) const { return counts_[bin]; }
  uint64_t total() const { return total_; }
  // [first, last] non-empty bins; {0, 0} when empty.
  std::pair<size_t, size_t> Range() const;

 private:
  std::array<uint64_t, kBins> counts_{};
  uint64_t total_ = 0;
};

// Counts of values in [lo, hi) in equal-width bins; values below lo go to the first bin and
// values at or above hi to the last (so every value is counted).
class LinearHistogram {
 public:
  LinearHistogram(double lo, double hi, size_t bins) : lo_(lo), hi_(hi), counts_(bins, 0) {}

  void Add(double v);
  size_t bins() const { return counts_.size(); }
  uint64_t count(size_t bin) const { return counts_[bin]; }
  uint64_t total() const { return total_; }
  double BinLow(size_t bin) const { return lo_ + (hi_ - lo_) * static_cast<double>(bin) / bins(); }

 private:
  double lo_, hi_;
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
};

// Keeps the k items with the smallest keys seen. With keys from a hash of the item's identity
// (XXH3 of the document id) this is a uniform sample that does not depend on the order or the
// number of shards: the same corpus always gives the same sample. Equal keys keep the earlier item.
template <class T>
class BottomK {
 public:
  explicit BottomK(size_t k) : k_(k) {}

  // True if an item with `key` would enter the sample (so the caller builds T only then).
  bool WouldAccept(uint64_t key) const {
    return k_ > 0 && (heap_.size() < k_ || key < heap_.front().first);
  }
  void Add(uint64_t key, T item) {
    if (!WouldAccept(key)) return;
    if (heap_.size() == k_) {
      std::pop_heap(heap_.begin(), heap_.end(), Less);
      heap_.pop_back();
    }
    heap_.emplace_back(key, std::move(item));
    std::push_heap(heap_.begin(), heap_.end(), Less);
  }
  // The sample, smallest key first.
  std::vector<T> Sorted() const {
    std::vector<std::pair<uint64_t, T>> items = heap_;
    std::sort(items.begin(), items.end(), Less);
    std::vector<T> out;
    for (auto& [key, item] : items) out.push_back(std::move(item));
    return out;
  }
  size_t size() const { return heap_.size(); }

 private:
  static bool Less(const std::pair<uint64_t, T>& a, const std::pair<uint64_t, T>& b) {
    return a.first < b.first;
  }
  size_t k_;
  std::vector<std::pair<uint64_t, T>> heap_;  // max-heap on key
};

// Hash of a document id (and an optional salt) used for sampling.
uint64_t SampleKey(std::string_view id, uint64_t salt = 0);

}  // namespace saring::report

#endif  // SARING_REPORT_HISTOGRAM_H_
