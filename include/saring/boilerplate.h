// Boilerplate learned from the corpus: short lines that recur across many documents of the same
// source ("Dapatkan berita terkini ... di Google News"), and line templates, recurring line
// prefixes with varying tails ("Baca juga: <headline>", "Follow us on <network>"), found without
// being told what they are. docs/boilerplate.md describes the algorithm and its defaults.
//
// Two passes. Pass 1 feeds every document to a BoilerplateLearner (one per thread, merged
// afterwards); Finish() turns the learner into an immutable BoilerplateModel. Pass 2 asks a
// BoilerplateMatcher (one per thread) which lines of a document to remove.
//
// A source is any string that groups documents that share a site template: metadata `source`,
// the URL's domain, or "" for the whole corpus. Thresholds scale with the number of documents
// seen for the source: a line (or prefix) is boilerplate when it occurs in at least
//   max(min_docs, ceil(min_doc_fraction * docs_in_source))
// documents of that source, so a quote repeated by two articles survives.
//
// Memory is bounded by BoilerplateOptions::memory_budget_bytes; past it the learner keeps exact
// counts for a deterministic hash-selected subset of lines (see stats()). The learned counts, and
// therefore every decision, do not depend on the order of documents or on how they were split
// between merged learners.
//
// Thread-safety: BoilerplateLearner and BoilerplateMatcher are not thread-safe (one per thread).
// A BoilerplateModel is immutable; any number of matchers may share one.
#ifndef SARING_BOILERPLATE_H_
#define SARING_BOILERPLATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saring/status.h"

namespace saring {

namespace quality_internal {
struct BoilerplateCounts;  // src/quality/boilerplate_counts.h
class LineAnalyzer;        // src/quality/boilerplate_lines.h
class InlineScanner;       // src/quality/boilerplate_inline.h
}  // namespace quality_internal

struct BoilerplateOptions {
  // Only lines of at most this many code points (after trimming) are candidates; a long paragraph
  // repeated across documents is near-duplicate detection's job (default 200).
  uint32_t max_line_chars = 200;

  // Recurring lines: boilerplate when the line's normalised text (NFKC, case-folded, punctuation
  // removed, digits folded) occurs in >= max(line_min_docs, ceil(line_min_doc_fraction * N))
  // documents of its source, N = documents of the source (defaults 3 and 0.02).
  uint32_t line_min_docs = 3;
  double line_min_doc_fraction = 0.02;

  // Templates: a prefix of k normalised words, template_min_words <= k <= template_max_words
  // (defaults 2 and 4; at most 8), is a template when it starts lines in
  // >= max(template_min_docs, ceil(template_min_doc_fraction * N)) documents (defaults 3, 0.05),
  // the lines it starts have at least template_min_distinct_tails distinct texts (default 3;
  // estimated with a 64-bit bitmap), and at most template_max_sentence_fraction of those
  // documents' lines end like a sentence (. ! ?) (default 0.5): templates are labels and links,
  // while a common sentence opener ("He said ...") starts full sentences.
  uint32_t template_min_words = 2;
  uint32_t template_max_words = 4;
  uint32_t template_min_docs = 3;
  double template_min_doc_fraction = 0.05;
  uint32_t template_min_distinct_tails = 3;
  double template_max_sentence_fraction = 0.5;

  // Also remove lines starting with a small built-in list of known templates ("baca juga",
  // "read also", ...; see docs/boilerplate.md), in every source, even unseen ones (default true).
  bool use_seed_templates = true;

  // Upper bound on the learner's memory, including the peak while a table resizes
  // (default 256 MiB). Each learner has its own budget.
  size_t memory_budget_bytes = size_t{256} << 20;

