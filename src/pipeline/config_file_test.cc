// Tests of loading a configuration file, with read faults injected through the Env.
#include "pipeline/config_file.h"

#include <gtest/gtest.h>

#include <string>

#include "saring/file_util.h"
#include "util/fault_env.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

using test_util::ScratchDir;

TEST(LoadConfigFile, AppliesTheFileAndNamesItInErrors) {
  ScratchDir dir("config");
  const std::string path = dir.Sub("saring.yaml");
  ASSERT_TRUE(WriteFileAtomically(path, "run:\n  threads: 3\ndedup:\n  exact: false\n").ok());
  RunOptions options;
  ASSERT_TRUE(LoadConfigFile(Env::Default(), path, &options).ok());
  EXPECT_EQ(options.threads, 3u);
  EXPECT_FALSE(options.dedup.exact);

  ASSERT_TRUE(WriteFileAtomically(path, "run:\n  threads: many\n").ok());
  Status bad = LoadConfigFile(Env::Default(), path, &options);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find(path + ":2"), std::string::npos) << bad.message();

  Status missing = LoadConfigFile(Env::Default(), dir.Sub("none.yaml"), &options);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find(dir.Sub("none.yaml")), std::string::npos);
}

TEST(LoadConfigFile, AReadErrorIsAnErrorNotAShorterConfig) {
  ScratchDir dir("config");
  const std::string path = dir.Sub("saring.yaml");
  ASSERT_TRUE(WriteFileAtomically(path, "run:\n  threads: 3\n").ok());
  FaultInjectionEnv env(Env::Default());
  env.InjectAt(Fault::kIoError, 1);
  RunOptions options;
  Status s = LoadConfigFile(&env, path, &options);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_EQ(options.threads, RunOptions().threads);  // nothing applied
}

}  // namespace
}  // namespace saring::pipeline
