#include "story_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "core/scratch_dir_test_util.h"
#include "storyline/timestamp.h"
#include "test_util.h"

namespace storyline::story_bench {
namespace {

using dedup_bench::Article;
using dedup_bench::SourceArticle;
using dedup_bench::Thesaurus;
using storyline::testing::ScratchDirTest;

// 512 names ("Kaloven", "Mitorsa", ...): many, so that documents of different stories rarely
// share names by chance.
std::vector<std::string> TestNames() {
  static constexpr const char* kSyllables[] = {"ka", "lo", "ven", "mi", "tor", "sa", "bel", "ru"};
  std::vector<std::string> names;
  for (const char* a : kSyllables) {
    for (const char* b : kSyllables) {
      for (const char* c : kSyllables) {
        std::string name = std::string(a) + b + c;
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        names.push_back(name);
      }
    }
  }
  return names;
}

// "Officials said Karo met Lenvi near the heavy storm after 12 roads closed." Three names (not
// first words, so a rewrite sees them as names), a number, and the test thesaurus's words.
std::string NamedSentence(std::mt19937_64& rng) {
  static const std::vector<std::string> names = TestNames();
  auto pick = [&](const auto& words) { return std::string(words[rng() % words.size()]); };
  return "Officials said " + pick(names) + " met " + pick(names) + " near the " +
         pick(dedup_bench::testing::kAdjectives) + " " + pick(dedup_bench::testing::kNouns) +
         " in " + pick(names) + " after " + std::to_string(10 + rng() % 90) + " " +
         pick(dedup_bench::testing::kNouns) + "s " + pick(dedup_bench::testing::kPastVerbs) + ".";
}

// 8 real stories of 6 articles of 10 paragraphs of 3 sentences: ~1,400 pool sentences.
std::vector<SourceArticle> TestSources() {
  std::vector<SourceArticle> sources;
  std::mt19937_64 rng(7);
  for (int s = 0; s < 8; ++s) {
    for (int k = 0; k < 6; ++k) {
      Article a{"duc/" + std::to_string(s) + "/D" + std::to_string(k + 1), "A title", {}};
      for (int p = 0; p < 10; ++p) {
        a.paragraphs.push_back(NamedSentence(rng) + " " + NamedSentence(rng) + " " +
                               NamedSentence(rng));
      }
      sources.push_back({a, std::to_string(s), "duc"});
    }
  }
  return sources;
}

struct Stream {
  std::string documents, labels;
  StreamStats stats;
  size_t progress_calls = 0;
  size_t last_progress = 0;
};

struct Document {
  std::string id, title, text, story;
  UnixSeconds published = 0;
};

class StoryStreamTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(Thesaurus::Load(Write("th.dat", std::string(dedup_bench::testing::kTestThesaurus)),
                                &thesaurus_)
                    .ok());
  }

  Stream Generate(size_t documents, uint64_t seed = 1, double stories_per_day = 200) {
    StreamOptions options;
    options.seed = seed;
    options.documents = documents;
    options.stories_per_day = stories_per_day;
    options.progress_every = 1000;
    return Generate(options);
  }

  Stream Generate(const StreamOptions& options) {
    Stream out;
    std::ostringstream stream, labels;
    Status s = GenerateStoryStream(
        sources_, thesaurus_, options, stream, &labels,
        [&](size_t done) {
          ++out.progress_calls;
          out.last_progress = done;
        },
        &out.stats);
    EXPECT_TRUE(s.ok()) << s.ToString();
    out.documents = stream.str();
    out.labels = labels.str();
    return out;
  }

