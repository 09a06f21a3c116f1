#include "storyline/live_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/scratch_dir_test_util.h"

namespace storyline {
namespace {

// A page of the bundled examples, as a raw HTML or text document named by its file name.
RawDocument ExamplePage(const std::string& rel) {
  std::filesystem::path path = std::filesystem::path(STORYLINE_SOURCE_DIR) / "examples/pages" / rel;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  RawDocument raw;
  raw.id = path.filename().string();
  raw.origin = raw.id;
  raw.format = path.extension() == ".txt" ? RawDocument::Format::kText : RawDocument::Format::kHtml;
  raw.body = ss.str();
  return raw;
}

// The Ecuador earthquake of the examples: three English reports (one of them a copy of
// another) and an unrelated story.
const char* kEcuador[] = {"meridianpress/2026-03-03-ecuador-earthquake-kills-nine.html",
                          "dailyledger/ecuador-quake-death-toll-rises.html",
                          "newshub/ecuador-quake-9-dead.html"};
const char* kLisbon = "iberiatoday/lisbon-doubles-tourist-tax.html";

class LiveIndexTest : public storyline::testing::ScratchDirTest {
 protected:
  std::unique_ptr<LiveIndex> OpenIndex(LiveOptions options = LiveOptions()) {
    std::unique_ptr<LiveIndex> index;
    Status s = LiveIndex::Open((dir_ / "t.db").string(), options, &index);
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_TRUE(index->WaitReady().ok());
    return index;
  }

  // Opens the index again and checks that it came from the snapshot, with `documents`
  // documents and, when given, `replayed` of them re-indexed (the changes after the snapshot).
  std::unique_ptr<LiveIndex> ReopenFromSnapshot(size_t documents,
                                                std::optional<size_t> replayed = std::nullopt) {
    auto index = OpenIndex();
    LiveStats stats = index->Stats();
    EXPECT_TRUE(stats.restored_from_snapshot);
    EXPECT_EQ(stats.documents, documents);
    if (replayed) {
      EXPECT_EQ(stats.replayed, *replayed);
    }
    return index;
  }

  LiveIndex::PutOutcome Put(LiveIndex& index, RawDocument raw,
                            std::optional<int64_t> ttl = std::nullopt) {
    LiveIndex::PutResult result;
    Status s = index.Put(std::move(raw), ttl, &result);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return result.outcome;
  }

  // The story list as sets of document ids.
  static std::set<std::set<std::string>> Grouping(const LiveStoryList& list) {
    std::set<std::set<std::string>> out;
    for (const LiveStory& s : list.stories) {
      std::set<std::string> ids;
      for (const auto& e : s.entries) ids.insert(list.documents[e.doc]->id);
      out.insert(ids);
    }
    return out;
  }

