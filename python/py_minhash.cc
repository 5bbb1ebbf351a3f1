// Bindings of near-duplicate detection: MinHasher (minhash.h) signing documents the way the
// pipeline does (shingle_text.h), the persistent LSH index DedupIndex (dedup_index.h), LSH banding
// parameters (lsh.h) and batch clustering with NearDupDetector (near_dup.h).
//
// Signatures cross the boundary as NumPy uint32 arrays: (num_perm,) for one document,
// (n, num_perm) for a batch. Batch work runs with the GIL released.
#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "py_common.h"
#include "saring/dedup_index.h"
#include "saring/lsh.h"
#include "saring/minhash.h"
#include "saring/near_dup.h"
#include "saring/repair.h"
#include "saring/shingle_text.h"

namespace saring::python {
namespace {

using SignatureArray = py::array_t<uint32_t, py::array::c_style | py::array::forcecast>;

MinHasher CreateHasher(uint32_t num_perm, uint32_t ngram, uint64_t seed, bool char_ngrams) {
  MinHashOptions o;
  o.num_perm = num_perm;
  o.shingles.ngram = ngram;
  o.seed = seed;
  o.shingles.char_ngrams = char_ngrams;
  return ValueOrThrow(MinHasher::Create(o));
}

// Signs texts[begin, end) into rows of `out` as the signing pass does: repaired (every removal
// off without `repair`, as repair.enabled=false), kept_normalized, digits folded. No GIL needed.
void SignRange(const MinHasher& h, const std::vector<Utf8Text>& texts, size_t begin, size_t end,
               bool repair, bool normalize, uint32_t* out) {
  RepairOptions options;
  if (!repair) options.remove_repeated = options.remove_contained = options.remove_credits = false;
  DocumentRepairer repairer(options);
  RepairResult repaired;
  std::string shingle_text;
  SignScratch scratch;
  for (size_t i = begin; i < end; ++i) {
    std::string_view text = texts[i].view();
    if (normalize) {
      repairer.Repair(text, &repaired);
      PrepareShingleText(repaired.kept_normalized, &shingle_text);
      text = shingle_text;
    }
    h.Sign(text, &scratch, out + i * h.num_perm());
  }
}

py::array_t<uint32_t> SignBatch(const MinHasher& h, const py::sequence& seq, unsigned threads,
                                bool repair, bool normalize) {
  std::vector<Utf8Text> texts = BorrowTexts(seq);
  size_t n = texts.size();
  py::array_t<uint32_t> out({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(h.num_perm())});
  uint32_t* data = out.mutable_data();
  {
    py::gil_scoped_release nogil;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    size_t workers = std::min<size_t>(threads, std::max<size_t>(1, n));
    // Contiguous chunks: each row depends only on its text, so the result is the same for any
    // number of workers.
    std::vector<std::thread> pool;
    for (size_t w = 1; w < workers; ++w) {
      pool.emplace_back(SignRange, std::cref(h), std::cref(texts), n * w / workers,
                        n * (w + 1) / workers, repair, normalize, data);
    }
    SignRange(h, texts, 0, n / workers, repair, normalize, data);
    for (std::thread& t : pool) t.join();
  }
  return out;
}

py::array_t<uint32_t> Sign(const MinHasher& h, py::handle text, bool repair, bool normalize) {
  py::list one;
  one.append(text);
  py::array_t<uint32_t> batch = SignBatch(h, one, 1, repair, normalize);
  return batch.reshape({static_cast<py::ssize_t>(h.num_perm())});
}

// Checks a (n, k) signature matrix and returns n.
size_t Rows(const SignatureArray& a, uint32_t k, const char* what) {
  if (a.ndim() != 2 || a.shape(1) != static_cast<py::ssize_t>(k)) {
    RaiseError(Status::InvalidArgument(std::string(what) + " must be a 2-D array with " +
                                       std::to_string(k) + " columns (one signature per row)"));
  }
  return static_cast<size_t>(a.shape(0));
}

// ------------------------------------------------------------------------------ LSH index

DedupIndex BuildIndex(const std::vector<std::string>& ids, const SignatureArray& signatures,
                      const MinHasher& hasher, uint32_t bands, uint32_t rows) {
  DedupIndexParams p;
  p.hash_id = kMinHashSchemeId;
  p.seed = hasher.options().seed;
  p.num_perm = hasher.num_perm();
  p.ngram = hasher.options().shingles.ngram;
  p.char_ngrams = hasher.options().shingles.char_ngrams;
  p.bands = bands;
  p.rows = rows;
  size_t n = Rows(signatures, p.num_perm, "signatures");
  if (ids.size() != n) RaiseError(Status::InvalidArgument("ids and signatures differ in length"));
  std::vector<uint32_t> sig_vec(signatures.data(), signatures.data() + n * p.num_perm);
  Result<DedupIndex> index = Status::Internal("not built");
  {
    py::gil_scoped_release nogil;
    index = DedupIndex::Build(p, ids, std::move(sig_vec));
  }
  return ValueOrThrow(std::move(index));
}

// (found, ids, similarities, positions) for each row of `signatures`; ids[i] is None when
// nothing was found.
py::tuple QueryBatch(const DedupIndex& index, const SignatureArray& signatures, double threshold) {
  size_t n = Rows(signatures, index.params().num_perm, "signatures");
  std::vector<DedupIndex::Match> matches(n);
  const uint32_t* sig = signatures.data();
  {
    py::gil_scoped_release nogil;
    std::vector<uint32_t> scratch;
    for (size_t i = 0; i < n; ++i) {
      matches[i] = index.Query(sig + i * index.params().num_perm, threshold, &scratch);
    }
  }
  py::array_t<bool> found(static_cast<py::ssize_t>(n));
  py::array_t<double> similarity(static_cast<py::ssize_t>(n));
  py::array_t<uint64_t> position(static_cast<py::ssize_t>(n));
  py::list ids;
  for (size_t i = 0; i < n; ++i) {
    const DedupIndex::Match& m = matches[i];
    found.mutable_data()[i] = m.found;
    similarity.mutable_data()[i] = m.similarity;
    position.mutable_data()[i] = m.position;
    ids.append(m.found ? ToPython(m.id, true) : py::none());
  }
  return py::make_tuple(found, ids, similarity, position);
}

py::dict IndexParams(const DedupIndex& index) {
  const DedupIndexParams& p = index.params();
  py::dict d;
  d["hash_id"] = p.hash_id;
  d["seed"] = p.seed;
  d["num_perm"] = p.num_perm;
  d["bands"] = p.bands;
  d["rows"] = p.rows;
  d["ngram"] = p.ngram;
  d["char_ngrams"] = p.char_ngrams;
  return d;
}

// ------------------------------------------------------------------------------ clustering

// NearDupDetector over the rows of `signatures`, in row order. Returns (removed, survivor,
// similarity, cluster_id, cluster_size, is_cluster_head, stats).
py::tuple NearDuplicates(const SignatureArray& signatures, double threshold,
                         const std::string& survivor, uint32_t bands, uint32_t rows,
                         std::optional<py::array_t<uint64_t, py::array::forcecast>> lengths,
                         std::optional<py::array_t<int64_t, py::array::forcecast>> keys,
                         uint64_t memory_budget_bytes, const std::string& work_dir) {
  if (signatures.ndim() != 2 || signatures.shape(1) < 1) {
    RaiseError(Status::InvalidArgument("signatures must be a 2-D array, one signature per row"));
  }
  NearDupOptions o;
  o.num_perm = static_cast<uint32_t>(signatures.shape(1));
  o.threshold = threshold;
  o.survivor = survivor;
  o.bands = bands;
  o.rows = rows;
  o.memory_budget_bytes = memory_budget_bytes;
  o.work_dir = work_dir;
  size_t n = static_cast<size_t>(signatures.shape(0));
  if (lengths && (lengths->ndim() != 1 || static_cast<size_t>(lengths->shape(0)) != n)) {
    RaiseError(Status::InvalidArgument("lengths must have one value per signature"));
  }
  if (keys && (keys->ndim() != 1 || static_cast<size_t>(keys->shape(0)) != n)) {
    RaiseError(Status::InvalidArgument("keys must have one value per signature"));
  }
  std::unique_ptr<NearDupDetector> detector = ValueOrThrow(NearDupDetector::Create(o));
  py::array_t<bool> removed(static_cast<py::ssize_t>(n)), head(static_cast<py::ssize_t>(n));
  py::array_t<uint64_t> surv(static_cast<py::ssize_t>(n)), cluster(static_cast<py::ssize_t>(n));
  py::array_t<double> sim(static_cast<py::ssize_t>(n));
  py::array_t<uint32_t> size(static_cast<py::ssize_t>(n));
  const uint64_t* len = lengths ? lengths->data() : nullptr;
  const int64_t* key = keys ? keys->data() : nullptr;
  Status status;
  {
    py::gil_scoped_release nogil;
    for (size_t i = 0; i < n && status.ok(); ++i) {
      status = detector->Add(i, signatures.data() + i * o.num_perm, len ? len[i] : 0,
                             key ? key[i] : 0);
    }
    if (status.ok()) status = detector->Finish();
    for (size_t i = 0; i < n && status.ok(); ++i) {
      NearDupDetector::Decision d = detector->Get(i);
      removed.mutable_data()[i] = d.removed;
      surv.mutable_data()[i] = d.survivor;
      sim.mutable_data()[i] = d.similarity;
      cluster.mutable_data()[i] = d.cluster_id;
      size.mutable_data()[i] = d.cluster_size;
      head.mutable_data()[i] = d.is_cluster_head;
    }
  }
  ThrowIfError(status);
  const NearDupStats& s = detector->stats();
  py::dict stats;
  stats["documents"] = s.documents;
  stats["candidate_pairs"] = s.candidate_pairs;
  stats["verified_pairs"] = s.verified_pairs;
  stats["similar_pairs"] = s.similar_pairs;
  stats["clusters"] = s.clusters;
  stats["removed"] = s.removed;
  stats["extra_leaders"] = s.extra_leaders;
  stats["bands"] = detector->lsh_params().bands;
  stats["rows"] = detector->lsh_params().rows;
  return py::make_tuple(removed, surv, sim, cluster, size, head, stats);
}

}  // namespace

void RegisterMinHash(py::module_& m) {
  py::class_<MinHasher>(m, "MinHasher", "MinHash signer (saring::MinHasher).")
      .def(py::init(&CreateHasher), py::arg("num_perm"), py::arg("ngram"), py::arg("seed"),
           py::arg("char_ngrams"), "Creates a signer; saring.Error for bad parameters.")
      .def_property_readonly("num_perm", &MinHasher::num_perm, "Signature length.")
      .def_property_readonly(
          "ngram", [](const MinHasher& h) { return h.options().shingles.ngram; },
          "Tokens per shingle.")
      .def_property_readonly(
          "seed", [](const MinHasher& h) { return h.options().seed; }, "Permutation seed.")
      .def_property_readonly(
          "char_ngrams", [](const MinHasher& h) { return h.options().shingles.char_ngrams; },
          "True if tokens are code points.")
      .def("sign", &Sign, py::arg("text"), py::arg("repair"), py::arg("normalize"),
           "Signature (num_perm,) uint32 of one text, prepared as the pipeline does.")
      .def("sign_batch", &SignBatch, py::arg("texts"), py::arg("threads"), py::arg("repair"),
           py::arg("normalize"), "Signatures (n, num_perm) uint32; the GIL is released.");
  m.attr("DEFAULT_SEED") = kDefaultMinHashSeed;
  m.def("active_kernel", [] { return std::string(ActiveMinHashKernel()); },
        "Name of the MinHash kernel in use (scalar, avx2, avx512).");
  m.def("estimate_jaccard",
        [](const SignatureArray& a, const SignatureArray& b) {
          if (a.ndim() != 1 || b.ndim() != 1 || a.shape(0) != b.shape(0) || a.shape(0) == 0) {
            RaiseError(Status::InvalidArgument("signatures must be 1-D of the same length"));
          }
          return EstimateJaccard(a.data(), b.data(), static_cast<uint32_t>(a.shape(0)));
        },
        py::arg("a"), py::arg("b"), "Share of positions at which two signatures agree.");
  m.def("optimal_lsh_params",
        [](double threshold, uint32_t num_perm) {
          LshParams p = ValueOrThrow(OptimalLshParams(threshold, num_perm));
          return py::make_tuple(p.bands, p.rows);
        },
        py::arg("threshold"), py::arg("num_perm"), "(bands, rows) for a threshold.");

  py::class_<DedupIndex>(m, "DedupIndex", "Persistent LSH index (saring::DedupIndex).")
      .def(py::init(&BuildIndex), py::arg("ids"), py::arg("signatures"), py::arg("hasher"),
           py::arg("bands"), py::arg("rows"), "Indexes signatures[i] under ids[i].")
      .def_static("load",
                  [](const std::string& path) {
                    Result<DedupIndex> r = Status::Internal("not loaded");
                    {
                      py::gil_scoped_release nogil;
                      r = DedupIndex::Load(path);
                    }
                    return ValueOrThrow(std::move(r));
                  },
                  py::arg("path"), "Reads and checks an index file.")
      .def("save",
           [](const DedupIndex& index, const std::string& path) {
             Status s;
             {
               py::gil_scoped_release nogil;
               s = index.Write(path);
             }
             ThrowIfError(s);
           },
           py::arg("path"), "Writes the index atomically.")
      .def("query_batch", &QueryBatch, py::arg("signatures"), py::arg("threshold"),
           "(found, ids, similarities, positions) of the best match of each row.")
      .def("__len__", &DedupIndex::size, "Documents in the index.")
      .def("id",
           [](const DedupIndex& index, uint64_t position) {
             if (position >= index.size()) throw py::index_error("position out of range");
             return ToPython(index.id(position), true);
           },
           py::arg("position"), "The id of the document at `position`.")
      .def_property_readonly("params", &IndexParams, "Signing and banding parameters.");

  m.def("near_duplicates", &NearDuplicates, py::arg("signatures"), py::arg("threshold"),
        py::arg("survivor"), py::arg("bands"), py::arg("rows"), py::arg("lengths"),
        py::arg("keys"), py::arg("memory_budget_bytes"), py::arg("work_dir"),
        "NearDupDetector over signature rows: (removed, survivor, similarity, cluster_id, "
        "cluster_size, is_cluster_head, stats).");
}

}  // namespace saring::python
