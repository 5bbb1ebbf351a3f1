// `saring extract`: shows the main-content extraction of one HTML page: its charset, headline
// and text, and with --explain every block with the reason it was kept or dropped.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "commands.h"
#include "saring/extract.h"
#include "saring/file_util.h"

namespace saring::tools {
namespace {

struct ExtractFlags {
  std::string file;
  std::string charset_header;
  std::string language;
  bool explain = false;
  bool gumbo = false;
  uint64_t max_bytes = 64ull << 20;
};

// One line of a block's text for the explain listing: at most `limit` bytes, cut at a
// character boundary, line breaks shown as spaces.
std::string Preview(std::string_view text, size_t limit) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= limit && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out.append("...");
      break;
    }
    out.push_back(text[i] == '\n' ? ' ' : text[i]);
  }
  return out;
}

int ExecuteExtract(const ExtractFlags& flags) {
  Result<std::string> bytes = ReadFileToString(flags.file);
  if (!bytes.ok()) {
    fmt::print(stderr, "saring extract: {}\n", bytes.status().message());
    return kExitFailed;
  }
  HtmlDecoded decoded;
  Status s = DecodeHtml(*bytes, flags.charset_header, &decoded);
  if (!s.ok()) {
    fmt::print(stderr, "saring extract: {}: {}\n", flags.file, s.message());
    return kExitFailed;
  }
  const size_t raw_bytes = bytes->size();
  std::string().swap(*bytes);  // only the decoded page is needed from here
  ExtractOptions options;
  options.language = flags.language;
  options.explain = flags.explain;
  options.use_gumbo = flags.gumbo;
  options.max_html_bytes = flags.max_bytes;
  HtmlExtractor extractor(options);
  Extraction extraction;
  s = extractor.Extract(decoded.utf8, &extraction);
  if (!s.ok()) {
    fmt::print(stderr, "saring extract: {}: {}\n", flags.file, s.message());
    return kExitFailed;
  }
  if (flags.explain) {
    fmt::print("# {}: {} bytes, charset {} (from {}){}\n", flags.file, raw_bytes,
               decoded.charset, decoded.charset_source,
               extraction.truncated ? ", cut at --max-bytes" : "");
    fmt::print("# headline: {}\n", extraction.title);
    for (const ExtractedBlock& b : extraction.blocks) {
      fmt::print("{} {}\n    {}\n    {}\n", b.kept ? "KEEP" : "DROP", b.reason, b.tag_path,
                 Preview(b.text, 100));
    }
    fmt::print("# text:\n");
  }
  if (!extraction.text.empty()) {
    std::fwrite(extraction.text.data(), 1, extraction.text.size(), stdout);
    std::fputc('\n', stdout);
  }
  return kExitOk;
}

}  // namespace

CommandMain RegisterExtract(CLI::App& app) {
  auto flags = std::make_shared<ExtractFlags>();
  CLI::App* cmd = app.add_subcommand("extract", "show the main-content extraction of one HTML page");
  cmd->add_option("file", flags->file, "HTML file (raw bytes, any charset)")->required();
  cmd->add_option("--charset-header", flags->charset_header,
                  "the HTTP Content-Type header value, e.g. 'text/html; charset=iso-8859-1'");
  cmd->add_option("--language", flags->language, "ISO 639-1 code for the stop words (default: guessed)");
  cmd->add_flag("--explain", flags->explain, "list every block, kept or dropped, with the reason");
  cmd->add_flag("--gumbo", flags->gumbo, "parse with libgumbo (the reference parser)");
  cmd->add_option("--max-bytes", flags->max_bytes, "cut pages longer than this before parsing");
  return [flags] { return ExecuteExtract(*flags); };
}

}  // namespace saring::tools
