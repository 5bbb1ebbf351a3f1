// Bindings of the whole pipeline (run.h), its configuration (config.h) and a JSONL line reader
// (record_reader.h) that understands the gzip/zstd files saring reads and writes.
//
// Run() executes with the GIL released. Its progress callback (optional) and warnings are
// delivered to Python: progress under the GIL on the pipeline thread that reports it, warnings
// after the run returns (saring/_pipeline.py sends them to the `saring` logger).
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
                           const std::optional<std::string>& config, const Settings& settings) {
  RunOptions options = ValueOrThrow(LoadRunOptions(config.value_or(""), settings, {}));
  options.inputs = inputs;
  options.output_dir = output_dir;
  return options;
}

namespace {

// Returns (stats_json, info, warnings). The first exception `progress` raises cancels the run and
// is raised again here.
py::tuple RunPipeline(const std::vector<std::string>& inputs, const std::string& output_dir,
                      const std::optional<std::string>& config, const Settings& settings,
                      const py::object& progress) {
  RunOptions options = BuildRunOptions(inputs, output_dir, config, settings);
  std::mutex warn_mu;
  std::vector<std::string> warnings;
  std::atomic<bool> cancel{false};
  std::exception_ptr error;
  RunHooks hooks;
  hooks.warn = [&](const std::string& message) {
    std::lock_guard<std::mutex> lock(warn_mu);
    warnings.push_back(message);
  };
  if (!progress.is_none()) {
    hooks.cancel = &cancel;
    hooks.progress = [&](const RunProgress& p) {
      if (cancel.load()) return;
      py::gil_scoped_acquire gil;
      try {
        progress(py::dict("stage"_a = p.stage, "bytes_done"_a = p.bytes_done,
                          "bytes_total"_a = p.bytes_total, "documents"_a = p.documents,
                          "seconds"_a = p.seconds));
      } catch (...) {
        error = std::current_exception();
        cancel.store(true);
      }
    };
  }
  Result<RunResult> result = WithoutGil([&] { return Run(options, hooks); });
  if (error) std::rethrow_exception(error);
  RunResult r = ValueOrThrow(std::move(result));
  py::dict info("already_complete"_a = r.already_complete, "output_dir"_a = r.output_dir,
                "seconds"_a = r.seconds, "input_bytes"_a = r.input_bytes,
                "decoded_bytes"_a = r.decoded_bytes, "threads"_a = r.threads);
  return py::make_tuple(r.already_complete ? std::string() : r.stats.ToJson(), info, warnings);
}

// (key, type, help, default value as text) of every setting.
std::vector<py::tuple> AllSettingsWithDefaults() {
  std::vector<py::tuple> out;
  const RunOptions defaults;
  for (const SettingInfo& s : AllSettings()) {
    out.push_back(py::make_tuple(s.key, s.type, s.help, ValueOrThrow(GetSetting(s.key, defaults))));
  }
  return out;
}

// Every record (line) of one JSONL file, decompressed. Raises saring.Error when the file cannot
// be opened or its stream is broken, and for a line longer than `max_record_bytes`.
py::list ReadLines(const std::string& path, uint64_t max_record_bytes) {
  std::vector<std::string> lines;
  ThrowIfError(WithoutGil([&]() -> Status {
    ReaderOptions ro;
    ro.max_record_bytes = max_record_bytes;
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                            RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, ro));
    RecordBatch batch;
    while (true) {
      SARING_ASSIGN_OR_RETURN(bool more, reader->NextBatch(&batch));
      if (!more) return Status::Ok();
      for (const RecordRef& r : batch.records) {
        if (r.status != RecordStatus::kOk) return Status::Corruption(r.error);
        lines.emplace_back(batch.data, r.begin, r.length);
      }
    }
  }));
  py::list out;
  for (const std::string& l : lines) out.append(py::bytes(l));
  return out;
}

}  // namespace

void RegisterRun(py::module_& m) {
  m.def("run", &RunPipeline, "inputs"_a, "output_dir"_a, "config"_a, "settings"_a, "progress"_a);
  m.def("dump_config", [](const std::optional<std::string>& config, const Settings& settings) {
    return DumpConfig(BuildRunOptions({}, "", config, settings));
  });
  m.def("settings", &AllSettingsWithDefaults);
  m.def("read_lines", &ReadLines, "path"_a, "max_record_bytes"_a);
  m.attr("STATS_FILE") = kStatsFile;  // the names of saring/output_files.h
}

}  // namespace saring::python
