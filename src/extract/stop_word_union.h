// StopWordUnion: every compiled-in stop-word list in one table, so that the extractor learns with
// one lookup per word which lists hold it (it counts stop words for every language at once to
// find the page's language). Private to the extract module.
//
// Thread-safety: immutable after construction; BuiltIn() is safe from any thread.
#ifndef SARING_EXTRACT_STOP_WORD_UNION_H_
#define SARING_EXTRACT_STOP_WORD_UNION_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace saring::extract_internal {

class StopWordUnion {
 public:
  // The lists of StopWords::BuiltInLanguages(), bit i for the i-th language (at most 64).
  static const StopWordUnion& BuiltIn();

  // The lists holding `word` (lower-cased), as a bit mask; hash == StopWords::Hash(word).
  uint64_t Lists(uint64_t hash, std::string_view word) const {
    const size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask; slots_[s].lists != 0; s = (s + 1) & mask) {
      if (slots_[s].hash == hash && slots_[s].word == word) return slots_[s].lists;
    }
    return 0;
  }

 private:
  StopWordUnion();
  struct Slot {
    uint64_t hash = 0;
    uint64_t lists = 0;     // 0: empty slot
    std::string_view word;  // points into the built-in list (StopWords::BuiltIn lives forever)
  };
  std::vector<Slot> slots_;  // open addressing, power-of-two size, at most half full
};

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_STOP_WORD_UNION_H_
