// Union-find and leader clustering (see cluster.h).
#include "neardup/cluster.h"

#include <algorithm>
#include <numeric>

namespace saring::neardup_internal {

UnionFind::UnionFind(uint32_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }

uint32_t UnionFind::Find(uint32_t x) {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];  // path halving
    x = parent_[x];
  }
  return x;
}

bool UnionFind::Union(uint32_t a, uint32_t b) {
  a = Find(a);
  b = Find(b);
  if (a == b) return false;
  // Linking under the smaller root keeps the result independent of the pair order.
  if (a < b) {
    parent_[b] = a;
  } else {
    parent_[a] = b;
  }
  return true;
}

namespace {

inline size_t SlotOf(uint64_t key, size_t mask) {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
}

}  // namespace

bool PairSet::Contains(uint32_t a, uint32_t b) const {
  if (size_ == 0) return false;
  const uint64_t key = Key(a, b);
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(key, mask);; i = (i + 1) & mask) {
    if (slots_[i] == key) return true;
    if (slots_[i] == 0) return false;
  }
}

void PairSet::Insert(uint32_t a, uint32_t b) {
  if (size_ >= max_pairs_) return;
  if (2 * (size_ + 1) > slots_.size()) {  // keep the table at most half full
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, 2 * old.size()), 0);
    for (uint64_t key : old) {
      if (key == 0) continue;
      size_t i = SlotOf(key, slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = key;
    }
  }
  const uint64_t key = Key(a, b);
  const size_t mask = slots_.size() - 1;
  size_t i = SlotOf(key, mask);
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if (slots_[i] == key) return;
  }
  slots_[i] = key;
  ++size_;
}

namespace {

// Leader clustering of one component; *members sorted best-first (used as scratch). Members
// still unassigned when the comparison budget runs out stay kept.
Status ClusterComponent(std::vector<uint32_t>* members, SimilarityOracle* oracle,
                        ClusterResult* out) {
  uint64_t budget = kLeaderComparisonsPerMember * members->size() + kLeaderComparisonsSlack;
  std::vector<uint32_t>& pending = *members;
  std::vector<uint32_t> next;
  bool first_round = true;
  while (!pending.empty()) {
    const uint32_t leader = pending[0];
    if (!first_round) ++out->extra_leaders;
    first_round = false;
    if (pending.size() - 1 > budget) {
      ++out->capped_components;
      return Status::Ok();  // everyone left keeps survivor == self
    }
    budget -= pending.size() - 1;
    SARING_RETURN_IF_ERROR(oracle->SetLeader(leader));
    next.clear();
    for (size_t i = 1; i < pending.size(); ++i) {
      SARING_ASSIGN_OR_RETURN(const Verdict v, oracle->CompareToLeader(pending[i]));
      if (v.similar) {
        out->survivor[pending[i]] = leader;
        out->similarity[pending[i]] = static_cast<float>(v.value);
        out->kind[pending[i]] = v.kind;
        ++out->cluster_size[leader];
        ++out->removed;
      } else {
        next.push_back(pending[i]);
      }
    }
    if (out->cluster_size[leader] > 1) ++out->clusters;
    pending.swap(next);
  }
  return Status::Ok();
}

}  // namespace

Status AssignSurvivors(UnionFind* uf, const BetterFn& better, SimilarityOracle* oracle,
                       ClusterResult* out) {
  const uint32_t n = static_cast<uint32_t>(out->survivor.size());
  // Component sizes, counted in cluster_size (reset to 1 below).
  std::vector<uint32_t>& size = out->cluster_size;
  size.assign(n, 0);
  for (uint32_t d = 0; d < n; ++d) ++size[uf->Find(d)];
  std::vector<std::pair<uint32_t, uint32_t>> grouped;  // (root, doc) of non-singletons
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t root = uf->Find(d);
    if (size[root] > 1) grouped.emplace_back(root, d);
  }
  for (uint32_t d = 0; d < n; ++d) {
    out->survivor[d] = d;
    out->similarity[d] = 1.0f;
  }
  size.assign(n, 1);
  std::sort(grouped.begin(), grouped.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return better(x.second, y.second);
  });
  std::vector<uint32_t> members;
  for (size_t i = 0; i < grouped.size();) {
    size_t j = i;
    members.clear();
    for (; j < grouped.size() && grouped[j].first == grouped[i].first; ++j) {
      members.push_back(grouped[j].second);
    }
    SARING_RETURN_IF_ERROR(ClusterComponent(&members, oracle, out));
    i = j;
  }
  return Status::Ok();
}

}  // namespace saring::neardup_internal
