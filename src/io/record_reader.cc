// RecordReader::Open: validates the options and picks the implementation for the input's kind.
#include "saring/record_reader.h"

#include <fcntl.h>

#include <cerrno>

#include "io/posix_io.h"
#include "io/record_readers.h"

namespace saring {

void RecordBatch::Clear() {
  data.clear();
  records.clear();
}

Result<std::unique_ptr<RecordReader>> RecordReader::Open(const InputSpec& input,
                                                         const ReaderOptions& options) {
  if (options.max_record_bytes == 0 || options.batch_bytes == 0) {
    return Status::InvalidArgument("reader options: max_record_bytes and batch_bytes must be > 0");
  }
  if (input.kind == InputKind::kTextFiles) {
    if (input.files.empty()) {
      return Status::InvalidArgument("text input '" + input.path + "' lists no files");
    }
    return io_internal::NewTextFilesRecordReader(input, options);
  }
  io_internal::ScopedFd fd(::open(input.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return io_internal::ErrnoStatus(errno, "cannot open input", input.path);
  // A hint only (doubles the kernel's read-ahead); failure is harmless.
  (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  return io_internal::NewJsonlRecordReader(input.path, options,
                                           io_internal::NewFdRawInput(std::move(fd)));
}

}  // namespace saring
