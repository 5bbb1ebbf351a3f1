// RecordReader: reads the records of one input (a JSON-lines stream, or a folder of text files)
// in batches, in bounded memory.
//
// A JSONL input may be plain, gzip (also multi-member) or zstd (also multi-frame, with skippable
// frames); the compression is detected from the first bytes, never from the file name. Records
// are the lines of the decompressed stream split on '\n'. A text input yields one record per file.
//
// Bad data is never an error of the reader: a line longer than the limit becomes a kTooLong record
// holding a prefix, and a stream that breaks (truncated or corrupt compression, a read error)
// ends with one kStreamError record. Bytes after the last gzip member that are not another member
// (e.g. zero padding) are a corrupt stream too. A Status is returned only when the input cannot be
// opened.
//
// Thread-safety: a reader is used by one thread at a time; distinct readers are independent.
// Memory: about 2 MiB of buffers plus the batch (about batch_bytes, at most one record more).
#ifndef SARING_RECORD_READER_H_
#define SARING_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "saring/input.h"
#include "saring/status.h"

namespace saring {

enum class RecordStatus : uint8_t {
  kOk,
  kTooLong,      // longer than ReaderOptions::max_record_bytes; only a prefix is kept
  kStreamError,  // the stream broke here; this is the input's last record
  kDamaged,      // WARC/WET: a damaged record (or gzip member); reading went on after it
};

// What a record's bytes are, so that the worker knows how to turn them into a document.
enum class RecordFormat : uint8_t {
  kJsonLine,  // one JSON object
  kTextFile,  // the content of a text file
  kWarc,      // one whole WARC record (header and block) of a document type (warc_reader.h)
};

// Bytes of readable padding after the last record of RecordBatch::data (simdjson needs 64).
inline constexpr size_t kRecordPadding = 64;

// True if [p, p + n) holds only spaces, tabs, CR, form feeds and vertical tabs (or nothing). Such
// a JSONL line is not a record: readers count it in ReaderCounters::blank_lines.
bool IsBlankLine(const char* p, size_t n);

// Where one record is and what happened to it.
struct RecordRef {
  uint64_t begin = 0;   // offset of the record's bytes in RecordBatch::data
  uint64_t length = 0;  // bytes available in data (kTooLong: only a prefix is kept)
  uint64_t line = 0;    // 1-based line number in the (decompressed) stream; 0 for text files
  uint64_t byte_offset =
      0;  // offset of the record's first byte in the decompressed stream (0 for text files)
  uint64_t full_length = 0;  // real length of the record (> length for kTooLong)
  uint32_t file_index = 0;   // kTextFiles: index into InputSpec::files; else 0
  RecordStatus status = RecordStatus::kOk;
  RecordFormat format = RecordFormat::kJsonLine;
  // kWarc: offset in the file of the gzip member holding the record's first byte (the record's
  // own offset in an uncompressed file): where `zcat`/`dd` finds the original.
  uint64_t file_offset = 0;
  std::string
      error;  // for non-OK: a message for a person (what, where, what to do), names the file
};

// A batch of records. The bytes of record r are data.substr(r.begin, r.length); they exclude the
// line's '\n' and a trailing '\r'. data ends with kRecordPadding zero bytes after the last
// record, so every record may be parsed in place by simdjson (padded_string_view).
struct RecordBatch {
  std::string data;
  std::vector<RecordRef> records;
  // Empties the batch, keeping the allocated capacity for reuse.
  void Clear();
};

struct ReaderOptions {
  uint64_t max_record_bytes = 64ull
                              << 20;  // longer lines/files -> kTooLong, read in bounded memory
  uint64_t too_long_prefix_bytes =
      64 << 10;  // bytes of a too-long record that are kept (capped at max_record_bytes)
  uint64_t batch_bytes =
      1 << 20;  // target bytes per batch (a batch ends after the record reaching it)
};

enum class Compression : uint8_t { kNone, kGzip, kZstd };

// What a reader has seen so far.
struct ReaderCounters {
  uint64_t blank_lines = 0;       // empty or whitespace-only lines skipped (JSONL only)
  uint64_t compressed_bytes = 0;  // bytes of the file(s) consumed (read, or skipped past the limit)
  uint64_t decompressed_bytes = 0;  // bytes of the decompressed stream(s), BOM included
  Compression compression = Compression::kNone;  // detected from magic bytes; kNone for text files
  // WARC/WET: records that are not documents (warcinfo, request, metadata, a response that is
  // not an HTML page...), by kind; they are not records of the ledger.
  std::map<std::string, uint64_t> skipped_records;
};

class RecordReader {
 public:
  // Opens `input` (its kind decides the format). Errors: NotFound / IoError naming the path and
  // the system error if a JSONL file cannot be opened; InvalidArgument for max_record_bytes == 0,
  // batch_bytes == 0 or a kTextFiles input with no files. Text files are opened one at a time
  // while reading, and a text file that cannot be read becomes a kStreamError record.
  static Result<std::unique_ptr<RecordReader>> Open(const InputSpec& input,
                                                    const ReaderOptions& options);

  RecordReader(const RecordReader&) = delete;  // owns file descriptors and large buffers
  RecordReader& operator=(const RecordReader&) = delete;
  virtual ~RecordReader() = default;

  // Clears *batch and fills it with the next records (about batch_bytes). Returns false when the
  // input is exhausted and the batch is empty. Never fails for bad data: a truncated/corrupt gzip
  // or zstd stream, or a read error mid-file, yields a final kStreamError record holding the partial
  // last line (possibly empty) and a message with the compressed byte offset; records before the
  // break are returned normally. A text file that cannot be opened/read yields a kStreamError
  // record for that file and reading goes on with the next file.
  virtual Result<bool> NextBatch(RecordBatch* batch) = 0;

  const ReaderCounters& counters() const { return counters_; }

 protected:
  RecordReader() = default;
  ReaderCounters counters_;
};

}  // namespace saring

#endif  // SARING_RECORD_READER_H_
