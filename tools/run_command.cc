// `saring run`: the whole pipeline over files, folders and globs.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "mpi_run.h"
#include "saring/config.h"
#include "saring/json_string.h"
#include "saring/lsh.h"
#include "saring/near_dup.h"
#include "saring/output_files.h"
#include "saring/report.h"
#include "saring/run.h"

namespace saring::tools {
namespace {

struct RunFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string config;
  std::vector<std::string> sets;  // KEY=VALUE
  bool dry_run = false;
  bool quiet = false;
  bool resume = false;
  std::string log_json;
  bool no_report = false;
  // Flags with their own names; applied after the config file.
  std::vector<std::pair<std::string, std::string>> overrides;  // key, value in command-line order
};

std::string Dashed(const std::string& key) {
  std::string s = key;
  for (char& c : s) {
    if (c == '.' || c == '_') c = '-';
  }
  return s;
}

void PrintSummary(const RunResult& r, FILE* out) {
  LedgerCounts t = r.stats.Totals();
  fmt::print(out, "saring: {} documents from {} input{} in {:.2f} s ({:.1f} MB/s, {} thread{})\n",
             t.records, r.stats.files.size(), r.stats.files.size() == 1 ? "" : "s", r.seconds,
             r.seconds > 0 ? r.decoded_bytes / 1e6 / r.seconds : 0.0, r.threads,
             r.threads == 1 ? "" : "s");
  if (r.phases.size() > 1) {  // where the time went: "  passes: sign 1.20 s, cluster 0.07 s, ..."
    fmt::print(out, "  passes:");
    for (size_t i = 0; i < r.phases.size(); ++i) {
      fmt::print(out, "{} {} {:.2f} s ({:.2f} CPU-s)", i ? "," : "", r.phases[i].name,
                 r.phases[i].wall_seconds, r.phases[i].cpu_seconds);
    }
    fmt::print(out, "\n");
  }
  fmt::print(out, "  kept         {:>10}\n", t.kept);
  fmt::print(out, "  removed      {:>10}\n", t.RemovedTotal());
  for (const auto& [reason, n] : t.removed) fmt::print(out, "    {:<24} {:>8}\n", reason, n);
  fmt::print(out, "  quarantined  {:>10}\n", t.QuarantinedTotal());
  for (const auto& [error, n] : t.quarantined) fmt::print(out, "    {:<24} {:>8}\n", error, n);
  if (!r.stats.spans_removed.empty()) {
    fmt::print(out, "  spans cut from {} kept documents:\n", r.stats.documents_with_spans_removed);
    for (const auto& [reason, c] : r.stats.spans_removed) {
      fmt::print(out, "    {:<24} {:>8} spans {:>10} bytes\n", reason, c.spans, c.bytes);
    }
  }
  for (const FileLedger& f : r.stats.files) {
    for (const std::string& e : f.errors) fmt::print(out, "  error: {}\n", e);
  }
  for (const RunWarning& w : r.stats.warnings) fmt::print(out, "  warning: {}\n", w.message);
  fmt::print(out, "  ledger {}: records = kept + removed + quarantined\n",
             t.Balanced() ? "balanced" : "NOT BALANCED");
  fmt::print(out, "output: {}\n", r.output_dir);
}

// Resident memory of this process, from /proc/self/statm (0 where unavailable).
uint64_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long pages = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &pages, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// Progress for people (a live line per stage on a terminal) and for programs (--log-json:
// one JSON object per line). Called from one pipeline thread at a time.
class ProgressSink {
 public:
  ProgressSink(bool tty, FILE* log) : tty_(tty), log_(log) {}

  void Event(const std::string& json_fields) {
    if (!log_) return;
    fmt::print(log_, "{{\"time\":{:.3f},{}}}\n", Now(), json_fields);
    std::fflush(log_);
  }

  void Progress(const RunProgress& p) {
    double now = Now();
    bool new_stage = p.stage != stage_;
    if (!new_stage && now - last_ < 0.25) return;
    last_ = now;
    double mb = p.bytes_done / 1e6;
    double rate = p.seconds > 0 ? mb / p.seconds : 0;
    double left =
        rate > 0 && p.bytes_total > p.bytes_done ? (p.bytes_total - p.bytes_done) / 1e6 / rate : 0;
    uint64_t rss = ResidentBytes();
    if (tty_) {
      if (new_stage && !stage_.empty()) fmt::print(stderr, "\n");
      fmt::print(stderr,
                 "\r\033[K  {:<5} {:>10} docs  {:>8.1f}/{:.1f} MB  {:>6.1f} MB/s  {:>4.0f} s left  "
                 "RSS {} MiB",
                 p.stage, p.documents, mb, p.bytes_total / 1e6, rate, left, rss >> 20);
      std::fflush(stderr);
    }
    stage_ = p.stage;
    Event(
        fmt::format("\"event\":\"progress\",\"stage\":\"{}\",\"documents\":{},\"bytes_done\":{},"
                    "\"bytes_total\":{},\"seconds\":{:.3f},\"rss_bytes\":{}",
                    p.stage, p.documents, p.bytes_done, p.bytes_total, p.seconds, rss));
  }

