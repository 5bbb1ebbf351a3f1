// Connected components of a graph whose edges are spread over the P parts of a partitioned
// decision, none of which holds them all: the clusters of verified near-duplicate pairs.
//
// Vertices are uint32 numbers; vertex v belongs to part owner(v), which keeps its parent
// pointer. Rounds of hooking (each edge hooks the larger of its two roots under the smaller) and
// pointer jumping (until every tree is a star) shrink the edges to edges between roots, until
// none is left: the root of each tree is then its component's smallest vertex, whatever the
// number of parts or the order of the edges. Every non-empty round hooks at least one root, and
// in practice halves them, so the rounds are few; messages carry only vertices with edges.
#ifndef SARING_PIPELINE_PART_COMPONENTS_H_
#define SARING_PIPELINE_PART_COMPONENTS_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

struct ComponentStats {
  uint64_t rounds = 0;      // hooking rounds
  uint64_t jumps = 0;       // pointer-jumping steps over all rounds
  uint64_t bytes_sent = 0;  // to other parts
};

// Every part calls it with the edges it holds (any order, repeats and loops allowed). Returns,
// sorted by vertex, (v, smallest vertex of v's component) for each vertex v of this part that
// has an edge to another vertex (on any part). Corruption for garbled messages.
Result<std::vector<std::pair<uint32_t, uint32_t>>> PartComponents(
    std::vector<std::pair<uint32_t, uint32_t>> edges, const std::function<int(uint32_t)>& owner,
    PartExchange* exchange, ComponentStats* stats);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PART_COMPONENTS_H_
