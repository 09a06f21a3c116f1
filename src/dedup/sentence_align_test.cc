#include "dedup/sentence_align.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dedup/test_articles.h"
#include "dedup/test_text.h"

namespace storyline::dedup {
namespace {

using testing::AnalyzeForTest;

SentenceSets Sets(std::string_view text) { return BuildSentenceSets(AnalyzeForTest(text)); }

std::string ReverseLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::reverse(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST(SentenceAlignTest, SentencesAndShortOnesLeftOut) {
  EXPECT_EQ(Sets(testing::kFlood).size(), 11u);
  EXPECT_EQ(Sets("Advertisement. Read more. The river rose quickly overnight.").size(), 1u);
  EXPECT_EQ(Sets("").size(), 0u);
}

TEST(SentenceAlignTest, IdenticalTextsAlignFully) {
  const Alignment al = AlignSentences(Sets(testing::kFlood), Sets(testing::kFlood), 0.45);
  EXPECT_EQ(al.aligned, 11u);
  EXPECT_DOUBLE_EQ(al.coverage, 1.0);
}

TEST(SentenceAlignTest, OrderMatters) {
  // The same sentences in reverse order: every one aligns, but only one chain element.
  const Alignment al =
      AlignSentences(Sets(testing::kFlood), Sets(ReverseLines(testing::kFlood)), 0.45);
  EXPECT_EQ(al.aligned, 1u);
}

TEST(SentenceAlignTest, SpunCopyAlignsIndependentReportDoesNot) {
  const Alignment spun = AlignSentences(Sets(testing::kFlood), Sets(testing::kFloodSpun), 0.45);
  EXPECT_GE(spun.coverage, 0.8);
  const Alignment other = AlignSentences(Sets(testing::kFlood), Sets(testing::kFloodOther), 0.45);
  EXPECT_LE(other.coverage, 0.3);
}

TEST(SentenceAlignTest, NamesEverySentenceRepeatsDoNotAlignSentences) {
  // Every sentence names the same three people; the rest differs. Unweighted, most pairs would
  // have Dice 0.6; weighted by inverse sentence frequency they fall below the threshold.
  const SentenceSets a = Sets(
      "Putin Xi Zelensky discussed grain exports. Putin Xi Zelensky opened pipeline talks. "
      "Putin Xi Zelensky signed energy treaties. Putin Xi Zelensky visited hospitals. "
      "Putin Xi Zelensky attended banquets.");
  const SentenceSets b = Sets(
      "Putin Xi Zelensky praised farmers. Putin Xi Zelensky criticised sanctions harshly. "
      "Putin Xi Zelensky toured factories. Putin Xi Zelensky mourned victims. "
      "Putin Xi Zelensky planned summits.");
  EXPECT_EQ(AlignSentences(a, b, 0.45).aligned, 0u);
  EXPECT_EQ(AlignSentences(a, a, 0.45).aligned, 5u);
}

TEST(SentenceAlignTest, SentenceDiceIsWhatTheAlignmentThresholds) {
  const SentenceSets a = Sets("The river burst its banks near the old mill on Tuesday night.");
  const SentenceSets same = Sets("The river burst its banks near the old mill on Tuesday night.");
  const SentenceSets spun =
      Sets("On Tuesday night the river overflowed its banks by the old mill.");
  const SentenceSets other = Sets("The council approved the new budget for schools and roads.");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_DOUBLE_EQ(SentenceDice(a, 0, same, 0), 1.0);
  const double d_spun = SentenceDice(a, 0, spun, 0);
  EXPECT_GT(d_spun, 0.4);
  EXPECT_LT(d_spun, 1.0);
  EXPECT_DOUBLE_EQ(SentenceDice(a, 0, other, 0), 0.0);
  EXPECT_DOUBLE_EQ(SentenceDice(spun, 0, a, 0), d_spun);  // symmetric
  // AlignSentences aligns the pair exactly when its Dice reaches the threshold.
  EXPECT_EQ(AlignSentences(a, spun, d_spun).aligned, 1u);
  EXPECT_EQ(AlignSentences(a, spun, d_spun + 1e-9).aligned, 0u);
}

// Random sentence sets over a small vocabulary, so that stems repeat across sentences.
SentenceSets RandomSets(std::mt19937& rng, size_t sentences, uint32_t vocabulary) {
  SentenceSets s;
  std::uniform_int_distribution<uint32_t> stem(0, vocabulary - 1);
  std::uniform_int_distribution<size_t> length(kMinSentenceStems, 14);
  for (size_t i = 0; i < sentences; ++i) {
    std::vector<uint32_t> sentence(length(rng));
    for (uint32_t& t : sentence) t = stem(rng);
    std::sort(sentence.begin(), sentence.end());
    sentence.erase(std::unique(sentence.begin(), sentence.end()), sentence.end());
    s.stems.insert(s.stems.end(), sentence.begin(), sentence.end());
    s.offsets.push_back(static_cast<uint32_t>(s.stems.size()));
  }
  CountStemSentences(&s);
  return s;
}

// The longest chain increasing in both documents over the pairs whose SentenceDice reaches
// `min_dice`, by dynamic programming over all pairs: the definition AlignSentences computes.
size_t ChainByDefinition(const SentenceSets& a, const SentenceSets& b, double min_dice) {
  std::vector<std::vector<size_t>> best(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      best[i][j] = std::max(best[i - 1][j], best[i][j - 1]);
      if (SentenceDice(a, i - 1, b, j - 1) >= min_dice) {
        best[i][j] = std::max(best[i][j], best[i - 1][j - 1] + 1);
      }
    }
  }
  return best[a.size()][b.size()];
}

TEST(SentenceAlignTest, AlignmentMatchesThePairwiseDefinition) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const uint32_t vocabulary = round % 3 == 0 ? 12 : 60;  // dense and sparse overlaps
    const SentenceSets a = RandomSets(rng, 1 + round % 17, vocabulary);
    const SentenceSets b = RandomSets(rng, 1 + (round * 7) % 23, vocabulary);
    for (double min_dice : {0.2, 0.45, 0.7}) {
      EXPECT_EQ(AlignSentences(a, b, min_dice).aligned, ChainByDefinition(a, b, min_dice))
          << "round " << round << ", min_dice " << min_dice;
    }
  }
  // A document with no sentences aligns nothing, on either side.
  const SentenceSets empty;
  EXPECT_EQ(AlignSentences(empty, RandomSets(rng, 5, 20), 0.45).aligned, 0u);
  EXPECT_EQ(AlignSentences(RandomSets(rng, 5, 20), empty, 0.45).aligned, 0u);
}

TEST(SentenceAlignTest, BadSentenceStartsDoNotCrash) {
  TextFeatures f = AnalyzeForTest(testing::kFlood);
  f.sentence_starts = {500000, 3, 1, 1};
  const SentenceSets sets = BuildSentenceSets(f);
  EXPECT_LE(sets.size(), 3u);
  f.sentence_starts.clear();  // falls back to the kSentenceStart flags
  EXPECT_EQ(BuildSentenceSets(f).size(), 11u);
}

}  // namespace
}  // namespace storyline::dedup
