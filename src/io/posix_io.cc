#include "io/posix_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace saring::io_internal {

std::string ErrnoText(int err) {
  // std::generic_category().message() is thread-safe, unlike strerror(3).
  return std::generic_category().message(err);
}

Status ErrnoStatus(int err, std::string_view what, std::string_view path) {
  std::string msg(what);
  msg += " '";
  msg += path;
  msg += "': ";
  msg += ErrnoText(err);
  if (err == ENOENT) return Status::NotFound(std::move(msg));
  return Status::IoError(std::move(msg));
}

ScopedFd& ScopedFd::operator=(ScopedFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.Release();
  }
  return *this;
}

ScopedFd::~ScopedFd() {
  if (fd_ >= 0) ::close(fd_);
}

int ScopedFd::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

Status ScopedFd::Close(std::string_view path) {
  if (fd_ < 0) return Status::Ok();
  // close(2) must not be retried on EINTR on Linux: the fd is released either way.
  int rc = ::close(Release());
  if (rc != 0 && errno != EINTR) return ErrnoStatus(errno, "cannot close", path);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, std::string_view path) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot write", path);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

long ReadSome(int fd, char* out, size_t capacity) {
  while (true) {
    ssize_t n = ::read(fd, out, capacity);
    if (n >= 0 || errno != EINTR) return static_cast<long>(n);
  }
}

Status SyncFd(int fd, std::string_view path) {
  if (::fsync(fd) != 0) return ErrnoStatus(errno, "cannot fsync", path);
  return Status::Ok();
}

Status SyncParentDirectory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  ScopedFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "cannot open directory", dir);
  SARING_RETURN_IF_ERROR(SyncFd(fd.get(), dir));
  return fd.Close(dir);
}

Status RenameFile(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus(errno, "cannot rename '" + from + "' to", to);
  }
  return Status::Ok();
}

}  // namespace saring::io_internal
