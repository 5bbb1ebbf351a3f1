// WARC header and HTTP response parsing (saring/warc.h).
#include "saring/warc.h"

#include <zlib.h>

#include <charconv>
#include <cstring>

namespace saring {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Calls field(name, value) for each "Name: value" line of `head` after its first line, up to
// the blank line. False (with *error) for a line without a colon.
template <typename Field>
bool ForEachField(std::string_view head, std::string* error, Field field) {
  size_t pos = head.find('\n');
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    size_t begin = pos + 1;
    size_t end = head.find('\n', begin);
    std::string_view line =
        head.substr(begin, end == std::string_view::npos ? head.size() - begin : end - begin);
    pos = end;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') continue;  // a folded continuation line
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      *error = "header line without a colon: '" + std::string(line.substr(0, 80)) + "'";
      return false;
    }
    field(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return true;
}

void SetOnce(std::string_view* slot, std::string_view value) {
  if (slot->empty()) *slot = value;
}

std::string_view MediaType(std::string_view content_type) {
  return Trim(content_type.substr(0, content_type.find(';')));
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

// Appends the inflated `in` (gzip or zlib, by its header; raw deflate as a fallback) to *out, up
// to max_bytes. Stops at the end of the first stream.
Status Inflate(std::string_view in, bool gzip, uint64_t max_bytes, std::string* out,
               bool* truncated) {
  z_stream zs{};
  // 15 + 32: gzip or zlib header, detected. A "deflate" body that is raw deflate gets -15.
  int bits = gzip ? 15 + 16 : 15 + 32;
  if (!gzip && !in.empty() && (static_cast<uint8_t>(in[0]) & 0x0f) != 8) bits = -15;
  if (inflateInit2(&zs, bits) != Z_OK) return Status::ResourceExhausted("cannot set up zlib");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    size_t n = sizeof(chunk) - zs.avail_out;
    uint64_t room = max_bytes - std::min<uint64_t>(max_bytes, out->size());
    if (n > room) {
      out->append(chunk, room);
      *truncated = true;
      inflateEnd(&zs);
      return Status::Ok();
    }
    out->append(chunk, n);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // the body ends early: keep what it gave
  }
  std::string message = zs.msg != nullptr ? zs.msg : "";
  inflateEnd(&zs);
  if (rc == Z_STREAM_END || rc == Z_BUF_ERROR) return Status::Ok();
  return Status::InvalidArgument(std::string(gzip ? "gzip" : "deflate") +
                                 " content-encoding is corrupt (zlib: " + message + ")");
}

// Undoes chunked transfer-encoding: appends the chunks' data to *out. A body that ends before its
// last chunk keeps what it has (servers cut off); a chunk size that is not hex is damage.
Status Dechunk(std::string_view in, std::string* out) {
  size_t pos = 0;
  while (pos < in.size()) {
    size_t eol = in.find('\n', pos);
    if (eol == std::string_view::npos) break;
    std::string_view line = Trim(in.substr(pos, eol - pos));
    line = line.substr(0, line.find(';'));  // chunk extensions
    uint64_t size = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || ptr != line.data() + line.size()) {
      return Status::InvalidArgument("chunked transfer-encoding is broken at body byte " +
                                     std::to_string(pos) + " (a chunk size that is not hex)");
    }
    pos = eol + 1;
    if (size == 0) break;
    size_t take = static_cast<size_t>(std::min<uint64_t>(size, in.size() - pos));
    out->append(in.substr(pos, take));
    pos += take;
    if (pos < in.size() && in[pos] == '\r') ++pos;
    if (pos < in.size() && in[pos] == '\n') ++pos;
  }
  return Status::Ok();
}

}  // namespace

size_t FindWarcHeaderEnd(std::string_view bytes) {
  // One pass over the line ends: the first empty line ("\n\n" or "\n\r\n") ends the header.
  std::string_view head = bytes.substr(0, kMaxWarcHeaderBytes);
  for (size_t nl = head.find('\n'); nl != std::string_view::npos; nl = head.find('\n', nl + 1)) {
    if (nl + 1 < head.size() && head[nl + 1] == '\n') return nl + 2;
    if (nl + 2 < head.size() && head[nl + 1] == '\r' && head[nl + 2] == '\n') return nl + 3;
  }
  return 0;
}

bool ParseWarcHeader(std::string_view record, WarcHeader* out, std::string* error) {
  *out = WarcHeader{};
  if (record.substr(0, 7) != "WARC/1.") {
    *error = "no WARC version line ('WARC/1.0' or 'WARC/1.1') where a record should begin";
    return false;
  }
  size_t end = FindWarcHeaderEnd(record);
  if (end == 0) {
    *error = "the WARC header has no end (no blank line within " +
             std::to_string(kMaxWarcHeaderBytes) + " bytes)";
    return false;
  }
  std::string_view head = record.substr(0, end);
  out->header_bytes = end;
  out->version = Trim(head.substr(0, head.find('\n')));
  std::string_view length;
  bool ok = ForEachField(head, error, [&](std::string_view name, std::string_view value) {
    if (EqualsNoCase(name, "WARC-Type")) SetOnce(&out->type, value);
    else if (EqualsNoCase(name, "WARC-Record-ID")) SetOnce(&out->record_id, value);
    else if (EqualsNoCase(name, "WARC-Target-URI")) SetOnce(&out->target_uri, value);
    else if (EqualsNoCase(name, "WARC-Date")) SetOnce(&out->date, value);
    else if (EqualsNoCase(name, "Content-Type")) SetOnce(&out->content_type, value);
    else if (EqualsNoCase(name, "Content-Length")) SetOnce(&length, value);
  });
  if (!ok) return false;
  if (out->target_uri.size() >= 2 && out->target_uri.front() == '<' &&
      out->target_uri.back() == '>') {
    out->target_uri = out->target_uri.substr(1, out->target_uri.size() - 2);
  }
  auto [ptr, ec] =
      std::from_chars(length.data(), length.data() + length.size(), out->content_length);
  if (length.empty() || ec != std::errc() || ptr != length.data() + length.size()) {
    *error = length.empty() ? "the WARC header has no Content-Length"
                            : "the WARC header's Content-Length '" +
                                  std::string(length.substr(0, 40)) + "' is not a number";
    return false;
  }
  return true;
}

