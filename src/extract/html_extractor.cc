// HtmlExtractor: blocks -> the article (see extract.h and docs/extraction.md).
//
// Steps: (1) parse into blocks (block_builder.h); (2) score each block: words, stop words of the
// page's language, link density, sentence punctuation, text rules (block_rules.h); "good" blocks
// are long, prose-like and not links; (3) find the main content: the deepest element holding at
// least 80 % of the good text outside strong boilerplate (navigation, comments, share bars...);
// (4) keep, inside it, the good blocks, the blocks between the first and the last good one that
// are not link lists or boilerplate, and prose-like blocks adjoining them; (5) the headline from
// <h1>, og:title or <title>.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "extract/block_builder.h"
#include "extract/block_rules.h"
#include "extract/gumbo_walk.h"
#include "extract/html_tokenizer.h"
#include "extract/stop_word_union.h"
#include "saring/extract.h"
#include "saring/stopwords.h"

namespace saring {

using extract_internal::Block;
using extract_internal::BlockKind;
using extract_internal::Element;

namespace {

// A good block has at least this many words...
constexpr uint32_t kGoodWords = 15;
// ...at most this share of its text in links...
constexpr double kGoodLinkDensity = 0.3;
// ...and, when the page's language has a stop-word list, at least this share of stop words.
constexpr double kGoodStopRatio = 0.08;
// Blocks inside the body with more link text than this are link lists (related articles).
constexpr double kBodyLinkDensity = 0.5;

struct Score {
  uint32_t words = 0;
  uint32_t stops = 0;
  double link_density = 0;
  bool sentence = false;
  std::string_view rule;
  bool good = false;
  bool keep = false;
  std::string reason;
};

// A block's features for explain: "<what>: 12 words, link density 0.00, stop words 3".
std::string Features(std::string_view what, const Score& s) {
  char buf[128];
  std::snprintf(buf, sizeof(buf), "%.*s: %u words, link density %.2f, stop words %u",
                static_cast<int>(what.size()), what.data(), s.words, s.link_density, s.stops);
  return std::string(buf);
}

// The site name trimmed from a <title>: its longest part between " | ", " - ", " – ", " — ",
// " :: ", " » ".
std::string CleanTitle(std::string_view title) {
  static constexpr std::string_view kSeparators[] = {
      " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xB7 "};
  std::string_view best;
  size_t start = 0;
  while (start <= title.size()) {
    size_t cut = std::string_view::npos, sep_len = 0;
    for (std::string_view sep : kSeparators) {
      size_t at = title.find(sep, start);
      if (at < cut) cut = at, sep_len = sep.size();
    }
    std::string_view part = title.substr(start, cut == std::string_view::npos ? cut : cut - start);
    if (part.size() > best.size()) best = part;
    if (cut == std::string_view::npos) break;
    start = cut + sep_len;
  }
  while (!best.empty() && best.front() == ' ') best.remove_prefix(1);
  while (!best.empty() && best.back() == ' ') best.remove_suffix(1);
  return std::string(best);
}

size_t CountWords(std::string_view s) {
  return extract_internal::CountSeparatedWords(s.data(), s.size());
}

}  // namespace

struct HtmlExtractor::Impl {
  explicit Impl(ExtractOptions o) : options(std::move(o)) {
    // The stop-word lists the language is chosen from: the one asked for, or every built-in one.
    if (const StopWords* s =
            options.language.empty() ? nullptr : StopWords::BuiltIn(options.language)) {
      lists.push_back(s);
    } else {
      for (std::string_view lang : StopWords::BuiltInLanguages())
        lists.push_back(StopWords::BuiltIn(lang));
      all_lists = &extract_internal::StopWordUnion::BuiltIn();
    }
  }

  ExtractOptions options;
  extract_internal::BlockBuilder builder;
  extract_internal::HtmlTokenizer tokenizer;
  std::vector<Score> scores;
  std::vector<uint64_t> good_bytes;  // per element
  std::vector<uint32_t> depth;       // per element
  std::vector<uint32_t> blocks_in;   // per element: blocks whose innermost element it is
  std::vector<const StopWords*> lists;
  // Every built-in list in one table (lists[i] is its bit i), when lists are all of them.
  const extract_internal::StopWordUnion* all_lists = nullptr;
  std::vector<uint32_t> stop_counts;  // per block and stop-word list
  std::vector<uint64_t> totals;       // per stop-word list
  std::vector<char> inside, outside;  // per block