  // Every line parsed, with its label; fails the test on a malformed line.
  static std::vector<Document> Parse(const Stream& stream) {
    std::vector<Document> documents;
    std::istringstream lines(stream.documents);
    for (std::string line; std::getline(lines, line);) {
      nlohmann::json r = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      EXPECT_TRUE(r.is_object()) << line;
      if (!r.is_object()) continue;
      for (const char* field : {"id", "title", "text", "published"}) {
        EXPECT_TRUE(r.contains(field) && r[field].is_string()) << field << " in " << line;
      }
      Document d{r.value("id", ""), r.value("title", ""), r.value("text", ""), "", 0};
      std::optional<UnixSeconds> t = ParseTimestamp(r.value("published", ""));
      EXPECT_TRUE(t.has_value()) << line;
      d.published = t.value_or(0);
      documents.push_back(std::move(d));
    }
    std::istringstream labels(stream.labels);
    std::string line;
    EXPECT_TRUE(std::getline(labels, line));
    EXPECT_EQ(line, "id\tstory");
    for (Document& d : documents) {
      EXPECT_TRUE(std::getline(labels, line)) << "no label for " << d.id;
      size_t tab = line.find('\t');
      EXPECT_EQ(line.substr(0, tab), d.id);
      d.story = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
    EXPECT_FALSE(std::getline(labels, line)) << "a label without a document: " << line;
    return documents;
  }

  std::vector<SourceArticle> sources_ = TestSources();
  Thesaurus thesaurus_;
};

// Words of `text` without their punctuation.
std::set<std::string> Words(const std::string& text) {
  std::set<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.back()))) w.pop_back();
    while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
    if (!w.empty()) words.insert(w);
  }
  return words;
}

