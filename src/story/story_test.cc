#include "storyline/story.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "story/test_reports.h"
#include "storyline/text.h"

namespace storyline {
namespace {

using story_test::Report;
using story_test::Reports;

class StoryTest : public ::testing::Test {
 protected:
  Document Make(const std::string& title, const std::vector<std::string>& paragraphs,
                std::optional<UnixSeconds> published = std::nullopt) {
    Document d = story_test::MakeDocument(analyzer_, title, paragraphs, published);
    d.id = "doc" + std::to_string(next_id_++);
    return d;
  }

  std::vector<Document> AllReports() {
    std::vector<Document> docs;
    for (const Report& r : Reports()) docs.push_back(Make(r.title, r.paragraphs));
    return docs;
  }

  static std::vector<uint32_t> All(size_t n) {
    std::vector<uint32_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint32_t>(i);
    return v;
  }

  // Asserts that every index of `originals` is in exactly one story and nothing else is.
  static void ExpectPartition(const std::vector<Story>& stories,
                              const std::vector<uint32_t>& originals) {
    std::map<uint32_t, int> seen;
    for (const Story& s : stories) {
      ASSERT_FALSE(s.members.empty());
      EXPECT_NE(std::find(s.members.begin(), s.members.end(), s.headline_doc), s.members.end());
      for (uint32_t m : s.members) ++seen[m];
    }
    EXPECT_EQ(seen.size(), originals.size());
    for (uint32_t o : originals) EXPECT_EQ(seen[o], 1) << "document " << o;
    for (size_t i = 1; i < stories.size(); ++i) {
      EXPECT_GE(stories[i - 1].members.size(), stories[i].members.size());
    }
  }

  // The stories as sets of event names; a story mixing events shows up as "a+b".
  static std::multiset<std::string> Events(const std::vector<Story>& stories) {
    std::multiset<std::string> out;
    for (const Story& s : stories) {
      std::set<std::string> events;
      for (uint32_t m : s.members) events.insert(Reports()[m].event);
      std::string name;
      for (const std::string& e : events) name += (name.empty() ? "" : "+") + e;
      out.insert(name + "x" + std::to_string(s.members.size()));
    }
    return out;
  }

  TextAnalyzer analyzer_{TextOptions{}};
  int next_id_ = 0;
};

TEST_F(StoryTest, SeparatesThreeEventsIncludingTwoEarthquakes) {
  const std::vector<Document> docs = AllReports();
  const std::vector<uint32_t> originals = All(docs.size());
  const std::vector<Story> stories = ClusterStories(docs, originals, StoryOptions{});
  ExpectPartition(stories, originals);
  EXPECT_EQ(Events(stories), (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));
}

TEST_F(StoryTest, MergePassJoinsStoriesTheSinglePassSplit) {
  const std::vector<Document> docs = AllReports();
  const std::vector<uint32_t> originals = All(docs.size());
  StoryOptions options;
  options.join_similarity = 0.99;   // the online pass now makes one story per document
  options.merge_similarity = 1.01;  // and nothing merges
  std::vector<Story> stories = ClusterStories(docs, originals, options);
  ExpectPartition(stories, originals);
  EXPECT_EQ(stories.size(), docs.size());

  // Merging at the similarity the online pass joins at recovers the events from singletons
  // (merge rounds repeat: merged centroids reach members a single document did not).
  options.merge_similarity = StoryOptions{}.join_similarity;
  stories = ClusterStories(docs, originals, options);
  ExpectPartition(stories, originals);
  EXPECT_EQ(Events(stories), (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));
}

TEST_F(StoryTest, TimeWindowKeepsDistantReportsApart) {
  const UnixSeconds t0 = 1239000000;  // April 2009
  const UnixSeconds day = 24 * 3600;
  std::vector<Document> docs = AllReports();
  for (size_t i = 0; i < docs.size(); ++i) docs[i].published = t0 + static_cast<int64_t>(i) * 3600;
  // Reports 0, 3, 6 are the L'Aquila ones: the third arrives ten days after the first.
  docs[3].published = t0 + day;
  docs[6].published = t0 + 10 * day;
  StoryOptions options;
  options.time_window_seconds = 3 * day;
  const std::vector<uint32_t> originals = All(docs.size());
  std::vector<Story> stories = ClusterStories(docs, originals, options);
  ExpectPartition(stories, originals);
  EXPECT_EQ(Events(stories),
            (std::multiset<std::string>{"aquilax2", "aquilax1", "haitix3", "iphonex3"}));
  auto story_of = [&stories](uint32_t doc) {
    for (size_t s = 0; s < stories.size(); ++s) {
      const auto& m = stories[s].members;
      if (std::find(m.begin(), m.end(), doc) != m.end()) return s;
    }
    return stories.size();
  };
  EXPECT_EQ(story_of(0), story_of(3));
  EXPECT_EQ(stories[story_of(6)].members.size(), 1u);

  // Within the window they form one story.
  docs[6].published = t0 + 2 * day;
  stories = ClusterStories(docs, originals, options);
  EXPECT_EQ(Events(stories), (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));

  // Without a time, a report is clustered on content alone.
  docs[6].published.reset();
  stories = ClusterStories(docs, originals, options);
  EXPECT_EQ(Events(stories), (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));
}

TEST_F(StoryTest, HeadlineIsTheMostCentralMember) {
  // The second report is the core of the event; the others add unrelated material.
  std::vector<Document> docs;
  docs.push_back(Make("Haiti quake: palace collapses; league results",
                      {"A magnitude 7.0 earthquake struck Haiti, and the presidential palace in "
                       "Port-au-Prince collapsed.",
                       "In football, the league leaders won again on Saturday with two goals from "
                       "their striker, and the coach praised the defence and the goalkeeper."}));
  docs.push_back(Make("Magnitude 7.0 earthquake devastates Haiti",
                      {"A magnitude 7.0 earthquake devastated Haiti, and the presidential palace "
                       "in Port-au-Prince collapsed.",
                       "President Preval said thousands were killed in Port-au-Prince."}));
  docs.push_back(Make("Haiti earthquake kills thousands; weather outlook",
                      {"Thousands were killed when the magnitude 7.0 earthquake struck Haiti, "
                       "President Preval said.",
                       "The weather forecast promises rain and strong winds in the north, with "
                       "snow on the hills and frost overnight."}));
  StoryOptions options;
  options.join_similarity = 0.1;
  const std::vector<Story> stories = ClusterStories(docs, All(3), options);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].headline_doc, 1u);
  EXPECT_EQ(stories[0].members.front(), 1u);
}

