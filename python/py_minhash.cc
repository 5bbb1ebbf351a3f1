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
  std::vector<Utf8Text> texts(seq.begin(), seq.end());
  size_t n = texts.size();
  py::array_t<uint32_t> out({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(h.num_perm())});
  uint32_t* data = out.mutable_data();
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
  return out;
}

// Checks a (n, k) signature matrix and returns n.
size_t Rows(const SignatureArray& a, uint32_t k) {
  if (a.ndim() != 2 || a.shape(1) != static_cast<py::ssize_t>(k)) {
    RaiseError(Status::InvalidArgument("signatures must be a 2-D array with " + std::to_string(k) +
                                       " columns (one signature per row)"));
  }
  return static_cast<size_t>(a.shape(0));
}

DedupIndex BuildIndex(const std::vector<std::string>& ids, const SignatureArray& signatures,
                      const MinHasher& hasher, uint32_t bands, uint32_t rows) {
  const MinHashOptions& h = hasher.options();
  DedupIndexParams p{.hash_id = kMinHashSchemeId,
                     .seed = h.seed,
                     .num_perm = hasher.num_perm(),
                     .bands = bands,
                     .rows = rows,
                     .ngram = h.shingles.ngram,
                     .char_ngrams = h.shingles.char_ngrams};
  size_t n = Rows(signatures, p.num_perm);
  if (ids.size() != n) RaiseError(Status::InvalidArgument("ids and signatures differ in length"));
  std::vector<uint32_t> sig(signatures.data(), signatures.data() + n * p.num_perm);
  return ValueOrThrow(WithoutGil([&] { return DedupIndex::Build(p, ids, std::move(sig)); }));
}

// The best match (id, similarity) of each row of `signatures`, or None.
py::list QueryBatch(const DedupIndex& index, const SignatureArray& signatures, double threshold) {
  const uint32_t k = index.params().num_perm;
  std::vector<DedupIndex::Match> matches(Rows(signatures, k));
  {
    py::gil_scoped_release nogil;
    std::vector<uint32_t> scratch;
    for (size_t i = 0; i < matches.size(); ++i) {
      matches[i] = index.Query(signatures.data() + i * k, threshold, &scratch);
    }
  }
  py::list out;
  for (const DedupIndex::Match& m : matches) {
    out.append(m.found ? py::object(py::make_tuple(ToPython(m.id, true), m.similarity))
                       : py::none());
  }
  return out;
}

py::dict IndexParams(const DedupIndex& index) {
  const DedupIndexParams& p = index.params();
  return py::dict("hash_id"_a = p.hash_id, "seed"_a = p.seed, "num_perm"_a = p.num_perm,
                  "bands"_a = p.bands, "rows"_a = p.rows, "ngram"_a = p.ngram,
                  "char_ngrams"_a = p.char_ngrams);
}

// NearDupDetector over the rows of `signatures`, in row order: one (removed, survivor,
// similarity, cluster_id, cluster_size, is_cluster_head) per row. `lengths` and `keys` hold one
// value per row, or none (the Python layer checks).
std::vector<py::tuple> NearDuplicates(const SignatureArray& signatures, NearDupOptions o,
                                      std::vector<uint64_t> lengths, std::vector<int64_t> keys) {
  if (signatures.ndim() != 2 || signatures.shape(1) < 1) {
    RaiseError(Status::InvalidArgument("signatures must be a 2-D array, one signature per row"));
  }
  o.num_perm = static_cast<uint32_t>(signatures.shape(1));
  size_t n = static_cast<size_t>(signatures.shape(0));
  lengths.resize(n);  // empty: zeros, for survivor policies that do not read them
  keys.resize(n);
  std::vector<NearDupDetector::Decision> decisions(n);
  ThrowIfError(WithoutGil([&]() -> Status {
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<NearDupDetector> detector, NearDupDetector::Create(o));
    for (size_t i = 0; i < n; ++i) {
      SARING_RETURN_IF_ERROR(
          detector->Add(i, signatures.data() + i * o.num_perm, lengths[i], keys[i]));
    }
    SARING_RETURN_IF_ERROR(detector->Finish());
    for (size_t i = 0; i < n; ++i) decisions[i] = detector->Get(i);
    return Status::Ok();
  }));
  std::vector<py::tuple> out;
  for (const NearDupDetector::Decision& d : decisions) {
    out.push_back(py::make_tuple(d.removed, d.survivor, d.similarity, d.cluster_id, d.cluster_size,
                                 d.is_cluster_head));
  }
  return out;
}

}  // namespace

void RegisterMinHash(py::module_& m) {
  py::class_<MinHasher>(m, "MinHasher", "MinHash signer (saring::MinHasher).")
      .def(py::init(&CreateHasher), py::arg("num_perm"), py::arg("ngram"), py::arg("seed"),
           py::arg("char_ngrams"))
      .def_property_readonly("num_perm", &MinHasher::num_perm)
      .def_property_readonly("ngram", [](const MinHasher& h) { return h.options().shingles.ngram; })
      .def_property_readonly("seed", [](const MinHasher& h) { return h.options().seed; })
      .def_property_readonly("char_ngrams",
                             [](const MinHasher& h) { return h.options().shingles.char_ngrams; })
      .def("sign_batch", &SignBatch, py::arg("texts"), py::arg("threads"), py::arg("repair"),
           py::arg("normalize"), "Signatures (n, num_perm) uint32; the GIL is released.");
  m.attr("DEFAULT_SEED") = kDefaultMinHashSeed;
  m.def("estimate_jaccard", [](const SignatureArray& a, const SignatureArray& b) {
    if (a.ndim() != 1 || b.ndim() != 1 || a.shape(0) != b.shape(0) || a.shape(0) == 0) {
      RaiseError(Status::InvalidArgument("signatures must be 1-D of the same length"));
    }
    return EstimateJaccard(a.data(), b.data(), static_cast<uint32_t>(a.shape(0)));
  });
  m.def("optimal_lsh_params", [](double threshold, uint32_t num_perm) {
    LshParams p = ValueOrThrow(OptimalLshParams(threshold, num_perm));
    return py::make_tuple(p.bands, p.rows);
  });

  py::class_<DedupIndex>(m, "DedupIndex", "Persistent LSH index (saring::DedupIndex).")
      .def(py::init(&BuildIndex), py::arg("ids"), py::arg("signatures"), py::arg("hasher"),
           py::arg("bands"), py::arg("rows"))
      .def_static("load",
                  [](const std::string& path) {
                    return ValueOrThrow(WithoutGil([&] { return DedupIndex::Load(path); }));
                  })
      .def("save",
           [](const DedupIndex& index, const std::string& path) {
             ThrowIfError(WithoutGil([&] { return index.Write(path); }));
           })
      .def("query_batch", &QueryBatch, py::arg("signatures"), py::arg("threshold"))
      .def("__len__", &DedupIndex::size)
      .def_property_readonly("params", &IndexParams);

  m.def("near_duplicates",
        [](const SignatureArray& signatures, double threshold, const std::string& survivor,
           uint32_t bands, uint32_t rows, std::vector<uint64_t> lengths, std::vector<int64_t> keys,
           uint64_t memory_budget_bytes, const std::string& work_dir) {
          NearDupOptions o;
          o.bands = bands;
          o.rows = rows;
          o.threshold = threshold;
          o.survivor = ValueOrThrow(ParseSurvivorPolicy(survivor));
          o.memory_budget_bytes = memory_budget_bytes;
          o.work_dir = work_dir;
          return NearDuplicates(signatures, o, std::move(lengths), std::move(keys));
        });
}

}  // namespace saring::python
