// Row assembly: a row's entries are gathered from every leaf column (the first has repetition
// level 0, the rest until the next 0 belong to it), then the schema tree is walked once, splitting
// the entries of repeated nodes into elements where the repetition level drops to the node's own.
#include "io/parquet/parquet_rows.h"

#include "io/parquet/parquet_values.h"
#include "saring/json_string.h"

namespace saring::parquet {
namespace {

constexpr int kMaxSchemaDepth = 64;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool ParquetSchema::Build(const std::vector<SchemaElement>& elements, std::string* error) {
  nodes_.clear();
  leaves_.clear();
  leaf_nodes_.clear();
  if (elements.empty() || elements[0].num_children <= 0) {
    *error = "the schema has no columns";
    return false;
  }
  nodes_.reserve(elements.size());
  size_t next = 0;
  int root = 0;
  // The root's own repetition is not part of the levels.
  SchemaElement root_copy = elements[0];
  root_copy.repetition = kRequired;
  std::vector<SchemaElement> fixed = elements;
  fixed[0] = root_copy;
  if (!BuildNode(fixed, &next, 0, 0, "", 0, &root, error)) return false;
  if (next != elements.size()) {
    *error =
        "the schema lists " + std::to_string(elements.size() - next) + " elements no group claims";
    return false;
  }
  // The nodes point into `elements` owned by the caller; keep a copy whose lifetime is ours.
  elements_ = std::move(fixed);
  for (size_t i = 0; i < nodes_.size(); ++i) nodes_[i].element = &elements_[element_index_[i]];
  return true;
}

bool ParquetSchema::BuildNode(const std::vector<SchemaElement>& elements, size_t* next, int def,
                              int rep, const std::string& path, int depth, int* out,
                              std::string* error) {
  if (*next >= elements.size()) {
    *error = "a schema group has more children than the schema has elements";
    return false;
  }
  if (depth > kMaxSchemaDepth) {
    *error = "the schema nests deeper than " + std::to_string(kMaxSchemaDepth) + " levels";
    return false;
  }
  size_t me = (*next)++;
  const SchemaElement& e = elements[me];
  int index = static_cast<int>(nodes_.size());
  nodes_.emplace_back();
  element_index_.push_back(me);
  if (e.repetition == kOptional) ++def;
  if (e.repetition == kRepeated) {
    ++def;
    ++rep;
  }
  if (e.repetition < kRequired || e.repetition > kRepeated) {
    *error = "schema element '" + e.name + "' has an unknown repetition";
    return false;
  }
  nodes_[index].def = def;
  nodes_[index].rep = rep;
  nodes_[index].first_leaf = static_cast<int>(leaves_.size());
  std::string my_path = depth == 0 ? "" : (path.empty() ? e.name : path + "." + e.name);
  if (e.num_children <= 0) {
    if (depth == 0 || e.type < kBoolean || e.type > kFixedLenByteArray) {
      *error = "schema element '" + e.name + "' is neither a group nor a column of a known type";
      return false;
    }
    if (def > 0xffff || rep > 0xffff) {
      *error = "the schema nests too deep";
      return false;
    }
    leaves_.push_back(LeafInfo{e.type, e.type_length, def, rep, my_path});
    leaf_nodes_.push_back(index);
  } else {
    for (int32_t c = 0; c < e.num_children; ++c) {
      int child = 0;
      if (!BuildNode(elements, next, def, rep, my_path, depth + 1, &child, error)) return false;
      nodes_[index].children.push_back(child);
    }
  }
  nodes_[index].leaf_count = static_cast<int>(leaves_.size()) - nodes_[index].first_leaf;
  if (nodes_[index].leaf_count == 0) {
    *error = "schema group '" + e.name + "' has no columns";
    return false;
  }
  *out = index;
  return true;
}

bool RowAssembler::Gather(std::string* error) {
  auto& cursors = *cursors_;
  size_t ended = 0;
  for (size_t l = 0; l < cursors.size(); ++l) {
    cursors[l]->ReleaseOldPages();
    std::vector<Entry>& list = entries_[l];
    list.clear();
    Entry e;
    if (!cursors[l]->Next(&e)) {
      if (!cursors[l]->error().empty()) {
        *error = cursors[l]->error();
        return false;
      }
      ++ended;
      continue;
    }
    if (e.rep != 0) {
      *error = "column '" + schema_.leaves()[l].path + "', page at byte offset " +
               std::to_string(cursors[l]->page_offset()) + ": a row starts with a repeated value";
      return false;
    }
    list.push_back(e);
    int r;
    while ((r = cursors[l]->PeekRep()) > 0) {
      cursors[l]->Next(&e);
      list.push_back(e);
    }
    if (r < 0 && !cursors[l]->error().empty()) {
      *error = cursors[l]->error();
      return false;
    }
  }
  if (ended == cursors.size()) return false;
  if (ended != 0) {
    *error = "the columns of the row group hold different numbers of rows";
    return false;
  }
  return true;
}

bool RowAssembler::Next(std::string* out, std::string* error) {
  error->clear();
  if (!Gather(error)) return false;
  std::vector<Range> ranges(entries_.size());
  for (size_t l = 0; l < entries_.size(); ++l)
    ranges[l] = Range{0, static_cast<uint32_t>(entries_[l].size())};
  if (!(spread_ >= 0 ? EmitSpreadRow(ranges, out) : EmitMembers(0, ranges, out))) {
    *error = "the levels of the row's columns do not agree (" + error_ + ")";
    return false;
  }
  return true;
}

bool RowAssembler::EmitMembers(int node, std::vector<Range>& ranges, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (int child : schema_.nodes()[node].children) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(schema_.nodes()[child].element->name, out);
    out->push_back(':');
    if (!EmitField(child, ranges, out)) return false;
  }
  out->push_back('}');
  return true;
}

bool RowAssembler::EmitSpreadRow(std::vector<Range>& ranges, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (int child : schema_.nodes()[0].children) {
    const SchemaNode& n = schema_.nodes()[child];
    const Range& r = ranges[n.first_leaf];
    if (n.children.empty() && n.element->repetition != kRepeated && r.begin < r.end &&
        entries_[n.first_leaf][r.begin].def < n.def) {
      continue;  // null: the record had no such member
    }
    const size_t mark = out->size();
    if (!first) out->push_back(',');
    const size_t name_at = out->size();
    AppendJsonString(n.element->name, out);
    out->push_back(':');
    const size_t value_at = out->size();
    if (!EmitField(child, ranges, out)) return false;
    if (child == spread_) {
      std::string_view v(out->data() + value_at, out->size() - value_at);
      if (v.size() >= 2 && v.front() == '{' && v.back() == '}') {
        if (v.find_first_not_of(" \t\r\n", 1) == v.size() - 1) {  // {}: no members
          out->resize(mark);
          continue;
        }
        out->pop_back();                              // the object's '}'
        out->erase(name_at, value_at + 1 - name_at);  // "name":{
      }  // a value that is not an object stays a member of its own
    }
    first = false;
  }
  out->push_back('}');
  return true;
}

bool RowAssembler::EmitField(int node, std::vector<Range>& ranges, std::string* out) {
  const SchemaNode& n = schema_.nodes()[node];
  if (n.element->repetition == kRepeated) return EmitRepeated(node, node, ranges, out);
  const Range& r = ranges[n.first_leaf];
  if (r.begin >= r.end) {
    error_ = "column '" + schema_.leaves()[n.first_leaf].path + "' has no entry for a value";
    return false;
  }
  if (entries_[n.first_leaf][r.begin].def < n.def) {
    out->append("null");
    return true;
  }
  return EmitPresent(node, ranges, out);
}

bool RowAssembler::EmitPresent(int node, std::vector<Range>& ranges, std::string* out) {
  const SchemaNode& n = schema_.nodes()[node];
  const SchemaElement& e = *n.element;
  if (n.children.empty()) {
    const Range& r = ranges[n.first_leaf];
    const Entry& entry = entries_[n.first_leaf][r.begin];
    if (entry.def != schema_.leaves()[n.first_leaf].max_def) {
      error_ = "column '" + schema_.leaves()[n.first_leaf].path + "' is null where it cannot be";
      return false;
    }
    AppendValue(e, entry.value, out);
    return true;
  }
  if (n.children.size() == 1 && (e.meaning == Meaning::kList || e.meaning == Meaning::kMap)) {
    int r = n.children[0];
    const SchemaNode& rn = schema_.nodes()[r];
    if (rn.element->repetition == kRepeated) {
      if (e.meaning == Meaning::kMap && rn.children.size() == 2)
        return EmitRepeated(r, -1, ranges, out);
      int element = r;
      const std::string& name = rn.element->name;
      if (rn.children.size() == 1 && name != "array" && !EndsWith(name, "_tuple"))
        element = rn.children[0];
      return EmitRepeated(r, element, ranges, out);
    }
  }
  return EmitMembers(node, ranges, out);
}

// The elements of repeated node `rep_node`, as a JSON array of `element` (the node itself, or
// its only child), or as a JSON object of key -> value when element is -1 (a MAP's key_value).
bool RowAssembler::EmitRepeated(int rep_node, int element, std::vector<Range>& ranges,
                                std::string* out) {
  const SchemaNode& n = schema_.nodes()[rep_node];
  const bool map = element < 0;
  const Range outer = ranges[n.first_leaf];
  if (outer.begin >= outer.end) {
    error_ = "column '" + schema_.leaves()[n.first_leaf].path + "' has no entry for a list";
    return false;
  }
  if (entries_[n.first_leaf][outer.begin].def < n.def) {
    out->append(map ? "{}" : "[]");
    return true;
  }
  // Element starts per leaf of the node.
  std::vector<Range> saved(ranges.begin() + n.first_leaf,
                           ranges.begin() + n.first_leaf + n.leaf_count);
  std::vector<std::vector<uint32_t>> starts(n.leaf_count);
  for (int k = 0; k < n.leaf_count; ++k) {
    const Range& r = saved[k];
    const std::vector<Entry>& list = entries_[n.first_leaf + k];
    for (uint32_t i = r.begin; i < r.end; ++i) {
      if (i == r.begin || list[i].rep <= n.rep) starts[k].push_back(i);
    }
    if (starts[k].size() != starts[0].size()) {
      error_ = "the columns under '" + schema_.leaves()[n.first_leaf].path + "' repeat differently";
      return false;
    }
  }
  out->push_back(map ? '{' : '[');
  std::string key;
  for (size_t i = 0; i < starts[0].size(); ++i) {
    if (i > 0) out->push_back(',');
    for (int k = 0; k < n.leaf_count; ++k) {
      uint32_t end = i + 1 < starts[k].size() ? starts[k][i + 1] : saved[k].end;
      ranges[n.first_leaf + k] = Range{starts[k][i], end};
    }
    bool ok;
    if (map) {
      key.clear();
      ok = EmitField(n.children[0], ranges, &key);
      if (ok && (key.empty() || key[0] != '"')) {
        out->push_back('"');
        out->append(key);
        out->push_back('"');
      } else {
        out->append(key);
      }
      out->push_back(':');
      ok = ok && EmitField(n.children[1], ranges, out);
    } else if (element == rep_node) {
      ok = EmitPresent(element, ranges, out);
    } else {
      ok = EmitField(element, ranges, out);
    }
    if (!ok) return false;
  }
  out->push_back(map ? '}' : ']');
  std::copy(saved.begin(), saved.end(), ranges.begin() + n.first_leaf);
  return true;
}

}  // namespace saring::parquet
