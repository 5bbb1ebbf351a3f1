// The near-dup index a run writes (--update-index: the survivors appended to the --against
// index; options.build_index: a new index of them), shared by `saring run` and sharded runs
// (WriteIndexPart in saring/stages.h: the survivors' ids and signatures stream to part 0 in input
// order, in chunks; nothing else travels).
#ifndef SARING_PIPELINE_PARTITIONED_INDEX_H_
#define SARING_PIPELINE_PARTITIONED_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "saring/dedup_index.h"
#include "saring/status.h"

namespace saring::pipeline {

// Writes the index of the documents `ids` (signatures: ids.size() * params.num_perm values, in
// the same order) to `path` atomically: `archive`'s documents followed by these when archive is
// not null, else a new index with `params`. Returns the documents in the index written.
Result<uint64_t> WriteSurvivorIndex(const DedupIndexParams& params, const DedupIndex* archive,
                                    const std::vector<std::string>& ids,
                                    std::vector<uint32_t> signatures, const DedupIndexWords* words,
                                    const std::string& path);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_INDEX_H_
