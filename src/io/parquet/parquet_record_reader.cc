// The Parquet RecordReader: each row becomes one JSON object record (parquet_rows.h), row groups
// in file order, each read column by column, page by page.
//
// A footer that cannot be read makes the whole file one kStreamError record. A row group that
// breaks (corrupt page, levels that disagree, too few rows) ends with one kStreamError record
// naming it, its rows not yet read and the page's byte offset; reading goes on with the next
// row group, whose position the footer gives. A file saring wrote (footer key saring.extra_column)
// has its `extra` column spread back into top-level fields (RowAssembler::SpreadColumn).
#include <sys/types.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "io/parquet/parquet_column.h"
#include "io/parquet/parquet_meta.h"
#include "io/parquet/parquet_rows.h"
#include "io/record_readers.h"

namespace saring::io_internal {
namespace {

using parquet::ColumnCursor;
using parquet::FileBytes;

constexpr uint64_t kMaxFooterBytes = 256ull << 20;

class ParquetRecordReader final : public RecordReader {
 public:
  ParquetRecordReader(std::string path, const ReaderOptions& options, ScopedFd fd, uint64_t size)
      : path_(std::move(path)),
        options_(options),
        prefix_bytes_(std::min(options.too_long_prefix_bytes, options.max_record_bytes)),
        fd_(std::move(fd)),
        file_(fd_.get(), size) {}

  Result<bool> NextBatch(RecordBatch* batch) override;

 private:
  bool ReadFooter(std::string* error);
  void StartGroup();
  void EndGroup() {
    assembler_.reset();
    cursors_.clear();
    rows_before_ += group_rows_;
    ++group_;
  }
  void AddRow(RecordBatch* batch, uint64_t begin);
  void AddError(RecordBatch* batch, const std::string& message);
  std::string GroupFailure(const std::string& detail) const;

