#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

using Strings = std::vector<std::string>;

TEST(WordTokensTest, RunsOfWordCharactersWithCaseKept) {
  EXPECT_EQ(WordTokens("The quick, brown fox!"), (Strings{"The", "quick", "brown", "fox"}));
  EXPECT_EQ(WordTokens("don't x_y 3.5"), (Strings{"don", "t", "x_y", "3", "5"}));
  EXPECT_TRUE(WordTokens("").empty());
  EXPECT_TRUE(WordTokens(" -- !? ").empty());
}

// Expected values are what Python's re.findall(r'\w+', text) returns.
TEST(WordTokensTest, UnicodeAsPythonRegex) {
  EXPECT_EQ(WordTokens("Zürich, 東京 naïve"), (Strings{"Zürich", "東京", "naïve"}));
  // Numeric characters (No, Nl) are word characters; combining marks (Mn, Mc) are not.
  EXPECT_EQ(WordTokens("3½ ²x ⅷ"), (Strings{"3½", "²x", "ⅷ"}));
  EXPECT_EQ(WordTokens("cafe\u0301 x"), (Strings{"cafe", "x"}));
  EXPECT_EQ(WordTokens("मराठी"), (Strings{"मर", "ठ"}));
  // No-break space and typographic quotes separate words.
  EXPECT_EQ(WordTokens("ab\u00a0cd \u201cquoted\u201d"), (Strings{"ab", "cd", "quoted"}));
}

TEST(WordTokensTest, InvalidUtf8SeparatesTokens) {
  EXPECT_EQ(WordTokens("ab\xff"
                       "cd \xc3"),
            (Strings{"ab", "cd"}));
}

TEST(WordShinglesTest, FourTokensPerShingle) {
  EXPECT_TRUE(WordShingles({}).empty());
  EXPECT_EQ(WordShingles({"a"}), (Strings{"a"}));
  EXPECT_EQ(WordShingles({"a", "b", "c"}), (Strings{"a b c"}));
  EXPECT_EQ(WordShingles({"a", "b", "c", "d"}), (Strings{"a b c d"}));
  EXPECT_EQ(WordShingles({"a", "b", "c", "d", "e", "f"}),
            (Strings{"a b c d", "b c d e", "c d e f"}));
}

TEST(ScoreExtractedTextTest, IdenticalTexts) {
  ExtractionPageScore s =
      ScoreExtractedText("The quick brown fox jumps.", "The quick brown fox jumps.");
  EXPECT_DOUBLE_EQ(s.tp, 1);
  EXPECT_DOUBLE_EQ(s.fp, 0);
  EXPECT_DOUBLE_EQ(s.fn, 0);
  EXPECT_DOUBLE_EQ(s.precision(), 1);
  EXPECT_DOUBLE_EQ(s.recall(), 1);
  EXPECT_DOUBLE_EQ(s.f1(), 1);
  EXPECT_TRUE(s.exact);
  // Only the tokens count: punctuation and white space may differ.
  EXPECT_TRUE(ScoreExtractedText("The quick\n\nbrown -- fox", "The quick brown fox.").exact);
}

TEST(ScoreExtractedTextTest, DisjointTexts) {
  ExtractionPageScore s = ScoreExtractedText("a b c d", "e f g h");
  EXPECT_DOUBLE_EQ(s.tp, 0);
  EXPECT_DOUBLE_EQ(s.fp, 0.5);
  EXPECT_DOUBLE_EQ(s.fn, 0.5);
  EXPECT_DOUBLE_EQ(s.precision(), 0);
  EXPECT_DOUBLE_EQ(s.recall(), 0);
  EXPECT_DOUBLE_EQ(s.f1(), 0);
  EXPECT_FALSE(s.exact);
  // Case is kept.
  EXPECT_DOUBLE_EQ(ScoreExtractedText("Hello world", "hello world").tp, 0);
}

TEST(ScoreExtractedTextTest, RepeatedShinglesCountAsMultiset) {
  // Prediction "a b c d a b c d" has shingles {abcd: 2, bcda, cdab, dabc}; the truth {abcd}.
  // TP = 1, FP = 1 + 3 = 4, FN = 0; normalised by 5.
  ExtractionPageScore s = ScoreExtractedText("a b c d a b c d", "a b c d");
  EXPECT_DOUBLE_EQ(s.tp, 0.2);
  EXPECT_DOUBLE_EQ(s.fp, 0.8);
  EXPECT_DOUBLE_EQ(s.fn, 0);
  EXPECT_DOUBLE_EQ(s.precision(), 0.2);
  EXPECT_DOUBLE_EQ(s.recall(), 1);
  EXPECT_DOUBLE_EQ(s.f1(), 1.0 / 3);

  // Truth "x a b c d x": {xabc, abcd, bcdx}; the prediction has one of the three.
  s = ScoreExtractedText("a b c d", "x a b c d x");
  EXPECT_DOUBLE_EQ(s.precision(), 1);
  EXPECT_DOUBLE_EQ(s.recall(), 1.0 / 3);

  // Twice the truth's shingle on both sides: TP 2 of 2.
  s = ScoreExtractedText("a b c d. a b c d!", "a b c d a b c d");
  EXPECT_DOUBLE_EQ(s.tp, 1);
  EXPECT_TRUE(s.exact);
}