bool ParseHttpHead(std::string_view block, HttpHead* out, std::string* error) {
  *out = HttpHead{};
  if (!StartsWithNoCase(block, "HTTP/")) {
    *error = "the response's block does not begin with an HTTP status line";
    return false;
  }
  size_t end = FindWarcHeaderEnd(block);
  if (end == 0) {
    *error = "the HTTP header has no end (no blank line within " +
             std::to_string(kMaxWarcHeaderBytes) + " bytes)";
    return false;
  }
  std::string_view head = block.substr(0, end);
  std::string_view status_line = Trim(head.substr(0, head.find('\n')));
  size_t space = status_line.find(' ');
  std::string_view code =
      space == std::string_view::npos ? std::string_view() : status_line.substr(space + 1, 3);
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), out->status);
  if (code.size() != 3 || ec != std::errc() || ptr != code.data() + 3) {
    *error =
        "the HTTP status line '" + std::string(status_line.substr(0, 80)) + "' has no status code";
    return false;
  }
  out->head_bytes = end;
  return ForEachField(head, error, [&](std::string_view name, std::string_view value) {
    if (EqualsNoCase(name, "Content-Type")) SetOnce(&out->content_type, value);
    else if (EqualsNoCase(name, "Content-Encoding")) SetOnce(&out->content_encoding, value);
    else if (EqualsNoCase(name, "Transfer-Encoding") && EqualsNoCase(value, "chunked"))
      out->chunked = true;
  });
}

bool IsHtmlContentType(std::string_view content_type) {
  std::string_view media = MediaType(content_type);
  return EqualsNoCase(media, "text/html") || EqualsNoCase(media, "application/xhtml+xml");
}

WarcPayload ClassifyWarcRecord(const WarcHeader& header, std::string_view block,
                               std::string* skip_kind) {
  skip_kind->clear();
  if (EqualsNoCase(header.type, "conversion")) return WarcPayload::kText;
  if (EqualsNoCase(header.type, "resource")) {
    if (IsHtmlContentType(header.content_type)) return WarcPayload::kHtml;
    if (EqualsNoCase(MediaType(header.content_type), "text/plain")) return WarcPayload::kText;
    *skip_kind = "resource_not_text";
    return WarcPayload::kSkip;
  }
  if (EqualsNoCase(header.type, "response")) {
    HttpHead head;
    std::string error;
    if (!ParseHttpHead(block, &head, &error)) return WarcPayload::kHtml;
    if (head.status < 200 || head.status > 299) {
      *skip_kind = "response_not_ok";
      return WarcPayload::kSkip;
    }
    if (!head.content_type.empty() && !IsHtmlContentType(head.content_type)) {
      *skip_kind = "response_not_html";
      return WarcPayload::kSkip;
    }
    return WarcPayload::kHtml;
  }
  // Any other type, named as it is spelled when it is a plain word (a damaged type is "other").
  bool word = !header.type.empty() && header.type.size() <= 32;
  for (char c : header.type)
    word = word && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_');
  if (!word) {
    *skip_kind = "other";
  } else {
    for (char c : header.type) skip_kind->push_back(Lower(c));
  }
  return WarcPayload::kSkip;
}

Status DecodeHttpBody(const HttpHead& head, std::string_view block, uint64_t max_bytes,
                      std::string* out, bool* truncated) {
  out->clear();
  *truncated = false;
  std::string_view body = block.substr(std::min(head.head_bytes, block.size()));
  std::string dechunked;
  if (head.chunked) {
    Status s = Dechunk(body, &dechunked);
    if (!s.ok()) return s;
    body = dechunked;
  }
  std::string_view encoding = head.content_encoding;
  if (encoding.empty() || EqualsNoCase(encoding, "identity")) {
    if (body.size() > max_bytes) {
      body = body.substr(0, max_bytes);
      *truncated = true;
    }
    out->assign(body);
    return Status::Ok();
  }
  if (EqualsNoCase(encoding, "gzip") || EqualsNoCase(encoding, "x-gzip")) {
    return Inflate(body, true, max_bytes, out, truncated);
  }
  if (EqualsNoCase(encoding, "deflate")) return Inflate(body, false, max_bytes, out, truncated);
  return Status::InvalidArgument("content-encoding '" + std::string(encoding.substr(0, 40)) +
                                 "' is not one saring decodes (gzip, deflate, identity)");
}

Status ReadWarcHtmlPage(const WarcHeader& header, std::string_view block, uint64_t max_bytes,
                        std::string* body, WarcHtmlPage* page) {
  *page = WarcHtmlPage{block, header.content_type, 0, false};
  if (IsHtmlContentType(header.content_type) && header.type == "resource") return Status::Ok();
  HttpHead head;  // a response: HTTP inside
  std::string error;
  if (!ParseHttpHead(block, &head, &error)) return Status::InvalidArgument(error);
  SARING_RETURN_IF_ERROR(DecodeHttpBody(head, block, max_bytes, body, &page->truncated));
  page->bytes = *body;
  page->content_type = head.content_type;
  page->http_status = head.status;
  return Status::Ok();
}

}  // namespace saring
