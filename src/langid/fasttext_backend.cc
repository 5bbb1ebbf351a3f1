// LanguageIdentifierBackend on a fastText supervised model (lid.176.ftz).
//
// fastText (Joulin et al. 2016, arXiv:1607.01759) averages the embeddings of a text's words
// and character 2..4-grams and scores the 176 labels with a hierarchical softmax. Its
// tokenizer reads one line from a std::istream and stops at the first '\n', so we copy the
// text into a per-thread buffer with newlines turned into spaces and a single '\n' at the
// end, and expose that buffer through a non-owning streambuf.
//
// Thread-safety: FastText::predict() is const and builds its Model::State on the stack;
// Dictionary::getLine() is const. All mutable scratch is thread_local below.
#include <fasttext/fasttext.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "langid/language_codes.h"
#include "langid/language_id_backend.h"

namespace saring {
namespace {

// fastText's model file header (fasttext.cc: FASTTEXT_FILEFORMAT_MAGIC_INT32, and the
// newest file version 0.9.2 reads).
constexpr int32_t kFastTextMagic = 793712314;
constexpr int32_t kFastTextMaxVersion = 12;
// Scratch buffers above this size are released after a call, so that one huge document
// does not pin its memory in every thread for the life of the process.
constexpr size_t kMaxRetainedScratchBytes = size_t{1} << 20;

// A read-only std::streambuf over caller-owned bytes. REQUIRES: the bytes outlive reads.
class ViewStreamBuf final : public std::streambuf {
 public:
  void Reset(char* begin, size_t size) { setg(begin, begin, begin + size); }
};

struct FastTextScratch {
  std::string line;
  ViewStreamBuf buffer;
  std::istream stream{&buffer};
  std::vector<int32_t> words;
  std::vector<int32_t> labels;
  fasttext::Predictions predictions;
};

FastTextScratch& ThreadScratch() {
  thread_local FastTextScratch scratch;
  return scratch;
}

// Turns fastText's log-score into a probability. fastText sums log(x + 1e-5) along the
// hierarchical-softmax path (Loss::std_log), so exp() can exceed 1 by ~1e-5: clamp.
double Probability(fasttext::real log_score) {
  return std::clamp(std::exp(static_cast<double>(log_score)), 0.0, 1.0);
}

// Copies `text` into `line` as one fastText line: '\n' -> ' ', plus a closing '\n'.
void PrepareLine(std::string_view text, std::string* line) {
  line->assign(text.data(), text.size());
  for (char& c : *line) {
    if (c == '\n') c = ' ';
  }
  line->push_back('\n');
}

void TrimScratch(FastTextScratch* scratch) {
  if (scratch->line.capacity() > kMaxRetainedScratchBytes) std::string().swap(scratch->line);
  if (scratch->words.capacity() * sizeof(int32_t) > kMaxRetainedScratchBytes) {
    std::vector<int32_t>().swap(scratch->words);
  }
}

// A read-only std::streambuf over a model file's bytes that, past the end, serves zero
// bytes instead of EOF and remembers that it did. fastText 0.9.2's loader does not check
// for EOF while reading dictionary words (it loops until it reads a '\0'), so a truncated
// file would otherwise make it allocate without bound; with zeros it finishes quickly and
// we report the overrun as corruption.
class ZeroPaddedStreamBuf final : public std::streambuf {
 public:
  // REQUIRES: `bytes` outlives this object.
  explicit ZeroPaddedStreamBuf(std::string* bytes) {
    setg(bytes->data(), bytes->data(), bytes->data() + bytes->size());
  }
  bool overran() const { return overran_; }

 protected:
  int_type underflow() override {
    overran_ = true;
    setg(zeros_, zeros_, zeros_ + sizeof(zeros_));
    return traits_type::to_int_type(zeros_[0]);
  }

