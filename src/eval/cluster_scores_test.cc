#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

std::vector<std::string> Labels(std::initializer_list<const char*> labels) {
  return std::vector<std::string>(labels.begin(), labels.end());
}

TEST(ScoreClusteringTest, PerfectClusteringScoresOne) {
  // Label names differ; only the partition matters.
  const auto gold = Labels({"a", "a", "b", "b", "b", "c"});
  const auto predicted = Labels({"x", "x", "y", "y", "y", "z"});
  ClusterScores s = ScoreClustering(predicted, gold);
  EXPECT_DOUBLE_EQ(s.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(s.bcubed_recall, 1.0);
  EXPECT_DOUBLE_EQ(s.bcubed_f1, 1.0);
  EXPECT_NEAR(s.ari, 1.0, 1e-12);
  EXPECT_NEAR(s.nmi, 1.0, 1e-12);
  EXPECT_EQ(s.documents, 6u);
  EXPECT_EQ(s.predicted_clusters, 3u);
  EXPECT_EQ(s.gold_clusters, 3u);
}

TEST(ScoreClusteringTest, OneClusterAgainstSingletons) {
  const auto singletons = Labels({"1", "2", "3", "4"});
  const auto one = Labels({"s", "s", "s", "s"});
  // Everything in one predicted cluster, gold all singletons: precision = 1/4 per item.
  ClusterScores s = ScoreClustering(one, singletons);
  EXPECT_DOUBLE_EQ(s.bcubed_precision, 0.25);
  EXPECT_DOUBLE_EQ(s.bcubed_recall, 1.0);
  EXPECT_DOUBLE_EQ(s.bcubed_f1, 2 * 0.25 / 1.25);
  EXPECT_DOUBLE_EQ(s.ari, 0.0);
  EXPECT_DOUBLE_EQ(s.nmi, 0.0);
  // And the other way round.
  ClusterScores r = ScoreClustering(singletons, one);
  EXPECT_DOUBLE_EQ(r.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(r.bcubed_recall, 0.25);
  EXPECT_DOUBLE_EQ(r.ari, 0.0);
  EXPECT_DOUBLE_EQ(r.nmi, 0.0);
}

TEST(ScoreClusteringTest, DegenerateIdenticalLabelingsScoreOne) {
  ClusterScores both_one = ScoreClustering(Labels({"a", "a", "a"}), Labels({"b", "b", "b"}));
  EXPECT_DOUBLE_EQ(both_one.ari, 1.0);
  EXPECT_DOUBLE_EQ(both_one.nmi, 1.0);
  ClusterScores both_single = ScoreClustering(Labels({"a", "b", "c"}), Labels({"x", "y", "z"}));
  EXPECT_DOUBLE_EQ(both_single.ari, 1.0);
  EXPECT_DOUBLE_EQ(both_single.nmi, 1.0);
  EXPECT_DOUBLE_EQ(both_single.bcubed_f1, 1.0);
}

TEST(ScoreClusteringTest, EmptyInput) {
  ClusterScores s = ScoreClustering({}, {});
  EXPECT_EQ(s.documents, 0u);
  EXPECT_EQ(s.bcubed_f1, 0.0);
}

// Six items. gold: A={1,2,3}, B={4,5,6}; predicted: X={1,2}, Y={3,4,5,6}.
// Contingency: X∩A=2, Y∩A=1, Y∩B=3; row sums a_X=2, a_Y=4; column sums b_A=b_B=3.
// B-cubed precision = (2*2/2 + 1*1/4 + 3*3/4) / 6 = 4.5/6 = 3/4.
// B-cubed recall    = (2*2/3 + 1*1/3 + 3*3/3) / 6 = (14/3)/6 = 7/9.
// F1 = 2 (3/4)(7/9) / (3/4 + 7/9) = (42/36) / (55/36) = 42/55.
// ARI: index = C(2,2)+C(1,2)+C(3,2) = 4; rows C(2,2)+C(4,2) = 7; columns 3+3 = 6;
//   expected = 7*6/C(6,2) = 42/15 = 2.8; max = (7+6)/2 = 6.5; ARI = 1.2/3.7 = 12/37.
// NMI: MI = (2/6)ln(6*2/(2*3)) + (1/6)ln(6*1/(4*3)) + (3/6)ln(6*3/(4*3))
//        = (1/3)ln2 - (1/6)ln2 + (1/2)ln1.5 = 0.3182571;
//   H(P) = -(1/3 ln 1/3 + 2/3 ln 2/3) = 0.6365142; H(G) = ln 2 = 0.6931472;
//   NMI = MI / ((H(P)+H(G))/2) = 0.4787040.
TEST(ScoreClusteringTest, HandComputedSixItems) {
  const auto gold = Labels({"A", "A", "A", "B", "B", "B"});
  const auto predicted = Labels({"X", "X", "Y", "Y", "Y", "Y"});
  ClusterScores s = ScoreClustering(predicted, gold);
  EXPECT_NEAR(s.bcubed_precision, 0.75, 1e-12);
  EXPECT_NEAR(s.bcubed_recall, 7.0 / 9.0, 1e-12);
  EXPECT_NEAR(s.bcubed_f1, 42.0 / 55.0, 1e-12);
  EXPECT_NEAR(s.ari, 12.0 / 37.0, 1e-12);
  EXPECT_NEAR(s.nmi, 0.4787040, 1e-6);
}

TEST(ScoreClusteringTest, SymmetryProperties) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 5);
  std::vector<std::string> a, b;
  for (int i = 0; i < 200; ++i) {
    a.push_back(std::to_string(pick(rng)));
    b.push_back(std::to_string(pick(rng) / 2));
  }
  ClusterScores ab = ScoreClustering(a, b);
  ClusterScores ba = ScoreClustering(b, a);
  // ARI and NMI are symmetric; B-cubed precision and recall swap; F1 is symmetric.
  EXPECT_NEAR(ab.ari, ba.ari, 1e-12);
  EXPECT_NEAR(ab.nmi, ba.nmi, 1e-12);
  EXPECT_NEAR(ab.bcubed_precision, ba.bcubed_recall, 1e-12);
  EXPECT_NEAR(ab.bcubed_recall, ba.bcubed_precision, 1e-12);
  EXPECT_NEAR(ab.bcubed_f1, ba.bcubed_f1, 1e-12);
  // Permuting the items changes nothing.
  std::vector<size_t> order(a.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::string> a2, b2;
  for (size_t i : order) {
    a2.push_back(a[i]);
    b2.push_back(b[i]);
  }
  ClusterScores shuffled = ScoreClustering(a2, b2);
  EXPECT_NEAR(shuffled.ari, ab.ari, 1e-12);
  EXPECT_NEAR(shuffled.nmi, ab.nmi, 1e-12);
  EXPECT_NEAR(shuffled.bcubed_f1, ab.bcubed_f1, 1e-12);
}

TEST(ScoreClusteringTest, RandomLabelingsHaveAriNearZero) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, 19);
  std::vector<std::string> a, b;
  for (int i = 0; i < 20000; ++i) {
    a.push_back(std::to_string(pick(rng)));
    b.push_back(std::to_string(pick(rng)));
  }
  ClusterScores s = ScoreClustering(a, b);
  EXPECT_NEAR(s.ari, 0.0, 0.005);
  EXPECT_LT(s.nmi, 0.01);
  EXPECT_NEAR(s.bcubed_precision, 0.05, 0.01);
}