  void ScoreBlocks();
  int32_t FindMainElement();
  // Marks each block inside the main element (and not dropped by a mark, rule or as the
  // headline) in inside[], the others in outside[] or with their reason.
  void MarkRegion(int32_t main_element, const std::string& headline);
  // Chooses the kept blocks among those inside (good, between good ones, adjoining).
  void KeepBody();
  std::string Headline();
};

void HtmlExtractor::Impl::ScoreBlocks() {
  const auto& blocks = builder.blocks();
  scores.assign(blocks.size(), Score{});
  // Stop words matter only for blocks that could be prose; they are counted for every list at
  // once (one hash per word), and the page's language is the list matching most.
  const size_t nl = lists.size();
  stop_counts.assign(blocks.size() * nl, 0);
  totals.assign(nl, 0);
  uint64_t candidate_words = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    Score& s = scores[i];
    std::string_view text = builder.BlockText(b);
    s.link_density = b.bytes ? static_cast<double>(b.link_bytes) / b.bytes : 0;
    s.sentence = extract_internal::HasSentencePunctuation(text.data(), text.size());
    bool candidate =
        s.sentence && s.link_density <= kGoodLinkDensity && b.kind != BlockKind::kHeading;
    uint32_t* counts = &stop_counts[i * nl];
    if (candidate) {
      s.words = extract_internal::ForEachLowerWord(
          text, StopWords::kMaxStopWordBytes, [&](std::string_view w) {
            const uint64_t h = StopWords::Hash(w);
            if (all_lists != nullptr) {
              for (uint64_t in = all_lists->Lists(h, w); in != 0; in &= in - 1)
                ++counts[__builtin_ctzll(in)];
            } else {
              for (size_t l = 0; l < nl; ++l) counts[l] += lists[l]->ContainsHashed(h, w) ? 1 : 0;
            }
          });
    } else {
      s.words = static_cast<uint32_t>(CountWords(text));
    }
    for (size_t l = 0; l < nl; ++l) totals[l] += counts[l];
    if (candidate) candidate_words += s.words;
    s.rule = extract_internal::TextRule(text, s.words);
  }
  // The language: the list with most hits, if the page's prose as a whole has the stop-word
  // share a good block needs (a French page must not be judged by the English list).
  size_t lang = nl;
  uint64_t best_hits = 2;
  for (size_t l = 0; l < nl; ++l) {
    if (totals[l] > best_hits) lang = l, best_hits = totals[l];
  }
  if (lang < nl &&
      static_cast<double>(best_hits) < kGoodStopRatio * static_cast<double>(candidate_words))
    lang = nl;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    Score& s = scores[i];
    s.stops = lang < nl ? stop_counts[i * nl + lang] : 0;
    // Scripts without spaces between words (Chinese, Japanese, Thai) count bytes instead.
    bool long_enough = s.words >= kGoodWords || (b.bytes >= 120 && b.bytes >= 25 * s.words);
    bool stop_ok =
        lang == nl || s.words < 4 || static_cast<double>(s.stops) >= kGoodStopRatio * s.words;
    s.good = b.kind != BlockKind::kHeading && long_enough && s.sentence &&
             s.link_density <= kGoodLinkDensity && stop_ok && s.rule.empty();
  }
}

int32_t HtmlExtractor::Impl::FindMainElement() {
  const auto& elements = builder.elements();
  const auto& blocks = builder.blocks();
  depth.assign(elements.size(), 0);
  for (size_t e = 1; e < elements.size(); ++e) {
    depth[e] = depth[static_cast<size_t>(elements[e].parent)] + 1;
  }
  // The main content is a container: a paragraph's own element (one holding a single block)
  // counts its text for its parent, so that one good paragraph does not become the article.
  blocks_in.assign(elements.size(), 0);
  for (const Block& b : blocks) ++blocks_in[static_cast<size_t>(b.element)];
  auto container = [&](int32_t e) {
    return blocks_in[static_cast<size_t>(e)] == 1 && e > 0 ? elements[static_cast<size_t>(e)].parent
                                                           : e;
  };
  for (bool ignore_strong : {false, true}) {
    good_bytes.assign(elements.size(), 0);
    uint64_t total = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (!scores[i].good) continue;
      const Block& b = blocks[i];
      if (!ignore_strong && elements[static_cast<size_t>(b.element)].strong_path) continue;
      total += b.bytes;
      for (int32_t e = container(b.element); e >= 0; e = elements[static_cast<size_t>(e)].parent) {
        good_bytes[static_cast<size_t>(e)] += b.bytes;
      }
    }
    if (total == 0) continue;
    // The elements holding more than half form a chain; the deepest is the body's container.
    int32_t best = 0;
    for (size_t e = 0; e < elements.size(); ++e) {
      if (2 * good_bytes[e] > total && depth[e] >= depth[static_cast<size_t>(best)]) {
        best = static_cast<int32_t>(e);
      }
    }
    // Prose in the body container's siblings belongs to the article (the other sections of a
    // document); higher up, only prose before the body does (a lead or standfirst in a
    // container of its own), not prose after it (a sidebar, unmarked comments).
    const int32_t body_parent = elements[static_cast<size_t>(best)].parent;
    auto contains = [&](int32_t outer, int32_t e) {
      for (; e >= 0; e = elements[static_cast<size_t>(e)].parent) {
        if (e == outer) return true;
      }
      return false;
    };
    for (int32_t up = elements[static_cast<size_t>(best)].parent; up > 0;
         up = elements[static_cast<size_t>(up)].parent) {
      if (good_bytes[static_cast<size_t>(up)] == good_bytes[static_cast<size_t>(best)]) continue;
      size_t first_in_best = blocks.size();
      bool only_before = true;
      for (size_t i = 0; i < blocks.size() && only_before; ++i) {
        const Block& b = blocks[i];
        if (!scores[i].good ||
            (!ignore_strong && elements[static_cast<size_t>(b.element)].strong_path))
          continue;
        if (contains(best, b.element)) {
          first_in_best = std::min(first_in_best, i);
        } else if (contains(up, b.element) && i > first_in_best) {
          only_before = false;
        }
      }
      if (!only_before && up != body_parent) break;
      best = up;
    }
    return best;
  }
  return -1;
}

