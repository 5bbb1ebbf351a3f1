// Reads a fastText model file (fasttext.cc saveModel: header, args, dictionary, input
// matrix, output matrix) into FastTextModel::Impl, checking every size against the file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "langid/fasttext_model.h"
#include "langid/fasttext_model_impl.h"

namespace saring {
namespace {

constexpr int32_t kMagic = 793712314;
constexpr int32_t kMinVersion = 11;
constexpr int32_t kMaxVersion = 12;
constexpr int32_t kMaxDim = 1 << 16;

// Reads little-endian values from the file, tracking the offset for error messages.
class ModelReader {
 public:
  ModelReader(std::ifstream* in, const std::string& path) : in_(*in), path_(path) {}

  template <typename T>
  Status Read(T* value, const char* what) {
    return ReadBytes(value, sizeof(T), what);
  }

  Status ReadBytes(void* out, size_t n, const char* what) {
    in_.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
    if (static_cast<size_t>(in_.gcount()) != n) {
      return Status::Corruption(
          fmt::format("{} is truncated: {} at byte {} ends past the file", path_, what, offset_));
    }
    offset_ += n;
    return Status::Ok();
  }

  // A '\0'-terminated string (a dictionary entry).
  Status ReadCString(std::string* out) {
    out->clear();
    for (;;) {
      const int c = in_.get();
      if (c == std::char_traits<char>::eof()) {
        return Status::Corruption(
            fmt::format("{} is truncated: dictionary entry at byte {} has no end", path_, offset_));
      }
      ++offset_;
      if (c == 0) return Status::Ok();
      out->push_back(static_cast<char>(c));
    }
  }

  Status Bad(std::string_view what) const {
    return Status::Corruption(fmt::format("{}: {} (at byte {})", path_, what, offset_));
  }
  bool AtEnd() { return in_.peek() == std::char_traits<char>::eof(); }