TEST_F(StoryTest, StorySizeCapSplitsButNeverMixesEvents) {
  // Six copies of each report: 18 per event. With a cap of 10 every event is split into
  // stories of at most 10, and still no story mixes two events.
  std::vector<Document> docs;
  std::vector<std::string> events;
  for (int copy = 0; copy < 6; ++copy) {
    for (const Report& r : Reports()) {
      docs.push_back(Make(r.title, r.paragraphs));
      events.push_back(r.event);
    }
  }
  StoryOptions options;
  options.max_story_size = 10;
  const std::vector<uint32_t> originals = All(docs.size());
  const std::vector<Story> stories = ClusterStories(docs, originals, options);
  ExpectPartition(stories, originals);
  for (const Story& s : stories) {
    EXPECT_LE(s.members.size(), 10u);
    for (uint32_t m : s.members) EXPECT_EQ(events[m], events[s.members.front()]);
  }
  EXPECT_GE(stories.size(), 6u);  // 18 documents per event need 2 stories of at most 10
  // Without the cap the stories are larger.
  EXPECT_GT(ClusterStories(docs, originals, StoryOptions{}).front().members.size(), 10u);
}

TEST_F(StoryTest, OriginalsSubsetInAnyOrder) {
  const std::vector<Document> docs = AllReports();
  // Documents 4 and 5 are copies handled elsewhere; the rest come in shuffled order.
  const std::vector<uint32_t> originals = {8, 0, 6, 2, 3, 7, 1};
  const std::vector<Story> stories = ClusterStories(docs, originals, StoryOptions{});
  ExpectPartition(stories, originals);
  // Visiting order changes which reports meet first, so a short report may stay alone; no
  // story may mix events.
  for (const std::string& story : Events(stories)) {
    EXPECT_EQ(story.find('+'), std::string::npos) << story;
  }
}

TEST_F(StoryTest, EmptyInput) {
  EXPECT_TRUE(ClusterStories({}, {}, StoryOptions{}).empty());
  const std::vector<Document> docs = AllReports();
  EXPECT_TRUE(ClusterStories(docs, {}, StoryOptions{}).empty());
}

TEST_F(StoryTest, DocumentsWithoutTermsStayAlone) {
  std::vector<Document> docs = AllReports();
  docs.push_back(Make("", {}));                         // nothing at all
  docs.push_back(Make("The", {"It is what it was."}));  // stop words only
  docs.push_back(Make("", {}));
  const std::vector<uint32_t> originals = All(docs.size());
  const std::vector<Story> stories = ClusterStories(docs, originals, StoryOptions{});
  ExpectPartition(stories, originals);
  EXPECT_EQ(stories.size(), 6u);
  for (size_t i = 9; i < docs.size(); ++i) {
    const auto it = std::find_if(stories.begin(), stories.end(),
                                 [&](const Story& s) { return s.members.front() == i; });
    ASSERT_NE(it, stories.end());
    EXPECT_EQ(it->members.size(), 1u);
  }
}

TEST_F(StoryTest, OutOfRangeOriginalDoesNotCrash) {
  const std::vector<Document> docs = AllReports();
  const std::vector<uint32_t> originals = {0, 3, 99};
  const std::vector<Story> stories = ClusterStories(docs, originals, StoryOptions{});
  ExpectPartition(stories, originals);
}

}  // namespace
}  // namespace storyline
