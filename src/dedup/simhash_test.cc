#include "dedup/simhash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <string>

#include "dedup/test_articles.h"
#include "dedup/test_text.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

uint64_t TextSimHash(const std::string& text) {
  return SimHash(WordShingles(testing::AnalyzeForTest(text).body, 5));
}

int Distance(uint64_t x, uint64_t y) { return std::popcount(x ^ y); }

TEST(SimHashTest, EmptyGivesZero) {
  EXPECT_EQ(SimHash({}), 0u);
  EXPECT_EQ(SimHashScalar({}), 0u);
}

TEST(SimHashTest, MajorityPerBit) {
  // Bit i is set when more than half of the features have it; a tie leaves it clear.
  const std::vector<uint64_t> f = {0b0111, 0b0011, 0b0001, 0b1000};
  EXPECT_EQ(SimHash(f), 0b0001u);
  const std::vector<uint64_t> one = {0xdeadbeefcafef00dULL};
  EXPECT_EQ(SimHash(one), one[0]);
}

TEST(SimHashTest, RepeatsCountWithMultiplicityAndOrderDoesNot) {
  std::mt19937_64 rng(11);
  std::vector<uint64_t> f(300);
  for (uint64_t& v : f) v = rng();
  const uint64_t h = SimHash(f);
  std::vector<uint64_t> g = f;
  std::shuffle(g.begin(), g.end(), rng);
  EXPECT_EQ(SimHash(g), h);
  // Three copies of one feature outweigh its absence: x, x, x, y has bit i of x wherever x and
  // y differ; a set function would ignore the repeats.
  const uint64_t x = rng(), y = ~x;
  EXPECT_EQ(SimHash(std::vector<uint64_t>{x, x, x, y}), x);
}

TEST(SimHashTest, VectorAndScalarPathsAgree) {
  std::mt19937_64 rng(12);
  // Biased bits make many counters sit near the majority threshold.
  for (size_t n : {1, 2, 3, 7, 64, 255, 256, 1000, 70000, 140001}) {
    std::vector<uint64_t> f(n);
    for (uint64_t& v : f) v = (rng() & rng()) | (rng() & 0xf0f0f0f0f0f0f0f0ULL & rng());
    EXPECT_EQ(SimHash(f), SimHashScalar(f)) << n;
  }
}

TEST(SimHashTest, IdenticalTextsGiveEqualHashes) {
  EXPECT_EQ(TextSimHash(testing::kFlood), TextSimHash(testing::kFlood));
  // Same words, other punctuation and case: same tokens, same shingles.
  std::string upper = testing::kFlood;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(TextSimHash(upper), TextSimHash(testing::kFlood));
}

TEST(SimHashTest, SmallEditsGiveSmallDistances) {
  const std::string original = testing::kFlood;
  const uint64_t h = TextSimHash(original);
  const uint64_t unrelated = TextSimHash(testing::kCouncil);
  // One word replaced (5 of 194 shingles change), one sentence appended, one word dropped.
  // Each bit flips with probability ~theta/pi = 0.07 here (see DistanceFollowsTheAngle), so
  // the distance is a few bits, against ~32 for unrelated texts.
  std::string replaced = original;
  replaced.replace(replaced.find("hundreds"), 8, "thousands");
  std::string appended = original + " More updates will follow later today.";
  std::string dropped = original;
  dropped.erase(dropped.find("Heavy "), 6);
  for (const std::string& edited : {replaced, appended, dropped}) {
    const uint64_t e = TextSimHash(edited);
    EXPECT_LE(Distance(e, h), 10);
    EXPECT_GE(Distance(e, unrelated), 16);
  }
}

TEST(SimHashTest, DistanceFollowsTheAngle) {
  // Two sets of n features sharing c: the count vectors are at angle theta = acos(c / n), and
  // each bit differs with probability theta / pi (random hyperplanes), so the mean distance is
  // 64 * theta / pi.
  std::mt19937_64 rng(16);
  const size_t n = 1000;
  for (size_t c : {990, 950, 900, 700}) {
    double sum = 0;
    const int kTrials = 200;
    for (int t = 0; t < kTrials; ++t) {
      std::vector<uint64_t> x(n), y(n);
      for (size_t i = 0; i < n; ++i) x[i] = y[i] = rng();
      for (size_t i = c; i < n; ++i) y[i] = rng();
      sum += Distance(SimHash(x), SimHash(y));
    }
    const double expected = 64 * std::acos(static_cast<double>(c) / n) / std::acos(-1.0);
    EXPECT_NEAR(sum / kTrials, expected, 0.06 * expected + 0.3) << c;
  }
}

