// BandSorter: external sort of band entries and bucket pairing (see band_sorter.h).
#include "neardup/band_sorter.h"

#include <algorithm>
#include <bit>
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
// The counting pass uses at most this many bits of the key.
constexpr int kMaxBucketBits = 16;
// Buckets up to this size are finished by insertion sort.
constexpr size_t kInsertionSortMax = 24;

uint64_t Key(const BandEntry& e) { return uint64_t{e.key_hi} << 32 | e.key_lo; }

// Sorts [first, first + n) by (key, doc), all of whose keys share their top `skip` bits: one
// counting pass on the next bits (about n / 4 buckets) spreads the hash-like keys, then each
// bucket is finished by insertion sort (std::sort for a large one). `scratch` holds n entries.
void SortSlice(BandEntry* first, size_t n, BandEntry* scratch, int skip) {
  if (n < 64) {
    std::sort(first, first + n);
    return;
  }
  const int bits =
      std::min(std::clamp(static_cast<int>(std::bit_width(n)) - 2, 4, kMaxBucketBits), 64 - skip);
  const int shift = 64 - bits;
  auto bucket = [&](const BandEntry& e) { return static_cast<size_t>((Key(e) << skip) >> shift); };
  std::vector<uint32_t> begin((size_t{1} << bits) + 1, 0);
  for (size_t i = 0; i < n; ++i) ++begin[bucket(first[i]) + 1];
  for (size_t b = 1; b < begin.size(); ++b) begin[b] += begin[b - 1];
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (size_t i = 0; i < n; ++i) scratch[next[bucket(first[i])]++] = first[i];
  }
  for (size_t b = 0; b + 1 < begin.size(); ++b) {
    BandEntry* lo = scratch + begin[b];
    BandEntry* hi = scratch + begin[b + 1];
    if (hi - lo < 2) continue;
    if (static_cast<size_t>(hi - lo) > kInsertionSortMax) {
      std::sort(lo, hi);
      continue;
    }
    for (BandEntry* i = lo + 1; i < hi; ++i) {
      const BandEntry v = *i;
      BandEntry* j = i;
      for (; j > lo && v < *(j - 1); --j) *j = *(j - 1);
      *j = v;
    }
  }
  std::copy(scratch, scratch + n, first);
}

}  // namespace

void SortBandEntries(std::vector<BandEntry>* entries, std::vector<BandEntry>* scratch) {
  const size_t n = entries->size();
  if (n < kCountingSortMin) {
    std::sort(entries->begin(), entries->end());
    return;
  }
  scratch->resize(n);
  SortSlice(entries->data(), n, scratch->data(), 0);  // *entries keeps its capacity
}

void AppendRepeatedKeys(const BandEntry* first, size_t n, std::vector<uint32_t>* table,
                        std::vector<BandEntry>* out) {
  if (n < 2) return;
  SARING_DCHECK(n < (size_t{1} << 31));
  const size_t begin = out->size();
  // A slot holds 1 + the index of a key's first entry (0: empty), with kAppended set once that
  // entry is in *out. At least twice as many slots as entries keeps linear probing short; the low
  // half of the key is a hash's, and independent of the top bits that partitioned the entries.
  constexpr uint32_t kAppended = uint32_t{1} << 31;
  const size_t slots = std::bit_ceil(2 * n);
  const size_t mask = slots - 1;
  table->assign(slots, 0);
  uint32_t* slot = table->data();
  for (size_t i = 0; i < n; ++i) {
    const BandEntry& e = first[i];
    for (size_t h = e.key_lo & mask;; h = (h + 1) & mask) {
      const uint32_t s = slot[h];
      if (s == 0) {
        slot[h] = static_cast<uint32_t>(i + 1);
        break;
      }
      const BandEntry& f = first[(s & ~kAppended) - 1];
      if (f.key_lo == e.key_lo && f.key_hi == e.key_hi) {
        if ((s & kAppended) == 0) {
          out->push_back(f);
          slot[h] = s | kAppended;
        }
        out->push_back(e);
        break;
      }
    }
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end());
}

// Merges sorted segments of a spill file (the pieces of a partition above the budget).
class BandSorter::Merger {
 public:
  Merger(const SpillFile* file, uint64_t read_entries) : file_(file), read_(read_entries) {}