  static const LiveStory* StoryWith(const LiveStoryList& list, const std::string& id) {
    for (const LiveStory& s : list.stories) {
      for (const auto& e : s.entries) {
        if (list.documents[e.doc]->id == id) return &s;
      }
    }
    return nullptr;
  }
};

TEST_F(LiveIndexTest, PutGetReplaceDelete) {
  auto index = OpenIndex();
  EXPECT_EQ(Put(*index, ExamplePage(kEcuador[0])), LiveIndex::PutOutcome::kCreated);
  EXPECT_EQ(Put(*index, ExamplePage(kEcuador[0])), LiveIndex::PutOutcome::kReplaced);
  auto info = index->Get("2026-03-03-ecuador-earthquake-kills-nine.html");
  ASSERT_TRUE(info.has_value());
  EXPECT_NE(info->doc.title.find("Ecuador"), std::string::npos) << info->doc.title;
  EXPECT_EQ(info->doc.language, "en");
  EXPECT_TRUE(info->doc.published.has_value());
  EXPECT_FALSE(info->paragraphs.empty());
  EXPECT_EQ(info->group_size, 1u);
  EXPECT_FALSE(info->relation.has_value());
  EXPECT_NE(info->story, 0u);
  EXPECT_EQ(index->Stats().documents, 1u);

  bool found = false;
  ASSERT_TRUE(index->Delete("2026-03-03-ecuador-earthquake-kills-nine.html", &found).ok());
  EXPECT_TRUE(found);
  EXPECT_FALSE(index->Get("2026-03-03-ecuador-earthquake-kills-nine.html").has_value());
  ASSERT_TRUE(index->Delete("2026-03-03-ecuador-earthquake-kills-nine.html", &found).ok());
  EXPECT_FALSE(found);
  LiveStats stats = index->Stats();
  EXPECT_EQ(stats.documents, 0u);
  EXPECT_EQ(stats.puts, 2u);
  EXPECT_EQ(stats.deletes, 1u);
}

TEST_F(LiveIndexTest, RejectsAPageWithoutArticleText) {
  auto index = OpenIndex();
  LiveIndex::PutResult result;
  RawDocument raw = ExamplePage("junk/topics-earthquakes.html");
  ASSERT_TRUE(index->Put(raw, std::nullopt, &result).ok());
  EXPECT_EQ(result.outcome, LiveIndex::PutOutcome::kRejected);
  EXPECT_NE(result.reason.find("no article text"), std::string::npos) << result.reason;
  EXPECT_FALSE(index->Get(raw.id).has_value());
  EXPECT_EQ(index->Stats().rejected, 1u);
  EXPECT_EQ(index->Stats().documents, 0u);
}

TEST_F(LiveIndexTest, GroupsCoverageIntoStoriesWithCopies) {
  auto index = OpenIndex();
  for (const char* page : kEcuador) Put(*index, ExamplePage(page));
  Put(*index, ExamplePage(kLisbon));
  index->RefreshNow();
  auto list = index->Stories();
  EXPECT_EQ(list->version, 4u);
  ASSERT_EQ(list->documents.size(), 4u);
  const LiveStory* quake = StoryWith(*list, "2026-03-03-ecuador-earthquake-kills-nine.html");
  ASSERT_NE(quake, nullptr);
  EXPECT_EQ(quake->entries.size(), 3u);
  EXPECT_NE(quake->headline.find("cuador"), std::string::npos) << quake->headline;
  EXPECT_EQ(quake->language, "en");
  EXPECT_EQ(StoryWith(*list, "lisbon-doubles-tourist-tax.html")->entries.size(), 1u);
  // The copy follows its original, and counts as a copy.
  size_t copies = 0;
  for (const auto& e : quake->entries) {
    if (e.copy_of >= 0) {
      ++copies;
      EXPECT_EQ(quake->entries[e.copy_of].copy_of, -1);
    }
  }
  EXPECT_EQ(copies, quake->copies);
  EXPECT_EQ(quake->sources + quake->copies, 3u);
  // Most important first; the quake is older than the newest document, so its weight is
  // halved for every 3 days (as RankStories does).
  ASSERT_EQ(list->stories.size(), 2u);
  EXPECT_GE(list->stories[0].importance, list->stories[1].importance);
  EXPECT_GT(quake->importance, 0);
  EXPECT_LT(quake->importance, static_cast<double>(quake->sources) + 0.5 * quake->copies);
  EXPECT_EQ(list->Find(quake->id), quake);
  EXPECT_EQ(list->Find(987654321), nullptr);

  // Its view: summary, timeline sources and copies, as stories.json has them.
  auto view = index->StoryView(quake->id);
  ASSERT_TRUE(view.has_value());
  ASSERT_EQ(view->result.stories.size(), 1u);
  const Story& story = view->result.stories[0];
  EXPECT_EQ(story.members.size(), quake->sources);
  EXPECT_FALSE(story.summary.empty());
  EXPECT_EQ(view->result.documents.size(), 3u);
  EXPECT_FALSE(index->StoryView(987654321).has_value());
}

TEST_F(LiveIndexTest, RestoresAfterACrashByReindexingTheStore) {
  LiveOptions crash;
  crash.snapshot_on_close = false;  // as after kill -9: no snapshot
  std::set<std::set<std::string>> before;
  {
    auto index = OpenIndex(crash);
    for (const char* page : kEcuador) Put(*index, ExamplePage(page));
    Put(*index, ExamplePage(kLisbon));
    bool found;
    ASSERT_TRUE(index->Delete("ecuador-quake-9-dead.html", &found).ok());
    index->RefreshNow();
    before = Grouping(*index->Stories());
    ASSERT_TRUE(index->Close().ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "t.db.snapshot.manifest"));
  auto index = OpenIndex();
  LiveStats stats = index->Stats();
  EXPECT_FALSE(stats.restored_from_snapshot);
  EXPECT_EQ(stats.documents, 3u);
  EXPECT_EQ(Grouping(*index->Stories()), before);
  EXPECT_FALSE(index->Get("ecuador-quake-9-dead.html").has_value());
}

TEST_F(LiveIndexTest, RestoresFromTheSnapshotAndReplaysLaterChanges) {
  {
    auto index = OpenIndex();
    Put(*index, ExamplePage(kEcuador[0]));
    Put(*index, ExamplePage(kEcuador[1]));
    Put(*index, ExamplePage(kLisbon));
    ASSERT_TRUE(index->Close().ok());  // snapshot of three documents
  }
  ASSERT_TRUE(std::filesystem::exists(dir_ / "t.db.snapshot.manifest"));
  std::set<std::set<std::string>> before;
  {
    LiveOptions crash;
    crash.snapshot_on_close = false;
    auto index = OpenIndex(crash);
    EXPECT_TRUE(index->Stats().restored_from_snapshot);
    EXPECT_EQ(index->Stats().documents, 3u);
    // Changes after the snapshot: one added, one deleted, one replaced.
    Put(*index, ExamplePage(kEcuador[2]));
    bool found;
    ASSERT_TRUE(index->Delete("lisbon-doubles-tourist-tax.html", &found).ok());
    Put(*index, ExamplePage(kEcuador[1]));
    index->RefreshNow();
    before = Grouping(*index->Stories());
    ASSERT_TRUE(index->Close().ok());
  }
  auto index = ReopenFromSnapshot(3);
  EXPECT_EQ(Grouping(*index->Stories()), before);
  EXPECT_FALSE(index->Get("lisbon-doubles-tourist-tax.html").has_value());
  EXPECT_TRUE(index->Get("ecuador-quake-9-dead.html").has_value());
}

// Polls `done` for up to 20 s.
bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

// A periodic snapshot holds the changes up to it; one that fails is counted and leaves the
// last one in place; a restart replays only what the snapshot in place lacks.
TEST_F(LiveIndexTest, PeriodicSnapshotsBoundWhatARestartReplays) {
  const std::filesystem::path manifest = dir_ / "t.db.snapshot.manifest";
  auto manifest_field = [&](const char* key) {
    std::ifstream in(manifest);
    nlohmann::json m = nlohmann::json::parse(in, nullptr, false);
    return m.is_object() && m.contains(key) ? m[key].get<int64_t>() : -1;
  };
  LiveOptions options;
  options.snapshot_every = 2;
  options.snapshot_on_close = false;  // the restart below is as after kill -9
  std::set<std::set<std::string>> before;
  {
    auto index = OpenIndex(options);
    Put(*index, ExamplePage(kEcuador[0]));
    Put(*index, ExamplePage(kEcuador[1]));
    ASSERT_TRUE(WaitFor([&] { return index->Stats().snapshots == 1; }));
    EXPECT_EQ(index->Stats().changes_since_snapshot, 0u);
    EXPECT_EQ(manifest_field("documents"), 2);
    EXPECT_EQ(manifest_field("seq"), 2);

    // The next one (at change 4) cannot be written: a directory stands where its file goes.
    std::filesystem::create_directory(dir_ / "t.db.snapshot.4.dedup.tmp");
    Put(*index, ExamplePage(kEcuador[2]));
    Put(*index, ExamplePage(kLisbon));
    ASSERT_TRUE(WaitFor([&] { return index->Stats().snapshot_failures == 1; }));
    LiveStats stats = index->Stats();
    EXPECT_EQ(stats.snapshots, 1u);
    EXPECT_EQ(stats.changes_since_snapshot, 2u);
    EXPECT_EQ(manifest_field("seq"), 2);
    index->RefreshNow();
    before = Grouping(*index->Stories());
    ASSERT_TRUE(index->Close().ok());
  }
  auto index = ReopenFromSnapshot(4, /*replayed=*/2);
  EXPECT_EQ(Grouping(*index->Stories()), before);
}

// Once writes pause, the changes since the last snapshot are saved, so that a crash after the
// pause replays none of them; fewer than `idle_snapshot_changes` wait for the next one.
TEST_F(LiveIndexTest, TakesASnapshotWhenWritesPause) {
  LiveOptions options;
  options.snapshot_every = 0;
  options.idle_snapshot_after = std::chrono::seconds(1);
  options.idle_snapshot_changes = 2;
  options.snapshot_on_close = false;  // the restart below is as after kill -9
  {
    auto index = OpenIndex(options);
    Put(*index, ExamplePage(kEcuador[0]));
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_EQ(index->Stats().snapshots, 0u);  // one change: fewer than two
    Put(*index, ExamplePage(kEcuador[1]));
    ASSERT_TRUE(WaitFor([&] { return index->Stats().snapshots == 1; }));
    EXPECT_EQ(index->Stats().changes_since_snapshot, 0u);
    ASSERT_TRUE(index->Close().ok());
  }
  ReopenFromSnapshot(2, /*replayed=*/0);
}

// What a snapshot writer killed midway (or one that failed) leaves (temporary files, a
// generation without a manifest) is removed by the next snapshot; other files are left alone.
TEST_F(LiveIndexTest, ASnapshotRemovesWhatAKilledOneLeft) {
  const std::vector<std::string> leftovers = {
      "t.db.snapshot.7.dedup.tmp", "t.db.snapshot.7.stories", "t.db.snapshot.7.docs",
      "t.db.snapshot.manifest.tmp", "t.db.snapshot.2.stories.tmp"};
  const std::vector<std::string> others = {"t.db.snapshot.notes", "t.db.snapshot.7.txt",
                                           "other.db.snapshot.7.dedup", "t.db.snapshot.x.dedup"};
  for (const auto& f : leftovers) std::ofstream(dir_ / f).put('x');
  for (const auto& f : others) std::ofstream(dir_ / f).put('x');
  {
    auto index = OpenIndex();
    Put(*index, ExamplePage(kEcuador[0]));
    Put(*index, ExamplePage(kLisbon));
    ASSERT_TRUE(index->Close().ok());
  }
  for (const auto& f : leftovers) EXPECT_FALSE(std::filesystem::exists(dir_ / f)) << f;
  for (const auto& f : others) EXPECT_TRUE(std::filesystem::exists(dir_ / f)) << f;
  size_t generations = 0;  // t.db.snapshot.<seq>.dedup
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("t.db.snapshot.") && std::isdigit(name[14]) && name.ends_with(".dedup")) {
      ++generations;
    }
  }
  EXPECT_EQ(generations, 1u);
  ReopenFromSnapshot(2);
}

