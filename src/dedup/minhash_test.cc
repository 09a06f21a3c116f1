#include "dedup/minhash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>

#include "dedup/test_text.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// Two random feature sets with `common` shared and `only` private features each.
void RandomPair(std::mt19937_64& rng, size_t common, size_t only, std::vector<uint64_t>* x,
                std::vector<uint64_t>* y) {
  x->clear();
  y->clear();
  for (size_t i = 0; i < common; ++i) {
    const uint64_t v = rng();
    x->push_back(v);
    y->push_back(v);
  }
  for (size_t i = 0; i < only; ++i) x->push_back(rng());
  for (size_t i = 0; i < only; ++i) y->push_back(rng());
}

double TrueJaccard(size_t common, size_t only) {
  return static_cast<double>(common) / static_cast<double>(common + 2 * only);
}

TEST(MinHashTest, EstimateTracksJaccardOverManyRandomSets) {
  std::mt19937_64 rng(301);
  std::vector<uint64_t> x, y;
  double sum_abs = 0, sum_signed = 0, worst = 0;
  int trials = 0;
  for (int round = 0; round < 100; ++round) {
    for (size_t common : {20, 100, 300, 600}) {
      for (size_t only : {0, 10, 60, 200, 800}) {
        RandomPair(rng, common, only, &x, &y);
        const double truth = TrueJaccard(common, only);
        const double est = EstimateJaccard(MinHashSignature(x, 128), MinHashSignature(y, 128));
        sum_abs += std::abs(est - truth);
        sum_signed += est - truth;
        worst = std::max(worst, std::abs(est - truth));
        ++trials;
      }
    }
  }
  // k = 128 gives a standard error of at most 0.044; the mean error is about 0.8 of that.
  EXPECT_LT(sum_abs / trials, 0.04);
  EXPECT_LT(std::abs(sum_signed / trials), 0.005) << "biased estimate";
  EXPECT_LT(worst, 0.2);
}

TEST(MinHashTest, SignatureIsASetFunction) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> f(500);
  for (uint64_t& v : f) v = rng();
  const std::vector<uint32_t> sig = MinHashSignature(f, 100);
  ASSERT_EQ(sig.size(), 100u);
  std::vector<uint64_t> g = f;
  std::shuffle(g.begin(), g.end(), rng);
  g.insert(g.end(), f.begin(), f.begin() + 50);  // repeats do not change a set
  EXPECT_EQ(MinHashSignature(g, 100), sig);
  // Permutations are independent: equal minima across positions would mean a weak family.
  EXPECT_GT(std::set<uint32_t>(sig.begin(), sig.end()).size(), 95u);
}

TEST(MinHashTest, EmptySetGivesAllOnes) {
  const std::vector<uint32_t> sig = MinHashSignature({}, 16);
  ASSERT_EQ(sig.size(), 16u);
  for (uint32_t v : sig) EXPECT_EQ(v, 0xffffffffu);
}

TEST(MinHashTest, VectorAndScalarPathsAgree) {
  // Bit-identical signatures for permutation counts that fill a whole number of SIMD blocks and
  // counts that do not, and for feature counts around the vector widths.
  std::mt19937_64 rng(8);
  for (int permutations : {1, 5, 16, 48, 96, 100, 128, 200}) {
    const MinHasher hasher(permutations, rng());
    for (size_t n : {0, 1, 2, 7, 8, 9, 25, 31, 500, 3001}) {
      std::vector<uint64_t> f(n);
      for (uint64_t& v : f) v = rng();
      std::vector<uint32_t> vec(permutations), scalar(permutations);
      hasher.Sign(f, vec.data());
      hasher.SignScalar(f, scalar.data());
      ASSERT_EQ(vec, scalar) << permutations << " permutations, " << n << " features";
    }
  }
}

