// BlockBuilder: HTML events -> text blocks with their features (see block_builder.h).
#include "extract/block_builder.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "extract/utf8_repair.h"
#include "extract/word_scan.h"

namespace saring::extract_internal {
namespace {

enum TagFlag : uint32_t {
  kBlock = 1u << 0,  // starts and ends a text block
  kSkip = 1u << 1,   // its text is never content
  kVoid = 1u << 2,   // never has an end tag
  kAnchor = 1u << 3,
  kListGroup = 1u << 4,  // ul, ol, dl, table: groups its items
  kItem = 1u << 5,       // li, dt, dd
  kRow = 1u << 6,        // tr
  kCell = 1u << 7,       // td, th
  kPre = 1u << 8,
  kTitle = 1u << 9,
  kMeta = 1u << 10,
  kBr = 1u << 11,
  kRoot = 1u << 12,  // html, body, head: class tokens ignored
  kP = 1u << 13,
  kListRoot = 1u << 14,   // ul, ol: barrier when closing an <li>
  kTableRoot = 1u << 15,  // table
  kDl = 1u << 16,
  kHr = 1u << 17,
  kHeading = 1u << 18,
  kHeadContent = 1u << 19,  // may appear inside <head> without ending it
};

struct TagInfo {
  std::string_view name;
  uint32_t flags;
  uint8_t heading;
  std::string_view reason;  // a tag reason name in kReasons, or ""
};

// Sorted by name for binary search.
constexpr std::array kTags = {
    TagInfo{"a", kAnchor, 0, ""},
    TagInfo{"address", kBlock, 0, ""},
    TagInfo{"area", kVoid, 0, ""},
    TagInfo{"article", kBlock, 0, ""},
    TagInfo{"aside", kBlock, 0, "<aside>"},
    TagInfo{"audio", kSkip, 0, ""},
    TagInfo{"base", kVoid | kHeadContent, 0, ""},
    TagInfo{"blockquote", kBlock, 0, ""},
    TagInfo{"body", kBlock | kRoot, 0, ""},
    TagInfo{"br", kVoid | kBr, 0, ""},
    TagInfo{"button", kSkip, 0, ""},
    TagInfo{"canvas", kSkip, 0, ""},
    TagInfo{"caption", kBlock, 0, ""},
    TagInfo{"center", kBlock, 0, ""},
    TagInfo{"col", kVoid, 0, ""},
    TagInfo{"dd", kBlock | kItem, 0, ""},
    TagInfo{"details", kBlock, 0, ""},
    TagInfo{"dialog", kBlock, 0, "<dialog>"},
    TagInfo{"div", kBlock, 0, ""},
    TagInfo{"dl", kBlock | kListGroup | kDl, 0, ""},
    TagInfo{"dt", kBlock | kItem, 0, ""},
    TagInfo{"embed", kVoid, 0, ""},
    TagInfo{"fieldset", kBlock, 0, ""},
    TagInfo{"figcaption", kBlock, 0, "<figcaption>"},
    TagInfo{"figure", kBlock, 0, "<figure>"},
    TagInfo{"footer", kBlock, 0, "<footer>"},
    TagInfo{"form", kBlock, 0, "<form>"},
    TagInfo{"h1", kBlock | kHeading, 1, ""},
    TagInfo{"h2", kBlock | kHeading, 2, ""},
    TagInfo{"h3", kBlock | kHeading, 3, ""},
    TagInfo{"h4", kBlock | kHeading, 4, ""},
    TagInfo{"h5", kBlock | kHeading, 5, ""},
    TagInfo{"h6", kBlock | kHeading, 6, ""},
    TagInfo{"head", kRoot | kSkip, 0, ""},
    TagInfo{"header", kBlock, 0, "<header>"},
    TagInfo{"hr", kVoid | kHr, 0, ""},
    TagInfo{"html", kBlock | kRoot, 0, ""},
    TagInfo{"iframe", kSkip, 0, ""},
    TagInfo{"img", kVoid, 0, ""},
    TagInfo{"input", kVoid, 0, ""},
    TagInfo{"li", kBlock | kItem, 0, ""},
    TagInfo{"link", kVoid | kHeadContent, 0, ""},
    TagInfo{"main", kBlock, 0, ""},
    TagInfo{"map", kSkip, 0, ""},
    TagInfo{"math", kSkip, 0, ""},
    TagInfo{"menu", kBlock, 0, "<menu>"},
    TagInfo{"meta", kVoid | kMeta | kHeadContent, 0, ""},
    TagInfo{"nav", kBlock, 0, "<nav>"},
    TagInfo{"noscript", kSkip | kHeadContent, 0, ""},
    TagInfo{"object", kSkip, 0, ""},
    TagInfo{"ol", kBlock | kListGroup | kListRoot, 0, ""},
    TagInfo{"option", kSkip, 0, ""},
    TagInfo{"p", kBlock | kP, 0, ""},
    TagInfo{"param", kVoid, 0, ""},
    TagInfo{"pre", kBlock | kPre, 0, ""},
    TagInfo{"script", kSkip | kHeadContent, 0, ""},
    TagInfo{"section", kBlock, 0, ""},
    TagInfo{"select", kSkip, 0, ""},
    TagInfo{"source", kVoid, 0, ""},
    TagInfo{"style", kSkip | kHeadContent, 0, ""},
    TagInfo{"svg", kSkip, 0, ""},
    TagInfo{"table", kBlock | kListGroup | kTableRoot, 0, ""},
    TagInfo{"tbody", kBlock, 0, ""},
    TagInfo{"td", kBlock | kCell, 0, ""},
    TagInfo{"template", kSkip | kHeadContent, 0, ""},
    TagInfo{"textarea", kSkip, 0, ""},
    TagInfo{"tfoot", kBlock, 0, ""},
    TagInfo{"th", kBlock | kCell, 0, ""},
    TagInfo{"thead", kBlock, 0, ""},
    TagInfo{"title", kTitle | kHeadContent, 0, ""},
    TagInfo{"tr", kBlock | kRow, 0, ""},
    TagInfo{"track", kVoid, 0, ""},
    TagInfo{"ul", kBlock | kListGroup | kListRoot, 0, ""},
    TagInfo{"video", kSkip, 0, ""},
    TagInfo{"wbr", kVoid, 0, ""},
};

constexpr uint32_t HashName(std::string_view name) {
  uint32_t h = 2166136261u;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

constexpr uint32_t kHashP = HashName("p"), kHashLi = HashName("li"), kHashDt = HashName("dt"),
                   kHashDd = HashName("dd"), kHashTr = HashName("tr"), kHashTd = HashName("td"),
                   kHashTh = HashName("th");

// Open-addressing table from HashName to an index in kTags, built once.
constexpr size_t kTagSlots = 512;
const std::array<int16_t, kTagSlots>& TagSlots() {
  static const std::array<int16_t, kTagSlots> slots = [] {
    std::array<int16_t, kTagSlots> t;
    t.fill(-1);
    for (size_t i = 0; i < kTags.size(); ++i) {
      size_t s = HashName(kTags[i].name) % kTagSlots;
      while (t[s] >= 0) s = (s + 1) % kTagSlots;
      t[s] = static_cast<int16_t>(i);
    }
    return t;
  }();
  return slots;
}

// The tag named `name` (whose HashName is `hash`), or nullptr for an unknown tag.
const TagInfo* FindTag(std::string_view name, uint32_t hash) {
  const auto& slots = TagSlots();
  for (size_t s = hash % kTagSlots; slots[s] >= 0; s = (s + 1) % kTagSlots) {
    const TagInfo& t = kTags[static_cast<size_t>(slots[s])];
    if (t.name == name) return &t;
  }
  return nullptr;
}

// Boilerplate reasons: tag names (written "<nav>") and class/id words. `prefix`: the word also
// matches longer words that start with it ("share" matches "sharebar").
struct ReasonEntry {
  std::string_view text;
  bool prefix;
  bool strong;
};
constexpr std::array kReasons = {
    ReasonEntry{"<nav>", false, true},
    ReasonEntry{"<aside>", false, true},
    ReasonEntry{"<footer>", false, true},
    ReasonEntry{"<header>", false, true},
    ReasonEntry{"<menu>", false, true},
    ReasonEntry{"<form>", false, true},
    ReasonEntry{"<dialog>", false, true},
    ReasonEntry{"<figure>", false, false},
    ReasonEntry{"<figcaption>", false, false},
    // Class and id words (ASCII lower case).
    ReasonEntry{"share", true, true},
    ReasonEntry{"sharing", true, true},
    ReasonEntry{"social", true, true},
    ReasonEntry{"related", true, true},
    ReasonEntry{"terkait", true, true},
    ReasonEntry{"comment", true, true},
    ReasonEntry{"komentar", true, true},
    ReasonEntry{"disqus", true, true},
    ReasonEntry{"cookie", true, true},
    ReasonEntry{"consent", true, true},
    ReasonEntry{"gdpr", true, true},
    ReasonEntry{"sidebar", true, true},
    ReasonEntry{"widget", true, true},
    ReasonEntry{"nav", true, true},
    ReasonEntry{"menu", true, true},
    ReasonEntry{"footer", true, true},
    ReasonEntry{"header", false, true},
    ReasonEntry{"masthead", true, true},
    ReasonEntry{"breadcrumb", true, true},
    ReasonEntry{"advert", true, true},
    ReasonEntry{"ad", false, true},
    ReasonEntry{"ads", false, true},
    ReasonEntry{"adsbygoogle", false, true},
    ReasonEntry{"iklan", true, true},
    ReasonEntry{"sponsor", true, true},
    ReasonEntry{"promo", true, true},
    ReasonEntry{"banner", true, true},
    ReasonEntry{"popular", true, true},
    ReasonEntry{"populer", true, true},
    ReasonEntry{"terpopuler", true, true},
    ReasonEntry{"trending", true, true},
    ReasonEntry{"recommend", true, true},
    ReasonEntry{"rekomendasi", true, true},
    ReasonEntry{"newsletter", true, true},
    ReasonEntry{"subscribe", true, true},
    ReasonEntry{"signup", true, true},
    ReasonEntry{"login", true, true},
    ReasonEntry{"search", true, true},
    ReasonEntry{"taboola", true, true},
    ReasonEntry{"outbrain", true, true},
    ReasonEntry{"baca", true, true},
    ReasonEntry{"readmore", true, true},
    ReasonEntry{"toolbar", true, true},
    ReasonEntry{"topbar", true, true},
    ReasonEntry{"modal", true, true},
    ReasonEntry{"popup", true, true},
    ReasonEntry{"caption", true, false},
    ReasonEntry{"credit", true, false},
    ReasonEntry{"byline", true, false},
    ReasonEntry{"author", true, false},
    ReasonEntry{"penulis", true, false},
    ReasonEntry{"editor", false, false},
    ReasonEntry{"tag", false, false},
    ReasonEntry{"tags", false, false},
    ReasonEntry{"tagcloud", true, false},
    ReasonEntry{"meta", false, false},
    ReasonEntry{"date", false, false},
    ReasonEntry{"time", false, false},
    ReasonEntry{"timestamp", false, false},
    ReasonEntry{"paginat", true, false},
    ReasonEntry{"pager", false, false},
    ReasonEntry{"paging", false, false},
    ReasonEntry{"print", false, false},
    ReasonEntry{"copyright", true, false},
    ReasonEntry{"disclaimer", true, false},
    ReasonEntry{"headerlink", false, false},
};
static_assert(kReasons.size() < 255);

Reason FindTagReason(std::string_view text) {
  if (text.empty()) return 0;
  for (size_t i = 0; i < kReasons.size(); ++i) {
    if (kReasons[i].text == text) return static_cast<Reason>(i + 1);
  }
  return 0;
}

Reason MatchWord(std::string_view word) {
  // The class/id entries by first letter, built once.
  static const std::array<std::vector<uint8_t>, 26> by_letter = [] {
    std::array<std::vector<uint8_t>, 26> t;
    for (size_t i = 0; i < kReasons.size(); ++i) {
      char c = kReasons[i].text[0];
      if (c >= 'a' && c <= 'z') t[static_cast<size_t>(c - 'a')].push_back(static_cast<uint8_t>(i));
    }
    return t;
  }();
  if (word[0] < 'a' || word[0] > 'z') return 0;
  for (uint8_t i : by_letter[static_cast<size_t>(word[0] - 'a')]) {
    const ReasonEntry& r = kReasons[i];
    if (word == r.text || (r.prefix && word.size() > r.text.size() && word.starts_with(r.text)))
      return static_cast<Reason>(i + 1);
  }
  return 0;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// The first boilerplate word among the alphanumeric words of a class or id value; sets
// *hidden for the class words that mean "not shown" (hidden, sr-only, screen-reader-text).
Reason MatchAttributeWords(std::string_view value, bool* hidden) {
  char word[32];
  size_t i = 0;
  Reason found = 0;
  while (i < value.size()) {
    while (i < value.size() && !IsAsciiAlnum(value[i])) ++i;
    size_t n = 0;
    size_t start = i;
    while (i < value.size() && IsAsciiAlnum(value[i])) {
      if (n < sizeof(word)) word[n++] = Lower(value[i]);
      ++i;
    }
    if (n == 0) break;
    std::string_view w(word, n);
    // "hidden" as a whole class name, "sr-only", "screen-reader-text".
    bool whole_class =
        (start == 0 || value[start - 1] == ' ') && (i == value.size() || value[i] == ' ');
    if ((w == "hidden" && whole_class) || w == "sr" || w == "screen") *hidden = true;
    if (found == 0) found = MatchWord(w);
  }
  return found;
}

bool ContainsNoSpaceLower(std::string_view s, std::string_view needle) {
  std::string compact;
  compact.reserve(s.size());
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(Lower(c));
  }
  return compact.find(needle) != std::string::npos;
}

bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends `text` to a title with whitespace runs as one space and NUL dropped, up to 4 KiB
// (finishing the character under way at the limit).
void AppendCollapsed(std::string_view text, std::string* title) {
  for (char c : text) {
    if (title->size() >= 4096 && (static_cast<unsigned char>(c) & 0xC0) != 0x80) return;
    if (IsSpaceByte(static_cast<unsigned char>(c))) {
      if (!title->empty() && title->back() != ' ') title->push_back(' ');
    } else if (c != '\0') {
      title->push_back(c);
    }
  }
}

}  // namespace

std::string ReasonText(Reason reason) {
  if (reason == 0 || reason > kReasons.size()) return "";
  const ReasonEntry& r = kReasons[reason - 1];
  if (r.text[0] == '<') return std::string(r.text);
  return "class/id '" + std::string(r.text) + (r.prefix ? "*'" : "'");
}

bool IsStrongReason(Reason reason) {
  return reason != 0 && reason <= kReasons.size() && kReasons[reason - 1].strong;
}

void BlockBuilder::Reset(bool labels, size_t html_bytes) {
  // After a huge page, give its memory back rather than keep it for every later page.
  constexpr size_t kKeepBytes = 16u << 20;
  if (text_.capacity() > kKeepBytes && text_.capacity() > 4 * html_bytes) {
    std::string().swap(text_);
    std::vector<Block>().swap(blocks_);
    std::vector<Element>().swap(elements_);
  }
  stack_.clear();
  elements_.clear();
  blocks_.clear();
  text_.clear();
  // The text is never longer than the page: reserving avoids the copies of growing (pages of the
  // reservation that are never written are never touched).
  text_.reserve(html_bytes);
  labels_.clear();
  title_.clear();
  og_title_.clear();
  keep_labels_ = labels;
  full_ = false;
  cur_begin_ = 0;
  cur_link_ = cur_bytes_ = 0;
  pending_space_ = false;
  pending_breaks_ = 0;
  head_index_ = -1;
  // A virtual root so that text outside any element has a home.
  elements_.push_back(Element{});
  if (keep_labels_) {
    labels_ = "#root";
    elements_[0].label_size = 5;
  }
  stack_.push_back(Open{0, kBlock | kRoot, 0, -1, -1, 0, false, false, false, false});
}

void BlockBuilder::Flush() {
  if (cur_bytes_ > 0 && !full_) {
    // Preformatted text may end with spaces and line breaks.
    while (text_.size() > cur_begin_ && IsSpaceByte(static_cast<unsigned char>(text_.back())))
      text_.pop_back();
    const Open& top = stack_.back();
    Block b;
    b.text_begin = cur_begin_;
    b.text_size = static_cast<uint32_t>(text_.size() - cur_begin_);
    b.element = top.element;
    b.list_group = top.list_group;
    b.link_bytes = cur_link_;
    b.bytes = cur_bytes_;
    b.heading = top.heading;
    if (top.heading) {
      b.kind = BlockKind::kHeading;
    } else if (top.pre) {
      b.kind = BlockKind::kPre;
    } else if (top.flags & kItem) {
      b.kind = BlockKind::kListItem;
    } else if (top.flags & kRow) {
      b.kind = BlockKind::kTableRow;
    } else if (top.flags & kCell) {
      b.kind = BlockKind::kTableCell;
    }
    b.row = top.row;
    blocks_.push_back(b);
    if (blocks_.size() >= kMaxBlocks) full_ = true;
  } else {
    text_.resize(cur_begin_);
  }
  cur_begin_ = static_cast<uint32_t>(text_.size());
  cur_link_ = cur_bytes_ = 0;
  pending_space_ = false;
  pending_breaks_ = 0;
}

void BlockBuilder::Push(uint32_t name_hash, uint32_t flags, uint8_t heading, Reason reason,
                        bool hidden, std::string_view name, const TagAttributes& attributes) {
  if (stack_.size() >= kMaxDepth) return;
  const Open& parent = stack_.back();
  Open o = parent;
  o.name_hash = name_hash;
  o.flags = flags;
  if (heading) o.heading = heading;
  if (flags & kAnchor) o.anchor = true;
  if (flags & kPre) o.pre = true;
  if (flags & kTitle) o.in_title = title_.empty();
  bool block_level = (flags & kBlock) != 0;
  // Boilerplate on an inline element hides its text; on a block-level one it marks the element.
  if ((flags & kSkip) || hidden || (!block_level && reason != 0)) o.skip = true;
  if (block_level) {
    if (elements_.size() >= kMaxElements) {
      full_ = true;
      return;
    }
    Element e;
    e.parent = parent.element;
    e.reason = (flags & kRoot) ? 0 : reason;
    const Element& pe = elements_[static_cast<size_t>(parent.element)];
    e.strong_path = pe.strong_path || IsStrongReason(e.reason);
    if (keep_labels_) {
      e.label_begin = static_cast<uint32_t>(labels_.size());
      labels_.append(name);
      auto first_word = [](std::string_view v) { return v.substr(0, v.find(' ')); };
      if (!attributes.id.empty()) labels_.append("#").append(first_word(attributes.id));
      if (!attributes.cls.empty()) labels_.append(".").append(first_word(attributes.cls));
      e.label_size = static_cast<uint32_t>(labels_.size() - e.label_begin);
    }
    o.element = static_cast<int32_t>(elements_.size());
    elements_.push_back(e);
    if (flags & kListGroup) o.list_group = o.element;
    if (flags & kRow) o.row = o.element;
    if (flags & kTableRoot) o.row = -1;
  }
  stack_.push_back(o);
}

int64_t BlockBuilder::FindOpen(uint32_t name_hash, uint32_t barrier) const {
  for (size_t i = stack_.size(); i-- > 1;) {
    if (stack_[i].name_hash == name_hash) return static_cast<int64_t>(i);
    if (stack_[i].flags & barrier) return -1;
  }
  return -1;
}

void BlockBuilder::PopTo(size_t index) {
  if (index == 0 || index >= stack_.size()) return;
  stack_.resize(index);
}

void BlockBuilder::StartElement(std::string_view name, const TagAttributes& attributes) {
  if (full_) return;
  const uint32_t hash = HashName(name);
  const TagInfo* info = FindTag(name, hash);
  uint32_t flags = info ? info->flags : 0;
  if (flags & kMeta) {
    if (og_title_.empty() && !attributes.content.empty() &&
        (attributes.property == "og:title" || attributes.name == "twitter:title" ||
         attributes.name == "og:title")) {
      without_nul_.clear();
      DecodeEntities(attributes.content, &without_nul_);
      std::string repaired;
      AppendRepairedUtf8(without_nul_, &repaired);
      AppendCollapsed(repaired, &og_title_);
    }
    return;
  }
  if (flags & kBr) {
    AppendBreak();
    return;
  }
  if (flags & kHr) {
    Flush();
    return;
  }
  if (head_index_ > 0 && !(flags & kHeadContent)) {
    // Content outside the head's vocabulary ends an unclosed <head>, as in HTML5.
    if (static_cast<size_t>(head_index_) < stack_.size()) PopTo(static_cast<size_t>(head_index_));
    head_index_ = -1;
  }
  if (flags & kVoid) return;
  // The block being collected ends before the implied end tags change the open elements.
  if (flags & kBlock) Flush();
  // Implied end tags (a subset of the HTML5 tree builder's).
  if ((flags & kBlock) && !(flags & (kRow | kRoot))) {
    int64_t p = FindOpen(kHashP, kBlock & ~kP);
    if (p > 0) PopTo(static_cast<size_t>(p));
  }
  if (flags & kItem) {
    int64_t prev = name == "li" ? FindOpen(kHashLi, kListRoot)
                                : std::max(FindOpen(kHashDt, kDl), FindOpen(kHashDd, kDl));
    if (prev > 0) PopTo(static_cast<size_t>(prev));
  } else if (flags & kRow) {
    int64_t prev = FindOpen(kHashTr, kTableRoot);
    if (prev > 0) PopTo(static_cast<size_t>(prev));
  } else if (flags & kCell) {
    int64_t prev =
        std::max(FindOpen(kHashTd, kRow | kTableRoot), FindOpen(kHashTh, kRow | kTableRoot));
    if (prev > 0) PopTo(static_cast<size_t>(prev));
  } else if ((flags & kHeading) && (stack_.back().flags & kHeading)) {
    PopTo(stack_.size() - 1);
  }
  bool hidden = attributes.hidden || attributes.aria_hidden == "true";
  Reason reason = info ? FindTagReason(info->reason) : 0;
  if (!(flags & kRoot)) {
    Reason r = MatchAttributeWords(attributes.id, &hidden);
    Reason c = MatchAttributeWords(attributes.cls, &hidden);
    if (reason == 0) reason = r ? r : c;
  }
  if (!attributes.style.empty() && (ContainsNoSpaceLower(attributes.style, "display:none") ||
                                    ContainsNoSpaceLower(attributes.style, "visibility:hidden"))) {
    hidden = true;
  }
  Push(hash, flags, info ? info->heading : 0, reason, hidden, name, attributes);
  if ((flags & kRoot) && (flags & kSkip) && stack_.back().name_hash == hash)
    head_index_ = static_cast<int64_t>(stack_.size() - 1);
}

void BlockBuilder::EndElement(std::string_view name) {
  if (full_) return;
  const uint32_t hash = HashName(name);
  const TagInfo* info = FindTag(name, hash);
  uint32_t flags = info ? info->flags : 0;
  // Void elements (br included) have no end; a stray "</br>" is ignored.
  if (flags & kVoid) return;
  int64_t index = FindOpen(hash, 0);
  if (index <= 0) return;
  // Closing a block-level element, or any element around block-level ones, ends the block.
  bool ends_block = false;
  for (size_t i = static_cast<size_t>(index); i < stack_.size(); ++i) {
    if (stack_[i].flags & (kBlock | kTitle)) ends_block = true;
  }
  if (ends_block) Flush();
  PopTo(static_cast<size_t>(index));
  if (head_index_ >= static_cast<int64_t>(stack_.size())) head_index_ = -1;
}

void BlockBuilder::AppendBreak() {
  if (stack_.back().pre) {
    AppendPreformatted("\n");
    return;
  }
  if (cur_bytes_ == 0) return;
  // Two breaks in a row separate paragraphs; one is a line break inside the block.
  if (++pending_breaks_ >= 2) {
    Flush();
    return;
  }
  pending_space_ = true;
}

void BlockBuilder::AppendText(std::string_view text) {
  if (full_) return;
  // NUL characters are dropped, as the HTML5 tree builder does in a body.
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    without_nul_.clear();
    for (char c : text) {
      if (c != '\0') without_nul_.push_back(c);
    }
    std::string filtered;
    filtered.swap(without_nul_);
    AppendText(filtered);
    filtered.swap(without_nul_);
    return;
  }
  const Open& top = stack_.back();
  if (top.in_title) {
    AppendCollapsed(text, &title_);
    return;
  }
  if (top.skip) return;
  if (top.pre) {
    AppendPreformatted(text);
    return;
  }
  const bool anchor = top.anchor;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t added = 0;
  // Most text nodes are words with single spaces between them: copied in one append.
  size_t lead = 0, trail = n;
  while (lead < n && s[lead] == ' ') ++lead;
  while (trail > lead && s[trail - 1] == ' ') --trail;
  size_t spaces = 0;
  if (lead < trail &&
      !extract_internal::NeedsCollapsing(text.data() + lead, trail - lead, &spaces)) {
    if (lead > 0) pending_space_ = true;
    if ((pending_space_ || pending_breaks_) && cur_bytes_ > 0)
      text_.push_back(pending_breaks_ ? '\n' : ' ');
    pending_space_ = trail < n;
    pending_breaks_ = 0;
    text_.append(text.data() + lead, trail - lead);
    added = static_cast<uint32_t>(trail - lead - spaces);
    cur_bytes_ += added;
    if (anchor) cur_link_ += added;
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = s[i];
    bool space = IsSpaceByte(c);
    // U+00A0 NO-BREAK SPACE counts as a space.
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      pending_space_ = true;
      continue;
    }
    if (pending_space_ || pending_breaks_) {
      if (cur_bytes_ + added > 0) text_.push_back(pending_breaks_ ? '\n' : ' ');
      pending_space_ = false;
      pending_breaks_ = 0;
    }
    // Copy the run of non-space bytes in one append.
    size_t j = i + 1;
    while (j < n && !IsSpaceByte(s[j]) && !(s[j] == 0xC2 && j + 1 < n && s[j + 1] == 0xA0)) ++j;
    text_.append(text.data() + i, j - i);
    added += static_cast<uint32_t>(j - i);
    i = j - 1;
  }
  cur_bytes_ += added;
  if (anchor) cur_link_ += added;
}

void BlockBuilder::AppendPreformatted(std::string_view text) {
  // Kept as written, except line breaks before the first line (HTML drops the first one),
  // carriage returns, and blank lines beyond one in a row.
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') {
      const size_t size = text_.size() - cur_begin_;
      if (size == 0 ||
          (size >= 2 && text_[text_.size() - 1] == '\n' && text_[text_.size() - 2] == '\n'))
        continue;
    }
    text_.push_back(c);
    if (!IsSpaceByte(static_cast<unsigned char>(c))) {
      ++cur_bytes_;
      if (stack_.back().anchor) ++cur_link_;
    }
  }
}

void BlockBuilder::Finish() {
  if (!full_) Flush();
}

std::string BlockBuilder::TagPath(const Block& b) const {
  std::vector<int32_t> chain;
  for (int32_t e = b.element; e > 0; e = elements_[static_cast<size_t>(e)].parent)
    chain.push_back(e);
  std::string path;
  for (size_t i = chain.size(); i-- > 0;) {
    const Element& e = elements_[static_cast<size_t>(chain[i])];
    if (!path.empty()) path.push_back('>');
    path.append(labels_, e.label_begin, e.label_size);
  }
  return path;
}

}  // namespace saring::extract_internal