// A snapshot written by an older build (here: its duplicate index file claims format version
// 1) is not used: every document is indexed again from the store, and the next snapshot is of
// this build's format.
TEST_F(LiveIndexTest, ReindexesWhenTheSnapshotIsOfAnOlderFormat) {
  std::set<std::set<std::string>> before;
  {
    auto index = OpenIndex();
    for (const char* page : kEcuador) Put(*index, ExamplePage(page));
    Put(*index, ExamplePage(kLisbon));
    index->RefreshNow();
    before = Grouping(*index->Stories());
    ASSERT_TRUE(index->Close().ok());
  }
  std::filesystem::path dedup_file;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (entry.path().extension() == ".dedup") dedup_file = entry.path();
  }
  ASSERT_FALSE(dedup_file.empty());
  {
    std::fstream f(dedup_file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(8);  // after the magic: the format version
    const char old_version[4] = {1, 0, 0, 0};
    f.write(old_version, sizeof(old_version));
  }
  {
    auto index = OpenIndex();
    LiveStats stats = index->Stats();
    EXPECT_FALSE(stats.restored_from_snapshot);
    EXPECT_EQ(stats.documents, 4u);
    EXPECT_EQ(Grouping(*index->Stories()), before);
    Put(*index, ExamplePage(kLisbon));  // a change, so that closing takes a snapshot
    ASSERT_TRUE(index->Close().ok());
  }
  auto index = OpenIndex();
  EXPECT_TRUE(index->Stats().restored_from_snapshot);
  EXPECT_EQ(Grouping(*index->Stories()), before);
}

