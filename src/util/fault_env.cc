// FaultInjectionEnv: see fault_env.h.
#include "util/fault_env.h"

#include <cerrno>
#include <cstring>

namespace saring {
namespace {

bool Applies(Fault fault, FaultInjectionEnv::Op op) {
  using Op = FaultInjectionEnv::Op;
  switch (fault) {
    case Fault::kNone: return false;
    case Fault::kNoSpace: return op == Op::kWrite || op == Op::kCreate || op == Op::kSync;
    case Fault::kIoError: return true;
    case Fault::kShortWrite: return op == Op::kWrite;
    case Fault::kFailedRename: return op == Op::kRename;
  }
  return false;
}

int ErrnoOf(Fault fault) {
  switch (fault) {
    case Fault::kNoSpace:
    case Fault::kShortWrite: return ENOSPC;
    case Fault::kFailedRename: return EACCES;
    default: return EIO;
  }
}

class FaultWritableFile : public WritableFile {
 public:
  FaultWritableFile(FaultInjectionEnv* env, std::unique_ptr<WritableFile> base)
      : env_(env), base_(std::move(base)) {}
  Status Append(std::string_view data) override {
    bool partial = false;
    Status s = env_->Check(FaultInjectionEnv::Op::kWrite, "write", path(), &partial);
    if (partial) (void)base_->Append(data.substr(0, data.size() / 2));
    return s.ok() ? base_->Append(data) : s;
  }
  Status Sync() override {
    Status s = env_->Check(FaultInjectionEnv::Op::kSync, "sync", path());
    return s.ok() ? base_->Sync() : s;
  }
  Status Close() override {
    Status closed = base_->Close();  // the descriptor is released whatever the fault
    Status s = env_->Check(FaultInjectionEnv::Op::kOther, "close", path());
    return s.ok() ? closed : s;
  }
  const std::string& path() const override { return base_->path(); }

 private:
  FaultInjectionEnv* env_;
  std::unique_ptr<WritableFile> base_;
};

class FaultScratchFile : public ScratchFile {
 public:
  FaultScratchFile(FaultInjectionEnv* env, std::unique_ptr<ScratchFile> base)
      : env_(env), base_(std::move(base)) {}
  Status WriteAt(uint64_t offset, std::string_view data) override {
    bool partial = false;
    Status s = env_->Check(FaultInjectionEnv::Op::kWrite, "write", name(), &partial);
    if (partial) (void)base_->WriteAt(offset, data.substr(0, data.size() / 2));
    return s.ok() ? base_->WriteAt(offset, data) : s;
  }
  Status ReadAt(uint64_t offset, size_t n, char* out) const override {
    Status s = env_->Check(FaultInjectionEnv::Op::kRead, "read back", name());
    return s.ok() ? base_->ReadAt(offset, n, out) : s;
  }
  Status Truncate(uint64_t size) override {
    Status s = env_->Check(FaultInjectionEnv::Op::kWrite, "truncate", name());
    return s.ok() ? base_->Truncate(size) : s;
  }
  const std::string& name() const override { return base_->name(); }

 private:
  FaultInjectionEnv* env_;
  std::unique_ptr<ScratchFile> base_;
};

}  // namespace

const char* FaultName(Fault fault) {
  switch (fault) {
    case Fault::kNone: return "none";
    case Fault::kNoSpace: return "no space";
    case Fault::kIoError: return "I/O error";
    case Fault::kShortWrite: return "short write";
    case Fault::kFailedRename: return "failed rename";
  }
  return "?";
}

void FaultInjectionEnv::InjectAt(Fault fault, uint64_t nth) {
  MutexLock lock(&mu_);
  fault_ = fault;
  nth_ = nth;
  calls_ = 0;
  fired_ = false;
}

bool FaultInjectionEnv::fired() const {
  MutexLock lock(&mu_);
  return fired_;
}

uint64_t FaultInjectionEnv::calls() const {
  MutexLock lock(&mu_);
  return calls_;
}

Status FaultInjectionEnv::Check(Op op, std::string_view action, const std::string& path,
                                bool* partial) {
  MutexLock lock(&mu_);
  if (!Applies(fault_, op)) return Status::Ok();
  if (++calls_ < nth_) return Status::Ok();
  fired_ = true;
  if (partial != nullptr) *partial = fault_ == Fault::kShortWrite;
  return Status::IoError("cannot " + std::string(action) + " " + path + ": " +
                         std::strerror(ErrnoOf(fault_)) + " (injected " + FaultName(fault_) + ")");
}

Result<std::string> FaultInjectionEnv::ReadFile(const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kRead, "read", path));
  return base_->ReadFile(path);
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewWritableFile(const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kCreate, "create", path));
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, base_->NewWritableFile(path));
  return std::unique_ptr<WritableFile>(new FaultWritableFile(this, std::move(file)));
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewAppendableFile(
    const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kCreate, "create", path));
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, base_->NewAppendableFile(path));
  return std::unique_ptr<WritableFile>(new FaultWritableFile(this, std::move(file)));
}

Result<std::unique_ptr<ScratchFile>> FaultInjectionEnv::NewScratchFile(const std::string& dir,
                                                                       std::string_view what) {
  SARING_RETURN_IF_ERROR(Check(Op::kCreate, "create a file for " + std::string(what) + " in", dir));
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<ScratchFile> file, base_->NewScratchFile(dir, what));
  return std::unique_ptr<ScratchFile>(new FaultScratchFile(this, std::move(file)));
}

Result<FileInfo> FaultInjectionEnv::Stat(const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kOther, "stat", path));
  return base_->Stat(path);
}

Result<std::vector<std::string>> FaultInjectionEnv::ListDir(const std::string& dir) {
  SARING_RETURN_IF_ERROR(Check(Op::kRead, "list", dir));
  return base_->ListDir(dir);
}

Status FaultInjectionEnv::CreateDir(const std::string& path) {
  // A folder that exists is not created again (mkdir -p of its parents): no disk access to fail.
  Result<FileInfo> info = base_->Stat(path);
  if (info.ok() && info->type == FileType::kDirectory) return Status::Ok();
  SARING_RETURN_IF_ERROR(Check(Op::kCreate, "create folder", path));
  return base_->CreateDir(path);
}

Status FaultInjectionEnv::RenameFile(const std::string& from, const std::string& to) {
  SARING_RETURN_IF_ERROR(Check(Op::kRename, "rename " + from + " to", to));
  return base_->RenameFile(from, to);
}

Status FaultInjectionEnv::RemoveFile(const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kRemove, "remove", path));
  return base_->RemoveFile(path);
}

Status FaultInjectionEnv::RemoveDir(const std::string& path) {
  SARING_RETURN_IF_ERROR(Check(Op::kRemove, "remove folder", path));
  return base_->RemoveDir(path);
}

Status FaultInjectionEnv::SyncDir(const std::string& dir) {
  SARING_RETURN_IF_ERROR(Check(Op::kSync, "sync folder", dir));
  return base_->SyncDir(dir);
}

Result<std::unique_ptr<FileLock>> FaultInjectionEnv::LockFile(const std::string& path,
                                                              std::string_view owner,
                                                              std::string* holder) {
  SARING_RETURN_IF_ERROR(Check(Op::kCreate, "create lock", path));
  return base_->LockFile(path, owner, holder);
}

}  // namespace saring
