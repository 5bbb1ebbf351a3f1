#include "saring/file_util.h"

#include <filesystem>

#include "io/io_test_util.h"

namespace saring {
namespace {

using io_test::ScratchDir;

TEST(FileUtil, WriteAtomicallyThenRead) {
  ScratchDir dir;
  std::string path = dir.Sub("ledger.json");
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  std::string big(3 << 20, 'x');
  big[12345] = '\0';
  ASSERT_TRUE(WriteFileAtomically(path, big).ok());
  auto read = ReadFileToString(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, big);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(FileUtil, ReadMissingIsNotFound) {
  ScratchDir dir;
  auto read = ReadFileToString(dir.Sub("absent"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(dir.Sub("absent")), std::string::npos);
  EXPECT_EQ(ReadFileToString(dir.path()).status().code(), StatusCode::kIoError);
}

TEST(FileUtil, WriteIntoMissingFolderFails) {
  ScratchDir dir;
  Status status = WriteFileAtomically(dir.Sub("no/such/file"), "x");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("no/such/file.tmp"), std::string::npos) << status.message();
}

TEST(FileUtil, FailedWriteKeepsTheOldFile) {
  ScratchDir dir;
  std::string path = dir.Sub("state");
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  Status status;
  {
    io_test::ScopedFileSizeLimit limit(1000);
    status = WriteFileAtomically(path, std::string(5000, 'n'));
  }
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("state.tmp"), std::string::npos) << status.message();
  EXPECT_EQ(*ReadFileToString(path), "old");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(FileUtil, CreateDirectories) {
  ScratchDir dir;
  ASSERT_TRUE(CreateDirectories(dir.Sub("a/b/c")).ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir.Sub("a/b/c")));
  EXPECT_TRUE(CreateDirectories(dir.Sub("a/b/c/")).ok());  // existing is fine
  io_test::WriteFixture(dir.Sub("a/f"), "x");
  Status status = CreateDirectories(dir.Sub("a/f/g"));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("a/f"), std::string::npos) << status.message();
  EXPECT_EQ(CreateDirectories("").code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace saring
