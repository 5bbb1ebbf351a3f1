#include "output_reader/stats_file.h"

#include <simdjson.h>

#include <fmt/format.h>

#include "output_reader/json_util.h"

namespace saring::report {
namespace {

using simdjson::dom::element;

uint64_t U64(element obj, std::string_view key) {
  std::optional<double> v = NumberMember(obj, key);
  return v && *v > 0 ? static_cast<uint64_t>(*v) : 0;
}

CountList Counts(element obj, std::string_view key) {
  CountList out;
  std::optional<element> e = Member(obj, key);
  simdjson::dom::object o;
  if (!e || e->get_object().get(o) != simdjson::SUCCESS) return out;
  for (auto field : o) {
    double d = 0;
    int64_t i = 0;
    if (field.value.get_int64().get(i) == simdjson::SUCCESS) {
      out.emplace_back(std::string(field.key), static_cast<uint64_t>(std::max<int64_t>(0, i)));
    } else if (field.value.get_double().get(d) == simdjson::SUCCESS) {
      out.emplace_back(std::string(field.key), static_cast<uint64_t>(std::max(0.0, d)));
    }
  }
  return out;
}

LedgerRow Ledger(element obj) {
  LedgerRow r;
  r.records = U64(obj, "records");
  r.kept = U64(obj, "kept");
  r.removed_total = U64(obj, "removed_total");
  r.quarantined_total = U64(obj, "quarantined_total");
  r.bytes_in = U64(obj, "bytes_in");
  r.bytes_kept = U64(obj, "bytes_kept");
  bool b = false;
  std::optional<element> balanced = Member(obj, "balanced");
  r.balanced = balanced && balanced->get_bool().get(b) == simdjson::SUCCESS && b;
  r.removed = Counts(obj, "removed");
  r.quarantined = Counts(obj, "quarantined");
  return r;
}

void ParseFiles(element list, StatsFile* stats) {
  simdjson::dom::array files;
  if (list.get_array().get(files) != simdjson::SUCCESS) return;
  for (element f : files) {
    FileRow row;
    row.path = StringMember(f, "path").value_or("");
    row.ledger = Ledger(f);
    row.blank_lines = U64(f, "blank_lines");
    simdjson::dom::array errors;
    std::optional<element> e = Member(f, "errors");
    if (e && e->get_array().get(errors) == simdjson::SUCCESS) {
      for (element msg : errors) {
        std::string_view s;
        if (msg.get_string().get(s) == simdjson::SUCCESS) row.errors.emplace_back(s);
      }
    }
    stats->files.push_back(std::move(row));
  }
}

void ParseSpanCounts(element obj, StatsFile* stats) {
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return;
  for (auto field : o) {
    stats->spans_removed.push_back({std::string(field.key), U64(field.value, "spans"), U64(field.value, "bytes")});
  }
}

void ParseFilters(element obj, StatsFile* stats) {
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return;
  for (auto field : o) {
    stats->filters.push_back({std::string(field.key), U64(field.value, "checked"), U64(field.value, "removed"),
                              Counts(field.value, "by_cause")});
  }
}

void ParseWarnings(element list, StatsFile* stats) {
  simdjson::dom::array warnings;
  if (list.get_array().get(warnings) != simdjson::SUCCESS) return;
  for (element w : warnings) {
    stats->warnings.push_back({std::string(StringMember(w, "kind").value_or("")),
                               std::string(StringMember(w, "message").value_or(""))});
  }
}

}  // namespace

Result<StatsFile> ParseStatsFile(std::string_view json, std::string_view path) {
  simdjson::dom::parser parser;
  element root;
  simdjson::dom::object top;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(top) != simdjson::SUCCESS) {
    return Status::Corruption(fmt::format("{} is not a saring ledger (not a JSON object)", path));
  }
  StatsFile stats;
  for (auto field : top) {
    std::string_view key = field.key;
    if (key == "format") {
      stats.format = StringMember(root, "format").value_or("");
    } else if (key == "totals") {
      stats.totals = Ledger(field.value);
    } else if (key == "spans_removed") {
      ParseSpanCounts(field.value, &stats);
    } else if (key == "documents_with_spans_removed") {
      stats.documents_with_spans_removed = U64(root, key);
    } else if (key == "stage_removed") {
      stats.stage_removed = Counts(root, key);
    } else if (key == "filters") {
      ParseFilters(field.value, &stats);
    } else if (key == "languages") {
      stats.languages = Counts(root, key);
    } else if (key == "warnings") {
      ParseWarnings(field.value, &stats);
    } else if (key == "files") {
      ParseFiles(field.value, &stats);
    } else {
      stats.other.emplace_back(std::string(key), simdjson::minify(field.value));
    }
  }
  return stats;
}

std::vector<std::pair<std::string, std::string>> ParseRunInfo(std::string_view json) {
  std::vector<std::pair<std::string, std::string>> out;
  simdjson::dom::parser parser;
  element root;
  simdjson::dom::object top;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(top) != simdjson::SUCCESS) {
    return out;
  }
  for (auto field : top) {
    std::string_view s;
    simdjson::dom::array list;
    std::string value;
    if (field.value.get_string().get(s) == simdjson::SUCCESS) {
      value = s;
    } else if (field.value.get_array().get(list) == simdjson::SUCCESS) {
      for (element item : list) {
        if (!value.empty()) value += ", ";
        std::string_view name;
        double wall = 0, cpu = 0;
        if (item.get_string().get(s) == simdjson::SUCCESS) {
          value += s;
        } else if (item["name"].get_string().get(name) == simdjson::SUCCESS &&
                   item["wall_seconds"].get_double().get(wall) == simdjson::SUCCESS &&
                   item["cpu_seconds"].get_double().get(cpu) == simdjson::SUCCESS) {
          value += fmt::format("{} {:.2f} s ({:.2f} CPU-s)", name, wall, cpu);  // a phase
        } else {
          value += simdjson::minify(item);
        }
      }
    } else {
      value = simdjson::minify(field.value);
    }
    out.emplace_back(std::string(field.key), std::move(value));
  }
  return out;
}

}  // namespace saring::report
