// Rendering of an Explanation: text for a person (optionally with ANSI colours) and JSON.
#include <iterator>

#include <fmt/format.h>

#include "explain/text_cut.h"
#include "saring/explain.h"
#include "saring/json_string.h"

namespace saring {
namespace {

// Ids, texts and raw lines may hold any bytes (a quarantined line need not be UTF-8).
constexpr JsonStringMode kText = JsonStringMode::kSafeText;

// ANSI styles, empty when not colouring.
struct Style {
  explicit Style(bool color)
      : cut(color ? "\033[9;31m" : ""),
        add(color ? "\033[32m" : ""),
        dim(color ? "\033[2m" : ""),
        bold(color ? "\033[1m" : ""),
        reset(color ? "\033[0m" : "") {}
  const char *cut, *add, *dim, *bold, *reset;
};

// Appends `text` with every line prefixed by "      | " (a final '\n' does not open another line).
void AppendQuoted(std::string_view text, std::string* out) {
  if (text.ends_with('\n')) text.remove_suffix(1);
  while (true) {
    size_t nl = text.find('\n');
    *out += "      | ";
    out->append(text.substr(0, nl));
    out->push_back('\n');
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

std::string Number(double v) {
  std::string s;
  AppendJsonNumber(v, &s);
  return s;
}

void FormatSpan(size_t n, const ExplainedSpan& s, const ExplainFormat& f, const Style& st,
                std::string* out) {
  fmt::format_to(std::back_inserter(*out), "\n  {}[{}] {}{} at bytes {}–{} ({} bytes)\n", st.bold,
                 n, s.reason, st.reset, s.begin, s.end, s.text.size());
  if (!s.evidence.empty())
    fmt::format_to(std::back_inserter(*out), "      evidence: {}\n", s.evidence);
  if (s.duplicate_of) {
    fmt::format_to(std::back_inserter(*out), "      duplicates {} bytes {}–{}{}\n", *s.duplicate_of,
                   s.duplicate_begin, s.duplicate_end,
                   s.duplicated_text ? ":" : " (that document was not found)");
    if (s.duplicated_text)
      AppendQuoted(report::ElideMiddle(*s.duplicated_text, f.max_span_bytes), out);
  }
  *out += "      in context:\n";
  std::string marked = std::string(st.dim) + s.context_before + st.reset + "[-" + st.cut +
                       report::ElideMiddle(s.text, f.max_span_bytes) + st.reset + "-]" + st.dim +
                       s.context_after + st.reset;
  AppendQuoted(marked, out);
}

void FormatDiff(const std::vector<DiffPiece>& diff, const Style& st, std::string* out) {
  std::string text;
  for (const DiffPiece& p : diff) {
    switch (p.kind) {
      case DiffPiece::Kind::kSame: text += p.text; break;
      case DiffPiece::Kind::kSkipped: text += std::string(st.dim) + p.text + st.reset + " "; break;
      case DiffPiece::Kind::kRemoved:
        text += "[-" + std::string(st.cut) + p.text + st.reset + "-]";
        break;
      case DiffPiece::Kind::kAdded:
        text += "{+" + std::string(st.add) + p.text + st.reset + "+}";
        break;
    }
  }
  AppendQuoted(text, out);
}

void FormatKept(const Explanation& e, const ExplainFormat& f, const Style& st, std::string* out) {
  if (e.language) {
    fmt::format_to(std::back_inserter(*out), "  language: {}{}\n", *e.language,
                   e.language_score ? " (score " + Number(*e.language_score) + ")" : "");
  }
  if (e.cluster_id || e.cluster_size) {
    fmt::format_to(std::back_inserter(*out),
                   "  survivor of near-duplicate cluster {} ({} documents)\n",
                   e.cluster_id ? std::to_string(*e.cluster_id) : "?",
                   e.cluster_size ? std::to_string(*e.cluster_size) : "?");
  }
  if (e.spans.empty()) {
    fmt::format_to(std::back_inserter(*out), "  kept whole: nothing was cut ({} bytes)\n",
                   e.kept_bytes);
    return;
  }
  fmt::format_to(std::back_inserter(*out), "  {} span{} cut: {} of {} bytes removed, {} kept\n",
                 e.spans.size(), e.spans.size() == 1 ? "" : "s",
                 e.original_text.size() - e.kept_bytes, e.original_text.size(), e.kept_bytes);
  for (size_t i = 0; i < e.spans.size(); ++i) FormatSpan(i + 1, e.spans[i], f, st, out);
}

void FormatRemoved(const Explanation& e, const ExplainFormat& f, const Style& st,
                   std::string* out) {
  const NearDuplicateInfo& nd = e.near_duplicate;
  if (e.duplicate_of) {
    fmt::format_to(std::back_inserter(*out), "  duplicate of: {}\n", *e.duplicate_of);
  }
  if (nd.similarity) {
    // The measures of word-alignment verification, spelt out (docs/near-dup.md section 4).
    const std::string what =
        nd.similarity_kind == "aligned"
            ? ": share of the longer text's words aligned with the other"
        : nd.similarity_kind == "contained"
            ? ": share of the shorter text's words aligned, a copy with its end cut"
            : "";
    fmt::format_to(std::back_inserter(*out), "  similarity: {}{}\n", Number(*nd.similarity),
                   nd.similarity_kind.empty() ? "" : " (" + nd.similarity_kind + what + ")");
  }
  if (nd.cluster_id || nd.cluster_size) {
    fmt::format_to(std::back_inserter(*out), "  cluster: {} ({} documents)\n",
                   nd.cluster_id ? std::to_string(*nd.cluster_id) : "?",
                   nd.cluster_size ? std::to_string(*nd.cluster_size) : "?");
  }
  if (!e.rule.empty()) fmt::format_to(std::back_inserter(*out), "  rule: {}\n", e.rule);
  if (e.value) fmt::format_to(std::back_inserter(*out), "  value: {}\n", Number(*e.value));
  if (e.threshold)
    fmt::format_to(std::back_inserter(*out), "  threshold: {}\n", Number(*e.threshold));
  if (e.language) {
    fmt::format_to(std::back_inserter(*out), "  language: {}{}\n", *e.language,
                   e.score ? " (score " + Number(*e.score) + ")" : "");
  }
  if (e.duplicate_of && !e.survivor_found) {
    fmt::format_to(std::back_inserter(*out), "  the survivor {} was not found in the shards\n",
                   *e.duplicate_of);
  }
  if (e.survivor_found) {
    fmt::format_to(std::back_inserter(*out),
                   "\n  word diff against {}: [-only in {}-] {{+only in {}+}}\n", *e.duplicate_of,
                   e.id, *e.duplicate_of);
    FormatDiff(e.diff, st, out);
  } else {
    *out += "\n  text:\n";
    AppendQuoted(report::ElideMiddle(e.text, f.max_span_bytes), out);
  }
}

void AppendSpanJson(const ExplainedSpan& s, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{{\"begin\":{},\"end\":{},\"reason\":", s.begin, s.end);
  AppendJsonString(s.reason, out, kText);
  *out += ",\"text\":";
  AppendJsonString(s.text, out, kText);
  if (!s.evidence.empty()) {
    *out += ",\"evidence\":";
    AppendJsonString(s.evidence, out, kText);
  }
  *out += ",\"context_before\":";
  AppendJsonString(s.context_before, out, kText);
  *out += ",\"context_after\":";
  AppendJsonString(s.context_after, out, kText);
  if (s.duplicate_of) {
    *out += ",\"duplicate_of\":{\"id\":";
    AppendJsonString(*s.duplicate_of, out, kText);
    fmt::format_to(std::back_inserter(*out), ",\"begin\":{},\"end\":{}", s.duplicate_begin,
                   s.duplicate_end);
    if (s.duplicated_text) {
      *out += ",\"text\":";
      AppendJsonString(*s.duplicated_text, out, kText);
    }
    *out += '}';
  }
  *out += '}';
}

void AppendDiffJson(const std::vector<DiffPiece>& diff, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < diff.size(); ++i) {
    static constexpr const char* kOps[] = {"=", "-", "+", "..."};
    fmt::format_to(std::back_inserter(*out), "{}{{\"op\":\"{}\",\"text\":", i ? "," : "",
                   kOps[static_cast<int>(diff[i].kind)]);
    AppendJsonString(diff[i].text, out, kText);
    *out += '}';
  }
  *out += ']';
}

}  // namespace

std::string FormatExplanation(const Explanation& e, const ExplainFormat& format) {
  Style st(format.color);
  std::string out = fmt::format("{}{}{}: {}", st.bold, e.id, st.reset, DocumentFateName(e.fate));
  if (!e.reason.empty()) out += " (" + e.reason + ")";
  if (!e.error.empty()) out += " (" + e.error + ")";
  fmt::format_to(std::back_inserter(out), "\n  found in {}, line {}\n", e.shard, e.shard_line);
  switch (e.fate) {
    case DocumentFate::kKept: FormatKept(e, format, st, &out); break;
    case DocumentFate::kRemoved: FormatRemoved(e, format, st, &out); break;
    case DocumentFate::kQuarantined:
      fmt::format_to(std::back_inserter(out),
                     "  input: {} line {} (byte {}), {} bytes\n  {}\n  raw{}:\n", e.file, e.line,
                     e.byte_offset, e.length, e.message, e.raw_truncated ? " (truncated)" : "");
      AppendQuoted(report::ElideMiddle(e.raw, format.max_span_bytes), &out);
      break;
  }
  return out;
}

std::string ExplanationToJson(const Explanation& e) {
  std::string out = "{\"id\":";
  AppendJsonString(e.id, &out, kText);
  fmt::format_to(std::back_inserter(out),
                 ",\"status\":\"{}\",\"shard\":", DocumentFateName(e.fate));
  AppendJsonString(e.shard, &out, kText);
  fmt::format_to(std::back_inserter(out), ",\"shard_line\":{}", e.shard_line);
  if (!e.reason.empty()) {
    out += ",\"reason\":";
    AppendJsonString(e.reason, &out, kText);
  }
  // metadata.saring (or the quarantine record) verbatim: every field the run recorded.
  fmt::format_to(std::back_inserter(out), ",\"{}\":{}",
                 e.fate == DocumentFate::kQuarantined ? "quarantine" : "saring",
                 e.saring_json.empty() ? "null" : e.saring_json);
  if (e.fate == DocumentFate::kKept) {
    fmt::format_to(std::back_inserter(out), ",\"original_bytes\":{},\"kept_bytes\":{},\"spans\":[",
                   e.original_text.size(), e.kept_bytes);
    for (size_t i = 0; i < e.spans.size(); ++i) {
      if (i) out += ',';
      AppendSpanJson(e.spans[i], &out);
    }
    out += ']';
  }
  if (e.fate == DocumentFate::kRemoved && e.duplicate_of) {
    out += ",\"survivor\":{\"id\":";
    AppendJsonString(*e.duplicate_of, &out, kText);
    fmt::format_to(std::back_inserter(out), ",\"found\":{}}}", e.survivor_found);
    if (e.survivor_found) {
      out += ",\"diff\":";
      AppendDiffJson(e.diff, &out);
    }
  }
  if (e.fate == DocumentFate::kQuarantined) {
    out += ",\"raw\":";
    AppendJsonString(e.raw, &out, kText);
  }
  out += "}\n";
  return out;
}

}  // namespace saring