TEST_F(LiveIndexTest, ExpiresDocumentsByTheWallClock) {
  auto index = OpenIndex();
  // Times are whole seconds: a TTL of 2 s ends 1-2 s after the PUT (a TTL of 1 s could end
  // within milliseconds, before the checks below).
  Put(*index, ExamplePage(kEcuador[0]), /*ttl=*/2);
  auto info = index->Get("2026-03-03-ecuador-earthquake-kills-nine.html");
  ASSERT_TRUE(info.has_value());
  ASSERT_TRUE(info->doc.expires.has_value());
  EXPECT_EQ(*info->doc.expires, info->doc.received + 2);
  Put(*index, ExamplePage(kLisbon));
  for (int i = 0; i < 60 && index->Stats().expired == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(index->Stats().expired, 1u);
  EXPECT_FALSE(index->Get("2026-03-03-ecuador-earthquake-kills-nine.html").has_value());
  EXPECT_TRUE(index->Get("lisbon-doubles-tourist-tax.html").has_value());
  index->RefreshNow();
  EXPECT_EQ(index->Stories()->documents.size(), 1u);
}

TEST_F(LiveIndexTest, ExpiresByNewestPublicationTimeWithThePublishedClock) {
  LiveOptions options;
  options.clock = LiveOptions::Clock::kNewestPublished;
  auto index = OpenIndex(options);
  // Published 2026-03-03 06:30 with a day to live; the Lisbon page, published days later,
  // moves the clock past it.
  Put(*index, ExamplePage(kEcuador[0]), /*ttl=*/86400);
  EXPECT_TRUE(index->Get("2026-03-03-ecuador-earthquake-kills-nine.html").has_value());
  Put(*index, ExamplePage(kLisbon));
  EXPECT_GT(index->Now(), *index->Get("lisbon-doubles-tourist-tax.html")->doc.published - 1);
  for (int i = 0; i < 40 && index->Stats().expired == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(index->Stats().expired, 1u);
  EXPECT_FALSE(index->Get("2026-03-03-ecuador-earthquake-kills-nine.html").has_value());
}

TEST_F(LiveIndexTest, RefusesWritesWhileRestoring) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  LiveOptions options;
  options.before_restore = [released] { released.wait(); };
  std::unique_ptr<LiveIndex> index;
  ASSERT_TRUE(LiveIndex::Open((dir_ / "t.db").string(), options, &index).ok());
  EXPECT_FALSE(index->ready());
  LiveIndex::PutResult result;
  Status s = index->Put(ExamplePage(kLisbon), std::nullopt, &result);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported);
  EXPECT_FALSE(index->Get("lisbon-doubles-tourist-tax.html").has_value());
  release.set_value();
  ASSERT_TRUE(index->WaitReady().ok());
  EXPECT_TRUE(index->ready());
  EXPECT_EQ(Put(*index, ExamplePage(kLisbon)), LiveIndex::PutOutcome::kCreated);
}

