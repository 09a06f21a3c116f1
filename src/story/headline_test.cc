#include "story/headline.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace storyline::story {
namespace {

constexpr double kEps = 1e-9;

// A plain news headline of 6 words: the baseline every rule is measured against.
constexpr const char* kPlain = "Earthquake kills dozens in central Italy";

TEST(HeadlineShapeScoreTest, PlainHeadlinesScoreOne) {
  EXPECT_NEAR(HeadlineShapeScore(kPlain), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Fed's Plosser Sees High Bar For Change"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("NASA launches rover to study Mars craters"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("5 soldiers killed in attack near Kandahar"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("2024 elections loom over Congress budget talks"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("  Earthquake kills dozens in central Italy \t"), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, NonEnglishTitlesAreUnaffected) {
  EXPECT_NEAR(HeadlineShapeScore("Путин встретился с генсеком NATO в Москве"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Bundesregierung beschließt höhere Steuern für Großkonzerne"), 1.0,
              kEps);
  EXPECT_NEAR(HeadlineShapeScore("Fußball: Bayern München gewinnt gegen Dortmund"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Le président français visite l’Élysée à Paris"), 1.0, kEps);
  // Caseless script with Latin acronyms: not "all caps".
  EXPECT_NEAR(HeadlineShapeScore("中国 APEC NATO 峰会 召开"), 1.0, kEps);
  // NBSP separates words like a space.
  EXPECT_NEAR(HeadlineShapeScore("Bundestag\u00A0beschließt\u00A0neues\u00A0Gesetz"), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, Question) {
  EXPECT_NEAR(HeadlineShapeScore("Is the housing market about to crash?"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Will rates rise? Markets wait for the Fed"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("¿Subirán los precios del petróleo este año?"), 0.6, kEps);
}

TEST(HeadlineShapeScoreTest, Exclamation) {
  EXPECT_NEAR(HeadlineShapeScore("Markets soar to record highs after vote!"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Markets soar to record highs after vote!!!"), 0.6, kEps);
}

TEST(HeadlineShapeScoreTest, QuotationOnly) {
  // Whole title quoted, straight and curly.
  EXPECT_NEAR(HeadlineShapeScore("\"We will never give up our fight\""), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("“We will never give up our fight”"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("‘We will never give up our fight’"), 0.6, kEps);
  // Guillemets, French and German order, and German low-high quotes.
  EXPECT_NEAR(HeadlineShapeScore("«Nous ne céderons jamais devant la menace»"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("»Wir werden niemals aufgeben, niemals«"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("„Wir werden niemals aufgeben, niemals“"), 0.6, kEps);
  // A speaker tag of up to 3 words after a quotation that ends with punctuation.
  EXPECT_NEAR(HeadlineShapeScore("\"We will never give up,\" Obama says"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("“We will never give up,” says Obama’s aide"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("'I'm not leaving the party,' Johnson says"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("“We will never give up”: Obama"), 0.6, kEps);
  // A leading speaker tag and colon.
  EXPECT_NEAR(HeadlineShapeScore("Merkel: „Wir schaffen das, ganz sicher“"), 0.6, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Путин: «Мы не отступим ни на шаг»"), 0.6, kEps);
  // A quotation with a site name after a dash is still only a quotation.
  EXPECT_NEAR(HeadlineShapeScore("“We will never give up our fight” - Reuters"), 0.6, kEps);
}

TEST(HeadlineShapeScoreTest, QuotedNamesAreNotQuotations) {
  // A quoted title followed by the news is not a quotation.
  EXPECT_NEAR(HeadlineShapeScore("“Frozen” tops box office again"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("\"Star Wars\" breaks opening weekend record in China"), 1.0,
              kEps);
  // Tag longer than 3 words.
  EXPECT_NEAR(HeadlineShapeScore("“We will never give up,” the prime minister told parliament"),
              1.0, kEps);
  // Quotes in the middle.
  EXPECT_NEAR(HeadlineShapeScore("Obama calls Senate vote “a disgrace” for America"), 1.0, kEps);
  // Unclosed quote and a leading apostrophe.
  EXPECT_NEAR(HeadlineShapeScore("'90s pop stars return for a reunion tour"), 1.0, kEps);
  // A leading tag must be short and the quotation must end the title.
  EXPECT_NEAR(HeadlineShapeScore("Ukraine war: Russia says 'we will win' in Donbas"), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, VeryShort) {
  EXPECT_NEAR(HeadlineShapeScore("Obama wins"), 0.5, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Stocks fall sharply"), 0.5, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Stocks fall sharply today"), 1.0, kEps);
  // Punctuation-only tokens are not words.
  EXPECT_NEAR(HeadlineShapeScore("Stocks — fall — sharply"), 0.5, kEps);
  // Multibyte words count once each.
  EXPECT_NEAR(HeadlineShapeScore("Путин победил"), 0.5, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Größte Überschwemmung seit Jahren"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore(""), 0.5, kEps);
}

TEST(HeadlineShapeScoreTest, SiteNameIsStrippedForCountingNotPenalised) {
  EXPECT_NEAR(HeadlineShapeScore("Earthquake kills dozens in central Italy | CNN"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Earthquake kills dozens in central Italy - BBC News"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Earthquake kills dozens in Italy – The Guardian"), 1.0, kEps);
  // The site name does not lift a 2-word headline over the "very short" line.
  EXPECT_NEAR(HeadlineShapeScore("Obama wins | The New York Times"), 0.5, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Obama wins - Reuters UK"), 0.5, kEps);
  // A lower-case tail after a dash is part of the headline.
  EXPECT_NEAR(HeadlineShapeScore("Brexit - what happens next"), 1.0, kEps);
  // The question mark in the headline is still seen.
  EXPECT_NEAR(HeadlineShapeScore("Is the housing market about to crash? | CNN"), 0.6, kEps);
  // A tail with a question is headline, not site: "Obama wins - What Next?" has 4 words.
  EXPECT_NEAR(HeadlineShapeScore("Obama wins - What Next?"), 0.6, kEps);
}

TEST(HeadlineShapeScoreTest, AllCaps) {
  EXPECT_NEAR(HeadlineShapeScore("EARTHQUAKE KILLS DOZENS IN CENTRAL ITALY"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("US GDP GROWS 3% IN SECOND QUARTER"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("ПУТИН ВСТРЕТИЛСЯ С ГЕНСЕКОМ НАТО"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("GRÖSSTE ÜBERSCHWEMMUNG SEIT VIELEN JAHREN"), 0.7, kEps);
  // Acronyms in a normal headline.
  EXPECT_NEAR(HeadlineShapeScore("NATO and EU leaders meet in Brussels"), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, Clickbait) {
  EXPECT_NEAR(HeadlineShapeScore("Watch: Firefighters rescue family from flood"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("WATCH Firefighters rescue family from flood"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("VIDEO: Firefighters rescue family from flood"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("PHOTOS: Firefighters rescue family from flood"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Here's what the Fed decision means for you"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Here’s what the Fed decision means for you"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("This is why the Fed raised rates today"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("You won't believe what the Fed did today"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("10 things to know about the Fed decision"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("5 key takeaways from the Fed decision"), 0.7, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Five things to know about the Fed decision"), 0.7, kEps);
  // Not openers: "Watch" as a noun, "Here" alone, a number followed by news.
  EXPECT_NEAR(HeadlineShapeScore("Watch makers report record Swiss exports"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("Heresy trial opens in medieval re-enactment"), 1.0, kEps);
  EXPECT_NEAR(HeadlineShapeScore("3 people killed in highway crash near Lyon"), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, VeryLong) {
  std::string long_title = "Officials";
  for (int i = 0; i < 25; ++i) long_title += " said";  // 26 words
  EXPECT_NEAR(HeadlineShapeScore(long_title), 0.8, kEps);
  long_title = "Officials";
  for (int i = 0; i < 24; ++i) long_title += " said";  // 25 words: not "very long"
  EXPECT_NEAR(HeadlineShapeScore(long_title), 1.0, kEps);
}

TEST(HeadlineShapeScoreTest, PenaltiesMultiply) {
  // Question + exclamation.
  EXPECT_NEAR(HeadlineShapeScore("Is the housing market about to crash?!"), 0.36, kEps);
  // Question + very short.
  EXPECT_NEAR(HeadlineShapeScore("Recession coming?"), 0.3, kEps);
  // Clickbait + question.
  EXPECT_NEAR(HeadlineShapeScore("VIDEO: Is this the end of the euro?"), 0.42, kEps);
  // All caps + exclamation + clickbait opener.
  EXPECT_NEAR(HeadlineShapeScore("WATCH: FIREFIGHTERS RESCUE FAMILY FROM FLOOD!"), 0.7 * 0.6 * 0.7,
              kEps);
  // Quotation + question + very short.
  EXPECT_NEAR(HeadlineShapeScore("“Why me?”"), 0.6 * 0.6 * 0.5, kEps);
  // Quotation + exclamation with a tag.
  EXPECT_NEAR(HeadlineShapeScore("«Vaincrons!» dit Macron"), 0.6 * 0.6 * 0.5, kEps);
  EXPECT_NEAR(HeadlineShapeScore("«Nous vaincrons, ensemble et sans peur!» dit Macron"), 0.6 * 0.6,
              kEps);
}

TEST(HeadlineShapeScoreTest, IsInUnitIntervalForOddInput) {
  for (const std::string& title :
       std::vector<std::string>{"\xff\xfe\xfd", "\"", "“", "«»", ":", " | ", "- - -", "\xe2\x80",
                                std::string("a\0b", 3), "?!?!", "'", "Obama: \""}) {
    const double score = HeadlineShapeScore(title);
    EXPECT_GT(score, 0) << title;
    EXPECT_LE(score, 1) << title;
  }
}

TEST(ChooseHeadlineTest, QuestionLosesToSlightlyLessRelevantPlainTitle) {
  const std::vector<HeadlineCandidate> candidates = {
      {"Is Italy ready for the next big earthquake?", 0.9, false},
      {kPlain, 0.8, false},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 1u);
}

TEST(ChooseHeadlineTest, FarLessRelevantPlainTitleLosesToQuestion) {
  const std::vector<HeadlineCandidate> candidates = {
      {"Is Italy ready for the next big earthquake?", 0.9, false},
      {"Fashion week opens in Milan with new designers", 0.2, false},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 0u);
}

TEST(ChooseHeadlineTest, CopyLosesToEqualOriginal) {
  const std::vector<HeadlineCandidate> candidates = {
      {kPlain, 0.7, true},
      {"Dozens killed as earthquake hits central Italy", 0.7, false},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 1u);
  // But a copy that is much more relevant still wins.
  const std::vector<HeadlineCandidate> relevant_copy = {
      {kPlain, 0.9, true},
      {"Dozens killed as earthquake hits central Italy", 0.6, false},
  };
  EXPECT_EQ(ChooseHeadline(relevant_copy), 0u);
}

TEST(ChooseHeadlineTest, TiesGoToLowerIndex) {
  const std::vector<HeadlineCandidate> candidates = {
      {"Dozens killed as earthquake hits central Italy", 0.7, false},
      {kPlain, 0.7, false},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 0u);
}

TEST(ChooseHeadlineTest, EmptyTitlesAreSkipped) {
  const std::vector<HeadlineCandidate> candidates = {
      {"", 1.0, false},
      {"   ", 0.95, false},
      {"Recession coming?", 0.1, true},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 2u);
}

TEST(ChooseHeadlineTest, NoTitlesGivesNoHeadline) {
  EXPECT_EQ(ChooseHeadline({}), kNoHeadline);
  const std::vector<HeadlineCandidate> candidates = {{"", 0.9, false}, {" \u00A0", 0.5, true}};
  EXPECT_EQ(ChooseHeadline(candidates), kNoHeadline);
}

TEST(ChooseHeadlineTest, ZeroOrInvalidRelevanceStillChoosesATitle) {
  const std::vector<HeadlineCandidate> candidates = {
      {"", 0.9, false},
      {kPlain, 0.0, false},
      {"Dozens killed as earthquake hits central Italy", -1.0, false},
  };
  EXPECT_EQ(ChooseHeadline(candidates), 1u);
  const std::vector<HeadlineCandidate> nan = {
      {kPlain, std::numeric_limits<double>::quiet_NaN(), false},
      {"Dozens killed as earthquake hits central Italy", 0.1, false},
  };
  EXPECT_EQ(ChooseHeadline(nan), 1u);
}

// Over the whole relevance range, a plain title beats a clickbait one (factor 0.7) exactly when
// its relevance exceeds 0.7 times the clickbait title's.
TEST(ChooseHeadlineTest, PlainWinsExactlyWhenWithinThePenalty) {
  const char* const clickbait = "You won't believe what this earthquake did";  // 0.7
  for (int r = 1; r <= 100; ++r) {
    const double plain_relevance = r / 100.0;
    const std::vector<HeadlineCandidate> candidates = {{clickbait, 1.0, false},
                                                       {kPlain, plain_relevance, false}};
    EXPECT_EQ(ChooseHeadline(candidates), plain_relevance > 0.7 + kEps ? 1u : 0u)
        << plain_relevance;
  }
}

}  // namespace
}  // namespace storyline::story
