#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval/white_space.h"
#include "storyline/eval.h"

namespace storyline {
namespace {

using eval_internal::AppendRenderedText;
using eval_internal::CollapseWhiteSpace;

// A news page as text: headline, menu, two paragraphs, a "See also" line, a comment.
std::vector<LabelledLine> NewsPage() {
  return {{"Storm closes the coast road", true},
          {"Home | News | Sport", false},
          {"The coast road was closed on Sunday after waves washed over the sea wall.", true},
          {"Council workers will inspect the damage on Monday morning.", true},
          {"See also: Flood warnings for the valley", false},
          {"Great article, thanks!", false}};
}

TEST(ScoreKeptLinesTest, CountsEachLineOnce) {
  std::vector<bool> kept;
  const LineKeepScore s =
      ScoreKeptLines(NewsPage(),
                     "Storm closes the coast road\n"
                     "The coast road was closed on Sunday after waves washed over the sea wall.\n"
                     "See also: Flood warnings for the valley\n",
                     &kept);
  EXPECT_EQ(s.tp, 2u);  // headline, first paragraph
  EXPECT_EQ(s.fp, 1u);  // the "See also" line
  EXPECT_EQ(s.fn, 1u);  // the second paragraph
  EXPECT_EQ(s.tn, 2u);  // menu, comment
  EXPECT_EQ(s.not_on_page, 0u);
  EXPECT_EQ(kept, (std::vector<bool>{true, false, true, false, true, false}));
  EXPECT_DOUBLE_EQ(s.precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.f1(), 2.0 / 3);
}

TEST(ScoreKeptLinesTest, WhiteSpaceAndBlankLinesDoNotMatter) {
  const LineKeepScore s = ScoreKeptLines(NewsPage(),
                                         "\n  Storm closes\tthe coast\u00a0road \n\n\n"
                                         "Council workers will inspect the damage on Monday "
                                         "morning.\r\n",
                                         nullptr);
  EXPECT_EQ(s.tp, 2u);
  EXPECT_EQ(s.fp, 0u);
  EXPECT_EQ(s.fn, 1u);
}

TEST(ScoreKeptLinesTest, RepeatedLinesAreMatchedInPageOrder) {
  // "Share" is boilerplate twice; the headline also appears in a related-links box.
  const std::vector<LabelledLine> lines = {{"Share", false},
                                           {"Bridge reopens", true},
                                           {"The bridge reopened today.", true},
                                           {"Share", false},
                                           {"Bridge reopens", false}};
  std::vector<bool> kept;
  // The extractor keeps the body and the second "Share": matched after the body, not the first.
  LineKeepScore s =
      ScoreKeptLines(lines, "Bridge reopens\nThe bridge reopened today.\nShare", &kept);
  EXPECT_EQ(kept, (std::vector<bool>{false, true, true, true, false}));
  EXPECT_EQ(s.tp, 2u);
  EXPECT_EQ(s.fp, 1u);
  // After the body, the headline's text is the copy in the related-links box: order decides.
  s = ScoreKeptLines(lines, "The bridge reopened today.\nBridge reopens", &kept);
  EXPECT_EQ(kept, (std::vector<bool>{false, false, true, false, true}));
  EXPECT_EQ(s.tp, 1u);
  EXPECT_EQ(s.fp, 1u);
  EXPECT_EQ(s.fn, 1u);
  // A line with no copy after the previous match takes an earlier one.
  s = ScoreKeptLines({{"First.", true}, {"Second.", true}}, "Second.\nFirst.", &kept);
  EXPECT_EQ(kept, (std::vector<bool>{true, true}));
  EXPECT_EQ(s.tp, 2u);
}

TEST(ScoreKeptLinesTest, PredictedLinesNotOnThePageAreFalsePositives) {
  const LineKeepScore s = ScoreKeptLines(NewsPage(),
                                         "Storm closes the coast road\nStorm closes the coast "
                                         "road\nA sentence the page does not have.",
                                         nullptr);
  EXPECT_EQ(s.tp, 1u);
  EXPECT_EQ(s.fp, 2u);  // the second copy of the headline and the invented line
  EXPECT_EQ(s.not_on_page, 2u);
  EXPECT_EQ(s.fn, 2u);
  EXPECT_EQ(s.tn, 3u);
}

TEST(ScoreKeptLinesTest, EmptyPageAndEmptyPrediction) {
  LineKeepScore s = ScoreKeptLines({}, "", nullptr);
  EXPECT_FALSE(s.has_precision());
  EXPECT_FALSE(s.has_recall());
  EXPECT_DOUBLE_EQ(s.f1(), 1);  // nothing to find, nothing kept
  s = ScoreKeptLines(NewsPage(), "", nullptr);
  EXPECT_FALSE(s.has_precision());
  EXPECT_EQ(s.fn, 3u);
  EXPECT_DOUBLE_EQ(s.f1(), 0);
}

TEST(SummarizeLineScoresTest, MicroWeighsLinesMacroWeighsPages) {
  LineKeepScore big;  // 90 of 100 content lines kept, no boilerplate
  big.tp = 90;
  big.fn = 10;
  big.tn = 50;
  LineKeepScore small;  // 1 content line dropped, 1 boilerplate line kept, 1 line not on page
  small.fn = 1;
  small.fp = 2;
  small.not_on_page = 1;
  small.tn = 3;
  const LineScores s = SummarizeLineScores({big, small});
  EXPECT_EQ(s.pages, 2u);
  EXPECT_EQ(s.lines, 100u + 50 + 1 + 1 + 3);
  EXPECT_EQ(s.content_lines, 101u);
  EXPECT_EQ(s.kept_lines, 91u);
  EXPECT_EQ(s.not_on_page, 1u);
  EXPECT_DOUBLE_EQ(s.precision, 90.0 / 92);
  EXPECT_DOUBLE_EQ(s.recall, 90.0 / 101);
  EXPECT_DOUBLE_EQ(s.f1, 2 * s.precision * s.recall / (s.precision + s.recall));
  EXPECT_DOUBLE_EQ(s.page_precision, (1.0 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(s.page_recall, (0.9 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(s.page_f1, 2 * 0.5 * 0.45 / 0.95);
  EXPECT_DOUBLE_EQ(SummarizeLineScores({}).f1, 0);
}

// The scores are shares: whatever the decisions, they lie in [0, 1], and keeping every line
// gives recall 1 while keeping only content lines gives precision 1.
TEST(ScoreKeptLinesTest, KeepAllAndKeepContentBounds) {
  const std::vector<LabelledLine> lines = NewsPage();
  std::string all, content;
  for (const LabelledLine& l : lines) {
    all += l.text + "\n";
    if (l.content) content += l.text + "\n";
  }
  const LineKeepScore keep_all = ScoreKeptLines(lines, all, nullptr);
  EXPECT_DOUBLE_EQ(keep_all.recall(), 1);
  EXPECT_DOUBLE_EQ(keep_all.precision(), 0.5);
  const LineKeepScore keep_content = ScoreKeptLines(lines, content, nullptr);
  EXPECT_DOUBLE_EQ(keep_content.precision(), 1);
  EXPECT_DOUBLE_EQ(keep_content.recall(), 1);
  EXPECT_EQ(keep_content.tn, 3u);
}

TEST(WhiteSpaceTest, CollapseAsTheExtractorDoes) {
  EXPECT_EQ(CollapseWhiteSpace("  a \t b\n\nc  "), "a b c");
  // No-break, zero-width and ideographic spaces and the BOM are white space too.
  EXPECT_EQ(CollapseWhiteSpace("\ufeffa\u00a0\u00a0b\u200bc\u3000d"), "a b c d");
  EXPECT_EQ(CollapseWhiteSpace("Zürich \xff x"), "Zürich \xff x");  // invalid byte kept
  EXPECT_EQ(CollapseWhiteSpace(" \u00a0 "), "");
}

TEST(WhiteSpaceTest, RenderedTextKeepsNoBreakSpaces) {
  std::string out;
  bool pending = false;
  AppendRenderedText("\n  See also", &out, &pending);
  AppendRenderedText("\u00a0\u00a0", &out, &pending);
  AppendRenderedText("  Flood ", &out, &pending);
  AppendRenderedText("warnings\n", &out, &pending);
  EXPECT_EQ(out, "See also\u00a0\u00a0 Flood warnings");
  EXPECT_TRUE(pending);  // the trailing newline waits for more text
}

}  // namespace
}  // namespace storyline