  // Inline boilerplate (docs/boilerplate.md, "Inline insertions"): related-article links,
  // captions and credits that extraction flattened into a paragraph ("... kata dia. Baca Juga:
  // <Headline> Diketahui, ..."). Off by default. When on, the learner also counts, per source, the
  // colon labels ("Artikel Terkait:") that open a sentence, and a label becomes a learned marker
  // when it opens a sentence in >= max(inline_min_docs, ceil(inline_min_doc_fraction * N))
  // documents of its source (defaults 3, 0.05) and is followed by a title-cased headline in at
  // least inline_min_headline_fraction of them (default 0.5). The built-in markers ("Baca juga",
  // "Read more", "(Foto:", "Editor:", ...) apply to every source when use_seed_inline_markers.
  // Learning inline labels takes 1/16 of memory_budget_bytes from the prefix table.
  bool inline_markers = false;
  uint32_t inline_min_docs = 3;
  double inline_min_doc_fraction = 0.05;
  double inline_min_headline_fraction = 0.5;
  bool use_seed_inline_markers = true;
};

// Why a line is boilerplate.
enum class BoilerplateReason : uint8_t {
  kLine,      // "boilerplate_line": the whole line recurs across documents
  kTemplate,  // "boilerplate_template": the line starts with a learned or seed template
  kInline,    // "boilerplate_inline": an insertion inside a paragraph (BoilerplateInline)
};

// "boilerplate_line", "boilerplate_template" or "boilerplate_inline".
std::string_view BoilerplateReasonName(BoilerplateReason reason);

// One line to remove.
struct BoilerplateLine {
  uint32_t begin;  // byte offset of the line in the document text
  uint32_t end;    // one past its last byte, excluding the '\n'
  BoilerplateReason reason;
  // Documents of the source containing the line (kLine) or starting a line with the template
  // (kTemplate); 0 for a seed template.
  uint32_t doc_count;
  // kTemplate: the template prefix as it appears in this document (a view into the text passed to
  // FindLines); empty for kLine.
  std::string_view template_prefix;
  bool seed;  // kTemplate from the built-in seed list rather than learned
};

// What an inline insertion is, which decides where it ends.
enum class InlineKind : uint8_t {
  kLink,     // marker + linked headline: a title-cased run that stops where a new sentence starts
  kCaption,  // "(Foto: ...)": ends at its closing parenthesis
  kCredit,   // "Editor: <name>": a short run of names that ends the sentence
};

// "link", "caption" or "credit".
std::string_view InlineKindName(InlineKind kind);

// One insertion to cut from inside a paragraph. [begin, end) also holds the whitespace on one
// side of the insertion, so that cutting it leaves the sentences around it joined by the one
// space that was already there; when the insertion is a whole line, `end` is past its '\n'.
struct BoilerplateInline {
  uint32_t begin;
  uint32_t end;
  InlineKind kind;
  // The marker as written in the document (a view into the text passed to FindInline).
  std::string_view marker;
  // Documents of the source in which a learned marker opens a sentence; 0 for a built-in marker.
  uint32_t doc_count;
  bool seed;  // a built-in marker rather than a learned one
};

// Counters describing a learner, for logs.
struct BoilerplateStats {
  uint64_t documents = 0;
  uint64_t sources = 0;                 // distinct sources kept
  uint64_t distinct_lines = 0;          // distinct (source, candidate line) pairs kept
  uint64_t distinct_prefixes = 0;       // distinct (source, line prefix) pairs kept
  uint64_t distinct_inline_labels = 0;  // distinct (source, inline label) pairs kept
  // Sampling levels of the source, line and prefix tables: 0 = exact; L > 0 = only a
  // hash-selected 1/2^L of keys is counted because the budget was reached.
  int source_sampling_level = 0;
  int line_sampling_level = 0;
  int prefix_sampling_level = 0;
  size_t memory_bytes = 0;
};

class BoilerplateModel;

// Pass 1: counts, per source, in how many documents each candidate line and each line prefix
// occurs. Movable, not copyable (it owns large tables).
class BoilerplateLearner {
 public:
  explicit BoilerplateLearner(const BoilerplateOptions& options = {});
  ~BoilerplateLearner();
  BoilerplateLearner(BoilerplateLearner&&) noexcept;
  BoilerplateLearner& operator=(BoilerplateLearner&&) noexcept;
  BoilerplateLearner(const BoilerplateLearner&) = delete;
  BoilerplateLearner& operator=(const BoilerplateLearner&) = delete;

  // Counts one document: `source` as described above, `text` its lines ('\n'-separated).
  // With inline_markers, also counts the colon labels that open its sentences.
  // Cost: linear in the text; normalises each candidate line once.
  void AddDocument(std::string_view source, std::string_view text);

  // Adds the counts of `other`. Returns InvalidArgument if the two learners' options differ.
  // Merging learners that saw disjoint parts of a corpus gives exactly the learner that saw all
  // of it, whatever the split or the merge order.
  Status Merge(const BoilerplateLearner& other);

