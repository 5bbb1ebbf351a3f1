// BandSorter: external sort of band entries and bucket pairing (see band_sorter.h).
#include "neardup/band_sorter.h"

#include <algorithm>
#include <queue>

namespace saring::neardup_internal {
namespace {

// Entries read from one run per refill, bounded so that many runs still fit the budget.
constexpr uint64_t kMaxReadEntries = 4096;
constexpr uint64_t kMinReadEntries = 16;

// Emits the star + chain pairs of one bucket as its members arrive in doc order.
class BucketPairer {
 public:
  explicit BucketPairer(const std::function<Status(uint32_t, uint32_t)>& on_pair)
      : on_pair_(on_pair) {}

  Status Next(const BandEntry& e) {
    if (size_ == 0 || e.key_hi != key_hi_ || e.key_lo != key_lo_) {
      key_hi_ = e.key_hi, key_lo_ = e.key_lo;
      first_ = prev_ = e.doc;
      size_ = 1;
      return Status::Ok();
    }
    SARING_RETURN_IF_ERROR(on_pair_(first_, e.doc));
    if (prev_ != first_) SARING_RETURN_IF_ERROR(on_pair_(prev_, e.doc));
    prev_ = e.doc;
    ++size_;
    return Status::Ok();
  }

 private:
  const std::function<Status(uint32_t, uint32_t)>& on_pair_;
  uint32_t key_hi_ = 0, key_lo_ = 0, first_ = 0, prev_ = 0;
  uint64_t size_ = 0;
};

// Below this many entries std::sort is as fast as the counting pass.
constexpr size_t kCountingSortMin = 2048;
constexpr int kBucketBits = 16;
// Buckets up to this size are finished by insertion sort.
constexpr size_t kInsertionSortMax = 24;

}  // namespace

void SortBandEntries(std::vector<BandEntry>* entries, std::vector<BandEntry>* scratch) {
  const size_t n = entries->size();
  if (n < kCountingSortMin) {
    std::sort(entries->begin(), entries->end());
    return;
  }
  constexpr uint32_t kShift = 32 - kBucketBits;
  std::vector<uint32_t> begin((size_t{1} << kBucketBits) + 1, 0);
  for (const BandEntry& e : *entries) ++begin[(e.key_hi >> kShift) + 1];
  for (size_t b = 1; b < begin.size(); ++b) begin[b] += begin[b - 1];
  scratch->resize(n);
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (const BandEntry& e : *entries) (*scratch)[next[e.key_hi >> kShift]++] = e;
  }
  BandEntry* out = scratch->data();
  for (size_t b = 0; b + 1 < begin.size(); ++b) {
    BandEntry* first = out + begin[b];
    BandEntry* last = out + begin[b + 1];
    if (last - first < 2) continue;
    if (static_cast<size_t>(last - first) > kInsertionSortMax) {
      std::sort(first, last);
      continue;
    }
    for (BandEntry* i = first + 1; i < last; ++i) {
      const BandEntry v = *i;
      BandEntry* j = i;
      for (; j > first && v < *(j - 1); --j) *j = *(j - 1);
      *j = v;
    }
  }
  std::copy(scratch->begin(), scratch->end(), entries->begin());  // keeps each vector's capacity
}

// Merges the sorted sources of one band: one segment per spill run plus the RAM buffer.
class BandSorter::Merger {
 public:
  Merger(const SpillFile* file, uint64_t read_entries) : file_(file), read_(read_entries) {}

  void AddRun(uint64_t offset, uint64_t count) {
    if (count > 0) sources_.push_back(Source{offset, count, {}, 0});
  }
  void AddMemory(std::vector<BandEntry>* entries) {
    if (!entries->empty()) sources_.push_back(Source{0, 0, std::move(*entries), 0});
  }

  Status Run(BucketPairer* pairer) {
    using Head = std::pair<BandEntry, size_t>;  // entry, source index
    auto later = [](const Head& a, const Head& b) { return b.first < a.first; };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heap(later);
    for (size_t s = 0; s < sources_.size(); ++s) {
      SARING_RETURN_IF_ERROR(Refill(&sources_[s]));
      if (!sources_[s].buf.empty()) heap.push({sources_[s].buf[0], s});
    }
    while (!heap.empty()) {
      const auto [entry, s] = heap.top();
      heap.pop();
      SARING_RETURN_IF_ERROR(pairer->Next(entry));
      Source& src = sources_[s];
      if (++src.pos == src.buf.size()) SARING_RETURN_IF_ERROR(Refill(&src));
      if (src.pos < src.buf.size()) heap.push({src.buf[src.pos], s});
    }
    return Status::Ok();
  }

