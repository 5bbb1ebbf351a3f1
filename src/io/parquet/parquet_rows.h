// Turning Parquet rows back into JSON objects.
//
// ParquetSchema is the file's schema as a tree, with each node's definition and repetition level.
// RowAssembler writes one row of a row group as a JSON object, one member per top-level column:
// scalars as JSON numbers, strings, booleans or null; LIST columns as arrays; MAP columns as
// objects (keys as strings); other groups as objects. Columns of the JSON logical type are
// spliced in as JSON. See docs/formats/parquet.md for the value mapping.
//
// Private to src/io/parquet. Not thread-safe.
#ifndef SARING_IO_PARQUET_PARQUET_ROWS_H_
#define SARING_IO_PARQUET_PARQUET_ROWS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/parquet/parquet_column.h"
#include "io/parquet/parquet_meta.h"

namespace saring::parquet {

struct SchemaNode {
  const SchemaElement* element = nullptr;
  std::vector<int> children;  // node indices
  int def = 0;                // definition level when this node is present
  int rep = 0;                // repetition level of this node's repeats
  int first_leaf = 0;
  int leaf_count = 0;
};

class ParquetSchema {
 public:
  // Builds the tree from the flattened schema (root first). Errors: a description of the defect.
  ParquetSchema() = default;
  ParquetSchema(const ParquetSchema&) = delete;  // nodes point into elements_
  ParquetSchema& operator=(const ParquetSchema&) = delete;

  bool Build(const std::vector<SchemaElement>& elements, std::string* error);

  const std::vector<SchemaNode>& nodes() const { return nodes_; }
  const std::vector<LeafInfo>& leaves() const { return leaves_; }
  const std::vector<int>& leaf_nodes() const { return leaf_nodes_; }

 private:
  bool BuildNode(const std::vector<SchemaElement>& elements, size_t* next, int def, int rep,
                 const std::string& path, int depth, int* out, std::string* error);

  std::vector<SchemaElement> elements_;  // the schema, root first
  std::vector<size_t> element_index_;    // node index -> index into elements_
  std::vector<SchemaNode> nodes_;        // nodes_[0] is the root
  std::vector<LeafInfo> leaves_;
  std::vector<int> leaf_nodes_;  // leaf index -> node index
};

class RowAssembler {
 public:
  RowAssembler(const ParquetSchema& schema, std::vector<std::unique_ptr<ColumnCursor>>* cursors)
      : schema_(schema), cursors_(cursors), entries_(schema.leaves().size()) {}

  // Appends the next row as a JSON object to *out. False at the end of the row group (when every
  // column has ended) or on an error (*error says what, naming column and byte offset).
  bool Next(std::string* out, std::string* error);

  // For files saring wrote (the footer names the column under kExtraColumnKey): top-level column
  // `node` (a child of the root) holds an object whose members are spread into the row's object
  // in its place, and top-level leaf columns that are null are left out (saring's writer leaves a
  // column null only when the record had no such member). -1: rows are written as they are.
  void SpreadColumn(int node) { spread_ = node; }

 private:
  struct Range {
    uint32_t begin, end;
  };
  bool Gather(std::string* error);
  bool EmitMembers(int node, std::vector<Range>& ranges, std::string* out);  // a group as an object
  bool EmitSpreadRow(std::vector<Range>& ranges, std::string* out);  // the root, SpreadColumn
  bool EmitField(int node, std::vector<Range>& ranges, std::string* out);
  bool EmitPresent(int node, std::vector<Range>& ranges, std::string* out);
  bool EmitRepeated(int rep_node, int element, std::vector<Range>& ranges, std::string* out);

  const ParquetSchema& schema_;
  std::vector<std::unique_ptr<ColumnCursor>>* cursors_;
  std::vector<std::vector<Entry>> entries_;  // per leaf: the current row's entries
  std::string error_;
  int spread_ = -1;
};

}  // namespace saring::parquet

#endif  // SARING_IO_PARQUET_PARQUET_ROWS_H_