  void AddRun(uint64_t offset, uint64_t count) {
    if (count > 0) sources_.push_back(Source{offset, count, {}, 0});
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

namespace {

// Spill runs are cut into partitions by the top kPartitionBits of the key; a run keeps, after
// each band's entries, the number of entries of each partition (u32 each).
constexpr int kPartitionBits = 8;
constexpr uint32_t kPartitions = uint32_t{1} << kPartitionBits;

uint32_t PartitionOf(const BandEntry& e) { return e.key_hi >> (32 - kPartitionBits); }

// Stable distribution of `in` by partition into `out` (resized); counts[p] = entries of p.
void Partition(const std::vector<BandEntry>& in, std::vector<BandEntry>* out, uint32_t* counts) {
  std::fill(counts, counts + kPartitions, 0);
  for (const BandEntry& e : in) ++counts[PartitionOf(e)];
  uint32_t next[kPartitions];
  uint32_t at = 0;
  for (uint32_t p = 0; p < kPartitions; ++p) next[p] = at, at += counts[p];
  out->resize(in.size());
  for (const BandEntry& e : in) (*out)[next[PartitionOf(e)]++] = e;
}

Status PairSorted(const std::vector<BandEntry>& sorted, BucketPairer* pairer) {
  for (const BandEntry& e : sorted) SARING_RETURN_IF_ERROR(pairer->Next(e));
  return Status::Ok();
}

}  // namespace

BandSorter::BandSorter(uint32_t bands, uint64_t budget_bytes, std::string work_dir)
    : bands_(bands),
      // The buffers get bands / (bands + 1) of the budget, the sort's working space the rest.
      budget_entries_(
          std::max<uint64_t>(bands, budget_bytes / sizeof(BandEntry) * bands / (bands + 1))),
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
  // Partitioning (not sorting) keeps this step, which runs in the sequential part of a pass,
  // linear and cheap; each partition is sorted when it is paired.
  std::vector<uint64_t> offsets(bands_), counts(bands_);
  uint32_t parts[kPartitions];
  for (uint32_t b = 0; b < bands_; ++b) {
    std::vector<BandEntry>& buf = buffers_[b];
    Partition(buf, &sort_scratch_, parts);
    offsets[b] = file_->size();
    counts[b] = buf.size();
    SARING_RETURN_IF_ERROR(file_->Append(sort_scratch_.data(), buf.size() * sizeof(BandEntry)));
    SARING_RETURN_IF_ERROR(file_->Append(parts, sizeof(parts)));
    buf.clear();  // keeps the capacity for the next run
  }
  runs_.push_back(std::move(offsets));
  run_counts_.push_back(std::move(counts));
  buffered_ = 0;
  return file_->Flush();
}

Status BandSorter::ForEachPair(const std::function<Status(uint32_t, uint32_t)>& on_pair) {
  if (runs_.empty()) {  // everything is in RAM
    for (uint32_t b = 0; b < bands_; ++b) {
      std::vector<BandEntry>& buf = buffers_[b];
      BucketPairer pairer(on_pair);
      if (buf.size() < kCountingSortMin) {
        SortBandEntries(&buf, &sort_scratch_);
        SARING_RETURN_IF_ERROR(PairSorted(buf, &pairer));
      } else {
        // Only repeated keys pair: partitions (in key order) are searched for them, and each
        // partition's repeats, sorted, are paired from buf's storage (no longer needed).
        uint32_t parts[kPartitions];
        Partition(buf, &sort_scratch_, parts);
        const BandEntry* from = sort_scratch_.data();
        for (uint32_t q = 0; q < kPartitions; from += parts[q++]) {
          buf.clear();  // keeps the capacity: no allocation
          AppendRepeatedKeys(from, parts[q], &repeat_table_, &buf);
          SARING_RETURN_IF_ERROR(PairSorted(buf, &pairer));
        }
      }
      buf = {};
    }
    repeat_table_ = {};
    buffers_.clear();
    return Status::Ok();
  }
  if (buffered_ > 0) SARING_RETURN_IF_ERROR(SpillRun());
  buffers_.clear();
  buffers_.shrink_to_fit();
  sort_scratch_ = {};
  for (uint32_t b = 0; b < bands_; ++b) SARING_RETURN_IF_ERROR(PairBand(b, on_pair));
  return Status::Ok();
}

Status BandSorter::PairBand(uint32_t band,
                            const std::function<Status(uint32_t, uint32_t)>& on_pair) {
  // Partitions are loaded from every run a group at a time (consecutive partitions up to half
  // the budget; the other half is the sort's working space), in key order; a run's entries of a
  // partition are in doc order, and runs follow each other in doc order.
  const size_t runs = runs_.size();
  std::vector<uint32_t> parts(runs * kPartitions);
  std::vector<uint64_t> at(runs);  // next unread entry of each run (file offset)
  uint64_t total[kPartitions] = {};
  for (size_t r = 0; r < runs; ++r) {
    uint32_t* p = parts.data() + r * kPartitions;
    at[r] = runs_[r][band];
    SARING_RETURN_IF_ERROR(file_->ReadAt(at[r] + run_counts_[r][band] * sizeof(BandEntry), p,
                                         kPartitions * sizeof(uint32_t)));
    for (uint32_t q = 0; q < kPartitions; ++q) total[q] += p[q];
  }
  // A group's entries are held twice (12 B each time); the repeats' table takes at most 16 B per
  // entry of the group's largest partition: together at most the budget.
  const uint64_t target = std::max<uint64_t>(1, budget_entries_ * 3 / 10);
  BucketPairer pairer(on_pair);
  std::vector<BandEntry> loaded, sorted;
  uint32_t first = 0;
  while (first < kPartitions) {
    uint32_t last = first + 1;
    uint64_t n = total[first];
    while (last < kPartitions && n + total[last] <= target) n += total[last++];
    if (n > target) {  // one partition above the budget: sorted pieces, then a k-way merge
      SARING_RETURN_IF_ERROR(MergeLargePartition(first, parts, &at, target, on_pair));
      ++first;
      continue;
    }
    // Each run's share of the group (its partitions first..last-1, one after the other) is
    // read into `loaded` and its partitions copied whole to their places in `sorted`: grouped
    // by partition, runs (hence docs) in order within each. Then each partition is sorted.
    loaded.resize(n);
    sorted.resize(n);
    uint64_t place[kPartitions];
    for (uint64_t q = first, next = 0; q < last; ++q) place[q] = next, next += total[q];
    for (size_t r = 0; r < runs; ++r) {
      const uint32_t* share = parts.data() + r * kPartitions;
      uint64_t m = 0;
      for (uint32_t q = first; q < last; ++q) m += share[q];
      if (m == 0) continue;
      SARING_RETURN_IF_ERROR(file_->ReadAt(at[r], loaded.data(), m * sizeof(BandEntry)));
      at[r] += m * sizeof(BandEntry);
      const BandEntry* from = loaded.data();
      for (uint32_t q = first; q < last; ++q) {
        std::copy_n(from, share[q], sorted.data() + place[q]);
        from += share[q];
        place[q] += share[q];
      }
    }
    // Only repeated keys pair: each partition's repeats, sorted, go to `loaded` (read out
    // already) and are paired, partitions in key order.
    size_t begin = 0;
    for (uint32_t q = first; q < last; ++q) {
      loaded.clear();  // keeps the capacity (n >= total[q]): no allocation
      AppendRepeatedKeys(sorted.data() + begin, total[q], &repeat_table_, &loaded);
      SARING_RETURN_IF_ERROR(PairSorted(loaded, &pairer));
      begin += total[q];
    }
    first = last;
  }
  return Status::Ok();
}

Status BandSorter::MergeLargePartition(uint32_t partition, const std::vector<uint32_t>& parts,
                                       std::vector<uint64_t>* at, uint64_t target,
                                       const std::function<Status(uint32_t, uint32_t)>& on_pair) {
  // Each run's share is sorted in pieces of at most `target` entries, written to a second file,
  // and the pieces are merged (the order is (key, doc), as everywhere).
  SARING_ASSIGN_OR_RETURN(SpillFile pieces, SpillFile::Create(work_dir_, "band-pieces"));
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // offset, count in `pieces`
  std::vector<BandEntry> piece, scratch;
  for (size_t r = 0; r < runs_.size(); ++r) {
    uint64_t left = parts[r * kPartitions + partition];
    while (left > 0) {
      const uint64_t n = std::min(left, target);
      piece.resize(n);
      SARING_RETURN_IF_ERROR(file_->ReadAt((*at)[r], piece.data(), n * sizeof(BandEntry)));
      (*at)[r] += n * sizeof(BandEntry);
      left -= n;
      scratch.resize(n);
      SortSlice(piece.data(), n, scratch.data(), kPartitionBits);
      spans.emplace_back(pieces.size(), n);
      SARING_RETURN_IF_ERROR(pieces.Append(piece.data(), n * sizeof(BandEntry)));
    }
  }
  piece = {};
  scratch = {};
  SARING_RETURN_IF_ERROR(pieces.Flush());
  const uint64_t per_piece = std::clamp<uint64_t>(target / std::max<size_t>(1, spans.size()),
                                                  kMinReadEntries, kMaxReadEntries);
  Merger merger(&pieces, per_piece);
  for (const auto& [offset, count] : spans) merger.AddRun(offset, count);
  BucketPairer pairer(on_pair);
  return merger.Run(&pairer);
}

}  // namespace saring::neardup_internal