std::string HtmlExtractor::Impl::Headline() {
  const auto& blocks = builder.blocks();
  const auto& elements = builder.elements();
  std::string h1;
  for (const Block& b : blocks) {
    if (b.heading == 1 && !elements[static_cast<size_t>(b.element)].strong_path) {
      h1.assign(builder.BlockText(b));
      break;
    }
  }
  std::string title = CleanTitle(builder.title());
  std::string og = builder.og_title();
  // A heading that the <title> or og:title contains is the headline, whatever its level (blog
  // themes put the site's name in <h1> and the post's title in <h2> or <h3>).
  for (const Block& b : blocks) {
    std::string_view text = builder.BlockText(b);
    if (b.heading == 0 || b.heading > 3 || CountWords(text) < 3) continue;
    if (builder.title().find(text) != std::string::npos || og.find(text) != std::string::npos) {
      return std::string(text);
    }
  }
  // A one- or two-word <h1> is usually the site's logo; the page's own title is better then.
  if (!h1.empty() && (CountWords(h1) >= 3 || (og.empty() && title.empty()))) return h1;
  if (!og.empty()) return CleanTitle(og);
  if (!title.empty()) return title;
  return h1;
}

void HtmlExtractor::Impl::MarkRegion(int32_t main_element, const std::string& headline) {
  const auto& blocks = builder.blocks();
  const auto& elements = builder.elements();
  const size_t n = blocks.size();
  const bool explain = options.explain;
  // Which blocks are inside the main element, and the boilerplate reason on their path below it.
  inside.assign(n, 0);
  outside.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    Score& s = scores[i];
    if (main_element < 0) {
      if (explain) s.reason = "no article on the page";
      continue;
    }
    extract_internal::Reason path_reason = 0;
    bool in = false;
    for (int32_t e = blocks[i].element; e >= 0; e = elements[static_cast<size_t>(e)].parent) {
      if (e == main_element) {
        in = true;
        break;
      }
      if (path_reason == 0) path_reason = elements[static_cast<size_t>(e)].reason;
    }
    std::string_view text = builder.BlockText(blocks[i]);
    std::string why;
    if (!in) {
      outside[i] = 1;
      if (explain) {
        why = "outside the main content";
        if (path_reason != 0) why += " (inside " + extract_internal::ReasonText(path_reason) + ")";
      }
    } else if (path_reason != 0) {
      if (explain) why = "inside " + extract_internal::ReasonText(path_reason);
    } else if (!s.rule.empty()) {
      if (explain) why = "text rule: " + std::string(s.rule);
    } else if (blocks[i].heading == 1 || (!headline.empty() && text == headline)) {
      if (explain) why = "headline (printed first)";
    } else {
      inside[i] = 1;
    }
    if (explain) s.reason = std::move(why);
  }
}

