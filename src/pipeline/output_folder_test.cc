// Tests of the output folder and its checkpoint files, with faults injected through the Env at
// every file access: each failure must be a Status naming the file, and no final file (the
// manifest, the progress log, stats.json) may ever be half-written.
#include "pipeline/output_folder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/checkpoint.h"
#include "saring/file_util.h"
#include "util/fault_env.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

using test_util::ScratchDir;

constexpr Fault kFaults[] = {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite,
                             Fault::kFailedRename};

// A run of one small input file, into DIR/out.
struct Fixture {
  ScratchDir dir{"outdir"};
  RunOptions options;
  std::vector<InputSpec> inputs;

  Fixture() {
    EXPECT_TRUE(WriteFileAtomically(dir.Sub("in.jsonl"), "{\"text\": \"a\"}\n").ok());
    options.inputs = {dir.Sub("in.jsonl")};
    options.output_dir = dir.Sub("out");
    InputSpec in;
    in.path = dir.Sub("in.jsonl");
    in.files = {in.path};
    inputs = {in};
  }
  std::string Out(std::string_view name) const {
    return options.output_dir + "/" + std::string(name);
  }
  bool Exists(std::string_view name) const { return PathExists(Env::Default(), Out(name)).value(); }
};

// The message names a file or folder of the test's scratch folder.
void ExpectNamesAFile(const Status& s, const std::string& dir) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(dir), std::string::npos) << s.message();
}

TEST(OutputFolder, OpensANewRunAndFinishesIt) {
  Fixture f;
  Result<std::unique_ptr<OutputFolder>> folder = OutputFolder::Open(f.options, f.inputs);
  ASSERT_TRUE(folder.ok()) << folder.status().message();
  EXPECT_FALSE((*folder)->already_complete());
  EXPECT_TRUE(f.Exists(kManifestFile));
  EXPECT_TRUE(f.Exists(kLockFile));
  for (const char* sub : kOutputFolders) EXPECT_TRUE(f.Exists(sub)) << sub;
  ASSERT_TRUE((*folder)->progress()->Add(kOutputKept, 0, 3).ok());
  EXPECT_TRUE(f.Exists(kProgressFile));
  // A second run in the same folder is refused while the first holds it.
  Result<std::unique_ptr<OutputFolder>> second = OutputFolder::Open(f.options, f.inputs);
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("in use by another saring run"), std::string::npos);

  ASSERT_TRUE(CreateDirectories(f.Out(kWorkFolder)).ok());
  RunResult result;
  ASSERT_TRUE((*folder)->Finish(f.options, &result).ok());
  EXPECT_TRUE(f.Exists(kStatsFile));
  EXPECT_TRUE(f.Exists(kRunInfoFile));
  EXPECT_FALSE(f.Exists(kProgressFile));
  EXPECT_FALSE(f.Exists(kLockFile));
  EXPECT_FALSE(f.Exists(kWorkFolder));
  folder->reset();

  // Finished: a new run is refused without --overwrite; --resume finds nothing to do.
  Result<std::unique_ptr<OutputFolder>> again = OutputFolder::Open(f.options, f.inputs);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("--overwrite"), std::string::npos);
  f.options.resume = true;
  Result<std::unique_ptr<OutputFolder>> resumed = OutputFolder::Open(f.options, f.inputs);
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_TRUE((*resumed)->already_complete());
}

