#include "pipeline/checkpoint.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "pipeline/json_text.h"
#include "saring/config.h"
#include "saring/file_util.h"

namespace saring::pipeline {

Result<OutputLock> OutputLock::Acquire(const std::string& dir) {
  std::string path = dir + "/.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IoError(fmt::format("cannot create lock {}: {}", path, std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {0};
    ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, n) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Status::FailedPrecondition(fmt::format(
        "output folder {} is in use by another saring run (process {}); wait for it or choose "
        "another folder", dir, pid));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock itself holds; the pid is only a courtesy for the message above.
  }
  return OutputLock(fd);
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::string RunManifest(const RunOptions& options, const std::vector<InputSpec>& inputs) {
  std::string json = "{\n  \"tool\": \"saring " SARING_VERSION "\",\n  \"config\": ";
  // Settings that do not change a byte of the output may differ on resume.
  RunOptions o = options;
  o.threads = 0;
  o.memory_budget_bytes = RunOptions().memory_budget_bytes;
  o.overwrite = false;
  AppendJsonString(DumpConfig(o), &json);
  json += ",\n  \"inputs\": [";
  bool first = true;
  for (const InputSpec& in : inputs) {
    for (const std::string& f : in.files) {
      struct stat st{};
      ::stat(f.c_str(), &st);
      json += first ? "\n    " : ",\n    ";
      first = false;
      json += "{\"path\": ";
      AppendJsonString(f, &json);
      json += fmt::format(", \"size\": {}, \"mtime_ns\": {}}}", static_cast<uint64_t>(st.st_size),
                          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
    }
  }
  json += "\n  ]\n}\n";
  return json;
}

Result<ProgressLog> ProgressLog::Load(const std::string& dir) {
  ProgressLog log(dir);
  std::string path = dir + "/progress.txt";
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return log;
  SARING_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    int kind;
    unsigned long long input, shard, seq;
    if (std::sscanf(line.c_str(), "%d %llu %llu %llu", &kind, &input, &shard, &seq) != 4 ||
        kind < 0 || kind > 2 || shard != log.completed(kind, input)) {
      return Status::Corruption(fmt::format("{}:{}: not a progress entry; start over with "
                                            "--force-restart", path, n));
    }
    log.entries_[kind].push_back({input, seq});
  }
  return log;
}

uint64_t ProgressLog::completed(int kind, uint64_t input) const {
  uint64_t n = 0;
  for (const Entry& e : entries_[kind]) n += e.input == input;
  return n;
}

int64_t ProgressLog::skip_until(int kind) const {
  return entries_[kind].empty() ? -1 : static_cast<int64_t>(entries_[kind].back().last_seq);
}

Status ProgressLog::Save() {
  if (dir_.empty()) return Status::Ok();  // kept in memory only (sharded stages)
  std::string text;
  for (int k = 0; k < 3; ++k) {
    std::vector<uint64_t> per_input;
    for (const Entry& e : entries_[k]) {
      uint64_t shard = 0;
      for (const Entry& f : entries_[k]) {
        if (&f == &e) break;
        shard += f.input == e.input;
      }
      text += fmt::format("{} {} {} {}\n", k, e.input, shard, e.last_seq);
    }
  }
  return WriteFileAtomically(dir_ + "/progress.txt", text);
}

}  // namespace saring::pipeline
