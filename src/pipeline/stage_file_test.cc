#include "pipeline/stage_file.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

void WriteBytes(const std::string& path, const std::string& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  std::fclose(f);
}

// Writes `bytes` to a file and reads it back as a stage file of `kind`.
Result<std::string> RoundTrip(const test_util::ScratchDir& dir, const std::string& bytes,
                              StageFileKind kind = StageFileKind::kDecisions) {
  const std::string path = dir.Sub("f.bin");
  WriteBytes(path, bytes);
  return ReadStageFile(kind, path);
}

TEST(StageFile, RoundTripsEmptyAndFullPayloads) {
  test_util::ScratchDir dir("stage");
  for (const std::string& payload : {std::string(), std::string("decisions\0bytes", 15)}) {
    Result<std::string> back = RoundTrip(dir, FrameStageFile(StageFileKind::kDecisions, payload));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, payload);
  }
}

TEST(StageFile, RefusesEveryDamageWithTheFileNamed) {
  test_util::ScratchDir dir("stage");
  const std::string good = FrameStageFile(StageFileKind::kDecisions, std::string(1000, 'x'));
  struct Case {
    const char* name;
    std::string bytes;
    StageFileKind kind;
    const char* says;
  };
  std::string flipped = good, version = good, magic = good;
  flipped[kStageFileHeaderBytes + 8 + 500] ^= 1;
  version[8] = static_cast<char>(kStageFileVersion + 1);
  magic[0] = 'X';
  const std::string other_version = "format version " + std::to_string(kStageFileVersion + 1);
  const Case cases[] = {
      {"flipped byte", flipped, StageFileKind::kDecisions, "checksum"},
      {"other kind", good, StageFileKind::kLedger, "kind DECI, not LEDG"},
      {"other version", version, StageFileKind::kDecisions, other_version.c_str()},
      {"not a stage file", magic, StageFileKind::kDecisions, "not a saring stage file"},
      {"cut short", good.substr(0, good.size() - 9), StageFileKind::kDecisions, "cut short"},
      {"no end mark", good.substr(0, good.size() - 16), StageFileKind::kDecisions, "cut short"},
      {"bytes after the end", good + "z", StageFileKind::kDecisions, "after the end mark"},
  };
  for (const Case& c : cases) {
    Result<std::string> back = RoundTrip(dir, c.bytes, c.kind);
    ASSERT_FALSE(back.ok()) << c.name;
    EXPECT_EQ(back.status().code(), StatusCode::kCorruption) << c.name;
    EXPECT_NE(back.status().message().find(c.says), std::string::npos)
        << c.name << ": " << back.status().message();
    EXPECT_NE(back.status().message().find(dir.Sub("f.bin")), std::string::npos) << c.name;
  }
  Result<std::string> missing = ReadStageFile(StageFileKind::kDecisions, dir.Sub("none.bin"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace saring::pipeline
