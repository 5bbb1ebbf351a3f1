// `saring count`: reads and parses inputs without changing anything, and reports what is there:
// records, bytes, and bad records by kind. It is also the input ceiling the benchmarks compare
// `saring run` against.
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "saring/config.h"
#include "saring/run.h"

namespace saring::tools {
namespace {

struct CountFlags {
  std::vector<std::string> inputs;
  std::string threads = "0";
  std::string id_field = "id", text_field = "text";
  bool json = false;
};

int ExecuteCount(const CountFlags& flags) {
  RunOptions options;
  options.read_only = true;
  options.inputs = flags.inputs;
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"run.threads", flags.threads},
        {"input.id_field", flags.id_field},
        {"input.text_field", flags.text_field}}) {
    Status s = SetSetting(key, value, &options);
    if (!s.ok()) {
      fmt::print(stderr, "saring count: {}\n", s.message());
      return kExitUsage;
    }
  }
  Result<RunResult> r = Run(options);
  if (!r.ok()) {
    fmt::print(stderr, "saring count: {}\n", r.status().message());
    return kExitFailed;
  }
  LedgerCounts t = r->stats.Totals();
  double mbps = r->seconds > 0 ? r->decoded_bytes / 1e6 / r->seconds : 0;
  if (flags.json) {
    fmt::print(
        "{{\"records\": {}, \"good\": {}, \"bad\": {}, \"text_bytes\": {}, \"input_bytes\": {}, "
        "\"decoded_bytes\": {}, \"seconds\": {:.3f}, \"mb_per_second\": {:.1f}}}\n",
        t.records, t.kept, t.QuarantinedTotal(), t.bytes_in, r->input_bytes, r->decoded_bytes,
        r->seconds, mbps);
    return kExitOk;
  }
  fmt::print("{} records ({} good, {} bad), {} text bytes, {} bytes decoded from {} on disk\n",
             t.records, t.kept, t.QuarantinedTotal(), t.bytes_in, r->decoded_bytes, r->input_bytes);
  for (const auto& [error, n] : t.quarantined) fmt::print("  {:<24} {:>8}\n", error, n);
  fmt::print("read in {:.2f} s: {:.1f} MB/s on {} thread{}\n", r->seconds, mbps, r->threads,
             r->threads == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

CommandMain RegisterCount(CLI::App& app) {
  auto flags = std::make_shared<CountFlags>();
  CLI::App* cmd =
      app.add_subcommand("count", "read and parse inputs, report records and bad records");
  cmd->add_option("inputs", flags->inputs, "JSONL files (.gz/.zst), folders, globs")->required();
  cmd->add_option("-t,--threads", flags->threads, "worker threads (default: every core)");
  cmd->add_option("--id-field", flags->id_field, "name of the id field");
  cmd->add_option("--text-field", flags->text_field, "name of the text field");
  cmd->add_flag("--json", flags->json, "print one JSON object");
  return [flags] { return ExecuteCount(*flags); };
}

}  // namespace saring::tools
