#include "corpus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/scratch_dir_test_util.h"
#include "storyline/timestamp.h"
#include "test_util.h"

namespace storyline::dedup_bench {
namespace {

using storyline::testing::ScratchDirTest;

// 8 stories of 6 articles of unrelated words; article 1 repeats most of article 0 (a real wire
// copy), and one article is too short to be a source.
std::vector<SourceArticle> TestSources() {
  std::vector<SourceArticle> sources;
  for (int s = 0; s < 8; ++s) {
    for (int k = 0; k < 6; ++k) {
      int n = s * 6 + k;
      Article a{"duc/" + std::to_string(s) + "/D" + std::to_string(k + 1),
                "Title of article " + std::to_string(n), testing::FillerParagraphs(100 + n, 6, 30)};
      sources.push_back({a, std::to_string(s), "duc"});
    }
  }
  sources[1].article.paragraphs = sources[0].article.paragraphs;
  sources[1].article.paragraphs.resize(4);
  sources[1].article.paragraphs.push_back(testing::FillerParagraphs(7, 1, 30)[0]);
  sources[2].article.paragraphs = {"Too short to be a source."};
  return sources;
}

struct Generated {
  std::string corpus, labels, overlaps;
  CorpusStats stats;
};

class CorpusTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(
        Thesaurus::Load(Write("th.dat", std::string(testing::kTestThesaurus)), &thesaurus_).ok());
  }

  Generated Generate(uint64_t seed) {
    CorpusOptions options;
    options.seed = seed;
    options.copies_per_variant = 5;
    std::ostringstream corpus, labels, overlaps;
    Generated g;
    EXPECT_TRUE(
        GenerateCorpus(TestSources(), thesaurus_, options, corpus, labels, &overlaps, &g.stats)
            .ok());
    g.corpus = corpus.str();
    g.labels = labels.str();
    g.overlaps = overlaps.str();
    return g;
  }

  std::function<std::string(const std::string&)> WriteLabels() {
    return [this](const std::string& text) { return Write("scale.tsv", text); };
  }

  Thesaurus thesaurus_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(CorpusTest, LabelsMatchTheCorpusAndCopiesFollowTheirSources) {
  Generated g = Generate(1);
  EXPECT_EQ(g.stats.articles, 48u);
  EXPECT_EQ(g.stats.too_short, 1u);
  EXPECT_EQ(g.stats.fillers, 12u);  // 25% of 47
  EXPECT_EQ(g.stats.sources, 35u);
  EXPECT_EQ(g.stats.copies, 60u);  // 12 variants x 5

  std::string path = Write("labels.tsv", g.labels);
  std::vector<LabelRow> labels;
  ASSERT_TRUE(ReadLabels(path, &labels).ok());
  std::vector<std::string> lines = Lines(g.corpus);
  ASSERT_EQ(lines.size(), labels.size());
  ASSERT_EQ(labels.size(), 95u);

  std::map<std::string, LabelRow> by_id;
  std::map<std::string, nlohmann::json> records;
  std::map<std::string, size_t> per_variant;
  UnixSeconds previous = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    nlohmann::json r = nlohmann::json::parse(lines[i]);
    ASSERT_EQ(r["id"], labels[i].id);
    EXPECT_TRUE(by_id.emplace(labels[i].id, labels[i]).second) << "duplicate " << labels[i].id;
    records[labels[i].id] = r;
    UnixSeconds t = *ParseTimestamp(r["published"].get<std::string>());
    EXPECT_GE(t, previous) << "the corpus is in publication order";
    previous = t;
    bool wrapped = labels[i].transform == Transform::kWrapped;
    EXPECT_EQ(r.contains("html"), wrapped);
    EXPECT_EQ(r.contains("text"), !wrapped);
    if (labels[i].transform != Transform::kOriginal) {
      CopyVariant v{labels[i].transform, labels[i].rate};
      ++per_variant[v.Name()];
      EXPECT_EQ(labels[i].id, labels[i].source + "~" + v.Name());
    }
  }
  EXPECT_EQ(per_variant.size(), 12u);
  for (const auto& [name, count] : per_variant) EXPECT_EQ(count, 5u) << name;

