#include "saring/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "io/posix_io.h"

namespace saring {

using io_internal::ErrnoStatus;
using io_internal::ScopedFd;

namespace {

// Writes, syncs and closes `tmp`. The caller removes it on failure.
Status WriteAndSync(const std::string& tmp, std::string_view data) {
  ScopedFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return ErrnoStatus(errno, "cannot create", tmp);
  SARING_RETURN_IF_ERROR(io_internal::WriteAll(fd.get(), data, tmp));
  SARING_RETURN_IF_ERROR(io_internal::SyncFd(fd.get(), tmp));
  return fd.Close(tmp);
}

// mkdir(2) of one path; OK when it exists as a directory.
Status MakeOneDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0777) == 0) return Status::Ok();
  int err = errno;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return Status::IoError("cannot create directory '" + path + "': a file of that name exists");
  }
  return Status::IoError("cannot create directory '" + path + "': " + io_internal::ErrnoText(err));
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp";
  Status status = WriteAndSync(tmp, data);
  if (status.ok()) status = io_internal::RenameFile(tmp, path);
  if (!status.ok()) {
    ::unlink(tmp.c_str());
    return status;
  }
  return io_internal::SyncParentDirectory(path);
}

Status CreateDirectories(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("cannot create a directory with an empty name");
  // Create each prefix ending before a '/', then the whole path; "a//b" creates "a" twice (harmless).
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    SARING_RETURN_IF_ERROR(MakeOneDirectory(path.substr(0, pos)));
  }
  return MakeOneDirectory(path);
}

Result<std::string> ReadFileToString(const std::string& path) {
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "cannot open", path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "cannot stat", path);
  if (S_ISDIR(st.st_mode)) return Status::IoError("cannot read '" + path + "': it is a directory");
  constexpr size_t kChunk = 1 << 16;
  std::string out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size) + kChunk);
  // Read to end of file rather than trusting st_size: the file may grow, and /proc files report 0.
  while (true) {
    size_t old_size = out.size();
    out.resize(old_size + kChunk);
    long n = io_internal::ReadSome(fd.get(), out.data() + old_size, kChunk);
    if (n < 0) return ErrnoStatus(errno, "cannot read", path);
    out.resize(old_size + static_cast<size_t>(n));
    if (n == 0) break;
  }
  return out;
}

}  // namespace saring