 private:
  std::ifstream& in_;
  const std::string& path_;
  uint64_t offset_ = 0;
};

Status ReadQuantizer(ModelReader& r, FastTextQuantizer* pq) {
  SARING_RETURN_IF_ERROR(r.Read(&pq->dim, "quantizer dim"));
  SARING_RETURN_IF_ERROR(r.Read(&pq->nsubq, "quantizer nsubq"));
  SARING_RETURN_IF_ERROR(r.Read(&pq->dsub, "quantizer dsub"));
  SARING_RETURN_IF_ERROR(r.Read(&pq->lastdsub, "quantizer lastdsub"));
  if (pq->dim <= 0 || pq->dim > kMaxDim || pq->nsubq <= 0 || pq->dsub <= 0 || pq->lastdsub <= 0 ||
      int64_t{pq->dsub} * (pq->nsubq - 1) + pq->lastdsub != pq->dim) {
    return r.Bad(fmt::format("product quantizer sizes do not agree (dim {}, {} x {} + {})", pq->dim,
                             pq->nsubq, pq->dsub, pq->lastdsub));
  }
  pq->centroids.resize(static_cast<size_t>(pq->dim) * 256);
  return r.ReadBytes(pq->centroids.data(), pq->centroids.size() * sizeof(float), "centroids");
}

Status ReadMatrix(ModelReader& r, bool quantized, FastTextMatrix* m) {
  m->quantized = quantized;
  if (!quantized) {
    SARING_RETURN_IF_ERROR(r.Read(&m->rows, "matrix rows"));
    SARING_RETURN_IF_ERROR(r.Read(&m->cols, "matrix cols"));
    if (m->rows < 0 || m->cols <= 0 || m->cols > kMaxDim ||
        m->rows > std::numeric_limits<int64_t>::max() / 4 / m->cols) {
      return r.Bad(fmt::format("impossible matrix size {} x {}", m->rows, m->cols));
    }
    m->dense.resize(static_cast<size_t>(m->rows * m->cols));
    return r.ReadBytes(m->dense.data(), m->dense.size() * sizeof(float), "matrix");
  }
  SARING_RETURN_IF_ERROR(r.Read(&m->qnorm, "qnorm"));
  SARING_RETURN_IF_ERROR(r.Read(&m->rows, "matrix rows"));
  SARING_RETURN_IF_ERROR(r.Read(&m->cols, "matrix cols"));
  int32_t code_size = 0;
  SARING_RETURN_IF_ERROR(r.Read(&code_size, "code size"));
  if (m->rows < 0 || m->cols <= 0 || m->cols > kMaxDim || code_size < 0) {
    return r.Bad(fmt::format("impossible quantised matrix size {} x {}", m->rows, m->cols));
  }
  m->codes.resize(static_cast<size_t>(code_size));
  SARING_RETURN_IF_ERROR(r.ReadBytes(m->codes.data(), m->codes.size(), "codes"));
  SARING_RETURN_IF_ERROR(ReadQuantizer(r, &m->pq));
  if (m->pq.dim != m->cols || int64_t{code_size} != m->rows * m->pq.nsubq) {
    return r.Bad("quantised matrix and its quantizer do not agree");
  }
  if (m->qnorm) {
    m->norm_codes.resize(static_cast<size_t>(m->rows));
    SARING_RETURN_IF_ERROR(r.ReadBytes(m->norm_codes.data(), m->norm_codes.size(), "norm codes"));
    SARING_RETURN_IF_ERROR(ReadQuantizer(r, &m->norm_pq));
    if (m->norm_pq.dim != 1) return r.Bad("norm quantizer is not one-dimensional");
  }
  return Status::Ok();
}

Status ReadDictionary(ModelReader& r, FastTextModel::Impl* m) {
  int32_t size = 0;
  int64_t ntokens = 0;
  SARING_RETURN_IF_ERROR(r.Read(&size, "dictionary size"));
  SARING_RETURN_IF_ERROR(r.Read(&m->nwords, "word count"));
  SARING_RETURN_IF_ERROR(r.Read(&m->nlabels, "label count"));
  SARING_RETURN_IF_ERROR(r.Read(&ntokens, "token count"));
  SARING_RETURN_IF_ERROR(r.Read(&m->prune_size, "pruned index size"));
  if (size < 0 || m->nwords < 0 || m->nlabels < 0 || int64_t{m->nwords} + m->nlabels != size) {
    return r.Bad(fmt::format("dictionary sizes do not agree ({} words + {} labels != {})",
                             m->nwords, m->nlabels, size));
  }
  m->entries.resize(static_cast<size_t>(size));
  m->counts.resize(static_cast<size_t>(size));
  m->types.resize(static_cast<size_t>(size));
  for (int32_t i = 0; i < size; ++i) {
    SARING_RETURN_IF_ERROR(r.ReadCString(&m->entries[i]));
    SARING_RETURN_IF_ERROR(r.Read(&m->counts[i], "entry count"));
    SARING_RETURN_IF_ERROR(r.Read(&m->types[i], "entry type"));
    const int8_t want = i < m->nwords ? 0 : 1;
    if (m->types[i] != want)
      return r.Bad("dictionary entry of the wrong type (words must precede labels)");
  }
  if (m->prune_size > 0) {
    if (m->prune_size > (int64_t{1} << 31)) return r.Bad("impossible pruned index size");
    m->prune_keys.reserve(static_cast<size_t>(m->prune_size));
    m->prune_values.reserve(static_cast<size_t>(m->prune_size));
    for (int64_t i = 0; i < m->prune_size; ++i) {
      int32_t key = 0, value = 0;
      SARING_RETURN_IF_ERROR(r.Read(&key, "pruned index key"));
      SARING_RETURN_IF_ERROR(r.Read(&value, "pruned index value"));
      if (key < 0 || value < 0) return r.Bad("negative pruned index entry");
      m->prune_keys.push_back(key);
      m->prune_values.push_back(value);
    }
  }
  return Status::Ok();
}

Status ReadModel(ModelReader& r, FastTextModel::Impl* m) {
  int32_t magic = 0;
  SARING_RETURN_IF_ERROR(r.Read(&magic, "magic number"));
  if (magic != kMagic) return r.Bad("not a fastText model (bad magic number)");
  SARING_RETURN_IF_ERROR(r.Read(&m->version, "version"));
  if (m->version < kMinVersion || m->version > kMaxVersion) {
    return r.Bad(fmt::format("fastText file version {} is not one saring reads ({}..{})",
                             m->version, kMinVersion, kMaxVersion));
  }
  int32_t
      args[12];  // dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate
  SARING_RETURN_IF_ERROR(r.ReadBytes(args, sizeof(args), "arguments"));
  double sampling = 0;
  SARING_RETURN_IF_ERROR(r.Read(&sampling, "arguments"));
  m->dim = args[0];
  m->word_ngrams = args[5];
  const int32_t loss = args[6];
  const int32_t model = args[7];
  m->bucket = args[8];
  m->minn = args[9];
  m->maxn = args[10];
  if (model != kFastTextSupervised) {
    return Status::InvalidArgument(
        "fastText model is a word-vector model (skipgram/cbow), not a classifier");
  }
  if (m->version == 11) m->maxn = 0;  // old supervised models had no character n-grams
  if (m->dim <= 0 || m->dim > kMaxDim || loss < 1 || loss > 4 || m->bucket < 0 || m->minn < 0 ||
      m->maxn < 0 || m->maxn > 64) {
    return r.Bad("arguments out of range");
  }
  m->loss = static_cast<FastTextLoss>(loss);
  SARING_RETURN_IF_ERROR(ReadDictionary(r, m));
  bool quant_input = false, quant_output = false;
  SARING_RETURN_IF_ERROR(r.Read(&quant_input, "quantised-input flag"));
  SARING_RETURN_IF_ERROR(ReadMatrix(r, quant_input, &m->input));
  if (!quant_input && m->prune_size >= 0)
    return r.Bad("a pruned dictionary needs a quantised input matrix");
  SARING_RETURN_IF_ERROR(r.Read(&quant_output, "quantised-output flag"));
  SARING_RETURN_IF_ERROR(ReadMatrix(r, quant_input && quant_output, &m->output));
  if (m->input.cols != m->dim || m->output.cols != m->dim) return r.Bad("matrix width is not dim");
  if (m->output.rows != m->nlabels) return r.Bad("output matrix rows are not the label count");
  // Every feature id Features() can produce must be a row of the input matrix.
  int64_t max_bucket_row = m->bucket;
  if (m->prune_size >= 0) {
    max_bucket_row = 0;
    for (int32_t v : m->prune_values)
      max_bucket_row = std::max<int64_t>(max_bucket_row, int64_t{v} + 1);
  }
  if (m->input.rows < m->nwords + max_bucket_row) {
    return r.Bad(
        fmt::format("input matrix has {} rows, fewer than the {} words and {} n-gram buckets",
                    m->input.rows, m->nwords, max_bucket_row));
  }
  if (!r.AtEnd()) return r.Bad("unexpected bytes after the output matrix");
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<FastTextModel>> FastTextModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    if (errno == ENOENT) return Status::NotFound("fastText model not found: " + path);
    return Status::IoError("cannot open fastText model " + path + ": " + std::strerror(errno));
  }
  auto impl = std::make_unique<Impl>();
  ModelReader reader(&in, path);
  Status status = ReadModel(reader, impl.get());
  if (!status.ok()) {
    if (status.code() == StatusCode::kInvalidArgument) {
      return Status::InvalidArgument(path + ": " + status.message());
    }
    return status;
  }
  if (in.bad()) return Status::IoError("cannot read fastText model " + path);
  // Dequantise a quantised input matrix up to 256 MiB: the rows are then plain floats with
  // the very values fastText's addcode adds.
  if (impl->input.quantized &&
      impl->input.rows * impl->input.cols <= (int64_t{256} << 20) / int64_t{sizeof(float)}) {
    impl->input.Dequantize();
  }
  impl->Prepare();
  return std::unique_ptr<FastTextModel>(new FastTextModel(std::move(impl)));
}

}  // namespace saring