  const std::string path_;
  const ReaderOptions options_;
  const uint64_t prefix_bytes_;
  ScopedFd fd_;
  FileBytes file_;
  bool started_ = false;
  bool done_ = false;
  parquet::FileMeta meta_;
  parquet::ParquetSchema schema_;
  int spread_node_ = -1;       // saring's own output: the `extra` column to spread (SpreadColumn)
  size_t group_ = 0;           // the row group being read (or next)
  uint64_t rows_before_ = 0;   // rows of the row groups before it, as the footer gives them
  uint64_t group_rows_ = 0;    // the footer's row count of the group being read
  uint64_t row_in_group_ = 0;  // rows of it read so far
  std::vector<std::unique_ptr<ColumnCursor>> cursors_;
  std::unique_ptr<parquet::RowAssembler> assembler_;
  std::string error_;
};

bool ParquetRecordReader::ReadFooter(std::string* error) {
  const uint64_t size = file_.size();
  std::string tail;
  if (size < 12) {
    *error = "is " + std::to_string(size) +
             " bytes, too short to be a Parquet file (it starts with PAR1)";
    return false;
  }
  if (!file_.Read(size - 8, 8, &tail, error)) return false;
  if (std::memcmp(tail.data() + 4, "PARE", 4) == 0) {
    *error = "is an encrypted Parquet file, which saring cannot read";
    return false;
  }
  if (std::memcmp(tail.data() + 4, parquet::kMagic, 4) != 0) {
    *error = "does not end with the Parquet magic bytes PAR1 at byte offset " +
             std::to_string(size - 4) + " (the file is truncated or not Parquet)";
    return false;
  }
  uint32_t footer_len;
  std::memcpy(&footer_len, tail.data(), 4);
  if (footer_len > size - 12 || footer_len > kMaxFooterBytes) {
    *error = "gives a footer length of " + std::to_string(footer_len) + " bytes at byte offset " +
             std::to_string(size - 8) + ", which does not fit the file (truncated or corrupt)";
    return false;
  }
  uint64_t footer_at = size - 8 - footer_len;
  std::string footer;
  if (!file_.Read(footer_at, footer_len, &footer, error)) return false;
  if (!parquet::DecodeFileMeta(reinterpret_cast<const uint8_t*>(footer.data()), footer.size(),
                               &meta_)) {
    *error =
        "has a corrupt footer (file metadata at byte offset " + std::to_string(footer_at) + ")";
    return false;
  }
  std::string why;
  if (!schema_.Build(meta_.schema, &why)) {
    *error = "has a schema saring cannot read (footer at byte offset " + std::to_string(footer_at) +
             "): " + why;
    return false;
  }
  // A file saring wrote names the column holding the record's other top-level members.
  for (const auto& [key, value] : meta_.key_value) {
    if (key != parquet::kExtraColumnKey) continue;
    for (int child : schema_.nodes()[0].children) {
      const parquet::SchemaNode& n = schema_.nodes()[child];
      if (n.element->name == value && n.children.empty() &&
          n.element->meaning == parquet::Meaning::kJson) {
        spread_node_ = child;
      }
    }
  }
  return true;
}

void ParquetRecordReader::StartGroup() {
  const parquet::RowGroupMeta& g = meta_.row_groups[group_];
  group_rows_ = g.num_rows > 0 ? static_cast<uint64_t>(g.num_rows) : 0;
  row_in_group_ = 0;
  cursors_.clear();
  if (g.columns.size() != schema_.leaves().size()) {
    error_ = GroupFailure("it has " + std::to_string(g.columns.size()) + " column chunks for " +
                          std::to_string(schema_.leaves().size()) + " columns");
    return;
  }
  for (size_t l = 0; l < g.columns.size(); ++l) {
    cursors_.push_back(std::make_unique<ColumnCursor>(&file_, schema_.leaves()[l], g.columns[l]));
  }
  assembler_ = std::make_unique<parquet::RowAssembler>(schema_, &cursors_);
  assembler_->SpreadColumn(spread_node_);
}

std::string ParquetRecordReader::GroupFailure(const std::string& detail) const {
  uint64_t first = rows_before_ + row_in_group_ + 1;
  uint64_t lost = group_rows_ > row_in_group_ ? group_rows_ - row_in_group_ : 0;
  return "input '" + path_ + "': Parquet row group " + std::to_string(group_) +
         " cannot be read: " + detail + ". Its rows from row " + std::to_string(first) + " on (" +
         std::to_string(lost) +
         " rows) were not read; the other row groups are read. Check the file (it is damaged, or "
         "uses a "
         "feature saring does not read) and write it again.";
}

void ParquetRecordReader::AddRow(RecordBatch* batch, uint64_t begin) {
  ++row_in_group_;
  uint64_t full = batch->data.size() - begin;
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = begin;
  ref.line = rows_before_ + row_in_group_;
  ref.byte_offset = cursors_.empty() ? 0 : cursors_[0]->page_offset();
  ref.full_length = full;
  counters_.decompressed_bytes += full;
  if (full > options_.max_record_bytes) {
    batch->data.resize(begin + prefix_bytes_);
    ref.status = RecordStatus::kTooLong;
    ref.error = "input '" + path_ + "' row " + std::to_string(ref.line) + " is " +
                std::to_string(full) + " bytes as JSON, more than the limit of " +
                std::to_string(options_.max_record_bytes) + " bytes; only its first " +
                std::to_string(prefix_bytes_) +
                " bytes were kept. Raise the record size limit to read it whole.";
  }
  ref.length = batch->data.size() - begin;
}

void ParquetRecordReader::AddError(RecordBatch* batch, const std::string& message) {
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = batch->data.size();
  ref.line = rows_before_ + row_in_group_ + 1;
  ref.byte_offset = cursors_.empty() ? 0 : cursors_[0]->page_offset();
  ref.status = RecordStatus::kStreamError;
  ref.error = message;
}

Result<bool> ParquetRecordReader::NextBatch(RecordBatch* batch) {
  batch->Clear();
  // The string keeps its capacity across Clear(): reserved once, never grown row by row.
  batch->data.reserve(std::min<uint64_t>(options_.batch_bytes, 64 << 20) + kRecordPadding);
  if (!started_) {
    started_ = true;
    std::string why;
    if (!ReadFooter(&why)) {
      AddError(batch, "input '" + path_ + "' " + why + "; none of its rows were read.");
      done_ = true;
    }
  }
  std::string why;
  while (!done_ && batch->data.size() < options_.batch_bytes) {
    if (!assembler_ && error_.empty()) {
      if (group_ >= meta_.row_groups.size()) {
        done_ = true;
        break;
      }
      StartGroup();
    }
    if (!error_.empty()) {
      AddError(batch, std::exchange(error_, ""));
      EndGroup();
      continue;
    }
    if (row_in_group_ >= group_rows_) {  // the footer's row count is read, whatever follows
      EndGroup();
      continue;
    }
    uint64_t begin = batch->data.size();
    if (assembler_->Next(&batch->data, &why)) {
      AddRow(batch, begin);
      continue;
    }
    batch->data.resize(begin);
    if (!why.empty()) {
      error_ = GroupFailure(why);
    } else if (row_in_group_ != group_rows_) {
      error_ = GroupFailure("its columns end after " + std::to_string(row_in_group_) + " of the " +
                            std::to_string(group_rows_) + " rows the footer gives");
    } else {
      EndGroup();
    }
  }
  counters_.compressed_bytes = file_.bytes_read();
  batch->data.append(kRecordPadding, '\0');
  return !batch->records.empty();
}

}  // namespace

std::unique_ptr<RecordReader> NewParquetRecordReader(std::string path, const ReaderOptions& options,
                                                     ScopedFd fd, uint64_t size) {
  return std::make_unique<ParquetRecordReader>(std::move(path), options, std::move(fd), size);
}

}  // namespace saring::io_internal