// Items as (predicted, gold, how many) runs.
struct ItemRun {
  const char* predicted;
  const char* gold;
  int items;
};

void Expand(std::initializer_list<ItemRun> runs, std::vector<std::string>* predicted,
            std::vector<std::string>* gold) {
  for (const ItemRun& r : runs) {
    for (int i = 0; i < r.items; ++i) {
      predicted->push_back(r.predicted);
      gold->push_back(r.gold);
    }
  }
}

// "label items/outside/spans: part items, part items" for exact comparisons.
std::vector<std::string> Describe(const std::vector<MixedCluster>& clusters) {
  std::vector<std::string> out;
  for (const MixedCluster& c : clusters) {
    std::string line = c.label + " " + std::to_string(c.items) + "/" +
                       std::to_string(c.outside_largest) + "/" + std::to_string(c.part_count) + ":";
    for (const ClusterPart& p : c.parts) line += " " + p.label + " " + std::to_string(p.items);
    out.push_back(line);
  }
  return out;
}

// Predicted X mixes gold A, B, C; Y mixes D and E (a tie for the majority); U and V mix two
// singletons each (tied on errors and size: U before V by label); Z and W are pure.
// Gold K is split over R, S, T; A over X and W; L over P and Q.
void HandBuiltErrors(std::vector<std::string>* predicted, std::vector<std::string>* gold) {
  Expand({{"X", "A", 3},
          {"X", "B", 2},
          {"Y", "D", 2},
          {"X", "C", 1},
          {"Y", "E", 2},
          {"Z", "F", 4},
          {"W", "A", 1},
          {"V", "H", 1},
          {"V", "G", 1},
          {"U", "I", 1},
          {"U", "J", 1},
          {"T", "K", 2},
          {"R", "K", 1},
          {"S", "K", 2},
          {"Q", "L", 1},
          {"P", "L", 1}},
         predicted, gold);
}

