#include "storyline/dedup_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xxhash.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
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
using dedup::testing::RandomText;

// The groups of FindDuplicates, by ids, in the shape of DedupIndex::Groups().
std::map<std::string, std::map<std::string, CopyRelation>> BatchGroups(
    const std::vector<Document>& docs, const DedupOptions& options) {
  std::map<std::string, std::map<std::string, CopyRelation>> out;
  for (const DuplicateGroup& g : FindDuplicates(docs, options)) {
    auto& copies = out[docs[g.original].id];
    for (const CopyLink& c : g.copies) copies[docs[c.doc].id] = c.relation;
  }
  return out;
}

std::map<std::string, std::map<std::string, CopyRelation>> IndexGroups(const DedupIndex& index) {
  std::map<std::string, std::map<std::string, CopyRelation>> out;
  for (const IndexGroup& g : index.Groups()) {
    auto& copies = out[g.original];
    for (const IndexGroup::Copy& c : g.copies) copies[c.doc] = c.relation;
  }
  return out;
}

std::vector<Document> StoryDocs() {
  return {MakeDoc("flood", kFlood, 100),        MakeDoc("council", kCouncil, 50),
          MakeDoc("exact", kFlood, 300),        MakeDoc("near", NearCopyOfFlood(), 200),
          MakeDoc("spun", kFloodSpun, 400),     MakeDoc("other", kFloodOther, 150)};
}

TEST(DedupIndexTest, AddingOneAtATimeGivesTheBatchGroups) {
  const std::vector<Document> docs = StoryDocs();
  DedupIndex index;
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok()) << d.id;
  EXPECT_EQ(index.size(), docs.size());
  EXPECT_EQ(IndexGroups(index), BatchGroups(docs, DedupOptions()));

  const std::optional<IndexPlacement> spun = index.Placement("spun");
  ASSERT_TRUE(spun.has_value());
  EXPECT_EQ(spun->original, "flood");
  EXPECT_EQ(spun->relation, CopyRelation::kRewrite);
  EXPECT_EQ(spun->group_size, 4u);
  EXPECT_EQ(index.Placement("exact")->relation, CopyRelation::kExact);
  EXPECT_EQ(index.Placement("near")->relation, CopyRelation::kNear);
  EXPECT_FALSE(index.Placement("flood")->relation.has_value());
  EXPECT_EQ(index.Placement("other")->group_size, 1u);  // same story, another outlet
  EXPECT_EQ(index.Placement("council")->group_size, 1u);
  EXPECT_FALSE(index.Placement("missing").has_value());
}

TEST(DedupIndexTest, TheOriginalDoesNotDependOnArrivalOrder) {
  std::vector<Document> docs = StoryDocs();
  std::reverse(docs.begin(), docs.end());
  DedupIndex index;
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok());
  EXPECT_EQ(index.Placement("exact")->original, "flood");  // earliest published
}

TEST(DedupIndexTest, DocumentsPreparedInParallelGiveTheSameIndex) {
  const std::vector<Document> docs = StoryDocs();
  DedupIndex one_by_one, prepared_ahead;
  for (const Document& d : docs) ASSERT_TRUE(one_by_one.Add(d).ok());
  std::vector<DedupIndex::Prepared> prepared(docs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < docs.size(); ++i) {
    threads.emplace_back([&, i] { prepared[i] = prepared_ahead.Prepare(docs[i]); });
  }
  for (std::thread& t : threads) t.join();
  for (DedupIndex::Prepared& p : prepared) ASSERT_TRUE(prepared_ahead.Add(std::move(p)).ok());
  EXPECT_EQ(IndexGroups(prepared_ahead), IndexGroups(one_by_one));
  EXPECT_EQ(prepared_ahead.MemoryBytes(), one_by_one.MemoryBytes());
  // A moved-from (empty) Prepared is refused, not a crash.
  EXPECT_EQ(prepared_ahead.Add(DedupIndex::Prepared()).code(), Status::Code::kInvalidArgument);
}

// The server prepares documents on its request threads while its writer adds and removes
// others, without a lock (dedup_index.h): what is prepared then gives the index it would have
// given on its own. (Run under ThreadSanitizer, this also checks that Prepare reads nothing
// that Add or Remove writes.)
TEST(DedupIndexTest, PreparingWhileAnotherThreadAddsAndRemovesGivesTheSameIndex) {
  const std::vector<Document> docs = StoryDocs();
  DedupIndex index, reference;
  std::atomic<bool> stop = false;
  std::thread churn([&] {
    for (int round = 0; !stop; ++round) {
      const std::string id = "churn" + std::to_string(round);
      Document d = MakeDoc(id, round % 2 ? kFloodOther : kCouncil, 10 + round);
      ASSERT_TRUE(index.Add(d).ok());
      ASSERT_TRUE(index.Remove(id));
    }
  });
  std::vector<DedupIndex::Prepared> prepared;
  for (int pass = 0; pass < 20; ++pass) {
    prepared.clear();
    for (const Document& d : docs) prepared.push_back(index.Prepare(d));
  }
  stop = true;
  churn.join();
  for (DedupIndex::Prepared& p : prepared) ASSERT_TRUE(index.Add(std::move(p)).ok());
  for (const Document& d : docs) ASSERT_TRUE(reference.Add(d).ok());
  EXPECT_EQ(IndexGroups(index), IndexGroups(reference));
  EXPECT_EQ(index.Placement("spun")->relation, CopyRelation::kRewrite);
}

