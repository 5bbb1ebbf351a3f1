// Output shards as Parquet (output.format: parquet): the columns of each kind of shard, and the
// conversion of a batch's output lines into one Parquet row group.
//
// Kept and removed shards: <id_field> and <text_field> (STRING), <metadata_field> (JSON, with
// metadata.saring inside) and `extra` (JSON: an object of the record's other top-level members,
// null when there are none). Quarantine shards: file, error, message, raw, raw_base64 (STRING),
// line, byte_offset, length (INT64), raw_truncated and extra (JSON). A member whose value does not
// fit its column's type (an id that is a number) goes to `extra`. `extra` is marked spread: the
// footer names it (saring.extra_column) and saring's reader spreads it back. docs/formats/parquet.md.
//
// Thread-safety: the functions are safe from any thread (state is per thread).
#ifndef SARING_PIPELINE_PARQUET_OUTPUT_H_
#define SARING_PIPELINE_PARQUET_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "saring/parquet_writer.h"
#include "saring/run.h"
#include "saring/status.h"

namespace saring::pipeline {

// The columns of the shards of `kind` (kOutputKept, kOutputRemoved, kOutputQuarantine).
std::vector<ParquetColumn> ParquetOutputColumns(int kind, const RunOptions& options);

// Appends the row group holding the records of `jsonl` (whole output lines, as record_encoder.h
// writes them) to *out. Deterministic. Errors: Internal if a line is not a JSON object; those of
// RowGroupBuilder::Encode.
Status EncodeParquetBatch(int kind, std::string_view jsonl, const RunOptions& options,
                          std::string* out);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARQUET_OUTPUT_H_
