#include "live/document_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <fstream>

#include "core/scratch_dir_test_util.h"

namespace storyline::live {
namespace {

using DocumentStoreTest = storyline::testing::ScratchDirTest;

StoredDocument MakeDoc(const std::string& id, const std::string& title) {
  StoredDocument d;
  d.summary.id = id;
  d.summary.received = 1700000000;
  d.summary.expires = 1700003600;
  d.summary.title = title;
  d.summary.url = "https://example.org/";
  d.summary.url += id;
  d.summary.site = "Example";
  d.summary.language = "en";
  d.summary.published = 1699990000;
  d.author = "A. Writer";
  d.paragraphs = {"First paragraph, with \"quotes\" and a\nnewline.", "Second: ünïcödé."};
  d.format = RawDocument::Format::kHtml;
  d.body = "<html><body><p>First paragraph</p></body></html>";
  return d;
}

std::vector<StoredSummary> AllSummaries(const DocumentStore& store) {
  std::vector<StoredSummary> out;
  EXPECT_TRUE(store.ForEachSummary([&](StoredSummary&& s) { out.push_back(std::move(s)); }).ok());
  return out;
}

TEST_F(DocumentStoreTest, WritesReadsAndSurvivesReopening) {
  const std::string path = dir_.string() + "/t.db";
  std::string instance;
  {
    std::unique_ptr<DocumentStore> store;
    ASSERT_TRUE(DocumentStore::Open(path, &store).ok());
    instance = store->instance();
    EXPECT_FALSE(instance.empty());
    std::vector<StoreChange> changes(2);
    changes[0].id = "a";
    changes[0].document = MakeDoc("a", "Title A");
    changes[1].id = "b";
    changes[1].document = MakeDoc("b", "Title B");
    ASSERT_TRUE(store->Apply(&changes).ok());
    EXPECT_EQ(changes[0].seq, 1);
    EXPECT_EQ(changes[1].seq, 2);
    EXPECT_EQ(store->last_seq(), 2);
  }
  std::unique_ptr<DocumentStore> store;
  ASSERT_TRUE(DocumentStore::Open(path, &store).ok());
  EXPECT_EQ(store->instance(), instance);
  EXPECT_EQ(store->last_seq(), 2);
  auto all = AllSummaries(*store);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a");
  EXPECT_EQ(all[0].title, "Title A");
  EXPECT_EQ(all[0].expires, 1700003600);
  EXPECT_EQ(all[0].published, 1699990000);
  StoredDocument read;
  ASSERT_TRUE(store->Read("b", true, &read).ok());
  StoredDocument expected = MakeDoc("b", "Title B");
  EXPECT_EQ(read.paragraphs, expected.paragraphs);
  EXPECT_EQ(read.author, expected.author);
  EXPECT_EQ(read.body, expected.body);
  EXPECT_EQ(read.format, RawDocument::Format::kHtml);
  EXPECT_EQ(store->Read("nope", false, &read).code(), Status::Code::kNotFound);
}

TEST_F(DocumentStoreTest, ReplacesAndDeletesInSeqOrder) {
  std::unique_ptr<DocumentStore> store;
  ASSERT_TRUE(DocumentStore::Open(dir_.string() + "/t.db", &store).ok());
  std::vector<StoreChange> changes(3);
  changes[0].id = "a";
  changes[0].document = MakeDoc("a", "one");
  changes[1].id = "b";
  changes[1].document = MakeDoc("b", "two");
  changes[2].id = "a";  // replaced in the same batch
  changes[2].document = MakeDoc("a", "three");
  ASSERT_TRUE(store->Apply(&changes).ok());
  std::vector<StoreChange> more(1);
  more[0].id = "b";  // deleted
  ASSERT_TRUE(store->Apply(&more).ok());
  auto all = AllSummaries(*store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "a");
  EXPECT_EQ(all[0].title, "three");
  EXPECT_EQ(all[0].seq, 3);
  EXPECT_EQ(store->last_seq(), 4);
}

TEST_F(DocumentStoreTest, RefusesOtherFiles) {
  // Not a database at all.
  std::string junk = dir_.string() + "/junk.db";
  std::ofstream(junk) << "this is not an SQLite database, just text that is long enough";
  std::unique_ptr<DocumentStore> store;
  Status s = DocumentStore::Open(junk, &store);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(store, nullptr);
  // Another program's SQLite database.
  std::string other = dir_.string() + "/other.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  s = DocumentStore::Open(other, &store);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("not storyline's"), std::string::npos) << s.message();
  // A directory that does not exist.
  s = DocumentStore::Open(dir_.string() + "/missing/t.db", &store);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
}

// Readers on many threads borrow pooled connections; a connection must go back to the pool only
// after its statement is finalized (an earlier version gave it back first and crashed under
// this load).
TEST_F(DocumentStoreTest, ManyConcurrentReaders) {
  std::unique_ptr<DocumentStore> store;
  ASSERT_TRUE(DocumentStore::Open(dir_.string() + "/t.db", &store).ok());
  std::vector<StoreChange> changes(50);
  for (int i = 0; i < 50; ++i) {
    changes[i].id = std::to_string(i);
    changes[i].document = MakeDoc(changes[i].id, "title");
  }
  ASSERT_TRUE(store->Apply(&changes).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        StoredDocument d;
        std::string id = std::to_string((t * 31 + i) % 50);
        if (!store->Read(id, i % 2 == 0, &d).ok() || d.paragraphs.size() != 2) ++failures;
        if (i % 50 == 0 && !store->ForEachSummary([](StoredSummary&&) {}).ok()) ++failures;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace storyline::live
