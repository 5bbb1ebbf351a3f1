// The near-dup index a run writes (--update-index: the survivors appended to the --against
// index; options.build_index: a new index of them), shared by `saring run` and sharded runs
// (WriteIndexPart in saring/stages.h: the survivors' ids and signatures stream to part 0 in input
// order, in chunks; nothing else travels).
#ifndef SARING_PIPELINE_PARTITIONED_INDEX_H_
#define SARING_PIPELINE_PARTITIONED_INDEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "saring/dedup_index.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

// Writes the index of the documents `ids` (signatures: ids.size() * params.num_perm values, in
// the same order) to `path` atomically: `archive`'s documents followed by these when archive is
// not null, else a new index with `params`. Returns the documents in the index written.
Result<uint64_t> WriteSurvivorIndex(const DedupIndexParams& params, const DedupIndex* archive,
                                    const std::vector<std::string>& ids,
                                    std::vector<uint32_t> signatures, const DedupIndexWords* words,
                                    const std::string& path);

class SignRecordReader;
class DecisionReader;

// Where WriteIndexOfParts reads input i's sign records and decisions (this part's inputs only).
struct IndexSources {
  std::function<std::unique_ptr<SignRecordReader>(size_t input)> signatures;
  std::function<std::unique_ptr<DecisionReader>(size_t input)> decisions;
};

// WriteIndexPart (saring/stages.h) over `sources`. *exchanged (when not null) tells whether the
// part got past its last exchange: a later failure (part 0 loading the archive, building or
// writing the index) leaves no other part waiting.
Result<uint64_t> WriteIndexOfParts(const RunOptions& options, const IndexSources& sources,
                                   size_t inputs, PartExchange* exchange, bool* exchanged);

// WriteIndexOfParts with the sign records in SIGN_FOLDER/IIIII.bin and the decisions in the
// decisions stage files WORK/decisions/IIIII.bin (DecidePartToFolder).
Status WriteIndexFromDecisionFiles(const RunOptions& options, const std::string& sign_folder,
                                   const std::string& work, size_t inputs, PartExchange* exchange,
                                   bool* exchanged);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_INDEX_H_
