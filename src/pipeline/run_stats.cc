#include "saring/run_stats.h"

#include "pipeline/json_text.h"

namespace saring {
namespace {

using pipeline::AppendJsonString;

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
    std::string pct = std::to_string(static_cast<int>(rate * 1000 + 0.5) / 10.0);
    pct = pct.substr(0, pct.find('.') + 2);
    if (rate <= kAlmostNothing) {
      warnings.push_back({"filter_removes_nothing",
                          "the " + name + " filter removed " + std::to_string(c.removed) + " of " +
                              std::to_string(c.checked) + " documents (" + pct +
                              " %); are its settings right for this corpus?"});
    } else if (rate >= kAlmostEverything) {
      warnings.push_back({"filter_removes_almost_everything",
                          "the " + name + " filter removed " + std::to_string(c.removed) + " of " +
                              std::to_string(c.checked) + " documents (" + pct +
                              " %); its thresholds may not fit this corpus or language"});
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
    out += ": {\"spans\": " + std::to_string(c.spans) + ", \"bytes\": " + std::to_string(c.bytes) + "}";
  }
  out += first ? "},\n" : "\n  },\n";
  out += "  \"documents_with_spans_removed\": " + std::to_string(documents_with_spans_removed) + ",\n";
  out += "  \"stage_removed\": ";
  AppendCountMap(stage_removed, &out);
  out += ",\n  \"filters\": {";
  first = true;
  for (const auto& [name, c] : filters) {
    out += first ? "\n    " : ",\n    ";
    first = false;
    AppendJsonString(name, &out);
    out += ": {\"checked\": " + std::to_string(c.checked) + ", \"removed\": " + std::to_string(c.removed) +
           ", \"by_cause\": ";
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

}  // namespace saring
