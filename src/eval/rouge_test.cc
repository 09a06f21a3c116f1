#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

using Tokens = std::vector<std::string>;

RougeOptions NoCut() {
  RougeOptions options;
  options.max_words = 0;
  return options;
}

TEST(RougeTest, UnigramsAndBigramsOfOneReference) {
  // Every word has at most 3 letters: nothing is stemmed.
  // Reference unigrams: the x2, cat, was, on, mat (6); the peer has the x2, cat, on, mat of them:
  // 5 hits. R = P = 5/6. Bigrams: "the cat", "on the", "the mat" of 5 each: R = P = 3/5.
  const SummaryLines peer = {"The cat sat on the mat."};
  const std::vector<SummaryLines> refs = {{"The cat was on the mat."}};
  const RougeScore r1 = ScoreRouge(1, peer, refs, RougeOptions());
  EXPECT_EQ(r1.hits, 5u);
  EXPECT_EQ(r1.reference_ngrams, 6u);
  EXPECT_EQ(r1.peer_ngrams, 6u);
  EXPECT_DOUBLE_EQ(r1.recall, 0.83333);
  EXPECT_DOUBLE_EQ(r1.precision, 0.83333);
  EXPECT_DOUBLE_EQ(r1.f, 0.83333);
  const RougeScore r2 = ScoreRouge(2, peer, refs, RougeOptions());
  EXPECT_EQ(r2.hits, 3u);
  EXPECT_DOUBLE_EQ(r2.recall, 0.6);
  EXPECT_DOUBLE_EQ(r2.precision, 0.6);
}

TEST(RougeTest, TokenisationAndPorterStems) {
  // Lower-cased; '-', '.', and the apostrophe separate words; words over 3 letters stemmed.
  EXPECT_EQ(RougeTokens({"Rebels-held towns. Voters' meetings"}, RougeOptions()),
            (Tokens{"rebel", "held", "town", "voter", "meet"}));
  // Words of 3 letters or fewer are not stemmed: "use" stays, "uses" becomes "us".
  EXPECT_EQ(RougeTokens({"use uses"}, RougeOptions()), (Tokens{"use", "us"}));
  // Bytes outside [A-Za-z0-9] separate tokens, UTF-8 letters included; numbers stay.
  EXPECT_EQ(RougeTokens({"Café in 1998, $5 -- ok"}, RougeOptions()),
            (Tokens{"caf", "in", "1998", "5", "ok"}));
  RougeOptions unstemmed;
  unstemmed.stem = false;
  EXPECT_EQ(RougeTokens({"Rebels-held towns"}, unstemmed), (Tokens{"rebels", "held", "towns"}));
}

TEST(RougeTest, StemmedMatches) {
  // Peer tokens: rebel held town voter meet (5); reference: the rebel held a meet in town (7).
  // Unigram hits rebel, held, meet, town = 4: R = 4/7 = 0.57143, P = 4/5, F = 0.66667.
  // Bigrams: peer 4, reference 6, one hit ("rebel held"): R = 1/6, P = 1/4, F = 0.2.
  const SummaryLines peer = {"Rebels-held towns. Voters' meetings"};
  const std::vector<SummaryLines> refs = {{"The rebel held a meeting in town."}};
  const RougeScore r1 = ScoreRouge(1, peer, refs, RougeOptions());
  EXPECT_EQ(r1.hits, 4u);
  EXPECT_DOUBLE_EQ(r1.recall, 0.57143);
  EXPECT_DOUBLE_EQ(r1.precision, 0.8);
  EXPECT_DOUBLE_EQ(r1.f, 0.66667);
  const RougeScore r2 = ScoreRouge(2, peer, refs, RougeOptions());
  EXPECT_EQ(r2.hits, 1u);
  EXPECT_DOUBLE_EQ(r2.recall, 0.16667);
  EXPECT_DOUBLE_EQ(r2.precision, 0.25);
  EXPECT_DOUBLE_EQ(r2.f, 0.2);
}

TEST(RougeTest, ReferencesAreCombinedByCountsNotByMeanRecall) {
  // -f A. Peer a b c d. Reference 1 "a b x": 2 of 3 unigrams; reference 2 "c d e f": 2 of 4.
  // R = (2 + 2) / (3 + 4) = 0.57143 (the mean of the two recalls would be 0.58333);
  // P = 4 / (4 + 4) = 0.5; F = 0.53333.
  // Bigrams: peer "a b", "b c", "c d" (3, counted once per reference: 6); reference 1 has
  // "a b", "b x" (1 hit), reference 2 "c d", "d e", "e f" (1 hit): R = 2/5, P = 2/6, F = 0.36363.
  const SummaryLines peer = {"a b c d"};
  const std::vector<SummaryLines> refs = {{"a b x"}, {"c d e f"}};
  const RougeScore r1 = ScoreRouge(1, peer, refs, RougeOptions());
  EXPECT_EQ(r1.hits, 4u);
  EXPECT_EQ(r1.reference_ngrams, 7u);
  EXPECT_EQ(r1.peer_ngrams, 8u);
  EXPECT_DOUBLE_EQ(r1.recall, 0.57143);
  EXPECT_DOUBLE_EQ(r1.precision, 0.5);
  EXPECT_DOUBLE_EQ(r1.f, 0.53333);
  const RougeScore r2 = ScoreRouge(2, peer, refs, RougeOptions());
  EXPECT_EQ(r2.hits, 2u);
  EXPECT_DOUBLE_EQ(r2.recall, 0.4);
  EXPECT_DOUBLE_EQ(r2.precision, 0.33333);
  EXPECT_DOUBLE_EQ(r2.f, 0.36363);
}

