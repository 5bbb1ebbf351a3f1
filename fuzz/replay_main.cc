// Replay runner: a main() for building a fuzz target without libFuzzer (e.g. with gcc), so that
// the checked-in corpora and crash reproducers run as ordinary CTest tests.
//
//   fuzz_replay_<target> <file or folder>...
//
// Every regular file named (folders: every regular file inside, recursively, in byte-wise sorted
// order) is passed once to LLVMFuzzerTestOneInput. A missing path is skipped with a note, so a
// target without reproducers needs no empty folder. Exits 0 when at least one input ran; a
// property violation or sanitizer report aborts the process, which fails the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// Appends the regular files under `arg` (or `arg` itself) to *files, sorted within a folder.
void CollectInputs(const fs::path& arg, std::vector<fs::path>* files) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) {
    files->push_back(arg);
    return;
  }
  if (!fs::is_directory(arg, ec)) {
    std::fprintf(stderr, "replay: %s does not exist; skipped\n", arg.c_str());
    return;
  }
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
    if (entry.is_regular_file()) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
}

bool ReadFile(const fs::path& path, std::vector<uint8_t>* data) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  data->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) CollectInputs(argv[i], &files);
  size_t ran = 0;
  std::vector<uint8_t> data;
  for (const fs::path& file : files) {
    if (!ReadFile(file, &data)) {
      std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
      return 1;
    }
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), data.size());
    // A copy of exactly data.size() bytes, so that ASan sees reads past the end.
    std::vector<uint8_t> exact(data.begin(), data.end());
    static const uint8_t kNoBytes = 0;  // libFuzzer never passes a null pointer either
    LLVMFuzzerTestOneInput(exact.empty() ? &kNoBytes : exact.data(), exact.size());
    ++ran;
  }
  std::fprintf(stderr, "replay: %zu inputs ran without a failure\n", ran);
  return ran > 0 ? 0 : 1;
}
