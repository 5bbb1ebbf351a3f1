// `saring report DIR`: writes DIR/report.html, one self-contained page showing what a run did.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "saring/report.h"

namespace saring::tools {
namespace {

struct ReportFlags {
  std::string dir;
  ReportOptions options;
  bool quiet = false;
};

int ExecuteReport(ReportFlags& flags) {
  bool tty = !flags.quiet && isatty(STDERR_FILENO);
  if (tty) {
    flags.options.progress = [](const ReportProgress& p) {
      fmt::print(stderr, "\r  reading {}: {} records, {:.1f}/{:.1f} MB   ", p.stage, p.documents,
                 p.bytes_done / 1e6, p.bytes_total / 1e6);
      std::fflush(stderr);
    };
  }
  Result<ReportSummary> r = WriteReport(flags.dir, flags.options);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!r.ok()) {
    fmt::print(stderr, "saring report: {}\n", r.status().message());
    return kExitFailed;
  }
  if (!flags.quiet) {
    fmt::print("report: {} ({:.1f} KB, from {} records in {:.1f} MB of shards)\n", r->path,
               r->html_bytes / 1e3, r->documents_read, r->shard_bytes / 1e6);
  }
  return kExitOk;
}

}  // namespace

CommandMain RegisterReport(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "report", "write DIR/report.html: a self-contained page showing what a run did");
  cmd->add_option("dir", flags->dir, "output folder of a finished `saring run`")->required();
  cmd->add_option("-o,--output", flags->options.output_path,
                  "where to write the page (default: DIR/report.html)");
  cmd->add_option("--id-field", flags->options.id_field, "name of the id field");
  cmd->add_option("--text-field", flags->options.text_field, "name of the text field");
  cmd->add_option("--clusters", flags->options.top_clusters,
                  "largest near-duplicate clusters shown");
  cmd->add_option("--members", flags->options.members_per_cluster, "members shown per cluster");
  cmd->add_option("--templates", flags->options.templates, "boilerplate templates shown");
  cmd->add_option("--samples", flags->options.samples_per_group,
                  "examples per reason and per template");
  cmd->add_flag("-q,--quiet", flags->quiet, "print nothing but errors");
  return [flags] { return ExecuteReport(*flags); };
}

}  // namespace saring::tools
