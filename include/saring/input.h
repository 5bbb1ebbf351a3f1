// Input expansion: turns command-line arguments (files, folders, glob patterns) into the ordered
// list of inputs a run reads. The order is part of saring's output contract (the same arguments
// give the same inputs in the same order on any machine); docs/input-order.md is its spec.
//
// Thread-safety: ExpandInputs touches no saring state, but glob(3) is not thread-safe, so do not
// run two expansions at the same time.
#ifndef SARING_INPUT_H_
#define SARING_INPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "saring/status.h"

namespace saring {

enum class InputKind : uint8_t {
  kJsonl,      // one file read by its format, decided by its first bytes: JSON lines (plain,
               // gzip or zstd), or WARC/WET (plain or gzip)
  kTextFiles,  // plain-text files, one document per file
};

// One input of a run, as recorded in the run ledger.
struct InputSpec {
  std::string path;  // as named in the ledger (file path, or folder path for text folders)
  InputKind kind = InputKind::kJsonl;
  std::vector<std::string>
      files;  // kTextFiles: the sorted text files forming this input; kJsonl: {path}
};

struct InputOptions {
  // fnmatch(3) pattern, matched against a file's name (not its folder), that marks plain-text
  // documents. Default: "*.txt".
  std::string text_glob = "*.txt";
};

// Expands `args` into inputs, processing the arguments in the order given:
//  - A file is one kJsonl input (compressed or not; decided later by magic bytes), unless its
//    name matches options.text_glob: then it is a one-file kTextFiles input.
//  - A directory is walked recursively; its files are visited in byte-wise sorted order of their
//    paths relative to the directory. Files named *.jsonl, *.ndjson or *.json, each optionally
//    followed by .gz, .zst or .zstd, files named *.warc or *.wet (also *.warc.wet), each
//    optionally followed by .gz, and files named *.parquet become kJsonl inputs (a reader picks
//    the format by magic bytes). Files matching text_glob that sit
//    directly in one folder together form one kTextFiles input for that folder, placed where its
//    first file falls in the sorted order. Other files, symbolic links to directories (not
//    followed) and special files are ignored and their paths appended to *ignored.
//  - An argument containing * ? or [ that does not exist under its literal name is a glob pattern,
//    expanded with glob(3) and sorted byte-wise; each match is then treated as above.
// Errors: InvalidArgument naming a kJsonl file whose first bytes say saring cannot read it (a ZIP
// archive, an image, a PDF, an executable, bzip2/xz data...: see io/format_sniff.h), so that it is
// never read as JSON lines; NotFound naming a missing path or a pattern that matches nothing; InvalidArgument if one
// file would be read twice (same device and inode, however named); IoError if a folder cannot be
// listed. `ignored` may be null. Cost: one stat per file found.
Result<std::vector<InputSpec>> ExpandInputs(const std::vector<std::string>& args,
                                            const InputOptions& options,
                                            std::vector<std::string>* ignored);

}  // namespace saring

#endif  // SARING_INPUT_H_
