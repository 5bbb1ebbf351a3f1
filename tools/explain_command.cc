// `saring explain DIR ID`: what a run did to one document, and why.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "saring/explain.h"

namespace saring::tools {
namespace {

struct ExplainFlags {
  std::string dir, id;
  ExplainOptions options;
  bool json = false;
  std::string color = "auto";  // auto | always | never
};

int ExecuteExplain(const ExplainFlags& flags) {
  Result<Explanation> e = Explain(flags.dir, flags.id, flags.options);
  if (!e.ok()) {
    fmt::print(stderr, "saring explain: {}\n", e.status().message());
    return kExitFailed;  // 1: not found (or the folder cannot be read)
  }
  if (flags.json) {
    fmt::print("{}", ExplanationToJson(*e));
    return kExitOk;
  }
  ExplainFormat format;
  format.color = flags.color == "always" || (flags.color == "auto" && isatty(STDOUT_FILENO));
  fmt::print("{}", FormatExplanation(*e, format));
  return kExitOk;
}

}  // namespace

CommandMain RegisterExplain(CLI::App& app) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* cmd = app.add_subcommand("explain", "show what a run did to one document, and why");
  cmd->add_option("dir", flags->dir, "output folder of a finished `saring run`")->required();
  cmd->add_option("id", flags->id, "the document's id")->required();
  cmd->add_flag("--json", flags->json, "print one JSON object");
  cmd->add_option("--color", flags->color, "colour the output: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--context", flags->options.context_lines, "lines of context around each cut");
  cmd->add_option("--id-field", flags->options.id_field, "name of the id field");
  cmd->add_option("--text-field", flags->options.text_field, "name of the text field");
  return [flags] { return ExecuteExplain(*flags); };
}

}  // namespace saring::tools
