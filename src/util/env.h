// Env: the file system as the pipeline's small files and spill files see it, behind an interface
// (in the manner of leveldb's Env), so that a test can put a fault-injecting Env (fault_env.h)
// where the real one goes and check that every failure becomes a Status naming the file.
//
// Env::Default() is the POSIX file system. Every error names the file (or folder) and the system
// error, as "cannot <action> <path>: <strerror>"; a missing file is NotFound, anything else
// IoError. Streaming input (RecordReader) and shard output (ShardWriter) do not go through Env.
//
// Thread-safety: Env::Default() and every Env method are thread-safe; a WritableFile or a
// ScratchFile is used by one thread at a time.
#ifndef SARING_UTIL_ENV_H_
#define SARING_UTIL_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

// A file written from its start (or its current end) to its end.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of `data` at the end of the file (retrying short writes).
  virtual Status Append(std::string_view data) = 0;
  // Makes what was appended durable (fsync).
  virtual Status Sync() = 0;
  // Closes the file; IoError if a deferred write failed. Destroying an open file closes it and
  // drops that error, so call Close() when the result matters.
  virtual Status Close() = 0;
  virtual const std::string& path() const = 0;
};

// A scratch file for spilled data: created in a folder and unlinked at once, so it vanishes with
// its owner (or the process); written, read and cut short at any offset.
class ScratchFile {
 public:
  virtual ~ScratchFile() = default;
  // Writes all of `data` at `offset`.
  virtual Status WriteAt(uint64_t offset, std::string_view data) = 0;
  // Reads exactly `n` bytes at `offset` into `out`; IoError if the file holds fewer.
  virtual Status ReadAt(uint64_t offset, size_t n, char* out) const = 0;
  // Drops every byte at and after `size`.
  virtual Status Truncate(uint64_t size) = 0;
  // "<what> in <folder>", for messages.
  virtual const std::string& name() const = 0;
};

// An exclusive advisory lock on a file, held until destroyed (the kernel drops it with the
// process).
class FileLock {
 public:
  virtual ~FileLock() = default;
};

enum class FileType { kRegular, kDirectory, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // modification time, nanoseconds since the epoch
  bool symlink = false;  // `path` itself is a symbolic link (the rest describes its target)
};

class Env {
 public:
  virtual ~Env() = default;

  // The POSIX file system; never null, never destroyed.
  static Env* Default();

  // The whole content of the file at `path`.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Creates `path` (mode 0644), or empties it if it exists, for writing.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  // Opens `path` for appending, creating it if absent.
  virtual Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) = 0;
  // A new scratch file in folder `dir`; `what` names its content in messages. InvalidArgument if
  // `dir` is empty: there is no default folder.
  virtual Result<std::unique_ptr<ScratchFile>> NewScratchFile(const std::string& dir,
                                                              std::string_view what) = 0;
  // Type, size and modification time of `path` (following symlinks). NotFound if absent.
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  // The names in folder `dir` (without "." and ".."), sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  // Creates the folder `path` (its parent must exist); OK if it already is a folder.
  virtual Status CreateDir(const std::string& path) = 0;
  // Renames `from` to `to`, replacing `to`; IoError naming both.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Removes the file `path`; NotFound if absent.
  virtual Status RemoveFile(const std::string& path) = 0;
  // Removes the empty folder `path`; NotFound if absent.
  virtual Status RemoveDir(const std::string& path) = 0;
  // fsyncs the folder `dir`, so that a rename or create inside it is durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Takes an exclusive lock on `path` (created if absent) and writes `owner` into it. When another
  // process holds it: FailedPrecondition, with the holder's `owner` text in *holder.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path,
                                                     std::string_view owner,
                                                     std::string* holder) = 0;
};

// Helpers built on an Env.

// Replaces the file at `path` with `data` so that a crash or a failure leaves the old file or the
// new one, never a mix: writes "<path>.tmp", syncs it, renames it over `path`, syncs the folder.
// On failure the temporary file is removed and the Status names the file that failed.
Status WriteFileAtomically(Env* env, const std::string& path, std::string_view data);

// Creates `path` and its missing parents (like mkdir -p).
Status CreateDirectories(Env* env, const std::string& path);

// Removes `path` and, if it is a folder, everything in it (a symbolic link is removed, not
// followed). OK if it does not exist.
Status RemoveAll(Env* env, const std::string& path);

// Whether `path` exists; an error other than NotFound is returned as is.
Result<bool> PathExists(Env* env, const std::string& path);

}  // namespace saring

#endif  // SARING_UTIL_ENV_H_
