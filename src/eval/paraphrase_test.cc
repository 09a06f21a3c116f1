#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

TEST(ParaphraseTest, CrossValidationFindsASeparatingThreshold) {
  // Paraphrases at 0.6..0.9, the rest at 0.1..0.4: any threshold in (0.4, 0.6] is perfect.
  std::vector<double> similarity;
  std::vector<bool> labels;
  for (int i = 0; i < 40; ++i) {
    const bool positive = i % 3 != 0;
    labels.push_back(positive);
    similarity.push_back(positive ? 0.6 + 0.3 * (i % 7) / 6.0 : 0.1 + 0.3 * (i % 5) / 4.0);
  }
  const ParaphraseScores s = CrossValidateThreshold(similarity, labels, 10, 0.5);
  EXPECT_EQ(s.pairs, 40u);
  EXPECT_DOUBLE_EQ(s.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
  EXPECT_GT(s.median_threshold, 0.4);
  EXPECT_LE(s.median_threshold, 0.6);
  EXPECT_DOUBLE_EQ(s.fixed_accuracy, 1.0);
  EXPECT_NEAR(s.majority_accuracy, 26.0 / 40.0, 1e-12);
}

TEST(ParaphraseTest, FixedThresholdCountsByHand) {
  // At 0.5: predicted positive = {0.9 (yes), 0.7 (no), 0.5 (yes)}, negative = {0.3 (yes), 0.1
  // (no)}.
  const std::vector<double> similarity = {0.9, 0.7, 0.5, 0.3, 0.1};
  const std::vector<bool> labels = {true, false, true, true, false};
  const ParaphraseScores s = CrossValidateThreshold(similarity, labels, 5, 0.5);
  EXPECT_DOUBLE_EQ(s.fixed_accuracy, 3.0 / 5.0);
  // tp 2, fp 1, fn 1: P = R = 2/3.
  EXPECT_NEAR(s.fixed_f1, 2.0 / 3.0, 1e-12);
}

TEST(ParaphraseTest, MatcherSeesRewordingAndNotADifferentClaim) {
  TextAnalyzer analyzer{TextOptions{}};
  const double same = SentenceMatcherSimilarity(
      analyzer, "The river burst its banks near the old mill on Tuesday night.",
      "The river burst its banks near the old mill on Tuesday night.");
  const double reworded = SentenceMatcherSimilarity(
      analyzer,
      "Amrozi accused his brother, whom he called the witness, of deliberately "
      "distorting his evidence.",
      "Referring to him as only the witness, Amrozi accused his brother of deliberately "
      "distorting his evidence.");
  const double different = SentenceMatcherSimilarity(
      analyzer, "The council approved the new budget for schools and roads on Monday.",
      "Heavy rain flooded the valley and closed the mountain pass for a week.");
  EXPECT_DOUBLE_EQ(same, 1.0);
  EXPECT_GT(reworded, 0.6);
  EXPECT_LT(different, 0.1);
  EXPECT_DOUBLE_EQ(SentenceMatcherSimilarity(analyzer, "", "Anything at all here."), 0.0);
}

TEST(ParaphraseTest, ReadsTheMsrFormatAndNamesBadLines) {
  const fs::path dir = fs::temp_directory_path() / "storyline_paraphrase_test";
  fs::create_directories(dir);
  const fs::path good = dir / "good.txt";
  std::ofstream(good) << "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
                      << "1\t1\t2\tA cat sat.\tThe cat was sitting.\r\n"
                      << "0\t3\t4\tIt rained.\tIt was sunny.\r\n";
  std::vector<ParaphrasePair> pairs;
  ASSERT_TRUE(ReadParaphrasePairs(good.string(), &pairs).ok());
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_TRUE(pairs[0].paraphrase);
  EXPECT_EQ(pairs[0].second, "The cat was sitting.");
  EXPECT_FALSE(pairs[1].paraphrase);

  const fs::path bad = dir / "bad.txt";
  std::ofstream(bad) << "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tonly four\n";
  pairs.clear();
  const Status s = ReadParaphrasePairs(bad.string(), &pairs);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad.txt:2"), std::string::npos) << s.message();
  EXPECT_FALSE(ReadParaphrasePairs((dir / "missing.txt").string(), &pairs).ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace storyline
