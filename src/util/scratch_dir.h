// ScratchDir: a fresh folder for one test, under $SARING_TEST_TMPDIR (CTest sets it to the build
// tree's test-tmp/) or /tmp, removed with its content on destruction. Test-only; header-only so
// that it stays out of the libraries.
#ifndef SARING_UTIL_SCRATCH_DIR_H_
#define SARING_UTIL_SCRATCH_DIR_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace saring::test_util {

class ScratchDir {
 public:
  // `prefix` names the folder (saring-<prefix>-XXXXXX), to tell the modules' leftovers apart.
  explicit ScratchDir(std::string_view prefix = "test") {
    const char* base = std::getenv("SARING_TEST_TMPDIR");
    std::string root = base != nullptr && *base != '\0' ? base : "/tmp";
    std::filesystem::create_directories(root);
    std::string templ = root + "/saring-" + std::string(prefix) + "-XXXXXX";
    EXPECT_NE(::mkdtemp(templ.data()), nullptr) << "mkdtemp failed under " << root;
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the folder.
  std::string Sub(std::string_view rel) const { return path_ + "/" + std::string(rel); }

 private:
  std::string path_;
};

}  // namespace saring::test_util

#endif  // SARING_UTIL_SCRATCH_DIR_H_
