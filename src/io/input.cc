// Input expansion. The walk collects every file below a folder, sorts them by relative path as raw
// bytes (never by locale), and only then classifies them, so that the order does not depend on the
// order readdir(3) happens to return, nor on the locale glob(3) would sort with.
#include "saring/input.h"

#include <dirent.h>
#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <string_view>
#include <utility>

#include "io/format_sniff.h"
#include "io/posix_io.h"

namespace saring {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// *.jsonl, *.ndjson, *.json, each optionally + .gz / .zst / .zstd. Case-sensitive.
bool IsJsonlName(std::string_view name) {
  for (std::string_view codec : {".gz", ".zst", ".zstd"}) {
    if (EndsWith(name, codec)) {
      name.remove_suffix(codec.size());
      break;
    }
  }
  return EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") || EndsWith(name, ".json");
}

// *.warc and *.wet (Common Crawl: *.warc.wet), each optionally + .gz. Case-sensitive.
bool IsWarcName(std::string_view name) {
  if (EndsWith(name, ".gz")) name.remove_suffix(3);
  return EndsWith(name, ".warc") || EndsWith(name, ".wet");
}

// Refuses a file whose first bytes say saring cannot read it (format_sniff.h). A file that cannot
// be read now is let through: opening it later reports that, as a quarantined input.
Status CheckReadable(const std::string& path) {
  Result<io_internal::SniffResult> sniff = io_internal::SniffFile(path);
  if (!sniff.ok()) return Status::Ok();
  if (sniff->format == io_internal::FileFormat::kUnsupported) {
    return io_internal::UnsupportedInput(path, sniff->what);
  }
  return Status::Ok();
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view ParentOf(std::string_view rel) {
  size_t slash = rel.find_last_of('/');
  return slash == std::string_view::npos ? std::string_view() : rel.substr(0, slash);
}

std::string JoinPath(std::string_view dir, std::string_view rel) {
  if (rel.empty()) return std::string(dir);
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += rel;
  return out;
}

// A file found below a folder argument.
struct WalkEntry {
  std::string rel;  // path relative to the folder argument
  dev_t dev = 0;
  ino_t ino = 0;
  bool skip = false;  // not a readable regular file (special file, link to a folder, dangling link)
};

class Expander {
 public:
  Expander(const InputOptions& options, std::vector<std::string>* ignored)
      : options_(options), ignored_(ignored) {}

  Status AddArgument(const std::string& arg);
  std::vector<InputSpec> TakeInputs() { return std::move(inputs_); }

 private:
  Status AddPath(const std::string& path);
  Status AddDirectory(const std::string& root);
  Status Walk(const std::string& root, const std::string& rel, std::vector<WalkEntry>* files);
  Status Remember(dev_t dev, ino_t ino, const std::string& path);
  bool IsTextName(std::string_view name) const {
    return ::fnmatch(options_.text_glob.c_str(), std::string(name).c_str(), 0) == 0;
  }
  void Ignore(std::string path) {
    if (ignored_ != nullptr) ignored_->push_back(std::move(path));
  }

  const InputOptions& options_;
  std::vector<std::string>* ignored_;
  std::vector<InputSpec> inputs_;
  std::map<std::pair<dev_t, ino_t>, std::string> seen_;  // every file taken -> the name it had
};

Status Expander::AddArgument(const std::string& arg) {
  if (arg.empty())
    return Status::InvalidArgument("an input argument is empty; name a file or folder");
  struct stat st;
  bool literal_exists = ::stat(arg.c_str(), &st) == 0;
  if (literal_exists || arg.find_first_of("*?[") == std::string::npos) return AddPath(arg);

  glob_t g{};
  int rc = ::glob(arg.c_str(), GLOB_NOSORT, nullptr, &g);
  std::vector<std::string> matches(g.gl_pathv, g.gl_pathv + g.gl_pathc);
  ::globfree(&g);
  if (rc == GLOB_NOMATCH)
    return Status::NotFound("no file matches the input pattern '" + arg + "'");
  if (rc != 0) return Status::IoError("cannot expand the input pattern '" + arg + "'");
  std::sort(matches.begin(), matches.end());  // std::string compares bytes, not locale
  for (const std::string& match : matches) SARING_RETURN_IF_ERROR(AddPath(match));
  return Status::Ok();
}

Status Expander::AddPath(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("input not found: '" + path + "'");
    return io_internal::ErrnoStatus(errno, "cannot inspect input", path);
  }
  if (S_ISDIR(st.st_mode)) return AddDirectory(path);
  SARING_RETURN_IF_ERROR(Remember(st.st_dev, st.st_ino, path));
  InputKind kind = IsTextName(BaseName(path)) ? InputKind::kTextFiles : InputKind::kJsonl;
  if (kind == InputKind::kJsonl && S_ISREG(st.st_mode)) SARING_RETURN_IF_ERROR(CheckReadable(path));
  inputs_.push_back(InputSpec{path, kind, {path}});
  return Status::Ok();
}

Status Expander::AddDirectory(const std::string& root) {
  std::vector<WalkEntry> files;
  SARING_RETURN_IF_ERROR(Walk(root, "", &files));
  std::sort(files.begin(), files.end(),
            [](const WalkEntry& a, const WalkEntry& b) { return a.rel < b.rel; });
  std::map<std::string_view, size_t> text_folder_input;  // folder (relative) -> index in inputs_
  for (const WalkEntry& file : files) {
    std::string path = JoinPath(root, file.rel);
    std::string_view name = BaseName(file.rel);
    // A Parquet file is read as such by its magic bytes; in a folder its name selects it.
    bool jsonl =
        !file.skip && (IsJsonlName(name) || IsWarcName(name) || EndsWith(name, ".parquet"));
    if (file.skip || (!jsonl && !IsTextName(name))) {
      Ignore(std::move(path));
      continue;
    }
    SARING_RETURN_IF_ERROR(Remember(file.dev, file.ino, path));
    if (jsonl) {
      SARING_RETURN_IF_ERROR(CheckReadable(path));
      inputs_.push_back(InputSpec{path, InputKind::kJsonl, {path}});
      continue;
    }
    std::string_view folder = ParentOf(file.rel);
    auto [it, inserted] = text_folder_input.try_emplace(folder, inputs_.size());
    if (inserted) inputs_.push_back(InputSpec{JoinPath(root, folder), InputKind::kTextFiles, {}});
    inputs_[it->second].files.push_back(std::move(path));
  }
  return Status::Ok();
}

// Appends every file below root/rel to *files (unsorted). Symbolic links to files are followed;
// links to folders are not (they could form cycles): they, special files and dangling links are
// appended with skip set, so that they are reported as ignored in sorted order.
Status Expander::Walk(const std::string& root, const std::string& rel,
                      std::vector<WalkEntry>* files) {
  std::string dir_path = JoinPath(root, rel);
  DIR* dir = ::opendir(dir_path.c_str());
  if (dir == nullptr) return io_internal::ErrnoStatus(errno, "cannot list folder", dir_path);
  std::vector<std::string> subdirs;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string child_rel = rel.empty() ? std::string(name) : rel + "/" + std::string(name);
    std::string child_path = JoinPath(root, child_rel);
    struct stat st, lst;
    bool ok = ::stat(child_path.c_str(), &st) == 0 && ::lstat(child_path.c_str(), &lst) == 0;
    if (ok && S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode)) {
      subdirs.push_back(std::move(child_rel));
    } else if (ok && S_ISREG(st.st_mode)) {
      files->push_back(WalkEntry{std::move(child_rel), st.st_dev, st.st_ino, false});
    } else {
      files->push_back(WalkEntry{std::move(child_rel), 0, 0, true});
    }
  }
  ::closedir(dir);
  for (const std::string& sub_rel : subdirs) SARING_RETURN_IF_ERROR(Walk(root, sub_rel, files));
  return Status::Ok();
}

Status Expander::Remember(dev_t dev, ino_t ino, const std::string& path) {
  auto [it, inserted] = seen_.try_emplace({dev, ino}, path);
  if (inserted) return Status::Ok();
  return Status::InvalidArgument("input '" + path + "' is the same file as input '" + it->second +
                                 "' and would be read twice; name each input only once");
}

}  // namespace

Result<std::vector<InputSpec>> ExpandInputs(const std::vector<std::string>& args,
                                            const InputOptions& options,
                                            std::vector<std::string>* ignored) {
  Expander expander(options, ignored);
  for (const std::string& arg : args) SARING_RETURN_IF_ERROR(expander.AddArgument(arg));
  return expander.TakeInputs();
}

}  // namespace saring
