// Each output line is parsed once with the simdjson DOM (for the unescaped strings and the
// integers) and scanned once for the byte extents of its members (so JSON columns and `extra`
// carry the line's own bytes, not a re-serialisation).
#include "pipeline/parquet_output.h"

#include <simdjson.h>

#include "pipeline/json_text.h"
#include "pipeline/output_folder.h"

namespace saring::pipeline {

std::vector<ParquetColumn> ParquetOutputColumns(int kind, const RunOptions& options) {
  using K = ParquetColumnKind;
  if (kind == kOutputQuarantine) {
    return {{"file", K::kString},        {"line", K::kInt64},     {"byte_offset", K::kInt64},
            {"error", K::kString},       {"message", K::kString}, {"length", K::kInt64},
            {"raw_truncated", K::kJson}, {"raw", K::kString},     {"raw_base64", K::kString},
            {"extra", K::kJson, true}};
  }
  return {{options.id_field, K::kString},
          {options.text_field, K::kString},
          {options.metadata_field, K::kJson},
          {"extra", K::kJson, true}};
}

Status EncodeParquetBatch(int kind, std::string_view jsonl, const RunOptions& options,
                          std::string* out) {
  thread_local simdjson::dom::parser parser;
  thread_local RowGroupBuilder builder;
  thread_local JsonObjectExtent extent;
  thread_local std::string extra;
  const std::vector<ParquetColumn> columns = ParquetOutputColumns(kind, options);
  const size_t extra_column = columns.size() - 1;
  builder.Reset(columns);
  std::vector<bool> set(columns.size());
  size_t pos = 0;
  while (pos < jsonl.size()) {
    size_t nl = jsonl.find('\n', pos);
    if (nl == std::string_view::npos) nl = jsonl.size();
    std::string_view line = jsonl.substr(pos, nl - pos);
    pos = nl + 1;
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size(), true).get(object) != simdjson::SUCCESS ||
        !ScanObject(line, 0, &extent)) {
      return Status::Internal("an output line is not a JSON object: " +
                              std::string(line.substr(0, 200)));
    }
    std::fill(set.begin(), set.end(), false);
    extra.clear();
    size_t m = 0;
    for (auto [key, value] : object) {
      if (m >= extent.members.size())
        return Status::Internal("the output line scan disagrees with its parse");
      const JsonMember& member = extent.members[m++];
      std::string_view raw = line.substr(member.value_begin, member.value_end - member.value_begin);
      size_t c = 0;
      while (c < extra_column && columns[c].name != key) ++c;
      bool placed = false;
      if (c < extra_column && !set[c]) {
        std::string_view s;
        int64_t i = 0;
        switch (columns[c].kind) {
          case ParquetColumnKind::kString:
            placed = value.get(s) == simdjson::SUCCESS;
            if (placed) builder.SetBytes(c, s);
            break;
          case ParquetColumnKind::kInt64:
            placed = value.get(i) == simdjson::SUCCESS;
            if (placed) builder.SetInt(c, i);
            break;
          case ParquetColumnKind::kJson:
            builder.SetBytes(c, raw);
            placed = true;
            break;
        }
        set[c] = placed;
      }
      if (placed) continue;
      extra.push_back(extra.empty() ? '{' : ',');
      extra.append(line.substr(member.key_begin, member.key_end - member.key_begin));
      extra.push_back(':');
      extra.append(raw);
    }
    if (!extra.empty()) {
      extra.push_back('}');
      builder.SetBytes(extra_column, extra);
    }
    builder.EndRow();
  }
  return builder.Encode(options.output.zstd_level, out);
}

}  // namespace saring::pipeline
