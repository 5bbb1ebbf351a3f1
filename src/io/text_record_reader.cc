// One record per text file. Files are opened one at a time, in the order of InputSpec::files.
// A file larger than max_record_bytes keeps only its prefix: for a regular file the size comes
// from fstat and the rest is never read; for anything else (or a file growing while read) the
// excess is read into a scratch block and counted.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "io/posix_io.h"
#include "io/record_readers.h"

namespace saring::io_internal {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

class TextFilesRecordReader final : public RecordReader {
 public:
  TextFilesRecordReader(const InputSpec& input, const ReaderOptions& options)
      : input_(input),
        options_(options),
        prefix_bytes_(std::min(options.too_long_prefix_bytes, options.max_record_bytes)) {}

  Result<bool> NextBatch(RecordBatch* batch) override;

 private:
  void ReadFile(uint32_t index, RecordBatch* batch);
  bool ReadContent(int fd, uint64_t size_hint, RecordRef* ref, RecordBatch* batch, int* err);
  static long ReadUpTo(int fd, uint64_t size_hint, uint64_t limit, std::string* data,
                       uint64_t* total);

  const InputSpec input_;
  const ReaderOptions options_;
  const uint64_t prefix_bytes_;
  size_t next_file_ = 0;
  std::unique_ptr<char[]> scratch_;  // excess bytes of too-long non-regular files
};

Result<bool> TextFilesRecordReader::NextBatch(RecordBatch* batch) {
  batch->Clear();
  while (next_file_ < input_.files.size() && batch->data.size() < options_.batch_bytes) {
    ReadFile(static_cast<uint32_t>(next_file_++), batch);
  }
  batch->data.append(kRecordPadding, '\0');
  return !batch->records.empty();
}

void TextFilesRecordReader::ReadFile(uint32_t index, RecordBatch* batch) {
  const std::string& path = input_.files[index];
  RecordRef& ref = batch->records.emplace_back();
  ref.begin = batch->data.size();
  ref.file_index = index;
  ref.format = RecordFormat::kTextFile;
  int err = 0;
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));  // a FIFO must not block
  struct stat st;
  bool ok = fd.valid() && ::fstat(fd.get(), &st) == 0;
  if (ok && !S_ISREG(st.st_mode)) {
    ref.status = RecordStatus::kStreamError;
    ref.error = "text file '" + path +
                "' is not a regular file (a pipe, socket or device); it is skipped. Name "
                "regular files, or copy the stream to a file first.";
    return;
  }
  if (!ok) {
    err = errno;
  } else {
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    uint64_t size_hint = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
    ok = ReadContent(fd.get(), size_hint, &ref, batch, &err);
  }
  if (!ok) {
    ref.status = RecordStatus::kStreamError;
    ref.error = "cannot read text file '" + path + "' (" + ErrnoText(err) + ") after " +
                std::to_string(ref.full_length) +
                " bytes; the file is skipped. Check that it exists and is readable.";
    return;
  }
  if (ref.full_length > options_.max_record_bytes) {
    ref.status = RecordStatus::kTooLong;
    ref.error = "text file '" + path + "' is " + std::to_string(ref.full_length) +
                " bytes, more than the limit of " + std::to_string(options_.max_record_bytes) +
                " bytes; only its first " + std::to_string(ref.length) +
                " bytes were kept. Raise the record size limit to read it whole.";
  }
}

// Appends the file's content and sets ref->length / full_length. At most max_record_bytes + 1
// bytes are held; a longer file is cut to its prefix. False on a read error, with errno in *err.
bool TextFilesRecordReader::ReadContent(int fd, uint64_t size_hint, RecordRef* ref,
                                        RecordBatch* batch, int* err) {
  const uint64_t max = options_.max_record_bytes;
  const bool known_too_long = size_hint > max;
  const uint64_t read_limit = known_too_long ? prefix_bytes_ : max + 1;
  uint64_t total = 0;
  long n = ReadUpTo(fd, size_hint, read_limit, &batch->data, &total);
  if (n >= 0 && known_too_long) {
    total = std::max(total, size_hint);  // the rest is never read
  } else if (n >= 0 && total > max) {    // not a regular file, or it grew: count the rest
    batch->data.resize(ref->begin + prefix_bytes_);
    if (!scratch_) scratch_.reset(new char[kChunkBytes]);
    while ((n = ReadSome(fd, scratch_.get(), kChunkBytes)) > 0) total += static_cast<uint64_t>(n);
  }
  if (n < 0) *err = errno;
  ref->length = batch->data.size() - ref->begin;
  ref->full_length = total;
  counters_.compressed_bytes += total;
  counters_.decompressed_bytes += total;
  return n >= 0;
}

// Appends bytes of `fd` to *data until end of file or until `limit` bytes were read, adding the
// count to *total. Returns the last read(2) result: >= 0, or -1 with errno set.
long TextFilesRecordReader::ReadUpTo(int fd, uint64_t size_hint, uint64_t limit, std::string* data,
                                     uint64_t* total) {
  long n = 0;
  while (*total < limit) {
    // A regular file is read in one call when it fits; +1 notices a file that grew meanwhile.
    uint64_t hinted = size_hint > *total ? size_hint - *total + 1 : 0;
    uint64_t want = std::min(std::max<uint64_t>(hinted, kChunkBytes), limit - *total);
    size_t old_size = data->size();
    data->resize(old_size + want);
    n = ReadSome(fd, data->data() + old_size, want);
    int read_errno = errno;
    data->resize(old_size + static_cast<size_t>(std::max(n, 0L)));
    errno = read_errno;
    if (n <= 0) break;
    *total += static_cast<uint64_t>(n);
  }
  return n;
}

}  // namespace

std::unique_ptr<RecordReader> NewTextFilesRecordReader(const InputSpec& input,
                                                       const ReaderOptions& options) {
  return std::make_unique<TextFilesRecordReader>(input, options);
}

}  // namespace saring::io_internal
