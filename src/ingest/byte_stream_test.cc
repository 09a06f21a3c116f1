#include "ingest/byte_stream.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace storyline {
namespace {

namespace fs = std::filesystem;

class ByteStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("storyline_bs_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> ReadLines(const std::string& path) {
    std::unique_ptr<ByteStream> stream;
    EXPECT_TRUE(OpenByteStream(path, &stream).ok());
    LineReader reader(std::move(stream));
    std::vector<std::string> lines;
    std::string_view line;
    while (reader.Next(&line)) lines.emplace_back(line);
    EXPECT_TRUE(reader.stream().status().ok()) << reader.stream().status().ToString();
    return lines;
  }

  fs::path dir_;
};

std::string ManyLines(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "line number " + std::to_string(i) + (i % 3 ? "\n" : "\r\n");
  return s;
}

TEST_F(ByteStreamTest, PlainFileLinesAcrossBufferBoundaries) {
  std::string content = ManyLines(50000) + "last without newline";
  std::ofstream(dir_ / "a.jsonl", std::ios::binary) << content;
  auto lines = ReadLines((dir_ / "a.jsonl").string());
  ASSERT_EQ(lines.size(), 50001u);
  EXPECT_EQ(lines[0], "line number 0");
  EXPECT_EQ(lines[49999], "line number 49999");
  EXPECT_EQ(lines[50000], "last without newline");
}

TEST_F(ByteStreamTest, GzipAndZstdGiveTheSameLines) {
  std::string content = ManyLines(20000);
  std::string gz = (dir_ / "a.jsonl.gz").string();
  gzFile g = gzopen(gz.c_str(), "wb");
  gzwrite(g, content.data(), content.size());
  gzclose(g);

  std::string zst = (dir_ / "a.jsonl.zst").string();
  std::string packed(ZSTD_compressBound(content.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), content.data(), content.size(), 3));
  std::ofstream(zst, std::ios::binary) << packed;

  auto from_gz = ReadLines(gz);
  auto from_zst = ReadLines(zst);
  ASSERT_EQ(from_gz.size(), 20000u);
  EXPECT_EQ(from_gz, from_zst);
}

TEST_F(ByteStreamTest, TruncatedZstdIsAnError) {
  std::string content = ManyLines(1000);
  std::string packed(ZSTD_compressBound(content.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), content.data(), content.size(), 3));
  packed.resize(packed.size() / 2);
  std::string zst = (dir_ / "cut.jsonl.zst").string();
  std::ofstream(zst, std::ios::binary) << packed;
  std::unique_ptr<ByteStream> stream;
  ASSERT_TRUE(OpenByteStream(zst, &stream).ok());
  LineReader reader(std::move(stream));
  std::string_view line;
  while (reader.Next(&line)) {
  }
  EXPECT_FALSE(reader.stream().status().ok());
}

TEST_F(ByteStreamTest, MissingFileFailsToOpen) {
  std::unique_ptr<ByteStream> stream;
  Status s = OpenByteStream((dir_ / "nope.jsonl").string(), &stream);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find("nope.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace storyline
