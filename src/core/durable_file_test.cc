#include "core/durable_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/scratch_dir_test_util.h"

namespace storyline {
namespace {

class DurableFileTest : public testing::ScratchDirTest {
 protected:
  std::string Read(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
};

TEST_F(DurableFileTest, WritesAndReplacesWithoutLeavingTheTemporary) {
  const std::string path = (dir_ / "m.json").string();
  ASSERT_TRUE(WriteFileDurably(path, "first").ok());
  EXPECT_EQ(Read(path), "first");
  const std::string big(3 << 20, 'x');  // more than one write(2) may take
  ASSERT_TRUE(WriteFileDurably(path, big).ok());
  EXPECT_EQ(Read(path), big);
  ASSERT_TRUE(WriteFileDurably(path, "").ok());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_F(DurableFileTest, AFailureLeavesTheEarlierFile) {
  const std::string path = (dir_ / "m.json").string();
  ASSERT_TRUE(WriteFileDurably(path, "kept").ok());
  // A folder where the temporary file would go: it cannot be written.
  std::filesystem::create_directory(path + ".tmp");
  const Status s = WriteFileDurably(path, "lost");
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find(path + ".tmp"), std::string::npos) << s.message();
  EXPECT_EQ(Read(path), "kept");
  EXPECT_EQ(WriteFileDurably((dir_ / "no" / "such" / "f").string(), "x").code(),
            Status::Code::kIoError);
}

TEST_F(DurableFileTest, CommitFilePutsAWrittenFileInPlace) {
  const std::string tmp = Write("index.tmp", "payload"), path = (dir_ / "index").string();
  ASSERT_TRUE(CommitFile(tmp, path).ok());
  EXPECT_EQ(Read(path), "payload");
  EXPECT_FALSE(std::filesystem::exists(tmp));
  const Status missing = CommitFile(tmp, path);  // nothing to commit
  EXPECT_EQ(missing.code(), Status::Code::kIoError);
  EXPECT_EQ(Read(path), "payload");
}

}  // namespace
}  // namespace storyline
