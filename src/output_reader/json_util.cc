#include "output_reader/json_util.h"
#include "saring/output_record.h"
#include "util/base64.h"

namespace saring::report {

std::optional<simdjson::dom::element> Member(simdjson::dom::element obj, std::string_view key) {
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  simdjson::dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  return e;
}

std::optional<std::string_view> StringMember(simdjson::dom::element obj, std::string_view key) {
  std::optional<simdjson::dom::element> e = Member(obj, key);
  std::string_view s;
  if (!e || e->get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

std::optional<double> NumberMember(simdjson::dom::element obj, std::string_view key) {
  std::optional<simdjson::dom::element> e = Member(obj, key);
  if (!e) return std::nullopt;
  double d;
  if (e->get_double().get(d) == simdjson::SUCCESS) return d;
  int64_t i;
  if (e->get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  uint64_t u;
  if (e->get_uint64().get(u) == simdjson::SUCCESS) return static_cast<double>(u);
  return std::nullopt;
}

std::optional<int64_t> IntMember(simdjson::dom::element obj, std::string_view key) {
  std::optional<simdjson::dom::element> e = Member(obj, key);
  int64_t i;
  if (!e || e->get_int64().get(i) != simdjson::SUCCESS) return std::nullopt;
  return i;
}

std::optional<std::string> IdOf(simdjson::dom::element record, std::string_view id_field) {
  std::optional<simdjson::dom::element> e = Member(record, id_field);
  if (!e) return std::nullopt;
  std::string_view s;
  if (e->get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  return simdjson::minify(*e);
}

std::string_view IdView(simdjson::dom::element record, std::string_view id_field,
                        std::string* scratch) {
  std::optional<simdjson::dom::element> e = Member(record, id_field);
  if (!e) return {};
  std::string_view s;
  if (e->get_string().get(s) == simdjson::SUCCESS) return s;
  *scratch = simdjson::minify(*e);
  return *scratch;
}

std::optional<simdjson::dom::element> SaringOf(simdjson::dom::element record) {
  std::optional<simdjson::dom::element> meta = Member(record, output_record::kMetadata);
  if (meta && meta->is_object()) return Member(*meta, output_record::kSaring);
  // The input's metadata was not an object: the annotation is a top-level member.
  return meta ? Member(record, output_record::kSaring) : std::nullopt;
}

std::string RawBytes(simdjson::dom::element quarantine_record) {
  std::string raw;
  if (std::optional<std::string_view> r = StringMember(quarantine_record, output_record::kRaw)) {
    raw = *r;
  } else if (std::optional<std::string_view> b64 =
                 StringMember(quarantine_record, output_record::kRawBase64)) {
    DecodeBase64(*b64, &raw);
  }
  return raw;
}

std::optional<LanguageView> LanguageOf(simdjson::dom::element saring) {
  std::optional<simdjson::dom::element> lang = Member(saring, output_record::kLanguage);
  if (!lang) return std::nullopt;
  std::string_view code;
  if (lang->get_string().get(code) == simdjson::SUCCESS)
    return LanguageView{code, NumberMember(saring, output_record::kScore)};
  std::optional<std::string_view> c = StringMember(*lang, output_record::kCode);
  if (!c) return std::nullopt;
  return LanguageView{*c, NumberMember(*lang, output_record::kScore)};
}

std::optional<std::string> ScanForMember(std::string_view text, std::string_view key) {
  std::string quoted(1, '"');
  quoted.append(key);
  quoted.push_back('"');
  for (size_t pos = text.find(quoted); pos != std::string_view::npos;
       pos = text.find(quoted, pos + 1)) {
    size_t i = pos + quoted.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) return std::nullopt;
    std::string value;
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value.push_back(text[i]);
      }
      return value;
    }
    while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ' ')
      value.push_back(text[i++]);
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

}  // namespace saring::report
