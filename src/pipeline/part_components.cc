// Connected components over P parts by hooking and pointer jumping (see part_components.h).
#include "pipeline/part_components.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace saring::pipeline {
namespace {

using Edge = std::pair<uint32_t, uint32_t>;

// Reads the u32 values of a message.
Result<std::vector<uint32_t>> U32s(const std::string& bytes) {
  if (bytes.size() % 4 != 0) return Status::Corruption("a message of components is garbled");
  std::vector<uint32_t> out(bytes.size() / 4);
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

void Normalize(std::vector<Edge>* edges) {
  for (Edge& e : *edges) {
    if (e.first > e.second) std::swap(e.first, e.second);
  }
  std::sort(edges->begin(), edges->end());
  edges->erase(std::unique(edges->begin(), edges->end()), edges->end());
  std::erase_if(*edges, [](const Edge& e) { return e.first == e.second; });
}

class Components {
 public:
  Components(const std::function<int(uint32_t)>& owner, PartExchange* ex, ComponentStats* stats)
      : owner_(owner), ex_(ex), parts_(ex->size()), stats_(stats) {}

  Result<std::vector<Edge>> Run(std::vector<Edge> edges) {
    Normalize(&edges);
    while (!ex_->AllOk(edges.empty())) {
      ++stats_->rounds;
      // Hooking: the larger root of each edge goes under the smaller (the edges join roots).
      std::vector<Edge> proposals;
      proposals.reserve(2 * edges.size());
      for (const auto& [u, v] : edges) {
        proposals.emplace_back(v, u);
        proposals.emplace_back(u, u);  // registers u
      }
      SARING_RETURN_IF_ERROR(Propose(proposals));
      SARING_RETURN_IF_ERROR(Jump());
      // The edges between the new roots.
      std::vector<uint32_t> ends;
      for (const auto& [u, v] : edges) {
        ends.push_back(u);
        ends.push_back(v);
      }
      std::sort(ends.begin(), ends.end());
      ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
      SARING_ASSIGN_OR_RETURN(std::vector<uint32_t> roots, Lookup(ends));
      auto root = [&](uint32_t x) {
        return roots[static_cast<size_t>(std::lower_bound(ends.begin(), ends.end(), x) -
                                         ends.begin())];
      };
      for (Edge& e : edges) e = {root(e.first), root(e.second)};
      Normalize(&edges);
    }
    std::vector<Edge> out(parent_.begin(), parent_.end());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  uint32_t Parent(uint32_t v) const {
    auto it = parent_.find(v);
    return it == parent_.end() ? v : it->second;
  }

  Result<std::vector<std::string>> AllToAll(std::vector<std::string> send) {
    for (int q = 0; q < parts_; ++q) {
      if (q != ex_->rank()) stats_->bytes_sent += send[q].size();
    }
    return ex_->AllToAll(std::move(send));
  }

  // Sets the parent of each proposal's vertex (owned here or elsewhere) to the smaller of its
  // parent and the proposal.
  Status Propose(const std::vector<Edge>& proposals) {
    std::vector<std::string> send(parts_);
    for (const auto& [v, p] : proposals) {
      std::string& to = send[owner_(v)];
      to.append(reinterpret_cast<const char*>(&v), 4);
      to.append(reinterpret_cast<const char*>(&p), 4);
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, AllToAll(std::move(send)));
    for (const std::string& bytes : got) {
      SARING_ASSIGN_OR_RETURN(std::vector<uint32_t> values, U32s(bytes));
      if (values.size() % 2 != 0) return Status::Corruption("a message of components is garbled");
      for (size_t j = 0; j < values.size(); j += 2) {
        if (owner_(values[j]) != ex_->rank())
          return Status::Corruption("a vertex sent to the wrong part");
        const uint32_t p = std::min(Parent(values[j]), values[j + 1]);
        parent_[values[j]] = p;
      }
    }
    return Status::Ok();
  }

  // The parents of `vertices` (sorted, unique), asked of their owners.
  Result<std::vector<uint32_t>> Lookup(const std::vector<uint32_t>& vertices) {
    std::vector<std::string> send(parts_);
    for (uint32_t v : vertices) send[owner_(v)].append(reinterpret_cast<const char*>(&v), 4);
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, AllToAll(std::move(send)));
    std::vector<std::string> reply(parts_);
    for (int q = 0; q < parts_; ++q) {
      SARING_ASSIGN_OR_RETURN(std::vector<uint32_t> asked, U32s(got[q]));
      for (uint32_t& v : asked) v = Parent(v);
      reply[q].assign(reinterpret_cast<const char*>(asked.data()), asked.size() * 4);
    }
    SARING_ASSIGN_OR_RETURN(got, AllToAll(std::move(reply)));
    std::vector<std::vector<uint32_t>> answers(parts_);
    for (int q = 0; q < parts_; ++q) {
      SARING_ASSIGN_OR_RETURN(answers[q], U32s(got[q]));
    }
    std::vector<size_t> next(parts_, 0);
    std::vector<uint32_t> out(vertices.size());
    for (size_t j = 0; j < vertices.size(); ++j) {
      const int q = owner_(vertices[j]);
      if (next[q] >= answers[q].size()) return Status::Corruption("a parent lookup was cut short");
      out[j] = answers[q][next[q]++];
    }
    return out;
  }

  // Pointer jumping: parent = grandparent until every tree is a star.
  Status Jump() {
    for (;;) {
      ++stats_->jumps;
      std::vector<uint32_t> targets;
      for (const auto& [v, p] : parent_) {
        if (p != v) targets.push_back(p);
      }
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      SARING_ASSIGN_OR_RETURN(std::vector<uint32_t> grand, Lookup(targets));
      bool changed = false;
      for (auto& [v, p] : parent_) {
        if (p == v) continue;
        const uint32_t g = grand[static_cast<size_t>(
            std::lower_bound(targets.begin(), targets.end(), p) - targets.begin())];
        if (g != p) {
          p = g;
          changed = true;
        }
      }
      if (ex_->AllOk(!changed)) return Status::Ok();
    }
  }

  const std::function<int(uint32_t)>& owner_;
  PartExchange* ex_;
  const int parts_;
  ComponentStats* stats_;
  std::unordered_map<uint32_t, uint32_t> parent_;  // vertices of this part seen in an edge
};

}  // namespace

Result<std::vector<std::pair<uint32_t, uint32_t>>> PartComponents(
    std::vector<std::pair<uint32_t, uint32_t>> edges, const std::function<int(uint32_t)>& owner,
    PartExchange* exchange, ComponentStats* stats) {
  return Components(owner, exchange, stats).Run(std::move(edges));
}

}  // namespace saring::pipeline
