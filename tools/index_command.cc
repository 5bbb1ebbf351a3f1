// `saring index build`: an index of a corpus's near-dup survivors (ids, MinHash signatures, LSH
// band keys; docs/formats/dedup-index.md) for later runs to dedup against with
// `saring run --against INDEX [--update-index]`.
// `saring index info`: what an index holds.
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "saring/config.h"
#include "saring/dedup_index.h"
#include "saring/run.h"

namespace saring::tools {
namespace {

struct IndexFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string config;
  std::vector<std::string> sets;
  std::string info_path;
};

int ExecuteBuild(const IndexFlags& flags) {
  Result<RunOptions> loaded = LoadRunOptions(flags.config, {}, flags.sets);
  if (!loaded.ok()) {
    fmt::print(stderr, "saring index build: {}\n", loaded.status().message());
    return kExitUsage;
  }
  RunOptions options = std::move(loaded).value();
  options.inputs = flags.inputs;
  options.build_index = flags.output;
  options.near_dup.enabled = true;
  Result<RunResult> r = Run(options);
  if (!r.ok()) {
    fmt::print(stderr, "saring index build: {}\n", r.status().message());
    return kExitFailed;
  }
  fmt::print("index {}: {} documents (the near-dup survivors of the input) in {:.2f} s\n",
             flags.output, r->index_documents, r->seconds);
  return kExitOk;
}

int ExecuteInfo(const IndexFlags& flags) {
  Result<DedupIndex> index = DedupIndex::Load(flags.info_path);
  if (!index.ok()) {
    fmt::print(stderr, "saring index info: {}\n", index.status().message());
    return kExitFailed;
  }
  const DedupIndexParams& p = index->params();
  fmt::print(
      "{}: format {}, {} documents, num_perm {}, {} bands x {} rows, {}-{} shingles, seed {:#x}\n",
      flags.info_path, index->format_version(), index->size(), p.num_perm, p.bands, p.rows, p.ngram,
      p.char_ngrams ? "character" : "word", p.seed);
  if (index->has_words()) {
    fmt::print(
        "words: {} word hashes ({:.1f} per document): queries under near_dup.verify=align "
        "verify by word alignment\n",
        index->word_count(),
        index->size() ? double(index->word_count()) / double(index->size()) : 0.0);
  } else {
    fmt::print(
        "words: none: queries verify by the signature estimate, also under "
        "near_dup.verify=align (rebuild the index with verify=align to align words)\n");
  }
  return kExitOk;
}

}  // namespace

CommandMain RegisterIndex(CLI::App& app) {
  auto flags = std::make_shared<IndexFlags>();
  CLI::App* index = app.add_subcommand("index", "build and inspect near-dup indexes of archives");
  index->require_subcommand(1);
  CLI::App* build = index->add_subcommand("build", "index the near-dup survivors of a corpus");
  build->add_option("inputs", flags->inputs, "JSONL files (.gz/.zst), folders, globs")->required();
  build->add_option("-o,--output", flags->output, "index file to write (.sdx)")->required();
  build->add_option("--config", flags->config, "YAML pipeline config (near_dup settings)");
  build->add_option("--set", flags->sets, "override any setting: KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  CLI::App* info = index->add_subcommand("info", "print what an index holds");
  info->add_option("index", flags->info_path, "index file")->required();
  return [flags, build] { return build->parsed() ? ExecuteBuild(*flags) : ExecuteInfo(*flags); };
}

}  // namespace saring::tools
