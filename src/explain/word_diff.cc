// Patience word diff; see word_diff.h for the algorithm and its bounds.
#include "explain/word_diff.h"

#include <xxhash.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace saring::report {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// The word without its trailing whitespace.
std::string_view Bare(std::string_view token) {
  while (!token.empty() && IsSpace(token.back())) token.remove_suffix(1);
  return token;
}

enum class Op : uint8_t { kSame, kDel, kIns };

struct Edit {
  Op op;
  uint32_t index;  // into A for kSame/kDel, into B for kIns
};

// Deepest nesting of patience splits before a gap is given up as one change.
constexpr int kMaxDepth = 48;

// Diffs two sequences of word hashes into a list of edits.
class Differ {
 public:
  Differ(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, std::vector<Edit>* out)
      : a_(a), b_(b), out_(out) {}

  void Gap(size_t a0, size_t a1, size_t b0, size_t b1, int depth) {
    size_t prefix = 0;
    while (a0 + prefix < a1 && b0 + prefix < b1 && a_[a0 + prefix] == b_[b0 + prefix]) ++prefix;
    for (size_t k = 0; k < prefix; ++k) Same(a0 + k);
    a0 += prefix;
    b0 += prefix;
    size_t suffix = 0;
    while (a1 - suffix > a0 && b1 - suffix > b0 && a_[a1 - suffix - 1] == b_[b1 - suffix - 1])
      ++suffix;
    size_t n = a1 - suffix - a0, m = b1 - suffix - b0;
    if (n == 0 || m == 0 || n * m <= kMaxDiffCells) {
      Dp(a0, a0 + n, b0, b0 + m);
    } else if (depth >= kMaxDepth || !Patience(a0, a0 + n, b0, b0 + m, depth)) {
      Change(a0, a0 + n, b0, b0 + m);
    }
    for (size_t k = a1 - suffix; k < a1; ++k) Same(k);
  }

 private:
  void Same(size_t i) { out_->push_back({Op::kSame, static_cast<uint32_t>(i)}); }
  void Change(size_t a0, size_t a1, size_t b0, size_t b1) {
    for (size_t i = a0; i < a1; ++i) out_->push_back({Op::kDel, static_cast<uint32_t>(i)});
    for (size_t j = b0; j < b1; ++j) out_->push_back({Op::kIns, static_cast<uint32_t>(j)});
  }

  // Exact LCS. lcs_[i][j] = LCS length of A[a0+i..a1) and B[b0+j..b1); fits 16 bits because
  // min(n, m) <= sqrt(kMaxDiffCells).
  void Dp(size_t a0, size_t a1, size_t b0, size_t b1) {
    size_t n = a1 - a0, m = b1 - b0;
    if (n == 0 || m == 0) return Change(a0, a1, b0, b1);
    size_t w = m + 1;
    lcs_.assign((n + 1) * w, 0);
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        lcs_[i * w + j] = a_[a0 + i] == b_[b0 + j]
                              ? static_cast<uint16_t>(lcs_[(i + 1) * w + j + 1] + 1)
                              : std::max(lcs_[(i + 1) * w + j], lcs_[i * w + j + 1]);
      }
    }
    size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a_[a0 + i] == b_[b0 + j]) {
        Same(a0 + i++);
        ++j;
      } else if (lcs_[(i + 1) * w + j] >= lcs_[i * w + j + 1]) {
        out_->push_back({Op::kDel, static_cast<uint32_t>(a0 + i++)});
      } else {
        out_->push_back({Op::kIns, static_cast<uint32_t>(b0 + j++)});
      }
    }
    Change(a0 + i, a1, b0 + j, b1);
  }

  // Splits the gap at words unique on both sides that appear in the same order. False if there
  // is no such word.
  bool Patience(size_t a0, size_t a1, size_t b0, size_t b1, int depth) {
    struct Seen {
      uint32_t in_a = 0, in_b = 0;
      size_t pos_a = 0, pos_b = 0;
    };
    std::unordered_map<uint64_t, Seen> seen;
    seen.reserve((a1 - a0) + (b1 - b0));
    for (size_t i = a0; i < a1; ++i) {
      Seen& s = seen[a_[i]];
      ++s.in_a;
      s.pos_a = i;
    }
    for (size_t j = b0; j < b1; ++j) {
      auto it = seen.find(b_[j]);
      if (it == seen.end()) continue;
      ++it->second.in_b;
      it->second.pos_b = j;
    }
    std::vector<std::pair<size_t, size_t>> pairs;  // (pos in A, pos in B), by pos in A
    for (size_t i = a0; i < a1; ++i) {
      const Seen& s = seen[a_[i]];
      if (s.in_a == 1 && s.in_b == 1) pairs.emplace_back(i, s.pos_b);
    }
    if (pairs.empty()) return false;
    std::vector<std::pair<size_t, size_t>> anchors = LongestIncreasing(pairs);
    size_t pa = a0, pb = b0;
    for (const auto& [i, j] : anchors) {
      Gap(pa, i, pb, j, depth + 1);
      Same(i);
      pa = i + 1;
      pb = j + 1;
    }
    Gap(pa, a1, pb, b1, depth + 1);
    return true;
  }

  // The longest subsequence of `pairs` (sorted by .first) increasing in .second.
  static std::vector<std::pair<size_t, size_t>> LongestIncreasing(
      const std::vector<std::pair<size_t, size_t>>& pairs) {
    std::vector<size_t> tails;  // index into pairs of the smallest tail of each length
    std::vector<size_t> prev(pairs.size(), SIZE_MAX);
    for (size_t k = 0; k < pairs.size(); ++k) {
      auto it = std::lower_bound(tails.begin(), tails.end(), pairs[k].second,
                                 [&](size_t t, size_t v) { return pairs[t].second < v; });
      if (it != tails.begin()) prev[k] = *(it - 1);
      if (it == tails.end()) {
        tails.push_back(k);
      } else {
        *it = k;
      }
    }
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t k = tails.empty() ? SIZE_MAX : tails.back(); k != SIZE_MAX; k = prev[k])
      out.push_back(pairs[k]);
    std::reverse(out.begin(), out.end());
    return out;
  }

  const std::vector<uint64_t>& a_;
  const std::vector<uint64_t>& b_;
  std::vector<Edit>* out_;
  std::vector<uint16_t> lcs_;
};

