// Parquet values as JSON text.
//
// Private to src/io/parquet. Stateless; thread-safe.
#ifndef SARING_IO_PARQUET_PARQUET_VALUES_H_
#define SARING_IO_PARQUET_PARQUET_VALUES_H_

#include <string>
#include <string_view>

#include "io/parquet/parquet_meta.h"

namespace saring::parquet {

// Appends the JSON form of one value of column `e` (its bytes as the column cursor gives them):
// BOOLEAN true/false; integers as numbers (unsigned when annotated so); FLOAT/DOUBLE as numbers,
// null when not finite; DECIMAL as a number with its scale; DATE as "YYYY-MM-DD"; TIMESTAMP and
// INT96 as "YYYY-MM-DDTHH:MM:SS.fffffffffZ"-style strings; strings and ENUMs as strings; JSON
// columns spliced as they are (an empty one as null); UUID as its hex form; other binary as a
// string when it is UTF-8, else as base64.
void AppendValue(const SchemaElement& e, std::string_view v, std::string* out);

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_VALUES_H_
