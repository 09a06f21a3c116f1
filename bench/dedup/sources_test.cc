#include "sources.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/scratch_dir_test_util.h"
#include "test_util.h"

namespace storyline::dedup_bench {
namespace {

using storyline::testing::ScratchDirTest;

TEST(DetokenizeTest, JoinsPunctuationQuotesAndClitics) {
  EXPECT_EQ(Detokenize("Tara Reid checked into Promises , her rep told People .", false),
            "Tara Reid checked into Promises, her rep told People.");
  EXPECT_EQ(Detokenize("`` We appreciate it , '' the actress 's rep said ( exclusively ) .", false),
            "\"We appreciate it,\" the actress's rep said (exclusively).");
  EXPECT_EQ(Detokenize("She did n't pay $ 5 , or 10 % .", false), "She didn't pay $5, or 10%.");
  EXPECT_EQ(Detokenize("July \xE2\x80\x99 s departure", false), "July\xE2\x80\x99s departure");
}

TEST(DetokenizeTest, RejoinsSplitCompoundsOfEcbPlus) {
  EXPECT_EQ(
      Detokenize("a 90 - day court - mandated stay from 12 : 49 PM in the U . S . today", true),
      "a 90-day court-mandated stay from 12:49 PM in the U.S. today");
  EXPECT_EQ(Detokenize("Dr . Regina Benjamin : Nominee", true), "Dr. Regina Benjamin: Nominee");
  // Without the flag a spaced hyphen stays a dash.
  EXPECT_EQ(Detokenize("for a while - at least", false), "for a while - at least");
}

TEST(EcbArticleTest, DropsUrlAndDateLinesAndFindsTheTitle) {
  Article a = ArticleFromEcbText(
      "ecb/1_10ecbplus",
      "http : / / articles . latimes . com / 2013 / may / 03 / lohan\n"
      "Lindsay Lohan checks into Betty Ford Center\n"
      "May 03 , 2013\n"
      "Lindsay Lohan has checked into the Betty Ford Center to begin a 90 - day stay .\n"
      "Lohan was previously at Betty Ford from September 2010 to January 2011 .\n",
      true);
  EXPECT_EQ(a.title, "Lindsay Lohan checks into Betty Ford Center");
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_EQ(a.paragraphs[0],
            "Lindsay Lohan has checked into the Betty Ford Center to begin a 90-day stay. Lohan "
            "was previously at Betty Ford from September 2010 to January 2011.");
  // No title line: the headline comes from the lead.
  Article b = ArticleFromEcbText(
      "ecb/1_10ecb",
      "Perennial party girl Tara Reid checked herself into Promises , her rep said .", false);
  EXPECT_EQ(b.title, "Perennial party girl Tara Reid checked herself into Promises");
}

TEST(DucArticleTest, JoinsWrappedLinesIntoParagraphs) {
  Article a = ArticleFromDucText(
      "duc/1/D1",
      "\nCambodian leader Hun Sen on Friday rejected opposition parties' demands \n"
      "for talks, accusing them of trying to ``internationalize'' the crisis. It \n"
      "was the third refusal _ the last one &AMP; final. Sam Rainsy left. Talks failed. \n"
      "Nobody came.\n");
  EXPECT_EQ(a.title,
            "Cambodian leader Hun Sen on Friday rejected opposition parties' demands for talks");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[0],
            "Cambodian leader Hun Sen on Friday rejected opposition parties' demands for talks, "
            "accusing them of trying to \"internationalize\" the crisis. It was the third refusal "
            "- the last one & final. Sam Rainsy left.");
  EXPECT_EQ(a.paragraphs[1], "Talks failed. Nobody came.");
  EXPECT_EQ(HeadlineFromLead("WASHINGTON (AP) _ The Senate on Thursday approved a road, after "
                             "years."),
            "The Senate on Thursday approved a road");
  EXPECT_EQ(HeadlineFromLead("WASHINGTON - The Senate on Thursday approved a gravel road through "
                             "remote habitat."),
            "The Senate on Thursday approved a gravel road through remote habitat");
}

class ReadSourcesTest : public ScratchDirTest {};

TEST_F(ReadSourcesTest, ReadsDucInNaturalOrderAndEcbLines) {
  Write("duc/10/D1.txt", "A story about ten. It has two sentences.");
  Write("duc/9/D10.txt", "Topic nine, file ten. Second.");
  Write("duc/9/D2.txt", "Topic nine, file two. Second.");
  std::vector<SourceArticle> articles;
  ASSERT_TRUE(ReadDucArticles((dir_ / "duc").string(), &articles).ok());
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles[0].article.id, "duc/9/D2");
  EXPECT_EQ(articles[1].article.id, "duc/9/D10");
  EXPECT_EQ(articles[2].article.id, "duc/10/D1");
  EXPECT_EQ(articles[2].story, "10");
  EXPECT_EQ(articles[2].dataset, "duc");

