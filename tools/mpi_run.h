// Running `saring run` across MPI ranks (mpi_run.cc). Built only with SARING_WITH_MPI.
#ifndef SARING_TOOLS_MPI_RUN_H_
#define SARING_TOOLS_MPI_RUN_H_

#include "commands.h"
#include "saring/run.h"

namespace saring::tools {

#ifdef SARING_WITH_MPI
// True when started by mpirun with more than one rank.
bool UnderMpi();
// Runs the job across the ranks; every rank returns the same exit code.
int RunUnderMpi(const RunOptions& options, bool quiet);
#else
inline bool UnderMpi() { return false; }
inline int RunUnderMpi(const RunOptions&, bool) { return kExitFailed; }
#endif

}  // namespace saring::tools

#endif  // SARING_TOOLS_MPI_RUN_H_
