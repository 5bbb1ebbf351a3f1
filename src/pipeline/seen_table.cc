#include "pipeline/seen_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace saring::pipeline {
namespace {

constexpr size_t kFlushBytes = 1 << 20;
constexpr uint64_t kMinSlots = 1024;
constexpr uint64_t kBloomBitsPerEntry = 10;

uint64_t Mix(uint64_t h) {
  h ^= h >> 31;
  h *= 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

int BloomHashes(uint64_t bits, uint64_t count) {
  // k = ln 2 * bits per entry, at least 1, at most 7.
  double per = count ? static_cast<double>(bits) / static_cast<double>(count) : 10.0;
  return std::clamp(static_cast<int>(std::floor(per * 0.69 + 0.5)), 1, 7);
}

// The first word of the 512-bit block of `hash` in a filter of `words` words: the hash's high bits
// scaled to the block count by a multiply (no division, which a lookup would pay once per run).
size_t BloomBlock(size_t words, uint64_t hash) {
  return static_cast<size_t>((static_cast<unsigned __int128>(hash) * (words / 8)) >> 64) * 8;
}

// A blocked Bloom filter: the k bits of a hash lie in one 512-bit block (one cache line), picked
// by the hash; the bits within it come 9 at a time from a second mix of the hash.
template <class F>
bool BloomBits(size_t words, int k, uint64_t hash, F&& bit) {
  const size_t block = BloomBlock(words, hash);
  uint64_t h = Mix(hash);
  for (int i = 0; i < k; ++i, h >>= 9) {
    if (!bit(block + (h >> 6 & 7), uint64_t{1} << (h & 63))) return false;
  }
  return true;
}

void BloomAdd(std::vector<uint64_t>* bloom, int k, uint64_t hash) {
  BloomBits(bloom->size(), k, hash, [&](size_t w, uint64_t m) {
    (*bloom)[w] |= m;
    return true;
  });
}

bool BloomMaybe(const std::vector<uint64_t>& bloom, int k, uint64_t hash) {
  return BloomBits(bloom.size(), k, hash,
                   [&](size_t w, uint64_t m) { return (bloom[w] & m) != 0; });
}

// Words of a filter of about `bits` bits: whole 512-bit blocks, at least one.
size_t BloomWords(uint64_t bits) { return std::max<uint64_t>(1, (bits + 511) / 512) * 8; }

}  // namespace

// ---------------------------------------------------------------------------- AppendFile

Status AppendFile::Open(const std::string& dir, std::string_view what, Env* env) {
  SARING_ASSIGN_OR_RETURN(file_, env->NewScratchFile(dir, what));
  return Status::Ok();
}

Status AppendFile::Flush() {
  SARING_RETURN_IF_ERROR(file_->WriteAt(flushed_, buffer_));
  flushed_ += buffer_.size();
  buffer_.clear();
  return Status::Ok();
}

Status AppendFile::Append(const void* data, size_t n) {
  buffer_.append(static_cast<const char*>(data), n);
  return buffer_.size() >= kFlushBytes ? Flush() : Status::Ok();
}

Status AppendFile::Truncate(uint64_t size) {
  if (size >= flushed_) {
    buffer_.resize(std::min<uint64_t>(buffer_.size(), size - flushed_));
    return Status::Ok();
  }
  buffer_.clear();
  SARING_RETURN_IF_ERROR(file_->Truncate(size));
  flushed_ = size;
  return Status::Ok();
}

Status AppendFile::ReadAt(uint64_t offset, void* out, size_t n) const {
  char* dst = static_cast<char*>(out);
  if (offset < flushed_) {
    const size_t head = static_cast<size_t>(std::min<uint64_t>(n, flushed_ - offset));
    SARING_RETURN_IF_ERROR(file_->ReadAt(offset, head, dst));
    dst += head;
    offset += head;
    n -= head;
  }
  if (n == 0) return Status::Ok();
  if (offset - flushed_ + n > buffer_.size()) {
    return Status::Internal(fmt::format("a read past the end of {}", file_->name()));
  }
  std::memcpy(dst, buffer_.data() + (offset - flushed_), n);
  return Status::Ok();
}

// ---------------------------------------------------------------------------- SeenTable

SeenTable::SeenTable(uint64_t budget_bytes, std::string spill_dir, Env* env)
    : budget_bytes_(budget_bytes), spill_dir_(std::move(spill_dir)), env_(env) {
  max_slots_ = kMinSlots;
  while (max_slots_ * 2 * sizeof(Slot) <= budget_bytes_ / 4 * 3) max_slots_ *= 2;
}

uint64_t SeenTable::bloom_bytes() const {
  uint64_t n = 0;
  for (const Run& r : runs_) n += (r.bloom.size() + r.sparse.size()) * sizeof(uint64_t);
  return n;
}

uint64_t SeenTable::bytes() const {
  return slots_.size() * sizeof(Slot) + bloom_bytes() + block_.capacity() * sizeof(Entry);
}

Status SeenTable::DiskFull(const Status& s) const {
  const uint64_t need = size() * sizeof(Entry);
  return Status::IoError(fmt::format(
      "{}; exact dedup keeps its seen hashes on disk past dedup.memory_budget ({} MiB): 24 bytes "
      "for each distinct hash ({} so far: {} MiB), twice that while its runs merge; free {} MiB "
      "or more in {} or set run.work_dir to a larger disk",
      s.message(), budget_bytes_ >> 20, size(), need >> 20, (2 * need >> 20) + 1, spill_dir_));
}

Status SeenTable::Grow() {
  const size_t capacity = slots_.empty() ? kMinSlots : slots_.size() * 2;
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(capacity, Slot{0, {}, false});
  const size_t mask = capacity - 1;
  for (const Slot& s : old) {
    if (!s.used) continue;
    size_t i = s.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = s;
  }
  return Status::Ok();
}

Status SeenTable::AddRun(uint64_t first, uint64_t count, uint64_t bloom_bits) {
  Run run;
  run.first = first;
  run.count = count;
  run.bloom.assign(BloomWords(bloom_bits), 0);
  const int k = run.hashes = BloomHashes(run.bloom.size() * 64, count);
  // The run is read back block by block.
  std::vector<Entry> buffer;
  for (uint64_t at = 0; at < count; at += kBlock) {
    const uint64_t n = std::min(kBlock, count - at);
    buffer.resize(n);
    SARING_RETURN_IF_ERROR(
        runs_file_->ReadAt((first + at) * sizeof(Entry), buffer.data(), n * sizeof(Entry)));
    run.sparse.push_back(buffer[0].hash);
    for (const Entry& e : buffer) BloomAdd(&run.bloom, k, e.hash);
  }
  runs_.push_back(std::move(run));
  return Status::Ok();
}

Status SeenTable::SpillTable() {
  if (!runs_file_) {
    runs_file_ = std::make_unique<AppendFile>();
    Status st = runs_file_->Open(spill_dir_, "the exact-dedup table", env_);
    if (!st.ok()) {
      runs_file_.reset();
      return DiskFull(st);
    }
  }
  // Compact the used slots to the front and sort them there: no second copy in memory.
  size_t n = 0;
  for (const Slot& s : slots_) {
    if (s.used) slots_[n++] = s;
  }
  std::sort(slots_.begin(), slots_.begin() + static_cast<ptrdiff_t>(n),
            [](const Slot& a, const Slot& b) { return a.hash < b.hash; });
  const uint64_t first = runs_file_->size() / sizeof(Entry);
  Run run;
  run.first = first;
  run.count = n;
  run.bloom.assign(BloomWords(n * kBloomBitsPerEntry), 0);
  const int k = run.hashes = BloomHashes(run.bloom.size() * 64, n);
  for (size_t i = 0; i < n; ++i) {
    const Slot& s = slots_[i];
    if (i % kBlock == 0) run.sparse.push_back(s.hash);
    BloomAdd(&run.bloom, k, s.hash);
    Entry e{s.hash, s.value};
    Status st = runs_file_->Append(&e, sizeof(e));
    if (!st.ok()) return DiskFull(st);
  }
  runs_.push_back(std::move(run));
  std::fill(slots_.begin(), slots_.end(), Slot{0, {}, false});
  spilled_ += n;
  size_ = 0;
  ++runs_written_;
  if (bloom_bytes() > budget_bytes_ / 4 && runs_.size() > 1) return MergeRuns();
  return Status::Ok();
}

Status SeenTable::MergeRuns() {
  // Every run is sorted and no hash is in two runs: a k-way merge into a new file.
  auto merged = std::make_unique<AppendFile>();
  if (Status st = merged->Open(spill_dir_, "the exact-dedup table", env_); !st.ok())
    return DiskFull(st);
  struct Cursor {
    uint64_t at = 0, end = 0;  // entry indices in the old file
    std::vector<Entry> block;
    size_t pos = 0;
  };
  std::vector<Cursor> cursors;
  for (const Run& r : runs_) cursors.push_back({r.first, r.first + r.count, {}, 0});
  auto refill = [&](Cursor* c) -> Status {
    const uint64_t n = std::min(kBlock * 64, c->end - c->at);
    c->block.resize(n);
    c->pos = 0;
    SARING_RETURN_IF_ERROR(
        runs_file_->ReadAt(c->at * sizeof(Entry), c->block.data(), n * sizeof(Entry)));
    c->at += n;
    return Status::Ok();
  };
  for (Cursor& c : cursors) SARING_RETURN_IF_ERROR(refill(&c));
  uint64_t total = 0;
  while (true) {
    Cursor* best = nullptr;
    for (Cursor& c : cursors) {
      if (c.pos < c.block.size() && (!best || c.block[c.pos].hash < best->block[best->pos].hash)) {
        best = &c;
      }
    }
    if (!best) break;
    Status st = merged->Append(&best->block[best->pos], sizeof(Entry));
    if (!st.ok()) return DiskFull(st);
    ++total;
    if (++best->pos == best->block.size() && best->at < best->end) {
      SARING_RETURN_IF_ERROR(refill(best));
    }
  }
  runs_.clear();
  runs_file_ = std::move(merged);  // the old runs' file is closed, and so removed
  ++merges_;
  // The merged run's filter fits an eighth of the budget, so later runs have room for theirs.
  const uint64_t bits = std::clamp<uint64_t>(budget_bytes_, 64, total * kBloomBitsPerEntry);
  return AddRun(0, total, bits);
}

Result<bool> SeenTable::FindInRuns(uint64_t hash, FirstSeen* found) {
  for (const Run& r : runs_) {
    if (!BloomMaybe(r.bloom, r.hashes, hash)) continue;
    auto it = std::upper_bound(r.sparse.begin(), r.sparse.end(), hash);
    if (it == r.sparse.begin()) continue;
    const uint64_t block = static_cast<uint64_t>(it - r.sparse.begin()) - 1;
    const uint64_t n = std::min(kBlock, r.count - block * kBlock);
    block_.resize(n);
    SARING_RETURN_IF_ERROR(runs_file_->ReadAt((r.first + block * kBlock) * sizeof(Entry),
                                              block_.data(), n * sizeof(Entry)));
    auto e = std::lower_bound(block_.begin(), block_.end(), hash,
                              [](const Entry& x, uint64_t h) { return x.hash < h; });
    if (e != block_.end() && e->hash == hash) {
      *found = e->value;
      return true;
    }
  }
  return false;
}

void SeenTable::Prefetch(uint64_t hash) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  for (const Run& r : runs_) __builtin_prefetch(&r.bloom[BloomBlock(r.bloom.size(), hash)]);
}