TEST(OutputFolder, ResumeChecksTheManifest) {
  Fixture f;
  f.options.resume = true;
  Result<std::unique_ptr<OutputFolder>> nothing = OutputFolder::Open(f.options, f.inputs);
  EXPECT_EQ(nothing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(nothing.status().message().find("nothing to resume"), std::string::npos);

  f.options.resume = false;
  ASSERT_TRUE(OutputFolder::Open(f.options, f.inputs).ok());  // interrupted: no Finish
  f.options.resume = true;
  f.options.dedup.exact = !f.options.dedup.exact;  // the configuration changed
  Result<std::unique_ptr<OutputFolder>> changed = OutputFolder::Open(f.options, f.inputs);
  EXPECT_EQ(changed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(changed.status().message().find(f.Out(kManifestFile)), std::string::npos);
}

TEST(OutputFolder, ResumeRemovesTheShardsAfterTheLastCheckpoint) {
  Fixture f;
  {
    Result<std::unique_ptr<OutputFolder>> folder = OutputFolder::Open(f.options, f.inputs);
    ASSERT_TRUE(folder.ok());
    ASSERT_TRUE((*folder)->progress()->Add(kOutputKept, 0, 7).ok());
  }
  for (const char* name : {"part-00000-00000.jsonl.zst", "part-00000-00001.jsonl.zst",
                           "part-00000-00002.jsonl.zst.tmp"}) {
    ASSERT_TRUE(WriteFileAtomically(f.Out(std::string("kept/") + name), "x").ok());
  }
  f.options.resume = true;
  Result<std::unique_ptr<OutputFolder>> folder = OutputFolder::Open(f.options, f.inputs);
  ASSERT_TRUE(folder.ok()) << folder.status().message();
  EXPECT_EQ((*folder)->progress()->completed(kOutputKept, 0), 1u);
  EXPECT_EQ((*folder)->progress()->skip_until(kOutputKept), 7);
  EXPECT_EQ(Env::Default()->ListDir(f.Out("kept")).value(),
            std::vector<std::string>{"part-00000-00000.jsonl.zst"});
}

TEST(OutputFolder, RefusesAFolderWithOtherFiles) {
  Fixture f;
  ASSERT_TRUE(CreateDirectories(f.options.output_dir).ok());
  ASSERT_TRUE(WriteFileAtomically(f.Out("notes.txt"), "mine").ok());
  Result<std::unique_ptr<OutputFolder>> folder = OutputFolder::Open(f.options, f.inputs);
  EXPECT_EQ(folder.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(f.Exists("notes.txt"));
}

// Opening a new run, with every fault at every file access: a clear error, and a manifest that is
// either absent or whole.
TEST(OutputFolder, OpenFailsCleanlyAtEveryFaultPoint) {
  Fixture f;
  FaultInjectionEnv env(Env::Default());
  Result<std::string> manifest = RunManifest(Env::Default(), f.options, f.inputs);
  ASSERT_TRUE(manifest.ok());
  for (Fault fault : kFaults) {
    uint64_t points = SweepFault(
        &env, fault, [&] { ASSERT_TRUE(RemoveAll(Env::Default(), f.options.output_dir).ok()); },
        [&] { return OutputFolder::Open(f.options, f.inputs, &env).status(); },
        [&](const Status& s, uint64_t n) {
          SCOPED_TRACE(std::string(FaultName(fault)) + " at call " + std::to_string(n));
          ExpectNamesAFile(s, f.dir.path());
          Result<std::string> written = Env::Default()->ReadFile(f.Out(kManifestFile));
          if (written.ok()) {
            EXPECT_EQ(*written, *manifest);
          }
        });
    EXPECT_GE(points, 1u) << FaultName(fault);
  }
}

// Finishing a run, with every fault at every file access: stats.json is written whole or not at
// all, and the error names the file.
TEST(OutputFolder, FinishFailsCleanlyAtEveryFaultPoint) {
  Fixture f;
  FaultInjectionEnv env(Env::Default());
  RunResult result;
  result.stats.files.resize(1);
  result.stats.files[0].path = f.inputs[0].path;
  const std::string stats = result.stats.ToJson();
  for (Fault fault : kFaults) {
    std::unique_ptr<OutputFolder> folder;
    uint64_t points = SweepFault(
        &env, fault,
        [&] {
          folder.reset();
          ASSERT_TRUE(RemoveAll(Env::Default(), f.options.output_dir).ok());
          Result<std::unique_ptr<OutputFolder>> opened =
              OutputFolder::Open(f.options, f.inputs, &env);
          ASSERT_TRUE(opened.ok()) << opened.status().message();
          folder = std::move(opened).value();
          ASSERT_TRUE(folder->progress()->Add(kOutputKept, 0, 1).ok());
        },
        [&] {
          RunResult copy = result;
          return folder->Finish(f.options, &copy);
        },
        [&](const Status& s, uint64_t n) {
          SCOPED_TRACE(std::string(FaultName(fault)) + " at call " + std::to_string(n));
          ExpectNamesAFile(s, f.dir.path());
          Result<std::string> written = Env::Default()->ReadFile(f.Out(kStatsFile));
          if (written.ok()) {
            EXPECT_EQ(*written, stats);
          }
        });
    EXPECT_GE(points, 1u) << FaultName(fault);
  }
}

TEST(OutputFolder, RemoveInputShardsReportsWhatItCannotRemove) {
  Fixture f;
  ASSERT_TRUE(PrepareOutputFolder(f.options.output_dir, false).ok());
  ASSERT_TRUE(WriteFileAtomically(f.Out("kept/part-00003-00000.jsonl.zst"), "x").ok());
  ASSERT_TRUE(WriteFileAtomically(f.Out("kept/part-00004-00000.jsonl.zst"), "y").ok());
  FaultInjectionEnv env(Env::Default());
  env.InjectAt(Fault::kIoError, 1);
  Status s = RemoveInputShards(f.options.output_dir, 3, &env);
  ExpectNamesAFile(s, f.options.output_dir);
  env.InjectAt(Fault::kNone, 0);
  ASSERT_TRUE(RemoveInputShards(f.options.output_dir, 3, &env).ok());
  EXPECT_EQ(Env::Default()->ListDir(f.Out("kept")).value(),
            std::vector<std::string>{"part-00004-00000.jsonl.zst"});
}

TEST(WorkFolder, ComesFromTheOptionsOrTheOutputFolderOrIsRequired) {
  ScratchDir dir("workdir");
  RunOptions o;
  bool owned = true;
  EXPECT_EQ(WorkFolder(o, &owned).status().code(), StatusCode::kInvalidArgument);
  o.output_dir = dir.Sub("out");
  EXPECT_EQ(WorkFolder(o, &owned).value(), dir.Sub("out/work"));
  EXPECT_TRUE(owned);
  EXPECT_TRUE(PathExists(Env::Default(), dir.Sub("out/work")).value());
  o.work_dir = dir.Sub("spill");
  EXPECT_EQ(WorkFolder(o, &owned).value(), dir.Sub("spill"));
  EXPECT_FALSE(owned);
}

// ---------------------------------------------------------------------------- checkpoint

TEST(ProgressLog, SavesAndLoadsAndRefusesAGarbledFile) {
  ScratchDir dir("progress");
  ProgressLog log(dir.path());
  ASSERT_TRUE(log.Add(kOutputKept, 0, 4).ok());
  log.Note(kOutputKept, 0, 9);
  log.Note(kOutputQuarantine, 2, 9);
  ASSERT_TRUE(log.Save().ok());
  Result<ProgressLog> loaded = ProgressLog::Load(Env::Default(), dir.path());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->completed(kOutputKept, 0), 2u);
  EXPECT_EQ(loaded->completed(kOutputQuarantine, 2), 1u);
  EXPECT_EQ(loaded->skip_until(kOutputKept), 9);
  EXPECT_EQ(loaded->skip_until(kOutputRemoved), -1);

  ASSERT_TRUE(WriteFileAtomically(dir.Sub(kProgressFile), "0 0 0 4\n0 0 5 9\n").ok());
  Result<ProgressLog> garbled = ProgressLog::Load(Env::Default(), dir.path());
  EXPECT_EQ(garbled.status().code(), StatusCode::kCorruption);
  EXPECT_NE(garbled.status().message().find(dir.Sub(kProgressFile) + ":2"), std::string::npos);
}

TEST(ProgressLog, LoadAndSaveFailuresNameTheFile) {
  ScratchDir dir("progress");
  FaultInjectionEnv env(Env::Default());
  ProgressLog log(dir.path(), &env);
  ASSERT_TRUE(log.Add(kOutputKept, 0, 4).ok());
  const std::string saved = Env::Default()->ReadFile(dir.Sub(kProgressFile)).value();
  for (Fault fault : kFaults) {
    SweepFault(
        &env, fault, [] {}, [&] { return log.Add(kOutputRemoved, 1, 8); },
        [&](const Status& s, uint64_t) {
          ExpectNamesAFile(s, dir.Sub(kProgressFile));
          // The log on disk is the last one saved whole, and it loads.
          EXPECT_TRUE(ProgressLog::Load(Env::Default(), dir.path()).ok());
        });
  }
  env.InjectAt(Fault::kIoError, 1);
  Result<ProgressLog> unreadable = ProgressLog::Load(&env, dir.path());
  EXPECT_EQ(unreadable.status().code(), StatusCode::kIoError);
  EXPECT_NE(unreadable.status().message().find(dir.Sub(kProgressFile)), std::string::npos);
  EXPECT_FALSE(saved.empty());
}

TEST(RunManifest, NamesAnInputThatCannotBeExamined) {
  Fixture f;
  f.inputs[0].files = {f.dir.Sub("gone.jsonl")};
  Result<std::string> manifest = RunManifest(Env::Default(), f.options, f.inputs);
  EXPECT_EQ(manifest.status().code(), StatusCode::kNotFound);
  EXPECT_NE(manifest.status().message().find(f.dir.Sub("gone.jsonl")), std::string::npos);
}

}  // namespace
}  // namespace saring::pipeline
