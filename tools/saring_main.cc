// saring: clean, repair and deduplicate crawled text corpora.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"saring " SARING_VERSION ": clean, repair and deduplicate crawled text corpora"};
#ifdef SARING_WITH_MPI
  app.set_version_flag("--version", "saring " SARING_VERSION " (mpi)");
#else
  app.set_version_flag("--version", "saring " SARING_VERSION);
#endif
  app.require_subcommand(1);
  std::map<CLI::App*, saring::tools::CommandMain> commands;
  auto add = [&](saring::tools::CommandMain (*reg)(CLI::App&)) {
    size_t before = app.get_subcommands({}).size();
    saring::tools::CommandMain main_fn = reg(app);
    commands[app.get_subcommands({})[before]] = std::move(main_fn);
  };
  add(saring::tools::RegisterRun);
  add(saring::tools::RegisterCount);
  add(saring::tools::RegisterIndex);
  add(saring::tools::RegisterReport);
  add(saring::tools::RegisterExplain);
  add(saring::tools::RegisterLearn);
  add(saring::tools::RegisterSign);
  add(saring::tools::RegisterCluster);
  add(saring::tools::RegisterApply);
  add(saring::tools::RegisterFinish);
  add(saring::tools::RegisterExtract);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : saring::tools::kExitUsage;
  }
  for (auto& [sub, fn] : commands) {
    if (sub->parsed()) return fn();
  }
  return saring::tools::kExitUsage;
}
