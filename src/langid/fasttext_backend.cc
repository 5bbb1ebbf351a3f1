// LanguageIdentifierBackend on a fastText supervised model (lid.176.ftz or any fastText
// language-ID model), run by saring's own inference engine (fasttext_model.h).
//
// fastText (Joulin et al. 2016, arXiv:1607.01759) averages the embeddings of a text's words
// and character n-grams and scores the labels (lid.176: hierarchical softmax over 176).
// The whole text is one line: newlines count as spaces.
//
// Thread-safety: FastTextModel::Predict is const; the scratch is thread_local below.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "langid/fasttext_model.h"
#include "langid/language_codes.h"
#include "langid/language_id_backend.h"

namespace saring {
namespace {

// Scratch buffers above this size are released after a call, so that one huge document
// does not pin its memory in every thread for the life of the process.
constexpr size_t kMaxRetainedScratchBytes = size_t{1} << 20;

struct ThreadState {
  FastTextScratch scratch;
  std::vector<FastTextPrediction> predictions;
};

ThreadState& ThreadScratch() {
  thread_local ThreadState state;
  return state;
}

class FastTextBackend final : public LanguageIdentifierBackend {
 public:
  explicit FastTextBackend(std::unique_ptr<FastTextModel> model) : model_(std::move(model)) {
    codes_.reserve(static_cast<size_t>(model_->label_count()));
    for (int32_t id = 0; id < model_->label_count(); ++id) {
      codes_.emplace_back(NormalizeFastTextLabel(model_->label(id)));
    }
  }

  LanguageGuess Identify(std::string_view utf8_text) const override {
    ThreadState& state = ThreadScratch();
    model_->Predict(utf8_text, /*k=*/2, /*threshold=*/0.0f, &state.scratch, &state.predictions);
    LanguageGuess guess{std::string(kUndeterminedLanguage), 0.0, std::string(kUndeterminedLanguage),
                        0.0, false};
    const std::vector<FastTextPrediction>& p = state.predictions;
    if (!p.empty()) {
      guess.language = codes_[static_cast<size_t>(p[0].label)];
      guess.score = p[0].Probability();
    }
    if (p.size() > 1) {
      guess.runner_up = codes_[static_cast<size_t>(p[1].label)];
      guess.runner_up_score = p[1].Probability();
    }
    guess.reliable = guess.score >= kFastTextReliableProbability;
    state.scratch.Trim(kMaxRetainedScratchBytes);
    return guess;
  }

 private:
  std::unique_ptr<FastTextModel> model_;
  std::vector<std::string> codes_;  // normalised code per label id
};

}  // namespace

Result<std::unique_ptr<LanguageIdentifierBackend>> NewFastTextBackend(
    const std::string& model_path) {
  SARING_ASSIGN_OR_RETURN(std::unique_ptr<FastTextModel> model, FastTextModel::Load(model_path));
  return std::unique_ptr<LanguageIdentifierBackend>(
      std::make_unique<FastTextBackend>(std::move(model)));
}

}  // namespace saring
