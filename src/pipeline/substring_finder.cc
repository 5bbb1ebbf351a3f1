#include "pipeline/substring_finder.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <queue>
#include <thread>
#include <tuple>

#include <sys/mman.h>

#include <fmt/format.h>

namespace saring::pipeline {

using Window = SubstringWindow;

// A stream of candidate pairs {later, first} in one worker's file, ordered by `later`.
struct SubstringFinder::Segment {
  size_t worker;
  uint64_t offset, count;
};

struct SubstringFinder::Worker {
  AppendFile pairs;
  uint64_t table_bytes = 0;  // the most its table may use
  uint64_t candidates = 0, splits = 0;
  std::vector<Window> table, chunk;
};

namespace {

constexpr uint64_t kEmpty = ~0ull;         // a free table slot's position
constexpr size_t kChunkWindows = 1 << 16;  // windows read from a spill file at a time
constexpr size_t kPairChunk = 1 << 12;     // candidate pairs read from a file at a time
constexpr int kSplitBits = 4;              // a split partition becomes 16 sub-partitions
constexpr uint64_t kWordMask = 0xffffffffull;
constexpr size_t kHugePage = size_t{2} << 20;
constexpr uint64_t kMaxFilterBytes = 64ull
                                     << 20;  // past this, random reads of it cost more than spills

uint32_t DocOf(uint64_t pos) { return static_cast<uint32_t>(pos >> 32); }
uint32_t WordOf(uint64_t pos) { return static_cast<uint32_t>(pos & kWordMask); }

}  // namespace

SubstringFinder::SubstringFinder(SubstringFinderOptions options) : options_(std::move(options)) {}
SubstringFinder::~SubstringFinder() = default;

Result<std::unique_ptr<SubstringFinder>> SubstringFinder::Create(
    const SubstringFinderOptions& options) {
  if (options.min_words < 1)
    return Status::InvalidArgument("dedup.substring_min_words must be at least 1");
  std::unique_ptr<SubstringFinder> f(new SubstringFinder(options));
  f->options_.memory_budget = std::max<uint64_t>(options.memory_budget, 4096);
  SARING_RETURN_IF_ERROR(f->keys_.Open(options.work_dir, "substring word keys"));
  return f;
}

Status SubstringFinder::AddDocument(const uint64_t* keys, size_t count, const uint64_t* windows) {
  if (word_start_.size() >= kWordMask || count > kWordMask) {
    return Status::InvalidArgument(
        "substring dedup holds at most 2^32 documents of at most 2^32 words");
  }
  word_start_.push_back(total_words_);
  live_.push_back(1);
  total_words_ += count;
  SARING_RETURN_IF_ERROR(keys_.Append(keys, count * sizeof(uint64_t)));
  if (count < options_.min_words) return Status::Ok();
  const size_t n = count - options_.min_words + 1;
  stats_.windows += n;
  if (filter_state_ == FilterState::kSaturated) return Status::Ok();
  if (filter_state_ == FilterState::kNone) {
    // A quarter of the budget (at most kMaxFilterBytes), a power of two, in kPartitions slices.
    const uint64_t bytes = std::min<uint64_t>(options_.memory_budget / 4, kMaxFilterBytes);
    slice_words_ = 1;
    while (slice_words_ * 2 * kPartitions * sizeof(uint64_t) <= bytes) slice_words_ *= 2;
    // Anonymous pages, zero until written (pages of counters no window reaches are never
    // touched), in huge pages where the kernel grants them: the counters are read at random, and
    // with 4 KiB pages nearly every read would also miss the TLB.
    const size_t length = slice_words_ * kPartitions * sizeof(uint64_t);
    const size_t align = length >= kHugePage ? kHugePage : 0;
    void* base =
        ::mmap(nullptr, length + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
      return Status::ResourceExhausted("substring dedup: no memory for the window filter");
    uintptr_t at = reinterpret_cast<uintptr_t>(base);
    if (align) at = (at + align) & ~(uintptr_t{align} - 1);
    if (align) ::madvise(reinterpret_cast<void*>(at), length, MADV_HUGEPAGE);  // a hint
    filter_ = std::unique_ptr<uint64_t, FreeDeleter>(reinterpret_cast<uint64_t*>(at),
                                                     FreeDeleter{base, length + align});
    staged_.resize(static_cast<size_t>(kPartitions) * kStage);
    filter_state_ = FilterState::kCounting;
  }
  for (size_t i = 0; i < n; ++i) {
    const int p = static_cast<int>(windows[i] >> (64 - kPartitionBits));
    staged_[static_cast<size_t>(p) * kStage + staged_count_[p]] = windows[i];
    if (++staged_count_[p] == kStage) CountStaged(p);
  }
  // Past half the counters in use, the filter would pass most windows while costing a cache miss
  // each: it is given up, and Finish keeps every window.
  if (used_counters_ * 2 > slice_words_ * kPartitions * 32) {
    filter_state_ = FilterState::kSaturated;
    filter_.reset();
    staged_.clear();
    staged_.shrink_to_fit();
  }
  return Status::Ok();
}

void SubstringFinder::FreeDeleter::operator()(uint64_t* /*p*/) const { ::munmap(base, length); }

namespace {

// The 2-bit counter of `hash` in a filter slice of `words` words (a power of two).
struct Counter {
  uint64_t* word;
  unsigned shift;
  Counter(uint64_t* slice, uint64_t words, uint64_t hash)
      : word(slice + ((hash >> 5) & (words - 1))), shift(static_cast<unsigned>(hash & 31) * 2) {}
  uint64_t value() const { return (*word >> shift) & 3; }
};

}  // namespace

void SubstringFinder::CountStaged(int partition) {
  uint64_t* slice = filter_.get() + static_cast<size_t>(partition) * slice_words_;
  const uint64_t* hashes = staged_.data() + static_cast<size_t>(partition) * kStage;
  // The counters lie at random in the slice: ask for all of them first, so that misses overlap.
  for (uint32_t i = 0; i < staged_count_[partition]; ++i)
    __builtin_prefetch(Counter(slice, slice_words_, hashes[i]).word, 1);
  for (uint32_t i = 0; i < staged_count_[partition]; ++i) {
    Counter c(slice, slice_words_, hashes[i]);
    const uint64_t v = c.value();
    used_counters_ += v == 0;
    *c.word += static_cast<uint64_t>(v < 2) << c.shift;  // saturates at 2
  }
  staged_count_[partition] = 0;
}

bool SubstringFinder::Repeated(uint64_t hash) const {
  const int p = static_cast<int>(hash >> (64 - kPartitionBits));
  return Counter(filter_.get() + static_cast<size_t>(p) * slice_words_, slice_words_, hash)
             .value() >= 2;
}

void SubstringFinder::Prefetch(uint64_t hash) const {
  const int p = static_cast<int>(hash >> (64 - kPartitionBits));
  __builtin_prefetch(
      Counter(filter_.get() + static_cast<size_t>(p) * slice_words_, slice_words_, hash).word);
}

// One CollectRepeatedWindows worker's output for its range of documents: per partition, the
// windows that passed the filter, in position order.
struct CollectedWindows {
  std::array<std::vector<Window>, 256> out;
  std::vector<Window> stage;
  std::array<uint32_t, 256> staged{};
  std::vector<uint64_t> keys, windows;
  uint64_t kept = 0;
  Status status;
};

Status SubstringFinder::CollectRange(uint32_t begin, uint32_t end, CollectedWindows* c) const {
  static_assert(kPartitions == std::tuple_size_v<decltype(c->out)>);
  const bool filtering = filter_state_ == FilterState::kCounting;
  const uint32_t n = options_.min_words;
  c->stage.resize(static_cast<size_t>(kPartitions) * kStage);
  // Windows wait per partition, and are checked against its slice a stage at a time.
  auto check = [&](int p) {
    std::vector<Window>& b = c->out[p];
    const size_t before = b.size();
    const Window* w = c->stage.data() + static_cast<size_t>(p) * kStage;
    if (filtering) {
      for (uint32_t i = 0; i < c->staged[p]; ++i) Prefetch(w[i].hash);
      for (uint32_t i = 0; i < c->staged[p]; ++i) {
        if (Repeated(w[i].hash)) b.push_back(w[i]);
      }
    } else {
      b.insert(b.end(), w, w + c->staged[p]);
    }
    c->kept += b.size() - before;
    c->staged[p] = 0;
  };
  for (uint32_t doc = begin; doc < end; ++doc) {
    const uint32_t count = words(doc);
    if (!live_[doc] || count < n) continue;
    c->keys.resize(count);
    SARING_RETURN_IF_ERROR(keys_.ReadAt(word_start_[doc] * sizeof(uint64_t), c->keys.data(),
                                        count * sizeof(uint64_t)));
    options_.window_hashes(c->keys.data(), count, n, &c->windows);
    for (size_t i = 0; i < c->windows.size(); ++i) {
      const int p = static_cast<int>(c->windows[i] >> (64 - kPartitionBits));
      c->stage[static_cast<size_t>(p) * kStage + c->staged[p]] = {
          c->windows[i], static_cast<uint64_t>(doc) << 32 | i};
      if (++c->staged[p] == kStage) check(p);
    }
  }
  for (int p = 0; p < kPartitions; ++p) check(p);
  return Status::Ok();
}

Status SubstringFinder::CollectRepeatedWindows(unsigned threads) {
  if (filter_state_ == FilterState::kNone) return Status::Ok();  // no document had a window
  if (filter_state_ == FilterState::kCounting) {
    for (int p = 0; p < kPartitions; ++p) CountStaged(p);
  }
  staged_.clear();
  staged_.shrink_to_fit();
  const size_t share = options_.memory_budget / 2 / sizeof(Window) / kPartitions + 16;
  // Documents are taken in chunks of about `chunk_windows` windows; the workers check a chunk's
  // ranges in parallel, then their windows are appended to the buffers in input order (and
  // spilled past half the budget), so the buffers hold what one thread would have put there.
  const uint64_t chunk_windows =
      std::max<uint64_t>(options_.memory_budget / 16 / sizeof(Window), 4096);
  std::vector<CollectedWindows> workers(threads);
  std::vector<uint32_t> bounds(threads + 1);
  for (uint32_t doc = 0; doc < documents();) {
    // The chunk [doc, last), split among the workers by window count.
    uint64_t windows = 0;
    uint32_t last = doc;
    for (; last < documents() && windows < chunk_windows; ++last) {
      if (live_[last] && words(last) >= options_.min_words)
        windows += words(last) - options_.min_words + 1;
    }
    bounds[0] = doc;
    uint64_t seen = 0;
    uint32_t at = doc;
    for (unsigned t = 1; t < threads; ++t) {
      for (; at < last && seen < windows * t / threads; ++at) {
        if (live_[at] && words(at) >= options_.min_words)
          seen += words(at) - options_.min_words + 1;
      }
      bounds[t] = at;
    }
    bounds[threads] = last;
    auto work = [&](unsigned t) {
      workers[t].status = CollectRange(bounds[t], bounds[t + 1], &workers[t]);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      if (bounds[t] < bounds[t + 1]) pool.emplace_back(work, t);
    }
    work(0);
    for (std::thread& t : pool) t.join();
    for (CollectedWindows& c : workers) {
      SARING_RETURN_IF_ERROR(c.status);
      for (int p = 0; p < kPartitions; ++p) {
        std::vector<Window>& b = buffers_[p];
        if (c.out[p].empty()) continue;
        if (b.capacity() == 0) b.reserve(share);  // room for its share, so buffers never double
        b.insert(b.end(), c.out[p].begin(), c.out[p].end());
        c.out[p].clear();
      }
      buffered_ += c.kept;
      stats_.kept_windows += c.kept;
      c.kept = 0;
    }
    if (buffered_ * sizeof(Window) > options_.memory_budget / 2)
      SARING_RETURN_IF_ERROR(SpillBuffers());
    doc = last;
  }
  filter_.reset();
  return Status::Ok();
}

Status SubstringFinder::SpillBuffers() {
  for (int p = 0; p < kPartitions; ++p) {
    std::vector<Window>& b = buffers_[p];
    if (b.empty()) continue;
    if (!spill_.is_open())
      SARING_RETURN_IF_ERROR(spill_.Open(options_.work_dir, "substring windows"));
    extents_[p].push_back({spill_.size() / sizeof(Window), b.size()});
    SARING_RETURN_IF_ERROR(spill_.Append(b.data(), b.size() * sizeof(Window)));
    stats_.spilled_bytes += b.size() * sizeof(Window);
    b.clear();
  }
  buffered_ = 0;
  spilled_ = true;
  return Status::Ok();
}

namespace {

// Calls fn(w) for the windows of `file` in `extents` (read in chunks into *chunk), then for those
// of `tail`, until fn returns false. Returns whether every window was seen.
template <class Extent, class Fn>
Result<bool> ForEachWindow(const AppendFile* file, const std::vector<Extent>& extents,
                           const std::vector<Window>* tail, std::vector<Window>* chunk, Fn fn) {
  for (const Extent& e : extents) {
    for (uint64_t at = 0; at < e.count;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(kChunkWindows, e.count - at));
      chunk->resize(n);
      SARING_RETURN_IF_ERROR(
          file->ReadAt((e.first + at) * sizeof(Window), chunk->data(), n * sizeof(Window)));
      for (const Window& w : *chunk) {
        if (!fn(w)) return false;
      }
      at += n;
    }
  }
  if (tail != nullptr) {
    for (const Window& w : *tail) {
      if (!fn(w)) return false;
    }
  }
  return true;
}

}  // namespace

Status SubstringFinder::ProcessPartition(int partition, size_t worker_index, Worker* worker) {
  // One partition (or sub-partition) of window records, in position order.
  struct PartitionStream {
    const AppendFile* file;
    std::vector<Extent> extents;
    const std::vector<Window>* tail;
    int level;  // 0: a partition; k: split k times
  };
  std::vector<std::unique_ptr<AppendFile>> owned;  // sub-partition files of splits
  std::vector<PartitionStream> todo;
  todo.push_back({&spill_, extents_[partition], spilled_ ? nullptr : &buffers_[partition], 0});
  while (!todo.empty()) {
    PartitionStream s = std::move(todo.back());
    todo.pop_back();
    uint64_t count = s.tail ? s.tail->size() : 0;
    for (const Extent& e : s.extents) count += e.count;
    if (count == 0) continue;
    // Room for every window at load 1/2, within the worker's share of the budget.
    size_t capacity = 1 << 10;
    while (capacity < 2 * count && capacity * 2 * sizeof(Window) <= worker->table_bytes)
      capacity *= 2;
    std::vector<Window>& table = worker->table;
    table.assign(capacity, Window{0, kEmpty});
    size_t used = 0;
    const uint64_t start = worker->pairs.size();
    uint64_t pairs = 0;
    Status error;
    auto insert = [&](const Window& w) {
      if (!live_[DocOf(w.pos)]) return true;
      size_t i = w.hash & (capacity - 1);
      while (table[i].pos != kEmpty) {
        if (table[i].hash == w.hash) {
          uint64_t pair[2] = {w.pos, table[i].pos};
          if (Status st = worker->pairs.Append(pair, sizeof(pair)); !st.ok()) {
            error = st;
            return false;
          }
          ++pairs;
          return true;
        }
        i = (i + 1) & (capacity - 1);
      }
      table[i] = w;
      if (++used * 2 <= capacity) return true;
      if (capacity * 2 * sizeof(Window) > worker->table_bytes) return false;  // full: split
      std::vector<Window> grown(capacity * 2, Window{0, kEmpty});
      for (const Window& old : table) {
        if (old.pos == kEmpty) continue;
        size_t j = old.hash & (grown.size() - 1);
        while (grown[j].pos != kEmpty) j = (j + 1) & (grown.size() - 1);
        grown[j] = old;
      }
      table.swap(grown);
      capacity = table.size();
      return true;
    };
    SARING_ASSIGN_OR_RETURN(bool done,
                            ForEachWindow(s.file, s.extents, s.tail, &worker->chunk, insert));
    SARING_RETURN_IF_ERROR(error);
    if (done) {
      if (pairs) segments_[partition].push_back({worker_index, start, pairs});
      worker->candidates += pairs;
      continue;
    }
    // Too many distinct windows for the table: split by the next hash bits and start over.
    SARING_RETURN_IF_ERROR(worker->pairs.Truncate(start));
    table.clear();
    table.shrink_to_fit();
    const int shift = 64 - kPartitionBits - kSplitBits * (s.level + 1);
    if (shift < 0) {
      return Status::ResourceExhausted(fmt::format(
          "substring dedup needs more than dedup.substring_memory_budget ({} bytes) for one "
          "partition of windows; raise it",
          options_.memory_budget));
    }
    ++worker->splits;
    const size_t first_sub = owned.size();
    for (int k = 0; k < (1 << kSplitBits); ++k) {
      owned.push_back(std::make_unique<AppendFile>());
      SARING_RETURN_IF_ERROR(owned.back()->Open(options_.work_dir, "substring windows"));
    }
    auto scatter = [&](const Window& w) {
      AppendFile& out = *owned[first_sub + ((w.hash >> shift) & ((1 << kSplitBits) - 1))];
      if (Status st = out.Append(&w, sizeof(w)); !st.ok()) {
        error = st;
        return false;
      }
      return true;
    };
    SARING_RETURN_IF_ERROR(
        ForEachWindow(s.file, s.extents, s.tail, &worker->chunk, scatter).status());
    SARING_RETURN_IF_ERROR(error);
    // Sub-partitions are processed in order (the last pushed is taken first).
    for (int k = (1 << kSplitBits) - 1; k >= 0; --k) {
      const AppendFile* sub = owned[first_sub + k].get();
      todo.push_back({sub, {Extent{0, sub->size() / sizeof(Window)}}, nullptr, s.level + 1});
    }
  }
  worker->table.clear();
  worker->table.shrink_to_fit();
  return Status::Ok();
}

Status SubstringFinder::Finish(unsigned threads) {
  threads = std::max(1u, std::min<unsigned>(threads, kPartitions));
  SARING_RETURN_IF_ERROR(CollectRepeatedWindows(threads));
  if (spilled_) SARING_RETURN_IF_ERROR(SpillBuffers());
  std::vector<Worker> workers(threads);
  for (Worker& w : workers) {
    w.table_bytes = std::max<uint64_t>(options_.memory_budget / 2 / threads, 2048);
    SARING_RETURN_IF_ERROR(w.pairs.Open(options_.work_dir, "substring candidates"));
  }
  segments_.assign(kPartitions, {});
  std::atomic<int> next{0};
  std::mutex mu;
  Status first_error;
  auto work = [&](size_t index) {
    for (int p = next++; p < kPartitions; p = next++) {
      Status st = ProcessPartition(p, index, &workers[index]);
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = st;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
  SARING_RETURN_IF_ERROR(first_error);
  for (int p = 0; p < kPartitions; ++p) {
    buffers_[p].clear();
    buffers_[p].shrink_to_fit();
    extents_[p].clear();
  }
  SARING_RETURN_IF_ERROR(spill_.Clear());
  for (const Worker& w : workers) {
    stats_.candidates += w.candidates;
    stats_.splits += w.splits;
  }
  return MergeAndVerify(&workers);
}

Status SubstringFinder::MergeAndVerify(std::vector<Worker>* workers) {
  // Every segment is a stream of pairs ordered by `later`; a heap merges them.
  struct Reader {
    const Segment* seg;
    uint64_t next = 0;          // pairs of the segment consumed
    std::vector<uint64_t> buf;  // later, first, later, first, ...
    size_t at = 0;
  };
  std::vector<Reader> readers;
  for (const std::vector<Segment>& list : segments_) {
    for (const Segment& s : list)
      readers.push_back(Reader{.seg = &s, .next = 0, .buf = {}, .at = 0});
  }
  auto refill = [&](Reader& r) -> Result<bool> {
    if (r.at < r.buf.size()) return true;
    if (r.next == r.seg->count) return false;
    size_t n = static_cast<size_t>(std::min<uint64_t>(kPairChunk, r.seg->count - r.next));
    r.buf.resize(2 * n);
    SARING_RETURN_IF_ERROR(
        (*workers)[r.seg->worker].pairs.ReadAt(r.seg->offset + r.next * 16, r.buf.data(), n * 16));
    r.next += n;
    r.at = 0;
    return true;
  };
  using Entry = std::pair<uint64_t, size_t>;  // later, reader
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  for (size_t i = 0; i < readers.size(); ++i) {
    SARING_ASSIGN_OR_RETURN(bool more, refill(readers[i]));
    if (more) heap.push({readers[i].buf[0], i});
  }
  uint64_t chain_later = 0, chain_first = 0, chain_len = 0;
  while (!heap.empty()) {
    Reader& r = readers[heap.top().second];
    heap.pop();
    const uint64_t later = r.buf[r.at], first = r.buf[r.at + 1];
    r.at += 2;
    if (chain_len > 0 && later == chain_later + chain_len && first == chain_first + chain_len) {
      ++chain_len;
    } else {
      if (chain_len > 0) SARING_RETURN_IF_ERROR(VerifyChain(chain_later, chain_first, chain_len));
      chain_later = later;
      chain_first = first;
      chain_len = 1;
    }
    SARING_ASSIGN_OR_RETURN(bool more, refill(r));
    if (more) heap.push({r.buf[r.at], static_cast<size_t>(&r - readers.data())});
  }
  if (chain_len > 0) SARING_RETURN_IF_ERROR(VerifyChain(chain_later, chain_first, chain_len));
  segments_.clear();
  return Status::Ok();
}

Status SubstringFinder::VerifyChain(uint64_t later, uint64_t first, uint64_t windows) {
  const uint32_t n = options_.min_words;
  const uint64_t words = windows + n - 1;
  later_keys_.resize(words);
  first_keys_.resize(words);
  SARING_RETURN_IF_ERROR(
      keys_.ReadAt((word_start_[DocOf(later)] + WordOf(later)) * 8, later_keys_.data(), words * 8));
  SARING_RETURN_IF_ERROR(
      keys_.ReadAt((word_start_[DocOf(first)] + WordOf(first)) * 8, first_keys_.data(), words * 8));
  // mismatches[i] = keys that differ among the first i words; window j is verified when no key of
  // words [j, j + n) differs.
  uint64_t differ = 0;
  std::vector<uint64_t>& prefix = later_keys_;  // reused in place: prefix counts replace keys
  for (uint64_t i = 0; i < words; ++i) {
    differ += later_keys_[i] != first_keys_[i];
    prefix[i] = differ;
  }
  for (uint64_t j = 0; j < windows; ++j) {
    const uint64_t before = j == 0 ? 0 : prefix[j - 1];
    if (prefix[j + n - 1] == before) {
      ++stats_.verified;
      SARING_RETURN_IF_ERROR(AddVerified(later + j, first + j));
    } else {
      ++stats_.collisions;
    }
  }
  return Status::Ok();
}

Status SubstringFinder::AddVerified(uint64_t later, uint64_t first) {
  const uint32_t doc = DocOf(later), word = WordOf(later);
  const uint32_t source_doc = DocOf(first), source_word = WordOf(first);
  const uint32_t end = word + options_.min_words;
  if (open_piece_) {
    SubstringPiece& cur = pieces_.back();
    if (cur.doc == doc && cur.source_doc == source_doc && word <= cur.end &&
        static_cast<int64_t>(source_word) - word ==
            static_cast<int64_t>(cur.source_begin) - cur.begin) {
      cur.end = std::max(cur.end, end);
      return Status::Ok();
    }
    if (cur.doc == doc && cur.end >= end) return Status::Ok();  // already cut by the current piece
  }
  uint32_t begin = word;
  if (open_piece_ && pieces_.back().doc == doc) begin = std::max(begin, pieces_.back().end);
  // Past a quarter of the budget, the finished pieces go to the work folder.
  if ((pieces_.size() + 1) * sizeof(SubstringPiece) > options_.memory_budget / 4) {
    if (!pieces_file_.is_open())
      SARING_RETURN_IF_ERROR(pieces_file_.Open(options_.work_dir, "substring pieces"));
    SARING_RETURN_IF_ERROR(
        pieces_file_.Append(pieces_.data(), pieces_.size() * sizeof(SubstringPiece)));
    stats_.spilled_pieces += pieces_.size();
    pieces_.clear();
  }
  pieces_.push_back({doc, begin, end, source_doc, source_word + (begin - word)});
  ++stats_.pieces;
  open_piece_ = true;
  return Status::Ok();
}

Result<bool> SubstringFinder::PieceReader::Next(SubstringPiece* p) {
  const SubstringFinder& f = *finder_;
  if (at_ == chunk_.size()) {
    if (next_ == f.stats_.pieces) return false;
    if (next_ >= f.stats_.spilled_pieces) {  // the pieces still in memory
      *p = f.pieces_[next_++ - f.stats_.spilled_pieces];
      return true;
    }
    const uint64_t n = std::min<uint64_t>(kPairChunk, f.stats_.spilled_pieces - next_);
    chunk_.resize(n);
    SARING_RETURN_IF_ERROR(f.pieces_file_.ReadAt(next_ * sizeof(SubstringPiece), chunk_.data(),
                                                 n * sizeof(SubstringPiece)));
    next_ += n;
    at_ = 0;
  }
  *p = chunk_[at_++];
  return true;
}

Result<std::vector<SubstringPiece>> SubstringFinder::ReadPieces() const {
  std::vector<SubstringPiece> all;
  PieceReader reader(this);
  SubstringPiece p;
  for (;;) {
    SARING_ASSIGN_OR_RETURN(bool more, reader.Next(&p));
    if (!more) return all;
    all.push_back(p);
  }
}

}  // namespace saring::pipeline
