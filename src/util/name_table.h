// One table of names per enum: the value <-> name mapping the public Parse*/ *Name functions of
// saring's enums (outcome.h, run.h, near_dup.h) are written with, so that each enum's names are
// listed once and a bad name gets one kind of message.
#ifndef SARING_UTIL_NAME_TABLE_H_
#define SARING_UTIL_NAME_TABLE_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "saring/status.h"

namespace saring::util {

template <class E>
struct NamedValue {
  E value;
  std::string_view name;
};

// The name of `value` in `table`, or `missing` when the table has no row for it.
template <class E>
std::string_view NameIn(std::span<const NamedValue<E>> table, E value,
                        std::string_view missing = "unknown") {
  for (const NamedValue<E>& row : table) {
    if (row.value == value) return row.name;
  }
  return missing;
}

// "a, b or c": the names of `table`, for messages.
template <class E>
std::string NameListOf(std::span<const NamedValue<E>> table) {
  std::string out;
  for (size_t i = 0; i < table.size(); ++i) {
    if (i > 0) out += i + 1 == table.size() ? " or " : ", ";
    out += table[i].name;
  }
  return out;
}

// The value named `name`; InvalidArgument "unknown WHAT 'name' (expected a, b or c)" otherwise.
template <class E>
Result<E> ParseIn(std::span<const NamedValue<E>> table, std::string_view what,
                  std::string_view name) {
  for (const NamedValue<E>& row : table) {
    if (row.name == name) return row.value;
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) +
                                 "' (expected " + NameListOf(table) + ")");
}

}  // namespace saring::util

#endif  // SARING_UTIL_NAME_TABLE_H_
