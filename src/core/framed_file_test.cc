#include "core/framed_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/scratch_dir_test_util.h"

namespace storyline {
namespace {

constexpr FramedFileKind kKind = {{'S', 'L', 'T', 'E', 'S', 'T', '!', '\n'}, 3, "test file"};

class FramedFileTest : public testing::ScratchDirTest {
 protected:
  std::string Path() const { return (dir_ / "f.bin").string(); }

  Status Write(const std::string& payload) {
    return WriteFramedFile(Path(), kKind, [&](std::ostream* out, uint64_t* size, uint64_t* sum) {
      out->write(payload.data(), static_cast<std::streamsize>(payload.size()));
      *size = payload.size();
      *sum = 42;
      return Status::Ok();
    });
  }

  std::string Bytes() const {
    std::ifstream in(Path(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  void Overwrite(const std::string& bytes) {
    std::ofstream(Path(), std::ios::binary | std::ios::trunc) << bytes;
  }
};

TEST_F(FramedFileTest, WritesTheHeaderAndOpensAtThePayload) {
  ASSERT_TRUE(Write("payload bytes").ok());
  EXPECT_FALSE(std::filesystem::exists(Path() + ".tmp"));
  EXPECT_EQ(Bytes().size(), kFramedHeaderBytes + 13);
  std::ifstream in;
  FramedHeader header;
  ASSERT_TRUE(OpenFramedFile(Path(), kKind, &in, &header).ok());
  EXPECT_EQ(header.payload_size, 13u);
  EXPECT_EQ(header.checksum, 42u);
  EXPECT_EQ(header.stored_bytes, 13u);
  std::string rest(13, '\0');
  in.read(rest.data(), 13);
  EXPECT_EQ(rest, "payload bytes");
}

TEST_F(FramedFileTest, AFailedPayloadLeavesTheOldFileAndNoTemporary) {
  ASSERT_TRUE(Write("old").ok());
  const Status s = WriteFramedFile(Path(), kKind, [](std::ostream* out, uint64_t*, uint64_t*) {
    *out << "half written";
    return Status::IoError("disk full");
  });
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_FALSE(std::filesystem::exists(Path() + ".tmp"));
  EXPECT_EQ(Bytes().substr(kFramedHeaderBytes), "old");
  EXPECT_EQ(WriteFramedFile((dir_ / "missing" / "f").string(), kKind,
                            [](std::ostream*, uint64_t*, uint64_t*) { return Status::Ok(); })
                .code(),
            Status::Code::kIoError);
}

TEST_F(FramedFileTest, RefusesMissingForeignTruncatedAndOtherVersionFiles) {
  std::ifstream in;
  FramedHeader header;
  EXPECT_EQ(OpenFramedFile(Path(), kKind, &in, &header).code(), Status::Code::kNotFound);
  ASSERT_TRUE(Write("data").ok());
  const std::string bytes = Bytes();
  // Every cut inside the header.
  for (size_t size = 0; size < kFramedHeaderBytes; ++size) {
    Overwrite(bytes.substr(0, size));
    std::ifstream cut;
    EXPECT_EQ(OpenFramedFile(Path(), kKind, &cut, &header).code(), Status::Code::kCorruption)
        << size;
  }
  Overwrite("another kind of file, long enough for a header");
  std::ifstream foreign;
  const Status s = OpenFramedFile(Path(), kKind, &foreign, &header);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("not a storyline test file"), std::string::npos) << s.message();
  std::string older = bytes;
  older[8] = 2;  // the version follows the magic
  Overwrite(older);
  std::ifstream old;
  const Status v = OpenFramedFile(Path(), kKind, &old, &header);
  EXPECT_EQ(v.code(), Status::Code::kUnsupported);
  EXPECT_NE(v.message().find("test file format version 2, this build reads version 3"),
            std::string::npos)
      << v.message();
}

}  // namespace
}  // namespace storyline
