#include "saring/run_stats.h"

#include <cmath>

#include <simdjson.h>

#include <fmt/format.h>

#include "saring/json_string.h"

namespace saring {
namespace {

uint64_t Sum(const std::map<std::string, uint64_t>& m) {
  uint64_t s = 0;
  for (const auto& [k, v] : m) s += v;
  return s;
}

void AppendCountMap(const std::map<std::string, uint64_t>& m, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(k, out);
    out->append(": ").append(std::to_string(v));
  }
  out->push_back('}');
}

void AppendCounts(const LedgerCounts& c, const std::string& indent, std::string* out) {
  out->append(indent + "\"records\": " + std::to_string(c.records) + ",\n");
  out->append(indent + "\"kept\": " + std::to_string(c.kept) + ",\n");
  out->append(indent + "\"removed\": ");
  AppendCountMap(c.removed, out);
  out->append(",\n" + indent + "\"quarantined\": ");
  AppendCountMap(c.quarantined, out);
  out->append(",\n" + indent + "\"removed_total\": " + std::to_string(c.RemovedTotal()));
  out->append(",\n" + indent + "\"quarantined_total\": " + std::to_string(c.QuarantinedTotal()));
  out->append(",\n" + indent + "\"bytes_in\": " + std::to_string(c.bytes_in));
  out->append(",\n" + indent + "\"bytes_kept\": " + std::to_string(c.bytes_kept));
  out->append(",\n" + indent + "\"balanced\": " + (c.Balanced() ? "true" : "false"));
}

}  // namespace

uint64_t LedgerCounts::RemovedTotal() const { return Sum(removed); }
uint64_t LedgerCounts::QuarantinedTotal() const { return Sum(quarantined); }

void LedgerCounts::Add(const LedgerCounts& o) {
  records += o.records;
  kept += o.kept;
  for (const auto& [k, v] : o.removed) removed[k] += v;
  for (const auto& [k, v] : o.quarantined) quarantined[k] += v;
  bytes_in += o.bytes_in;
  bytes_kept += o.bytes_kept;
}

LedgerCounts RunStats::Totals() const {
  LedgerCounts t;
  for (const FileLedger& f : files) t.Add(f.counts);
  return t;
}

void RunStats::AddFilterWarnings() {
  // Too few documents say nothing about a threshold.
  constexpr uint64_t kMinChecked = 20;
  constexpr double kAlmostNothing = 0.001;
  constexpr double kAlmostEverything = 0.9;
  for (const auto& [name, c] : filters) {
    if (c.checked < kMinChecked) continue;
    double rate = static_cast<double>(c.removed) / c.checked;
    std::string pct = std::to_string(static_cast<int>(std::floor(rate * 1000 + 0.5)) / 10.0);
    pct = pct.substr(0, pct.find('.') + 2);
    if (rate <= kAlmostNothing) {
      warnings.push_back(
          {"filter_removes_nothing",
           fmt::format(
               "the {} filter removed {} of {} documents ({} %); are its settings right for "
               "this corpus?",
               name, c.removed, c.checked, pct)});
    } else if (rate >= kAlmostEverything) {
      warnings.push_back(
          {"filter_removes_almost_everything",
           fmt::format(
               "the {} filter removed {} of {} documents ({} %); its thresholds may not fit "
               "this corpus or language",
               name, c.removed, c.checked, pct)});
    }
  }
}

