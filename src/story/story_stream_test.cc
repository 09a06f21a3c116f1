#include "storyline/story_stream.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "story/test_reports.h"
#include "storyline/text.h"

namespace storyline {
namespace {

using story_test::Reports;

class StoryStreamTest : public ::testing::Test {
 protected:
  Document Make(const std::string& title, const std::vector<std::string>& paragraphs,
                std::optional<UnixSeconds> published = std::nullopt) {
    return story_test::MakeDocument(analyzer_, title, paragraphs, published);
  }

  // Adds every report (report i published at base + i hours) and returns the handles.
  std::vector<StreamDocHandle> AddAll(StoryStream* stream, UnixSeconds base = 1'700'000'000) {
    std::vector<StreamDocHandle> handles;
    for (size_t i = 0; i < Reports().size(); ++i) {
      const story_test::Report& r = Reports()[i];
      handles.push_back(
          stream->Add(Make(r.title, r.paragraphs, base + static_cast<int64_t>(i) * 3600)));
    }
    return handles;
  }

  // The stories as sets of event names of the reports, from the handles AddAll returned.
  static std::multiset<std::string> Events(const StoryStream& stream,
                                           const std::vector<StreamDocHandle>& handles) {
    std::map<StreamDocHandle, std::string> event;
    for (size_t i = 0; i < handles.size(); ++i) event[handles[i]] = Reports()[i].event;
    std::multiset<std::string> out;
    for (const StreamStory& s : stream.Stories()) {
      std::set<std::string> events;
      for (const auto& [handle, relevance] : s.members) events.insert(event.at(handle));
      std::string name;
      for (const std::string& e : events) name += (name.empty() ? "" : "+") + e;
      out.insert(name + "x" + std::to_string(s.members.size()));
    }
    return out;
  }