  std::set<std::string> source_text;  // every paragraph of every original
  for (const auto& [id, label] : by_id) {
    const LabelRow& source = by_id.at(label.source);
    EXPECT_EQ(source.transform, Transform::kOriginal);
    EXPECT_EQ(source.story, label.story);
    EXPECT_NE(id, "duc/0/D3") << "a too-short article is no source";
    if (label.transform == Transform::kOriginal) {
      EXPECT_EQ(label.source, id);
      std::istringstream text(records[id]["text"].get<std::string>());
      for (std::string p; std::getline(text, p);) source_text.insert(p);
      continue;
    }
    EXPECT_GT(*ParseTimestamp(records[id]["published"].get<std::string>()),
              *ParseTimestamp(records[label.source]["published"].get<std::string>()))
        << id << " is published after its source";
  }
  // A partial page holds text of its own source and of fillers, which are not in the corpus.
  for (const auto& [id, label] : by_id) {
    if (label.transform != Transform::kPartial) continue;
    std::string source = records[label.source]["text"];
    std::istringstream text(records[id]["text"].get<std::string>());
    size_t own = 0, foreign = 0;
    for (std::string p; std::getline(text, p);) {
      if (p.empty()) continue;
      if (source.find(p) != std::string::npos) {
        ++own;
      } else if (source_text.contains(p)) {
        ++foreign;
      }
    }
    EXPECT_GT(own, 0u) << id;
    EXPECT_EQ(foreign, 0u) << id;
  }
  // The real copy among the sources is reported, and neither side became filler.
  EXPECT_NE(g.overlaps.find("duc/0/D1\tduc/0/D2\t"), std::string::npos) << g.overlaps;
  EXPECT_TRUE(by_id.contains("duc/0/D1"));
  EXPECT_TRUE(by_id.contains("duc/0/D2"));
}

TEST_F(CorpusTest, SameSeedSameCorpus) {
  Generated a = Generate(3), b = Generate(3), c = Generate(4);
  EXPECT_EQ(a.corpus, b.corpus);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(a.corpus, c.corpus);
}

TEST_F(CorpusTest, ScaleCorpusStreamsCopiesOfRecentOriginals) {
  ScaleOptions options;
  options.documents = 3000;
  options.window = 50;
  std::ostringstream corpus, labels;
  size_t last_progress = 0;
  ASSERT_TRUE(
      GenerateScaleCorpus(TestSources(), thesaurus_, options, corpus, labels, [&](size_t done) {
        last_progress = done;
      }).ok());
  EXPECT_EQ(last_progress, 3000u);
  std::vector<LabelRow> rows;
  ASSERT_TRUE(ReadLabels(Write("scale.tsv", labels.str()), &rows).ok());
  ASSERT_EQ(rows.size(), 3000u);
  ASSERT_EQ(Lines(corpus.str()).size(), 3000u);
  std::map<std::string, size_t> position;
  size_t copies = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_TRUE(position.emplace(rows[i].id, i).second);
    if (rows[i].transform == Transform::kOriginal) {
      EXPECT_EQ(rows[i].source, rows[i].id);
      continue;
    }
    ++copies;
    ASSERT_TRUE(position.contains(rows[i].source)) << "a copy follows its source";
    EXPECT_LE(i - position[rows[i].source], 3 * options.window);
  }
  EXPECT_GT(copies, 3000 * 0.25);
  EXPECT_LT(copies, 3000 * 0.35);
}

// The originals of a scale corpus of `documents` documents, with the stories their labels name.
struct ScaleOriginals {
  std::vector<Article> articles;
  std::vector<std::string> stories;
};

// `write_labels` stores labels.tsv and returns its path.
ScaleOriginals GenerateScaleOriginals(
    const Thesaurus& thesaurus, size_t documents,
    const std::function<std::string(const std::string&)>& write_labels) {
  ScaleOptions options;
  options.documents = documents;
  std::ostringstream corpus, labels;
  EXPECT_TRUE(GenerateScaleCorpus(TestSources(), thesaurus, options, corpus, labels, {}).ok());
  std::vector<LabelRow> rows;
  EXPECT_TRUE(ReadLabels(write_labels(labels.str()), &rows).ok());
  std::vector<std::string> lines = Lines(corpus.str());
  EXPECT_EQ(lines.size(), rows.size());
  ScaleOriginals originals;
  for (size_t i = 0; i < lines.size() && i < rows.size(); ++i) {
    if (rows[i].transform != Transform::kOriginal) continue;
    nlohmann::json r = nlohmann::json::parse(lines[i]);
    Article a{rows[i].id, r["title"], {}};
    std::string text = r["text"];
    for (size_t start = 0; start < text.size();) {
      size_t end = std::min(text.find("\n\n", start), text.size());
      a.paragraphs.push_back(text.substr(start, end - start));
      start = end + 2;
    }
    originals.articles.push_back(std::move(a));
    originals.stories.push_back(rows[i].story);
  }
  return originals;
}

