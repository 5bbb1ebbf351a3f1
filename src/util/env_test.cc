#include "util/env.h"

#include <string>

#include <gtest/gtest.h>

#include "util/fault_env.h"
#include "util/scratch_dir.h"

namespace saring {
namespace {

using test_util::ScratchDir;

TEST(PosixEnv, WritesReadsListsAndRemoves) {
  ScratchDir dir("env");
  Env* env = Env::Default();
  ASSERT_TRUE(CreateDirectories(env, dir.Sub("a/b")).ok());
  ASSERT_TRUE(WriteFileAtomically(env, dir.Sub("a/b/x.txt"), "hello").ok());
  Result<std::string> text = env->ReadFile(dir.Sub("a/b/x.txt"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "hello");
  Result<FileInfo> info = env->Stat(dir.Sub("a/b/x.txt"));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 5u);
  EXPECT_EQ(info->type, FileType::kRegular);
  Result<std::unique_ptr<WritableFile>> more = env->NewAppendableFile(dir.Sub("a/b/x.txt"));
  ASSERT_TRUE(more.ok());
  ASSERT_TRUE((*more)->Append(", world").ok());
  ASSERT_TRUE((*more)->Close().ok());
  EXPECT_EQ(env->ReadFile(dir.Sub("a/b/x.txt")).value(), "hello, world");
  Result<std::vector<std::string>> names = env->ListDir(dir.Sub("a/b"));
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"x.txt"});  // no x.txt.tmp left behind
  ASSERT_TRUE(RemoveAll(env, dir.Sub("a")).ok());
  EXPECT_FALSE(PathExists(env, dir.Sub("a")).value());
  EXPECT_TRUE(RemoveAll(env, dir.Sub("a")).ok());  // already gone
}

TEST(PosixEnv, ErrorsNameTheFile) {
  ScratchDir dir("env");
  Env* env = Env::Default();
  Result<std::string> missing = env->ReadFile(dir.Sub("none.txt"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(dir.Sub("none.txt")), std::string::npos);
  Status no_folder = WriteFileAtomically(env, dir.Sub("no/such/x.json"), "{}");
  EXPECT_FALSE(no_folder.ok());
  EXPECT_NE(no_folder.message().find(dir.Sub("no/such/x.json.tmp")), std::string::npos);
  EXPECT_EQ(env->NewScratchFile("", "ids").status().code(), StatusCode::kInvalidArgument);
}

TEST(PosixEnv, ScratchFileReadsWhatWasWrittenAndCutsShort) {
  ScratchDir dir("env");
  Result<std::unique_ptr<ScratchFile>> f = Env::Default()->NewScratchFile(dir.path(), "ids");
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->WriteAt(0, "abcdef").ok());
  ASSERT_TRUE((*f)->WriteAt(6, "gh").ok());
  char buf[4];
  ASSERT_TRUE((*f)->ReadAt(4, 4, buf).ok());
  EXPECT_EQ(std::string(buf, 4), "efgh");
  ASSERT_TRUE((*f)->Truncate(5).ok());
  Status past = (*f)->ReadAt(4, 4, buf);
  EXPECT_FALSE(past.ok());
  EXPECT_NE(past.message().find("ids in " + dir.path()), std::string::npos);
  EXPECT_TRUE(Env::Default()->ListDir(dir.path())->empty());  // unlinked at creation
}

TEST(PosixEnv, LockIsExclusiveAndNamesTheHolder) {
  ScratchDir dir("env");
  std::string holder;
  Result<std::unique_ptr<FileLock>> first =
      Env::Default()->LockFile(dir.Sub(".lock"), "4242\n", &holder);
  ASSERT_TRUE(first.ok());
  Result<std::unique_ptr<FileLock>> second =
      Env::Default()->LockFile(dir.Sub(".lock"), "1\n", &holder);
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(holder, "4242\n");
  first->reset();
  EXPECT_TRUE(Env::Default()->LockFile(dir.Sub(".lock"), "1\n", &holder).ok());
}

// Every fault at every call of an atomic write: an error naming the file, and the old content
// intact (never a mix, never a truncated file).
TEST(FaultInjectionEnv, AtomicWriteFailsCleanlyAtEveryFaultPoint) {
  ScratchDir dir("env");
  FaultInjectionEnv env(Env::Default());
  const std::string path = dir.Sub("stats.json");
  const std::string old_text = "{\"old\": true}\n", new_text(100000, 'n');
  for (Fault fault : {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite, Fault::kFailedRename}) {
    uint64_t points = SweepFault(
        &env, fault, [&] { ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, old_text).ok()); },
        [&] { return WriteFileAtomically(&env, path, new_text); },
        [&](const Status& s, uint64_t n) {
          SCOPED_TRACE(std::string(FaultName(fault)) + " at call " + std::to_string(n));
          EXPECT_EQ(s.code(), StatusCode::kIoError);
          EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
          std::string now = Env::Default()->ReadFile(path).value();
          EXPECT_TRUE(now == old_text || now == new_text) << now.size() << " bytes";
        });
    EXPECT_GE(points, 1u) << FaultName(fault);
  }
  EXPECT_EQ(Env::Default()->ReadFile(path).value(), new_text);
}

TEST(FaultInjectionEnv, FaultsStartAtTheNthCallAndStay) {
  ScratchDir dir("env");
  FaultInjectionEnv env(Env::Default());
  env.InjectAt(Fault::kNoSpace, 2);
  EXPECT_TRUE(env.CreateDir(dir.Sub("a")).ok());
  EXPECT_TRUE(env.ReadFile(dir.Sub("missing")).status().code() ==
              StatusCode::kNotFound);  // not a write
  Status second = env.CreateDir(dir.Sub("b"));
  EXPECT_NE(second.message().find("No space left on device"), std::string::npos);
  EXPECT_FALSE(env.CreateDir(dir.Sub("c")).ok());
  EXPECT_TRUE(env.fired());
  EXPECT_EQ(env.calls(), 3u);
  env.InjectAt(Fault::kNone, 0);
  EXPECT_TRUE(env.CreateDir(dir.Sub("c")).ok());
}

TEST(FaultInjectionEnv, ShortWriteLeavesPartOfTheBytes) {
  ScratchDir dir("env");
  FaultInjectionEnv env(Env::Default());
  Result<std::unique_ptr<ScratchFile>> f = env.NewScratchFile(dir.path(), "runs");
  ASSERT_TRUE(f.ok());
  env.InjectAt(Fault::kShortWrite, 1);
  Status s = (*f)->WriteAt(0, "0123456789");
  EXPECT_NE(s.message().find("runs in " + dir.path()), std::string::npos) << s.message();
  env.InjectAt(Fault::kNone, 0);
  char buf[5];
  EXPECT_TRUE((*f)->ReadAt(0, 5, buf).ok());
  EXPECT_FALSE((*f)->ReadAt(0, 6, buf).ok());
}

}  // namespace
}  // namespace saring
