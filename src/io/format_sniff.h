// What a file is, from its first bytes (never from its name): the formats saring reads, and the
// common ones it does not, so that an image, an archive or an executable is refused with its name
// instead of being read as JSON lines.
//
// Private to src/io. Thread-safe (no shared state).
#ifndef SARING_IO_FORMAT_SNIFF_H_
#define SARING_IO_FORMAT_SNIFF_H_

#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring::io_internal {

enum class FileFormat : uint8_t {
  kJsonl,        // anything not recognised below: read as JSON lines (plain, gzip or zstd)
  kWarc,         // WARC or WET, plain or gzip (one member per record, or one for the file)
  kParquet,      // "PAR1"
  kUnsupported,  // a format saring cannot read; `what` names it
};

struct SniffResult {
  FileFormat format = FileFormat::kJsonl;
  std::string what;  // kUnsupported: e.g. "a ZIP archive", "a gzip-compressed tar archive"
};

// Classifies the first bytes of a file (up to 4 KiB are looked at; fewer is fine).
SniffResult SniffBytes(std::string_view head);

// Reads the first bytes of `path` (decompressing a gzip or zstd start) and classifies them. Errors
// only when the file cannot be opened or read (NotFound / IoError naming it).
Result<SniffResult> SniffFile(const std::string& path);
// As SniffFile, on an open file (read with pread at offset 0; the file position is untouched).
Result<SniffResult> SniffFd(int fd, const std::string& path);

// The refusal of an unsupported file: InvalidArgument naming `path` and `what`.
Status UnsupportedInput(const std::string& path, const std::string& what);

}  // namespace saring::io_internal

#endif  // SARING_IO_FORMAT_SNIFF_H_
