// Whole-file helpers: atomic replacement, directory creation, whole-file reads.
//
// These are for small files (manifests, ledgers, configs, indexes written in one piece); streaming
// input goes through RecordReader and streaming output through ShardWriter.
//
// Thread-safety: every function is thread-safe, but two calls writing the same path at the same
// time race (they share the temporary name "<path>.tmp").
#ifndef SARING_FILE_UTIL_H_
#define SARING_FILE_UTIL_H_

#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring {

// Replaces the file at `path` with `data` so that a crash leaves either the old file or the new
// one, never a mix: writes "<path>.tmp", fsyncs it, renames it over `path`, then fsyncs the
// directory. The directory must exist. On failure the temporary file is removed and IoError
// (NotFound if the directory is missing) names the file and the system error.
Status WriteFileAtomically(const std::string& path, std::string_view data);

// Creates `path` and any missing parents (like `mkdir -p`), mode 0777 & ~umask. OK if it already
// is a directory. IoError naming the component that could not be created, or that exists and is
// not a directory.
Status CreateDirectories(const std::string& path);

// Returns the whole content of the file at `path`. NotFound if it does not exist; IoError naming
// the file for other failures. Cost: one allocation of the file's size.
Result<std::string> ReadFileToString(const std::string& path);

}  // namespace saring

#endif  // SARING_FILE_UTIL_H_
