// The saring subcommands. Each Register* adds its subcommand to the CLI11 app and returns a
// function that runs it once the command line is parsed, returning the process exit code.
#ifndef SARING_TOOLS_COMMANDS_H_
#define SARING_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>

namespace saring::tools {

using CommandMain = std::function<int()>;

CommandMain RegisterRun(CLI::App& app);
CommandMain RegisterCount(CLI::App& app);
CommandMain RegisterIndex(CLI::App& app);
CommandMain RegisterReport(CLI::App& app);
CommandMain RegisterExplain(CLI::App& app);
CommandMain RegisterLearn(CLI::App& app);
CommandMain RegisterSign(CLI::App& app);
CommandMain RegisterCluster(CLI::App& app);
CommandMain RegisterApply(CLI::App& app);
CommandMain RegisterFinish(CLI::App& app);
CommandMain RegisterExtract(CLI::App& app);

// Exit codes shared by the subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the run stopped (bad options, I/O error, --strict)
inline constexpr int kExitUsage = 2;   // bad command line

}  // namespace saring::tools

#endif  // SARING_TOOLS_COMMANDS_H_