 private:
  char zeros_[4096] = {};
  bool overran_ = false;
};

// Gives access to fastText's protected header check, so that we can load from a stream.
class LoadableFastText final : public fasttext::FastText {
 public:
  bool CheckHeader(std::istream& in) { return checkModel(in); }
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Status::IoError("cannot open fastText model " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError("cannot read fastText model " + path);
  return bytes;
}

// Checks the magic number and version without relying on exceptions from fastText.
Status CheckModelHeader(const std::string& path, std::string_view bytes) {
  int32_t header[2] = {0, 0};
  if (bytes.size() < sizeof(header)) return Status::Corruption(path + " is too short");
  std::memcpy(header, bytes.data(), sizeof(header));
  if (header[0] != kFastTextMagic) {
    return Status::Corruption(path + " is not a fastText model (bad magic number)");
  }
  if (header[1] > kFastTextMaxVersion) {
    return Status::Corruption(path + " has fastText file version " + std::to_string(header[1]) +
                              ", newer than this libfasttext reads");
  }
  return Status::Ok();
}

class FastTextBackend final : public LanguageIdentifierBackend {
 public:
  explicit FastTextBackend(std::unique_ptr<LoadableFastText> model)
      : model_(std::move(model)), dictionary_(model_->getDictionary()) {
    codes_.reserve(static_cast<size_t>(dictionary_->nlabels()));
    for (int32_t id = 0; id < dictionary_->nlabels(); ++id) {
      codes_.emplace_back(NormalizeFastTextLabel(dictionary_->getLabel(id)));
    }
  }

  LanguageGuess Identify(std::string_view utf8_text) const override {
    FastTextScratch& scratch = ThreadScratch();
    PrepareLine(utf8_text, &scratch.line);
    scratch.buffer.Reset(scratch.line.data(), scratch.line.size());
    scratch.stream.clear();
    dictionary_->getLine(scratch.stream, scratch.words, scratch.labels);
    scratch.predictions.clear();
    model_->predict(/*k=*/2, scratch.words, scratch.predictions, /*threshold=*/0.0);
    LanguageGuess guess = ToGuess(scratch.predictions);
    TrimScratch(&scratch);
    return guess;
  }

 private:
  // `predictions` holds (log-probability, label id) pairs, best first.
  LanguageGuess ToGuess(const fasttext::Predictions& predictions) const {
    LanguageGuess guess{std::string(kUndeterminedLanguage), 0.0,
                        std::string(kUndeterminedLanguage), 0.0, false};
    if (!predictions.empty()) {
      guess.language = CodeOf(predictions[0].second);
      guess.score = Probability(predictions[0].first);
    }
    if (predictions.size() > 1) {
      guess.runner_up = CodeOf(predictions[1].second);
      guess.runner_up_score = Probability(predictions[1].first);
    }
    guess.reliable = guess.score >= kFastTextReliableProbability;
    return guess;
  }

  const std::string& CodeOf(int32_t label_id) const {
    return codes_[static_cast<size_t>(label_id)];
  }

  std::unique_ptr<LoadableFastText> model_;
  std::shared_ptr<const fasttext::Dictionary> dictionary_;
  std::vector<std::string> codes_;  // normalised code per label id
};

// Loads `bytes` (the contents of `path`) into `model`. fastText reports load failures by
// throwing; they are contained here so that no exception crosses a saring function.
// Without exceptions, CheckModelHeader() and the zero padding are the only guards.
// Model files are trusted input: a crafted file with absurd sizes can still exhaust memory.
Status LoadModel(const std::string& path, std::string* bytes, LoadableFastText* model) {
  SARING_RETURN_IF_ERROR(CheckModelHeader(path, *bytes));
  ZeroPaddedStreamBuf buffer(bytes);
  std::istream in(&buffer);
#if defined(__cpp_exceptions)
  try {
    if (!model->CheckHeader(in)) return Status::Corruption(path + " is not a fastText model");
    model->loadModel(in);
  } catch (const std::exception& e) {
    return Status::Corruption("cannot load fastText model " + path + ": " + e.what());
  }
#else
  if (!model->CheckHeader(in)) return Status::Corruption(path + " is not a fastText model");
  model->loadModel(in);
#endif
  if (buffer.overran()) return Status::Corruption(path + " is truncated");
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<LanguageIdentifierBackend>> NewFastTextBackend(
    const std::string& model_path) {
  SARING_ASSIGN_OR_RETURN(std::string bytes, ReadFile(model_path));
  auto model = std::make_unique<LoadableFastText>();
  SARING_RETURN_IF_ERROR(LoadModel(model_path, &bytes, model.get()));
  if (model->getArgs().model != fasttext::model_name::sup) {
    return Status::InvalidArgument(model_path +
                                   " is a fastText word-vector model, not a classifier");
  }
  return std::unique_ptr<LanguageIdentifierBackend>(
      std::make_unique<FastTextBackend>(std::move(model)));
}

}  // namespace saring