TEST(MinHashTest, WordShingles) {
  const TextFeatures t = testing::AnalyzeForTest("one two three four five six seven");
  EXPECT_EQ(WordShingles(t.body, 5).size(), 3u);
  EXPECT_EQ(WordShingles(t.body, 1).size(), 7u);
  EXPECT_EQ(WordShingles(t.body, 10).size(), 1u);  // short text: one shingle of all words
  EXPECT_TRUE(WordShingles({}, 5).empty());
  // Order matters inside a shingle.
  const TextFeatures u = testing::AnalyzeForTest("two one three four five six seven");
  EXPECT_NE(WordShingles(t.body, 5)[0], WordShingles(u.body, 5)[0]);
  EXPECT_EQ(WordShingles(t.body, 5)[2], WordShingles(u.body, 5)[2]);
}

// Share of pairs at Jaccard `truth` that LSH turns into candidates.
double CandidateRate(double truth, int permutations, int bands) {
  std::mt19937_64 rng(static_cast<uint64_t>(truth * 1000));
  const int kPairs = 300;
  const size_t only = 100;
  const size_t common = static_cast<size_t>(std::lround(2 * only * truth / (1 - truth)));
  std::vector<uint32_t> sigs;
  std::vector<uint64_t> x, y;
  MinHasher hasher(permutations, 99);
  std::vector<uint32_t> sig(permutations);
  for (int p = 0; p < kPairs; ++p) {
    RandomPair(rng, common, only, &x, &y);
    hasher.Sign(x, sig.data());
    sigs.insert(sigs.end(), sig.begin(), sig.end());
    hasher.Sign(y, sig.data());
    sigs.insert(sigs.end(), sig.begin(), sig.end());
  }
  std::vector<uint8_t> active(2 * kPairs, 1);
  std::vector<uint64_t> pairs;
  LshCandidates(sigs, 2 * kPairs, permutations, bands, active, 64, &pairs);
  std::set<uint64_t> found(pairs.begin(), pairs.end());
  int hits = 0;
  for (uint64_t p = 0; p < kPairs; ++p) hits += found.count((2 * p) << 32 | (2 * p + 1));
  return static_cast<double>(hits) / kPairs;
}

TEST(LshTest, SCurveOfTheDefaultBanding) {
  // 128 permutations in 32 bands of 4 rows: 1 - (1 - J^4)^32.
  EXPECT_GE(CandidateRate(0.9, 128, 32), 0.99);
  EXPECT_GE(CandidateRate(0.7, 128, 32), 0.97);
  EXPECT_LE(CandidateRate(0.2, 128, 32), 0.12);
  EXPECT_LE(CandidateRate(0.05, 128, 32), 0.01);
}

TEST(LshTest, SCurveOfTheRewriteBanding) {
  // 96 permutations in 32 bands of 3 rows: 1 - (1 - J^3)^32.
  EXPECT_GE(CandidateRate(0.65, 96, 32), 0.99);
  EXPECT_GE(CandidateRate(0.5, 96, 32), 0.95);
  EXPECT_LE(CandidateRate(0.05, 96, 32), 0.02);
}

TEST(LshTest, HugeBucketStaysLinearAndConnected) {
  const size_t n = 3000, k = 32;
  std::vector<uint32_t> sigs(n * k, 42);  // every document the same: one bucket per band
  std::vector<uint8_t> active(n, 1);
  active[5] = 0;
  std::vector<uint64_t> pairs;
  LshCandidates(sigs, n, k, 8, active, 64, &pairs);
  EXPECT_LE(pairs.size(), 2 * n * 8);
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (uint64_t p : pairs) {
    ASSERT_NE(p >> 32, 5u);
    ASSERT_NE(p & 0xffffffffu, 5u);
    parent[find(p >> 32)] = find(p & 0xffffffffu);
  }
  for (size_t d = 1; d < n; ++d) {
    if (d != 5) {
      EXPECT_EQ(find(d), find(0)) << d;
    }
  }
}

}  // namespace
}  // namespace storyline::dedup
