// The whole-file helpers of saring/file_util.h: the POSIX Env's (util/env.h), so that the
// library has one implementation of atomic replacement, folder creation and whole-file reads.
#include "saring/file_util.h"

#include "util/env.h"

namespace saring {

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  return WriteFileAtomically(Env::Default(), path, data);
}

Status CreateDirectories(const std::string& path) {
  return CreateDirectories(Env::Default(), path);
}

Result<std::string> ReadFileToString(const std::string& path) {
  return Env::Default()->ReadFile(path);
}

}  // namespace saring
