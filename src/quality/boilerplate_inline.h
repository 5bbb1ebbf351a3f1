// InlineScanner: finds boilerplate insertions inside paragraphs (related-article links, captions,
// credits; docs/boilerplate.md, "Inline insertions") and, for learning, the colon labels that open
// sentences. Both passes use the same tokeniser and the same end rules, so that what the learner
// counts as "followed by a headline" is exactly what the matcher would cut.
#ifndef SARING_QUALITY_BOILERPLATE_INLINE_H_
#define SARING_QUALITY_BOILERPLATE_INLINE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quality/inline_tokens.h"
#include "saring/boilerplate.h"

namespace saring::quality_internal {

// A colon label opening a sentence ("Artikel Terkait:"), as the learner counts it.
struct InlineLabel {
  uint64_t key;   // XXH3 of its lower-cased words, salted with the source
  bool headline;  // followed by a title-cased headline that the link rule would cut
};

class InlineScanner {
 public:
  // Lists every colon label of 1-3 words that opens a sentence in `text` outside a quotation.
  void FindLabels(std::string_view text, uint64_t source_hash, std::vector<InlineLabel>* out);

  // Replaces *out with the insertions to cut (BoilerplateMatcher::FindInline). learned(key)
  // returns the document count of a learned label of this source, or 0 if it is not a marker.
  void Find(std::string_view text, uint64_t source_hash, bool use_seeds,
            const std::function<uint32_t(uint64_t)>& learned, std::vector<BoilerplateInline>* out);

 private:
  struct Cut {
    uint32_t last_token;  // the insertion's last token (inclusive)
    uint32_t end_byte;    // one past the insertion's last byte
  };
  void BeginDocument(std::string_view text);
  void Tokenize(std::string_view text, size_t b, size_t e);
  // Tries every marker at token i; on a hit appends to *out and returns the first token after it.
  uint32_t TryAt(uint32_t i, bool boundary, bool use_seeds,
                 const std::function<uint32_t(uint64_t)>& learned, uint64_t source_hash,
                 std::vector<BoilerplateInline>* out);
  // The colon label at token i (1-3 words, the last with a trailing ':'); returns its word count or
  // 0, and its lower-cased words in label_.
  uint32_t LabelAt(uint32_t i);
  // The link rule: the headline starting at token j; false if there is none of >= min_words.
  bool LinkEnd(uint32_t j, uint32_t min_words, Cut* cut);
  bool CreditEnd(uint32_t j, Cut* cut);
  bool CaptionEnd(uint32_t i, Cut* cut);
  // The token index where a sentence starts inside the title-cased run [j, m) (m: the first
  // lower-case word after it).
  uint32_t SentenceStart(uint32_t j, uint32_t m);
  // A title-cased word of the run [run_begin, run_end): common (listed, written in lower case in
  // this document, or with an Indonesian derivational suffix), a name (an acronym, or written
  // capitalised inside a sentence elsewhere in the document), or unknown.
  enum WordClass { kCommon, kName, kUnknown };
  WordClass Classify(uint32_t t, uint32_t run_begin, uint32_t run_end);
  bool Opener(uint32_t t);
  std::string_view Core(uint32_t t) const;
  std::string_view Raw(uint32_t t) const;
  std::string_view Lower(std::string_view word);
  void BuildVocabulary();
  bool MatchWords(uint32_t i, std::string_view phrase, uint32_t* words);

  std::string_view text_;
  std::vector<InlineToken> tokens_;
  std::string lower_;
  std::string label_;
  // Per document, built only when a run needs it: sorted hashes of the lower-cased words, one
  // per occurrence written in lower case / capitalised inside a sentence (MarkInsideSentence).
  std::vector<uint64_t> lower_words_;
  std::vector<uint64_t> name_words_;
  bool vocabulary_built_ = false;
  std::vector<InlineToken> doc_tokens_;
  std::vector<uint8_t> inside_;
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_BOILERPLATE_INLINE_H_
