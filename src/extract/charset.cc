// DecodeHtml and CanonicalCharset (see extract.h): choosing a page's charset from its byte-order
// mark, HTTP header or <meta> prescan, and converting it to UTF-8 with ICU.
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <memory>

#include "extract/utf8_repair.h"
#include "saring/extract.h"

namespace saring {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Aliases of the WHATWG Encoding standard for the charsets seen on the web; each maps to the
// name ICU is opened with (which is also the canonical name reported).
struct Alias {
  std::string_view label;
  std::string_view canonical;
};
constexpr std::array kAliases = {
    Alias{"utf-8", "utf-8"},
    Alias{"utf8", "utf-8"},
    Alias{"unicode-1-1-utf-8", "utf-8"},
    Alias{"x-unicode20utf8", "utf-8"},
    Alias{"windows-1252", "windows-1252"},
    Alias{"cp1252", "windows-1252"},
    Alias{"x-cp1252", "windows-1252"},
    Alias{"iso-8859-1", "windows-1252"},
    Alias{"iso8859-1", "windows-1252"},
    Alias{"iso_8859-1", "windows-1252"},
    Alias{"iso88591", "windows-1252"},
    Alias{"latin1", "windows-1252"},
    Alias{"l1", "windows-1252"},
    Alias{"us-ascii", "windows-1252"},
    Alias{"ascii", "windows-1252"},
    Alias{"ansi_x3.4-1968", "windows-1252"},
    Alias{"cp819", "windows-1252"},
    Alias{"ibm819", "windows-1252"},
    Alias{"x-user-defined", "windows-1252"},
    Alias{"utf-16", "utf-16le"},
    Alias{"utf-16le", "utf-16le"},
    Alias{"utf-16be", "utf-16be"},
    Alias{"iso-8859-15", "iso-8859-15"},
    Alias{"latin9", "iso-8859-15"},
    Alias{"iso-8859-2", "iso-8859-2"},
    Alias{"latin2", "iso-8859-2"},
    Alias{"windows-1250", "windows-1250"},
    Alias{"windows-1251", "windows-1251"},
    Alias{"cp1251", "windows-1251"},
    Alias{"windows-1253", "windows-1253"},
    Alias{"windows-1254", "windows-1254"},
    Alias{"iso-8859-9", "windows-1254"},
    Alias{"latin5", "windows-1254"},
    Alias{"windows-1256", "windows-1256"},
    Alias{"windows-1257", "windows-1257"},
    Alias{"windows-1258", "windows-1258"},
    Alias{"koi8-r", "koi8-r"},
    Alias{"koi8-u", "koi8-u"},
    Alias{"tis-620", "windows-874"},
    Alias{"iso-8859-11", "windows-874"},
    Alias{"windows-874", "windows-874"},
    Alias{"gbk", "gbk"},
    Alias{"gb2312", "gbk"},
    Alias{"x-gbk", "gbk"},
    Alias{"gb18030", "gb18030"},
    Alias{"big5", "big5"},
    Alias{"shift_jis", "shift_jis"},
    Alias{"sjis", "shift_jis"},
    Alias{"x-sjis", "shift_jis"},
    Alias{"euc-jp", "euc-jp"},
    Alias{"euc-kr", "euc-kr"},
    Alias{"iso-2022-jp", "iso-2022-jp"},
};

// The value of a `charset=` parameter in a Content-Type value, or "".
std::string_view CharsetParameter(std::string_view content_type) {
  for (size_t i = 0; i + 8 <= content_type.size(); ++i) {
    bool match = true;
    for (size_t k = 0; k < 7 && match; ++k) match = AsciiLower(content_type[i + k]) == "charset"[k];
    if (!match) continue;
    size_t j = i + 7;
    while (j < content_type.size() && IsHtmlSpace(content_type[j])) ++j;
    if (j >= content_type.size() || content_type[j] != '=') continue;
    ++j;
    while (j < content_type.size() && IsHtmlSpace(content_type[j])) ++j;
    if (j < content_type.size() && (content_type[j] == '"' || content_type[j] == '\'')) {
      char quote = content_type[j++];
      size_t end = content_type.find(quote, j);
      return content_type.substr(j,
                                 end == std::string_view::npos ? std::string_view::npos : end - j);
    }
    size_t end = j;
    while (end < content_type.size() && !IsHtmlSpace(content_type[end]) && content_type[end] != ';')
      ++end;
    return content_type.substr(j, end - j);
  }
  return {};
}

// One attribute of a tag being prescanned: lower-cased name, raw value.
struct PrescanAttribute {
  std::string name;
  std::string_view value;
};

// Reads the attribute at s[*i] inside a tag; false at the tag's end.
bool NextAttribute(std::string_view s, size_t* i, PrescanAttribute* attr) {
  size_t p = *i;
  while (p < s.size() && (IsHtmlSpace(s[p]) || s[p] == '/')) ++p;
  if (p >= s.size() || s[p] == '>') return false;
  attr->name.clear();
  attr->value = {};
  while (p < s.size() && !IsHtmlSpace(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/')
    attr->name.push_back(AsciiLower(s[p++]));
  while (p < s.size() && IsHtmlSpace(s[p])) ++p;
  if (p < s.size() && s[p] == '=') {
    ++p;
    while (p < s.size() && IsHtmlSpace(s[p])) ++p;
    if (p < s.size() && (s[p] == '"' || s[p] == '\'')) {
      char quote = s[p++];
      size_t end = s.find(quote, p);
      if (end == std::string_view::npos) end = s.size();
      attr->value = s.substr(p, end - p);
      p = std::min(end + 1, s.size());
    } else {
      size_t start = p;
      while (p < s.size() && !IsHtmlSpace(s[p]) && s[p] != '>') ++p;
      attr->value = s.substr(start, p - start);
    }
  }
  *i = p;
  return true;
}

// The charset label named by a <meta> tag in the first 1024 bytes, or "". A simplified form of
// the HTML standard's prescan: comments are skipped, every <meta> is read.
std::string_view PrescanMeta(std::string_view bytes) {
  std::string_view s = bytes.substr(0, 1024);
  size_t i = 0;
  while ((i = s.find('<', i)) != std::string_view::npos) {
    if (s.compare(i, 4, "<!--") == 0) {
      size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return {};
      i = end + 3;
      continue;
    }
    bool is_meta = i + 5 < s.size();
    for (size_t k = 0; k < 4 && is_meta; ++k) is_meta = AsciiLower(s[i + 1 + k]) == "meta"[k];
    if (!is_meta || !(IsHtmlSpace(s[i + 5]) || s[i + 5] == '/')) {
      ++i;
      continue;
    }
    size_t p = i + 5;
    PrescanAttribute attr;
    std::string_view charset, content;
    bool http_equiv_content_type = false;
    while (NextAttribute(s, &p, &attr)) {
      if (attr.name == "charset") charset = attr.value;
      if (attr.name == "content") content = attr.value;
      if (attr.name == "http-equiv") {
        std::string v(TrimSpace(attr.value));
        std::transform(v.begin(), v.end(), v.begin(), AsciiLower);
        http_equiv_content_type = v == "content-type";
      }
    }
    if (!charset.empty()) return TrimSpace(charset);
    if (http_equiv_content_type && !content.empty()) {
      std::string_view label = CharsetParameter(content);
      if (!label.empty()) return label;
    }
    i = p;
  }
  return {};
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Converts `in` from `charset` (an ICU converter name) to UTF-8 in *out.
Status ConvertWithIcu(std::string_view in, const std::string& charset, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) return Status::InvalidArgument("ICU cannot open a converter for " + charset);
  ConverterPtr target(ucnv_open("utf-8", &err));
  if (U_FAILURE(err)) return Status::InvalidArgument("ICU cannot open a UTF-8 converter");
  // Substitution to U+FFFD for illegal or unmapped bytes is ICU's default callback.
  out->resize(in.size() * 3 + 16);
  char* dest = out->data();
  const char* src = in.data();
  std::array<UChar, 1024> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  ucnv_convertEx(target.get(), source.get(), &dest, out->data() + out->size(), &src,
                 in.data() + in.size(), pivot.data(), &pivot_source, &pivot_target,
                 pivot.data() + pivot.size(), true, true, &err);
  if (U_FAILURE(err)) {
    return Status::InvalidArgument(std::string("ICU conversion from ") + charset +
                                   " failed: " + u_errorName(err));
  }
  out->resize(static_cast<size_t>(dest - out->data()));
  return Status::Ok();
}

}  // namespace

std::string CanonicalCharset(std::string_view label) {
  std::string lower(TrimSpace(label));
  std::transform(lower.begin(), lower.end(), lower.begin(), AsciiLower);
  for (const Alias& a : kAliases) {
    if (a.label == lower) return std::string(a.canonical);
  }
  return {};
}

Status DecodeHtml(std::string_view bytes, std::string_view http_content_type, HtmlDecoded* out) {
  out->utf8.clear();
  std::string charset;
  std::string_view body = bytes;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    charset = "utf-8", out->charset_source = "bom", body.remove_prefix(3);
  } else if (bytes.substr(0, 2) == "\xFF\xFE") {
    charset = "utf-16le", out->charset_source = "bom", body.remove_prefix(2);
  } else if (bytes.substr(0, 2) == "\xFE\xFF") {
    charset = "utf-16be", out->charset_source = "bom", body.remove_prefix(2);
  }
  if (charset.empty()) {
    charset = CanonicalCharset(CharsetParameter(http_content_type));
    if (!charset.empty()) out->charset_source = "http";
  }
  if (charset.empty()) {
    charset = CanonicalCharset(PrescanMeta(bytes));
    // A page that says it is UTF-16 in its own ASCII bytes is not UTF-16 (HTML standard).
    if (charset == "utf-16le" || charset == "utf-16be") charset = "utf-8";
    if (!charset.empty()) out->charset_source = "meta";
  }
  if (charset.empty()) {
    // Unlabelled: bytes that are well-formed UTF-8 with some non-ASCII are UTF-8 (windows-1252
    // text practically never is); anything else is windows-1252, as the HTML standard says.
    bool ascii = std::all_of(body.begin(), body.end(), [](char c) { return (c & 0x80) == 0; });
    charset = (!ascii && IsValidUtf8(body)) ? "utf-8" : "windows-1252";
    out->charset_source = "default";
  }
  out->charset = charset;
  if (charset == "utf-8") {
    out->utf8.reserve(body.size());
    extract_internal::AppendRepairedUtf8(body, &out->utf8);
    return Status::Ok();
  }
  return ConvertWithIcu(body, charset, &out->utf8);
}

}  // namespace saring