TEST(DedupIndexTest, RejectsEmptyAndRepeatedIds) {
  DedupIndex index;
  Document d = MakeDoc("a", kFlood);
  ASSERT_TRUE(index.Add(d).ok());
  EXPECT_EQ(index.Add(d).code(), Status::Code::kInvalidArgument);
  d.id.clear();
  EXPECT_EQ(index.Add(d).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(index.size(), 1u);
}

TEST(DedupIndexTest, RemovingTheOriginalPromotesTheNextAndRemovingABridgeSplitsTheGroup) {
  // `excerpt` copies only the council part of `extended`: it joins `flood` through `extended`.
  std::string council = kCouncil;
  const std::string three = council.substr(0, council.find("A public consultation"));
  DedupIndex index;
  ASSERT_TRUE(index.Add(MakeDoc("flood", kFlood, 100)).ok());
  ASSERT_TRUE(index.Add(MakeDoc("extended", kFlood + three, 200)).ok());
  ASSERT_TRUE(index.Add(MakeDoc("excerpt", three + "Readers can write to the editor.\n", 300)).ok());
  ASSERT_TRUE(index.Add(MakeDoc("exact", kFlood, 400)).ok());
  EXPECT_EQ(index.Placement("excerpt")->original, "flood");
  EXPECT_EQ(index.Placement("excerpt")->group_size, 4u);

  ASSERT_TRUE(index.Remove("flood"));
  EXPECT_FALSE(index.Remove("flood"));
  EXPECT_FALSE(index.Contains("flood"));
  EXPECT_EQ(index.Placement("exact")->original, "extended");
  EXPECT_EQ(index.Placement("exact")->group_size, 3u);

  ASSERT_TRUE(index.Remove("extended"));
  EXPECT_EQ(index.Placement("excerpt")->group_size, 1u);
  EXPECT_EQ(index.Placement("exact")->group_size, 1u);
  EXPECT_THAT(index.Groups(), ::testing::IsEmpty());

  // A removed id can come back, and finds its copies again.
  ASSERT_TRUE(index.Add(MakeDoc("flood", kFlood, 100)).ok());
  EXPECT_EQ(index.Placement("exact")->original, "flood");
  EXPECT_EQ(index.Placement("exact")->relation, CopyRelation::kExact);
}

class DedupIndexFileTest : public testing::ScratchDirTest {};

TEST_F(DedupIndexFileTest, SaveAndLoadKeepEverythingAndANewBatchMeetsTheOldOne) {
  const std::string path = (dir_ / "index.sldx").string();
  {
    DedupIndex index;
    ASSERT_TRUE(index.Add(MakeDoc("flood", kFlood, 100)).ok());
    ASSERT_TRUE(index.Add(MakeDoc("council", kCouncil, 50)).ok());
    ASSERT_TRUE(index.Add(MakeDoc("near", NearCopyOfFlood(), 200)).ok());
    ASSERT_TRUE(index.Add(MakeDoc("gone", kFloodOther, 10)).ok());
    ASSERT_TRUE(index.Remove("gone"));
    ASSERT_TRUE(index.Save(path).ok());
  }
  std::unique_ptr<DedupIndex> loaded;
  ASSERT_TRUE(DedupIndex::Load(path, DedupOptions(), &loaded).ok());
  EXPECT_EQ(loaded->size(), 3u);
  EXPECT_FALSE(loaded->Contains("gone"));
  EXPECT_EQ(loaded->Placement("near")->original, "flood");
  EXPECT_EQ(loaded->Placement("near")->relation, CopyRelation::kNear);

  // The next batch: a spun copy of a document of the first one.
  ASSERT_TRUE(loaded->Add(MakeDoc("spun", kFloodSpun, 500)).ok());
  EXPECT_EQ(loaded->Placement("spun")->original, "flood");
  EXPECT_EQ(loaded->Placement("spun")->relation, CopyRelation::kRewrite);
  ASSERT_TRUE(loaded->Add(MakeDoc("gone", kFloodOther, 10)).ok());  // its slot is reused
  EXPECT_EQ(loaded->Placement("gone")->group_size, 1u);
  EXPECT_EQ(loaded->size(), 5u);
}

TEST_F(DedupIndexFileTest, LoadRefusesDamagedFilesAndOtherSignatureOptions) {
  const std::string path = (dir_ / "index.sldx").string();
  DedupIndex index;
  ASSERT_TRUE(index.Add(MakeDoc("flood", kFlood, 100)).ok());
  ASSERT_TRUE(index.Save(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  std::unique_ptr<DedupIndex> loaded;
  EXPECT_EQ(DedupIndex::Load((dir_ / "missing").string(), DedupOptions(), &loaded).code(),
            Status::Code::kNotFound);
  DedupOptions other;
  other.permutations = 64;
  EXPECT_EQ(DedupIndex::Load(path, other, &loaded).code(), Status::Code::kInvalidArgument);
  DedupOptions thresholds;  // verification thresholds may change between runs
  thresholds.near_jaccard = 0.8;
  EXPECT_TRUE(DedupIndex::Load(path, thresholds, &loaded).ok());

  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto write = [&](const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  };
  write(bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(DedupIndex::Load(path, DedupOptions(), &loaded).code(), Status::Code::kCorruption);
  std::string flipped = bytes;
  flipped[bytes.size() - 5] ^= 0x40;
  write(flipped);
  EXPECT_EQ(DedupIndex::Load(path, DedupOptions(), &loaded).code(), Status::Code::kCorruption);
  write("not an index at all");
  EXPECT_EQ(DedupIndex::Load(path, DedupOptions(), &loaded).code(), Status::Code::kCorruption);
  std::string future = bytes;
  future[8] = 9;  // format version
  write(future);
  EXPECT_EQ(DedupIndex::Load(path, DedupOptions(), &loaded).code(), Status::Code::kUnsupported);
  // A file of an older build (version 1 rebuilt its key table on loading) is refused by name,
  // so that a server re-indexes its documents instead.
  std::string old = bytes;
  old[8] = 1;
  write(old);
  const Status s = DedupIndex::Load(path, DedupOptions(), &loaded);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("version 1, this build reads version 2"));
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Random documents with planted copies (their LSH keys are shared, so the key table holds
// lists), with some removed: free slots and free list nodes.
std::vector<Document> CorpusWithCopies(std::mt19937_64& rng, int originals, const char* tag) {
  std::vector<Document> docs;
  for (int i = 0; i < originals; ++i) {
    std::string text = RandomText(rng, 6 + static_cast<int>(rng() % 20));
    docs.push_back(MakeDoc(tag + std::to_string(i), text, 1000 + i));
    if (i % 4 == 0) {
      text.insert(text.find(' ', text.size() / 2) + 1, "inserted words here ");
      docs.push_back(MakeDoc(tag + std::string("copy") + std::to_string(i), text, 5000 + i));
    }
  }
  return docs;
}

// Property: a loaded index answers as the saved one, saves to the same bytes, and goes on
// exactly as the saved one under the same adds and removes (so the key table came back whole:
// its buckets, its lists of shared keys and its free nodes).
TEST_F(DedupIndexFileTest, LoadedIndexAnswersSavesAndChangesAsTheSavedOne) {
  std::mt19937_64 rng(11);
  DedupIndex index;
  const std::vector<Document> docs = CorpusWithCopies(rng, 300, "a");
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok());
  for (size_t i = 0; i < docs.size(); i += 7) ASSERT_TRUE(index.Remove(docs[i].id));
  ASSERT_FALSE(index.Groups().empty());
  const std::string path = (dir_ / "index.sldx").string();
  ASSERT_TRUE(index.Save(path).ok());

  std::unique_ptr<DedupIndex> loaded;
  ASSERT_TRUE(DedupIndex::Load(path, DedupOptions(), &loaded).ok());
  EXPECT_EQ(IndexGroups(*loaded), IndexGroups(index));
  EXPECT_EQ(loaded->size(), index.size());
  for (const Document& d : docs) {
    const std::optional<IndexPlacement> a = index.Placement(d.id), b = loaded->Placement(d.id);
    ASSERT_EQ(a.has_value(), b.has_value()) << d.id;
    if (!a) continue;
    EXPECT_EQ(a->original, b->original) << d.id;
    EXPECT_EQ(a->relation, b->relation) << d.id;
    EXPECT_EQ(a->group_size, b->group_size) << d.id;
  }
  EXPECT_LE(loaded->MemoryBytes(), index.MemoryBytes());  // its vectors are sized exactly
  const std::string again = (dir_ / "again.sldx").string();
  ASSERT_TRUE(loaded->Save(again).ok());
  EXPECT_TRUE(ReadBytes(again) == ReadBytes(path));

  // The removed documents come back (into the free slots), new ones and their copies arrive,
  // and more leave: both indexes give the same groups after each step.
  const std::vector<Document> more = CorpusWithCopies(rng, 100, "b");
  for (DedupIndex* target : {&index, loaded.get()}) {
    for (size_t i = 0; i < docs.size(); i += 7) ASSERT_TRUE(target->Add(docs[i]).ok());
  }
  EXPECT_EQ(IndexGroups(*loaded), IndexGroups(index));
  for (DedupIndex* target : {&index, loaded.get()}) {
    for (const Document& d : more) ASSERT_TRUE(target->Add(d).ok());
    for (size_t i = 1; i < docs.size(); i += 3) ASSERT_TRUE(target->Remove(docs[i].id));
  }
  EXPECT_EQ(IndexGroups(*loaded), IndexGroups(index));
  EXPECT_EQ(loaded->size(), index.size());
}

// Damage that the checksum cannot see (a byte changed, the checksum made to match, as a bug or
// a deliberately made file could): Load refuses it or gives an index that every query, add,
// remove and save survives.
TEST_F(DedupIndexFileTest, DamagedContentWithAValidChecksumNeverCrashes) {
  std::mt19937_64 rng(5);
  DedupIndex index;
  const std::vector<Document> docs = CorpusWithCopies(rng, 24, "d");
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok());
  ASSERT_TRUE(index.Remove(docs[3].id));
  const std::string path = (dir_ / "index.sldx").string();
  ASSERT_TRUE(index.Save(path).ok());
  const std::string bytes = ReadBytes(path);
  constexpr size_t kHeader = 28;  // magic, version, payload size, checksum
  size_t loaded_count = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::string damaged = bytes;
    damaged[kHeader + rng() % (bytes.size() - kHeader)] ^= static_cast<char>(1 + rng() % 255);
    const uint64_t checksum = XXH3_64bits(damaged.data() + kHeader, damaged.size() - kHeader);
    std::memcpy(damaged.data() + 20, &checksum, sizeof(checksum));
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    std::unique_ptr<DedupIndex> loaded;
    if (!DedupIndex::Load(path, DedupOptions(), &loaded).ok()) continue;
    ++loaded_count;
    for (const IndexGroup& g : loaded->Groups()) {
      for (const IndexGroup::Copy& c : g.copies) loaded->Placement(c.doc);
    }
    ASSERT_TRUE(loaded->Add(docs[3]).ok() || loaded->Contains(docs[3].id));
    for (size_t i = 0; i < docs.size(); i += 5) loaded->Remove(docs[i].id);
    for (size_t i = 0; i < docs.size(); i += 5) (void)loaded->Add(docs[i]);
    loaded->Groups();
    EXPECT_TRUE(loaded->Save((dir_ / "resaved.sldx").string()).ok());
  }
  // Most single-byte changes hit values that any bytes are valid for (ids, times, hashes).
  EXPECT_GT(loaded_count, 0u);
}

// Property: over random texts with planted near copies and rewrites, adding one at a time finds
// the same groups as the batch, and removing and adding the documents again does not grow it.
TEST(DedupIndexTest, MatchesTheBatchOnARandomCorpusAndRemovalFreesMemory) {
  std::mt19937_64 rng(7);
  std::vector<Document> docs;
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    texts.push_back(RandomText(rng, 6 + static_cast<int>(rng() % 20)));
    docs.push_back(MakeDoc("r" + std::to_string(i), texts.back(), 1000 + i));
  }
  for (int i = 0; i < 40; ++i) {
    std::string t = texts[i * 9];
    t.insert(t.find(' ', t.size() / 2) + 1, "inserted words here ");
    docs.push_back(MakeDoc("copy" + std::to_string(i), t, 5000 + i));
  }
  DedupIndex index;
  const size_t empty = index.MemoryBytes();
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok());
  const auto batch = BatchGroups(docs, DedupOptions());
  EXPECT_EQ(batch.size(), 40u);
  EXPECT_EQ(IndexGroups(index), batch);
  const size_t full = index.MemoryBytes();
  EXPECT_GT(full, empty + docs.size() * 1000);
  for (const Document& d : docs) ASSERT_TRUE(index.Remove(d.id));
  EXPECT_EQ(index.size(), 0u);
  // Entries free their memory; slots, table nodes and hash buckets stay for reuse, so adding
  // and removing the same documents again does not grow the index.
  EXPECT_LT(index.MemoryBytes(), full);
  for (const Document& d : docs) ASSERT_TRUE(index.Add(d).ok());
  EXPECT_EQ(IndexGroups(index), batch);
  EXPECT_LE(index.MemoryBytes(), full + full / 20);
  for (const Document& d : docs) ASSERT_TRUE(index.Remove(d.id));
  EXPECT_LT(index.MemoryBytes(), full);
}

}  // namespace
}  // namespace storyline