// Regression: synthetic originals were made of verbatim sentences of a pool of ~1,500 articles,
// so unrelated ones shared whole sentences far more often than real news does (here, with a
// pool of ~290 sentences, 78% of pairs shared 8 or more 5-grams), and the candidate pairs of
// storyline's partial-copy check grew with the square of the corpus. Real ECB+ articles of
// different stories: 0.6% of pairs share a 5-gram, 0.01% share 8 or more.
TEST_F(CorpusTest, ScaleOriginalsShareAsFewFiveGramsAsUnrelatedNews) {
  ScaleOriginals originals = GenerateScaleOriginals(thesaurus_, 1200, WriteLabels());
  ASSERT_GT(originals.articles.size(), 700u);
  ShingleSharingByStory sharing = MeasureShingleSharing(originals.articles, originals.stories);
  ASSERT_GT(sharing.other_stories.pairs, 200000u);
  EXPECT_LT(sharing.other_stories.SharingShare(), 0.01);  // 0.27%: equal replacements
  EXPECT_EQ(sharing.other_stories.sharing_8, 0u);
  EXPECT_LT(sharing.other_stories.MeanContainment(), 1e-4);
  // The lead's 3 sentences come from the story, rewritten all the same.
  EXPECT_EQ(sharing.same_story.sharing_8, 0u);
}

// Each sentence of an original is a pool sentence with its words in place, one in every run of
// 5 replaced by another word of the pool: it reads like the news it came from, and no 5-gram of
// it is the pool's.
TEST_F(CorpusTest, ScaleOriginalsReplaceOneWordInEveryFive) {
  std::vector<std::vector<std::string>> pool;
  std::set<std::string> vocabulary;
  auto words = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  };
  auto core = [](std::string w) { return w.ends_with('.') ? w.substr(0, w.size() - 1) : w; };
  for (const SourceArticle& s : TestSources()) {
    for (const std::string& p : s.article.paragraphs) {
      pool.push_back(words(p));
      for (const std::string& w : pool.back()) vocabulary.insert(core(w));
    }
  }
  ScaleOriginals originals = GenerateScaleOriginals(thesaurus_, 100, WriteLabels());
  size_t sentences = 0, replaced = 0, total = 0;
  for (const Article& a : originals.articles) {
    std::vector<std::string> sentence;
    for (const std::string& p : a.paragraphs) {
      for (const std::string& w : words(p)) {
        EXPECT_TRUE(vocabulary.contains(core(w))) << w;
        sentence.push_back(w);
        if (w.back() != '.') continue;
        // The pool sentence it came from: the one of its length that agrees in most places.
        std::vector<bool> best;
        size_t best_same = 0;
        for (const std::vector<std::string>& candidate : pool) {
          if (candidate.size() != sentence.size()) continue;
          std::vector<bool> same(sentence.size());
          for (size_t i = 0; i < sentence.size(); ++i) same[i] = candidate[i] == sentence[i];
          size_t n = std::count(same.begin(), same.end(), true);
          if (n > best_same) best_same = n, best = same;
        }
        ASSERT_GE(2 * best_same, sentence.size()) << p;
        for (size_t i = 0; i + 5 <= sentence.size(); ++i) {
          EXPECT_FALSE(
              std::all_of(best.begin() + i, best.begin() + i + 5, [](bool b) { return b; }))
              << "a run of 5 words kept in " << p;
        }
        ++sentences;
        replaced += sentence.size() - best_same;
        total += sentence.size();
        sentence.clear();
      }
    }
  }
  EXPECT_GT(sentences, 1000u);
  // Every word can be replaced here, and the last of every run of 5 is: 1 word in 5.
  EXPECT_GT(replaced, total / 6);
  EXPECT_LT(replaced, total / 4);
}

}  // namespace
}  // namespace storyline::dedup_bench