Result<bool> SeenTable::FindOrInsert(uint64_t hash, const FirstSeen& first, FirstSeen* found) {
  if (!slots_.empty()) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask; slots_[i].used; i = (i + 1) & mask) {
      if (slots_[i].hash == hash) {
        *found = slots_[i].value;
        return true;
      }
    }
  }
  if (!runs_.empty()) {
    SARING_ASSIGN_OR_RETURN(bool in_run, FindInRuns(hash, found));
    if (in_run) return true;
  }
  if ((size_ + 1) * 2 > slots_.size()) {
    if (slots_.size() < max_slots_) {
      SARING_RETURN_IF_ERROR(Grow());
    } else {
      SARING_RETURN_IF_ERROR(SpillTable());
    }
  }
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].used) i = (i + 1) & mask;
  slots_[i] = Slot{hash, first, true};
  ++size_;
  return false;
}

// ---------------------------------------------------------------------------- IdPool

Result<uint64_t> IdPool::Add(std::string_view id) {
  if (!file_.is_open()) SARING_RETURN_IF_ERROR(file_.Open(spill_dir_, "document ids", env_));
  uint64_t offset = file_.size();
  uint32_t n = static_cast<uint32_t>(id.size());
  SARING_RETURN_IF_ERROR(file_.Append(&n, sizeof(n)));
  SARING_RETURN_IF_ERROR(file_.Append(id.data(), id.size()));
  return offset;
}

Status IdPool::Get(uint64_t offset, std::string* id) const {
  // One read for the length and a short id together (a spilled id costs a system call a read).
  char head[64];
  const size_t got = static_cast<size_t>(
      std::min<uint64_t>(sizeof(head), file_.size() - std::min(offset, file_.size())));
  uint32_t n;
  if (got < sizeof(n)) return file_.ReadAt(offset, &n, sizeof(n));  // the error: past the end
  SARING_RETURN_IF_ERROR(file_.ReadAt(offset, head, got));
  std::memcpy(&n, head, sizeof(n));
  const size_t inline_bytes = std::min<size_t>(n, got - sizeof(n));
  id->assign(head + sizeof(n), inline_bytes);
  if (inline_bytes == n) return Status::Ok();
  id->resize(n);
  return file_.ReadAt(offset + sizeof(n) + inline_bytes, id->data() + inline_bytes,
                      n - inline_bytes);
}

}  // namespace saring::pipeline
