// Test-only helpers of substring dedup: generated corpora with copied passages, and a reference
// built on a suffix array (Debian's libdivsufsort) of the word sequence. Header-only so that they
// stay out of the libraries.
#ifndef SARING_PIPELINE_SUBSTRING_TEST_UTIL_H_
#define SARING_PIPELINE_SUBSTRING_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#ifdef SARING_HAVE_DIVSUFSORT
#include <divsufsort.h>
#endif

namespace saring::test_util {

// The words of an ASCII text as the reference sees them: split at anything that is not a letter
// or digit, lower-cased, digits folded to '0'. (Independent of saring's segmentation; the
// generated texts use only letters, digits and whitespace.)
inline std::vector<std::string> ReferenceWords(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      cur.push_back(std::isdigit(u) ? '0' : static_cast<char>(std::tolower(u)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

#ifdef SARING_HAVE_DIVSUFSORT
// The words (document, word index) that lie inside a later copy of a repeated run of at least
// `n` words, by the suffix-array definition: words become integers, each document ends with a
// separator that matches nothing, and every suffix that shares its first n words with a suffix
// starting earlier in the sequence marks those n words.
inline std::set<std::pair<uint32_t, uint32_t>> ReferenceCuts(
    const std::vector<std::vector<std::string>>& docs, uint32_t n) {
  std::map<std::string, uint32_t> ids;
  for (const auto& d : docs) {
    for (const std::string& w : d) ids.emplace(w, 0);
  }
  uint32_t next = 1;
  for (auto& [w, id] : ids) id = next++;
  std::vector<uint32_t> seq;  // word ids; separators are next, next + 1, ...
  std::vector<std::pair<uint32_t, uint32_t>> where;
  for (uint32_t d = 0; d < docs.size(); ++d) {
    for (uint32_t i = 0; i < docs[d].size(); ++i) {
      seq.push_back(ids[docs[d][i]]);
      where.push_back({d, i});
    }
    seq.push_back(next++);
    where.push_back({~0u, ~0u});
  }
  // Four big-endian bytes a symbol: byte order of aligned suffixes = order of symbol sequences.
  std::string bytes;
  for (uint32_t s : seq) {
    for (int k = 3; k >= 0; --k) bytes.push_back(static_cast<char>((s >> (8 * k)) & 0xff));
  }
  std::vector<saidx_t> sa(bytes.size());
  if (divsufsort(reinterpret_cast<const sauchar_t*>(bytes.data()), sa.data(),
                 static_cast<saidx_t>(bytes.size())) != 0) {
    return {};
  }
  std::vector<uint32_t> order;  // symbol positions in suffix order
  for (saidx_t p : sa) {
    if (p % 4 == 0) order.push_back(static_cast<uint32_t>(p / 4));
  }
  auto lcp = [&](uint32_t a, uint32_t b) {
    uint32_t l = 0;
    while (l < n && a + l < seq.size() && b + l < seq.size() && seq[a + l] == seq[b + l]) ++l;
    return l;
  };
  std::set<std::pair<uint32_t, uint32_t>> cut;
  for (size_t i = 0; i < order.size();) {
    size_t j = i + 1;
    while (j < order.size() && lcp(order[i], order[j]) >= n) ++j;
    if (j - i > 1) {  // a block of suffixes sharing n words: all but the earliest are copies
      uint32_t earliest = *std::min_element(order.begin() + i, order.begin() + j);
      for (size_t k = i; k < j; ++k) {
        if (order[k] == earliest) continue;
        for (uint32_t t = 0; t < n; ++t) cut.insert(where[order[k] + t]);
      }
    }
    i = j;
  }
  return cut;
}
#endif

// A generated corpus: documents of random words from a small vocabulary, into which passages are
// copied across documents (re-wrapped, with case changed), twice into one document, overlapping
// earlier copies, and across paragraph breaks.
inline std::vector<std::string> CopiedPassageCorpus(uint32_t seed, int documents, uint32_t n) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocab;
  for (int i = 0; i < 300; ++i) {
    std::string w;
    int len = 2 + static_cast<int>(rng() % 7);
    for (int k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + rng() % 26));
    if (rng() % 20 == 0) w += std::to_string(rng() % 100);
    vocab.push_back(w);
  }
  std::vector<std::vector<std::string>> words;  // per document, before spelling
  for (int d = 0; d < documents; ++d) {
    std::vector<std::string> doc;
    const int len = static_cast<int>(rng() % (4 * n)) + 3;
    for (int i = 0; i < len; ++i) doc.push_back(vocab[rng() % vocab.size()]);
    // Copy passages of n - 2 .. 2n words from earlier documents or from this one.
    const int copies = static_cast<int>(rng() % 4);
    for (int c = 0; c < copies; ++c) {
      const std::vector<std::string>& from = d > 0 && rng() % 3 != 0 ? words[rng() % d] : doc;
      if (from.size() < 2) continue;
      size_t want = n - 2 + rng() % (n + 3);
      size_t start = rng() % from.size();
      size_t end = std::min(from.size(), start + want);
      std::vector<std::string> passage(from.begin() + static_cast<long>(start),
                                       from.begin() + static_cast<long>(end));
      size_t at = rng() % (doc.size() + 1);
      doc.insert(doc.begin() + static_cast<long>(at), passage.begin(), passage.end());
      if (rng() % 4 == 0) {  // the same passage twice in this document
        size_t again = rng() % (doc.size() + 1);
        doc.insert(doc.begin() + static_cast<long>(again), passage.begin(), passage.end());
      }
    }
    words.push_back(doc);
  }
  std::vector<std::string> texts;
  for (const auto& doc : words) {
    std::string t;
    for (size_t i = 0; i < doc.size(); ++i) {
      if (i) {
        switch (rng() % 12) {
          case 0: t += "\n"; break;
          case 1: t += "\n\n"; break;  // a paragraph break
          case 2: t += "  "; break;
          case 3: t += " \t "; break;
          default: t += " "; break;
        }
      }
      std::string w = doc[i];
      if (rng() % 7 == 0) {
        for (char& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      } else if (rng() % 5 == 0) {
        w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      }
      t += w;
    }
    texts.push_back(t);
  }
  return texts;
}

}  // namespace saring::test_util

#endif  // SARING_PIPELINE_SUBSTRING_TEST_UTIL_H_