bool IsName(const std::string& w) { return w[0] >= 'A' && w[0] <= 'Z' && w != "Officials"; }
bool IsNumber(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

TEST_F(StoryStreamTest, WritesParsableDocumentsInPublicationOrderWithLabels) {
  Stream stream = Generate(3000);
  std::vector<Document> documents = Parse(stream);
  ASSERT_EQ(documents.size(), 3000u);
  EXPECT_EQ(stream.stats.documents, 3000u);
  EXPECT_EQ(stream.progress_calls, 3u);
  EXPECT_EQ(stream.last_progress, 3000u);
  std::set<std::string> stories;
  for (size_t i = 0; i < documents.size(); ++i) {
    EXPECT_EQ(documents[i].id, "stream/" + std::to_string(i));
    EXPECT_TRUE(documents[i].story.starts_with("story/")) << documents[i].story;
    EXPECT_FALSE(documents[i].title.empty());
    if (i > 0) {
      EXPECT_LE(documents[i - 1].published, documents[i].published) << i;
    }
    stories.insert(documents[i].story);
  }
  EXPECT_EQ(documents.front().published, *ParseTimestamp("2024-01-01T00:00:00Z"));
  EXPECT_EQ(documents.front().published, stream.stats.first_published);
  EXPECT_EQ(documents.back().published, stream.stats.last_published);
  EXPECT_EQ(stories.size(), stream.stats.stories);
}

// A document has 5-20 sentences and aims at a length drawn in [min_words, max_words] (the test
// sentences have 15 words).
TEST_F(StoryStreamTest, DocumentsHaveTheLengthAimedAt) {
  StreamOptions options;
  options.documents = 2000;
  options.stories_per_day = 200;
  options.min_words = 100;
  options.max_words = 200;
  Stream stream = Generate(options);
  size_t words = 0;
  std::set<size_t> lengths;
  for (const Document& d : Parse(stream)) {
    size_t n = dedup_bench::CountWords(d.text);
    words += n;
    lengths.insert(n);
    EXPECT_GE(n, 100u);
    EXPECT_LE(n, 200u + 15);
  }
  EXPECT_EQ(words, stream.stats.words);
  EXPECT_NEAR(static_cast<double>(words) / 2000, 157.5, 5);  // 150 rounded up to a sentence
  EXPECT_GE(lengths.size(), 7u);

  // Long documents stop at 20 sentences.
  options.min_words = 1000;
  options.max_words = 1000;
  for (const Document& d : Parse(Generate(options))) {
    EXPECT_EQ(dedup_bench::CountWords(d.text), 20 * 15u);
  }
}

TEST_F(StoryStreamTest, SameSeedGivesTheSameBytes) {
  Stream a = Generate(1500, 5), b = Generate(1500, 5), c = Generate(1500, 6);
  EXPECT_EQ(a.documents, b.documents);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(a.documents, c.documents);
}

// Heavy-tailed sizes: most stories have 1-10 documents, a few hundreds.
TEST_F(StoryStreamTest, StorySizesAreHeavyTailed) {
  Stream stream = Generate(30000, 1, 500);
  std::map<std::string, size_t> size;
  for (const Document& d : Parse(stream)) ++size[d.story];
  size_t small = 0, large = 0, largest = 0;
  for (const auto& [story, n] : size) {
    small += n <= 10;
    large += n >= 100;
    largest = std::max(largest, n);
  }
  EXPECT_GT(static_cast<double>(small), 0.85 * static_cast<double>(size.size()));
  EXPECT_GE(large, 5u);
  EXPECT_GE(largest, 200u);
  EXPECT_GE(stream.stats.largest_story, 300u);
  EXPECT_GT(size.size(), 3000u);
}

// All documents of a story mention its names and its number; different stories do not share
// them, and the documents of a story share no whole text and mostly differ in title.
TEST_F(StoryStreamTest, DocumentsOfAStoryShareNamesAndNumberButNotText) {
  Stream stream = Generate(6000);
  std::map<std::string, std::vector<Document>> stories;
  for (Document& d : Parse(stream)) stories[d.story].push_back(std::move(d));
  size_t checked = 0, distinct_titles = 0, titled = 0;
  std::vector<std::set<std::string>> story_names;
  for (const auto& [story, documents] : stories) {
    if (documents.size() < 5) continue;
    std::set<std::string> shared = Words(documents[0].text);
    std::set<std::string> texts, titles;
    for (const Document& d : documents) {
      std::set<std::string> words = Words(d.title + " " + d.text);
      std::erase_if(shared, [&](const std::string& w) { return !words.contains(w); });
      texts.insert(d.text);
      titles.insert(d.title);
    }
    size_t names = std::count_if(shared.begin(), shared.end(), IsName);
    size_t numbers = std::count_if(shared.begin(), shared.end(), IsNumber);
    EXPECT_GE(names, 2u) << story;
    EXPECT_GE(numbers, 1u) << story;
    EXPECT_EQ(texts.size(), documents.size()) << story;
    EXPECT_GE(titles.size(), 3u) << story;
    distinct_titles += titles.size();
    titled += documents.size();
    std::set<std::string> only_names;
    for (const std::string& w : shared) {
      if (IsName(w)) only_names.insert(w);
    }
    story_names.push_back(only_names);
    ++checked;
  }
  EXPECT_GT(checked, 50u);
  // 60% with the test's 30 words; the lead's words vary with the real articles' vocabulary.
  EXPECT_GT(distinct_titles * 2, titled);
  // The control: five documents of five different stories rarely share two names.
  std::vector<const Document*> firsts;
  for (const auto& [story, documents] : stories) firsts.push_back(&documents.front());
  size_t groups = 0, sharing = 0;
  for (size_t i = 0; i + 5 <= firsts.size(); i += 5, ++groups) {
    std::set<std::string> shared = Words(firsts[i]->text);
    for (size_t k = 1; k < 5; ++k) {
      std::set<std::string> words = Words(firsts[i + k]->text);
      std::erase_if(shared, [&](const std::string& w) { return !words.contains(w); });
    }
    sharing += std::count_if(shared.begin(), shared.end(), IsName) >= 2;
  }
  EXPECT_LT(static_cast<double>(sharing), 0.1 * static_cast<double>(groups));
  // Stories draw their names apart: few stories have the same set.
  std::set<std::set<std::string>> distinct(story_names.begin(), story_names.end());
  EXPECT_GT(distinct.size(), story_names.size() * 9 / 10);
}

// The generator keeps the running stories only: as the stream grows eightfold, the most stories
// running at once stays where it was (stories start at a steady rate and end within 7 days).
TEST_F(StoryStreamTest, RunningStoriesStayBoundedAsTheStreamGrows) {
  Stream small = Generate(5000), large = Generate(40000);
  EXPECT_GT(large.stats.stories, 5 * small.stats.stories);
  EXPECT_LT(large.stats.max_active_stories, small.stats.max_active_stories * 3 / 2);
  EXPECT_LT(large.stats.max_active_stories * 10, large.stats.stories);
  // Stories still running at the end are at most those running at once.
  EXPECT_LE(large.stats.stories_cut, large.stats.max_active_stories);
}

TEST_F(StoryStreamTest, RejectsSourcesWithoutStoryCores) {
  std::vector<SourceArticle> few = {sources_.front()};
  StreamOptions options;
  options.documents = 10;
  std::ostringstream stream;
  StreamStats stats;
  EXPECT_FALSE(GenerateStoryStream(few, thesaurus_, options, stream, nullptr, {}, &stats).ok());
}

}  // namespace
}  // namespace storyline::story_bench