TEST(FindClusterErrorsTest, HandBuiltRankingAndTies) {
  std::vector<std::string> predicted, gold;
  HandBuiltErrors(&predicted, &gold);
  ClusterErrors e = FindClusterErrors(predicted, gold, /*top=*/5, /*max_parts=*/5);
  EXPECT_EQ(Describe(e.over_merged),
            (std::vector<std::string>{"X 6/3/3: A 3 B 2 C 1", "Y 4/2/2: D 2 E 2",
                                      "U 2/1/2: I 1 J 1", "V 2/1/2: G 1 H 1"}));
  EXPECT_EQ(Describe(e.split), (std::vector<std::string>{"K 5/3/3: S 2 T 2 R 1", "A 4/1/2: X 3 W 1",
                                                         "L 2/1/2: P 1 Q 1"}));
}

TEST(FindClusterErrorsTest, TopAndMaxPartsCutTheLists) {
  std::vector<std::string> predicted, gold;
  HandBuiltErrors(&predicted, &gold);
  ClusterErrors e = FindClusterErrors(predicted, gold, /*top=*/2, /*max_parts=*/2);
  // part_count still counts every part.
  EXPECT_EQ(Describe(e.over_merged),
            (std::vector<std::string>{"X 6/3/3: A 3 B 2", "Y 4/2/2: D 2 E 2"}));
  EXPECT_EQ(Describe(e.split), (std::vector<std::string>{"K 5/3/3: S 2 T 2", "A 4/1/2: X 3 W 1"}));
  e = FindClusterErrors(predicted, gold, /*top=*/0, /*max_parts=*/5);
  EXPECT_TRUE(e.over_merged.empty());
  EXPECT_TRUE(e.split.empty());
}

TEST(FindClusterErrorsTest, SizeBreaksTiesOnErrors) {
  // Both predicted clusters have one item outside the majority; the larger comes first even
  // though its label sorts later.
  std::vector<std::string> predicted, gold;
  Expand({{"a", "g1", 1}, {"a", "g2", 1}, {"b", "g3", 3}, {"b", "g4", 1}}, &predicted, &gold);
  ClusterErrors e = FindClusterErrors(predicted, gold, 5, 5);
  EXPECT_EQ(Describe(e.over_merged),
            (std::vector<std::string>{"b 4/1/2: g3 3 g4 1", "a 2/1/2: g1 1 g2 1"}));
  EXPECT_TRUE(e.split.empty());
}

