#include "saring/input.h"

#include <unistd.h>

#include "io/io_test_util.h"

namespace saring {
namespace {

using io_test::ScratchDir;
using io_test::WriteFixture;

// `s` with the scratch folder prefix `root` shortened to "@".
std::string Short(std::string_view s, std::string_view root) {
  if (s.substr(0, root.size()) != root) return std::string(s);
  std::string out(1, '@');
  out.append(s.substr(root.size()));
  return out;
}

// "J path" or "T path: file file ..." for each input, with the scratch folder shortened to "@".
std::vector<std::string> Describe(const std::vector<InputSpec>& inputs, const std::string& root) {
  std::vector<std::string> out;
  for (const InputSpec& in : inputs) {
    std::string line(1, in.kind == InputKind::kJsonl ? 'J' : 'T');
    line.push_back(' ');
    line.append(Short(in.path, root));
    if (in.kind == InputKind::kTextFiles) {
      line.push_back(':');
      for (const std::string& f : in.files) line.append(" ").append(Short(f, root));
    } else {
      EXPECT_EQ(in.files, std::vector<std::string>{in.path});
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> Shorten(const std::vector<std::string>& paths, const std::string& root) {
  std::vector<std::string> out;
  for (const std::string& p : paths) out.push_back(Short(p, root));
  return out;
}

TEST(ExpandInputs, FolderIsWalkedInByteWiseOrder) {
  ScratchDir dir;
  for (const char* rel : {"d/b.jsonl", "d/a.jsonl.gz", "d/sub/c.ndjson", "d/sub/t1.txt",
                          "d/sub/t0.txt", "d/a-texts/x.txt", "d/notes.md", "d/z.json.zstd",
                          "d/sub/deeper/d.txt", "d/B.json", "d/sub/e.jsonl.zst", "d/y.jsonl.bz2"}) {
    WriteFixture(dir.Sub(rel), "{}\n");
  }
  std::vector<std::string> ignored;
  auto inputs = ExpandInputs({dir.Sub("d/")}, {}, &ignored);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  EXPECT_EQ(Describe(*inputs, dir.path()),
            (std::vector<std::string>{
                "J @/d/B.json",                      // 'B' (0x42) sorts before 'a' (0x61)
                "T @/d/a-texts: @/d/a-texts/x.txt",  // '-' sorts before '.'
                "J @/d/a.jsonl.gz",
                "J @/d/b.jsonl",
                "J @/d/sub/c.ndjson",
                "T @/d/sub/deeper: @/d/sub/deeper/d.txt",
                "J @/d/sub/e.jsonl.zst",
                "T @/d/sub: @/d/sub/t0.txt @/d/sub/t1.txt",
                "J @/d/z.json.zstd",
            }));
  EXPECT_EQ(Shorten(ignored, dir.path()),
            (std::vector<std::string>{"@/d/notes.md", "@/d/y.jsonl.bz2"}));
}

TEST(ExpandInputs, FilesKeepArgumentOrderAndTextGlobDecidesKind) {
  ScratchDir dir;
  WriteFixture(dir.Sub("z.bin"), "x");
  WriteFixture(dir.Sub("a.txt"), "x");
  WriteFixture(dir.Sub("m.jsonl"), "x");
  auto inputs = ExpandInputs({dir.Sub("z.bin"), dir.Sub("a.txt"), dir.Sub("m.jsonl")}, {}, nullptr);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  EXPECT_EQ(Describe(*inputs, dir.path()),
            (std::vector<std::string>{"J @/z.bin", "T @/a.txt: @/a.txt", "J @/m.jsonl"}));

  InputOptions md;
  md.text_glob = "*.md";
  WriteFixture(dir.Sub("f/r.md"), "x");
  WriteFixture(dir.Sub("f/s.txt"), "x");
  std::vector<std::string> ignored;
  inputs = ExpandInputs({dir.Sub("f")}, md, &ignored);
  ASSERT_TRUE(inputs.ok());
  EXPECT_EQ(Describe(*inputs, dir.path()), (std::vector<std::string>{"T @/f: @/f/r.md"}));
  EXPECT_EQ(Shorten(ignored, dir.path()), (std::vector<std::string>{"@/f/s.txt"}));
}

TEST(ExpandInputs, GlobsAreExpandedAndSorted) {
  ScratchDir dir;
  for (const char* rel :
       {"g/p2.jsonl", "g/p10.jsonl", "g/p1.jsonl", "g/q.jsonl", "g/sub/x.jsonl"}) {
    WriteFixture(dir.Sub(rel), "{}\n");
  }
  auto inputs = ExpandInputs({dir.Sub("g/p*.jsonl"), dir.Sub("g/s?b")}, {}, nullptr);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  EXPECT_EQ(Describe(*inputs, dir.path()),
            (std::vector<std::string>{"J @/g/p1.jsonl", "J @/g/p10.jsonl", "J @/g/p2.jsonl",
                                      "J @/g/sub/x.jsonl"}));

  auto none = ExpandInputs({dir.Sub("g/*.parquet")}, {}, nullptr);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("*.parquet"), std::string::npos);
}

TEST(ExpandInputs, ExistingNameWithGlobCharactersIsLiteral) {
  ScratchDir dir;
  WriteFixture(dir.Sub("data[1].jsonl"), "{}\n");
  WriteFixture(dir.Sub("data1.jsonl"), "{}\n");
  auto inputs = ExpandInputs({dir.Sub("data[1].jsonl")}, {}, nullptr);
  ASSERT_TRUE(inputs.ok());
  EXPECT_EQ(Describe(*inputs, dir.path()), (std::vector<std::string>{"J @/data[1].jsonl"}));
}

TEST(ExpandInputs, MissingPathIsNotFound) {
  ScratchDir dir;
  WriteFixture(dir.Sub("ok.jsonl"), "{}\n");
  auto inputs = ExpandInputs({dir.Sub("ok.jsonl"), dir.Sub("nope.jsonl")}, {}, nullptr);
  ASSERT_FALSE(inputs.ok());
  EXPECT_EQ(inputs.status().code(), StatusCode::kNotFound);
  EXPECT_NE(inputs.status().message().find(dir.Sub("nope.jsonl")), std::string::npos);
  EXPECT_EQ(ExpandInputs({""}, {}, nullptr).status().code(), StatusCode::kInvalidArgument);
}

TEST(ExpandInputs, DuplicatesAreRejectedHoweverNamed) {
  ScratchDir dir;
  WriteFixture(dir.Sub("d/a.jsonl"), "{}\n");
  WriteFixture(dir.Sub("d/t.txt"), "x");
  std::vector<std::vector<std::string>> cases = {
      {dir.Sub("d/a.jsonl"), dir.Sub("d/a.jsonl")},
      {dir.Sub("d"), dir.Sub("d/a.jsonl")},
      {dir.Sub("d/t.txt"), dir.Sub("d")},
      {dir.Sub("d/a.jsonl"), dir.Sub("d/../d/./a.jsonl")},
  };
  for (const auto& args : cases) {
    auto inputs = ExpandInputs(args, {}, nullptr);
    ASSERT_FALSE(inputs.ok()) << args[1];
    EXPECT_EQ(inputs.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(inputs.status().message().find("read twice"), std::string::npos);
  }
}

TEST(ExpandInputs, SymlinkedFoldersAreNotFollowed) {
  ScratchDir dir;
  WriteFixture(dir.Sub("real/a.jsonl"), "{}\n");
  WriteFixture(dir.Sub("top/b.jsonl"), "{}\n");
  ASSERT_EQ(::symlink(dir.Sub("real").c_str(), dir.Sub("top/link").c_str()), 0);
  ASSERT_EQ(::symlink(dir.Sub("real/a.jsonl").c_str(), dir.Sub("top/c.jsonl").c_str()), 0);
  std::vector<std::string> ignored;
  auto inputs = ExpandInputs({dir.Sub("top")}, {}, &ignored);
  ASSERT_TRUE(inputs.ok());
  EXPECT_EQ(Describe(*inputs, dir.path()),
            (std::vector<std::string>{"J @/top/b.jsonl", "J @/top/c.jsonl"}));
  EXPECT_EQ(Shorten(ignored, dir.path()), (std::vector<std::string>{"@/top/link"}));
}

TEST(ExpandInputs, EmptyFolderGivesNoInputs) {
  ScratchDir dir;
  auto inputs = ExpandInputs({dir.path()}, {}, nullptr);
  ASSERT_TRUE(inputs.ok());
  EXPECT_TRUE(inputs->empty());
}

}  // namespace
}  // namespace saring