  TextAnalyzer analyzer_{TextOptions{}};
};

TEST_F(StoryStreamTest, SeparatesThreeEventsOneDocumentAtATime) {
  StoryStream stream;
  const std::vector<StreamDocHandle> handles = AddAll(&stream);
  stream.Reorganize();
  EXPECT_EQ(Events(stream, handles),
            (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));
  EXPECT_EQ(stream.documents(), handles.size());
  EXPECT_EQ(stream.stories(), 3u);
  // Reports 0 and 3 are the Italian earthquake; 1 and 4 Haiti's.
  EXPECT_EQ(stream.StoryOf(handles[0]), stream.StoryOf(handles[3]));
  EXPECT_NE(stream.StoryOf(handles[0]), stream.StoryOf(handles[1]));
  for (const StreamStory& s : stream.Stories()) {
    for (size_t i = 1; i < s.members.size(); ++i) {
      EXPECT_GE(s.members[i - 1].second, s.members[i].second);
    }
  }
}

TEST_F(StoryStreamTest, RemovedDocumentsLeaveTheirStory) {
  StoryStream stream;
  const std::vector<StreamDocHandle> handles = AddAll(&stream);
  const uint64_t aquila = stream.StoryOf(handles[0]);
  ASSERT_NE(aquila, 0u);
  EXPECT_TRUE(stream.Remove(handles[0]));
  EXPECT_FALSE(stream.Remove(handles[0]));  // already removed
  EXPECT_EQ(stream.StoryOf(handles[0]), 0u);
  EXPECT_EQ(stream.documents(), handles.size() - 1);
  stream.Reorganize();  // rebuilds the centroid without the removed report
  EXPECT_EQ(Events(stream, handles).count("aquilax2"), 1u);

  // Emptying a story removes it; the others are untouched.
  EXPECT_TRUE(stream.Remove(handles[3]));
  EXPECT_TRUE(stream.Remove(handles[6]));
  EXPECT_EQ(stream.stories(), 2u);
  for (const StreamStory& s : stream.Stories()) EXPECT_NE(s.id, aquila);

  // A slot freed by a removal is reused, but the old handle stays invalid.
  const story_test::Report& r = Reports()[0];
  const StreamDocHandle again = stream.Add(Make(r.title, r.paragraphs, 1'700'000'000));
  EXPECT_NE(again, handles[0]);
  EXPECT_EQ(stream.StoryOf(handles[0]), 0u);
  EXPECT_NE(stream.StoryOf(again), 0u);
  EXPECT_FALSE(stream.Remove(0xdeadbeef00000000ULL));
}

TEST_F(StoryStreamTest, LargeStoriesLoseMembersWithoutARebuild) {
  // Above 32 members a removal subtracts the member's vector from the centroid at once; the
  // story keeps its other members and still takes new reports of the event.
  StoryStream stream;
  std::vector<StreamDocHandle> aquila;
  for (int i = 0; i < 40; ++i) {
    const story_test::Report& r = Reports()[0];  // republished by 40 sites
    aquila.push_back(stream.Add(Make(r.title, r.paragraphs, 1'700'000'000 + i * 60)));
  }
  const story_test::Report& haiti = Reports()[1];
  const StreamDocHandle other = stream.Add(Make(haiti.title, haiti.paragraphs, 1'700'003'000));
  stream.Reorganize();
  const uint64_t story = stream.StoryOf(aquila[0]);
  for (StreamDocHandle h : aquila) ASSERT_EQ(stream.StoryOf(h), story);
  ASSERT_NE(stream.StoryOf(other), story);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(stream.Remove(aquila[i]));
  stream.Reorganize();
  size_t members = 0;
  for (const StreamStory& s : stream.Stories()) {
    if (s.id == story) members = s.members.size();
  }
  EXPECT_EQ(members, 30u);
  const story_test::Report& r = Reports()[0];
  EXPECT_EQ(stream.StoryOf(stream.Add(Make(r.title, r.paragraphs, 1'700'004'000))), story);
  EXPECT_NE(stream.StoryOf(other), story);
}

TEST_F(StoryStreamTest, TimeWindowStartsANewStoryForALaterSameEvent) {
  StoryOptions options;
  options.time_window_seconds = 24 * 3600;
  StoryStream stream(options);
  // The same report published again an hour later, and five days later.
  const story_test::Report& r = Reports()[0];
  const StreamDocHandle first = stream.Add(Make(r.title, r.paragraphs, 1'700'000'000));
  const StreamDocHandle near = stream.Add(Make(r.title, r.paragraphs, 1'700'003'600));
  const StreamDocHandle late = stream.Add(Make(r.title, r.paragraphs, 1'700'000'000 + 5 * 86400));
  stream.Reorganize();
  EXPECT_EQ(stream.StoryOf(first), stream.StoryOf(near));
  EXPECT_NE(stream.StoryOf(first), stream.StoryOf(late));
}

TEST_F(StoryStreamTest, LocalReorganisationMergesASplitStory) {
  // With a high join threshold each report starts its own story; the merge round, run every
  // `reorganize_every` documents, joins the reports of one event (as the batch stage does).
  StoryOptions options;
  options.join_similarity = 0.99;
  options.merge_similarity = 0.2;
  options.reorganize_every = 3;
  StoryStream stream(options);
  const std::vector<StreamDocHandle> handles = AddAll(&stream);
  stream.Reorganize();
  stream.Reorganize();
  EXPECT_EQ(Events(stream, handles),
            (std::multiset<std::string>{"aquilax3", "haitix3", "iphonex3"}));
  // The merged story keeps the id of one of its parts.
  EXPECT_EQ(stream.StoryOf(handles[0]), stream.StoryOf(handles[6]));
}

TEST_F(StoryStreamTest, DocumentsWithoutTermsStayAlone) {
  StoryStream stream;
  const StreamDocHandle a = stream.Add(Make("", {}));
  const StreamDocHandle b = stream.Add(Make("", {}));
  stream.Reorganize();
  EXPECT_NE(stream.StoryOf(a), 0u);
  EXPECT_NE(stream.StoryOf(a), stream.StoryOf(b));
  EXPECT_EQ(stream.stories(), 2u);
}

TEST_F(StoryStreamTest, MemoryPerLiveDocumentStaysUnderTwoKilobytes) {
  // 500 stories of 4 documents each (a live feed's shape: the bench stream has 5.9 documents
  // per story) over a vocabulary of 5,000 words: each story 40 words of its own choice, each
  // document 30 more drawn at random.
  StoryStream stream;
  std::vector<StreamDocHandle> handles;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 4999);
  auto word = [](int n) { return "w" + std::to_string(n); };
  for (int story = 0; story < 500; ++story) {
    std::vector<int> core;
    for (int w = 0; w < 40; ++w) core.push_back(pick(rng));
    for (int d = 0; d < 4; ++d) {
      std::string body;
      for (int w : core) body += word(w) + " ";
      for (int w = 0; w < 30; ++w) body += word(pick(rng)) + " ";
      handles.push_back(stream.Add(Make(word(core[0]) + " report " + std::to_string(d), {body},
                                        1'700'000'000 + story * 60 + d)));
    }
  }
  stream.Reorganize();
  EXPECT_LE(stream.stories(), 600u);  // most stories found whole
  const size_t bytes = stream.MemoryBytes();
  EXPECT_LT(bytes / stream.documents(), 2048u) << bytes << " bytes";
  // Removing half frees their vectors: memory does not grow, and the count follows.
  for (size_t i = 0; i < handles.size(); i += 2) ASSERT_TRUE(stream.Remove(handles[i]));
  EXPECT_EQ(stream.documents(), 1000u);
  EXPECT_LE(stream.MemoryBytes(), bytes);
}

}  // namespace
}  // namespace storyline