// "w<t>-<i>", built by appending: `"w" + std::to_string(...)` trips GCC 12's false -Wrestrict.
std::string WriterDocId(int t, int i) {
  std::string id = "w";
  id += std::to_string(t);
  id += '-';
  id += std::to_string(i);
  return id;
}

TEST_F(LiveIndexTest, ConcurrentWritersAreAllDurable) {
  std::vector<RawDocument> pages;
  for (const char* page : kEcuador) pages.push_back(ExamplePage(page));
  pages.push_back(ExamplePage(kLisbon));
  {
    LiveOptions crash;
    crash.snapshot_on_close = false;
    auto index = OpenIndex(crash);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i) {
          RawDocument raw = pages[(t + i) % pages.size()];
          raw.id = WriterDocId(t, i);
          LiveIndex::PutResult r;
          ASSERT_TRUE(index->Put(std::move(raw), std::nullopt, &r).ok());
          EXPECT_EQ(r.outcome, LiveIndex::PutOutcome::kCreated);
        }
      });
    }
    for (auto& w : writers) w.join();
    EXPECT_EQ(index->Stats().documents, 40u);
  }
  auto index = OpenIndex();
  EXPECT_EQ(index->Stats().documents, 40u);
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < 10; ++i) {
      EXPECT_TRUE(index->Get(WriterDocId(t, i)).has_value());
    }
  }
}

