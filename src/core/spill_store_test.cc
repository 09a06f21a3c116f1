#include "core/spill_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <thread>
#include <vector>

#include "core/scratch_dir_test_util.h"

namespace storyline {
namespace {

class SpillStoreTest : public testing::ScratchDirTest, public ::testing::WithParamInterface<bool> {
 protected:
  std::string Dir() const { return GetParam() ? dir_.string() : std::string(); }
};

TEST_P(SpillStoreTest, ReadsBackWhatWasAppendedAcrossBufferFlushes) {
  std::unique_ptr<SpillStore> store;
  ASSERT_TRUE(SpillStore::Open(Dir(), &store).ok());
  EXPECT_EQ(store->on_disk(), GetParam());
  // 3 MiB in records of varying size, so that records straddle the file buffer.
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> records;
  uint32_t next = 0;
  for (size_t i = 0; store->size() < (3u << 20); ++i) {
    std::vector<uint32_t> values(1 + (i * 7919) % 5000);
    std::iota(values.begin(), values.end(), next);
    next += static_cast<uint32_t>(values.size());
    const uint64_t offset = store->AppendValues(std::span<const uint32_t>(values));
    records.emplace_back(offset, std::move(values));
  }
  store->Flush();
  ASSERT_TRUE(store->status().ok());
  // Read from two threads at once, in reverse order.
  auto check = [&](size_t parity, int* bad) {
    for (size_t i = records.size(); i-- > 0;) {
      if (i % 2 != parity) continue;
      const auto& [offset, values] = records[i];
      std::vector<uint32_t> got(values.size());
      store->Read(offset, values.size() * sizeof(uint32_t), got.data());
      if (got != values) ++*bad;
    }
  };
  int bad0 = 0, bad1 = 0;
  std::thread t([&] { check(1, &bad1); });
  check(0, &bad0);
  t.join();
  EXPECT_EQ(bad0 + bad1, 0);
  if (GetParam()) {
    EXPECT_LT(store->MemoryBytes(), 2u << 20);  // the file holds the bytes, not the process
    // The file is unlinked at once: nothing is left behind in the directory.
    EXPECT_TRUE(std::filesystem::is_empty(dir_));
  }
}

INSTANTIATE_TEST_SUITE_P(MemoryAndFile, SpillStoreTest, ::testing::Bool());

TEST(SpillStoreOpenTest, MissingDirectoryIsAnIoError) {
  std::unique_ptr<SpillStore> store;
  const Status status = SpillStore::Open("/nonexistent/storyline/dir", &store);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find("/nonexistent/storyline/dir"), std::string::npos);
}

}  // namespace
}  // namespace storyline
