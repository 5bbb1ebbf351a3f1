// The helpers of env.h built on any Env.
#include "util/env.h"

namespace saring {
namespace {

std::string ParentOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Writes and syncs `tmp`; the caller removes it on failure.
Status WriteAndSync(Env* env, const std::string& tmp, std::string_view data) {
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, env->NewWritableFile(tmp));
  SARING_RETURN_IF_ERROR(file->Append(data));
  SARING_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

Status WriteFileAtomically(Env* env, const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  Status s = WriteAndSync(env, tmp, data);
  if (s.ok()) s = env->RenameFile(tmp, path);
  if (!s.ok()) {
    // The first failure is the one to report; the temporary file may not even exist.
    (void)env->RemoveFile(tmp);
    return s;
  }
  Status synced = env->SyncDir(ParentOf(path));
  if (!synced.ok()) {
    return Status::IoError(path + " was written but may not survive a crash: " + synced.message());
  }
  return Status::Ok();
}

Status CreateDirectories(Env* env, const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("cannot create a folder with an empty name");
  // Each prefix ending before a '/', then the whole path.
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    SARING_RETURN_IF_ERROR(env->CreateDir(path.substr(0, pos)));
  }
  return env->CreateDir(path);
}

Status RemoveAll(Env* env, const std::string& path) {
  Result<FileInfo> info = env->Stat(path);
  if (info.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (!info.ok()) return info.status();
  if (info->symlink || info->type != FileType::kDirectory) return env->RemoveFile(path);
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> names, env->ListDir(path));
  std::string child = path + "/";
  for (const std::string& name : names) {
    child.resize(path.size() + 1);
    child += name;
    SARING_RETURN_IF_ERROR(RemoveAll(env, child));
  }
  return env->RemoveDir(path);
}

Result<bool> PathExists(Env* env, const std::string& path) {
  Result<FileInfo> info = env->Stat(path);
  if (info.ok()) return true;
  if (info.status().code() == StatusCode::kNotFound) return false;
  return info.status();
}

}  // namespace saring