  BoilerplateStats stats() const;

  // Ends learning and returns the model.
  BoilerplateModel Finish() &&;

  // True if both learners hold identical counts (for tests).
  bool SameCountsForTesting(const BoilerplateLearner& other) const;

  // Sharded learning (src/quality/boilerplate_partition.cc, docs/distributed.md): P learners that
  // saw disjoint parts of a corpus end with the model of one learner that saw all of it.
  //   1. each sends SerializePart(q, P) to part q; part q adds what it receives to a fresh
  //      learner with MergePart (it now holds the counts of its keys, about 1/P of them);
  //   2. every part sends its LevelCensus() to every part, and AdoptLevels(all censuses) samples
  //      each table as coarsely as one learner of every key would have;
  //   3. DropCountsBelowThresholds() keeps the counts that can still make a line, template or
  //      marker boilerplate, and every part merges every part's SerializePart(0, 1) into a fresh
  //      learner that adopted the same levels: the model.
  // The bytes are private to one saring version.
  std::string SerializePart(int part, int parts) const;
  // Corruption when the bytes are garbled.
  Status MergePart(std::string_view bytes);
  std::string LevelCensus() const;
  Status AdoptLevels(const std::vector<std::string>& censuses);
  void DropCountsBelowThresholds();

 private:
  BoilerplateOptions options_;
  std::unique_ptr<quality_internal::BoilerplateCounts> counts_;
  std::unique_ptr<quality_internal::LineAnalyzer> analyzer_;
  std::unique_ptr<quality_internal::InlineScanner> inline_;
};

// The learned counts, immutable. Movable, not copyable.
class BoilerplateModel {
 public:
  ~BoilerplateModel();
  BoilerplateModel(BoilerplateModel&&) noexcept;
  BoilerplateModel& operator=(BoilerplateModel&&) noexcept;
  BoilerplateModel(const BoilerplateModel&) = delete;
  BoilerplateModel& operator=(const BoilerplateModel&) = delete;

  const BoilerplateOptions& options() const { return options_; }
  BoilerplateStats stats() const;
  // Documents counted for `source` (0 if unseen or not sampled).
  uint64_t DocsInSource(std::string_view source) const;

 private:
  friend class BoilerplateLearner;
  friend class BoilerplateMatcher;
  BoilerplateModel(const BoilerplateOptions& options,
                   std::unique_ptr<quality_internal::BoilerplateCounts> counts);

  BoilerplateOptions options_;
  std::unique_ptr<quality_internal::BoilerplateCounts> counts_;
};

// Pass 2: finds the boilerplate lines of documents. Keeps scratch buffers; one per thread.
class BoilerplateMatcher {
 public:
  // REQUIRES: *model outlives the matcher.
  explicit BoilerplateMatcher(const BoilerplateModel* model);
  ~BoilerplateMatcher();
  BoilerplateMatcher(BoilerplateMatcher&&) noexcept;
  BoilerplateMatcher& operator=(BoilerplateMatcher&&) noexcept;
  BoilerplateMatcher(const BoilerplateMatcher&) = delete;
  BoilerplateMatcher& operator=(const BoilerplateMatcher&) = delete;

  // Replaces *out with the lines of `text` to remove, in text order. The template_prefix views
  // point into `text`. Cost: linear in the text; normalises each candidate line once.
  void FindLines(std::string_view source, std::string_view text, std::vector<BoilerplateLine>* out);

  // Replaces *out with the inline insertions of `text` to cut, in text order, without overlaps;
  // empty unless options().inline_markers. Every '\n'-separated line is a paragraph. A marker is
  // cut only where it opens a sentence (captions: anywhere) outside a quotation, and only when the
  // insertion it opens ends by the rules of its kind; see docs/boilerplate.md. The marker views
  // point into `text`. Cost: one byte scan of the text; lines holding a marker are tokenised.
  void FindInline(std::string_view source, std::string_view text,
                  std::vector<BoilerplateInline>* out);

 private:
  const BoilerplateModel* model_;
  std::unique_ptr<quality_internal::LineAnalyzer> analyzer_;
  std::unique_ptr<quality_internal::InlineScanner> inline_;
};

}  // namespace saring

#endif  // SARING_BOILERPLATE_H_