  void Finish() {
    if (tty_ && !stage_.empty()) fmt::print(stderr, "\r\033[K");
  }

 private:
  static double Now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  bool tty_;
  FILE* log_;
  std::string stage_;
  double last_ = 0;
};

std::atomic<bool> g_stop{false};
volatile sig_atomic_t g_signal = 0;

void OnStopSignal(int sig) {
  g_signal = sig;
  g_stop.store(true);
}

// SIGINT and SIGTERM stop the run at the next batch; the folder stays resumable.
const std::atomic<bool>* InstallStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return &g_stop;
}

int StopSignal() { return g_signal; }

// The LSH banding the near-dup settings resolve to, and its S-curve: the probability that a pair
// of documents at each Jaccard similarity becomes a candidate.
void PrintLshCurve(const RunOptions& options) {
  const NearDupOptions& nd = options.near_dup;
  Result<LshParams> lsh = ResolveLshParams(nd);
  if (!lsh.ok()) {
    fmt::print("# near_dup: {}\n", lsh.status().message());
    return;
  }
  fmt::print(
      "# near_dup LSH: {} bands x {} rows of {} MinHash values; P(candidate) by Jaccard "
      "similarity:\n#",
      lsh->bands, lsh->rows, nd.num_perm);
  for (double sim : {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9}) {
    fmt::print("  {:.2f}: {:.3f}", sim, CandidateProbability(sim, *lsh));
  }
  fmt::print("\n");
}

int Execute(RunFlags& flags) {
  Result<RunOptions> loaded = LoadRunOptions(flags.config, flags.overrides, flags.sets);
  if (!loaded.ok()) {
    fmt::print(stderr, "saring: {}\n", loaded.status().message());
    return kExitUsage;
  }
  RunOptions options = std::move(loaded).value();
  if (flags.dry_run) {
    fmt::print("{}", DumpConfig(options));
    PrintLshCurve(options);
    return kExitOk;
  }
  if (flags.inputs.empty()) {
    fmt::print(stderr, "saring run: no input given (files, folders or globs)\n");
    return kExitUsage;
  }
  if (flags.resume && flags.output.empty()) {
    fmt::print(stderr,
               "saring run: --resume needs the output folder of the interrupted run (-o DIR)\n");
    return kExitUsage;
  }
  options.inputs = flags.inputs;
  options.resume = flags.resume;
  if (UnderMpi()) {
    if (flags.output.empty() || flags.resume) {
      fmt::print(stderr,
                 "saring run under MPI: give the shared output folder with -o; --resume is "
                 "not available (rerun the job)\n");
      return kExitUsage;
    }
    options.output_dir = flags.output;
    return RunUnderMpi(options, flags.quiet);
  }
  options.output_dir = flags.output.empty() ? NewOutputFolderName() : flags.output;
  RunHooks hooks;
  hooks.cancel = InstallStopSignals();
  FILE* log = nullptr;
  if (!flags.log_json.empty()) {
    log = flags.log_json == "-" ? stderr : std::fopen(flags.log_json.c_str(), "a");
    if (!log) {
      fmt::print(stderr, "saring run: cannot open --log-json file {}\n", flags.log_json);
      return kExitUsage;
    }
  }
  ProgressSink sink(!flags.quiet && isatty(STDERR_FILENO) && flags.log_json != "-", log);
  hooks.progress = [&sink](const RunProgress& p) { sink.Progress(p); };
  std::string inputs_json;
  for (const std::string& in : options.inputs)
    inputs_json += (inputs_json.empty() ? "" : ",") + JsonQuoted(in);
  sink.Event(fmt::format("\"event\":\"start\",\"output\":{},\"inputs\":[{}]",
                         JsonQuoted(options.output_dir), inputs_json));
  Result<RunResult> result = Run(options, hooks);
  sink.Finish();
  if (result.ok()) {
    LedgerCounts t = result->stats.Totals();
    sink.Event(fmt::format(
        "\"event\":\"done\",\"output\":{},\"seconds\":{:.3f},\"records\":{},\"kept\":{},"
        "\"removed\":{},\"quarantined\":{}",
        JsonQuoted(result->output_dir), result->seconds, t.records, t.kept, t.RemovedTotal(),
        t.QuarantinedTotal()));
  } else {
    sink.Event(
        fmt::format("\"event\":\"error\",\"message\":{}", JsonQuoted(result.status().message())));
  }
  if (log && log != stderr) std::fclose(log);
  if (!result.ok()) {
    fmt::print(stderr, "saring run: {}\n", result.status().message());
    return result.status().code() == StatusCode::kAborted && StopSignal() ? 128 + StopSignal()
                                                                          : kExitFailed;
  }
  const bool need_report =
      !flags.no_report && (!result->already_complete ||
                           ::access((result->output_dir + "/" + kReportFile).c_str(), F_OK) != 0);
  if (result->already_complete && !need_report) {
    if (!flags.quiet)
      fmt::print("saring: the run in {} is already complete\noutput: {}\n", result->output_dir,
                 result->output_dir);
    return kExitOk;
  }
  if (need_report) {
    ReportOptions ro;
    ro.id_field = options.id_field;
    ro.text_field = options.text_field;
    Result<ReportSummary> report = WriteReport(result->output_dir, ro);
    if (!report.ok()) {
      fmt::print(stderr, "saring run: the run finished, but its report failed: {}\n",
                 report.status().message());
      return kExitFailed;
    }
  }
  if (!flags.quiet && !result->already_complete) PrintSummary(*result, stdout);
  if (!flags.quiet && need_report) fmt::print("report: {}/{}\n", result->output_dir, kReportFile);
  return kExitOk;
}

}  // namespace