// PUTs wait for one of `analysis_slots` analysers; a rejected page gives its slot back too. One
// slot and six writers: every PUT is answered, and the stories are those of PUTs one by one.
TEST_F(LiveIndexTest, OneAnalysisSlotServesManyWritersAndRejectedPagesFreeIt) {
  std::vector<RawDocument> pages;
  for (const char* page : kEcuador) pages.push_back(ExamplePage(page));
  pages.push_back(ExamplePage(kLisbon));
  pages.push_back(ExamplePage("junk/topics-earthquakes.html"));  // rejected: no article text
  LiveOptions one_slot;
  one_slot.analysis_slots = 1;
  auto index = OpenIndex(one_slot);
  std::atomic<int> rejected = 0;
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&, t] {
      for (size_t i = 0; i < pages.size(); ++i) {
        RawDocument raw = pages[(t + i) % pages.size()];
        raw.id = WriterDocId(t, static_cast<int>(i));
        LiveIndex::PutResult r;
        ASSERT_TRUE(index->Put(std::move(raw), std::nullopt, &r).ok());
        if (r.outcome == LiveIndex::PutOutcome::kRejected) ++rejected;
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(rejected.load(), 6);
  EXPECT_EQ(index->Stats().documents, 6 * (pages.size() - 1));
  index->RefreshNow();
  // Every writer's Ecuador reports share a story, apart from its Lisbon page.
  const LiveStoryList& list = *index->Stories();
  const LiveStory* quake = StoryWith(list, WriterDocId(0, 0));
  const LiveStory* lisbon = StoryWith(list, WriterDocId(0, 3));
  ASSERT_NE(quake, nullptr);
  ASSERT_NE(lisbon, nullptr);
  EXPECT_NE(quake, lisbon);
  for (int t = 1; t < 6; ++t) {
    // Writer t sent page (t + i) % 5 as its i-th: the first Ecuador report at i = (5 - t) % 5.
    EXPECT_EQ(StoryWith(list, WriterDocId(t, (5 - t) % 5)), quake) << t;
  }
}

}  // namespace
}  // namespace storyline
