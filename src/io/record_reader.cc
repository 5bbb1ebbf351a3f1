// RecordReader::Open: validates the options and picks the implementation for the input's kind.
#include "saring/record_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/format_sniff.h"
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
  // A FIFO, device or socket could block open() or read() forever; saring reads files.
  // O_NONBLOCK makes open() of a FIFO return at once, and the check below refuses it.
  io_internal::ScopedFd fd(::open(input.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return io_internal::ErrnoStatus(errno, "cannot open input", input.path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    return io_internal::ErrnoStatus(errno, "cannot stat input", input.path);
  if (!S_ISREG(st.st_mode)) {
    return Status::IoError("input " + input.path +
                           " is not a regular file (a FIFO, device or socket); give saring files");
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  // A hint only (doubles the kernel's read-ahead); failure is harmless.
  (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  // The format comes from the first bytes, never from the name (format_sniff.h).
  SARING_ASSIGN_OR_RETURN(io_internal::SniffResult format,
                          io_internal::SniffFd(fd.get(), input.path));
  switch (format.format) {
    case io_internal::FileFormat::kWarc: {
      char magic[2] = {0, 0};
      bool gzip = ::pread(fd.get(), magic, 2, 0) == 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
      return io_internal::NewWarcRecordReader(input.path, options, std::move(fd), gzip);
    }
    case io_internal::FileFormat::kParquet:
      return io_internal::NewParquetRecordReader(input.path, options, std::move(fd),
                                                 static_cast<uint64_t>(st.st_size));
    case io_internal::FileFormat::kUnsupported:
      return io_internal::UnsupportedInput(input.path, format.what);
    case io_internal::FileFormat::kJsonl: break;
  }
  return io_internal::NewJsonlRecordReader(input.path, options,
                                           io_internal::NewFdRawInput(std::move(fd)));
}

}  // namespace saring
