// The RecordReader implementations behind RecordReader::Open: JSON lines from a (possibly
// compressed) byte stream, WARC/WET records, and one record per text file.
//
// Private to src/io. Readers are not thread-safe.
#ifndef SARING_IO_RECORD_READERS_H_
#define SARING_IO_RECORD_READERS_H_

#include <memory>
#include <string>

#include "io/byte_source.h"
#include "saring/record_reader.h"

namespace saring::io_internal {

// A reader of the JSON lines in `raw`; `path` names the input in messages. Tests pass a RawInput
// that injects faults. REQUIRES: options.max_record_bytes > 0 and options.batch_bytes > 0.
std::unique_ptr<RecordReader> NewJsonlRecordReader(std::string path, const ReaderOptions& options,
                                                   std::unique_ptr<RawInput> raw);

// A reader of the WARC (or WET) records in the file `fd` (gzip members when `gzip`); see
// warc_record_reader.cc. REQUIRES: as above.
std::unique_ptr<RecordReader> NewWarcRecordReader(std::string path, const ReaderOptions& options,
                                                  ScopedFd fd, bool gzip);

// A reader yielding each of input.files as one record. REQUIRES: as above, and !input.files.empty().
std::unique_ptr<RecordReader> NewTextFilesRecordReader(const InputSpec& input,
                                                       const ReaderOptions& options);

// A reader of the rows of the Parquet file open on `fd` (`size` bytes), each as a JSON object
// record. REQUIRES: as above.
std::unique_ptr<RecordReader> NewParquetRecordReader(std::string path, const ReaderOptions& options,
                                                     ScopedFd fd, uint64_t size);

}  // namespace saring::io_internal

#endif  // SARING_IO_RECORD_READERS_H_