 private:
  struct Source {
    uint64_t offset;  // next unread entry in the file
    uint64_t left;    // unread entries in the file
    std::vector<BandEntry> buf;
    size_t pos;
  };

  // Loads the next entries of a run; a RAM source simply ends.
  Status Refill(Source* src) {
    if (src->left == 0) {
      if (src->pos >= src->buf.size()) src->buf = {};
      return Status::Ok();
    }
    const uint64_t n = std::min(src->left, read_);
    src->buf.resize(n);
    SARING_RETURN_IF_ERROR(file_->ReadAt(src->offset, src->buf.data(), n * sizeof(BandEntry)));
    src->offset += n * sizeof(BandEntry);
    src->left -= n;
    src->pos = 0;
    return Status::Ok();
  }

  const SpillFile* file_;
  uint64_t read_;
  std::vector<Source> sources_;
};

BandSorter::BandSorter(uint32_t bands, uint64_t budget_bytes, std::string work_dir)
    : bands_(bands),
      // The buffers get bands / (bands + 1) of the budget, the sort's working space the rest.
      budget_entries_(std::max<uint64_t>(bands, budget_bytes / sizeof(BandEntry) * bands / (bands + 1))),
      work_dir_(std::move(work_dir)),
      buffers_(bands) {
  // Reserving (not touching) the whole budget avoids reallocation peaks; pages are only
  // committed as entries arrive.
  for (auto& b : buffers_) b.reserve(budget_entries_ / bands + 1);
}

Status BandSorter::Add(uint32_t doc, const uint64_t* keys) {
  for (uint32_t b = 0; b < bands_; ++b) {
    buffers_[b].push_back(
        BandEntry{static_cast<uint32_t>(keys[b] >> 32), static_cast<uint32_t>(keys[b]), doc});
  }
  buffered_ += bands_;
  if (buffered_ + bands_ > budget_entries_) return SpillRun();
  return Status::Ok();
}

Status BandSorter::AddOne(uint32_t band, uint64_t key, uint32_t doc) {
  buffers_[band].push_back(
      BandEntry{static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), doc});
  if (++buffered_ + bands_ > budget_entries_) return SpillRun();
  return Status::Ok();
}

Status BandSorter::SpillRun() {
  if (file_ == nullptr) {
    SARING_ASSIGN_OR_RETURN(SpillFile file, SpillFile::Create(work_dir_, "band-runs"));
    file_ = std::make_unique<SpillFile>(std::move(file));
  }
  std::vector<uint64_t> offsets(bands_), counts(bands_);
  for (uint32_t b = 0; b < bands_; ++b) {
    std::vector<BandEntry>& buf = buffers_[b];
    SortBandEntries(&buf, &sort_scratch_);
    offsets[b] = file_->size();
    counts[b] = buf.size();
    SARING_RETURN_IF_ERROR(file_->Append(buf.data(), buf.size() * sizeof(BandEntry)));
    buf.clear();  // keeps the capacity for the next run
  }
  runs_.push_back(std::move(offsets));
  run_counts_.push_back(std::move(counts));
  buffered_ = 0;
  return file_->Flush();
}

Status BandSorter::ForEachPair(const std::function<Status(uint32_t, uint32_t)>& on_pair) {
  const uint64_t per_run = runs_.empty() ? kMaxReadEntries
                                         : std::clamp<uint64_t>(budget_entries_ / runs_.size() / 2,
                                                                kMinReadEntries, kMaxReadEntries);
  for (uint32_t b = 0; b < bands_; ++b) {
    std::vector<BandEntry>& buf = buffers_[b];
    SortBandEntries(&buf, &sort_scratch_);
    Merger merger(file_.get(), per_run);
    for (size_t r = 0; r < runs_.size(); ++r) merger.AddRun(runs_[r][b], run_counts_[r][b]);
    merger.AddMemory(&buf);
    buf.shrink_to_fit();
    BucketPairer pairer(on_pair);
    SARING_RETURN_IF_ERROR(merger.Run(&pairer));
  }
  buffers_.clear();
  return Status::Ok();
}

}  // namespace saring::neardup_internal