void HtmlExtractor::Impl::KeepBody() {
  const auto& blocks = builder.blocks();
  const size_t n = blocks.size();
  const bool explain = options.explain;
  size_t first = n, last = 0;
  for (size_t i = 0; i < n; ++i) {
    if (inside[i] && scores[i].good) {
      first = std::min(first, i);
      last = i;
    }
  }
  if (first == n) {
    for (size_t i = 0; i < n && explain; ++i) {
      if (inside[i]) scores[i].reason = "no prose block in the main content";
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!inside[i]) continue;
    Score& s = scores[i];
    if (s.good) {
      s.keep = true;
      if (explain) s.reason = Features("prose", s);
    } else if (i > first && i < last) {
      s.keep = s.link_density <= kBodyLinkDensity;
      if (explain) s.reason = Features(s.keep ? "inside the body" : "link list", s);
    } else if (explain) {
      s.reason = Features("short, before or after the body", s);
    }
  }
  // Prose-like blocks adjoining the body (a short last paragraph, a short lead: at least 6 words
  // before the body, 4 after) are kept;
  // blocks dropped by a rule or a path are stepped over, anything else stops the walk.
  auto adjoining = [&](size_t i, uint32_t min_words) {
    const Score& s = scores[i];
    return s.words >= min_words && s.link_density <= 0.2 &&
           extract_internal::EndsSentence(builder.BlockText(blocks[i])) &&
           blocks[i].kind != BlockKind::kHeading;
  };
  auto extend = [&](size_t i, uint32_t min_words, std::string_view what) {
    if (outside[i]) return false;
    if (!inside[i]) return true;
    if (!adjoining(i, min_words)) return false;
    scores[i].keep = true;
    if (explain) scores[i].reason = Features(what, scores[i]);
    return true;
  };
  // A subheading kept only for standing inside the body heads a section that was dropped
  // ("Most read" over a link list) when the block after it is not kept.
  for (size_t i = last; i-- > first;) {
    if (scores[i].keep && !scores[i].good && blocks[i].kind == BlockKind::kHeading &&
        !scores[i + 1].keep) {
      scores[i].keep = false;
      if (explain) scores[i].reason = Features("heading of a dropped section", scores[i]);
    }
  }
  for (size_t i = last + 1; i < n && extend(i, 4, "prose after the body"); ++i) {
  }
  for (size_t i = first; i-- > 0 && extend(i, 6, "prose before the body");) {
  }
}

HtmlExtractor::HtmlExtractor(ExtractOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
HtmlExtractor::~HtmlExtractor() = default;

const ExtractOptions& HtmlExtractor::options() const { return impl_->options; }

Status HtmlExtractor::Extract(std::string_view html, Extraction* out) {
  Impl& m = *impl_;
  out->title.clear();
  out->text.clear();
  out->blocks.clear();
  out->truncated = false;
  if (html.size() > m.options.max_html_bytes) {
    size_t cut = static_cast<size_t>(m.options.max_html_bytes);
    // Cut at a character boundary: back over at most three continuation bytes.
    for (int k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(html[cut]) & 0xC0) == 0x80; ++k)
      --cut;
    html = html.substr(0, cut);
    out->truncated = true;
  }
  m.builder.Reset(m.options.explain, html.size());
  if (m.options.use_gumbo) {
    SARING_RETURN_IF_ERROR(extract_internal::WalkGumbo(html, &m.builder));
  } else {
    m.tokenizer.Run(html, &m.builder);
  }
  if (m.builder.truncated()) out->truncated = true;
  m.ScoreBlocks();
  std::string headline = m.Headline();
  m.MarkRegion(m.FindMainElement(), headline);
  m.KeepBody();
  // The headline is one line even when its heading had a <br>.
  std::replace(headline.begin(), headline.end(), '\n', ' ');
  out->title = headline;
  const auto& blocks = m.builder.blocks();
  size_t kept_bytes = out->title.size() + 2;
  for (size_t i = 0; i < blocks.size(); ++i)
    kept_bytes += m.scores[i].keep ? blocks[i].text_size + 2 : 0;
  out->text.reserve(kept_bytes);
  const Block* prev = nullptr;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    std::string_view text = m.builder.BlockText(b);
    if (m.options.explain) {
      out->blocks.push_back(ExtractedBlock{m.builder.TagPath(b), std::string(text),
                                           m.scores[i].keep, m.scores[i].reason});
    }
    if (!m.scores[i].keep) continue;
    text = text.substr(0, extract_internal::WithoutTrailingEditorTag(text));
    if (prev == nullptr) {
      if (!headline.empty()) out->text.append(headline).append("\n\n");
    } else {
      // Items of one list and rows of one table are lines; cells of one row are words.
      const bool same_group =
          prev->list_group >= 0 && prev->list_group == b.list_group && prev->kind == b.kind;
      const char* sep = "\n\n";
      // (Paragraphs inside one cell, split by <br><br>, stay paragraphs.)
      const bool same_cell = prev->element == b.element;
      if (same_group && b.kind == BlockKind::kTableCell && prev->row == b.row && b.row >= 0 &&
          !same_cell) {
        sep = " ";
      } else if (same_group && !same_cell &&
                 (b.kind == BlockKind::kListItem || b.kind == BlockKind::kTableRow ||
                  b.kind == BlockKind::kTableCell)) {
        sep = "\n";
      }
      out->text.append(sep);
    }
    out->text.append(text);
    prev = &b;
  }
  return Status::Ok();
}

}  // namespace saring