TEST(FindClusterErrorsTest, PerfectAndEmptyHaveNoErrors) {
  ClusterErrors perfect =
      FindClusterErrors(Labels({"x", "x", "y", "z"}), Labels({"a", "a", "b", "c"}), 5, 5);
  EXPECT_TRUE(perfect.over_merged.empty());
  EXPECT_TRUE(perfect.split.empty());
  ClusterErrors empty = FindClusterErrors({}, {}, 5, 5);
  EXPECT_TRUE(empty.over_merged.empty());
  EXPECT_TRUE(empty.split.empty());
}

TEST(FindClusterErrorsTest, SwappingLabelingsSwapsTheLists) {
  std::vector<std::string> predicted, gold;
  HandBuiltErrors(&predicted, &gold);
  ClusterErrors e = FindClusterErrors(predicted, gold, 10, 10);
  ClusterErrors swapped = FindClusterErrors(gold, predicted, 10, 10);
  EXPECT_EQ(Describe(e.over_merged), Describe(swapped.split));
  EXPECT_EQ(Describe(e.split), Describe(swapped.over_merged));
}

// Against a direct count on random labelings: every mixed cluster is listed with its true size,
// errors and span, in ranking order, and the parts are its largest cells.
TEST(FindClusterErrorsTest, MatchesDirectCountOnRandomLabelings) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pick(0, 29);
  std::vector<std::string> predicted, gold;
  for (int i = 0; i < 3000; ++i) {
    const int p = pick(rng);
    predicted.push_back(std::to_string(p));
    // Gold mostly follows the prediction, so clusters differ in how mixed they are.
    gold.push_back(std::to_string(pick(rng) < 20 ? p / 2 : pick(rng)));
  }
  std::map<std::string, std::map<std::string, size_t>> table;
  for (size_t i = 0; i < predicted.size(); ++i) ++table[predicted[i]][gold[i]];

  ClusterErrors e = FindClusterErrors(predicted, gold, 1000, 3);
  ASSERT_EQ(e.over_merged.size(), table.size());  // every predicted cluster is mixed here
  for (size_t i = 0; i < e.over_merged.size(); ++i) {
    const MixedCluster& c = e.over_merged[i];
    const auto& row = table.at(c.label);
    size_t items = 0;
    std::vector<size_t> cells;
    for (const auto& [label, count] : row) {
      items += count;
      cells.push_back(count);
    }
    std::sort(cells.rbegin(), cells.rend());
    EXPECT_EQ(c.items, items);
    EXPECT_EQ(c.outside_largest, items - cells[0]);
    EXPECT_EQ(c.part_count, row.size());
    ASSERT_EQ(c.parts.size(), 3u);
    for (size_t k = 0; k < c.parts.size(); ++k) {
      EXPECT_EQ(c.parts[k].items, cells[k]);
      EXPECT_EQ(row.at(c.parts[k].label), c.parts[k].items);
    }
    if (i > 0) {
      const MixedCluster& prev = e.over_merged[i - 1];
      EXPECT_TRUE(prev.outside_largest > c.outside_largest ||
                  (prev.outside_largest == c.outside_largest && prev.items >= c.items));
    }
  }
}

TEST(ScoreLabelMapsTest, ScoresSharedDocumentsAndCountsMissing) {
  std::unordered_map<std::string, std::string> gold = {
      {"d1", "a"}, {"d2", "a"}, {"d3", "b"}, {"d4", "b"}};
  std::unordered_map<std::string, std::string> predicted = {
      {"d1", "s1"}, {"d2", "s1"}, {"d3", "s2"}, {"extra", "s3"}};
  ClusterScores s = ScoreLabelMaps(predicted, gold);
  EXPECT_EQ(s.documents, 3u);
  EXPECT_EQ(s.gold_missing, 1u);
  EXPECT_DOUBLE_EQ(s.bcubed_f1, 1.0);
}

}  // namespace
}  // namespace storyline