std::string RunStats::ToJson() const {
  std::string out = "{\n  \"format\": \"saring-stats/1\",\n  \"totals\": {\n";
  AppendCounts(Totals(), "    ", &out);
  out += "\n  },\n  \"spans_removed\": {";
  bool first = true;
  for (const auto& [reason, c] : spans_removed) {
    out += first ? "\n    " : ",\n    ";
    first = false;
    AppendJsonString(reason, &out);
    out += ": {\"spans\": " + std::to_string(c.spans) + ", \"bytes\": " + std::to_string(c.bytes) +
           "}";
  }
  out += first ? "},\n" : "\n  },\n";
  out +=
      "  \"documents_with_spans_removed\": " + std::to_string(documents_with_spans_removed) + ",\n";
  out += "  \"stage_removed\": ";
  AppendCountMap(stage_removed, &out);
  out += ",\n  \"filters\": {";
  first = true;
  for (const auto& [name, c] : filters) {
    out += first ? "\n    " : ",\n    ";
    first = false;
    AppendJsonString(name, &out);
    out += ": {\"checked\": " + std::to_string(c.checked) +
           ", \"removed\": " + std::to_string(c.removed) + ", \"by_cause\": ";
    AppendCountMap(c.by_cause, &out);
    out += "}";
  }
  out += first ? "}" : "\n  }";
  out += ",\n  \"languages\": ";
  AppendCountMap(languages, &out);
  out += ",\n  \"warnings\": [";
  for (size_t i = 0; i < warnings.size(); ++i) {
    out += i ? ",\n    {" : "\n    {";
    out += "\"kind\": ";
    AppendJsonString(warnings[i].kind, &out);
    out += ", \"message\": ";
    AppendJsonString(warnings[i].message, &out);
    out += "}";
  }
  out += warnings.empty() ? "],\n" : "\n  ],\n";
  out += "  \"files\": [";
  for (size_t i = 0; i < files.size(); ++i) {
    const FileLedger& f = files[i];
    out += i ? ",\n    {\n" : "\n    {\n";
    out += "      \"path\": ";
    AppendJsonString(f.path, &out);
    out += ",\n";
    AppendCounts(f.counts, "      ", &out);
    out += ",\n      \"blank_lines\": " + std::to_string(f.blank_lines);
    if (!f.skipped_records.empty()) {
      out += ",\n      \"skipped_records\": {";
      for (auto it = f.skipped_records.begin(); it != f.skipped_records.end(); ++it) {
        if (it != f.skipped_records.begin()) out += ", ";
        AppendJsonString(it->first, &out);
        out += ": " + std::to_string(it->second);
      }
      out += "}";
    }
    out += ",\n      \"errors\": [";
    for (size_t e = 0; e < f.errors.size(); ++e) {
      if (e) out += ", ";
      AppendJsonString(f.errors[e], &out);
    }
    out += "]\n    }";
  }
  out += files.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

namespace {

using simdjson::dom::element;

// Reads one ledger. Every error names the source and the member as a JSON Pointer.
class LedgerReader {
 public:
  explicit LedgerReader(std::string_view source) : source_(source) {}

  Status Error(const std::string& pointer, std::string_view what) const {
    return Status::Corruption(
        fmt::format("{}: {} {}", source_, pointer.empty() ? "the ledger" : pointer, what));
  }

  Status Count(element e, const std::string& pointer, uint64_t* out) const {
    if (e.get_uint64().get(*out) != simdjson::SUCCESS)
      return Error(pointer, "is not a count (an integer >= 0)");
    return Status::Ok();
  }

  Status Text(element e, const std::string& pointer, std::string* out) const {
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) return Error(pointer, "is not a string");
    out->assign(s);
    return Status::Ok();
  }

  Status Object(element e, const std::string& pointer, simdjson::dom::object* out) const {
    if (e.get_object().get(*out) != simdjson::SUCCESS) return Error(pointer, "is not an object");
    return Status::Ok();
  }

  Status Array(element e, const std::string& pointer, simdjson::dom::array* out) const {
    if (e.get_array().get(*out) != simdjson::SUCCESS) return Error(pointer, "is not an array");
    return Status::Ok();
  }

  // Member `key` of object `obj` read with `read` (one of the readers above) if present.
  template <typename T>
  Status Optional(element obj, std::string_view key, const std::string& pointer,
                  Status (LedgerReader::*read)(element, const std::string&, T*) const,
                  T* out) const {
    simdjson::dom::object o;
    SARING_RETURN_IF_ERROR(Object(obj, pointer, &o));
    element e;
    if (o.at_key(key).get(e) != simdjson::SUCCESS) return Status::Ok();
    return (this->*read)(e, Pointer(pointer, key), out);
  }

  // {"name": count, ...}
  Status CountMap(element e, const std::string& pointer,
                  std::map<std::string, uint64_t>* out) const {
    simdjson::dom::object o;
    SARING_RETURN_IF_ERROR(Object(e, pointer, &o));
    for (auto field : o) {
      SARING_RETURN_IF_ERROR(
          Count(field.value, Pointer(pointer, field.key), &(*out)[std::string(field.key)]));
    }
    return Status::Ok();
  }

  // The counted members of a ledger object (the derived ones are skipped); *known says whether
  // `key` was one of them.
  Status LedgerMember(std::string_view key, element value, const std::string& pointer,
                      LedgerCounts* c, bool* known) const {
    *known = true;
    std::string at = Pointer(pointer, key);
    if (key == "records") return Count(value, at, &c->records);
    if (key == "kept") return Count(value, at, &c->kept);
    if (key == "bytes_in") return Count(value, at, &c->bytes_in);
    if (key == "bytes_kept") return Count(value, at, &c->bytes_kept);
    if (key == "removed") return CountMap(value, at, &c->removed);
    if (key == "quarantined") return CountMap(value, at, &c->quarantined);
    *known = key == "removed_total" || key == "quarantined_total" || key == "balanced";
    return Status::Ok();
  }

  Status File(element e, const std::string& pointer, FileLedger* f) const {
    simdjson::dom::object o;
    SARING_RETURN_IF_ERROR(Object(e, pointer, &o));
    for (auto field : o) {
      std::string at = Pointer(pointer, field.key);
      bool known = false;
      SARING_RETURN_IF_ERROR(LedgerMember(field.key, field.value, pointer, &f->counts, &known));
      if (known) continue;
      if (field.key == "path") {
        SARING_RETURN_IF_ERROR(Text(field.value, at, &f->path));
      } else if (field.key == "blank_lines") {
        SARING_RETURN_IF_ERROR(Count(field.value, at, &f->blank_lines));
      } else if (field.key == "skipped_records") {
        SARING_RETURN_IF_ERROR(CountMap(field.value, at, &f->skipped_records));
      } else if (field.key == "errors") {
        simdjson::dom::array errors;
        SARING_RETURN_IF_ERROR(Array(field.value, at, &errors));
        for (element msg : errors) {
          std::string msg_at = Pointer(at, std::to_string(f->errors.size()));
          SARING_RETURN_IF_ERROR(Text(msg, msg_at, &f->errors.emplace_back()));
        }
      }
    }
    return Status::Ok();
  }

  Status Member(std::string_view key, element value, RunStats* s, LedgerCounts* totals) const {
    std::string at = Pointer("", key);
    if (key == "format") {
      std::string format;
      SARING_RETURN_IF_ERROR(Text(value, at, &format));
      if (!format.starts_with("saring-stats/")) return Error(at, "is not \"saring-stats/...\"");
    } else if (key == "totals") {
      simdjson::dom::object o;
      SARING_RETURN_IF_ERROR(Object(value, at, &o));
      for (auto field : o) {
        bool known = false;
        SARING_RETURN_IF_ERROR(LedgerMember(field.key, field.value, at, totals, &known));
      }
    } else if (key == "spans_removed") {
      simdjson::dom::object o;
      SARING_RETURN_IF_ERROR(Object(value, at, &o));
      for (auto field : o) {
        std::string reason_at = Pointer(at, field.key);
        SpanCount& c = s->spans_removed[std::string(field.key)];
        SARING_RETURN_IF_ERROR(
            Optional(field.value, "spans", reason_at, &LedgerReader::Count, &c.spans));
        SARING_RETURN_IF_ERROR(
            Optional(field.value, "bytes", reason_at, &LedgerReader::Count, &c.bytes));
      }
    } else if (key == "documents_with_spans_removed") {
      return Count(value, at, &s->documents_with_spans_removed);
    } else if (key == "stage_removed") {
      return CountMap(value, at, &s->stage_removed);
    } else if (key == "filters") {
      simdjson::dom::object o;
      SARING_RETURN_IF_ERROR(Object(value, at, &o));
      for (auto field : o) {
        std::string filter_at = Pointer(at, field.key);
        FilterCount& c = s->filters[std::string(field.key)];
        SARING_RETURN_IF_ERROR(
            Optional(field.value, "checked", filter_at, &LedgerReader::Count, &c.checked));
        SARING_RETURN_IF_ERROR(
            Optional(field.value, "removed", filter_at, &LedgerReader::Count, &c.removed));
        SARING_RETURN_IF_ERROR(
            Optional(field.value, "by_cause", filter_at, &LedgerReader::CountMap, &c.by_cause));
      }
    } else if (key == "languages") {
      return CountMap(value, at, &s->languages);
    } else if (key == "warnings") {
      simdjson::dom::array list;
      SARING_RETURN_IF_ERROR(Array(value, at, &list));
      for (element w : list) {
        std::string w_at = Pointer(at, std::to_string(s->warnings.size()));
        RunWarning& warning = s->warnings.emplace_back();
        SARING_RETURN_IF_ERROR(Optional(w, "kind", w_at, &LedgerReader::Text, &warning.kind));
        SARING_RETURN_IF_ERROR(Optional(w, "message", w_at, &LedgerReader::Text, &warning.message));
      }
    } else if (key == "files") {
      simdjson::dom::array list;
      SARING_RETURN_IF_ERROR(Array(value, at, &list));
      for (element f : list) {
        std::string f_at = Pointer(at, std::to_string(s->files.size()));
        SARING_RETURN_IF_ERROR(File(f, f_at, &s->files.emplace_back()));
      }
    } else {
      s->unknown_members.emplace_back(std::string(key), simdjson::minify(value));
    }
    return Status::Ok();
  }

  // `base` + "/" + `key` as a JSON Pointer.
  static std::string Pointer(std::string_view base, std::string_view key) {
    return std::string(base) + JsonPointer({key});
  }

 private:
  std::string_view source_;
};

}  // namespace

Result<RunStats> RunStats::FromJson(std::string_view json, std::string_view source) {
  LedgerReader reader(source);
  simdjson::dom::parser parser;
  element root;
  simdjson::dom::object top;
  if (simdjson::error_code error = parser.parse(json.data(), json.size()).get(root)) {
    return reader.Error("", fmt::format("is not JSON ({})", simdjson::error_message(error)));
  }
  if (root.get_object().get(top) != simdjson::SUCCESS)
    return reader.Error("", "is not a JSON object");
  RunStats stats;
  LedgerCounts totals;
  bool has_totals = false;
  for (auto field : top) {
    has_totals = has_totals || field.key == "totals";
    SARING_RETURN_IF_ERROR(reader.Member(field.key, field.value, &stats, &totals));
  }
  if (has_totals && !(totals == stats.Totals())) {
    return reader.Error("/totals", "do not equal the sum of /files");
  }
  return stats;
}

}  // namespace saring