CommandMain RegisterRun(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run", "repair, filter and deduplicate a corpus");
  run->add_option("inputs", flags->inputs, "JSONL files (.gz/.zst), folders, globs");
  run->add_option("-o,--output", flags->output,
                  "output folder (default: a new saring-out-* folder)");
  run->add_option("--config", flags->config, "YAML pipeline config");
  run->add_option("--set", flags->sets, "override any setting: KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  run->add_flag("--dry-run", flags->dry_run, "print the fully resolved config and exit");
  run->add_flag("-q,--quiet", flags->quiet,
                "print nothing but errors (no summary, no progress line)");
  run->add_flag("--no-report", flags->no_report, "do not write DIR/report.html");
  run->add_option("--log-json", flags->log_json,
                  "append structured events (JSON lines) to this file; - for stderr");
  // Shorthands for the most used settings.
  auto shorthand = [&](const std::string& name, const std::string& key, const std::string& help) {
    run->add_option_function<std::string>(
        name, [flags, key](const std::string& v) { flags->overrides.emplace_back(key, v); }, help);
  };
  shorthand("-t,--threads", "run.threads", "worker threads (default: every core)");
  shorthand("--id-field", "input.id_field", "name of the id field");
  shorthand("--near-dup", "near_dup.enabled", "near-duplicate removal: on | off");
  shorthand("--verify", "near_dup.verify", "near-dup verification: estimate | exact");
  shorthand("--against", "near_dup.against",
            "dedup against this index of an archive (saring index build)");
  run->add_flag_callback(
      "--update-index", [flags] { flags->overrides.emplace_back("near_dup.update_index", "true"); },
      "add the survivors of this run to the --against index");
  shorthand("--survivor", "near_dup.survivor",
            "copy kept: first | longest | newest | oldest | priority");
  shorthand("--text-field", "input.text_field", "name of the text field");
  run->add_flag_callback(
      "--strict", [flags] { flags->overrides.emplace_back("run.strict", "true"); },
      "stop at the first bad record");
  run->add_flag_callback(
      "--overwrite,--force-restart",
      [flags] { flags->overrides.emplace_back("output.overwrite", "true"); },
      "replace an earlier (finished or interrupted) run in the output folder");
  run->add_flag("--resume", flags->resume,
                "finish an interrupted run in the output folder (needs -o)");
  // Every setting is also a flag: --repair-contained=false, --dedup-paragraphs=true, ...
  for (const SettingInfo& s : AllSettings()) {
    std::string key = s.key;
    run->add_option_function<std::string>(
           "--" + Dashed(key),
           [flags, key](const std::string& v) { flags->overrides.emplace_back(key, v); }, s.help)
        ->group("Settings (also in --config YAML)");
  }
  return [flags] { return Execute(*flags); };
}

}  // namespace saring::tools
