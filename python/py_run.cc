// Bindings of the whole pipeline (run.h), its configuration (config.h) and a JSONL line reader
// (record_reader.h) that understands the gzip/zstd files saring reads and writes.
//
// Run() executes with the GIL released. Its progress callback (optional) and warnings are
// delivered to Python: progress under the GIL on the pipeline thread that reports it, warnings
// after the run returns (saring/__init__.py sends them to the `saring` logger).
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "py_common.h"
#include "saring/config.h"
#include "saring/input.h"
#include "saring/output_files.h"
#include "saring/record_reader.h"
#include "saring/run.h"

namespace saring::python {

RunOptions BuildRunOptions(const std::vector<std::string>& inputs, const std::string& output_dir,
                           const std::optional<std::string>& config,
                           const std::vector<std::pair<std::string, std::string>>& settings) {
  RunOptions options = ValueOrThrow(LoadRunOptions(config.value_or(""), settings, {}));
  options.inputs = inputs;
  options.output_dir = output_dir;
  return options;
}

namespace {

// Calls a Python progress callback from pipeline threads. The first exception it raises cancels
// the run; Rethrow() raises it again on the calling thread.
class ProgressBridge {
 public:
  explicit ProgressBridge(py::object callback) : callback_(std::move(callback)) {}
  ~ProgressBridge() {
    py::gil_scoped_acquire gil;  // the callback reference is dropped under the GIL
    callback_ = py::object();
  }

  void Report(const RunProgress& p) {
    if (cancel_.load()) return;
    py::gil_scoped_acquire gil;
    try {
      py::dict d;
      d["stage"] = p.stage;
      d["bytes_done"] = p.bytes_done;
      d["bytes_total"] = p.bytes_total;
      d["documents"] = p.documents;
      d["seconds"] = p.seconds;
      callback_(d);
    } catch (...) {
      error_ = std::current_exception();
      cancel_.store(true);
    }
  }

  const std::atomic<bool>* cancel() const { return &cancel_; }
  // REQUIRES: the GIL is held.
  void Rethrow() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  py::object callback_;
  std::atomic<bool> cancel_{false};
  std::exception_ptr error_;
};

// Returns (stats_json, info, warnings).
py::tuple RunPipeline(const std::vector<std::string>& inputs, const std::string& output_dir,
                      const std::optional<std::string>& config,
                      const std::vector<std::pair<std::string, std::string>>& settings,
                      py::object progress) {
  RunOptions options = BuildRunOptions(inputs, output_dir, config, settings);
  std::mutex warn_mu;
  std::vector<std::string> warnings;
  std::unique_ptr<ProgressBridge> bridge;
  RunHooks hooks;
  hooks.warn = [&](const std::string& message) {
    std::lock_guard<std::mutex> lock(warn_mu);
    warnings.push_back(message);
  };
  if (!progress.is_none()) {
    bridge = std::make_unique<ProgressBridge>(std::move(progress));
    hooks.progress = [b = bridge.get()](const RunProgress& p) { b->Report(p); };
    hooks.cancel = bridge->cancel();
  }
  Result<RunResult> result = Status::Internal("the run did not start");
  {
    py::gil_scoped_release nogil;
    result = Run(options, hooks);
  }
  if (bridge) bridge->Rethrow();
  RunResult r = ValueOrThrow(std::move(result));
  py::dict info;
  info["already_complete"] = r.already_complete;
  info["output_dir"] = r.output_dir;
  info["seconds"] = r.seconds;
  info["input_bytes"] = r.input_bytes;
  info["decoded_bytes"] = r.decoded_bytes;
  info["threads"] = r.threads;
  return py::make_tuple(r.already_complete ? std::string() : r.stats.ToJson(), info, warnings);
}

std::string DumpConfigFor(const std::optional<std::string>& config,
                          const std::vector<std::pair<std::string, std::string>>& settings) {
  return DumpConfig(BuildRunOptions({}, "", config, settings));
}

std::vector<py::tuple> Settings() {
  std::vector<py::tuple> out;
  for (const SettingInfo& s : AllSettings()) out.push_back(py::make_tuple(s.key, s.type, s.help));
  return out;
}

// Every record (line) of one JSONL file, decompressed. Raises saring.Error when the file cannot
// be opened or its stream is broken, and for a line longer than `max_record_bytes`.
py::list ReadLines(const std::string& path, uint64_t max_record_bytes) {
  std::vector<std::string> lines;
  Status status;
  {
    py::gil_scoped_release nogil;
    InputSpec spec{path, InputKind::kJsonl, {path}};
    ReaderOptions ro;
    ro.max_record_bytes = max_record_bytes;
    Result<std::unique_ptr<RecordReader>> reader = RecordReader::Open(spec, ro);
    status = reader.status();
    RecordBatch batch;
    while (status.ok()) {
      Result<bool> more = (*reader)->NextBatch(&batch);
      if (!more.ok() || !*more) {
        status = more.status();
        break;
      }
      for (const RecordRef& r : batch.records) {
        if (r.status != RecordStatus::kOk) {
          status = Status::Corruption(r.error);
          break;
        }
        lines.emplace_back(batch.data, r.begin, r.length);
      }
    }
  }
  ThrowIfError(status);
  py::list out;
  for (const std::string& l : lines) out.append(py::bytes(l));
  return out;
}

}  // namespace

void RegisterRun(py::module_& m) {
  m.def("run", &RunPipeline, py::arg("inputs"), py::arg("output_dir"), py::arg("config"),
        py::arg("settings"), py::arg("progress"),
        "Runs the pipeline (saring::Run); returns (stats_json, info, warnings).");
  m.def("dump_config", &DumpConfigFor, py::arg("config"), py::arg("settings"),
        "The fully resolved configuration as YAML.");
  m.def("settings", &Settings, "Every setting as (key, type, help).");
  m.def("read_lines", &ReadLines, py::arg("path"), py::arg("max_record_bytes"),
        "The records of a plain, gzip or zstd JSONL file, as bytes.");
  m.attr("STATS_FILE") = kStatsFile;  // the names of saring/output_files.h
}

}  // namespace saring::python