  std::string ecb = Write("ecb.jsonl",
                          "{\"doc\": \"1_10ecb.xml\", \"topic\": 1, \"subtopic_event_cluster\": "
                          "\"1_ecb\", \"text\": \"Reid checked in , her rep said .\"}\n");
  ASSERT_TRUE(ReadEcbArticles(ecb, &articles).ok());
  ASSERT_EQ(articles.size(), 4u);
  EXPECT_EQ(articles[3].article.id, "ecb/1_10ecb");
  EXPECT_EQ(articles[3].story, "1_ecb");
  EXPECT_EQ(articles[3].article.paragraphs[0], "Reid checked in, her rep said.");

  EXPECT_FALSE(ReadEcbArticles(Write("bad.jsonl", "{\"doc\": 1}\n"), &articles).ok());
  EXPECT_EQ(ReadDucArticles((dir_ / "none").string(), &articles).code(), Status::Code::kNotFound);
}

TEST(OverlapTest, FindsTheShareOfTheShorterTextCopied) {
  std::vector<std::string> words = testing::FillerParagraphs(1, 1, 200);
  std::vector<std::string> other = testing::FillerParagraphs(2, 1, 200);
  auto article = [](std::string id, std::string text) {
    return SourceArticle{Article{std::move(id), "t", {std::move(text)}}, "s", "duc"};
  };
  // b: the first 100 words of a plus 100 of its own; c: unrelated.
  std::string a = words[0];
  size_t cut = 0;
  for (int w = 0; w < 100; ++w) cut = a.find(' ', cut + 1);
  std::string b = a.substr(0, cut) + " " + other[0].substr(0, other[0].size() / 2);
  std::vector<SourceArticle> articles = {article("a", a), article("b", b),
                                         article("c", testing::FillerParagraphs(3, 1, 200)[0])};
  std::vector<VerbatimOverlap> overlaps = FindVerbatimOverlaps(articles, 0.2);
  ASSERT_EQ(overlaps.size(), 1u);
  EXPECT_EQ(overlaps[0].a, 0u);
  EXPECT_EQ(overlaps[0].b, 1u);
  // 96 of b's ~196 5-grams are a's.
  EXPECT_NEAR(overlaps[0].containment, 0.49, 0.02);
  EXPECT_NEAR(overlaps[0].jaccard, 96.0 / (196 + 196 - 96), 0.02);
}

TEST(ShingleSharingTest, CountsPairsBySameAndDifferentStory) {
  auto words_of = [](const std::string& text, size_t from, size_t count) {
    std::istringstream in(text);
    std::vector<std::string> all;
    for (std::string w; in >> w;) all.push_back(w);
    std::string out;
    for (size_t i = from; i < from + count; ++i) out += (out.empty() ? "" : " ") + all[i];
    return out;
  };
  std::string a = testing::FillerParagraphs(1, 1, 200)[0];
  std::string filler = testing::FillerParagraphs(2, 1, 400)[0];
  // b: a's first 100 words and 100 of its own (same story); c: 6 words of a's second half and
  // 194 of its own (another story); d: unrelated (c's story).
  std::vector<Article> articles = {
      {"a", "t", {a}},
      {"b", "t", {words_of(a, 0, 100) + " " + words_of(filler, 0, 100)}},
      {"c", "t", {words_of(a, 150, 6) + " " + words_of(filler, 100, 194)}},
      {"d", "t", {words_of(filler, 300, 100)}}};
  std::vector<std::string> stories = {"s1", "s1", "s2", "s2"};
  ShingleSharingByStory sharing = MeasureShingleSharing(articles, stories);
  EXPECT_EQ(sharing.same_story.pairs, 2u);
  EXPECT_EQ(sharing.same_story.sharing, 1u);
  EXPECT_EQ(sharing.same_story.sharing_8, 1u);
  EXPECT_EQ(sharing.same_story.contained, 1u);
  EXPECT_NEAR(sharing.same_story.MeanContainment(), 96.0 / 196 / 2, 1e-9);
  EXPECT_EQ(sharing.other_stories.pairs, 4u);
  EXPECT_EQ(sharing.other_stories.sharing, 1u);  // a and c: 2 5-grams
  EXPECT_EQ(sharing.other_stories.sharing_8, 0u);
  EXPECT_EQ(sharing.other_stories.contained, 0u);
  EXPECT_DOUBLE_EQ(sharing.other_stories.SharingShare(), 0.25);
  EXPECT_NEAR(sharing.other_stories.MeanContainment(), 2.0 / 196 / 4, 1e-9);
}

}  // namespace
}  // namespace storyline::dedup_bench