std::vector<uint64_t> HashWords(const std::vector<std::string_view>& words, size_t limit) {
  std::vector<uint64_t> hashes;
  hashes.reserve(std::min(words.size(), limit));
  for (size_t k = 0; k < words.size() && k < limit; ++k) {
    std::string_view w = Bare(words[k]);
    hashes.push_back(XXH3_64bits(w.data(), w.size()));
  }
  return hashes;
}

void AppendPiece(DiffPiece::Kind kind, std::string_view text, std::vector<DiffPiece>* out) {
  if (!out->empty() && out->back().kind == kind && kind != DiffPiece::Kind::kSkipped) {
    out->back().text.append(text);
  } else {
    out->push_back({kind, std::string(text)});
  }
}

// Emits one run of equal words, shortened around a kSkipped piece when it is long.
void EmitSameRun(const std::vector<std::string_view>& words, size_t begin, size_t end,
                 bool at_start, bool at_end, size_t context, std::vector<DiffPiece>* out) {
  size_t keep_head = at_start ? 0 : context, keep_tail = at_end ? 0 : context;
  size_t n = end - begin;
  if (context == SIZE_MAX || n <= keep_head + keep_tail + 1) {
    for (size_t k = begin; k < end; ++k) AppendPiece(DiffPiece::Kind::kSame, words[k], out);
    return;
  }
  for (size_t k = begin; k < begin + keep_head; ++k)
    AppendPiece(DiffPiece::Kind::kSame, words[k], out);
  size_t skipped = n - keep_head - keep_tail;
  out->push_back({DiffPiece::Kind::kSkipped,
                  fmt::format("… {} same word{} …", skipped, skipped == 1 ? "" : "s")});
  for (size_t k = end - keep_tail; k < end; ++k) AppendPiece(DiffPiece::Kind::kSame, words[k], out);
}

}  // namespace

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    while (i < text.size() && IsSpace(text[i])) ++i;
    words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::vector<DiffPiece> WordDiff(std::string_view a, std::string_view b,
                                const WordDiffOptions& options) {
  std::vector<std::string_view> wa = SplitWords(a), wb = SplitWords(b);
  std::vector<uint64_t> ha = HashWords(wa, options.max_words),
                        hb = HashWords(wb, options.max_words);
  std::vector<Edit> edits;
  edits.reserve(ha.size() + hb.size());
  Differ(ha, hb, &edits).Gap(0, ha.size(), 0, hb.size(), 0);
  for (size_t i = ha.size(); i < wa.size(); ++i)
    edits.push_back({Op::kDel, static_cast<uint32_t>(i)});
  for (size_t j = hb.size(); j < wb.size(); ++j)
    edits.push_back({Op::kIns, static_cast<uint32_t>(j)});

  std::vector<DiffPiece> out;
  for (size_t k = 0; k < edits.size();) {
    if (edits[k].op == Op::kSame) {
      size_t end = k;
      while (end < edits.size() && edits[end].op == Op::kSame) ++end;
      EmitSameRun(wa, edits[k].index, edits[end - 1].index + 1, k == 0, end == edits.size(),
                  options.context_words, &out);
      k = end;
    } else {
      // A run of changes reads best as everything removed, then everything added.
      size_t end = k;
      while (end < edits.size() && edits[end].op != Op::kSame) ++end;
      for (size_t e = k; e < end; ++e) {
        if (edits[e].op == Op::kDel)
          AppendPiece(DiffPiece::Kind::kRemoved, wa[edits[e].index], &out);
      }
      for (size_t e = k; e < end; ++e) {
        if (edits[e].op == Op::kIns) AppendPiece(DiffPiece::Kind::kAdded, wb[edits[e].index], &out);
      }
      k = end;
    }
  }
  return out;
}

size_t ChangedWords(const std::vector<DiffPiece>& diff) {
  size_t n = 0;
  for (const DiffPiece& p : diff) {
    if (p.kind == DiffPiece::Kind::kRemoved || p.kind == DiffPiece::Kind::kAdded)
      n += SplitWords(p.text).size();
  }
  return n;
}

}  // namespace saring::report
