// The stop-word lists compiled into the binary (generated into stopwords_data.cc from
// data/stopwords/<iso639-1>.txt by gen_stopwords_data.sh).
#ifndef SARING_QUALITY_STOPWORDS_DATA_H_
#define SARING_QUALITY_STOPWORDS_DATA_H_

#include <cstddef>

namespace saring::quality_internal {

struct BuiltInStopWordList {
  const char* language;  // ISO 639-1 code, the file name without ".txt"
  const char* text;      // the whole .txt file, byte for byte
};

extern const BuiltInStopWordList kBuiltInStopWordLists[];
extern const size_t kNumBuiltInStopWordLists;

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_STOPWORDS_DATA_H_
