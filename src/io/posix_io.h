// Small POSIX helpers shared by the io module: errno -> Status, whole writes, fsync, an owning fd.
//
// Private to src/io. All functions are thread-safe (they touch no shared state); a ScopedFd is not.
#ifndef SARING_IO_POSIX_IO_H_
#define SARING_IO_POSIX_IO_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring::io_internal {

// The text for errno value `err`, e.g. "No space left on device". Thread-safe.
std::string ErrnoText(int err);

// Builds "<what> '<path>': <errno text>" as NotFound for ENOENT and IoError otherwise.
Status ErrnoStatus(int err, std::string_view what, std::string_view path);

// Owns one file descriptor and closes it on destruction (ignoring close errors: call Close()
// when the result matters). Move-only: two owners would close the fd twice.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(ScopedFd&& other) noexcept : fd_(other.Release()) {}
  ScopedFd& operator=(ScopedFd&& other) noexcept;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  // Closes the fd; IoError naming `path` if close(2) reports a (deferred write) error.
  Status Close(std::string_view path);

 private:
  int fd_ = -1;
};

// Writes all of `data` to `fd`, retrying short writes and EINTR. IoError naming `path` on failure.
Status WriteAll(int fd, std::string_view data, std::string_view path);

// Reads up to `capacity` bytes, retrying EINTR. Returns the count (0 at end of file), or -1 with
// errno set.
long ReadSome(int fd, char* out, size_t capacity);

// fsync(2) of `fd`; IoError naming `path` on failure.
Status SyncFd(int fd, std::string_view path);

// Opens the directory holding `path` and fsyncs it, so that a rename or create inside it is
// durable. IoError naming the directory on failure.
Status SyncParentDirectory(const std::string& path);

// Renames `from` to `to` (same file system), replacing `to`. IoError naming both on failure.
Status RenameFile(const std::string& from, const std::string& to);

}  // namespace saring::io_internal

#endif  // SARING_IO_POSIX_IO_H_
