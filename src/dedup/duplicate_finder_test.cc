// DuplicateFinder: fed in batches, in memory or spilled to disk, it finds the same groups as
// FindDuplicates, and it keeps little per document in memory when it spills.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/scratch_dir_test_util.h"
#include "dedup/test_articles.h"
#include "dedup/test_text.h"
#include "storyline/dedup.h"

namespace storyline {
namespace {

using dedup::testing::kCouncil;
using dedup::testing::kFlood;
using dedup::testing::kFloodOther;
using dedup::testing::kFloodSpun;
using dedup::testing::MakeDoc;
using dedup::testing::NearCopyOfFlood;

// "r12": built by appending, since `"r" + std::to_string(i)` sets off a false GCC 12 -Wrestrict.
std::string Id(const char* prefix, int i) {
  std::string id = prefix;
  id += std::to_string(i);
  return id;
}

// A comparable form of a grouping.
using Flat = std::vector<std::tuple<uint32_t, uint32_t, CopyRelation, double>>;
Flat Flatten(const std::vector<DuplicateGroup>& groups) {
  Flat flat;
  for (const DuplicateGroup& g : groups) {
    for (const CopyLink& c : g.copies) flat.emplace_back(g.original, c.doc, c.relation, c.similarity);
  }
  return flat;
}

// Random unrelated texts with copies of every kind planted among them.
std::vector<Document> Corpus() {
  std::mt19937_64 rng(7);
  std::vector<Document> docs;
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    texts.push_back(dedup::testing::RandomText(rng, 6 + static_cast<int>(rng() % 30)));
    docs.push_back(MakeDoc(Id("r", i), texts.back(), 1000 + i));
  }
  for (int i = 0; i < 40; ++i) {
    docs.push_back(MakeDoc(Id("exact", i), texts[i * 3]));  // exact copies
    std::string near = texts[i * 5 + 1];
    for (size_t p = near.find(' ', 150); p != std::string::npos && p + 1 < near.size();
         p = near.find(' ', p + 200)) {
      near.insert(p + 1, "changed ");
    }
    docs.push_back(MakeDoc(Id("near", i), near, 500 + i));  // published earlier
    const std::string& whole = texts[i * 7 + 2];
    docs.push_back(MakeDoc(Id("part", i), whole.substr(0, whole.size() / 2) +
                                                           texts[(i * 11 + 3) % 400].substr(0, 80)));
  }
  docs.push_back(MakeDoc("flood", kFlood, 100));
  docs.push_back(MakeDoc("flood-spun", kFloodSpun, 200));
  docs.push_back(MakeDoc("flood-near", NearCopyOfFlood(), 300));
  docs.push_back(MakeDoc("flood-other", kFloodOther, 150));
  docs.push_back(MakeDoc("council", kCouncil, 120));
  std::string roundup = "Briefing.\n";
  roundup += kFlood;
  roundup += kCouncil;
  docs.push_back(MakeDoc("roundup", roundup, 400));
  docs.push_back(MakeDoc("empty", ""));
  docs.push_back(MakeDoc("council-again", kCouncil));
  return docs;
}

class DuplicateFinderTest : public testing::ScratchDirTest {
 protected:
  // The groups found by a DuplicateFinder fed `docs` in batches of growing size.
  Flat FindInBatches(const std::vector<Document>& docs, const DedupOptions& options,
                     const std::string& spill_dir) {
    std::unique_ptr<DuplicateFinder> finder;
    EXPECT_TRUE(DuplicateFinder::Create(options, spill_dir, 0, &finder).ok());
    size_t at = 0, batch = 1;
    while (at < docs.size()) {
      const size_t n = std::min(batch, docs.size() - at);
      EXPECT_TRUE(finder->Add(std::span<const Document>(docs).subspan(at, n)).ok());
      at += n;
      batch = batch * 3 + 1;
    }
    EXPECT_EQ(finder->size(), docs.size());
    std::vector<DuplicateGroup> groups;
    EXPECT_TRUE(finder->Finish(&groups).ok());
    return Flatten(groups);
  }
};

TEST_F(DuplicateFinderTest, BatchesInMemoryOrOnDiskFindWhatFindDuplicatesFinds) {
  const std::vector<Document> docs = Corpus();
  DedupOptions simhash;
  simhash.near_signature = DedupOptions::Signature::kSimHash;
  DedupOptions no_exact;
  no_exact.copy_relations = RelationBit(CopyRelation::kNear) | RelationBit(CopyRelation::kRewrite);
  for (const DedupOptions& options : {DedupOptions(), simhash, no_exact}) {
    const Flat expected = Flatten(FindDuplicates(docs, options));
    // Every kind of copy is there, so the comparison means something.
    std::set<CopyRelation> kinds;
    for (const auto& link : expected) kinds.insert(std::get<2>(link));
    EXPECT_GE(kinds.size(), options.copy_relations == 0xf ? 4u : 2u);
    EXPECT_EQ(FindInBatches(docs, options, ""), expected);
    EXPECT_EQ(FindInBatches(docs, options, dir_.string()), expected);
  }
  // The spill files were unlinked as they were created.
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(DuplicateFinderTest, SpillingKeepsLittlePerDocumentInMemory) {
  std::mt19937_64 rng(3);
  std::vector<Document> docs;
  for (int i = 0; i < 3000; ++i) {
    docs.push_back(MakeDoc(Id("r", i), dedup::testing::RandomText(rng, 25)));
  }
  std::unique_ptr<DuplicateFinder> on_disk, in_memory;
  ASSERT_TRUE(DuplicateFinder::Create(DedupOptions(), dir_.string(), 0, &on_disk).ok());
  ASSERT_TRUE(DuplicateFinder::Create(DedupOptions(), "", 0, &in_memory).ok());
  const size_t fixed = on_disk->MemoryBytes();
  ASSERT_TRUE(on_disk->Add(docs).ok());
  ASSERT_TRUE(in_memory->Add(docs).ok());
  const double per_doc = static_cast<double>(on_disk->MemoryBytes() - fixed) / docs.size();
  const double stored_per_doc = static_cast<double>(on_disk->StoredBytes()) / docs.size();
  EXPECT_LT(per_doc, 256) << "bytes of memory per document with a spill directory";
  EXPECT_GT(stored_per_doc, 10 * per_doc) << "most of the data should be in the spill files";
  EXPECT_EQ(in_memory->StoredBytes(), on_disk->StoredBytes());
  EXPECT_GE(in_memory->MemoryBytes(), in_memory->StoredBytes());
}

TEST_F(DuplicateFinderTest, FewDocumentsAndMissingSpillDirectory) {
  std::unique_ptr<DuplicateFinder> finder;
  ASSERT_TRUE(DuplicateFinder::Create(DedupOptions(), dir_.string(), 0, &finder).ok());
  std::vector<DuplicateGroup> groups = {DuplicateGroup()};
  ASSERT_TRUE(finder->Finish(&groups).ok());
  EXPECT_THAT(groups, ::testing::IsEmpty());

  const Status status =
      DuplicateFinder::Create(DedupOptions(), (dir_ / "missing").string(), 0, &finder);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("missing"));
}

}  // namespace
}  // namespace storyline