TEST(RougeTest, HitsAreClippedAndBigramsCrossLines) {
  // "a" three times in the peer, twice in the reference: 2 hits of 3.
  EXPECT_EQ(ScoreRouge(1, {"a a a"}, {{"a b a"}}, RougeOptions()).hits, 2u);
  // Lines are joined before n-grams are counted: "b c" spans the two peer lines.
  EXPECT_EQ(ScoreRouge(2, {"a b", "c"}, {{"b c"}}, RougeOptions()).hits, 1u);
}

TEST(RougeTest, CutsToTheFirstWordsOfTheRawLines) {
  RougeOptions five;
  five.max_words = 5;
  // 3 words, then the line that reaches 5 is cut to its first 2 words.
  EXPECT_EQ(RougeTokens({"one two three", "four five six seven"}, five),
            (Tokens{"one", "two", "three", "four", "five"}));
  // A line that starts with white space counts one empty word (Perl's split), so only 4 remain.
  EXPECT_EQ(RougeTokens({"  one two", "three four five six"}, five),
            (Tokens{"one", "two", "three", "four"}));
  // The cut counts raw white-space words: "well-known" is one word there and two tokens after.
  RougeOptions three;
  three.max_words = 3;
  EXPECT_EQ(RougeTokens({"well-known actors attend", "more"}, three),
            (Tokens{"well", "known", "actor", "attend"}));
  // Empty lines are skipped; an empty summary has no n-gram.
  EXPECT_EQ(RougeTokens({"", "a"}, five), (Tokens{"a"}));
  EXPECT_TRUE(RougeTokens({}, five).empty());
  EXPECT_EQ(ScoreRouge(1, {}, {{"a"}}, five).recall, 0);
}

TEST(RougeTest, ReferencesAreCutToo) {
  // A reference of 150 words keeps 100: the peer's one hit is 1/100 of it.
  std::string reference;
  for (int i = 1; i <= 150; ++i) reference.append("w").append(std::to_string(i)).append(" ");
  const RougeScore r1 = ScoreRouge(1, {"w1"}, {{reference}}, RougeOptions());
  EXPECT_EQ(r1.reference_ngrams, 100u);
  EXPECT_DOUBLE_EQ(r1.recall, 0.01);
  EXPECT_EQ(ScoreRouge(1, {"w1"}, {{reference}}, NoCut()).reference_ngrams, 150u);
  // A peer word past the 100th is not counted.
  EXPECT_EQ(ScoreRouge(1, {reference}, {{"w120"}}, RougeOptions()).hits, 0u);
}

TEST(RougeTest, WordNetExceptionsComeBeforeTheStemmer) {
  const std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) / "rouge_wordnet_exceptions";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "noun.exc") << "women woman\nmice mouse\n";
  std::ofstream(dir / "verb.exc") << "said say\nmice mice_verb\n";
  std::unordered_map<std::string, std::string> exceptions;
  ASSERT_TRUE(ReadWordNetExceptions(dir.string(), &exceptions).ok());
  EXPECT_EQ(exceptions.at("women"), "woman");
  EXPECT_EQ(exceptions.at("mice"), "mice_verb");  // the later file wins
  RougeOptions options;
  options.exceptions = &exceptions;
  // "women" -> "woman" (not stemmed further), "said" -> "say"; "mice" has 4 letters: looked up.
  EXPECT_EQ(RougeTokens({"women said"}, options), (Tokens{"woman", "say"}));
  EXPECT_EQ(ScoreRouge(1, {"women"}, {{"woman"}}, options).hits, 1u);
  EXPECT_EQ(ScoreRouge(1, {"women"}, {{"woman"}}, RougeOptions()).hits, 0u);
  EXPECT_FALSE(ReadWordNetExceptions((dir / "missing").string(), &exceptions).ok());
}

TEST(RougeTest, ListsDucReferenceSummaries) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "rouge_refs";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* name :
       {"Task7_reference2.txt", "Task7_reference1.txt", "Task12_reference1.txt", "notes.txt"}) {
    std::ofstream(dir / name) << "A summary.\n";
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> topics;
  ASSERT_TRUE(ListReferenceSummaries(dir.string(), &topics).ok());
  ASSERT_EQ(topics.size(), 2u);
  EXPECT_EQ(topics[0].first, "12");
  EXPECT_EQ(topics[1].first, "7");
  ASSERT_EQ(topics[1].second.size(), 2u);
  EXPECT_EQ(std::filesystem::path(topics[1].second[0]).filename(), "Task7_reference1.txt");
  SummaryLines lines;
  ASSERT_TRUE(ReadSummaryLines(topics[1].second[0], &lines).ok());
  EXPECT_EQ(lines, (SummaryLines{"A summary."}));

  const Status empty = ListReferenceSummaries((dir / "none").string(), &topics);
  EXPECT_FALSE(empty.ok());
  EXPECT_NE(empty.message().find("none"), std::string::npos);
  std::filesystem::remove(dir / "Task7_reference2.txt");
  std::filesystem::remove(dir / "Task7_reference1.txt");
  std::filesystem::remove(dir / "Task12_reference1.txt");
  EXPECT_FALSE(ListReferenceSummaries(dir.string(), &topics).ok());
}

}  // namespace
}  // namespace storyline
