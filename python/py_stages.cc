// Bindings of the stage operations (stage_ops.h) and of signature files (signature_file.h), for
// running near-duplicate removal under an external scheduler. Every call releases the GIL.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "py_common.h"
#include "saring/file_util.h"
#include "signature_file.h"
#include "stage_ops.h"

namespace saring::python {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

py::dict SignShardPy(const std::string& input_path, const std::string& out_path,
                     const std::optional<std::string>& config, const Settings& settings) {
  RunOptions options = BuildRunOptions({input_path}, "", config, settings);
  SignShardSummary summary;
  Status s;
  {
    py::gil_scoped_release nogil;
    s = SignShard(options, input_path, out_path, &summary);
  }
  ThrowIfError(s);
  py::dict d;
  d["records"] = summary.records;
  d["signed"] = summary.signed_docs;
  d["quarantined"] = summary.quarantined;
  d["empty"] = summary.empty;
  return d;
}

py::dict ClusterPy(const std::vector<std::string>& signature_paths, const std::string& out_path,
                   const std::optional<std::string>& config, const Settings& settings) {
  RunOptions options = BuildRunOptions({}, "", config, settings);
  ClusterSummary summary;
  Status s;
  {
    py::gil_scoped_release nogil;
    s = Cluster(options, signature_paths, out_path, &summary);
  }
  ThrowIfError(s);
  py::dict d;
  d["records"] = summary.records;
  d["kept"] = summary.kept;
  d["removed"] = summary.removed;
  py::dict nd;
  nd["documents"] = summary.near_dup.documents;
  nd["candidate_pairs"] = summary.near_dup.candidate_pairs;
  nd["similar_pairs"] = summary.near_dup.similar_pairs;
  nd["clusters"] = summary.near_dup.clusters;
  nd["removed"] = summary.near_dup.removed;
  nd["bands"] = summary.lsh.bands;
  nd["rows"] = summary.lsh.rows;
  d["near_dup"] = nd;
  return d;
}

py::dict ApplyPy(const std::string& input_path, std::vector<uint64_t> dropped,
                 uint64_t expected_records, const std::string& out_path,
                 const std::string& removed_path, const std::optional<std::string>& config,
                 const Settings& settings) {
  RunOptions options = BuildRunOptions({input_path}, "", config, settings);
  ApplySummary summary;
  Status s;
  {
    py::gil_scoped_release nogil;
    std::sort(dropped.begin(), dropped.end());
    s = ApplyShard(options, input_path, dropped, expected_records, out_path, removed_path,
                   &summary);
  }
  ThrowIfError(s);
  py::dict d;
  d["records"] = summary.records;
  d["kept"] = summary.kept;
  d["dropped"] = summary.dropped;
  return d;
}

// The content of a signature file as NumPy arrays; unsigned records have all-zero signatures.
py::dict ReadSignatures(const std::string& path) {
  Result<SignatureShard> shard = Status::Internal("not read");
  {
    py::gil_scoped_release nogil;
    Result<std::string> data = ReadFileToString(path);
    shard = data.ok() ? DecodeSignatureShard(*data, path) : Result<SignatureShard>(data.status());
  }
  SignatureShard s = ValueOrThrow(std::move(shard));
  auto n = static_cast<py::ssize_t>(s.records.size());
  auto k = static_cast<py::ssize_t>(s.params.num_perm);
  py::array_t<uint8_t> status(n);
  py::array_t<uint64_t> line(n), doc_hash(n), kept_bytes(n);
  py::array_t<uint32_t> signatures({n, k});
  py::list ids;
  uint32_t* sig = signatures.mutable_data();
  for (py::ssize_t i = 0; i < n; ++i) {
    const SignatureRecord& r = s.records[i];
    status.mutable_data()[i] = static_cast<uint8_t>(r.status);
    line.mutable_data()[i] = r.line;
    doc_hash.mutable_data()[i] = r.doc_hash;
    kept_bytes.mutable_data()[i] = r.kept_bytes;
    ids.append(ToPython(r.id, true));
    for (py::ssize_t j = 0; j < k; ++j) {
      sig[i * k + j] = r.status == SignedStatus::kSigned ? s.signature(r)[j] : 0;
    }
  }
  py::dict params;
  params["hash_id"] = s.params.hash_id;
  params["seed"] = s.params.seed;
  params["num_perm"] = s.params.num_perm;
  params["ngram"] = s.params.ngram;
  params["char_ngrams"] = s.params.char_ngrams;
  py::dict d;
  d["params"] = params;
  d["ids"] = ids;
  d["status"] = status;
  d["line"] = line;
  d["doc_hash"] = doc_hash;
  d["kept_bytes"] = kept_bytes;
  d["signatures"] = signatures;
  return d;
}

}  // namespace

void RegisterStages(py::module_& m) {
  m.def("sign_shard", &SignShardPy, py::arg("input_path"), py::arg("out_path"),
        py::arg("config"), py::arg("settings"), "Signs one JSONL input into a signature file.");
  m.def("cluster", &ClusterPy, py::arg("signature_paths"), py::arg("out_path"),
        py::arg("config"), py::arg("settings"),
        "Exact dedup and near-dup clustering over signature files; writes a decisions file.");
  m.def("apply_shard", &ApplyPy, py::arg("input_path"), py::arg("dropped"),
        py::arg("expected_records"), py::arg("out_path"), py::arg("removed_path"),
        py::arg("config"), py::arg("settings"),
        "Copies the kept records of one input (dropping the given record ordinals).");
  m.def("read_signatures", &ReadSignatures, py::arg("path"),
        "The content of a signature file as a dict of NumPy arrays.");
  m.attr("SIGNED_STATUS_NAMES") =
      py::make_tuple("signed", "quarantined", "empty_text", "empty_after_repair");
}

}  // namespace saring::python
