// Test helper: a scratch directory per test, removed after it, and a way to write files in it.
#ifndef STORYLINE_CORE_SCRATCH_DIR_TEST_UTIL_H_
#define STORYLINE_CORE_SCRATCH_DIR_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace storyline::testing {

// A fixture whose dir_ is a fresh directory named after the process and the running test.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("storyline_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `content` to dir_/rel (creating folders); returns the path.
  std::string Write(const std::string& rel, const std::string& content) {
    std::filesystem::path p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  std::filesystem::path dir_;
};

}  // namespace storyline::testing

#endif  // STORYLINE_CORE_SCRATCH_DIR_TEST_UTIL_H_
