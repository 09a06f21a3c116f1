// The five seed pages (data/seeds, beside SPEC.md) through the real extract and text stages:
// 000 is a spun rewrite of 001 (BBC); 002-004 are independent reports of the same event.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "dedup/sentence_align.h"
#include "storyline/dedup.h"
#include "storyline/extract.h"
#include "storyline/text.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

const fs::path kSeeds = fs::path(STORYLINE_SHARED_DATA_DIR) / "seeds";

std::vector<Document> LoadSeeds() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(kSeeds)) {
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  TextAnalyzer analyzer{TextOptions()};
  std::vector<Document> docs;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const Article article = ExtractPlainText(bytes.str(), ExtractOptions());
    Document d;
    d.id = f.filename().string();
    d.origin = f.string();
    d.title = article.title;
    d.paragraphs = article.paragraphs;
    d.published = article.published;
    d.text = analyzer.Analyze(d.title, d.paragraphs);
    docs.push_back(std::move(d));
  }
  return docs;
}

double ContentStemJaccard(const Document& a, const Document& b) {
  auto stems = [](const Document& d) {
    std::vector<uint64_t> v;
    for (const Token& t : d.text.body) {
      if (!t.Has(Token::kStopword)) v.push_back(t.stem);
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  const std::vector<uint64_t> x = stems(a), y = stems(b);
  std::vector<uint64_t> common;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(common));
  const size_t all = x.size() + y.size() - common.size();
  return all == 0 ? 0 : static_cast<double>(common.size()) / static_cast<double>(all);
}

// Every pair's measurements, for the log: what the thresholds are up against.
void PrintPairs(const std::vector<Document>& docs, const DedupOptions& options) {
  std::vector<dedup::SentenceSets> sets;
  for (const Document& d : docs) {
    sets.push_back(dedup::BuildSentenceSets(d.text));
    std::cout << d.id << ": " << d.TextBytes() << " bytes, " << d.paragraphs.size()
              << " paragraphs, published " << (d.published ? std::to_string(*d.published) : "-")
              << "\n";
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t j = i + 1; j < docs.size(); ++j) {
      const dedup::Alignment al =
          dedup::AlignSentences(sets[i], sets[j], options.rewrite_sentence_similarity);
      const std::optional<CopyPair> v = VerifyPair(docs[i], docs[j], options);
      const double stems = ContentStemJaccard(docs[i], docs[j]);
      std::cout << docs[i].id.substr(0, 3) << "-" << docs[j].id.substr(0, 3) << ": stem Jaccard "
                << stems << ", sentences " << sets[i].size() << "/" << sets[j].size()
                << ", aligned " << al.aligned << " (" << al.coverage << ") -> "
                << (v ? CopyRelationName(v->relation) : "none") << "\n";
    }
  }
}

TEST(DedupSeedsTest, SpunCopyOfTheBbcArticleIsTheOnlyDuplicate) {
  if (!fs::is_directory(kSeeds)) {
    GTEST_SKIP() << "seed pages not found at " << kSeeds << " (the shared data directory)";
  }
  const std::vector<Document> docs = LoadSeeds();
  ASSERT_EQ(docs.size(), 5u);
  const DedupOptions options;
  PrintPairs(docs, options);

  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, options);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(docs[groups[0].original].id, "001_e300b483217944fc.txt");
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(docs[groups[0].copies[0].doc].id, "000_97def209d6d96db5.txt");
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kRewrite);

  // No other relation holds among the five, checked pair by pair without LSH.
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t j = i + 1; j < docs.size(); ++j) {
      if (i == 0 && j == 1) continue;
      EXPECT_FALSE(VerifyPair(docs[i], docs[j], options).has_value())
          << docs[i].id << " vs " << docs[j].id;
    }
  }
}

}  // namespace
}  // namespace storyline
