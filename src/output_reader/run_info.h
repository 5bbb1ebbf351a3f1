// The run facts of an output folder (DIR/run-info.json: the tool, settings, inputs, timings of
// the phases), for showing: the ledger itself is RunStats (saring/run_stats.h).
//
// Thread-safety: a stateless function; safe from any thread.
#ifndef SARING_OUTPUT_READER_RUN_INFO_H_
#define SARING_OUTPUT_READER_RUN_INFO_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace saring::report {

// run-info.json as (key, display value) pairs in file order: strings as is, arrays of strings
// joined with ", ", phases ({"name", "wall_seconds", "cpu_seconds"}) as "name 1.23 s (4.56 CPU-s)",
// other values as JSON. Malformed or missing input gives an empty list.
std::vector<std::pair<std::string, std::string>> ParseRunInfo(std::string_view json);

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_RUN_INFO_H_
