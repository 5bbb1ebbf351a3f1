// Sharded boilerplate learning: the counts of several learners partitioned by key, their sampling
// levels agreed, and the model rebuilt from the counts that matter. See the contract in
// include/saring/boilerplate.h and the reasoning in sampled_table.h: a table of a set S of keys
// ends at the smallest level L with |S ∩ range(L)| <= max_keys, so summing each part's count of
// kept keys per level (exact at and above its own level, which no global level is below) gives
// that level without any part holding S.
#include <algorithm>
#include <cstring>

#include "quality/boilerplate_counts.h"
#include "saring/boilerplate.h"

namespace saring {
namespace {

using quality_internal::BoilerplateCounts;

int KeyOwner(uint64_t key, int parts) {
  return static_cast<int>((key >> 20) % static_cast<uint64_t>(parts));
}

template <class T>
void PutRaw(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

template <class T>
bool GetRaw(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

// Calls f(table) for each table of `c` in a fixed order (labels only when learned).
template <class F>
void ForEachTable(BoilerplateCounts& c, F&& f) {
  f(c.sources);
  f(c.lines);
  f(c.prefixes);
  if (c.labels) f(*c.labels);
}

template <class Table>
void PutTablePart(const Table& t, int part, int parts, std::string* out) {
  PutRaw<int32_t>(out, t.level());
  const size_t count_at = out->size();
  uint64_t n = 0;
  PutRaw<uint64_t>(out, 0);
  t.ForEach([&](const auto& e) {
    if (KeyOwner(e.key, parts) != part) return;
    PutRaw(out, e.key);
    PutRaw(out, e.value);
    ++n;
  });
  std::memcpy(out->data() + count_at, &n, sizeof(n));
}

template <class Table>
bool MergeTablePart(std::string_view* in, Table* t) {
  int32_t level = 0;
  uint64_t n;
  if (!GetRaw(in, &level) || level < 0 || level > 64 || !GetRaw(in, &n)) return false;
  t->RaiseLevel(level);
  uint64_t key;
  typename Table::Entry e;
  for (uint64_t i = 0; i < n; ++i) {
    if (!GetRaw(in, &key) || !GetRaw(in, &e.value)) return false;
    if (auto* v = t->Upsert(key)) v->Merge(e.value);
  }
  return true;
}

}  // namespace

std::string BoilerplateLearner::SerializePart(int part, int parts) const {
  std::string out;
  PutRaw<uint64_t>(&out, part == 0 ? counts_->documents : 0);
  ForEachTable(*counts_, [&](const auto& t) { PutTablePart(t, part, parts, &out); });
  return out;
}

Status BoilerplateLearner::MergePart(std::string_view bytes) {
  uint64_t documents = 0;
  bool ok = GetRaw(&bytes, &documents);
  counts_->documents += documents;
  ForEachTable(*counts_, [&](auto& t) { ok = ok && MergeTablePart(&bytes, &t); });
  if (!ok || !bytes.empty()) return Status::Corruption("boilerplate counts of a part are garbled");
  return Status::Ok();
}

std::string BoilerplateLearner::LevelCensus() const {
  std::string out;
  ForEachTable(*counts_, [&](const auto& t) {
    PutRaw<int32_t>(&out, t.level());
    PutRaw<uint64_t>(&out, t.max_keys());
    for (uint64_t n : t.KeysPerLevel()) PutRaw(&out, n);
  });
  return out;
}

Status BoilerplateLearner::AdoptLevels(const std::vector<std::string>& censuses) {
  std::vector<std::string_view> in(censuses.begin(), censuses.end());
  bool ok = true;
  ForEachTable(*counts_, [&](auto& t) {
    int32_t highest = t.level();
    std::vector<uint64_t> keys(65, 0);
    uint64_t max_keys = t.max_keys();
    for (std::string_view& c : in) {
      int32_t level = 0;
      uint64_t their_max;
      ok = ok && GetRaw(&c, &level) && level >= 0 && level <= 64 && GetRaw(&c, &their_max) &&
           their_max == max_keys;
      for (uint64_t& k : keys) {
        uint64_t n = 0;
        ok = ok && GetRaw(&c, &n);
        k += n;
      }
      if (ok) highest = std::max(highest, level);
    }
    int32_t level = highest;
    while (level < 64 && keys[static_cast<size_t>(level)] > max_keys) ++level;
    t.RaiseLevel(level);
  });
  for (std::string_view c : in) ok = ok && c.empty();
  if (!ok)
    return Status::Corruption("boilerplate level censuses are garbled or come from other settings");
  return Status::Ok();
}

void BoilerplateLearner::DropCountsBelowThresholds() {
  // Each threshold is max(min_docs, ceil(fraction * documents of the source)) >= min_docs.
  const BoilerplateOptions& o = options_;
  counts_->lines.DropIf([&](const auto& e) { return e.value.docs < o.line_min_docs; });
  counts_->prefixes.DropIf([&](const auto& e) { return e.value.docs < o.template_min_docs; });
  if (counts_->labels)
    counts_->labels->DropIf([&](const auto& e) { return e.value.docs < o.inline_min_docs; });
}

}  // namespace saring
