#include "extract/text_util.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>

#include "extract/dates.h"
#include "storyline/timestamp.h"

namespace storyline::extract_internal {
namespace {

std::string Date(std::string_view s) {
  auto t = ParseLooseDate(s);
  return t ? FormatTimestamp(*t) : "none";
}

TEST(LooseDateTest, DayMonthYearForms) {
  EXPECT_EQ(Date("21-03-2023, 08:25"), "2023-03-21T08:25:00Z");
  EXPECT_EQ(Date("21.03.2023"), "2023-03-21T00:00:00Z");
  EXPECT_EQ(Date("24 January 2026 06:01"), "2026-01-24T06:01:00Z");
  EXPECT_EQ(Date("8 January 2026 18:54"), "2026-01-08T18:54:00Z");
  EXPECT_EQ(Date("March 21, 2023 8:25 PM"), "2023-03-21T20:25:00Z");
  EXPECT_EQ(Date("Tue, 21 Mar 2023 08:25:00 GMT"), "2023-03-21T08:25:00Z");
  EXPECT_EQ(Date("Tue, 21 Mar 2023 11:25:00 +0300"), "2023-03-21T08:25:00Z");
  EXPECT_EQ(Date("03/21/2023"), "2023-03-21T00:00:00Z");
  EXPECT_EQ(Date("21/03/2023"), "2023-03-21T00:00:00Z");
  EXPECT_EQ(Date("2023/03/21 08:25"), "2023-03-21T08:25:00Z");
  EXPECT_EQ(Date("2023-03-20T08:25:00Z"), "2023-03-20T08:25:00Z");
  EXPECT_EQ(Date("Nov. 19, 2019 8:21 am"), "2019-11-19T08:21:00Z");
}

TEST(LooseDateTest, RejectsNonDates) {
  EXPECT_EQ(Date(""), "none");
  EXPECT_EQ(Date("Comments: 516"), "none");
  EXPECT_EQ(Date("#415 Vernita"), "none");
  EXPECT_EQ(Date("The plan was announced on 21 March 2023"), "none");
  EXPECT_EQ(Date("31-02-2023"), "none");
  EXPECT_EQ(Date("12:30"), "none");
  EXPECT_EQ(Date("1 2 3 4"), "none");
}

TEST(TextUtilTest, CollapseWhitespace) {
  EXPECT_EQ(CollapseWhitespace("  a \t b\n\nc  "), "a b c");
  EXPECT_EQ(CollapseWhitespace("See also\xc2\xa0 headline"), "See also headline");
  EXPECT_EQ(CollapseWhitespace("\xe2\x80\x83x\xe3\x80\x80y"), "x y");
  EXPECT_EQ(CollapseWhitespace(""), "");
}

TEST(TextUtilTest, LineShapes) {
  EXPECT_EQ(LineShape("24 January 2026 06:01"), "0 a 0 0:0");
  EXPECT_EQ(LineShape("8 January 2026 18:54"), "0 a 0 0:0");
  EXPECT_EQ(LineShape("#415   Vernita"), "#0 a");
  EXPECT_EQ(LineShape("Привет, мир"), "a, a");
}

TEST(TextUtilTest, LineStats) {
  LineStats st =
      ComputeLineStats("\"We hope that President Xi will press President Putin,\" he said.");
  EXPECT_EQ(st.words, 11);
  EXPECT_TRUE(st.terminal);
  EXPECT_GE(st.stopwords, 3);
  EXPECT_GT(st.LetterShare(), 0.8);

  EXPECT_TRUE(ComputeLineStats("“Instead of condemning them, it would provide cover.”").terminal);
  EXPECT_FALSE(ComputeLineStats("Required fields are marked *").terminal);
  EXPECT_FALSE(ComputeLineStats("Font size: [ A+ ] / [ A- ]").terminal);
  EXPECT_TRUE(ComputeLineStats("See also\xc2\xa0 The Dodgers scored").wide_gap);
  EXPECT_FALSE(ComputeLineStats("  indented line  ").wide_gap);
  EXPECT_LT(ComputeLineStats("(Visited 1 times, 1 visits today)").StopwordShare(), 0.1);
  // Invalid UTF-8 is counted as symbols, never read out of bounds.
  LineStats bad = ComputeLineStats("ab\xff\xc3");
  EXPECT_EQ(bad.letters, 2);
}

// The helpers classify ASCII from a table instead of asking ICU; both must agree on all 128.
TEST(TextUtilTest, AsciiClassesAgreeWithIcu) {
  for (UChar32 c = 0; c < 0x80; ++c) {
    const std::string s(1, static_cast<char>(c));
    const bool space = u_isUWhiteSpace(c);
    const bool letter = u_isalpha(c);
    const bool digit = u_isdigit(c);
    const LineStats st = ComputeLineStats(s);
    EXPECT_EQ(st.letters, letter ? 1 : 0) << c;
    EXPECT_EQ(st.digits, digit ? 1 : 0) << c;
    EXPECT_EQ(st.symbols, space || letter || digit ? 0 : 1) << c;
    EXPECT_EQ(IsBlank(s), space) << c;
    EXPECT_EQ(CollapseWhitespace(s).empty(), space) << c;
    std::vector<std::string> words;
    LowerWords(s, &words);
    if (letter || digit) {
      EXPECT_EQ(words, std::vector<std::string>{std::string(1, static_cast<char>(u_tolower(c)))})
          << c;
    } else {
      EXPECT_TRUE(words.empty()) << c;
    }
  }
}

TEST(TextUtilTest, LowerWordsAndStopwords) {
  std::vector<std::string> words;
  LowerWords("Don’t STOP, Ünïcode 42x—end's", &words);
  EXPECT_EQ(words, (std::vector<std::string>{"don't", "stop", "ünïcode", "42x", "end's"}));
  std::vector<std::string> visited;
  ForEachLowerWord("Don’t STOP, Ünïcode 42x—end's",
                   [&](std::string_view w) { visited.emplace_back(w); });
  EXPECT_EQ(visited, words);
  EXPECT_TRUE(IsStopword("the"));
  EXPECT_TRUE(IsStopword("don't"));
  EXPECT_TRUE(IsStopword("für"));
  EXPECT_TRUE(IsStopword("только"));  // 12 bytes: looked up as a string, not packed
  EXPECT_TRUE(IsStopword("themselves"));
  EXPECT_FALSE(IsStopword("themselvesx"));
  EXPECT_FALSE(IsStopword("thes"));
  EXPECT_FALSE(IsStopword(std::string_view("a\0", 2)));  // packed keys keep the length
  EXPECT_FALSE(IsStopword(""));
}

TEST(TextUtilTest, IsBlank) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\r\n"));
  // NBSP, zero-width space, BOM, ideographic space.
  EXPECT_TRUE(IsBlank("\xc2\xa0\xe2\x80\x8b\xef\xbb\xbf\xe3\x80\x80"));
  EXPECT_FALSE(IsBlank("  x "));
  EXPECT_FALSE(IsBlank("\xff"));  // invalid UTF-8 is a symbol
}

TEST(TextUtilTest, ShortenCutsAtCharacterBoundary) {
  EXPECT_EQ(Shorten("abc", 10), "abc");
  EXPECT_EQ(Shorten("ééé", 3), "é…");
}

}  // namespace
}  // namespace storyline::extract_internal
