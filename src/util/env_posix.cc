// The POSIX Env (Env::Default()): open(2), pwrite(2), fsync(2), rename(2), flock(2), ...
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/env.h"

namespace saring {
namespace {

// "cannot <action> <path>: <strerror>", NotFound for ENOENT and IoError otherwise.
Status PosixError(int err, std::string_view action, std::string_view path) {
  std::string msg =
      "cannot " + std::string(action) + " " + std::string(path) + ": " + std::strerror(err);
  return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
}

// Writes all of `data` at `offset` (or at the end when offset < 0), retrying short writes.
Status WriteFully(int fd, std::string_view data, int64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = offset < 0 ? ::write(fd, data.data() + done, data.size() - done)
                           : ::pwrite(fd, data.data() + done, data.size() - done,
                                      static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError(errno, "write", path);
    if (n == 0) return PosixError(ENOSPC, "write", path);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

class PosixWritableFile : public WritableFile {
 public:
  PosixWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Append(std::string_view data) override { return WriteFully(fd_, data, -1, path_); }
  Status Sync() override {
    return ::fsync(fd_) == 0 ? Status::Ok() : PosixError(errno, "sync", path_);
  }
  Status Close() override {
    int fd = fd_;
    fd_ = -1;
    return fd < 0 || ::close(fd) == 0 ? Status::Ok() : PosixError(errno, "close", path_);
  }
  const std::string& path() const override { return path_; }

 private:
  int fd_;
  std::string path_;
};

class PosixScratchFile : public ScratchFile {
 public:
  PosixScratchFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~PosixScratchFile() override { ::close(fd_); }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    return WriteFully(fd_, data, static_cast<int64_t>(offset), name_);
  }
  Status ReadAt(uint64_t offset, size_t n, char* out) const override {
    while (n > 0) {
      ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return PosixError(errno, "read back", name_);
      if (got == 0)
        return Status::IoError("cannot read back " + name_ + ": the file is shorter than written");
      out += got;
      offset += static_cast<uint64_t>(got);
      n -= static_cast<size_t>(got);
    }
    return Status::Ok();
  }
  Status Truncate(uint64_t size) override {
    return ::ftruncate(fd_, static_cast<off_t>(size)) == 0 ? Status::Ok()
                                                           : PosixError(errno, "truncate", name_);
  }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
};

class PosixFileLock : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { ::close(fd_); }  // closing releases the flock

 private:
  int fd_;
};

class PosixEnv : public Env {
 public:
  Result<std::string> ReadFile(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError(errno, "open", path);
    std::string out;
    Status s = ReadAll(fd, path, &out);
    ::close(fd);
    if (!s.ok()) return s;
    return out;
  }

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return OpenForWriting(path, O_TRUNC);
  }
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    return OpenForWriting(path, O_APPEND);
  }

  Result<std::unique_ptr<ScratchFile>> NewScratchFile(const std::string& dir,
                                                      std::string_view what) override {
    std::string name = std::string(what) + " in " + dir;
    if (dir.empty()) {
      return Status::InvalidArgument("no folder given for the scratch file of " +
                                     std::string(what) + " (set run.work_dir)");
    }
    std::string path = dir + "/saring-spill-XXXXXX";
    int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) return PosixError(errno, "create a file for " + std::string(what) + " in", dir);
    ::unlink(path.c_str());
    return std::unique_ptr<ScratchFile>(new PosixScratchFile(fd, std::move(name)));
  }

  Result<FileInfo> Stat(const std::string& path) override {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return PosixError(errno, "stat", path);
    FileInfo info;
    info.symlink = S_ISLNK(st.st_mode);
    if (info.symlink && ::stat(path.c_str(), &st) != 0) return info;  // a dangling link
    info.type = S_ISREG(st.st_mode)   ? FileType::kRegular
                : S_ISDIR(st.st_mode) ? FileType::kDirectory
                                      : FileType::kOther;
    info.size = static_cast<uint64_t>(st.st_size);
    info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return info;
  }

  Result<std::vector<std::string>> ListDir(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return PosixError(errno, "list", dir);
    std::vector<std::string> names;
    errno = 0;
    while (struct dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
      errno = 0;
    }
    int err = errno;
    ::closedir(d);
    if (err != 0) return PosixError(err, "list", dir);
    std::sort(names.begin(), names.end());
    return names;
  }

  Status CreateDir(const std::string& path) override {
    if (::mkdir(path.c_str(), 0777) == 0) return Status::Ok();
    int err = errno;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return Status::Ok();
      return Status::IoError("cannot create folder " + path + ": a file of that name exists");
    }
    return PosixError(err, "create folder", path);
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) == 0) return Status::Ok();
    return PosixError(errno, "rename " + from + " to", to);
  }

  Status RemoveFile(const std::string& path) override {
    return ::unlink(path.c_str()) == 0 ? Status::Ok() : PosixError(errno, "remove", path);
  }

  Status RemoveDir(const std::string& path) override {
    return ::rmdir(path.c_str()) == 0 ? Status::Ok() : PosixError(errno, "remove folder", path);
  }

  Status SyncDir(const std::string& dir) override {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return PosixError(errno, "open folder", dir);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    // Some file systems cannot sync a folder (EINVAL); that is not a failure of the write.
    return rc == 0 || err == EINVAL ? Status::Ok() : PosixError(err, "sync folder", dir);
  }

  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, std::string_view owner,
                                             std::string* holder) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return PosixError(errno, "create lock", path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      if (err == EWOULDBLOCK) {
        char buf[64] = {0};
        ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
        *holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
      }
      ::close(fd);
      if (err == EWOULDBLOCK) return Status::FailedPrecondition(path + " is locked by " + *holder);
      return PosixError(err, "lock", path);
    }
    if (::ftruncate(fd, 0) != 0) {
      int err = errno;
      ::close(fd);
      return PosixError(err, "write", path);
    }
    Status s = WriteFully(fd, owner, 0, path);
    if (!s.ok()) {
      ::close(fd);
      return s;
    }
    return std::unique_ptr<FileLock>(new PosixFileLock(fd));
  }

 private:
  static Status ReadAll(int fd, const std::string& path, std::string* out) {
    struct stat st;
    if (::fstat(fd, &st) != 0) return PosixError(errno, "stat", path);
    if (S_ISDIR(st.st_mode)) return Status::IoError("cannot read " + path + ": it is a folder");
    constexpr size_t kChunk = 1 << 16;
    // To the end of the file rather than st_size: the file may grow, and /proc files report 0.
    while (true) {
      size_t old = out->size();
      out->resize(old + kChunk);
      ssize_t n = ::read(fd, out->data() + old, kChunk);
      if (n < 0 && errno == EINTR) {
        out->resize(old);
        continue;
      }
      if (n < 0) return PosixError(errno, "read", path);
      out->resize(old + static_cast<size_t>(n));
      if (n == 0) return Status::Ok();
    }
  }

  static Result<std::unique_ptr<WritableFile>> OpenForWriting(const std::string& path, int mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0644);
    if (fd < 0) return PosixError(errno, "create", path);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, path));
  }
};

}  // namespace

Env* Env::Default() {
  static Env* const env = new PosixEnv;  // never destroyed: usable from static destructors
  return env;
}

}  // namespace saring
