#include "pipeline/seen_table.h"

#include <cstring>

#include <fmt/format.h>

namespace saring::pipeline {

SeenTable::SeenTable(uint64_t budget_bytes) : budget_bytes_(budget_bytes) {}

Status SeenTable::Grow() {
  size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  if (capacity * sizeof(Slot) > budget_bytes_) {
    return Status::ResourceExhausted(fmt::format(
        "the exact-dedup table needs more than its budget of {} MiB ({} distinct hashes); raise "
        "dedup.memory_budget_mb", budget_bytes_ >> 20, size_));
  }
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

Result<bool> SeenTable::FindOrInsert(uint64_t hash, const FirstSeen& first, FirstSeen* found) {
  if ((size_ + 1) * 2 > slots_.size()) SARING_RETURN_IF_ERROR(Grow());
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].used) {
    if (slots_[i].hash == hash) {
      *found = slots_[i].value;
      return true;
    }
    i = (i + 1) & mask;
  }
  slots_[i] = Slot{hash, first, true};
  ++size_;
  return false;
}

uint64_t IdPool::Add(std::string_view id) {
  uint64_t offset = data_.size();
  uint32_t n = static_cast<uint32_t>(id.size());
  data_.append(reinterpret_cast<const char*>(&n), sizeof(n));
  data_.append(id);
  return offset;
}

std::string_view IdPool::Get(uint64_t offset) const {
  uint32_t n;
  std::memcpy(&n, data_.data() + offset, sizeof(n));
  return std::string_view(data_).substr(offset + sizeof(n), n);
}

}  // namespace saring::pipeline
