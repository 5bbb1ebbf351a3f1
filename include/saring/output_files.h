// The names of the files and folders saring writes at the top of an output folder (one constant
// per name; docs/formats describes each file). The shards live in the folders of kOutputFolders.
//
// Thread-safety: constants only.
#ifndef SARING_OUTPUT_FILES_H_
#define SARING_OUTPUT_FILES_H_

namespace saring {

// The ledger of a finished run; written last, so its presence marks a finished run.
inline constexpr char kStatsFile[] = "stats.json";
// Tool version, threads, timing and throughput of the run.
inline constexpr char kRunInfoFile[] = "run-info.json";
// The HTML report (saring report, or saring run unless --no-report).
inline constexpr char kReportFile[] = "report.html";
// The manifest: what the run is (version, configuration, inputs), checked by --resume.
inline constexpr char kManifestFile[] = "run.json";
// Shards completed so far; present only while a run is unfinished.
inline constexpr char kProgressFile[] = "progress.txt";
// The lock against two runs in one folder; present only while a run holds it.
inline constexpr char kLockFile[] = ".lock";
// The default work folder (spill files), removed at the end of the run.
inline constexpr char kWorkFolder[] = "work";
// The shard folders, in the order of the output kinds (kept, removed, quarantined).
inline constexpr const char* kOutputFolders[3] = {"kept", "removed", "quarantine"};

}  // namespace saring

#endif  // SARING_OUTPUT_FILES_H_
