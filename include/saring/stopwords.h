// StopWords: a set of lower-case function words of one language, used by the Gopher stop-word
// rule (a document must contain at least two of them; Rae et al. 2021, "Scaling Language Models:
// Methods, Analysis & Insights from Training Gopher", App. A, whose English list is "the, be, to,
// of, and, that, have, with").
//
// Lists are plain text files, data/stopwords/<iso639-1>.txt: one word per line, '#' starts a
// comment line, blank lines are ignored. The same files are compiled into the binary (see
// docs/quality.md, "Adding a stop-word language"), so BuiltIn() needs no file at run time.
//
// Matching is on the lower-cased core of a whitespace token (see quality.h): words in a list must
// be lower case (full Unicode lower case for non-ASCII letters) and at most kMaxStopWordBytes long.
//
// Thread-safety: a StopWords object is immutable after construction; any number of threads may
// call its const methods at once. BuiltIn() is safe to call from any thread.
#ifndef SARING_STOPWORDS_H_
#define SARING_STOPWORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

class StopWords {
 public:
  // Longest stop word accepted, in bytes. Longer tokens are never looked up.
  static constexpr size_t kMaxStopWordBytes = 32;

  StopWords() = default;  // the empty list
  StopWords(const StopWords&) = default;
  StopWords& operator=(const StopWords&) = default;
  StopWords(StopWords&&) = default;
  StopWords& operator=(StopWords&&) = default;

  // Parses a list in the file format above. Returns InvalidArgument (naming the 1-based line) for
  // a word that contains whitespace, contains an ASCII upper-case letter, is longer than
  // kMaxStopWordBytes, or repeats an earlier word.
  static Result<StopWords> Parse(std::string_view list_text);

  // Returns the compiled-in list for an ISO 639-1 code ("en", "id"), or nullptr if there is none.
  // The object lives for the rest of the program.
  static const StopWords* BuiltIn(std::string_view language);

  // The ISO 639-1 codes of the compiled-in lists, sorted.
  static std::vector<std::string_view> BuiltInLanguages();

  // The compiled-in file text for `language` (byte for byte the data/stopwords file), or "" if
  // there is none. The view points to static storage.
  static std::string_view BuiltInListText(std::string_view language);

  // True if `word` (already lower-cased) is in the list.
  bool Contains(std::string_view word) const { return ContainsHashed(Hash(word), word); }

  // As Contains(), with hash == Hash(word) computed by the caller (the signal computer hashes
  // each token once and reuses the hash).
  bool ContainsHashed(uint64_t hash, std::string_view word) const;

  // The hash ContainsHashed() expects: XXH3-64 of the word's bytes, seed 0.
  static uint64_t Hash(std::string_view word);

  size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  // The words in file order.
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
  // Open-addressing table of indexes into words_ + 1 (0 = empty slot); size is a power of two
  // at least four times the number of words.
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> slot_hashes_;
  // 1024-bit Bloom filter on hash bits 54..63: rejects most non-stop-words without a probe.
  uint64_t bloom_[16] = {};
};

}  // namespace saring

#endif  // SARING_STOPWORDS_H_