TEST(SimHashTest, UnrelatedTextsDifferInAboutHalfTheBits) {
  EXPECT_GE(Distance(TextSimHash(testing::kFlood), TextSimHash(testing::kCouncil)), 16);
  // Random feature sets: the distance is Binomial(64, 1/2), mean 32.
  std::mt19937_64 rng(13);
  double sum = 0;
  const int kTrials = 400;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<uint64_t> x(200), y(200);
    for (uint64_t& v : x) v = rng();
    for (uint64_t& v : y) v = rng();
    sum += Distance(SimHash(x), SimHash(y));
  }
  EXPECT_NEAR(sum / kTrials, 32, 1.0);
}

// All pairs within `d` by comparing every pair.
std::set<uint64_t> BruteForce(const std::vector<uint64_t>& h, const std::vector<uint8_t>& active,
                              int d) {
  std::set<uint64_t> out;
  for (size_t a = 0; a < h.size(); ++a) {
    for (size_t b = a + 1; b < h.size(); ++b) {
      if (active[a] && active[b] && Distance(h[a], h[b]) <= d) out.insert(a << 32 | b);
    }
  }
  return out;
}

TEST(SimHashCandidatesTest, EqualsBruteForceOnRandomData) {
  std::mt19937_64 rng(14);
  for (int d = 0; d <= 3; ++d) {
    // Clusters of hashes a few bit flips apart, at distances around d, among random ones.
    std::vector<uint64_t> h;
    for (int c = 0; c < 150; ++c) {
      const uint64_t base = rng();
      h.push_back(base);
      for (int m = 0; m < 4; ++m) {
        uint64_t v = base;
        const int flips = static_cast<int>(rng() % 6);
        for (int f = 0; f < flips; ++f) v ^= uint64_t{1} << (rng() % 64);
        h.push_back(v);
      }
      h.push_back(rng());
    }
    std::shuffle(h.begin(), h.end(), rng);
    std::vector<uint8_t> active(h.size(), 1);
    for (size_t i = 0; i < h.size(); i += 17) active[i] = 0;
    std::vector<uint64_t> pairs;
    SimHashCandidates(h, active, d, 64, &pairs);
    for (uint64_t p : pairs) ASSERT_LT(p >> 32, p & 0xffffffffu);
    const std::set<uint64_t> found(pairs.begin(), pairs.end());
    const std::set<uint64_t> truth = BruteForce(h, active, d);
    EXPECT_GT(truth.size(), 100u) << d;  // the data does exercise the distance
    EXPECT_EQ(found, truth) << "max_distance " << d;
  }
}

TEST(SimHashCandidatesTest, NegativeDistanceOrTooFewDocumentsGiveNothing) {
  std::vector<uint64_t> pairs;
  const std::vector<uint64_t> h = {1, 1, 1};
  SimHashCandidates(h, std::vector<uint8_t>{1, 1, 1}, -1, 64, &pairs);
  SimHashCandidates(h, std::vector<uint8_t>{0, 1, 0}, 3, 64, &pairs);
  EXPECT_TRUE(pairs.empty());
}

TEST(SimHashCandidatesTest, HugeRunStaysLinearAndConnected) {
  // 3000 documents with one hash (boilerplate) and 3000 that share only the first 16-bit block
  // with it: every block run is far above the cap.
  const size_t n = 6000;
  std::mt19937_64 rng(15);
  std::vector<uint64_t> h(n, 0x1234'5678'9abc'def0ULL);
  for (size_t d = 3000; d < n; ++d) h[d] = (rng() << 16) | 0xdef0;
  std::vector<uint8_t> active(n, 1);
  active[5] = 0;
  std::vector<uint64_t> pairs;
  const int kDistance = 3;
  SimHashCandidates(h, active, kDistance, 64, &pairs);
  EXPECT_LE(pairs.size(), 2 * n * (kDistance + 1));
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (uint64_t p : pairs) {
    const size_t a = p >> 32, b = p & 0xffffffffu;
    ASSERT_NE(a, 5u);
    ASSERT_NE(b, 5u);
    ASSERT_LE(Distance(h[a], h[b]), kDistance);
    parent[find(a)] = find(b);
  }
  for (size_t d = 1; d < 3000; ++d) {
    if (d != 5) {
      EXPECT_EQ(find(d), find(0)) << d;
    }
  }
}

}  // namespace
}  // namespace storyline::dedup
