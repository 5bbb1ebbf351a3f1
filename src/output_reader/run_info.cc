#include "output_reader/run_info.h"

#include <simdjson.h>

#include <fmt/format.h>

namespace saring::report {

using simdjson::dom::element;

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