TEST(ScoreExtractedTextTest, TextsShorterThanFourTokensAreOneShingle) {
  EXPECT_DOUBLE_EQ(ScoreExtractedText("Hello world", "Hello, world!").f1(), 1);
  // "Hello there world" is one shingle, different from "Hello world".
  ExtractionPageScore s = ScoreExtractedText("Hello world", "Hello there world");
  EXPECT_DOUBLE_EQ(s.tp, 0);
  EXPECT_DOUBLE_EQ(s.fp, 0.5);
  EXPECT_DOUBLE_EQ(s.fn, 0.5);
}

TEST(ScoreExtractedTextTest, EmptyPredictionHasNoPrecision) {
  ExtractionPageScore s = ScoreExtractedText("", "one two three four five");
  EXPECT_FALSE(s.has_precision());
  EXPECT_TRUE(s.has_recall());
  EXPECT_DOUBLE_EQ(s.fn, 1);
  EXPECT_DOUBLE_EQ(s.recall(), 0);
  EXPECT_DOUBLE_EQ(s.f1(), 0);
  // Punctuation alone has no token.
  EXPECT_FALSE(ScoreExtractedText("-- ...", "one two").has_precision());
}

TEST(ScoreExtractedTextTest, EmptyTruthHasNoRecall) {
  ExtractionPageScore s = ScoreExtractedText("some predicted text", "");
  EXPECT_TRUE(s.has_precision());
  EXPECT_FALSE(s.has_recall());
  EXPECT_DOUBLE_EQ(s.precision(), 0);
  EXPECT_DOUBLE_EQ(s.f1(), 0);

  // Both empty: nothing to count, the token sequences agree.
  s = ScoreExtractedText("", "");
  EXPECT_FALSE(s.has_precision());
  EXPECT_FALSE(s.has_recall());
  EXPECT_TRUE(s.exact);
  EXPECT_DOUBLE_EQ(s.f1(), 1);
}

TEST(ScoreExtractedTextTest, UnicodeTokens) {
  EXPECT_TRUE(ScoreExtractedText("Zürich und 東京", "Zürich und 東京").exact);
  // "Zürich" is one token: a prediction that split it would not match.
  EXPECT_DOUBLE_EQ(ScoreExtractedText("Z rich und", "Zürich und").tp, 0);
  // "don't" and "don t" are the same tokens.
  EXPECT_TRUE(ScoreExtractedText("I don't know", "I don t know").exact);
}

TEST(SummarizeExtractionScoresTest, MeansOverPagesWithAPrecisionOrARecall) {
  std::vector<ExtractionPageScore> pages = {
      ScoreExtractedText("a b c d e", "a b c d e"),      // P 1, R 1, exact
      ScoreExtractedText("", "a b c d"),                 // no P, R 0
      ScoreExtractedText("a b c d", ""),                 // P 0, no R
      ScoreExtractedText("a b c d", "e f g h"),          // P 0, R 0
      ScoreExtractedText("a b c d a b c d", "a b c d"),  // P 0.2, R 1
  };
  ExtractionScores s = SummarizeExtractionScores(pages);
  EXPECT_EQ(s.pages, 5u);
  EXPECT_EQ(s.precision_pages, 4u);
  EXPECT_EQ(s.recall_pages, 4u);
  EXPECT_EQ(s.exact_pages, 1u);
  EXPECT_DOUBLE_EQ(s.precision, (1 + 0 + 0 + 0.2) / 4);
  EXPECT_DOUBLE_EQ(s.recall, (1 + 0 + 0 + 1) / 4.0);
  // F1 of the means (0.3, 0.5), not the mean of per-page F1s.
  EXPECT_DOUBLE_EQ(s.f1, 2 * 0.3 * 0.5 / 0.8);
  EXPECT_DOUBLE_EQ(s.accuracy, 0.2);
}

TEST(SummarizeExtractionScoresTest, NoPages) {
  ExtractionScores s = SummarizeExtractionScores({});
  EXPECT_EQ(s.pages, 0u);
  EXPECT_DOUBLE_EQ(s.f1, 0);
  EXPECT_DOUBLE_EQ(s.accuracy, 0);
}

// The sanity check of the metric: every truth scored against itself gives 1 everywhere.
TEST(SummarizeExtractionScoresTest, TruthAgainstItselfScoresOne) {
  const Strings texts = {"Gaming used to be so simple. We’d buy a game.", "Short", "",
                         "東京 — Zürich, don't stop; 3½ x_y", "a b c d a b c d a b c d"};
  std::vector<ExtractionPageScore> pages;
  for (const std::string& t : texts) pages.push_back(ScoreExtractedText(t, t));
  ExtractionScores s = SummarizeExtractionScores(pages);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.f1, 1);
  EXPECT_DOUBLE_EQ(s.accuracy, 1);
}

}  // namespace
}  // namespace storyline
