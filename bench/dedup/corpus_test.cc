#include "corpus.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace storyline::dedup_bench
